"""migrate.dodo.client on httpx.MockTransport: no network, and a fake clock so nothing waits."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from migrate import __version__
from migrate.dodo.client import BASE_URLS, DodoClient, RateLimiter, resolve_base_url
from migrate.dodo.retry import MAX_RETRY_AFTER, parse_retry_after
from migrate.errors import ConfigError, DodoAmbiguousError, DodoAPIError, DodoError

KEY = "sk_test_SECRET_abc123"
BASE = "https://test.dodopayments.com"
Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """Monotonic time that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def wall(self) -> float:
        return 1_700_000_000.0 + self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


def make_client(
    handler: Handler,
    clock: FakeClock | None = None,
    *,
    per_second: int = 0,
    per_minute: int = 0,
    **kwargs: Any,
) -> tuple[DodoClient, FakeClock]:
    clock = clock or FakeClock()
    limiter = RateLimiter(per_second, per_minute, clock=clock, sleep=clock.sleep, wall=clock.wall)
    client = DodoClient(
        KEY,
        base_url=BASE,
        transport=httpx.MockTransport(handler),
        limiter=limiter,
        sleep=clock.sleep,
        **kwargs,
    )
    return client, clock


class Recorder:
    """A handler answering from a script of responses (or exceptions), recording requests."""

    def __init__(self, *script: Any) -> None:
        self.script = list(script)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(step, type) and issubclass(step, Exception):
            raise step("boom", request=request)  # type: ignore[call-arg]
        assert isinstance(step, httpx.Response)
        return step


def ok(body: Any = None, **kwargs: Any) -> httpx.Response:
    return httpx.Response(200, json={"ok": True} if body is None else body, **kwargs)


def err(status: int, code: str = "X", message: str = "m", **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message}, **kwargs)


# ---- transport basics ------------------------------------------------------------------------


def test_auth_header_base_url_user_agent_and_json_body() -> None:
    rec = Recorder(ok({"product_id": "pdt_1"}))
    client, _ = make_client(rec)
    assert client.create_product({"name": "Pro"}) == {"product_id": "pdt_1"}
    request = rec.requests[0]
    assert str(request.url) == f"{BASE}/products"
    assert request.method == "POST"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["user-agent"] == f"stripe2dodo/{__version__}"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"name": "Pro"}
    assert "idempotency-key" not in request.headers


def test_typed_methods_hit_the_documented_paths() -> None:
    rec = Recorder(ok({"id": "x"}))
    client, _ = make_client(rec)
    client.get_product("pdt_1")
    client.create_localized_price("pdt_1", {"amount": 100, "currency": "EUR"})
    client.create_discount({"amount": 1000, "type": "percentage"})
    client.get_discount("dsc_1")
    client.create_customer({"email": "a@b.c", "name": "A"})
    client.get_customer("cus_1")
    client.create_checkout({"product_cart": []})
    client.preview_checkout({"product_cart": []})
    client.get_checkout("cks_1")
    client.send("POST", "/products/pdt_1/unarchive", None)
    got = [(r.method, r.url.path) for r in rec.requests]
    assert got == [
        ("GET", "/products/pdt_1"),
        ("POST", "/products/pdt_1/localized-prices"),
        ("POST", "/discounts"),
        ("GET", "/discounts/dsc_1"),
        ("POST", "/customers"),
        ("GET", "/customers/cus_1"),
        ("POST", "/checkouts"),
        ("POST", "/checkouts/preview"),
        ("GET", "/checkouts/cks_1"),
        ("POST", "/products/pdt_1/unarchive"),
    ]


def test_update_product_reads_back_after_an_empty_patch() -> None:
    rec = Recorder(httpx.Response(200), ok({"product_id": "pdt_1", "name": "New"}))
    client, _ = make_client(rec)
    assert client.update_product("pdt_1", {"name": "New"}) == {"product_id": "pdt_1", "name": "New"}
    assert [(r.method, r.url.path) for r in rec.requests] == [
        ("PATCH", "/products/pdt_1"),
        ("GET", "/products/pdt_1"),
    ]


def test_ids_are_one_path_segment_and_absolute_urls_are_refused() -> None:
    rec = Recorder(ok())
    client, _ = make_client(rec)
    client.get_customer("a/../b?x=1")
    assert rec.requests[0].url.raw_path == b"/customers/a%2F..%2Fb%3Fx%3D1"
    for bad in ("https://evil.example/x", "//evil.example/x", "products"):
        with pytest.raises(DodoError, match="must start with a single"):
            client.send("POST", bad, {})
    assert len(rec.requests) == 1


def test_a_bare_list_answer_is_wrapped_as_items() -> None:
    client, _ = make_client(Recorder(httpx.Response(200, json=[{"id": 1}])))
    assert client.send("GET", "/products/p/localized-prices", None) == {"items": [{"id": 1}]}


# ---- pagination ------------------------------------------------------------------------------


def paged(total: int) -> tuple[Handler, list[dict[str, str]]]:
    items = [{"id": f"obj_{i}", "metadata": {"n": str(i)}} for i in range(total)]
    seen: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        query = dict(request.url.params)
        seen.append(query)
        page, size = int(query["page_number"]), int(query["page_size"])
        return httpx.Response(200, json={"items": items[page * size : (page + 1) * size]})

    return handler, seen


@pytest.mark.parametrize(
    ("total", "pages"),
    [(0, ["0"]), (100, ["0", "1"]), (101, ["0", "1"]), (250, ["0", "1", "2"])],
)
def test_pagination_is_zero_based_and_requests_page_1(total: int, pages: list[str]) -> None:
    handler, seen = paged(total)
    client, _ = make_client(handler)
    got = list(client.iter_products(archived=False, brand_id=None))
    assert [item["id"] for item in got] == [f"obj_{i}" for i in range(total)]
    assert [q["page_number"] for q in seen] == pages
    assert all(q["page_size"] == "100" for q in seen)
    assert all(q["archived"] == "false" and "brand_id" not in q for q in seen)


def test_customers_filter_by_email_and_pages_go_to_the_right_path() -> None:
    rec = Recorder(ok({"items": [{"customer_id": "cus_1"}]}))
    client, _ = make_client(rec)
    assert list(client.iter_customers(email="a@b.c")) == [{"customer_id": "cus_1"}]
    assert rec.requests[0].url.path == "/customers"
    assert rec.requests[0].url.params["email"] == "a@b.c"


def test_a_server_that_ignores_page_number_is_caught() -> None:
    full = {"items": [{"id": i} for i in range(100)]}
    client, _ = make_client(Recorder(ok(full)))
    with pytest.raises(DodoError, match="repeats page 0"):
        list(client.iter_discounts())


def test_find_by_metadata_scans_every_page_and_prefers_the_oldest() -> None:
    items = [{"product_id": f"p{i}", "metadata": {}, "created_at": "2025"} for i in range(150)]
    items[120] = {"product_id": "late", "metadata": {"k": "v"}, "created_at": "2025-02"}
    items[130] = {"product_id": "early", "metadata": {"k": "v"}, "created_at": "2025-01"}

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page_number"])
        return httpx.Response(200, json={"items": items[page * 100 : (page + 1) * 100]})

    client, _ = make_client(handler)
    assert client.find_by_metadata("product", "k", "v") == items[130]
    assert client.find_by_metadata("product", "k", "nope") is None


def test_get_discount_by_code_answers_none_on_404_only() -> None:
    rec = Recorder(err(404, "NOT_FOUND", "no such code"), err(403, "FORBIDDEN", "read only"))
    client, _ = make_client(rec)
    assert client.get_discount_by_code("SAVE 10") is None
    assert rec.requests[0].url.raw_path == b"/discounts/code/SAVE%2010"
    with pytest.raises(DodoAPIError) as caught:
        client.get_discount_by_code("SAVE10")
    assert caught.value.status == 403


# ---- retries ---------------------------------------------------------------------------------


def test_429_with_retry_after_waits_that_long_then_succeeds() -> None:
    rec = Recorder(err(429, "TOO_MANY_REQUESTS", "slow", headers={"Retry-After": "3"}), ok())
    client, clock = make_client(rec)
    assert client.create_customer({"email": "a@b.c", "name": "A"}) == {"ok": True}
    assert clock.sleeps == [3.0]
    assert len(rec.requests) == 2  # a 429 was not processed: safe to repeat even a create


def test_429_pauses_the_shared_limiter_for_every_thread() -> None:
    """The client's own sleep is a no-op here: the limiter alone must hold the retry back."""
    clock = FakeClock()
    limiter = RateLimiter(0, 0, clock=clock, sleep=clock.sleep)
    rec = Recorder(err(429, headers={"retry-after-ms": "2500"}), ok())
    client_sleeps: list[float] = []
    client = DodoClient(
        KEY,
        base_url=BASE,
        transport=httpx.MockTransport(rec),
        limiter=limiter,
        sleep=client_sleeps.append,
    )
    client.get_product("pdt_1")
    assert client_sleeps == [2.5]
    assert clock.sleeps == [2.5]  # the retry's acquire() waited out the pause


def test_429_without_a_hint_backs_off_with_jitter_and_gives_up_with_the_429() -> None:
    rec = Recorder(err(429, "TOO_MANY_REQUESTS", "slow"))
    client, clock = make_client(rec, max_attempts=4)
    with pytest.raises(DodoAPIError) as caught:
        client.create_product({"name": "x"})
    assert caught.value.status == 429 and caught.value.code == "TOO_MANY_REQUESTS"
    assert len(rec.requests) == 4
    assert len(clock.sleeps) == 3
    for n, slept in enumerate(clock.sleeps):
        assert 0.75 * 0.5 * 2**n <= slept <= 0.5 * 2**n


def test_503_on_a_get_is_retried() -> None:
    rec = Recorder(err(503), err(502), ok({"product_id": "pdt_1"}))
    client, clock = make_client(rec)
    assert client.get_product("pdt_1") == {"product_id": "pdt_1"}
    assert len(rec.requests) == 3 and len(clock.sleeps) == 2


def test_503_on_a_get_raises_the_last_error_after_the_last_attempt() -> None:
    rec = Recorder(err(503, "SERVICE_UNAVAILABLE", "down"))
    client, _ = make_client(rec, max_attempts=3)
    with pytest.raises(DodoAPIError) as caught:
        client.get_product("pdt_1")
    assert (caught.value.status, caught.value.code, caught.value.dodo_message) == (
        503,
        "SERVICE_UNAVAILABLE",
        "down",
    )
    assert len(rec.requests) == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_on_a_create_is_ambiguous_after_one_attempt(status: int) -> None:
    rec = Recorder(err(status, "INTERNAL", "oops"), ok())
    client, clock = make_client(rec)
    with pytest.raises(DodoAmbiguousError) as caught:
        client.create_product({"name": "x"})
    assert len(rec.requests) == 1 and clock.sleeps == []
    assert caught.value.method == "POST" and caught.value.path == "/products"
    assert f"{status} INTERNAL: oops" in str(caught.value)


def test_idempotent_send_is_retried_like_a_get() -> None:
    rec = Recorder(err(503), ok({"done": True}))
    client, _ = make_client(rec)
    assert client.send("PATCH", "/discounts/d1", {"name": "x"}, idempotent=True) == {"done": True}
    assert len(rec.requests) == 2


@pytest.mark.parametrize("exc", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_a_connection_error_before_sending_is_retried_even_for_a_create(exc: type) -> None:
    rec = Recorder(exc, exc, ok({"customer_id": "cus_1"}))
    client, clock = make_client(rec)
    assert client.create_customer({"email": "a@b.c", "name": "A"}) == {"customer_id": "cus_1"}
    assert len(rec.requests) == 3 and len(clock.sleeps) == 2


def test_connection_errors_to_the_end_raise_a_dodo_error_not_httpx() -> None:
    client, _ = make_client(Recorder(httpx.ConnectError), max_attempts=2)
    with pytest.raises(DodoError, match="could not reach Dodo") as caught:
        client.create_checkout({})
    assert not isinstance(caught.value, DodoAmbiguousError)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.RemoteProtocolError]
)
def test_a_failure_after_sending_a_create_is_ambiguous(exc: type) -> None:
    rec = Recorder(exc, ok())
    client, clock = make_client(rec)
    with pytest.raises(DodoAmbiguousError, match="may have been carried out"):
        client.create_discount({"amount": 1000, "type": "percentage"})
    assert len(rec.requests) == 1 and clock.sleeps == []


def test_a_read_timeout_on_a_get_is_retried() -> None:
    rec = Recorder(httpx.ReadTimeout, ok({"id": "cks_1"}))
    client, _ = make_client(rec)
    assert client.get_checkout("cks_1") == {"id": "cks_1"}
    assert len(rec.requests) == 2


def test_an_unreadable_2xx_to_a_create_is_ambiguous() -> None:
    client, _ = make_client(Recorder(httpx.Response(201, text="<html>created</html>")))
    with pytest.raises(DodoAmbiguousError):
        client.create_product({"name": "x"})


def test_422_is_a_dodo_api_error_and_is_not_retried() -> None:
    rec = Recorder(err(422, "INVALID_PERCENTAGE", "amount above 10000"))
    client, clock = make_client(rec)
    with pytest.raises(DodoAPIError) as caught:
        client.create_discount({"amount": 20000, "type": "percentage"})
    error = caught.value
    assert (error.status, error.code, error.dodo_message) == (
        422,
        "INVALID_PERCENTAGE",
        "amount above 10000",
    )
    assert not error.retryable
    assert str(error).startswith("POST /discounts: Dodo answered 422 INVALID_PERCENTAGE")
    assert len(rec.requests) == 1 and clock.sleeps == []


def test_a_non_json_500_body_is_handled() -> None:
    rec = Recorder(httpx.Response(500, text="<html>\n Internal   Server Error </html>"))
    client, _ = make_client(rec)
    with pytest.raises(DodoAPIError) as caught:
        client.get_customer("cus_1")
    assert caught.value.status == 500 and caught.value.code is None
    assert caught.value.dodo_message == "<html> Internal Server Error </html>"
    assert len(rec.requests) == client.max_attempts  # a read is retried on any 5xx, then reported


def test_an_empty_error_body_falls_back_to_the_reason_phrase() -> None:
    client, _ = make_client(Recorder(httpx.Response(404)))
    with pytest.raises(DodoAPIError, match="404: Not Found"):
        client.get_product("pdt_1")


def test_every_attempt_acquires_the_rate_limiter() -> None:
    rec = Recorder(err(503), err(503), ok())
    client, _ = make_client(rec)
    client.get_product("pdt_1")
    assert client.limiter.acquired == 3


# ---- the rate limiter ------------------------------------------------------------------------


def test_limiter_enforces_10_per_second_and_100_per_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    start = clock.now
    stamps = []
    for _ in range(250):
        limiter.acquire()
        stamps.append(clock.now)
    assert clock.now - start >= 120.0  # 100 + 100 + 50: the third batch starts 2 minutes in
    assert clock.now - start < 130.0
    eps = 1e-6
    for i, t in enumerate(stamps):
        assert sum(1 for s in stamps[i:] if s < t + 1.0 - eps) <= 10
        assert sum(1 for s in stamps[i:] if s < t + 60.0 - eps) <= 100


def test_limiter_burst_alone() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_second=10, per_minute=0, clock=clock, sleep=clock.sleep)
    for _ in range(10):
        assert limiter.acquire() == 0.0
    assert limiter.acquire() == pytest.approx(1.0)


def test_limiter_zero_disables() -> None:
    clock = FakeClock()
    limiter = RateLimiter(0, 0, clock=clock, sleep=clock.sleep)
    for _ in range(1000):
        limiter.acquire()
    assert clock.sleeps == []


def test_limiter_pause_is_honoured() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.pause(5.0)
    limiter.pause(2.0)  # a shorter pause never shortens a longer one
    assert limiter.acquire() == pytest.approx(5.0)
    assert limiter.acquire() == 0.0


def test_limiter_follows_ratelimit_headers() -> None:
    clock = FakeClock()
    limiter = RateLimiter(0, 0, clock=clock, sleep=clock.sleep, wall=clock.wall)
    limiter.update_from_headers({"X-RateLimit-Remaining": "3", "X-RateLimit-Reset": "9"})
    assert limiter.acquire() == 0.0
    limiter.update_from_headers({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "4"})
    assert limiter.acquire() == pytest.approx(4.0)
    epoch_reset = clock.wall() + 7
    limiter.update_from_headers(
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": f"{epoch_reset}"}
    )
    assert limiter.acquire() == pytest.approx(7.0)


def test_limiter_fractional_rate_spaces_requests_out() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_second=0.5, per_minute=0, clock=clock, sleep=clock.sleep)
    assert [limiter.acquire() for _ in range(3)] == [0.0, pytest.approx(2.0), pytest.approx(2.0)]
    limiter = RateLimiter(per_second=2.5, per_minute=0, clock=clock, sleep=clock.sleep)
    start = clock.now
    for _ in range(26):
        limiter.acquire()
    assert clock.now - start == pytest.approx(9.6)  # 2 per 0.8 s: the 13th pair waits 12 x 0.8 s


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), True, "10"])
def test_limiter_rejects_bad_limits(bad: Any) -> None:
    with pytest.raises(ConfigError):
        RateLimiter(per_second=bad)


def test_parse_retry_after_forms() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after({"Retry-After": "2"}) == 2.0
    assert parse_retry_after({"retry-after-ms": "1500", "Retry-After": "9"}) == 1.5
    assert parse_retry_after({"Retry-After": formatdate(now + 10, usegmt=True)}, now=now) == 10.0
    assert parse_retry_after({"Retry-After": formatdate(now - 10, usegmt=True)}, now=now) == 0.0
    assert parse_retry_after({"Retry-After": "86400"}) == MAX_RETRY_AFTER
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({"Retry-After": "-1"}) is None
    assert parse_retry_after({}) is None


# ---- threads ---------------------------------------------------------------------------------


def test_one_client_shared_by_8_threads() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"customer_id": request.url.path.rsplit("/", 1)[-1]})

    client, _ = make_client(handler)
    failures: list[str] = []

    def work(thread: int) -> None:
        for i in range(50):
            wanted = f"cus_{thread}_{i}"
            got = client.get_customer(wanted)["customer_id"]
            if got != wanted:
                failures.append(f"{wanted} -> {got}")

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert client.limiter.acquired == 400


def test_threads_share_the_limiter() -> None:
    clock = FakeClock()
    client, _ = make_client(lambda r: ok(), clock, per_second=10, per_minute=100)
    threads = [
        threading.Thread(target=lambda: [client.get_product("p") for _ in range(15)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert client.limiter.acquired == 120
    assert clock.now - 1000.0 >= 60.0  # 120 requests cannot fit in one minute


# ---- the key stays secret --------------------------------------------------------------------


def test_the_key_never_shows() -> None:
    answers = Recorder(
        err(401, "UNAUTHORIZED", f"bad key {KEY}"),
        httpx.Response(400, text=f"Authorization: Bearer {KEY}"),
        httpx.ReadTimeout,
        httpx.ConnectError,
    )
    client, _ = make_client(answers, max_attempts=1)
    assert KEY not in repr(client) and KEY not in str(client)
    errors: list[BaseException] = []
    calls: tuple[Callable[[], object], ...] = (
        lambda: client.get_product("p"),
        lambda: client.get_product("p"),
        lambda: client.create_product({}),
        lambda: client.get_product("p"),
    )
    for call in calls:
        with pytest.raises(DodoError) as caught:
            call()
        errors.append(caught.value)
    for error in errors:
        text = f"{error!s} {error!r} {getattr(error, 'hint', '')} {error.args}"
        assert KEY not in text
        # nothing chained: an httpx exception's request would carry the Authorization header
        assert error.__cause__ is None and error.__context__ is None
    with pytest.raises(ConfigError, match="DODO_PAYMENTS_API_KEY"):
        DodoClient("", base_url=BASE)
    with pytest.raises(ConfigError, match="DODO_PAYMENTS_API_KEY") as caught_config:
        DodoClient(f"a b{KEY}", base_url=BASE)
    assert KEY not in str(caught_config.value)


# ---- base URL --------------------------------------------------------------------------------


def test_resolve_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DODO_PAYMENTS_BASE_URL", raising=False)
    assert resolve_base_url("test", None) == BASE_URLS["test"] == "https://test.dodopayments.com"
    assert resolve_base_url("live", None) == "https://live.dodopayments.com"
    assert resolve_base_url("live", "http://localhost:8080/") == "http://localhost:8080"
    monkeypatch.setenv("DODO_PAYMENTS_BASE_URL", "https://mock.example/api")
    assert resolve_base_url("live", None) == "https://mock.example/api"
    assert resolve_base_url("live", "https://option.example") == "https://option.example"
    for bad in ("ftp://x.example", "not a url", "/relative", "https://user:pw@x.example"):
        with pytest.raises(ConfigError):
            resolve_base_url("test", bad)
    monkeypatch.setenv("DODO_PAYMENTS_BASE_URL", "file:///etc/passwd")
    with pytest.raises(ConfigError, match="DODO_PAYMENTS_BASE_URL"):
        resolve_base_url("test", None)

"""A small, thread-safe HTTP client for the Dodo Payments REST API (plain ``httpx``).

Why not the official SDK: it retries creates blindly (409, 5xx, timeouts) although Dodo has no
idempotency header, and its auto-pager skips page 1 (requests pages 0, 2, 3, ...).

Failure classification, in one place (``DodoClient._attempt``), retried by the one tenacity
policy (``migrate.dodo.retry``). A request is *safe* when it is a GET or marked
``idempotent=True``.

=============================================  ===========================  ====================
what happened                                   safe request                 create (not safe)
=============================================  ===========================  ====================
ConnectError / ConnectTimeout / PoolTimeout     retry                        retry (nothing sent)
429                                             retry (Retry-After/backoff)  retry (not processed)
any 5xx                                         retry (a read is harmless)   DodoAmbiguousError
read/write timeout, reset, protocol error       retry                        DodoAmbiguousError
2xx whose body cannot be read                   DodoError                    DodoAmbiguousError
other 4xx (and 3xx)                             DodoAPIError                 DodoAPIError
other transport errors (proxy, bad URL scheme)  DodoError                    DodoError
=============================================  ===========================  ====================

When the attempts run out, the last error is raised (``DodoAPIError`` for a status, a plain
``DodoError`` for a transport failure). Every attempt first acquires the ``RateLimiter``; a 429
also pauses the limiter, so every thread sharing it holds back, not only the one that was told.

The API key lives only in the ``httpx.Client`` headers: no message, repr, log line or exception
contains it (error texts from Dodo are scrubbed too, and transport exceptions are not chained,
since their ``request`` carries the header).
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal
from urllib.parse import quote, unquote, urlsplit

import httpx

from migrate import __version__
from migrate.dodo.interface import MetadataKind
from migrate.dodo.retry import Retry, parse_retry_after, with_retries
from migrate.errors import ConfigError, DodoAmbiguousError, DodoAPIError, DodoError

__all__ = [
    "BASE_URLS",
    "PAGE_SIZE",
    "DodoClient",
    "RateLimiter",
    "is_live_url",
    "resolve_base_url",
]

log = logging.getLogger(__name__)

BASE_URLS: dict[str, str] = {
    "test": "https://test.dodopayments.com",
    "live": "https://live.dodopayments.com",
}
API_KEY_ENV = "DODO_PAYMENTS_API_KEY"
BASE_URL_ENV = "DODO_PAYMENTS_BASE_URL"
PAGE_SIZE = 100
"""Dodo's maximum ``page_size``."""
USER_AGENT = f"stripe2dodo/{__version__}"

_EPSILON = 1e-6

_PRE_SEND = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Transport errors raised before the request left this machine: always safe to retry."""
_AFTER_SEND = (
    httpx.TimeoutException,  # ReadTimeout, WriteTimeout (pre-send timeouts are caught first)
    httpx.NetworkError,  # ReadError, WriteError, CloseError: the connection broke mid-way
    httpx.RemoteProtocolError,  # the server hung up or answered garbage
    httpx.DecodingError,  # an answer came but could not be decoded
)
"""Transport errors after (part of) the request was sent: Dodo may have carried it out."""
_GATEWAY = (502, 503, 504)
_SAFE_METHODS = frozenset({"GET", "HEAD"})


def resolve_base_url(mode: Literal["test", "live"], override: str | None = None) -> str:
    """The API base URL: ``override`` (an option), else ``$DODO_PAYMENTS_BASE_URL``, else the
    URL of ``mode``. An override must be an absolute http(s) URL; a trailing ``/`` is dropped."""
    chosen = override or os.environ.get(BASE_URL_ENV) or None
    if chosen is None:
        if mode not in BASE_URLS:
            raise ConfigError(f"unknown Dodo mode {mode!r}", hint="use test or live")
        return BASE_URLS[mode]
    source = "the base URL option" if override else BASE_URL_ENV
    try:
        url = httpx.URL(chosen.strip())
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigError(
            f"{source} is not a URL: {exc}", hint="e.g. https://test.dodopayments.com"
        ) from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigError(
            f"{source} must be an absolute http(s) URL, got scheme {url.scheme or 'none'!r}",
            hint="e.g. https://test.dodopayments.com",
        )
    if url.userinfo:
        raise ConfigError(f"{source} must not contain a user name or password")
    return str(url).rstrip("/")


def is_live_url(url: str) -> bool:
    """Whether a base URL reaches Dodo's live mode, however it is spelled: any case, port,
    trailing dot or slash, scheme, or percent-escapes in the host. A URL that does not parse
    is not live (``resolve_base_url`` refuses it)."""
    try:
        host = httpx.URL(url.strip()).host
    except (httpx.InvalidURL, TypeError):
        return False
    return unquote(host).lower().rstrip(".") == urlsplit(BASE_URLS["live"]).hostname


class _Window:
    """A sliding window: at most ``count`` acquisitions in any ``span`` seconds. A rate of
    ``rate`` per ``period`` becomes ``count = max(1, floor(rate))`` per ``count / rate`` periods,
    so whole rates are exact (10/s: 10 in any 1 s) and fractional ones work (0.5/s: 1 in 2 s)."""

    def __init__(self, rate: float, period: float) -> None:
        self.count = max(1, math.floor(rate))
        self.span = period * self.count / rate
        self.stamps: deque[float] = deque()

    def wait(self, now: float) -> float:
        while self.stamps and self.stamps[0] + self.span <= now + _EPSILON:
            self.stamps.popleft()
        if len(self.stamps) < self.count:
            return 0.0
        return self.stamps[-self.count] + self.span - now


class RateLimiter:
    """Client-side limits, shared by threads: at most ``per_second`` acquisitions in any 1 s
    window and ``per_minute`` in any 60 s window (sliding windows; 0 disables a limit; a
    fractional rate such as 0.5/s spaces requests out). Defaults are Dodo's documented limits,
    10/s burst and 100/min.

    It also obeys the server: ``pause(seconds)`` holds every caller back (429 with a wait), and
    ``update_from_headers`` pauses until ``X-RateLimit-Reset`` once ``X-RateLimit-Remaining``
    reaches 0. ``clock`` (monotonic), ``wall`` (epoch seconds) and ``sleep`` are injectable.
    """

    def __init__(
        self,
        per_second: float = 10,
        per_minute: float = 100,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall: Callable[[], float] = time.time,
        max_pause: float = 300.0,
    ) -> None:
        windows: list[_Window] = []
        for name, value, period in (
            ("per_second", per_second, 1.0),
            ("per_minute", per_minute, 60.0),
        ):
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not math.isfinite(value)
                or value < 0
            ):
                raise ConfigError(f"rate limit {name} must be a number >= 0, got {value!r}")
            if value:
                windows.append(_Window(value, period))
        self.per_second = per_second
        self.per_minute = per_minute
        self._windows = tuple(windows)
        self._clock = clock
        self._sleep = sleep
        self._wall = wall
        self._max_pause = max_pause
        self._lock = threading.Lock()
        self._paused_until = -math.inf
        self.acquired = 0
        """How many acquisitions were granted (for tests and statistics)."""

    def __repr__(self) -> str:
        return f"RateLimiter(per_second={self.per_second}, per_minute={self.per_minute})"

    def acquire(self) -> float:
        """Block until one more request may be sent; returns the seconds spent waiting."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                wait = max([self._paused_until - now, *(w.wait(now) for w in self._windows)])
                if wait <= _EPSILON:
                    for window in self._windows:
                        window.stamps.append(now)
                    self.acquired += 1
                    return waited
            self._sleep(wait)  # outside the lock: other threads may pause or acquire meanwhile
            waited += wait

    def pause(self, seconds: float) -> None:
        """Let no acquisition through for ``seconds`` from now (capped at ``max_pause``)."""
        if not math.isfinite(seconds) or seconds <= 0:
            return
        seconds = min(seconds, self._max_pause)
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def update_from_headers(self, headers: Mapping[str, str]) -> None:
        """Follow ``X-RateLimit-Remaining``/``X-RateLimit-Reset`` when Dodo sends them: with
        nothing remaining, pause until the reset (seconds from now, or an epoch time)."""
        lower = {k.lower(): v for k, v in headers.items()}
        try:
            remaining = float(lower["x-ratelimit-remaining"])
        except (KeyError, ValueError):
            return
        if not math.isfinite(remaining) or remaining >= 1:
            return
        delay = 1.0
        raw_reset = lower.get("x-ratelimit-reset")
        if raw_reset is not None:
            try:
                reset = float(raw_reset)
            except ValueError:
                reset = math.nan
            if math.isfinite(reset):
                delay = reset - self._wall() if reset > 1e9 else reset
        self.pause(delay if delay > 0 else 1.0)


class DodoClient:
    """Dodo's REST API with rate limiting, careful retries and 0-based pagination.

    Methods return plain dicts (JSON objects). One instance is safe to share between threads.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        limiter: RateLimiter | None = None,
        max_attempts: int = 5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        key = (api_key or "").strip()
        if not key:
            raise ConfigError(
                f"no Dodo API key: {API_KEY_ENV} is empty or not set",
                hint=f"export {API_KEY_ENV} (test and live mode keys differ)",
            )
        if any(ch.isspace() or not ch.isprintable() for ch in key):
            raise ConfigError(
                f"the Dodo API key in {API_KEY_ENV} contains spaces or control characters",
                hint="copy the key again from the dashboard",
            )
        if max_attempts < 1:
            raise ConfigError(f"max_attempts must be at least 1, got {max_attempts}")
        self.base_url = base_url.rstrip("/")
        self.max_attempts = max_attempts
        self.limiter = limiter if limiter is not None else RateLimiter(sleep=sleep)
        self._sleep = sleep
        self._secret = key
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            headers={
                "Authorization": f"Bearer {key}",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
        )

    def __repr__(self) -> str:
        return f"DodoClient(base_url={self.base_url!r}, max_attempts={self.max_attempts})"

    __str__ = __repr__

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DodoClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- generic ---------------------------------------------------------------------------

    def send(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        idempotent: bool = False,
        params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """One request (a plan operation's method, path and body). Only GET and requests marked
        ``idempotent`` are retried after an ambiguous failure; see the module docstring."""
        return self._request(method, path, body=body, params=params, idempotent=idempotent)

    def iter_pages(
        self, path: str, params: Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every item of a page-number list: ``page_number`` 0, 1, 2, ... with ``page_size``
        100, until an empty or short page. (Never the SDK's 0, 2, 3, ... sequence.)"""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        query.pop("page_number", None)
        query["page_size"] = PAGE_SIZE
        previous: list[Any] | None = None
        page = 0
        while True:
            answer = self._request("GET", path, params={**query, "page_number": page})
            items = answer.get("items")
            if not isinstance(items, list):
                raise DodoError(f"GET {path}: the list answer has no items array")
            if items and items == previous:
                raise DodoError(
                    f"GET {path}: page {page} repeats page {page - 1}",
                    hint="Dodo seems to ignore page_number; report this",
                )
            for item in items:
                if isinstance(item, dict):
                    yield item
            if len(items) < PAGE_SIZE:
                return
            previous = items
            page += 1

    # ---- products ----------------------------------------------------------------------------

    def create_product(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/products", body=body)

    def get_product(self, product_id: str) -> dict[str, Any]:
        return self._request("GET", f"/products/{_seg(product_id)}")

    def update_product(self, product_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """PATCH (it sets fields, so repeating it is safe: marked idempotent). Dodo answers with
        an empty body, so the product is read back afterwards."""
        path = f"/products/{_seg(product_id)}"
        answer = self._request("PATCH", path, body=body, idempotent=True)
        return answer or self._request("GET", path)

    def iter_products(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Filters: ``archived``, ``brand_id``, ``recurring``, ``locale``."""
        return self.iter_pages("/products", filters)

    def create_localized_price(self, product_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._request("POST", f"/products/{_seg(product_id)}/localized-prices", body=body)

    # ---- discounts ---------------------------------------------------------------------------

    def create_discount(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/discounts", body=body)

    def get_discount(self, discount_id: str) -> dict[str, Any]:
        return self._request("GET", f"/discounts/{_seg(discount_id)}")

    def get_discount_by_code(self, code: str) -> dict[str, Any] | None:
        """The discount with this code, or None when Dodo answers 404."""
        try:
            return self._request("GET", f"/discounts/code/{_seg(code)}")
        except DodoAPIError as exc:
            if exc.status == 404:
                return None
            raise

    def iter_discounts(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Filters: ``active``, ``code`` (partial), ``discount_type``, ``product_id``."""
        return self.iter_pages("/discounts", filters)

    # ---- customers ---------------------------------------------------------------------------

    def create_customer(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/customers", body=body)

    def get_customer(self, customer_id: str) -> dict[str, Any]:
        return self._request("GET", f"/customers/{_seg(customer_id)}")

    def iter_customers(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Filters: ``email``, ``name`` (partial), ``created_at_gte``, ``created_at_lte``."""
        return self.iter_pages("/customers", filters)

    # ---- checkout sessions -------------------------------------------------------------------

    def create_checkout(self, body: Mapping[str, Any]) -> dict[str, Any]:
        return self._request("POST", "/checkouts", body=body)

    def preview_checkout(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """``POST /checkouts/preview`` creates nothing, so it is retried like a GET."""
        return self._request("POST", "/checkouts/preview", body=body, idempotent=True)

    def get_checkout(self, session_id: str) -> dict[str, Any]:
        return self._request("GET", f"/checkouts/{_seg(session_id)}")

    # ---- subscriptions -----------------------------------------------------------------------

    def iter_subscriptions(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Filters: ``status``, ``customer_id``, ``product_id``, ``cancel_at_next_billing_date``,
        ``created_at_gte``, ``created_at_lte``."""
        return self.iter_pages("/subscriptions", filters)

    def get_subscription(self, subscription_id: str) -> dict[str, Any]:
        return self._request("GET", f"/subscriptions/{_seg(subscription_id)}")

    def update_subscription(self, subscription_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """PATCH (it sets fields, so repeating it is safe: marked idempotent)."""
        path = f"/subscriptions/{_seg(subscription_id)}"
        return self._request("PATCH", path, body=body, idempotent=True)

    # ---- reconciliation ----------------------------------------------------------------------

    def find_by_metadata(self, kind: MetadataKind, key: str, value: str) -> dict[str, Any] | None:
        """The object of ``kind`` whose ``metadata[key] == value``, by listing them all (Dodo
        cannot search metadata). With several matches (duplicates from an earlier run), the
        oldest by ``created_at`` is returned and a warning logged. Archived products are not
        listed by Dodo's default and so are not found."""
        listers: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
            "product": self.iter_products,
            "discount": self.iter_discounts,
            "customer": self.iter_customers,
        }
        if kind not in listers:
            raise ValueError(f"find_by_metadata: unknown kind {kind!r}")
        matches = [
            obj
            for obj in listers[kind]()
            if isinstance(obj.get("metadata"), dict) and obj["metadata"].get(key) == value
        ]
        if not matches:
            return None
        if len(matches) > 1:
            log.warning(
                "%d Dodo %ss have metadata %s=%s: using the oldest", len(matches), kind, key, value
            )
        return min(matches, key=lambda obj: str(obj.get("created_at") or ""))

    # ---- one request, retried by migrate.dodo.retry -----------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        idempotent: bool = False,
    ) -> dict[str, Any]:
        method = method.upper()
        if not path.startswith("/") or path.startswith("//"):
            # an absolute URL would make httpx ignore base_url and send the key elsewhere
            raise DodoError(f"{method} {path!r}: a Dodo API path must start with a single '/'")
        safe = method in _SAFE_METHODS or idempotent
        return with_retries(
            lambda: self._attempt(method, path, body, params, safe),
            max_attempts=self.max_attempts,
            sleep=self._sleep,
            on_throttle=self.limiter.pause,
        )

    def _attempt(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None,
        params: Mapping[str, Any] | None,
        safe: bool,
    ) -> dict[str, Any]:
        """One attempt: returns the JSON answer, raises ``Retry`` for a failure that is safe
        to retry, or the final ``DodoError``. Errors are built outside ``except`` blocks so no
        httpx exception (whose request carries the key) is chained to them."""
        self.limiter.acquire()
        where = f"{method} {path}"
        failure: httpx.RequestError | None = None
        response: httpx.Response | None = None
        try:
            response = self._http.request(
                method, path, json=dict(body) if body is not None else None, params=params
            )
        except httpx.RequestError as exc:
            failure = exc
        if failure is not None or response is None:
            raise self._transport_error(where, failure, safe)

        self.limiter.update_from_headers(response.headers)
        status = response.status_code
        if 200 <= status < 300:
            parsed = self._parse_success(response, where, safe)
            log.debug("%s -> %d", where, status)
            return parsed
        error = self._api_error(response, method, path)
        if status == 429:
            raise Retry(error, delay=parse_retry_after(response.headers), throttled=True)
        if status >= 500 and not safe:
            raise DodoAmbiguousError(
                f"{error.message.removeprefix(where + ': ')}; the request may have been carried "
                "out",
                method=method,
                path=path,
            )
        if status >= 500:  # a safe request: repeating it changes nothing
            raise Retry(error, delay=parse_retry_after(response.headers))
        raise error

    def _transport_error(
        self, where: str, failure: httpx.RequestError | None, safe: bool
    ) -> DodoError | Retry:
        method, _, path = where.partition(" ")
        what = self._scrub(f"{type(failure).__name__}: {failure}" if failure else "no answer")
        if isinstance(failure, _PRE_SEND):
            return Retry(
                DodoError(
                    f"{where}: could not reach Dodo at {self.base_url} ({what})",
                    hint=f"check the network and {BASE_URL_ENV}",
                )
            )
        if isinstance(failure, _AFTER_SEND):
            if not safe:
                return DodoAmbiguousError(
                    f"no complete answer from Dodo ({what}); the request may have been carried out",
                    method=method,
                    path=path,
                )
            return Retry(DodoError(f"{where}: no complete answer from Dodo ({what})"))
        return DodoError(f"{where}: request failed ({what})")

    def _parse_success(self, response: httpx.Response, where: str, safe: bool) -> dict[str, Any]:
        text = response.text
        if not text.strip():
            return {}
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, list):
            return {"items": data}
        if isinstance(data, dict):
            return data
        message = f"Dodo answered {response.status_code} with a body that is not a JSON object"
        if not safe:
            method, _, path = where.partition(" ")
            raise DodoAmbiguousError(
                f"{message}; the request was probably carried out", method=method, path=path
            )
        raise DodoError(f"{where}: {message}")

    def _api_error(self, response: httpx.Response, method: str, path: str) -> DodoAPIError:
        code: str | None = None
        message = ""
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict):
            raw_code = data.get("code")
            code = str(raw_code) if raw_code not in (None, "") else None
            raw_message = data.get("message")
            message = str(raw_message) if raw_message not in (None, "") else ""
        if not message:
            text = " ".join(response.text.split())
            message = text[:200] + ("..." if len(text) > 200 else "") if text else ""
        if not message:
            message = response.reason_phrase or "no message"
        return DodoAPIError(
            response.status_code,
            self._scrub(code) if code else None,
            self._scrub(message),
            method=method,
            path=path,
        )

    def _scrub(self, text: str) -> str:
        return text.replace(self._secret, "[redacted]")


def _seg(value: str) -> str:
    """One path segment (an id or a code), percent-encoded so it cannot change the path."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty id, got {value!r}")
    return quote(value, safe="")

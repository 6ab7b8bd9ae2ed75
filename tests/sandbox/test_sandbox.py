"""The local Dodo sandbox, spoken to over real HTTP on 127.0.0.1 (and once in-process)."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from dodopayments import DodoPayments
from dodopayments.types import (
    CheckoutSessionPreviewResponse,
    CheckoutSessionResponse,
    CheckoutSessionStatus,
    Customer,
    Discount,
    Product,
    ProductListResponse,
)
from dodopayments.types.products import LocalizedPrice

from migrate.errors import ConfigError
from migrate.sandbox.app import KINDS, SandboxApp
from migrate.sandbox.faults import Faults
from migrate.sandbox.server import Sandbox, ready_message, serve

KEY = "sk_test_sandbox_SECRET_9f3c1d"
ID = re.compile(r"(pdt|dsc|cus|cks)_[A-Za-z0-9]{21}")


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=7) as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with _client(sandbox) as c:
        yield c


def _client(sandbox: Sandbox, key: str | None = KEY) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=sandbox.url, headers=headers, timeout=5.0)


def product_body(n: int = 0, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": f"Plan {n}",
        "tax_category": "saas",
        "price": {"type": "one_time_price", "currency": "USD", "price": 1000 + n},
        "metadata": {"stripe_price_id": f"price_{n}", "stripe2dodo_key": f"product:price_{n}"},
    }
    body.update(overrides)
    return body


def recurring_body(n: int = 0) -> dict[str, Any]:
    price = {
        "type": "recurring_price",
        "currency": "USD",
        "price": 900,
        "payment_frequency_count": 1,
        "payment_frequency_interval": "Month",
        "subscription_period_count": 20,
        "subscription_period_interval": "Year",
        "trial_period_days": 14,
    }
    return product_body(n, price=price)


def customer_body(n: int = 0) -> dict[str, Any]:
    return {
        "email": f"buyer{n}@example.com",
        "name": f"Buyer {n}",
        "metadata": {"stripe_customer_id": f"cus_S{n}"},
    }


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


def walk(client: httpx.Client, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages = []
    for number in range(10):
        response = client.get(path, params={**params, "page_number": number, "page_size": 10})
        assert response.status_code == 200
        assert set(response.json()) == {"items"}
        pages.append(response.json()["items"])
        if not pages[-1]:
            return pages
    raise AssertionError("the list never ended")


# ---- round trips and pagination ------------------------------------------------------------


def test_products_round_trip_with_zero_based_pages(sandbox: Sandbox, client: httpx.Client) -> None:
    created = []
    for n in range(25):
        response = client.post("/products", json=product_body(n))
        assert response.status_code == 201, response.text
        product = Product.model_validate(response.json())
        assert ID.fullmatch(product.product_id)
        assert product.metadata["stripe_price_id"] == f"price_{n}"
        created.append(product.product_id)

    pages = walk(client, "/products")
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    listed = [item["product_id"] for page in pages for item in page]
    assert listed == created[::-1]  # newest first, every product exactly once
    item = ProductListResponse.model_validate(pages[0][0])
    assert (item.price, item.currency, item.name) == (1024, "USD", "Plan 24")
    assert item.metadata["stripe2dodo_key"] == "product:price_24"
    assert item.price_detail is not None

    assert len(client.get("/products").json()["items"]) == 10  # default page_size
    assert client.get("/products", params={"page_size": 100}).json()["items"][0]["name"]
    assert error_of(client.get("/products", params={"page_size": 101})) == (
        422,
        "INVALID_QUERY_PARAMS",
    )
    assert error_of(client.get("/products", params={"page_number": -1}))[1] == (
        "INVALID_QUERY_PARAMS"
    )

    fetched = client.get(f"/products/{created[3]}")
    assert fetched.status_code == 200
    assert fetched.json()["metadata"] == product_body(3)["metadata"]
    assert error_of(client.get("/products/pdt_missing")) == (404, "NOT_FOUND")
    assert sandbox.count("product") == 25
    assert sandbox.requests()["GET /products/{id}"] == 2


def test_product_patch_answers_empty_and_updates(client: httpx.Client) -> None:
    product_id = client.post("/products", json=recurring_body()).json()["product_id"]
    response = client.patch(
        f"/products/{product_id}", json={"name": "Renamed", "metadata": {"a": "1"}}
    )
    assert response.status_code == 200
    assert response.content == b""
    product = Product.model_validate(client.get(f"/products/{product_id}").json())
    assert (product.name, product.metadata, product.is_recurring) == ("Renamed", {"a": "1"}, True)
    assert product.updated_at > product.created_at
    bad = client.patch(f"/products/{product_id}", json={"colour": "red"})
    assert error_of(bad) == (422, "INVALID_REQUEST_BODY")


def test_localized_prices_follow_the_pricing_mode(sandbox: Sandbox, client: httpx.Client) -> None:
    product_id = client.post("/products", json=product_body(pricing_mode="by_currency")).json()[
        "product_id"
    ]
    path = f"/products/{product_id}/localized-prices"
    created = client.post(path, json={"amount": 900, "currency": "EUR"})
    assert created.status_code == 201, created.text
    price = LocalizedPrice.model_validate(created.json())
    assert (price.product_id, price.mode, price.amount) == (product_id, "by_currency", 900)
    assert error_of(client.post(path, json={"amount": 950, "currency": "EUR"})) == (
        422,
        "LOCALIZED_PRICE_ALREADY_EXISTS",
    )
    assert error_of(client.post(path, json={"amount": 1, "currency": "USD"}))[1] == (
        "LOCALIZED_PRICE_DUPLICATES_BASE"
    )
    shape = client.post(path, json={"amount": 1, "currency": "GBP", "country_code": "GB"})
    assert error_of(shape)[1] == "LOCALIZED_PRICE_SHAPE_MISMATCH"
    assert client.get(path).json()["items"][0]["id"] == price.id

    plain = client.post("/products", json=product_body(1)).json()["product_id"]
    plain_path = f"/products/{plain}/localized-prices"
    assert error_of(client.post(plain_path, json={"amount": 900, "currency": "EUR"})) == (
        422,
        "PRODUCT_PRICING_MODE_REQUIRED",
    )
    missing = client.post(
        "/products/pdt_nope/localized-prices", json={"amount": 9, "currency": "EUR"}
    )
    assert error_of(missing) == (404, "NOT_FOUND")
    assert sandbox.count("localized_price") == 1


def test_discounts_round_trip(sandbox: Sandbox, client: httpx.Client) -> None:
    product_id = client.post("/products", json=product_body()).json()["product_id"]
    for n in range(25):
        body = {
            "amount": 100 * (n + 1),
            "type": "percentage",
            "code": f"spring{n:02d}",
            "restricted_to": [product_id] if n % 2 else None,
            "metadata": {"stripe_coupon_id": f"co_{n}"},
        }
        response = client.post("/discounts", json=body)
        assert response.status_code == 201, response.text
        discount = Discount.model_validate(response.json())
        assert discount.code == f"SPRING{n:02d}"  # stored upper-cased
        assert discount.times_used == 0
    pages = walk(client, "/discounts")
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    assert len({d["discount_id"] for page in pages for d in page}) == 25

    by_code = client.get("/discounts/code/spring07")  # any case finds it
    assert by_code.status_code == 200
    assert by_code.json()["metadata"] == {"stripe_coupon_id": "co_7"}
    assert by_code.json()["restricted_to"] == [product_id]
    by_id = client.get(f"/discounts/{by_code.json()['discount_id']}")
    assert by_id.json() == by_code.json()
    assert error_of(client.get("/discounts/code/NOPE")) == (404, "NOT_FOUND")
    assert len(client.get("/discounts", params={"code": "spring1"}).json()["items"]) == 10

    generated = client.post("/discounts", json={"amount": 500, "type": "percentage"})
    assert re.fullmatch(r"[A-Z0-9]{16}", generated.json()["code"])
    assert sandbox.count("discount") == 26


def test_discount_codes_are_unique_case_insensitively(
    sandbox: Sandbox, client: httpx.Client
) -> None:
    assert client.post("/discounts", json={"amount": 1000, "type": "percentage", "code": "Save10"})
    again = client.post("/discounts", json={"amount": 2000, "type": "percentage", "code": "sAVE10"})
    assert error_of(again) == (422, "DISCOUNT_CODE_ALREADY_EXISTS")
    assert [d["code"] for d in sandbox.objects("discount")] == ["SAVE10"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"amount": 10001, "type": "percentage"}, 422, "INVALID_PERCENTAGE"),
        ({"amount": 0, "type": "percentage"}, 422, "INVALID_PERCENTAGE"),
        ({"amount": 500, "type": "percentage", "code": "AB"}, 422, "INVALID_REQUEST_BODY"),
        ({"amount": 500, "type": "flat_per_unit"}, 422, "UNSUPPORTED_DISCOUNT_TYPE"),
        ({"amount": 500, "type": "flat"}, 422, "DISCOUNT_CURRENCY_OPTION_INVALID"),
        (
            {"amount": 500, "type": "percentage", "restricted_to": ["pdt_unknown"]},
            404,
            "NOT_FOUND",
        ),
        (
            {
                "amount": 500,
                "type": "percentage",
                "starts_at": "2030-01-02T00:00:00Z",
                "expires_at": "2030-01-01T00:00:00Z",
            },
            422,
            "INVALID_REQUEST_PARAMETERS",
        ),
    ],
)
def test_discount_rules(
    sandbox: Sandbox, client: httpx.Client, body: dict[str, Any], status: int, code: str
) -> None:
    assert error_of(client.post("/discounts", json=body)) == (status, code)
    assert sandbox.count("discount") == 0


def test_customers_round_trip(sandbox: Sandbox, client: httpx.Client) -> None:
    ids = []
    for n in range(25):
        response = client.post("/customers", json=customer_body(n))
        assert response.status_code == 201, response.text
        ids.append(Customer.model_validate(response.json()).customer_id)
    pages = walk(client, "/customers")
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    assert {c["customer_id"] for page in pages for c in page} == set(ids)

    found = client.get("/customers", params={"email": "BUYER7@example.com"}).json()["items"]
    assert [c["customer_id"] for c in found] == [ids[7]]
    assert found[0]["metadata"] == {"stripe_customer_id": "cus_S7"}
    assert client.get(f"/customers/{ids[0]}").json()["email"] == "buyer0@example.com"
    assert error_of(client.get("/customers/cus_unknown")) == (404, "NOT_FOUND")
    bad = client.post("/customers", json={"email": "not-an-email", "name": "X"})
    assert error_of(bad) == (422, "INVALID_REQUEST_BODY")
    assert sandbox.count("customer") == 25


# ---- validation and auth -------------------------------------------------------------------


BAD_PRICE = {"type": "one_time_price", "currency": "usd", "price": 100}


@pytest.mark.parametrize(
    ("body", "code", "mentions"),
    [
        (product_body(price=BAD_PRICE), "INVALID_REQUEST_BODY", "$.price.currency"),
        (product_body(colour="red"), "INVALID_REQUEST_BODY", "$.colour: not a field"),
        (product_body(name=7), "INVALID_REQUEST_BODY", "$.name"),
        ({"name": "No price", "tax_category": "saas"}, "INVALID_REQUEST_BODY", "$.price"),
        (
            product_body(price={**BAD_PRICE, "currency": "XYZ"}),
            "UNSUPPORTED_CURRENCY",
            "XYZ",
        ),
        (product_body(tax_category="physical_goods"), "UNSUPPORTED_TAX_CATEGORY", "physical"),
        (
            product_body(metadata={f"k{i}": "v" for i in range(51)}),
            "MAXIMUM_KEYS_REACHED",
            "50",
        ),
        (product_body(metadata={"bad key!": "v"}), "INVALID_REQUEST_BODY", "metadata"),
        (product_body(metadata={"k" * 41: "v"}), "INVALID_REQUEST_BODY", "metadata"),
        (product_body(metadata={"long": "x" * 501}), "INVALID_REQUEST_BODY", "500"),
        (product_body(metadata={"nested": {"a": 1}}), "INVALID_REQUEST_BODY", "metadata"),
    ],
)
def test_bad_bodies_get_422_and_create_nothing(
    sandbox: Sandbox, client: httpx.Client, body: dict[str, Any], code: str, mentions: str
) -> None:
    response = client.post("/products", json=body)
    assert error_of(response) == (422, code)
    assert mentions in response.json()["message"]
    assert sandbox.count("product") == 0


def test_a_body_that_is_not_json(client: httpx.Client) -> None:
    response = client.post("/customers", content=b"{not json", headers={"Content-Type": "x"})
    assert error_of(response) == (422, "INVALID_REQUEST_BODY")
    assert error_of(client.post("/customers", json=["a list"])) == (422, "INVALID_REQUEST_BODY")


def test_every_api_call_needs_a_bearer_key(sandbox: Sandbox) -> None:
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": f"Basic {KEY}"}):
        with httpx.Client(base_url=sandbox.url, headers=headers, timeout=5) as anonymous:
            assert error_of(anonymous.post("/customers", json=customer_body())) == (
                401,
                "UNAUTHORIZED",
            )
            assert anonymous.get("/products").status_code == 401
    assert sandbox.count("customer") == 0
    with _client(sandbox, key="any-non-empty-key") as other:
        assert other.get("/products").status_code == 200
        assert error_of(other.get("/nothing/here")) == (404, "NOT_FOUND")
        assert error_of(other.delete("/customers")) == (405, "METHOD_NOT_ALLOWED")


# ---- checkout sessions ---------------------------------------------------------------------


def test_checkout_sessions(sandbox: Sandbox, client: httpx.Client) -> None:
    product_id = client.post("/products", json=product_body()).json()["product_id"]
    unknown = client.post(
        "/checkouts", json={"product_cart": [{"product_id": "pdt_gone", "quantity": 1}]}
    )
    assert error_of(unknown) == (404, "NOT_FOUND")
    assert "pdt_gone" in unknown.json()["message"]
    empty = client.post("/checkouts", json={"product_cart": []})
    assert error_of(empty) == (422, "PRODUCT_CART_EMTPY")
    extra = client.post(
        "/checkouts",
        json={"product_cart": [{"product_id": product_id, "quantity": 1}], "success_url": "x"},
    )
    assert error_of(extra) == (422, "INVALID_REQUEST_BODY")
    assert sandbox.count("checkout") == 0

    body = {
        "product_cart": [{"product_id": product_id, "quantity": 2}],
        "customer": {"email": "a@b.co", "name": "Ann"},
        "return_url": "https://example.com/done",
        "metadata": {"client_reference_id": "order-7"},
    }
    created = client.post("/checkouts", json=body)
    assert created.status_code == 201, created.text
    session = CheckoutSessionResponse.model_validate(created.json())
    assert ID.fullmatch(session.session_id) and session.session_id.startswith("cks_")
    assert session.checkout_url == f"{sandbox.url}/session/{session.session_id}"
    assert httpx.get(session.checkout_url, timeout=5).status_code == 200  # no key needed

    status = CheckoutSessionStatus.model_validate(
        client.get(f"/checkouts/{session.session_id}").json()
    )
    assert (status.id, status.customer_email, status.payment_id) == (
        session.session_id,
        "a@b.co",
        None,
    )
    [stored] = sandbox.objects("checkout")
    assert stored["metadata"] == {"client_reference_id": "order-7"}
    assert stored["request"] == body
    assert error_of(client.get("/checkouts/cks_unknown")) == (404, "NOT_FOUND")


def test_preview_prices_the_cart_and_creates_nothing(
    sandbox: Sandbox, client: httpx.Client
) -> None:
    one = client.post("/products", json=product_body(price=_usd(1000))).json()["product_id"]
    two = client.post("/products", json=product_body(1, price=_usd(250))).json()["product_id"]
    client.post(
        "/discounts",
        json={"amount": 1000, "type": "percentage", "code": "TENOFF", "restricted_to": [one]},
    )
    cart = [{"product_id": one, "quantity": 2}, {"product_id": two, "quantity": 3}]

    plain = CheckoutSessionPreviewResponse.model_validate(
        client.post("/checkouts/preview", json={"product_cart": cart}).json()
    )
    assert (plain.currency, plain.total_price) == ("USD", 2750)
    assert plain.current_breakup.subtotal == 2750
    assert [(c.product_id, c.quantity, c.og_price) for c in plain.product_cart] == [
        (one, 2, 1000),
        (two, 3, 250),
    ]

    discounted = client.post(
        "/checkouts/preview",
        json={
            "product_cart": cart,
            "discount_codes": ["tenoff"],
            "billing_address": {"country": "DE"},
        },
    ).json()
    preview = CheckoutSessionPreviewResponse.model_validate(discounted)
    assert preview.billing_country == "DE"
    assert (preview.current_breakup.discount, preview.total_price) == (200, 2550)
    assert [c.discounted_price for c in preview.product_cart] == [900, 250]
    assert preview.product_cart[0].discount_amount == 1000

    subscription = client.post("/products", json=recurring_body(2)).json()["product_id"]
    recurring = client.post(
        "/checkouts/preview", json={"product_cart": [{"product_id": subscription, "quantity": 1}]}
    ).json()
    assert recurring["recurring_breakup"]["total_amount"] == 900
    assert recurring["trial_period_days"] == 14

    bad_code = client.post(
        "/checkouts/preview", json={"product_cart": cart, "discount_codes": ["NOSUCH"]}
    )
    assert error_of(bad_code) == (422, "INVALID_DISCOUNT_CODE")
    assert sandbox.count("checkout") == 0


def test_preview_uses_localized_prices_and_never_converts(client: httpx.Client) -> None:
    body = product_body(price=_usd(1000), pricing_mode="by_currency")
    product_id = client.post("/products", json=body).json()["product_id"]
    client.post(f"/products/{product_id}/localized-prices", json={"amount": 950, "currency": "EUR"})
    cart = [{"product_id": product_id, "quantity": 1}]
    eur = client.post("/checkouts/preview", json={"product_cart": cart, "billing_currency": "EUR"})
    assert (eur.json()["currency"], eur.json()["total_price"]) == ("EUR", 950)
    inr = client.post("/products", json=product_body(1, price={**_usd(5000), "currency": "INR"}))
    mixed = [*cart, {"product_id": inr.json()["product_id"], "quantity": 1}]
    assert error_of(client.post("/checkouts/preview", json={"product_cart": mixed})) == (
        422,
        "EXCHANGE_RATE_NOT_FOUND",
    )


def _usd(amount: int) -> dict[str, Any]:
    return {"type": "one_time_price", "currency": "USD", "price": amount}


# ---- fault knobs ---------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after() -> None:
    with Sandbox(rate_limit=2) as sb, _client(sb) as client:
        answers = [client.get("/products") for _ in range(6)]
        limited = [r for r in answers if r.status_code == 429]
        assert limited, [r.status_code for r in answers]
        assert answers[0].status_code == 200
        assert limited[0].json()["code"] == "TOO_MANY_REQUESTS"
        assert int(limited[0].headers["Retry-After"]) >= 1
        assert answers[0].headers["X-RateLimit-Limit"] == "2"
        assert sb.faults()["rate_limited"] == len(limited)
    with Sandbox(rate_limit=0) as sb, _client(sb) as client:  # 0: no limit (the CLI default)
        answers = [client.get("/products") for _ in range(10)]
        assert {r.status_code for r in answers} == {200}
        assert "X-RateLimit-Limit" not in answers[0].headers


def test_error_rate_one_fails_everything_and_sometimes_commits() -> None:
    with Sandbox(error_rate=1.0, seed=3) as sb, _client(sb) as client:
        answers = [client.post("/customers", json=customer_body(n)) for n in range(20)]
        assert {r.status_code for r in answers} <= {500, 502, 503}
        for response in answers:
            if response.status_code == 500:
                assert response.json()["code"] == "INTERNAL_SERVER_ERROR"
            else:
                assert response.headers["Content-Type"].startswith("text/html")
        faults = sb.faults()
        assert sb.count("customer") == faults["error_after_commit"]
        assert 0 < sb.count("customer") < 20  # both outcomes of the coin flip happen
        assert faults["error"] + faults["error_after_commit"] == 20
        assert client.get("/customers").status_code >= 500  # reads fail too
        sb.configure(error_rate=0.0)
        assert client.get("/customers").status_code == 200


def test_lost_rate_one_commits_then_hangs_up() -> None:
    with Sandbox(lost_rate=1.0) as sb, _client(sb) as client:
        with pytest.raises(httpx.TransportError):
            client.post("/customers", json=customer_body())
        assert sb.count("customer") == 1
        assert sb.faults()["lost"] == 1
        listed = client.get("/customers")  # not a create: answered
        assert listed.json()["items"][0]["email"] == "buyer0@example.com"
        assert error_of(client.post("/customers", json={"email": "x"})) == (
            422,
            "INVALID_REQUEST_BODY",
        )  # a failed create is answered
        assert sb.count("customer") == 1


@pytest.mark.slow
def test_latency_is_added_to_every_request() -> None:
    """Latency is a sleep in each request's own thread; that concurrent requests are not
    serialised is shown by bench/apply_bench.py (no timing bounds in tests)."""
    latency = 0.25
    with Sandbox(latency=latency) as sb, _client(sb) as client:
        started = time.monotonic()
        assert client.get("/products").status_code == 200
        assert time.monotonic() - started >= latency

        def one(n: int) -> int:
            with _client(sb) as own:
                return own.post("/customers", json=customer_body(n)).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(one, range(8)))
        assert statuses == [201] * 8
        assert sb.faults()["latency"] == 9


def test_bad_knobs_are_config_errors() -> None:
    for knobs in ({"error_rate": 1.5}, {"lost_rate": -0.1}, {"latency": -1}, {"rate_limit": -2}):
        with pytest.raises(ConfigError):
            Sandbox(**knobs)
    with pytest.raises(ConfigError):
        Sandbox(port=70000)


# ---- secrecy, determinism, embedding -------------------------------------------------------


def test_the_key_is_never_stored_or_logged(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    with Sandbox(error_rate=0.3, lost_rate=0.3, rate_limit=50, seed=1) as sb:
        with _client(sb) as client:
            product_id = None
            for n in range(12):
                try:
                    response = client.post("/products", json=product_body(n))
                except httpx.TransportError:
                    continue
                if response.status_code == 201:
                    product_id = response.json()["product_id"]
            client.get("/customers", params={"email": KEY})
            client.post("/customers", json={"email": "oops", "name": KEY})
            if product_id:
                client.post(
                    "/checkouts", json={"product_cart": [{"product_id": product_id, "quantity": 1}]}
                )
        with httpx.Client(base_url=sb.url, headers={"Authorization": f"Basic {KEY}"}) as wrong:
            wrong.get("/products")
        stored = json.dumps([sb.objects(kind) for kind in KINDS])
        counters = json.dumps([sb.requests(), sb.faults(), repr(sb)])
    captured = capsys.readouterr()
    server_log = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if r.name.startswith("migrate.")  # httpx's own client-side log shows the query
    )
    assert "sandbox fault" in server_log and "POST /products" in server_log
    for text in (server_log, captured.out, captured.err, stored, counters):
        assert KEY not in text
    assert "email=" not in server_log  # query strings are not logged either


def test_ids_are_deterministic_per_seed() -> None:
    def ids(sb: Sandbox) -> list[str]:
        with _client(sb) as client:
            return [
                client.post("/products", json=product_body(n)).json()["product_id"]
                for n in range(3)
            ]

    with Sandbox(seed=11) as first, Sandbox(seed=11) as second, Sandbox(seed=12) as third:
        a, b, c = ids(first), ids(second), ids(third)
        assert a == b != c
        assert all(re.fullmatch(r"pdt_[A-Za-z0-9]{21}", i) for i in a)
        first.reset()
        assert first.count("product") == 0 and first.requests() == {}
        assert ids(first) == a


def test_the_app_runs_in_process_too() -> None:
    app = SandboxApp(seed=5)
    with httpx.Client(
        base_url="http://dodo.test",
        transport=app.transport(),
        headers={"Authorization": "Bearer k"},
    ) as client:
        response = client.post("/customers", json=customer_body())
        assert response.status_code == 201
        assert (
            client.get("/customers").json()["items"][0]["customer_id"]
            == response.json()["customer_id"]
        )
        app.configure(Faults(lost_rate=1.0))
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/customers", json=customer_body(1))
    assert app.count("customer") == 2


def test_the_official_sdk_reads_every_answer(sandbox: Sandbox) -> None:
    sdk = DodoPayments(
        bearer_token=KEY, base_url=sandbox.url, max_retries=0, _strict_response_validation=True
    )
    product = sdk.products.create(
        name="SDK plan", tax_category="saas", price=_usd(1200), metadata={"k": "v"}
    )
    assert sdk.products.retrieve(product.product_id).name == "SDK plan"
    assert sdk.products.update(product.product_id, description="updated") is None
    assert [p.product_id for p in sdk.products.list(page_number=0).items] == [product.product_id]
    discount = sdk.discounts.create(amount=1500, type="percentage", code="sdk15")
    assert sdk.discounts.retrieve_by_code("SDK15").discount_id == discount.discount_id
    customer = sdk.customers.create(email="sdk@example.com", name="SDK")
    assert sdk.customers.list(email="sdk@example.com").items[0].customer_id == customer.customer_id
    cart = [{"product_id": product.product_id, "quantity": 1}]
    session = sdk.checkout_sessions.create(product_cart=cart, discount_codes=["SDK15"])
    assert sdk.checkout_sessions.retrieve(session.session_id).id == session.session_id
    assert sdk.checkout_sessions.preview(product_cart=cart).total_price == 1200


def test_serve_runs_in_the_foreground_until_stopped() -> None:
    ready: list[Sandbox] = []
    started = threading.Event()

    def on_ready(sb: Sandbox) -> None:
        ready.append(sb)
        started.set()

    thread = threading.Thread(target=serve, kwargs={"port": 0, "on_ready": on_ready, "seed": 2})
    thread.start()
    assert started.wait(5)
    [sb] = ready
    assert f"DODO_PAYMENTS_BASE_URL={sb.url}" in ready_message(sb.url)
    assert sb.url.startswith("http://127.0.0.1:")
    with _client(sb) as client:
        assert client.get("/products").status_code == 200
    sb.stop()
    thread.join(5)
    assert not thread.is_alive()


def test_throttle_rate_answers_429_and_carries_nothing_out() -> None:
    with Sandbox(throttle_rate=1.0, seed=9) as box:
        reply = httpx.post(
            f"{box.url}/customers",
            json={"email": "a@example.com", "name": "A"},
            headers={"Authorization": "Bearer k"},
        )
        assert reply.status_code == 429
        assert reply.headers["Retry-After"] == "1" and reply.headers["retry-after-ms"] == "50"
        assert box.count("customer") == 0 and box.faults()["rate_limited"] == 1

"""Tests for migrate.readers.stripe_api: reading a Stripe account through an in-process fake."""

from __future__ import annotations

import io
import json
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import stripe

from migrate.errors import ConfigError
from migrate.readers.snapshot import iter_objects, read_info
from migrate.readers.stripe_api import export_snapshot, iter_account, list_requests, make_client
from tests.fake_stripe import (
    FakeStripe,
    coupon,
    customer,
    line_item,
    plan,
    price,
    product,
    promotion_code,
    session,
)

KEY = "sk_test_51FAKEKEYdoNotLeak0000000000"
BASE = "http://127.0.0.1:12111"


def client_for(
    fake: FakeStripe, *, retries: int = 0, api_base: str | None = BASE
) -> stripe.StripeClient:
    return make_client(KEY, api_base=api_base, http_client=fake, max_network_retries=retries)


def catalog(n_products: int = 250, n_prices: int = 730) -> dict[str, list[dict[str, Any]]]:
    products = [product(i, active=i % 7 != 0) for i in range(n_products)]
    prices = []
    for i in range(n_prices):
        extra: dict[str, Any] = {}
        if i % 5 == 0:
            extra["billing_scheme"] = "tiered"
            extra["tiers_mode"] = "graduated"
            extra["tiers"] = [
                {"up_to": 10, "unit_amount": 500, "flat_amount": None},
                {"up_to": None, "unit_amount": 400, "flat_amount": None},
            ]
        if i % 4 == 0:
            extra["currency_options"] = {"eur": {"unit_amount": 90, "tax_behavior": "exclusive"}}
        prices.append(
            price(
                i,
                products[i % n_products]["id"],
                active=i % 3 != 0,
                recurring=i % 2 == 0,
                **extra,
            )
        )
    return {
        "product": products,
        "price": prices,
        # price_000000 is recurring: a legacy plan the price list already returned
        "plan": [plan("price_000000", products[0]["id"]), plan("gold-monthly", products[-1]["id"])],
        "coupon": [
            coupon("SPRING", applies_to={"products": [products[-1]["id"]]}),
            coupon(
                "TENOFF",
                percent_off=None,
                amount_off=1000,
                currency="usd",
                currency_options={"eur": {"amount_off": 900}},
            ),
        ],
        "promotion_code": [promotion_code("promo_1", "SPRING", "SPRING25")],
    }


def ids(objects: list[dict[str, Any]], kind: str) -> list[str]:
    return [o["id"] for o in objects if o["object"] == kind]


# --------------------------------------------------------------------------- reading


def test_catalog_is_read_page_by_page_in_order_without_loss() -> None:
    data = catalog()
    fake = FakeStripe(data)
    objects = list(iter_account(client_for(fake)))

    assert ids(objects, "product") == [p["id"] for p in data["product"]]
    assert ids(objects, "price") == [p["id"] for p in data["price"]]
    assert ids(objects, "plan") == ["gold-monthly"]
    assert ids(objects, "coupon") == ["SPRING", "TENOFF"]
    assert ids(objects, "promotion_code") == ["promo_1"]
    kinds = [o["object"] for o in objects]
    order = ["product", "price", "plan", "coupon", "promotion_code"]
    assert kinds == sorted(kinds, key=order.index)  # snapshot order, kind by kind

    # ceil(250/100) + ceil(730/100) list requests, then one per remaining kind
    assert list_requests(250) + list_requests(730) == 3 + 8
    assert fake.paths() == ["/v1/products"] * 3 + ["/v1/prices"] * 8 + [
        "/v1/plans",
        "/v1/coupons",
        "/v1/promotion_codes",
    ]
    assert all(r.method == "GET" and r.param("limit") == "100" for r in fake.requests)
    # the cursor follows the last id of each page
    price_requests = [r for r in fake.requests if r.path == "/v1/prices"]
    cursors = [f"price_{n:06d}" for n in range(99, 700, 100)]
    assert [r.param("starting_after") for r in price_requests] == [None, *cursors]
    assert all(r.expand() == ["data.tiers", "data.currency_options"] for r in price_requests)
    coupon_request = next(r for r in fake.requests if r.path == "/v1/coupons")
    assert set(coupon_request.expand()) == {"data.applies_to", "data.currency_options"}


def test_archived_products_inactive_prices_tiers_and_currency_options_come_through() -> None:
    data = catalog(20, 40)
    objects = list(iter_account(client_for(FakeStripe(data))))
    by_id = {o["id"]: o for o in objects}

    assert by_id["prod_000000"]["active"] is False  # archived
    assert by_id["price_000003"]["active"] is False  # inactive
    assert sum(1 for o in objects if o["object"] == "price" and not o["active"]) == 14
    tiered = by_id["price_000005"]
    assert tiered["tiers"] == data["price"][5]["tiers"]
    assert tiered["product"] == "prod_000005"  # an id: no request per product
    assert by_id["price_000004"]["currency_options"] == {
        "eur": {"unit_amount": 90, "tax_behavior": "exclusive"}
    }
    assert by_id["SPRING"]["applies_to"] == {"products": ["prod_000019"]}
    assert by_id["TENOFF"]["currency_options"] == {"eur": {"amount_off": 900}}
    # plain data all the way down
    assert type(tiered["tiers"][0]) is dict and type(by_id["SPRING"]["applies_to"]) is dict


def test_the_fake_leaves_out_includable_fields_unless_expanded() -> None:
    fake = FakeStripe(catalog(1, 10))
    page = client_for(fake).v1.prices.list(params={"limit": 10})
    assert all("tiers" not in p.to_dict() and "currency_options" not in p.to_dict() for p in page)


def test_plans_already_seen_as_prices_are_not_duplicated() -> None:
    data = catalog(3, 6)
    data["plan"] = [
        plan("price_000000", "prod_000000"),  # recurring price: the same object
        plan("price_000002", "prod_000002"),
        plan("legacy-gold", "prod_000001"),  # a plan the price list did not return
    ]
    skipped: list[tuple[str, str, str]] = []
    objects = list(iter_account(client_for(FakeStripe(data)), on_skip=lambda *a: skipped.append(a)))

    assert ids(objects, "plan") == ["legacy-gold"]
    assert ids(objects, "price").count("price_000000") == 1
    assert [(k, i) for k, i, _ in skipped] == [("plan", "price_000000"), ("plan", "price_000002")]


def test_objects_of_an_unexpected_type_are_skipped_and_reported() -> None:
    data = catalog(2, 0)
    data["coupon"].append({"id": "sku_1", "object": "sku", "livemode": False})
    skipped: list[tuple[str, str, str]] = []
    objects = list(iter_account(client_for(FakeStripe(data)), on_skip=lambda *a: skipped.append(a)))
    assert "sku_1" not in {o["id"] for o in objects}
    assert skipped == [("coupon", "sku_1", "the list returned a 'sku'")]


def test_sessions_get_all_their_line_items_across_pages() -> None:
    data = catalog(3, 5)
    data["checkout.session"] = [session(1), session(2), session(3)]
    items = {
        "cs_test_000001": [
            line_item(n, f"price_{n % 5:06d}", quantity=n % 3 + 1) for n in range(250)
        ],
        "cs_test_000002": [],
        "cs_test_000003": [line_item(900, "price_000004")],
    }
    fake = FakeStripe(data, line_items=items)
    objects = list(iter_account(client_for(fake), include_sessions=True))
    sessions = [o for o in objects if o["object"] == "checkout.session"]

    assert [s["id"] for s in sessions] == ["cs_test_000001", "cs_test_000002", "cs_test_000003"]
    first = sessions[0]["line_items"]
    assert first["object"] == "list" and first["has_more"] is False
    assert first["url"] == "/v1/checkout/sessions/cs_test_000001/line_items"
    assert [i["id"] for i in first["data"]] == [f"li_{n:06d}" for n in range(250)]
    assert first["data"][7]["price"]["id"] == "price_000002"  # the price object, expanded
    assert first["data"][7]["price"]["object"] == "price"
    assert sessions[1]["line_items"]["data"] == []
    assert [i["id"] for i in sessions[2]["line_items"]["data"]] == ["li_000900"]

    line_requests = [r for r in fake.requests if r.path.endswith("/line_items")]
    assert len(line_requests) == 3 + 1 + 1
    assert all(r.param("limit") == "100" and r.expand() == ["data.price"] for r in line_requests)
    assert fake.count("/v1/checkout/sessions") == 1


def test_customers_and_sessions_are_read_only_when_asked() -> None:
    data = catalog(2, 2)
    data["customer"] = [customer(n) for n in range(3)]
    data["checkout.session"] = [session(1)]

    fake = FakeStripe(data)
    objects = list(iter_account(client_for(fake)))
    assert not any(o["object"] in ("customer", "checkout.session") for o in objects)
    assert fake.count("/v1/customers") == 0 and fake.count("/v1/checkout/*") == 0

    fake = FakeStripe(data)
    objects = list(iter_account(client_for(fake), include_customers=True))
    assert ids(objects, "customer") == ["cus_000000", "cus_000001", "cus_000002"]
    assert fake.count("/v1/customers") == 1 and fake.count("/v1/checkout/*") == 0

    fake = FakeStripe(data)
    objects = list(iter_account(client_for(fake), include_sessions=True))
    assert ids(objects, "checkout.session") == ["cs_test_000001"]
    assert fake.count("/v1/customers") == 0 and fake.count("/v1/checkout/*") == 2


# --------------------------------------------------------------------------- snapshot


def test_export_snapshot_writes_a_complete_snapshot_without_the_key(tmp_path: Path) -> None:
    data = catalog(120, 130)
    data["customer"] = [customer(1)]
    data["checkout.session"] = [session(1)]
    fake = FakeStripe(data, line_items={"cs_test_000001": [line_item(1, "price_000001")]})
    target = tmp_path / "account.snapshot"
    now = datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=UTC)
    with target.open("w", encoding="utf-8") as out:
        counts = export_snapshot(
            client_for(fake), out, include_customers=True, include_sessions=True, now=now
        )

    expected = {
        "product": 120,
        "price": 130,
        "plan": 1,
        "coupon": 2,
        "promotion_code": 1,
        "customer": 1,
        "checkout.session": 1,
    }
    assert counts == expected
    info = read_info(str(target))
    assert info.complete and info.counts == expected
    assert info.header["stripe_api_version"] == stripe.api_version
    assert info.header["exported_at"] == "2026-11-22T10:00:00Z"
    assert info.header["livemode"] is False
    objects = [obj for _, obj in iter_objects(str(target))]
    assert len(objects) == sum(expected.values())
    assert objects[0]["id"] == "prod_000000" and objects[-1]["id"] == "cs_test_000001"
    assert objects[-1]["line_items"]["data"][0]["price"]["id"] == "price_000001"
    price_1 = next(o for o in objects if o["id"] == "price_000001")
    assert str(price_1["unit_amount_decimal"]) == "101"

    text = target.read_text(encoding="utf-8")
    assert KEY not in text and "sk_test" not in text
    # the key did reach Stripe, as a bearer token, and only there
    assert fake.requests[0].headers["Authorization"] == f"Bearer {KEY}"
    assert fake.requests[0].headers["Stripe-Version"] == stripe.api_version
    assert all(KEY not in r.url for r in fake.requests)


def test_export_of_an_empty_account_and_of_a_live_account() -> None:
    out = io.StringIO()
    counts = export_snapshot(
        client_for(FakeStripe()), out, include_customers=False, include_sessions=False
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert counts == {}
    assert lines[0]["livemode"] is None and lines[-1] == {
        "object": "stripe2dodo.snapshot_end",
        "counts": {},
    }
    assert len(lines) == 2

    out = io.StringIO()
    live = FakeStripe({"product": [product(1, livemode=True)]})
    export_snapshot(client_for(live), out, include_customers=False, include_sessions=False)
    assert json.loads(out.getvalue().splitlines()[0])["livemode"] is True


def test_a_failed_export_leaves_no_footer(tmp_path: Path) -> None:
    fake = FakeStripe(catalog(50, 300))
    fake.fail(500, path="/v1/prices", nth=3, times=None)  # the second page of prices
    target = tmp_path / "partial.snapshot"
    with target.open("w", encoding="utf-8") as out, pytest.raises(ConfigError):
        export_snapshot(client_for(fake), out, include_customers=False, include_sessions=False)
    info = read_info(str(target))
    assert not info.complete
    assert sum(1 for _ in iter_objects(str(target))) == 50 + 100


# --------------------------------------------------------------------------- errors


def read_all(fake: FakeStripe, **kwargs: Any) -> list[dict[str, Any]]:
    retries = kwargs.pop("retries", 0)
    api_base = kwargs.pop("api_base", BASE)
    return list(iter_account(client_for(fake, retries=retries, api_base=api_base), **kwargs))


def assert_no_key_material(exc: ConfigError) -> None:
    for text in (str(exc), exc.one_line(), repr(exc)):
        assert KEY not in text and "sk_test" not in text and "rk_test" not in text
        assert "****" not in text and "\n" not in text
    assert exc.__cause__ is None and exc.__suppress_context__


def test_401_is_a_config_error_without_key_material() -> None:
    fake = FakeStripe(catalog(2, 2))
    fake.fail(401, path="/v1/products")
    with pytest.raises(ConfigError) as caught:
        read_all(fake, retries=2)
    exc = caught.value
    assert exc.message == "Stripe rejected the API key (401)"
    assert exc.hint is not None and "STRIPE_API_KEY" in exc.hint and "--stripe-key" in exc.hint
    assert exc.exit_code == 2
    assert_no_key_material(exc)
    assert fake.request_count == 1  # not retried


def test_403_on_customers_names_the_missing_permission() -> None:
    fake = FakeStripe(catalog(2, 2))
    fake.fail(403, path="/v1/customers")
    with pytest.raises(ConfigError) as caught:
        read_all(fake, include_customers=True)
    exc = caught.value
    assert "may not read customers (403" in exc.message
    assert "Customers: Read" in exc.message and "rak_customer_read" in exc.message
    assert exc.hint is not None and "export without customers" in exc.hint
    assert_no_key_material(exc)


def test_403_on_session_line_items_names_the_checkout_sessions_permission() -> None:
    data = catalog(1, 1)
    data["checkout.session"] = [session(1)]
    fake = FakeStripe(data)
    fake.fail(403, path="/v1/checkout/sessions/*/line_items", message="Forbidden")
    with pytest.raises(ConfigError) as caught:
        read_all(fake, include_sessions=True)
    assert "checkout session line items" in caught.value.message
    assert "Checkout Sessions: Read" in caught.value.message
    assert "export without checkout sessions" in (caught.value.hint or "")


def test_403_on_prices_says_it_is_always_needed() -> None:
    fake = FakeStripe(catalog(1, 1))
    fake.fail(403, path="/v1/prices", message="Forbidden")
    with pytest.raises(ConfigError) as caught:
        read_all(fake)
    assert "Prices: Read" in caught.value.message
    assert "always read" in (caught.value.hint or "")


def test_500_then_success_is_retried_by_the_sdk() -> None:
    fake = FakeStripe(catalog(10, 250))
    fake.fail(500, path="/v1/prices", times=1)
    objects = read_all(fake, retries=2)
    assert len(ids(objects, "price")) == 250
    assert fake.count("/v1/prices") == 3 + 1
    assert fake.sleeps == 1


def test_500_after_all_retries_is_one_line() -> None:
    fake = FakeStripe(catalog(10, 10))
    fake.fail(500, path="/v1/coupons", times=None)
    with pytest.raises(ConfigError) as caught:
        read_all(fake, retries=2)
    assert caught.value.message == (
        "Stripe failed while reading coupons (500: An unknown error occurred), also on retry"
    )
    assert fake.count("/v1/coupons") == 3
    assert_no_key_material(caught.value)


def test_429_is_not_retried_unless_stripe_says_so() -> None:
    fake = FakeStripe(catalog(2, 2))
    fake.fail(429, path="/v1/plans")
    with pytest.raises(ConfigError) as caught:
        read_all(fake, retries=2)
    assert "rate-limited" in caught.value.message and "plans" in caught.value.message
    assert "wait a minute" in (caught.value.hint or "")
    assert fake.count("/v1/plans") == 1

    fake = FakeStripe(catalog(2, 2))
    fake.fail(429, path="/v1/plans", headers={"stripe-should-retry": "true"})
    assert ids(read_all(fake, retries=2), "plan") == ["gold-monthly"]
    assert fake.count("/v1/plans") == 2


def test_connection_error_names_the_base_url_not_the_key() -> None:
    fake = FakeStripe(catalog(2, 2))
    fake.disconnect(times=None)
    with pytest.raises(ConfigError) as caught:
        read_all(fake, retries=1, api_base="http://user:secret@proxy.local:8080/")
    exc = caught.value
    assert (
        exc.message
        == "cannot reach the Stripe API at http://proxy.local:8080 while reading products"
    )
    assert "secret" not in exc.one_line()
    assert_no_key_material(exc)
    assert fake.request_count == 2  # tried once, retried once


def test_connection_error_then_success_is_retried() -> None:
    fake = FakeStripe(catalog(2, 2))
    fake.disconnect(nth=1)
    assert len(read_all(fake, retries=1)) == 2 + 2 + 1 + 2 + 1


def test_default_base_url_is_named_when_none_is_given() -> None:
    fake = FakeStripe()
    fake.disconnect(times=None)
    with pytest.raises(ConfigError, match=r"at https://api\.stripe\.com while"):
        read_all(fake, api_base=None)


def test_a_server_that_is_not_stripe_is_reported() -> None:
    fake = FakeStripe(catalog(1, 1))
    fake.fail(200, path="/v1/products", body="<html>proxy login</html>")
    with pytest.raises(ConfigError, match=r"did not answer like the Stripe API \(HTTP 200\)"):
        read_all(fake)

    fake = FakeStripe(catalog(1, 1))
    fake.fail(200, path="/v1/products", body="{}")
    with pytest.raises(ConfigError, match="did not return a list of products"):
        read_all(fake)


def test_refused_requests_quote_stripe_without_key_tokens() -> None:
    fake = FakeStripe(catalog(1, 1))
    fake.fail(404, path="/v1/coupons", message="No such thing for key sk_live_abc123\nat all")
    with pytest.raises(ConfigError) as caught:
        read_all(fake)
    assert caught.value.message == (
        "Stripe refused the request while reading coupons (404: No such thing for key [key] at all)"
    )
    assert "sk_live" not in caught.value.one_line()


# --------------------------------------------------------------------------- make_client


def test_make_client_sends_requests_to_the_api_base() -> None:
    fake = FakeStripe({"product": [product(1)]})
    client = make_client(KEY, api_base="http://proxy.local:8080/stripe/", http_client=fake)
    list(iter_account(client))
    assert fake.requests[0].url == "http://proxy.local:8080/stripe/v1/products?limit=100"
    assert all(r.url.startswith("http://proxy.local:8080/stripe/v1/") for r in fake.requests)

    fake = FakeStripe()
    list(iter_account(make_client(KEY, http_client=fake)))
    assert fake.requests[0].url == "https://api.stripe.com/v1/products?limit=100"


@pytest.mark.parametrize("key", ["", "   ", None])
def test_make_client_needs_a_key(key: Any) -> None:
    with pytest.raises(ConfigError) as caught:
        make_client(key)
    assert "STRIPE_API_KEY" in caught.value.one_line()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("pk_test_abc", "publishable key"),
        ("sk_test_ab cd", "spaces or control characters"),
        ("sk_test_ab\x00cd", "spaces or control characters"),
    ],
)
def test_make_client_rejects_unusable_keys_without_quoting_them(key: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        make_client(key)
    assert key not in caught.value.one_line() and "abc" not in caught.value.one_line()


def test_make_client_strips_surrounding_whitespace_from_the_key() -> None:
    fake = FakeStripe()
    list(iter_account(make_client(f" {KEY}\n", http_client=fake)))
    assert fake.requests[0].headers["Authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize(
    "base", ["ftp://x.example", "localhost:12111", "http://", KEY, "http://h/?q=1"]
)
def test_make_client_rejects_a_bad_base_url_without_quoting_it(base: str) -> None:
    with pytest.raises(ConfigError, match="not an http") as caught:
        make_client(KEY, api_base=base)
    assert KEY not in caught.value.one_line()


# --------------------------------------------------------------------------- memory


def _peak_while_iterating(n: int) -> tuple[int, int]:
    prices = [
        {"id": f"price_{i:06d}", "object": "price", "product": "prod_1", "unit_amount": i}
        for i in range(n)
    ]
    fake = FakeStripe({"price": prices}, record=False)
    client = client_for(fake)
    tracemalloc.start()
    try:
        seen = sum(1 for _ in iter_account(client))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == n
    assert fake.request_count == list_requests(n) + 4  # + products, plans, coupons, codes
    return peak, n


def _held(n: int) -> int:
    prices = [
        {"id": f"price_{i:06d}", "object": "price", "product": "prod_1", "unit_amount": i}
        for i in range(n)
    ]
    client = client_for(FakeStripe({"price": prices}, record=False))
    tracemalloc.start()
    try:
        kept = list(iter_account(client))
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(kept) == n
    return current


@pytest.mark.slow
def test_memory_does_not_grow_with_the_catalog() -> None:
    list(iter_account(client_for(FakeStripe({"price": [price(1, "prod_1")]}))))  # warm imports
    small, _ = _peak_while_iterating(2_000)
    large, _ = _peak_while_iterating(20_000)
    holding_large = _held(2_000) * 10  # what keeping 20,000 prices would take
    assert large < small * 1.5, (small, large)
    assert large * 5 < holding_large, (large, holding_large)

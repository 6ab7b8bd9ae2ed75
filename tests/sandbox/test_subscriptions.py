"""The sandbox's subscriptions (issue 17): a completed checkout makes a subscription with its
trial, metadata and discount cycles, as the SDK's types describe them; it completes once and
not after its 24 hours; subscriptions are listed, read and updated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from dodopayments.types import Subscription, SubscriptionListResponse

from migrate.dodo.client import DodoClient, RateLimiter
from migrate.errors import DodoAPIError
from migrate.sandbox.app import SandboxApp

START = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def sandbox() -> tuple[SandboxApp, DodoClient, Clock]:
    clock = Clock()
    app = SandboxApp(seed=5, clock=clock, base_url="http://sandbox.test")
    client = DodoClient(
        "sk_test_sandbox",
        base_url="http://sandbox.test",
        transport=app.transport(),
        limiter=RateLimiter(per_second=0, per_minute=0),
    )
    return app, client, clock


def product(client: DodoClient, price: int = 2900) -> str:
    body = {
        "name": "Pro",
        "tax_category": "saas",
        "price": {
            "type": "recurring_price",
            "currency": "USD",
            "price": price,
            "discount": 0,
            "purchasing_power_parity": False,
            "payment_frequency_interval": "Month",
            "payment_frequency_count": 1,
            "subscription_period_interval": "Year",
            "subscription_period_count": 20,
        },
    }
    return str(client.create_product(body)["product_id"])


def complete(client: DodoClient, url: str) -> dict[str, Any]:
    path = url.removeprefix(client.base_url)
    return client.send("POST", f"{path}/complete", {})


def test_a_completed_checkout_makes_the_subscription_with_its_trial_and_metadata(
    sandbox: tuple[SandboxApp, DodoClient, Clock],
) -> None:
    _, client, clock = sandbox
    pdt = product(client)
    code = client.create_discount(
        {"type": "percentage", "amount": 2000, "code": "S2DTEST", "subscription_cycles": 3,
         "usage_limit": 1, "restricted_to": [pdt]}
    )  # fmt: skip
    session = client.create_checkout(
        {
            "product_cart": [{"product_id": pdt, "quantity": 2}],
            "customer": {"email": "ada@example.com", "name": "Ada"},
            "billing_address": {"country": "DE", "street": "A 1", "zipcode": "10115"},
            "subscription_data": {"trial_period_days": 9},
            "discount_codes": ["S2DTEST"],
            "metadata": {"stripe_subscription_id": "sub_1", "user_id": "42"},
        }
    )
    clock.now = START + timedelta(hours=5)
    done = complete(client, session["checkout_url"])
    [sub_id] = done["subscription_ids"]
    sub = client.get_subscription(sub_id)
    Subscription.model_validate(sub)  # the SDK's shape
    assert sub["status"] == "active" and sub["trial_period_days"] == 9
    assert sub["next_billing_date"].startswith("2026-12-01T15:00:00")  # completed + 9 days
    assert sub["metadata"] == {"stripe_subscription_id": "sub_1", "user_id": "42"}
    assert sub["recurring_pre_tax_amount"] == 2 * 2320  # what each renewal charges
    [detail] = sub["discounts"]
    assert (detail["discount_id"], detail["code"], detail["cycles_remaining"]) == (
        code["discount_id"],
        "S2DTEST",
        3,
    )
    assert sub["billing"]["country"] == "DE" and sub["customer"]["email"] == "ada@example.com"
    assert client.get_discount(code["discount_id"])["times_used"] == 1
    status = client.get_checkout(session["session_id"])
    assert status["payment_id"] == done["payment_id"] and status["payment_status"] == "succeeded"
    listed = list(client.iter_subscriptions(status="active"))
    assert [s["subscription_id"] for s in listed] == [sub_id]
    SubscriptionListResponse.model_validate(listed[0])
    assert listed[0]["discounts"] == [
        {"discount_id": code["discount_id"], "discount_cycles_remaining": 3}
    ]
    # the code is used up: a second checkout with it is refused, as Dodo refuses it
    with pytest.raises(DodoAPIError, match="usage limit"):
        client.create_checkout(
            {"product_cart": [{"product_id": pdt, "quantity": 1}], "discount_codes": ["S2DTEST"]}
        )


def test_a_checkout_completes_once_and_never_after_its_24_hours(
    sandbox: tuple[SandboxApp, DodoClient, Clock],
) -> None:
    _, client, clock = sandbox
    pdt = product(client)
    first = client.create_checkout({"product_cart": [{"product_id": pdt, "quantity": 1}]})
    complete(client, first["checkout_url"])
    with pytest.raises(DodoAPIError, match="409"):
        complete(client, first["checkout_url"])
    late = client.create_checkout({"product_cart": [{"product_id": pdt, "quantity": 1}]})
    clock.now = START + timedelta(hours=24, seconds=1)
    with pytest.raises(DodoAPIError, match="410"):
        complete(client, late["checkout_url"])
    assert len(list(client.iter_subscriptions())) == 1


def test_without_a_trial_the_first_renewal_is_a_period_later_and_an_email_finds_its_customer(
    sandbox: tuple[SandboxApp, DodoClient, Clock],
) -> None:
    app, client, _ = sandbox
    pdt = product(client)
    known = client.create_customer({"email": "bo@example.com", "name": "Bo"})
    session = client.create_checkout(
        {
            "product_cart": [{"product_id": pdt, "quantity": 1}],
            "customer": {"email": "BO@example.com", "name": "Bo"},
            "subscription_data": {"trial_period_days": 0},
        }
    )
    done = complete(client, session["checkout_url"])
    sub = client.get_subscription(done["subscription_ids"][0])
    assert sub["next_billing_date"].startswith("2026-12-22T10:00:00")
    assert done["customer_id"] == known["customer_id"] and app.count("customer") == 1
    payment = app.objects("payment")[0]
    assert payment["total_amount"] == 2900 and payment["subscription_id"] == sub["subscription_id"]


def test_subscriptions_are_updated_like_dodos(
    sandbox: tuple[SandboxApp, DodoClient, Clock],
) -> None:
    _, client, _ = sandbox
    pdt = product(client)
    session = client.create_checkout({"product_cart": [{"product_id": pdt, "quantity": 1}]})
    sub_id = complete(client, session["checkout_url"])["subscription_ids"][0]
    later = client.update_subscription(
        sub_id, {"next_billing_date": "2027-01-05T00:00:00Z", "cancel_at_next_billing_date": True}
    )
    assert later["next_billing_date"].startswith("2027-01-05T00:00:00")
    assert later["cancel_at_next_billing_date"] is True
    assert [
        s["subscription_id"] for s in client.iter_subscriptions(cancel_at_next_billing_date=True)
    ] == [sub_id]
    with pytest.raises(DodoAPIError, match="422"):
        client.update_subscription(sub_id, {"next_billing_date": "2020-01-01T00:00:00Z"})
    gone = client.update_subscription(sub_id, {"status": "cancelled"})
    assert gone["status"] == "cancelled" and gone["cancelled_at"]
    with pytest.raises(DodoAPIError, match="422"):
        client.update_subscription(sub_id, {"cancel_at_next_billing_date": False})
    with pytest.raises(DodoAPIError, match="404"):
        client.get_subscription("sub_nope")


def test_completing_needs_no_key_like_the_checkout_page() -> None:
    app = SandboxApp(seed=1, base_url="http://sandbox.test")
    http = httpx.Client(transport=app.transport(), base_url="http://sandbox.test")
    auth = {"Authorization": "Bearer k"}
    made = http.post(
        "/products",
        headers=auth,
        json={"name": "One", "tax_category": "saas",
              "price": {"type": "one_time_price", "currency": "USD", "price": 500,
                        "discount": 0, "purchasing_power_parity": False}},
    ).json()  # fmt: skip
    session = http.post(
        "/checkouts",
        headers=auth,
        json={"product_cart": [{"product_id": made["product_id"], "quantity": 1}]},
    ).json()
    answer = http.post(f"/session/{session['session_id']}/complete")  # no key, no body
    assert answer.status_code == 200 and answer.json()["subscription_ids"] == []
    assert http.get("/subscriptions").status_code == 401  # the merchant's side needs the key

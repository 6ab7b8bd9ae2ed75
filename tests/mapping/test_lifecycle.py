"""The calls around Checkout (PaymentIntents, legacy Charges, SetupIntents, subscription updates
and invoice previews), translated to the Dodo calls that replace them
(migrate/mapping/lifecycle.py)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dodopayments.types import (
    CheckoutSessionCreateParams,
    SubscriptionChangePlanParams,
    SubscriptionChargeParams,
)

from migrate import cli
from migrate.commands import translate_paths
from migrate.errors import ExitCode
from migrate.findings import Level, Outcome
from migrate.mapping.expr import Expr
from migrate.mapping.intents import CHARGE_ORDER
from migrate.mapping.lifecycle import KINDS, route
from migrate.mapping.plan_change import CHANGE_ORDER
from migrate.mapping.products import placeholder_id
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.mapping.walk import unset
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from tests.dodo_contract import REQUEST_TYPES, contract_errors

SOURCE = SourceRef("x", "json")
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
TABLE = load_table()
CHECKOUT = ("POST", "/checkouts")
PRICED = {"id": "pdt_x", "price": 4900, "currency": "USD", "interval": "month"}
STRIPE_SIDE = {"price": 4900, "currency": "USD", "interval": "month"}

# The four PaymentIntent kinds, each for 25.00 USD.
OFF_SESSION = {
    "amount": 2500,
    "currency": "usd",
    "customer": "cus_1",
    "payment_method": "pm_1",
    "off_session": True,
    "confirm": True,
}
CHARGE_AND_SAVE = {
    "amount": 2500,
    "currency": "usd",
    "customer": "cus_1",
    "setup_future_usage": "off_session",
}
UPSELL = {
    "amount": 2500,
    "currency": "usd",
    "customer": "cus_1",
    "payment_method": "pm_1",
    "confirm": True,
}
ONE_TIME = {"amount": 2500, "currency": "usd"}
PAYMENT_INTENTS = {
    "on_demand_charge": OFF_SESSION,
    "on_demand_mandate": CHARGE_AND_SAVE,
    "upsell": UPSELL,
    "checkout_session": ONE_TIME,
}
UPDATE = {
    "items": [{"id": "si_1", "price": "price_1X", "quantity": 2}],
    "proration_behavior": "always_invoice",
}


def translate(
    doc: dict[str, Any],
    meta: dict[str, str] | None = None,
    ids: dict[str, Any] | None = None,
) -> Translation:
    result = translate_params(doc, SOURCE, Options(ids=IdMap.from_json(ids or {}), now=NOW), meta)
    for finding in result.findings:
        assert finding.code in TABLE.by_code, finding
    return result


def codes(result: Translation) -> list[str]:
    return [f.code for f in result.findings]


def blockers(result: Translation) -> list[str]:
    return [f.code for f in result.findings if f.level is Level.BLOCKER]


def level(result: Translation, code: str) -> Level:
    (found,) = [f.level for f in result.findings if f.code == code]
    return found


def body(result: Translation) -> dict[str, Any]:
    assert result.status == "translated", result
    assert result.dodo is not None
    return result.dodo


def assert_contract(result: Translation) -> None:
    """Every body without a blocker fits the official SDK request type of its kind."""
    assert result.status == "translated"
    assert result.kind in KINDS
    if result.kind != "checkout_session" or result.request is not None:
        assert result.request is not None
    if not blockers(result):
        assert contract_errors(body(result), REQUEST_TYPES[result.kind]) == []
        if result.fallback is not None:
            assert contract_errors(result.fallback, CheckoutSessionCreateParams) == []


def money_line(amount: int, currency: str, interval: str | None = None) -> dict[str, Any]:
    return {"currency": currency, "amount": amount, "interval": interval, "interval_count": 1}


def leaves(value: Any, prefix: str = "") -> Iterator[str]:
    """The paths of every set Stripe field (containers are walked, metadata is one field)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if unset(item):
                continue
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(item, dict) and key != "metadata":
                yield from leaves(item, path)
            elif isinstance(item, list) and any(isinstance(i, dict) for i in item):
                for index, element in enumerate(item):
                    yield from leaves(element, f"{path}[{index}]")
            else:
                yield path


def undecided(doc: dict[str, Any], result: Translation) -> list[str]:
    """Fields of ``doc`` with no outcome (a field is decided by itself or by an ancestor)."""
    decided = list(result.fields)
    return [
        leaf
        for leaf in leaves(doc)
        if not any(
            leaf == p or leaf.startswith(f"{p}.") or leaf.startswith(f"{p}[") for p in decided
        )
    ]


# ---------------------------------------------------------------------------------------------
# Routing by endpoint


PI = ("payment_intent", None, None)
CHARGES = ("payment_intent", "charge", None)
SI = ("setup_intent", None, None)
PREVIEW = ("subscription_update", "preview", None)
UPDATE_ROUTE = ("subscription_update", None, None)


def _where(doc: dict[str, Any], meta: dict[str, str]) -> tuple[str, str | None, str | None] | None:
    found = route(doc, meta)
    return None if found is None else (found.subject, found.legacy, found.path_id)


@pytest.mark.parametrize(
    ("endpoint", "method", "expected"),
    [
        ("/v1/payment_intents", "POST", PI),
        ("/v1/payment_intents/", "POST", PI),
        ("/payment_intents", "POST", PI),
        ("/v1/payment_intents", "post", PI),
        ("/v1/charges", "POST", CHARGES),
        ("/v1/charges/", "POST", CHARGES),
        ("/v1/setup_intents", "POST", SI),
        ("/v1/setup_intents/", "POST", SI),
        ("/v1/subscriptions/sub_1", "POST", ("subscription_update", None, "sub_1")),
        ("/v1/subscriptions/sub_1/", "POST", ("subscription_update", None, "sub_1")),
        ("/v1/subscription_items/si_1", "POST", ("subscription_update", "item", "si_1")),
        ("/v1/subscription_items/si_1/", "POST", ("subscription_update", "item", "si_1")),
        ("/v1/invoices/create_preview", "POST", PREVIEW),
        ("/v1/invoices/create_preview/", "POST", PREVIEW),
        ("/v1/invoices/upcoming", "GET", PREVIEW),
        ("/v1/invoices/upcoming/", "get", PREVIEW),
        ("/v1/invoices/upcoming", "POST", PREVIEW),
    ],
)
def test_route_by_endpoint(
    endpoint: str, method: str, expected: tuple[str, str | None, str | None]
) -> None:
    # the endpoint decides, whatever the body looks like (even a Checkout-looking one)
    for doc in ({}, {"mode": "payment", "line_items": []}, {"usage": "off_session"}, UPDATE):
        assert _where(doc, {"endpoint": endpoint, "method": method}) == expected


def test_route_by_endpoint_defaults_to_post() -> None:
    assert _where({}, {"endpoint": "/v1/charges"}) == CHARGES
    assert _where({}, {"endpoint": "/v1/invoices/create_preview"}) == PREVIEW


UNKNOWN_ENDPOINTS = [
    ("/v1/payment_intents", "GET"),
    # POST /v1/payment_intents/pi_1 re-prices it now (PI112) and DELETE /v1/subscriptions/sub_1
    # cancels it (SX100): tests/scan/test_around_more.py
    ("/v1/payment_intents/pi_1/capture", "POST"),
    ("/v1/charges", "GET"),
    ("/v1/setup_intents", "GET"),
    ("/v1/subscriptions/sub_1", "GET"),
    # POST adds an item now (a plan change, tests/scan/test_item_changes.py): a list stays out
    ("/v1/subscription_items", "GET"),
    ("/v1/subscription_items/si_1", "GET"),
    ("/v1/invoices/create_preview", "GET"),
    ("/v1/invoices", "POST"),
    ("/v1/refunds", "POST"),
    ("/v1/customers/cus_1", "POST"),
]


@pytest.mark.parametrize(("endpoint", "method"), UNKNOWN_ENDPOINTS)
def test_unknown_endpoints_take_the_checkout_path_and_are_skipped(
    endpoint: str, method: str
) -> None:
    meta = {"endpoint": endpoint, "method": method}
    assert route(OFF_SESSION, meta) is None
    result = translate(OFF_SESSION, meta)
    assert result.status == "skipped"
    assert codes(result) == ["G012"]
    assert result.request is None and result.dodo is None
    assert "kind" not in result.as_dict() and "request" not in result.as_dict()


def test_a_subscription_creation_is_a_checkout_on_the_saved_method() -> None:
    """POST /v1/subscriptions (it took the checkout path and was skipped, G012): a checkout
    of the subscription product, confirmed with the customer's saved Dodo method, the same
    price (money check) and trial; the normal checkout is the fallback."""
    doc = {
        "customer": "cus_1",
        "items": [{"price": "price_1X", "quantity": "2"}],
        "default_payment_method": "pm_1",
        "trial_period_days": "7",
        "metadata": {"org": "42"},
    }
    meta = {"endpoint": "/v1/subscriptions"}
    result = translate(doc, meta, ids={"price_1X": "pdt_x", "cus_1": "cus_dodo"})
    assert (result.kind, result.request) == ("saved_method_subscription", ("POST", "/checkouts"))
    assert result.dodo is not None and result.fallback is not None
    assert result.dodo["product_cart"] == [{"product_id": "pdt_x", "quantity": 2}]
    assert result.dodo["customer"] == {"customer_id": "cus_dodo"}
    assert result.dodo["subscription_data"] == {"trial_period_days": 7}
    assert result.dodo["metadata"] == {"org": "42"}
    assert result.dodo["confirm"] is True
    assert result.dodo["payment_method_id"].startswith("s2d_pm_")
    assert "payment_method_id" not in result.fallback
    assert {"SC100", "SC007"} <= set(codes(result)) and not blockers(result)
    # without a customer there is no saved method: the normal checkout alone (SC102)
    alone = translate({"items": [{"price": "price_1X"}]}, meta, ids={"price_1X": "pdt_x"})
    assert alone.kind == "checkout_session" and alone.fallback is None
    assert "SC102" in codes(alone)
    # a backdated start or an anchor changes the first charge: blocked
    anchored = translate({**doc, "billing_cycle_anchor": "1767225600"}, meta)
    assert "SC018" in blockers(anchored)


def test_checkout_session_endpoint_is_never_a_lifecycle_call() -> None:
    meta = {"endpoint": "/v1/checkout/sessions", "method": "POST"}
    assert route(OFF_SESSION, meta) is None
    result = translate(OFF_SESSION, meta)
    assert result.kind == "checkout_session" and result.request is None


# ---------------------------------------------------------------------------------------------
# Routing by shape


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({"amount": 100, "currency": "usd"}, PI),
        ({"off_session": True}, PI),
        ({"setup_future_usage": "off_session"}, PI),
        ({"capture_method": "manual"}, PI),
        ({"payment_method": "pm_1", "confirm": True}, PI),
        ({"amount": 100, "source": "tok_visa"}, CHARGES),
        ({"amount": 100, "capture": False}, CHARGES),
        ({"usage": "off_session"}, SI),
        ({"customer": "cus_1", "single_use": {"amount": 1}}, SI),
        ({"flow_directions": ["inbound"]}, SI),
        # SetupIntent markers win over PaymentIntent ones
        ({"usage": "off_session", "amount": 100}, SI),
        (
            {"subscription": "sub_1", "subscription_details": {"items": []}},
            PREVIEW,
        ),
        (
            {"subscription_items": [{"id": "si_1", "quantity": 2}]},
            PREVIEW,
        ),
        ({"proration_behavior": "none"}, UPDATE_ROUTE),
        ({"payment_behavior": "pending_if_incomplete"}, UPDATE_ROUTE),
        ({"proration_date": 1767225600}, UPDATE_ROUTE),
        ({"cancel_at_period_end": True}, UPDATE_ROUTE),
        ({"items": [{"id": "si_1", "quantity": 2}]}, UPDATE_ROUTE),
        ({"items": [{"price": "price_1"}]}, UPDATE_ROUTE),
        ({"items": [{"price_data": {"unit_amount": 1}}]}, UPDATE_ROUTE),
        ({"items": [{"id": "si_1", "deleted": True}]}, UPDATE_ROUTE),
        # update markers win over PaymentIntent ones
        ({"proration_behavior": "none", "off_session": True}, UPDATE_ROUTE),
    ],
)
def test_route_by_shape(doc: dict[str, Any], expected: tuple[str, str | None, str | None]) -> None:
    assert _where(doc, {}) == expected
    result = translate(doc)
    assert result.status == "translated"
    assert result.request is not None


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"customer": "cus_1"},
        {"payment_method": "pm_1"},  # without confirm: nothing is charged
        {"confirm": True},
        {"items": [{"plan": "plan_1", "quantity": 1}]},
        {"items": [{"sku": "sku_1", "quantity": 1}]},
        {"items": [{"id": "item_1", "quantity": 1}]},
        {"items": "price_1"},
    ],
)
def test_shapes_that_are_not_lifecycle_calls(doc: dict[str, Any]) -> None:
    assert route(doc, {}) is None
    result = translate(doc)
    assert result.request is None and result.kind == "checkout_session"


CHECKOUT_MARKERS = [
    ("mode", "payment"),
    ("line_items", [{"price": "price_1", "quantity": 1}]),
    ("success_url", "https://example.com/ok"),
    ("cancel_url", "https://example.com/cart"),
    ("ui_mode", "embedded"),
    ("lineItems", [{"price": "price_1", "quantity": 1}]),
    ("successUrl", "https://example.com/ok"),
    ("cancelUrl", "https://example.com/cart"),
    ("sessionId", "cs_test_1"),
    ("display_items", []),
    ("client_reference_id", "order_1"),
    ("object", "checkout.session"),
]


@pytest.mark.parametrize(("marker", "value"), CHECKOUT_MARKERS)
def test_checkout_markers_are_never_routed_here(marker: str, value: Any) -> None:
    for shape in (
        OFF_SESSION,
        {"usage": "off_session"},
        {"subscription_items": [{"id": "si_1", "price": "price_1"}]},
        UPDATE,
    ):
        doc = {**shape, marker: value}
        assert route(doc, {}) is None, doc
        result = translate(doc)
        assert result.request is None and result.kind == "checkout_session", doc


def test_checkout_session_that_saves_the_method_stays_a_checkout() -> None:
    doc = {
        "mode": "payment",
        "customer": "cus_1",
        "line_items": [{"price": "price_1X", "quantity": 1}],
        "success_url": "https://example.com/ok",
        "payment_intent_data": {"setup_future_usage": "off_session"},
    }
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert result.kind == "checkout_session" and result.request is None
    assert body(result)["product_cart"] == [{"product_id": "pdt_x", "quantity": 1}]
    assert contract_errors(body(result), CheckoutSessionCreateParams) == []


@pytest.mark.parametrize(
    ("item", "quantity"),
    [({"sku": "sku_1", "quantity": 1}, 1), ({"plan": "plan_1", "quantity": 2}, 2)],
)
def test_redirect_to_checkout_items_stay_a_checkout(item: dict[str, Any], quantity: int) -> None:
    doc = {"items": [item], "successUrl": "https://example.com/ok"}
    assert route(doc, {}) is None
    result = translate(doc)
    assert result.kind == "checkout_session" and result.request is None
    (line,) = body(result)["product_cart"]
    assert line["quantity"] == quantity
    assert body(result)["return_url"] == "https://example.com/ok"
    assert contract_errors(body(result), CheckoutSessionCreateParams) == []


# ---------------------------------------------------------------------------------------------
# PaymentIntents: each kind's request, body and requirements


def test_off_session_charge_becomes_an_on_demand_charge() -> None:
    doc = {**OFF_SESSION, "description": "March usage", "metadata": {"order_id": "42"}}
    result = translate(doc)
    sub = placeholder_id("sub", "on_demand:cus_1")
    assert result.kind == "on_demand_charge"
    assert result.request == ("POST", f"/subscriptions/{sub}/charge")
    assert body(result) == {
        "product_price": 2500,
        "product_currency": "USD",
        "product_description": "March usage",
        "metadata": {"order_id": "42"},
    }
    assert list(body(result)) == list(CHARGE_ORDER)
    assert result.requires == (
        {"id": sub, "kind": "on_demand_subscription", "stripe_customer": "cus_1"},
    )
    assert {"PI100", "PI101", "PI004", "PI108"} <= set(codes(result))
    assert level(result, "PI101") is Level.WARNING
    assert not blockers(result)
    assert result.fallback is None
    assert_contract(result)


def test_off_session_charge_uses_the_mapped_on_demand_subscription() -> None:
    result = translate(OFF_SESSION, ids={"cus_1": "sub_dodo1"})
    assert result.request == ("POST", "/subscriptions/sub_dodo1/charge")
    assert result.requires == ()
    assert "PI101" not in codes(result)
    assert_contract(result)


def test_customer_mapped_to_a_dodo_customer_still_needs_the_subscription() -> None:
    result = translate(OFF_SESSION, ids={"cus_1": "cus_dodo1"})
    sub = placeholder_id("sub", "on_demand:cus_1")
    assert result.request == ("POST", f"/subscriptions/{sub}/charge")
    assert "PI101" in codes(result)
    assert [r["kind"] for r in result.requires] == ["on_demand_subscription"]


def test_off_session_charge_without_customer_is_blocked() -> None:
    doc = {k: v for k, v in OFF_SESSION.items() if k != "customer"}
    result = translate(doc)
    assert result.kind == "on_demand_charge"
    assert result.request == ("POST", "/subscriptions/{subscription_id}/charge")
    assert blockers(result) == ["PI102"]
    assert result.requires == ()


def test_charge_and_save_becomes_an_on_demand_mandate_with_an_initial_charge() -> None:
    result = translate({**CHARGE_AND_SAVE, "return_url": "https://example.com/done"})
    assert result.kind == "on_demand_mandate"
    assert result.request == CHECKOUT
    dodo = body(result)
    cus = placeholder_id("cus", "stripe_customer_id:cus_1")
    assert dodo["subscription_data"] == {
        "on_demand": {"mandate_only": False, "product_price": 2500, "product_currency": "USD"}
    }
    assert dodo["customer"] == {"customer_id": cus}
    assert dodo["return_url"] == "https://example.com/done"
    (line,) = dodo["product_cart"]
    assert line["quantity"] == 1
    required = {r["id"]: r for r in result.requires}
    product = required[line["product_id"]]
    assert product["kind"] == "product" and product["on_demand"] is True
    assert product["product"]["price"]["currency"] == "USD"
    assert required[cus] == {"id": cus, "kind": "customer", "stripe_id": "cus_1"}
    assert "PI105" in codes(result)
    assert result.fallback is None
    assert_contract(result)


def test_customer_present_charge_of_a_saved_method_becomes_an_upsell() -> None:
    result = translate(UPSELL)
    assert result.kind == "upsell"
    assert result.request == CHECKOUT
    dodo = body(result)
    method = placeholder_id("pm", "stripe_payment_method:pm_1")
    cus = placeholder_id("cus", "stripe_customer_id:cus_1")
    assert dodo["payment_method_id"] == method
    assert dodo["confirm"] is True
    assert dodo["minimal_address"] is True
    assert dodo["customer"] == {"customer_id": cus}
    (line,) = dodo["product_cart"]
    assert line["quantity"] == 1
    # the fallback is the same checkout without the one-click fields
    fallback = {
        k: v
        for k, v in dodo.items()
        if k not in ("payment_method_id", "confirm", "minimal_address")
    }
    assert result.fallback == fallback
    required = {r["id"]: r for r in result.requires}
    assert required[method] == {
        "id": method,
        "kind": "payment_method",
        "stripe_id": "pm_1",
        "customer": "cus_1",
    }
    product = required[line["product_id"]]["product"]
    assert product["price"]["price"] == 2500 and product["price"]["currency"] == "USD"
    assert product["price"]["type"] == "one_time_price"
    assert required[cus]["kind"] == "customer"
    assert {"PI103", "PI104", "PI004"} <= set(codes(result))
    assert not blockers(result)
    assert_contract(result)


def test_upsell_with_a_mapped_customer_and_return_url() -> None:
    doc = {**UPSELL, "return_url": "https://example.com/done"}
    result = translate(doc, ids={"cus_1": "cus_dodo1"})
    assert body(result)["customer"] == {"customer_id": "cus_dodo1"}
    assert body(result)["return_url"] == "https://example.com/done"
    assert result.fallback is not None
    assert result.fallback["return_url"] == "https://example.com/done"
    assert result.fallback["customer"] == {"customer_id": "cus_dodo1"}
    assert "customer" not in {r["kind"] for r in result.requires}
    assert_contract(result)


def test_upsell_without_customer_is_blocked() -> None:
    doc = {k: v for k, v in UPSELL.items() if k != "customer"}
    result = translate(doc)
    assert result.kind == "upsell"
    assert "D006" in blockers(result)


def test_other_payment_intents_become_a_one_time_checkout() -> None:
    result = translate({**ONE_TIME, "description": "Ebook", "customer": "cus_1"})
    assert result.kind == "checkout_session"
    assert result.request == CHECKOUT
    (line,) = body(result)["product_cart"]
    required = {r["id"]: r for r in result.requires}
    product = required[line["product_id"]]
    assert product["kind"] == "product"
    assert product["product"]["name"] == "Ebook"
    assert product["product"]["price"]["price"] == 2500
    assert "payment_method_id" not in body(result) and "confirm" not in body(result)
    assert "PI107" in codes(result)
    assert result.fallback is None
    assert_contract(result)


def test_setup_future_usage_on_session_is_a_one_time_checkout() -> None:
    result = translate({**ONE_TIME, "setup_future_usage": "on_session"})
    assert result.kind == "checkout_session"
    assert result.fields["setup_future_usage"][0] is Outcome.TRANSFORMED


def test_payment_intent_without_amount_is_blocked() -> None:
    result = translate({"currency": "usd", "customer": "cus_1", "off_session": True})
    assert "PI106" in blockers(result)
    # the SDK requires product_price: the body still names it, as a placeholder that is not an
    # integer (no contract, no code and no request accepts it)
    assert result.as_dict()["dodo"]["product_price"] == {"$missing": "product_price"}
    assert contract_errors(body(result), SubscriptionChargeParams) != []


@pytest.mark.parametrize("amount", ["25.00", -1, True, 12.5, None, [2500]])
def test_unusable_amounts_are_blocked(amount: Any) -> None:
    result = translate({**OFF_SESSION, "amount": amount})
    assert "PI106" in blockers(result)
    assert result.as_dict()["dodo"]["product_price"] == {"$missing": "product_price"}


# -- legacy Charges


def test_legacy_charge_with_a_customer_is_an_off_session_charge() -> None:
    doc = {"amount": 1900, "currency": "usd", "customer": "cus_1", "description": "Playbook"}
    result = translate(doc, {"endpoint": "/v1/charges"})
    assert result.kind == "on_demand_charge"
    assert result.request == (
        "POST",
        f"/subscriptions/{placeholder_id('sub', 'on_demand:cus_1')}/charge",
    )
    assert body(result) == {
        "product_price": 1900,
        "product_currency": "USD",
        "product_description": "Playbook",
    }
    assert codes(result)[0] == "LC001"
    assert "PI100" in codes(result)
    assert_contract(result)


def test_legacy_charge_without_customer_is_a_one_time_checkout() -> None:
    result = translate({"amount": 1900, "currency": "usd"}, {"endpoint": "/v1/charges"})
    assert result.kind == "checkout_session"
    assert result.request == CHECKOUT
    assert "LC001" in codes(result)
    assert_contract(result)


def test_legacy_charge_source_is_a_stripe_method() -> None:
    doc = {"amount": 1900, "currency": "usd", "customer": "cus_1", "source": "card_1"}
    result = translate(doc, {"endpoint": "/v1/charges"})
    assert result.kind == "on_demand_charge"
    assert "PI031" in codes(result)
    assert result.fields["source"] == (Outcome.APPROXIMATED, "PI031")


@pytest.mark.parametrize("capture", [False, "false"])
def test_legacy_charge_capture_false_becomes_manual_capture(capture: Any) -> None:
    doc = {"amount": 1900, "currency": "usd", "customer": "cus_1", "capture": capture}
    result = translate(doc, {"endpoint": "/v1/charges"})
    assert {"LC001", "LC002", "PI009"} <= set(codes(result))
    assert result.fields["capture"] == (Outcome.TRANSFORMED, "LC002")
    assert result.fields["capture_method"] == (Outcome.BLOCKED, "PI009")
    assert "capture" not in (result.stripe or {})


def test_legacy_charge_capture_true_is_an_ordinary_charge() -> None:
    doc = {"amount": 1900, "currency": "usd", "customer": "cus_1", "capture": "true"}
    result = translate(doc, {"endpoint": "/v1/charges"})
    assert "PI009" not in codes(result) and "LC002" not in codes(result)
    assert result.fields["capture"] == (Outcome.TRANSFORMED, "LC002")
    assert_contract(result)


@pytest.mark.parametrize(
    ("doc", "meta"),
    [
        ({**OFF_SESSION, "capture_method": "manual"}, {}),
        (
            {"amount": 1900, "currency": "usd", "customer": "cus_1", "capture": "false"},
            {"endpoint": "/v1/charges"},
        ),
    ],
)
def test_manual_capture_is_a_blocker(doc: dict[str, Any], meta: dict[str, str]) -> None:
    result = translate(doc, meta)
    assert level(result, "PI009") is Level.BLOCKER


@pytest.mark.parametrize(
    "types",
    [["card_present"], ["card_present", "interac_present"], ["interac_present"], "card_present"],
)
def test_an_in_person_terminal_payment_is_a_blocker(types: Any) -> None:
    result = translate({**ONE_TIME, "payment_method_types": types})
    assert level(result, "PI032") is Level.BLOCKER
    assert result.fields["payment_method_types"][0] is Outcome.BLOCKED
    (finding,) = [f for f in result.findings if f.code == "PI032"]
    assert finding.path == "payment_method_types"
    assert "card_present" in finding.message or "interac_present" in finding.message


def test_a_run_time_choice_of_a_reader_is_a_blocker() -> None:
    types = Expr.choice(
        "in_store ? ['card_present'] : ['card']",
        "payment_method_types",
        "in_store",
        ["card_present"],
        ["card"],
    )
    result = translate({**OFF_SESSION, "payment_method_types": types})
    assert level(result, "PI032") is Level.BLOCKER


@pytest.mark.parametrize("types", [["card"], ["card", "link"]])
def test_online_payment_method_types_stay_an_info(types: Any) -> None:
    result = translate({**ONE_TIME, "payment_method_types": types})
    assert level(result, "PI014") is Level.INFO
    assert "PI032" not in codes(result)
    assert result.fields["payment_method_types"][0] is Outcome.DROPPED


def test_run_time_methods_naming_no_reader_are_only_reported_lost() -> None:
    types = Expr("methods", "payment_method_types")
    result = translate({**ONE_TIME, "payment_method_types": types})
    assert "PI032" not in codes(result) and "RT001" in codes(result)


# -- SetupIntents


def test_setup_intent_becomes_a_mandate_only_checkout() -> None:
    doc = {
        "customer": "cus_1",
        "usage": "off_session",
        "return_url": "https://example.com/billing",
        "metadata": {"plan": "metered"},
        "payment_method_types": ["card"],
    }
    result = translate(doc)
    assert result.kind == "on_demand_mandate"
    assert result.request == CHECKOUT
    dodo = body(result)
    assert dodo["subscription_data"] == {"on_demand": {"mandate_only": True}}
    assert dodo["return_url"] == "https://example.com/billing"
    assert dodo["metadata"] == {"plan": "metered"}
    cus = placeholder_id("cus", "stripe_customer_id:cus_1")
    assert dodo["customer"] == {"customer_id": cus}
    (line,) = dodo["product_cart"]
    required = {r["id"]: r for r in result.requires}
    assert required[line["product_id"]]["on_demand"] is True
    assert required[line["product_id"]]["product"]["price"]["price"] == 0
    assert required[cus]["kind"] == "customer"
    assert {"SI100", "SI007"} <= set(codes(result))
    # a mandate charges nothing
    assert result.money == {"status": "none", "stripe": [], "dodo": []}
    assert_contract(result)


def test_setup_intent_by_endpoint_without_usage() -> None:
    result = translate({"customer": "cus_1"}, {"endpoint": "/v1/setup_intents"})
    assert result.kind == "on_demand_mandate"
    assert body(result)["subscription_data"] == {"on_demand": {"mandate_only": True}}
    assert_contract(result)


def test_setup_intent_for_a_connected_account_is_blocked() -> None:
    result = translate({"usage": "off_session", "on_behalf_of": "acct_1"})
    assert "SI012" in blockers(result)
    assert result.fields["on_behalf_of"] == (Outcome.BLOCKED, "SI012")


# ---------------------------------------------------------------------------------------------
# Money


@pytest.mark.parametrize("kind", list(PAYMENT_INTENTS))
def test_payment_intents_charge_exactly_the_stripe_amount(kind: str) -> None:
    result = translate(PAYMENT_INTENTS[kind])
    assert result.kind == kind
    line = money_line(2500, "USD")
    assert result.money == {"status": "match", "stripe": [line], "dodo": [line]}
    assert "M001" not in codes(result) and "M003" not in codes(result)


@pytest.mark.parametrize("kind", list(PAYMENT_INTENTS))
@pytest.mark.parametrize(("currency", "amount"), [("jpy", 500), ("kwd", 1234), ("EUR", 999)])
def test_minor_units_are_kept_in_every_currency(kind: str, currency: str, amount: int) -> None:
    result = translate({**PAYMENT_INTENTS[kind], "currency": currency, "amount": amount})
    line = money_line(amount, currency.upper())
    assert result.money == {"status": "match", "stripe": [line], "dodo": [line]}
    dodo = body(result)
    if kind == "on_demand_charge":
        assert dodo["product_price"] == amount
        assert dodo["product_currency"] == currency.upper()
    elif kind == "on_demand_mandate":
        on_demand = dodo["subscription_data"]["on_demand"]
        assert on_demand["product_price"] == amount
        assert on_demand["product_currency"] == currency.upper()
    else:
        (line_item,) = dodo["product_cart"]
        required = {r["id"]: r for r in result.requires}
        price = required[line_item["product_id"]]["product"]["price"]
        assert (price["price"], price["currency"]) == (amount, currency.upper())
    assert_contract(result)


@pytest.mark.parametrize("kind", list(PAYMENT_INTENTS))
def test_unknown_currency_is_a_blocker(kind: str) -> None:
    result = translate({**PAYMENT_INTENTS[kind], "currency": "xyz"})
    assert result.kind == kind
    assert "D009" in blockers(result)
    assert result.fields["currency"] == (Outcome.BLOCKED, "PI002")
    assert "XYZ" not in json.dumps(body(result))
    assert result.money is not None and result.money["status"] != "match"


@pytest.mark.parametrize("kind", ["checkout_session", "upsell"])
def test_amount_without_currency_is_a_blocker(kind: str) -> None:
    doc = {k: v for k, v in PAYMENT_INTENTS[kind].items() if k != "currency"}
    result = translate(doc)
    assert result.kind == kind
    assert body(result)["product_cart"] or blockers(result)


def _change_ids(dodo: dict[str, Any]) -> dict[str, Any]:
    return {"price_1X": {**dodo, "stripe": STRIPE_SIDE}}


def test_change_plan_money_matches_with_priced_id_map() -> None:
    doc = {
        "items": [{"id": "si_1", "price": "price_1X", "quantity": 3}],
        "proration_behavior": "none",
    }
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"}, _change_ids(PRICED))
    line = money_line(14700, "USD", "Month")
    assert result.money == {"status": "match", "stripe": [line], "dodo": [line]}
    assert body(result)["product_id"] == "pdt_x" and body(result)["quantity"] == 3
    assert not blockers(result)
    assert_contract(result)


@pytest.mark.parametrize(
    "dodo_side",
    [
        {**PRICED, "price": 5900},
        {**PRICED, "currency": "EUR"},
        {**PRICED, "interval": "year"},
    ],
)
def test_change_plan_money_mismatch_is_a_blocker(dodo_side: dict[str, Any]) -> None:
    doc = {"items": [{"id": "si_1", "price": "price_1X"}], "proration_behavior": "none"}
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"}, _change_ids(dodo_side))
    assert result.money is not None and result.money["status"] == "mismatch"
    assert set(blockers(result)) & {"M001", "M002"}


def test_change_plan_money_reads_the_documented_entry_for_both_sides() -> None:
    """{"id", "price", "currency", "interval"} says what the price charges (issue 12, item 22):
    without a "stripe" part that differs, both sides are that charge."""
    result = translate(UPDATE, {"endpoint": "/v1/subscriptions/sub_1"}, {"price_1X": PRICED})
    assert result.money is not None and result.money["status"] == "match"
    assert "M003" not in {f.code for f in result.findings}


def test_change_plan_with_inline_price_creates_the_product_and_matches() -> None:
    price_data = {
        "currency": "usd",
        "product": "prod_1",
        "unit_amount": "4900",
        "recurring": {"interval": "month"},
    }
    doc = {"items": [{"id": "si_1", "price_data": price_data}], "proration_behavior": "none"}
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"})
    product_id = body(result)["product_id"]
    required = {r["id"]: r for r in result.requires}
    assert required[product_id]["product"]["price"]["price"] == 4900
    line = money_line(4900, "USD", "Month")
    assert result.money == {"status": "match", "stripe": [line], "dodo": [line]}
    assert result.fields["items[0].price_data"] == (Outcome.TRANSFORMED, "SU006")
    assert_contract(result)


# ---------------------------------------------------------------------------------------------
# Subscription updates


def test_subscription_update_becomes_change_plan() -> None:
    doc = {
        **UPDATE,
        "payment_behavior": "pending_if_incomplete",
        "metadata": {"tier": "gold"},
        "coupon": "SPRING",
    }
    endpoint = {"endpoint": "/v1/subscriptions/sub_1"}
    result = translate(doc, endpoint, {"price_1X": "pdt_x", "sub_1": "sub_dodo1"})
    assert result.kind == "change_plan"
    assert result.request == ("POST", "/subscriptions/sub_dodo1/change-plan")
    assert body(result) == {
        "product_id": "pdt_x",
        "quantity": 2,
        "proration_billing_mode": "prorated_immediately_keep_cycle",
        "discount_codes": ["SPRING"],
        "on_payment_failure": "prevent_change",
        "metadata": {"tier": "gold"},
    }
    assert list(body(result)) == [k for k in CHANGE_ORDER if k in body(result)]
    assert result.requires == ()
    assert {"SU011", "SU015", "SU100"} <= set(codes(result))
    assert "SU101" not in codes(result)
    assert not blockers(result)
    assert_contract(result)


def test_unmapped_subscription_gets_a_placeholder() -> None:
    result = translate(UPDATE, {"endpoint": "/v1/subscriptions/sub_1"}, {"price_1X": "pdt_x"})
    sub = placeholder_id("sub", "stripe_subscription_id:sub_1")
    assert result.request == ("POST", f"/subscriptions/{sub}/change-plan")
    assert result.requires == ({"id": sub, "kind": "subscription", "stripe_id": "sub_1"},)
    assert "SU101" in codes(result)
    assert_contract(result)


def test_subscription_update_without_endpoint_names_no_subscription() -> None:
    result = translate(UPDATE, ids={"price_1X": "pdt_x"})
    assert result.request == ("POST", "/subscriptions/{subscription_id}/change-plan")
    assert "SU101" in codes(result)
    assert result.requires == ()
    assert_contract(result)


@pytest.mark.parametrize(
    ("proration", "mode"),
    [
        ("create_prorations", "prorated_immediately_keep_cycle"),
        ("always_invoice", "prorated_immediately_keep_cycle"),
        ("none", "do_not_bill"),
    ],
)
def test_proration_behaviour_becomes_a_billing_mode(proration: str, mode: str) -> None:
    doc = {**UPDATE, "proration_behavior": proration}
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert body(result)["proration_billing_mode"] == mode
    assert "SU011" in codes(result) and "SU105" not in codes(result)
    outcome = Outcome.MAPPED if proration == "none" else Outcome.APPROXIMATED
    assert result.fields["proration_behavior"] == (outcome, "SU011")
    assert_contract(result)


def test_missing_proration_behaviour_defaults_with_a_warning() -> None:
    doc = {"items": [{"id": "si_1", "price": "price_1X"}]}
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert body(result)["proration_billing_mode"] == "prorated_immediately_keep_cycle"
    assert level(result, "SU105") is Level.WARNING
    assert_contract(result)


def test_unknown_proration_behaviour_is_blocked() -> None:
    result = translate({**UPDATE, "proration_behavior": "sometimes"}, ids={"price_1X": "pdt_x"})
    assert "C091" in blockers(result)
    assert result.fields["proration_behavior"] == (Outcome.BLOCKED, "SU011")


@pytest.mark.parametrize(
    ("behavior", "failure"),
    [
        ("pending_if_incomplete", "prevent_change"),
        ("error_if_incomplete", "prevent_change"),
        ("allow_incomplete", "apply_change"),
        ("default_incomplete", "apply_change"),
    ],
)
def test_payment_behaviour_becomes_on_payment_failure(behavior: str, failure: str) -> None:
    result = translate({**UPDATE, "payment_behavior": behavior}, ids={"price_1X": "pdt_x"})
    assert body(result)["on_payment_failure"] == failure
    assert result.fields["payment_behavior"][1] == "SU013"
    assert_contract(result)


def test_unknown_payment_behaviour_is_not_sent() -> None:
    result = translate({**UPDATE, "payment_behavior": "maybe"}, ids={"price_1X": "pdt_x"})
    assert "on_payment_failure" not in body(result)
    assert "C091" in codes(result)
    assert result.fields["payment_behavior"] == (Outcome.DROPPED, "SU013")


def test_extra_item_mapped_to_an_addon_joins_as_addon() -> None:
    doc = {
        "items": [{"price": "price_1X"}, {"price": "price_1A", "quantity": "2"}],
        "proration_behavior": "none",
    }
    result = translate(doc, ids={"price_1X": "pdt_x", "price_1A": "adn_a"})
    assert body(result)["addons"] == [{"addon_id": "adn_a", "quantity": 2}]
    assert body(result)["product_id"] == "pdt_x"
    assert "SU107" in codes(result) and "SU103" not in codes(result)
    assert not blockers(result)
    assert_contract(result)


@pytest.mark.parametrize("extra", ["price_1B", "price_1P"])
def test_extra_item_not_mapped_to_an_addon_is_a_blocker(extra: str) -> None:
    # price_1B is not in the id map; price_1P maps to a product, not an addon
    doc = {"items": [{"price": "price_1X"}, {"price": extra}], "proration_behavior": "none"}
    result = translate(doc, ids={"price_1X": "pdt_x", "price_1P": "pdt_p"})
    assert "SU103" in blockers(result)
    assert "addons" not in body(result)
    assert extra in next(f.message for f in result.findings if f.code == "SU103")


def test_addon_with_unusable_quantity_is_blocked() -> None:
    doc = {
        "items": [{"price": "price_1X"}, {"price": "price_1A", "quantity": "two"}],
        "proration_behavior": "none",
    }
    result = translate(doc, ids={"price_1X": "pdt_x", "price_1A": "adn_a"})
    assert blockers(result) or contract_errors(body(result), SubscriptionChangePlanParams) == []


def test_quantity_only_update_keeps_the_current_product() -> None:
    doc = {"items": [{"id": "si_1", "quantity": "5"}], "proration_behavior": "always_invoice"}
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"}, {"sub_1": "sub_dodo1"})
    product = placeholder_id("pdt", "current_product:si_1")
    assert body(result) == {
        "product_id": product,
        "quantity": 5,
        "proration_billing_mode": "prorated_immediately_keep_cycle",
    }
    assert result.requires == ({"id": product, "kind": "current_product", "stripe_item": "si_1"},)
    assert level(result, "SU102") is Level.WARNING
    assert result.money is not None and result.money["status"] == "none"
    assert_contract(result)


@pytest.mark.parametrize("quantity", [0, -3])
def test_quantity_only_update_with_unusable_quantity_is_blocked(quantity: int) -> None:
    doc = {"items": [{"id": "si_1", "quantity": quantity}], "proration_behavior": "none"}
    result = translate(doc)
    assert blockers(result)


def test_price_update_with_zero_quantity_is_blocked() -> None:
    doc = {"items": [{"id": "si_1", "price": "price_1X", "quantity": 0}]}
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert "L109" in blockers(result)


def test_deleted_items_are_not_part_of_the_new_plan() -> None:
    doc = {
        "items": [{"id": "si_old", "deleted": "true"}, {"price": "price_1X", "quantity": 1}],
        "proration_behavior": "create_prorations",
    }
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert body(result)["product_id"] == "pdt_x"
    assert "addons" not in body(result)
    assert "SU005" in codes(result) and "SU103" not in codes(result)
    assert result.fields["items[0].deleted"] == (Outcome.TRANSFORMED, "SU005")
    assert not blockers(result)
    assert_contract(result)


def test_a_deleted_item_is_reported_once() -> None:
    doc = {"items": [{"id": "si_old", "deleted": True}, {"price": "price_1X"}]}
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert codes(result).count("SU005") == 1


def test_an_item_that_is_not_deleted_is_not_reported_as_deleted() -> None:
    doc = {"items": [{"id": "si_1", "price": "price_1X", "deleted": "false"}]}
    result = translate(doc, ids={"price_1X": "pdt_x"})
    assert body(result)["product_id"] == "pdt_x"
    assert "SU005" not in codes(result)


def test_only_deleted_items_is_no_plan_change() -> None:
    result = translate({"items": [{"id": "si_1", "deleted": True}], "proration_behavior": "none"})
    assert "SU106" in blockers(result)
    assert result.kind == "change_plan"


def test_update_without_a_new_plan_is_blocked() -> None:
    # (with `cancel_at_period_end: true` this update was blocked too: it is the PATCH now)
    doc = {"proration_behavior": "none", "description": "Gold"}
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"})
    assert "SU106" in blockers(result)


def test_a_cancel_only_update_is_the_subscription_patch() -> None:
    doc = {"proration_behavior": "none", "cancel_at_period_end": "true"}  # form-encoded
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"}, ids={"sub_1": "sub_dodo"})
    assert (result.kind, result.request) == (
        "subscription_patch",
        ("PATCH", "/subscriptions/sub_dodo"),
    )
    assert result.dodo == {"cancel_at_next_billing_date": True}
    assert not blockers(result)
    assert result.fields["cancel_at_period_end"] == (Outcome.MAPPED, "SU021")
    assert result.fields["proration_behavior"] == (Outcome.DROPPED, "SU011")
    assert {f.code for f in result.findings} >= {"SU108", "SU109"}
    # not a boolean: no flag to send, so still no plan to change
    junk = translate({"cancel_at_period_end": None}, {"endpoint": "/v1/subscriptions/sub_1"})
    assert junk.kind == "change_plan" and "SU106" in blockers(junk)


def test_trial_on_a_plan_change_is_a_blocker() -> None:
    result = translate({**UPDATE, "trial_end": NOW + 86_400}, ids={"price_1X": "pdt_x"})
    assert "SU019" in blockers(result)


def test_subscription_item_endpoint_updates_that_items_subscription() -> None:
    meta = {"endpoint": "/v1/subscription_items/si_Team"}
    result = translate({"quantity": "12", "proration_behavior": "create_prorations"}, meta)
    assert result.kind == "change_plan"
    sub = placeholder_id("sub", "stripe_subscription_item:si_Team")
    product = placeholder_id("pdt", "current_product:si_Team")
    assert result.request == ("POST", f"/subscriptions/{sub}/change-plan")
    assert body(result) == {
        "product_id": product,
        "quantity": 12,
        "proration_billing_mode": "prorated_immediately_keep_cycle",
    }
    assert {r["kind"] for r in result.requires} == {"current_product", "subscription"}
    assert {"LC011", "SU102", "SU101"} <= set(codes(result))
    assert result.fields["items[0].quantity"] == (Outcome.MAPPED, "SU003")
    assert_contract(result)


def test_subscription_item_endpoint_with_a_new_price() -> None:
    meta = {"endpoint": "/v1/subscription_items/si_1/"}
    doc = {"price": "price_1X", "quantity": 2, "proration_behavior": "none"}
    result = translate(doc, meta, {"price_1X": "pdt_x"})
    assert body(result)["product_id"] == "pdt_x" and body(result)["quantity"] == 2
    assert body(result)["proration_billing_mode"] == "do_not_bill"
    assert result.stripe is not None
    assert result.stripe["items"] == [{"id": "si_1", "price": "price_1X", "quantity": 2}]
    assert_contract(result)


# -- invoice previews


def test_create_preview_becomes_change_plan_preview() -> None:
    doc = {
        "subscription": "sub_1",
        "customer": "cus_1",
        "subscription_details": {
            "items": [{"id": "si_1", "price": "price_1X", "quantity": 2}],
            "proration_behavior": "always_invoice",
        },
    }
    meta = {"endpoint": "/v1/invoices/create_preview"}
    result = translate(doc, meta, {"price_1X": "pdt_x", "sub_1": "sub_dodo1"})
    assert result.kind == "change_plan_preview"
    assert result.request == ("POST", "/subscriptions/sub_dodo1/change-plan/preview")
    assert body(result) == {
        "product_id": "pdt_x",
        "quantity": 2,
        "proration_billing_mode": "prorated_immediately_keep_cycle",
    }
    assert {"LC010", "SU037"} <= set(codes(result))
    assert result.fields["subscription_details"] == (Outcome.TRANSFORMED, "LC010")
    assert not blockers(result)
    assert_contract(result)


def test_legacy_upcoming_invoice_becomes_change_plan_preview() -> None:
    doc = {
        "subscription": "sub_1",
        "subscription_items": [{"id": "si_1", "price": "price_1X"}],
        "subscription_proration_behavior": "none",
        "subscription_proration_date": "1767225600",
    }
    meta = {"endpoint": "/v1/invoices/upcoming", "method": "GET"}
    result = translate(doc, meta, {"price_1X": "pdt_x"})
    sub = placeholder_id("sub", "stripe_subscription_id:sub_1")
    assert result.request == ("POST", f"/subscriptions/{sub}/change-plan/preview")
    assert body(result)["proration_billing_mode"] == "do_not_bill"
    assert result.fields["proration_date"] == (Outcome.DROPPED, "SU012")
    for old in ("subscription_items", "subscription_proration_behavior"):
        assert result.fields[old] == (Outcome.TRANSFORMED, "LC010")
    assert_contract(result)


def test_preview_by_shape_without_endpoint() -> None:
    doc = {"subscription": "sub_1", "subscription_items": [{"id": "si_1", "quantity": 2}]}
    result = translate(doc, ids={"sub_1": "sub_dodo1"})
    assert result.kind == "change_plan_preview"
    assert result.request == ("POST", "/subscriptions/sub_dodo1/change-plan/preview")
    assert body(result)["quantity"] == 2
    assert_contract(result)


@pytest.mark.parametrize(
    "meta",
    [
        {"endpoint": "/v1/invoices/create_preview"},
        {"endpoint": "/v1/invoices/upcoming", "method": "GET"},
    ],
)
def test_preview_without_subscription_is_blocked(meta: dict[str, str]) -> None:
    doc = {"customer": "cus_1", "subscription_details": {"items": [{"price": "price_1X"}]}}
    result = translate(doc, meta, {"price_1X": "pdt_x"})
    assert result.kind == "change_plan_preview"
    assert "LC012" in blockers(result)
    assert result.request == ("POST", "/subscriptions/{subscription_id}/change-plan/preview")


# ---------------------------------------------------------------------------------------------
# Form-encoded values


def test_form_strings_are_coerced_for_a_charge() -> None:
    doc = {
        "amount": "2500",
        "currency": "usd",
        "customer": "cus_1",
        "off_session": "true",
        "confirm": "true",
        "error_on_requires_action": "true",
        "metadata": {"n": "7"},
    }
    result = translate(doc, {"endpoint": "/v1/payment_intents"})
    assert result.kind == "on_demand_charge"
    assert body(result)["product_price"] == 2500
    assert body(result)["metadata"] == {"n": "7"}  # metadata stays strings
    assert result.stripe is not None
    assert result.stripe["off_session"] is True and result.stripe["amount"] == 2500
    line = money_line(2500, "USD")
    assert result.money == {"status": "match", "stripe": [line], "dodo": [line]}
    assert_contract(result)


def test_form_false_is_false() -> None:
    doc = {**UPSELL, "amount": "2500", "off_session": "false", "confirm": "true"}
    result = translate(doc, {"endpoint": "/v1/payment_intents"})
    assert result.kind == "upsell"
    assert_contract(result)


def test_form_strings_are_coerced_for_a_subscription_update() -> None:
    doc = {
        "items": [{"id": "si_1", "price": "price_1X", "quantity": "3"}],
        "proration_behavior": "none",
        "proration_date": "1767225600",
        "cancel_at_period_end": "false",
    }
    result = translate(doc, {"endpoint": "/v1/subscriptions/sub_1"}, {"price_1X": "pdt_x"})
    assert body(result)["quantity"] == 3
    assert result.stripe is not None
    assert result.stripe["proration_date"] == 1767225600
    assert result.stripe["cancel_at_period_end"] is False
    assert_contract(result)


def test_non_numeric_strings_are_not_coerced() -> None:
    result = translate({**OFF_SESSION, "amount": "25.00"}, {"endpoint": "/v1/payment_intents"})
    assert "PI106" in blockers(result)
    assert result.stripe is not None and result.stripe["amount"] == "25.00"


@pytest.mark.parametrize(
    "doc",
    [
        {"amount": "²", "currency": "usd"},
        {"amount": "١٢٣", "currency": "usd", "customer": "cus_1", "off_session": "true"},
        {"items": [{"id": "si_1", "quantity": "³"}]},
        {"setup_future_usage": {"trial_end": "²"}},
    ],
)
def test_only_ascii_digit_strings_are_coerced(doc: dict[str, Any]) -> None:
    # regression: "²".isdigit() is true but int("²") raised out of translate_params
    result = translate(doc)
    assert result.status == "translated"
    assert result.stripe is not None
    assert not any(isinstance(v, int) for v in result.stripe.values() if not isinstance(v, bool))
    if "amount" in doc:
        assert "PI106" in blockers(result)


CURL_OFF_SESSION = """\
# an off-session charge, as Stripe's docs print it
curl https://api.stripe.com/v1/payment_intents \\
  -u "sk_test_123:" \\
  -d amount=2500 \\
  -d currency=usd \\
  -d customer=cus_1 \\
  -d payment_method=pm_1 \\
  -d off_session=true \\
  -d confirm=true \\
  -d "metadata[order_id]"=42
"""
CURL_LIFECYCLE = """\
curl https://api.stripe.com/v1/subscriptions/sub_9/ \\
  -u "sk_test_123:" \\
  -d "items[0][id]"=si_1 \\
  -d "items[0][quantity]"=4 \\
  -d proration_behavior=none
curl -G "https://api.stripe.com/v1/invoices/upcoming?subscription=sub_1" \\
  -u "sk_test_123:" \\
  -d "subscription_items[0][id]"=si_1 \\
  -d "subscription_items[0][price]"=price_1X
curl https://api.stripe.com/v1/charges \\
  -u "sk_test_123:" \\
  -d amount=1900 \\
  -d currency=jpy \\
  -d customer=cus_1 \\
  -d capture=false
curl https://api.stripe.com/v1/subscription_items/si_Team \\
  -u "sk_test_123:" \\
  -d quantity=12 \\
  -d proration_behavior=create_prorations
curl https://api.stripe.com/v1/setup_intents \\
  -u "sk_test_123:" \\
  -d customer=cus_1 \\
  -d "payment_method_types[]"=card
curl https://api.stripe.com/v1/refunds \\
  -u "sk_test_123:" \\
  -d charge=ch_1 \\
  -d amount=100
"""


def _curl(tmp_path: Path, text: str, ids: dict[str, Any] | None = None) -> list[Translation]:
    path = tmp_path / "calls.sh"
    path.write_text(text, encoding="utf-8")
    opts = Options(ids=IdMap.from_json(ids or {}), now=NOW)
    return list(translate_paths([str(path)], opts))


def test_curl_off_session_charge_end_to_end(tmp_path: Path) -> None:
    (result,) = _curl(tmp_path, CURL_OFF_SESSION)
    assert result.source.format == "curl"
    assert result.kind == "on_demand_charge"
    sub = placeholder_id("sub", "on_demand:cus_1")
    assert result.request == ("POST", f"/subscriptions/{sub}/charge")
    assert body(result) == {
        "product_price": 2500,
        "product_currency": "USD",
        "metadata": {"order_id": "42"},
    }
    assert "sk_test_123" not in json.dumps(result.as_dict(full=True))
    assert_contract(result)


def test_curl_lifecycle_calls_are_routed_by_their_endpoint(tmp_path: Path) -> None:
    results = _curl(tmp_path, CURL_LIFECYCLE, {"price_1X": "pdt_x"})
    update, preview, charge, item, setup, refund = results
    assert (update.kind, update.request) == (
        "change_plan",
        (
            "POST",
            f"/subscriptions/{placeholder_id('sub', 'stripe_subscription_id:sub_9')}/change-plan",
        ),
    )
    assert body(update)["quantity"] == 4 and body(update)["proration_billing_mode"] == "do_not_bill"
    # curl -G: a GET, with the query string's subscription read too
    assert preview.kind == "change_plan_preview"
    sub_1 = placeholder_id("sub", "stripe_subscription_id:sub_1")
    assert preview.request == ("POST", f"/subscriptions/{sub_1}/change-plan/preview")
    assert "LC010" in codes(preview)
    assert charge.kind == "on_demand_charge"
    assert body(charge) == {"product_price": 1900, "product_currency": "JPY"}
    assert {"LC001", "LC002", "PI009"} <= set(codes(charge))
    assert (item.kind, body(item)["quantity"]) == ("change_plan", 12)
    assert "LC011" in codes(item)
    assert setup.kind == "on_demand_mandate"
    assert body(setup)["subscription_data"] == {"on_demand": {"mandate_only": True}}
    assert refund.status == "skipped" and codes(refund) == ["G012"]
    for result in (update, preview, item, setup):
        assert_contract(result)


# ---------------------------------------------------------------------------------------------
# Every field decided, input never mutated, result shape

ALL_FIELDS_DOCS: list[tuple[dict[str, Any], dict[str, str]]] = [
    (
        {
            **OFF_SESSION,
            "description": "Usage",
            "metadata": {"a": "1"},
            "statement_descriptor": "ACME",
            "receipt_email": "a@example.com",
            "payment_method_types": ["card"],
            "automatic_payment_methods": {"enabled": True},
            "shipping": {"name": "Ada", "address": {"country": "GB"}},
            "payment_method_options": {"card": {"request_three_d_secure": "any"}},
            "error_on_requires_action": True,
            "expand": ["latest_charge"],
            "amout_x": 1,
        },
        {},
    ),
    ({**CHARGE_AND_SAVE, "return_url": "https://example.com/done"}, {}),
    ({**UPSELL, "transfer_data": {"destination": "acct_1"}, "on_behalf_of": "acct_1"}, {}),
    (
        {"amount": "1900", "currency": "usd", "customer": "cus_1", "capture": "false"},
        {"endpoint": "/v1/charges"},
    ),
    (
        {
            "customer": "cus_1",
            "usage": "off_session",
            "payment_method": "pm_1",
            "confirm": True,
            "mandate_data": {"customer_acceptance": {"type": "online"}},
            "flow_x": 1,
        },
        {},
    ),
    (
        {
            "items": [
                {"id": "si_1", "price": "price_1X", "quantity": 2, "metadata": {"a": "b"}},
                {"id": "si_2", "deleted": True, "clear_usage": True},
                {"price": "price_1A", "tax_rates": ["txr_1"], "discounts": [{"coupon": "C"}]},
            ],
            "proration_behavior": "create_prorations",
            "payment_behavior": "default_incomplete",
            "billing_cycle_anchor": "now",
            "proration_date": 1767225600,
            "cancel_at": 1767225600,
            "default_payment_method": "pm_1",
            "automatic_tax": {"enabled": True},
            "discounts": [{"coupon": "SPRING"}],
            "promotion_code": "promo_1",
            "prorate_x": True,
        },
        {"endpoint": "/v1/subscriptions/sub_1"},
    ),
    (
        {
            "subscription": "sub_1",
            "customer": "cus_1",
            "subscription_details": {
                "items": [{"id": "si_1", "price": "price_1X"}],
                "proration_behavior": "none",
                "proration_date": 1767225600,
            },
        },
        {"endpoint": "/v1/invoices/create_preview"},
    ),
    (
        {
            "subscription": "sub_1",
            "subscription_items": [{"id": "si_1", "quantity": 2}],
            "subscription_proration_behavior": "always_invoice",
            "subscription_trial_end": 1767225600,
        },
        {"endpoint": "/v1/invoices/upcoming", "method": "GET"},
    ),
    (
        {"price": "price_1X", "quantity": "3", "metadata": {"seat": "a"}},
        {"endpoint": "/v1/subscription_items/si_1"},
    ),
]


@pytest.mark.parametrize(("doc", "meta"), ALL_FIELDS_DOCS)
def test_every_stripe_field_ends_with_an_outcome(doc: dict[str, Any], meta: dict[str, str]) -> None:
    before = copy.deepcopy(doc)
    result = translate(doc, meta, {"price_1X": "pdt_x", "price_1A": "adn_a"})
    assert doc == before  # the input is never mutated
    assert result.request is not None
    assert result.stripe is not None
    assert undecided(result.stripe, result) == []
    if "subscription_items" not in meta.get("endpoint", ""):
        # the item endpoint reads its body as items[0]: the fields are named after that
        assert undecided(doc, result) == []
    for outcome, code in result.fields.values():
        assert isinstance(outcome, Outcome)
        assert code in TABLE.by_code
    assert_contract(result)


def test_the_input_is_never_mutated() -> None:
    docs: list[tuple[dict[str, Any], dict[str, str]]] = [
        ({**OFF_SESSION, "amount": "2500", "off_session": "true"}, {"endpoint": "/v1/charges"}),
        (
            {"amount": "10", "currency": "usd", "customer": "c", "capture": "false"},
            {"endpoint": "/v1/charges"},
        ),
        ({"price": "price_1X", "quantity": "2"}, {"endpoint": "/v1/subscription_items/si_1"}),
        (
            {"subscription": "sub_1", "subscription_details": {"items": [{"quantity": "2"}]}},
            {"endpoint": "/v1/invoices/create_preview"},
        ),
        ({"items": [{"id": "si_1", "quantity": "4", "deleted": "false"}]}, {}),
        ({"usage": "off_session", "metadata": {"k": "v"}}, {}),
    ]
    for doc, meta in docs:
        before = copy.deepcopy(doc)
        translate(doc, meta)
        assert doc == before, meta


def test_as_dict_has_kind_request_and_fallback() -> None:
    out = translate(UPSELL).as_dict()
    assert out["kind"] == "upsell"
    assert out["request"] == {"method": "POST", "path": "/checkouts"}
    assert out["fallback"] == translate(UPSELL).fallback
    assert "payment_method_id" in out["dodo"] and "payment_method_id" not in out["fallback"]
    charge = translate(OFF_SESSION).as_dict(full=True)
    assert charge["kind"] == "on_demand_charge"
    assert charge["request"]["path"].endswith("/charge")
    assert "fallback" not in charge
    assert charge["fields"]["off_session"] == ["mapped", "PI005"]
    json.dumps(charge)  # JSON-able
    checkout = translate({"mode": "payment", "line_items": [{"price": "price_1"}]}).as_dict()
    assert "kind" not in checkout and "request" not in checkout and "fallback" not in checkout


def test_stripe_version_header_is_noted() -> None:
    result = translate(
        OFF_SESSION, {"endpoint": "/v1/payment_intents", "stripe_version": "2020-08-27"}
    )
    assert "G015" in codes(result)
    assert result.kind == "on_demand_charge"


# ---------------------------------------------------------------------------------------------
# The CLI


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_cli_translate_json_shows_kind_and_request(tmp_path: Path) -> None:
    path = tmp_path / "pi.json"
    path.write_text(json.dumps(OFF_SESSION), encoding="utf-8")
    code, out = _cli("translate", str(path), "--format", "json")
    assert code == ExitCode.CLEAN  # warnings only
    (result,) = json.loads(out)["results"]
    sub = placeholder_id("sub", "on_demand:cus_1")
    assert result["kind"] == "on_demand_charge"
    assert result["request"] == {"method": "POST", "path": f"/subscriptions/{sub}/charge"}
    assert result["dodo"] == {"product_price": 2500, "product_currency": "USD"}
    assert result["money"]["status"] == "match"


def test_cli_translate_json_with_id_map(tmp_path: Path) -> None:
    path = tmp_path / "pi.json"
    path.write_text(json.dumps(OFF_SESSION), encoding="utf-8")
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps({"cus_1": "sub_dodo1"}), encoding="utf-8")
    code, out = _cli("translate", str(path), "--id-map", str(ids), "--format", "json")
    (result,) = json.loads(out)["results"]
    assert result["request"]["path"] == "/subscriptions/sub_dodo1/charge"
    assert "requires" not in result
    assert code == ExitCode.CLEAN


def test_cli_translate_text_shows_the_dodo_call(tmp_path: Path) -> None:
    path = tmp_path / "pi.json"
    path.write_text(json.dumps(OFF_SESSION), encoding="utf-8")
    code, out = _cli("translate", str(path))
    sub = placeholder_id("sub", "on_demand:cus_1")
    assert f"dodo call: POST /subscriptions/{sub}/charge" in out
    assert code == ExitCode.CLEAN


def test_cli_blocked_lifecycle_call_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "pi.json"
    doc = {k: v for k, v in OFF_SESSION.items() if k != "customer"}
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out = _cli("translate", str(path))
    assert code == ExitCode.FINDINGS
    assert "PI102" in out


def test_a_discount_field_without_an_id_applies_no_code() -> None:
    """`promotion_code: false` (or a number) names no discount: the plan change sends no code,
    never the value itself (found by the property tests)."""
    doc = {
        "items": [{"price": "price_1X"}],
        "proration_behavior": "create_prorations",
        "promotion_code": False,
    }
    result = translate_params(doc, SOURCE, Options(), {})
    assert result.dodo is not None and result.kind == "change_plan"
    assert "discount_codes" not in result.dodo


def test_a_setup_intent_whose_usage_is_screened_out_is_still_a_setup_intent() -> None:
    """A control character in `usage` drops its value (D018), not what the document is: it is
    routed by the fields sent and stays a mandate (found by the property tests)."""
    doc = {
        "customer": "cus_1",
        "payment_method": "pm_1",
        "confirm": False,
        "usage": "\x00",
        "return_url": "https://app.example.com/billing",
    }
    result = translate_params(doc, SOURCE, Options(), {})
    assert result.kind == "on_demand_mandate"
    assert "D018" in [f.code for f in result.findings]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("cancel_at", 1767225600, "SC034"),
        ("cancel_at", "max_period_end", "SC034"),
        ("cancel_at_period_end", True, "SC022"),
        ("cancel_at_period_end", "true", "SC022"),  # form-encoded
    ],
)
def test_subscription_create_that_ends_blocks(field: str, value: Any, code: str) -> None:
    """A subscription Stripe ends (at a time, or after its first period) becomes a Dodo
    subscription with no end: the translation blocks (it was SC090 / SC022, warnings)."""
    doc = {"customer": "cus_1", "items": [{"price": "price_1"}], field: value}
    result = translate(doc, {"endpoint": "/v1/subscriptions"})
    assert blockers(result) == [code]
    assert result.fields[field] == (Outcome.BLOCKED, code)


def test_subscription_create_cancel_at_period_end_false_is_the_default() -> None:
    doc = {"customer": "cus_1", "items": [{"price": "price_1"}], "cancel_at_period_end": False}
    result = translate(doc, {"endpoint": "/v1/subscriptions"})
    assert not blockers(result)
    assert "SC022" not in codes(result)
    assert result.fields["cancel_at_period_end"] == (Outcome.MAPPED, "SC022")

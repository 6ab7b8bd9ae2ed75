"""Checkout's ``payment_intent_data.setup_future_usage: off_session`` (issue 12, item 4).

Stripe charges the cart and keeps the method for charges without the buyer. Dodo allows those
only under an on-demand subscription's mandate (seed 001), so a cart of one one-time line of
known amount becomes the mandate checkout with that amount as its initial charge, as PI105 does
for a PaymentIntent (P100); any other cart stays a payment and P101 names what breaks."""

from __future__ import annotations

from typing import Any

from dodopayments.types import CheckoutSessionCreateParams

from migrate.findings import Level, Outcome
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from tests.dodo_contract import contract_errors

SOURCE = SourceRef("x", "json")
SAVE = {"payment_intent_data": {"setup_future_usage": "off_session"}}
PACK = {
    "price_data": {
        "currency": "usd",
        "unit_amount": 2450,
        "product_data": {"name": "Starter pack"},
    },
    "quantity": 2,
}


def translate(doc: dict[str, Any], ids: dict[str, Any] | None = None) -> Translation:
    result = translate_params(doc, SOURCE, Options(ids=IdMap.from_json(ids or {})))
    assert result.status == "translated" and result.dodo is not None
    return result


def finding(result: Translation, code: str) -> Any:
    (found,) = [f for f in result.findings if f.code == code]
    return found


def test_one_known_line_becomes_an_on_demand_mandate_with_its_amount_as_initial_charge() -> None:
    result = translate({"mode": "payment", "line_items": [PACK], **SAVE})
    body = result.dodo
    assert body is not None
    assert body["subscription_data"] == {
        "on_demand": {
            "mandate_only": False,
            "product_price": 4900,  # 2 x 24.50: what Stripe charges now
            "product_currency": "USD",
            "product_description": "Starter pack",
        }
    }
    (line,) = body["product_cart"]
    (req,) = result.requires  # the mandate product replaces the pack's product
    assert line == {"product_id": req["id"], "quantity": 1} and req["on_demand"] is True
    assert finding(result, "P100").level is Level.WARNING
    assert "49.00 USD" in finding(result, "P100").message
    assert result.fields["payment_intent_data.setup_future_usage"] == (
        Outcome.TRANSFORMED,
        "P100",
    )
    assert result.money is not None and result.money["status"] == "match"
    assert contract_errors(body, CheckoutSessionCreateParams) == []


def test_a_price_whose_stripe_amount_is_unverified_is_not_made_an_initial_charge() -> None:
    # nothing (no snapshot, recording or priced id-map entry) says what the price charges
    ids = {"price_1Pack": "pdt_pack"}
    result = translate(
        {"mode": "payment", "line_items": [{"price": "price_1Pack", "quantity": 1}], **SAVE}, ids
    )
    assert result.dodo is not None and "subscription_data" not in result.dodo
    assert "amount is not known" in finding(result, "P101").message


def test_several_lines_stay_a_payment_and_say_what_breaks() -> None:
    second = {"price_data": {**PACK["price_data"], "unit_amount": 100}, "quantity": 1}
    result = translate({"mode": "payment", "line_items": [PACK, second], **SAVE})
    assert result.dodo is not None and "subscription_data" not in result.dodo
    assert len(result.dodo["product_cart"]) == 2
    warning = finding(result, "P101")
    assert warning.level is Level.WARNING
    assert "2 lines" in warning.message and "off-session charges" in warning.message
    assert result.fields["payment_intent_data.setup_future_usage"][1] == "P101"


def test_an_unknown_amount_or_a_discount_is_not_made_an_initial_charge() -> None:
    unknown = translate(
        {"mode": "payment", "line_items": [{"price": "price_1Unknown", "quantity": 1}], **SAVE}
    )
    assert "amount is not known" in finding(unknown, "P101").message
    discounted = translate(
        {"mode": "payment", "line_items": [PACK], "discounts": [{"coupon": "SAVE10"}], **SAVE}
    )
    assert "discount" in finding(discounted, "P101").message
    assert "subscription_data" not in (discounted.dodo or {})


def test_on_session_needs_no_field() -> None:
    result = translate(
        {
            "mode": "payment",
            "line_items": [PACK],
            "payment_intent_data": {"setup_future_usage": "on_session"},
        }
    )
    assert finding(result, "P002").level is Level.INFO
    assert "subscription_data" not in (result.dodo or {})
    assert not {"P100", "P101"} & {f.code for f in result.findings}


def test_the_replaced_product_is_neither_required_nor_mentioned() -> None:
    result = translate({"mode": "payment", "line_items": [PACK], **SAVE})
    ids = [r["id"] for r in result.requires]
    assert not [f for f in result.findings if f.code == "L102"]  # it is not in the cart any more
    assert all(i in str(result.dodo) for i in ids)

"""A Checkout price line without `quantity`: Stripe accepts it only for a metered price (in
subscription mode), so the Dodo line's quantity 1 is never silent: L115 blocks where the price
is or may be metered, L116 says Stripe rejects the line where it cannot be."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.findings import Level
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap

SOURCE = SourceRef("payload.json", "json")


def translate(doc: dict[str, Any], ids: dict[str, Any] | None = None) -> Translation:
    return translate_params(doc, SOURCE, Options(ids=IdMap.from_json(ids or {})))


def found(result: Translation) -> dict[str, Level]:
    return {f.code: f.level for f in result.findings if f.code in ("L115", "L116")}


def session(mode: str, line: dict[str, Any]) -> dict[str, Any]:
    return {"mode": mode, "line_items": [line], "success_url": "https://e.com/ok"}


def test_subscription_line_without_quantity_blocks() -> None:
    result = translate(session("subscription", {"price": "price_X"}))
    assert found(result) == {"L115": Level.BLOCKER}
    assert result.dodo is not None and result.dodo["product_cart"][0]["quantity"] == 1


def test_recorded_metered_price_blocks_with_its_reason() -> None:
    """A recorded session's metered line has `quantity: null` and its price object says
    `usage_type: metered`."""
    price = {
        "id": "price_M",
        "object": "price",
        "currency": "usd",
        "unit_amount": 1,
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "metered"},
    }
    doc = {
        "object": "checkout.session",
        "id": "cs_test_1",
        "mode": "subscription",
        "line_items": {"object": "list", "data": [{"price": price, "quantity": None}]},
    }
    result = translate(doc)
    (finding,) = [f for f in result.findings if f.code == "L115"]
    assert finding.level is Level.BLOCKER
    assert "price_M is metered" in finding.message


@pytest.mark.parametrize(
    ("mode", "line", "ids", "words"),
    [
        ("payment", {"price": "price_X"}, None, "`payment` checkout"),
        (
            "subscription",
            {"price": "price_X"},
            {"price_X": {"id": "pdt_1", "price": 1000, "currency": "USD", "interval": "Month"}},
            "licensed price",
        ),
        (
            "payment",
            {"price_data": {"currency": "usd", "unit_amount": 500, "product_data": {"name": "M"}}},
            None,
            "inline price",
        ),
    ],
)
def test_line_stripe_rejects_without_quantity_is_said(
    mode: str, line: dict[str, Any], ids: dict[str, Any] | None, words: str
) -> None:
    result = translate(session(mode, line), ids)
    assert found(result) == {"L116": Level.WARNING}
    (finding,) = [f for f in result.findings if f.code == "L116"]
    assert words in finding.message


@pytest.mark.parametrize("mode", ["payment", "subscription"])
def test_line_with_quantity_is_not_reported(mode: str) -> None:
    assert found(translate(session(mode, {"price": "price_X", "quantity": 2}))) == {}


def test_legacy_items_default_their_quantity() -> None:
    """`subscription_data.items` (pre-2020) defaulted `quantity` to 1: no finding."""
    doc = {"subscription_data": {"items": [{"plan": "plan_Gold"}]}, "success_url": "https://e.com"}
    assert found(translate(doc)) == {}

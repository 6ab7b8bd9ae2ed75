"""A free shipping rate offered beside a paid one: the buyer picks one of them on Stripe's page.
Seen in a Next.js shop whose API route offers "free, 5-7 days" (amount 0) and "express" (a fixed
700 USD cents). The free rate was dropped as free (C027), the paid one became a shipping product in
every cart (C025, a warning): the buyer who would have picked free shipping paid 7.00 USD more,
with no blocking finding. A choice between rates, free or paid, is one C026 blocker now."""

from __future__ import annotations

from typing import Any

from migrate.findings import Level
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap

SOURCE = SourceRef("payload.json", "json")


def translate(doc: dict[str, Any]) -> Translation:
    return translate_params(doc, SOURCE, Options(ids=IdMap.from_json({})))


def rate(name: str, amount: int) -> dict[str, Any]:
    return {
        "shipping_rate_data": {
            "type": "fixed_amount",
            "display_name": name,
            "fixed_amount": {"amount": amount, "currency": "usd"},
        }
    }


def session(*rates: dict[str, Any]) -> dict[str, Any]:
    return {
        "mode": "payment",
        "line_items": [{"price": "price_Mug", "quantity": 2}],
        "shipping_options": list(rates),
        "success_url": "https://shop.example/ok",
    }


def codes(result: Translation) -> dict[str, Level]:
    return {f.code: f.level for f in result.findings if f.code.startswith("C02")}


def test_free_and_paid_rate_is_a_choice_that_blocks() -> None:
    result = translate(session(rate("Free", 0), rate("Express", 700)))
    assert codes(result).get("C026") == Level.BLOCKER
    assert "C025" not in codes(result)
    blocker = next(f for f in result.findings if f.code == "C026")
    assert "chooses" in blocker.message and "Free" in blocker.message
    # no shipping product is added to every cart
    cart = result.dodo["product_cart"] if result.dodo else []
    assert len(cart) == 1


def test_one_paid_rate_alone_is_still_a_shipping_product() -> None:
    result = translate(session(rate("Courier", 700)))
    assert codes(result) == {"C025": Level.WARNING}
    assert result.dodo is not None and len(result.dodo["product_cart"]) == 2


def test_only_free_rates_drop_with_nothing_to_charge() -> None:
    result = translate(session(rate("Free", 0), rate("Pickup", 0)))
    assert "C026" not in codes(result) and "C025" not in codes(result)
    assert result.dodo is not None and len(result.dodo["product_cart"]) == 1

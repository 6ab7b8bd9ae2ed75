"""Checkout previews and prices: what the sandbox quotes for a checked checkout body.

Prices in previews are exact integer arithmetic in minor units: no tax (``tax_rate`` 0), no
exchange rates, trials do not change the amount due. Discount codes apply in order to the
eligible lines: a percentage takes ``line * bps // 10000`` of each line (capped in total by the
currency row's ``max_amount_possible``), a flat code takes its currency row's
``max_amount_possible`` (or ``amount`` when its default row is in the cart currency) from the
eligible lines in cart order. Per line, ``og_price`` is the unit price and
``discounted_price`` the unit price after discounts (rounded down); the line subtotal is
``og_price * quantity``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from migrate.sandbox.validate import ApiError, dig, parse_time


def preview(
    body: dict[str, Any],
    products: list[dict[str, Any]],
    *,
    localized: Collection[dict[str, Any]],
    discount_for: Callable[[str], dict[str, Any] | None],
    now: datetime,
) -> dict[str, Any]:
    """The preview (``CheckoutSessionPreviewResponse``) of a checked body whose cart holds
    ``products`` (in cart order); ``localized`` are the stored localized prices, ``discount_for``
    the stored discount of a code (None for no such code)."""
    cart: list[dict[str, Any]] = body["product_cart"]
    if len({p["brand_id"] for p in products}) > 1:
        raise ApiError(
            422,
            "BRAND_MISMATCH",
            "All items in the product cart should belong to the same brand",
        )
    currency = cart_currency(products, body.get("billing_currency"), localized)
    lines: list[Line] = []
    for item, product in zip(cart, products, strict=True):
        price = product["price"]
        if price["type"] == "usage_based_price" and item["quantity"] != 1:
            raise ApiError(
                422, "INVALID_QUANTITY", "Only 1 quantity allowed in usage based price products"
            )
        base = price_in(product, currency, localized)
        assert base is not None
        unit = base
        if price.get("pay_what_you_want"):
            if item.get("amount") is not None:
                if item["amount"] < base:
                    raise ApiError(
                        422,
                        "REQUEST_AMOUNT_BELOW_MINIMUM",
                        "Amount cannot be less than minimum amount specified for the product",
                    )
                unit = item["amount"]
            elif currency == price["currency"] and price.get("suggested_price"):
                unit = price["suggested_price"]
        lines.append(Line(product, item["quantity"], unit))
    codes = body.get("discount_codes") or (
        [body["discount_code"]] if body.get("discount_code") else []
    )
    for code in codes:
        apply_discount(discount_for(code), lines, currency, now)
    return quote_payload(body, lines, currency)


def price_in(
    product: dict[str, Any], currency: str, localized: Collection[dict[str, Any]]
) -> int | None:
    """What ``product`` costs in ``currency``: its price, or its localized price; None."""
    price = product["price"]
    if price["currency"] == currency:
        return int(price.get("price", price.get("fixed_price", 0)))
    if product.get("pricing_mode") == "by_currency":
        for lp in localized:
            if lp["product_id"] == product["product_id"] and lp["currency"] == currency:
                return int(lp["amount"])
    return None


def cart_currency(
    products: list[dict[str, Any]], wanted: str | None, localized: Collection[dict[str, Any]]
) -> str:
    if wanted and all(price_in(p, wanted, localized) is not None for p in products):
        return wanted
    currency = str(products[0]["price"]["currency"]) if products else (wanted or "USD")
    for product in products:
        if price_in(product, currency, localized) is None:
            raise ApiError(
                422,
                "EXCHANGE_RATE_NOT_FOUND",
                f"Exchange rate not found to convert from {product['price']['currency']} to "
                f"{currency} (the sandbox has no exchange rates)",
            )
    return currency


def apply_discount(
    discount: dict[str, Any] | None, lines: list[Line], currency: str, now: datetime
) -> None:
    """Take ``discount`` (None: the code is unknown) off the eligible ``lines``, in place."""
    if discount is None:
        raise ApiError(422, "INVALID_DISCOUNT_CODE", "Invalid Discount Code")
    if discount["expires_at"] and parse_time(discount["expires_at"]) <= now:
        raise ApiError(422, "DISCOUNT_CODE_EXPIRED", "Discount code expired")
    if discount["starts_at"] and parse_time(discount["starts_at"]) > now:
        raise ApiError(
            422,
            "DISCOUNT_NOT_YET_ACTIVE",
            "Discount code is not yet active (starts_at is in the future)",
        )
    limit = discount["usage_limit"]
    if limit is not None and discount["times_used"] >= limit:
        raise ApiError(422, "DISCOUNT_CODE_USAGE_LIMIT_EXCEEDED", "Discount code hit usage limit")
    restricted = set(discount["restricted_to"])
    eligible = [ln for ln in lines if not restricted or ln.product["product_id"] in restricted]
    if not eligible:
        raise ApiError(
            422,
            "INVALID_DISCOUNT_CODE",
            "Discount Code cannot be applied to any product in the cart",
        )
    rows = discount["currency_options"] or []
    row = next((r for r in rows if r["currency"] == currency), None)
    subtotal = sum(ln.amount for ln in eligible)
    if row is not None and row["minimum_subtotal"] and subtotal < row["minimum_subtotal"]:
        raise ApiError(
            422,
            "DISCOUNT_MINIMUM_SUBTOTAL_NOT_MET",
            "Cart subtotal is below the discount's minimum required subtotal",
        )
    cap = row.get("max_amount_possible") if row is not None else None
    if discount["type"] == "percentage":
        remaining = cap if cap is not None else math.inf
        for ln in eligible:
            take = int(min(ln.amount * discount["amount"] // 10000, remaining))
            ln.amount -= take
            remaining -= take
            ln.percentages.append(discount["amount"])
        return
    if cap is not None:
        remaining_flat = int(cap)
    else:
        default = next((r for r in rows if r["is_default"]), rows[0] if rows else None)
        if default is None or default["currency"] != currency:
            raise ApiError(
                422,
                "EXCHANGE_RATE_NOT_FOUND",
                f"Exchange rate not found to convert the discount to {currency} "
                "(the sandbox has no exchange rates)",
            )
        remaining_flat = int(discount["amount"])
    for ln in eligible:
        take = min(ln.amount, remaining_flat)
        ln.amount -= take
        remaining_flat -= take
        ln.flat = True


@dataclass
class Line:
    product: dict[str, Any]
    quantity: int
    unit: int
    amount: int = field(init=False)
    percentages: list[int] = field(default_factory=list)
    flat: bool = False

    def __post_init__(self) -> None:
        self.amount = self.unit * self.quantity


def quote_payload(body: dict[str, Any], lines: list[Line], currency: str) -> dict[str, Any]:
    cart = []
    for ln in lines:
        price = ln.product["price"]
        cart.append(
            {
                "product_id": ln.product["product_id"],
                "quantity": ln.quantity,
                "currency": currency,
                "og_currency": currency,
                "og_price": ln.unit,
                "discounted_price": ln.amount // ln.quantity,
                "discount_amount": ln.percentages[0]
                if len(ln.percentages) == 1 and not ln.flat
                else None,
                "is_subscription": price["type"] != "one_time_price",
                "is_usage_based": price["type"] == "usage_based_price",
                "tax_category": ln.product["tax_category"],
                "tax_inclusive": bool(price.get("tax_inclusive")),
                "tax_rate": 0,
                "tax": 0,
                "name": ln.product.get("name"),
                "description": ln.product.get("description"),
                "credit_entitlements": [],
                "meters": [],
                "addons": None,
            }
        )

    def breakup(chosen: list[Line]) -> dict[str, int]:
        subtotal = sum(ln.unit * ln.quantity for ln in chosen)
        total = sum(ln.amount for ln in chosen)
        return {"subtotal": subtotal, "discount": subtotal - total, "total_amount": total, "tax": 0}

    current = breakup(lines)
    subscriptions = [ln for ln in lines if ln.product["price"]["type"] != "one_time_price"]
    trial = dig(body, "subscription_data", "trial_period_days")
    if trial is None and len(subscriptions) == 1:
        trial = subscriptions[0].product["price"].get("trial_period_days")
    country = dig(body, "billing_address", "country")
    return {
        "billing_country": country if isinstance(country, str) else "US",
        "currency": currency,
        "current_breakup": current,
        "recurring_breakup": breakup(subscriptions) if subscriptions else None,
        "is_byop": False,
        "payment_method_required": True,
        "product_cart": cart,
        "total_price": current["total_amount"],
        "total_tax": 0,
        "trial_period_days": trial if len(subscriptions) == 1 and trial else None,
    }


def discount_active(discount: dict[str, Any], now: datetime) -> bool:
    if discount["expires_at"] and parse_time(discount["expires_at"]) <= now:
        return False
    if discount["starts_at"] and parse_time(discount["starts_at"]) > now:
        return False
    limit = discount["usage_limit"]
    return limit is None or discount["times_used"] < limit

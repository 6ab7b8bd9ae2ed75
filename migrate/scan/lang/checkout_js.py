"""The Stripe Checkout params of code written for Stripe.js's own shapes: a checkout.js
purchase (``amount``, ``currency``, ``name``), and camelCase option keys read as Stripe's
snake_case ones."""

from __future__ import annotations

from typing import Any

from migrate.scan.extract import dynamic_marker
from migrate.scan.patterns import snake


def checkout_js_params(options: dict[str, Any]) -> dict[str, Any]:
    """The Checkout Session a checkout.js purchase (``amount``, ``currency``, ``name``,
    ``description``) amounts to: one inline one-time line item."""
    name = options.get("description") or options.get("name")
    amount = options.get("amount")
    currency = options.get("currency", "usd")
    price: dict[str, Any] = {
        "currency": currency.lower() if type(currency) is str else currency,
        "unit_amount": amount if amount is not None else dynamic_marker("amount (set at run time)"),
        "product_data": {"name": name if name is not None else "Purchase"},
    }
    return {"mode": "payment", "line_items": [{"price_data": price, "quantity": 1}]}


def snake_keys(value: Any) -> Any:
    if type(value) is dict and "$dynamic" not in value:
        return {snake(k): snake_keys(v) for k, v in value.items()}
    if type(value) is list:
        return [snake_keys(v) for v in value]
    return value


def snake_path(path: str) -> str:
    return (
        ".".join(
            snake(part.split("[", 1)[0]) + ("[" + part.split("[", 1)[1] if "[" in part else "")
            for part in path.split(".")
        )
        if path
        else path
    )

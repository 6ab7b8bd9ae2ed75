"""Dodo's feature flags from Stripe's checkout settings: promotion codes, phone number and tax id
collection. A setting known only at run time is carried as the same boolean (``runtime: carry``
on C014, C028, C029); one whose whole object is known only at run time is said lost (RT001)."""

from __future__ import annotations

from typing import Any

from migrate.findings import Outcome
from migrate.mapping.cart import Cart
from migrate.mapping.expr import is_expr, map_leaves
from migrate.mapping.runtime import lost
from migrate.mapping.table import Rule, transform


@transform("allow_promotion_codes", "checkout")
def _allow_promotion_codes(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    cart.flags["allow_discount_code"] = _flag(value)
    return None


def _flag(value: Any) -> Any:
    """A Stripe boolean as a Dodo feature flag: a value known only at run time is the same
    boolean (a choice's literals made booleans)."""
    if is_expr(value):
        return map_leaves(value.typed("bool"), lambda leaf: leaf if is_expr(leaf) else bool(leaf))
    return bool(value)


def _enabled(cart: Cart, path: str, value: Any) -> Any:
    """``{enabled: ...}`` of a collection setting as a flag (a value known only at run time
    carried); None when the whole setting is known only at run time (RT001 says so)."""
    if is_expr(value):
        lost(cart.trace, "checkout", value, path)
        return None
    return _flag(value.get("enabled")) if isinstance(value, dict) else False


@transform("phone_number_collection", "checkout")
def _phone(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    enabled = _enabled(cart, path, value)
    if enabled is None:
        return Outcome.DROPPED
    cart.flags["allow_phone_number_collection"] = enabled
    cart.flags["require_phone_number"] = enabled
    return None


@transform("tax_id_collection", "checkout")
def _tax_id(cart: Cart, rule: Rule, path: str, value: Any) -> Outcome | None:
    enabled = _enabled(cart, path, value)
    if enabled is None:
        return Outcome.DROPPED
    cart.flags["allow_tax_id"] = enabled
    if enabled is not False and value.get("required") == "if_supported":
        cart.flags["require_tax_id"] = True
        cart.trace.emit("C057", f"{path}.required")
        return Outcome.APPROXIMATED
    return None

"""Laravel Cashier's Checkout: a Stripe Checkout Session made by the Billable model.

A Laravel application seldom calls stripe-php itself: Cashier makes the session. Three calls
create one, each read here as the Stripe params Cashier sends:

- ``$user->newSubscription('default', $prices)->trialDays(14)->checkout([...])``: a
  subscription of the prices (a price id or a list of them), the builder's modifiers read as
  params (``trialDays`` -> ``subscription_data.trial_period_days``, ``quantity``,
  ``withCoupon`` / ``withPromotionCode`` -> ``discounts``, ``allowPromotionCodes``,
  ``withMetadata`` -> ``subscription_data.metadata``); a modifier not read here leaves the
  params known only at run time (nothing is dropped without a word).
- ``$user->checkout('price_tshirt', [...])`` / ``checkout(['price_a' => 2], [...])``: a payment
  of prices (counted only when the items are written as price ids, ``price_...``, or the
  session options given are written with Stripe's keys, ``['success_url' => ...]``: ``checkout``
  is too common a method name for anything else). Price ids read from a collection
  (``$cart->products->pluck('stripe_id')->toArray()``) are one line each.
- ``$user->checkoutCharge(1200, 'T-Shirt', 5, [...])``: a payment of an inline price in
  Cashier's currency (``config('cashier.currency')``, known only at run time).

The array of session options each takes is read as Stripe params (``success_url``,
``cancel_url``, ...) over those. The customer Cashier attaches (the model's Stripe customer) is
no param of the code: the Dodo checkout collects the buyer's details.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    Dynamic,
    Extractor,
    arguments,
    dynamic_marker,
    each_marker,
    is_dynamic,
)

_CHARGE_CURRENCY: Final = "config('cashier.currency')"
_COLLECTION: Final = re.compile(
    r"->\s*(?:toArray|all|values|keys)\s*\(\s*\)\s*$|\bpluck\s*\(|^array_"
)
"""A run-time value that is a list (of price ids, for Cashier's items)."""


def _name(call: SgNode) -> str:
    name = call.field("name") if call.kind() == "member_call_expression" else None
    return name.text() if name is not None else ""


def _chain(call: SgNode) -> tuple[list[SgNode], SgNode | None]:
    """The builder calls between ``checkout`` and ``newSubscription`` (innermost first), and
    the ``newSubscription`` call; None when the chain has none."""
    modifiers: list[SgNode] = []
    node = call.field("object")
    while node is not None and node.kind() == "member_call_expression":
        if _name(node) == "newSubscription":
            return list(reversed(modifiers)), node
        modifiers.append(node)
        node = node.field("object")
    return [], None


def is_cashier(call: SgNode) -> bool:
    """Whether ``call`` is one of Cashier's Checkout calls (see the module docstring)."""
    name = _name(call)
    args = arguments(call)
    if name == "checkoutCharge":
        return len(args) >= 2
    if name != "checkout":
        return False
    if _chain(call)[1] is not None:
        return True
    return bool(args) and (_price_ids(args[0]) or (len(args) > 1 and _session_options(args[1])))


_SESSION_KEYS: Final = ("success_url", "cancel_url", "return_url")


def _session_options(node: SgNode) -> bool:
    """Whether ``node`` is an array literal of Checkout Session options (a key Stripe names so:
    ``['success_url' => route('orders.index'), ...]``)."""
    if node.kind() != "array_creation_expression":
        return False
    keys = [s.text().strip("'\"") for s in node.find_all(kind="string")]
    return any(k in _SESSION_KEYS for k in keys)


def _price_ids(node: SgNode) -> bool:
    """Whether ``node`` writes price ids: ``'price_x'``, ``['price_x', ...]``,
    ``['price_x' => 2]``."""
    kinds = ("string", "encapsed_string")
    strings = [node] if node.kind() in kinds else []
    if node.kind() == "array_creation_expression":
        strings = [s for k in kinds for s in node.find_all(kind=k)]
        strings.sort(key=lambda s: s.range().start.index)
    texts = [s.text().strip("'\"") for s in strings]
    return bool(texts) and texts[0].startswith("price_")


def cashier_params(call: SgNode, ex: Extractor) -> dict[str, Any]:
    """The Stripe params Cashier's call sends (see the module docstring)."""
    args = arguments(call)
    if _name(call) == "checkoutCharge":
        amount, name, *rest = args
        quantity: Any = ex.value(rest[0], "line_items[0].quantity") if rest else 1
        params: dict[str, Any] = {"mode": "payment"}
        ex.dynamic.append(Dynamic("line_items[0].price_data.currency", _CHARGE_CURRENCY))
        price_data = {
            "currency": {"$dynamic": _CHARGE_CURRENCY},
            "unit_amount": ex.value(amount, "line_items[0].price_data.unit_amount"),
            "product_data": {"name": ex.value(name, "line_items[0].price_data.product_data.name")},
        }
        params["line_items"] = [{"price_data": price_data, "quantity": quantity}]
        return _options(params, rest[1] if len(rest) > 1 else None, ex)
    modifiers, subscription = _chain(call)
    if subscription is None:
        params = {"mode": "payment", "line_items": _items(args[0], ex)}
        return _options(params, args[1] if len(args) > 1 else None, ex)
    prices = arguments(subscription)[1:2]
    params = {"mode": "subscription", "line_items": _items(prices[0], ex) if prices else []}
    for modifier in modifiers:
        _modify(params, modifier, ex)
    return _options(params, args[0] if args else None, ex)


def _items(node: SgNode, ex: Extractor) -> Any:
    """Cashier's items: a price id, a list of them, or prices by quantity."""
    value = ex.value(node, "line_items", record=False)
    if type(value) is list:
        return [{"price": v, "quantity": 1} for v in value]
    if type(value) is dict and not is_dynamic(value):
        return [{"price": k, "quantity": v} for k, v in value.items()]
    if is_dynamic(value) and _COLLECTION.search(node.text()):  # ids a collection gives: each
        source = node.text()
        item = {"price": dynamic_marker("$price"), "quantity": 1}
        ex.dynamic.append(Dynamic("line_items", source))
        return each_marker(source, source, "$price", item)
    price = ex.value(node, "line_items[0].price")
    return [{"price": price, "quantity": 1}]


def _modify(params: dict[str, Any], modifier: SgNode, ex: Extractor) -> None:
    name, args = _name(modifier), arguments(modifier)
    value = (lambda path: ex.value(args[0], path)) if args else (lambda path: True)
    subscription = params.setdefault("subscription_data", {})
    if name == "trialDays" and args:
        subscription["trial_period_days"] = value("subscription_data.trial_period_days")
    elif name == "quantity" and len(args) == 1:
        for i, item in enumerate(params["line_items"]):
            item["quantity"] = value(f"line_items[{i}].quantity")
    elif name == "withCoupon" and args:
        params["discounts"] = [{"coupon": value("discounts[0].coupon")}]
    elif name == "withPromotionCode" and args:
        params["discounts"] = [{"promotion_code": value("discounts[0].promotion_code")}]
    elif name == "allowPromotionCodes":
        params["allow_promotion_codes"] = True
    elif name == "withMetadata" and args:
        subscription["metadata"] = value("subscription_data.metadata")
    elif name == "price" and args:
        params["line_items"].append({"price": value("line_items[].price"), "quantity": 1})
    elif name != "skipTrial":  # read nowhere here: the params are not all known
        inner = modifier.field("object")
        ex.dynamic.append(Dynamic("", modifier.text()[len(inner.text()) if inner else 0 :].strip()))
    if not subscription:
        del params["subscription_data"]


def _options(params: dict[str, Any], node: SgNode | None, ex: Extractor) -> dict[str, Any]:
    """``params`` under the session options Cashier's call was given (they win)."""
    if node is not None:
        ex.merge(params, node, "", node.text())
    return params

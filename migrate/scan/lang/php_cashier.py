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
  of prices. ``checkout`` is a common method name: it is counted when the items are written as
  price ids (``price_...``), or, in an application that requires Cashier for Stripe (the file's
  gate, ``migrate/scan/stripe_named.py``), when the items are prices by quantity (``[$price =>
  1]``), the options name a Checkout URL (``success_url``, ``cancel_url``), the receiver is a
  billable model (``$request->user()``, ``$team``...) or the call follows Cashier's modifiers
  (``$user->allowPromotionCodes()->checkout($price)``).
- ``Checkout::guest()->create($items, [...])`` / ``Checkout::customer($user)->create(...)``
  (``Laravel\\Cashier\\Checkout``, with ``withCoupon``/``withPromotionCode``/
  ``allowPromotionCodes`` before ``create``): the same payment.
- ``$user->checkoutCharge(1200, 'T-Shirt', 5, [...])``: a payment of an inline price in
  Cashier's currency (``config('cashier.currency')``, known only at run time).

The array of session options each takes is read as Stripe params (``success_url``,
``cancel_url``, ...) over those. The customer Cashier attaches (the model's Stripe customer) is
no param of the code: the Dodo checkout collects the buyer's details.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import Dynamic, Extractor, arguments, is_dynamic

_CHARGE_CURRENCY: Final = "config('cashier.currency')"
_CHECKOUT_CLASS: Final = "laravel\\cashier\\checkout"
_BUILDERS: Final = ("guest", "customer")
"""``Checkout::guest()`` / ``Checkout::customer($billable)``: a builder whose ``create`` makes
the session."""
_MODIFIERS: Final = frozenset({"allowPromotionCodes", "withCoupon", "withPromotionCode"})
"""The Checkout builder's modifiers (on a billable model too) that this module reads."""
_BILLABLE: Final = re.compile(
    r"(?:user|team|billable|organi[sz]ation|workspace|tenant|company)\W*$",
    re.IGNORECASE,
)
"""The last name of a receiver that is a billable model (``$request->user()``, ``$team``)."""
_URL_KEYS: Final = re.compile(r"""['"](?:success_url|cancel_url)['"]\s*=>""")

ClassName = Callable[[SgNode], "str | None"]
"""What a class name in code refers to, fully qualified (the PHP extractor's)."""


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


def _modifiers(call: SgNode) -> tuple[list[SgNode], SgNode | None]:
    """The Checkout builder's modifiers under ``call`` (innermost first) and the receiver
    below them."""
    modifiers: list[SgNode] = []
    node = call.field("object")
    while node is not None and node.kind() == "member_call_expression":
        if _name(node) not in _MODIFIERS:
            break
        modifiers.append(node)
        node = node.field("object")
    return list(reversed(modifiers)), node


def _builder(call: SgNode, class_name: ClassName) -> SgNode | None:
    """The ``Checkout::guest()`` / ``Checkout::customer(...)`` call whose ``create`` ``call``
    is; None when it is no Cashier Checkout builder's."""
    node = _modifiers(call)[1]
    if node is None or node.kind() != "scoped_call_expression":
        return None
    scope, name = node.field("scope"), node.field("name")
    if scope is None or name is None or name.text() not in _BUILDERS:
        return None
    written = class_name(scope)
    return node if written is not None and written.lower() == _CHECKOUT_CLASS else None


def is_cashier(call: SgNode, class_name: ClassName) -> bool:
    """Whether ``call`` is one of Cashier's Checkout calls (see the module docstring)."""
    name = _name(call)
    args = arguments(call)
    if name == "checkoutCharge":
        return len(args) >= 2
    if name == "create":
        return bool(args) and _builder(call, class_name) is not None
    if name != "checkout":
        return False
    if _chain(call)[1] is not None:
        return True
    if not args or len(args) > 2:
        return False
    if _price_ids(args[0]):
        return True
    modifiers, receiver = _modifiers(call)
    return (
        bool(modifiers)
        or _by_quantity(args[0])
        or (len(args) == 2 and _URL_KEYS.search(args[1].text()) is not None)
        or (receiver is not None and _BILLABLE.search(receiver.text()) is not None)
    )


def _by_quantity(node: SgNode) -> bool:
    """Whether ``node`` writes items as prices by quantity: ``[$price => 1]``."""
    pairs = _pairs(node)
    return bool(pairs) and all("=>" in e.text() for e in pairs)


def _pairs(node: SgNode) -> list[SgNode]:
    """The elements of an array literal (none for anything else)."""
    if node.kind() != "array_creation_expression":
        return []
    return [e for e in node.children() if e.kind() == "array_element_initializer"]


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
    if subscription is None:  # $user->checkout(...), Checkout::guest()->create(...)
        params = {"mode": "payment", "line_items": _items(args[0], ex)}
        for modifier in _modifiers(call)[0]:
            _modify(params, modifier, ex)
        return _options(params, args[1] if len(args) > 1 else None, ex)
    prices = arguments(subscription)[1:2]
    params = {"mode": "subscription", "line_items": _items(prices[0], ex) if prices else []}
    for modifier in modifiers:
        _modify(params, modifier, ex)
    return _options(params, args[0] if args else None, ex)


def _items(node: SgNode, ex: Extractor) -> Any:
    """Cashier's items: a price id, a list of them, or prices by quantity."""
    if _by_quantity(node):  # each price and its quantity, either known only at run time
        items = []
        for at, pair in enumerate(_pairs(node)):
            named = [c for c in pair.children() if c.is_named()]
            price = ex.value(named[0], f"line_items[{at}].price")
            items.append(
                {"price": price, "quantity": ex.value(named[-1], f"line_items[{at}].quantity")}
            )
        return items
    value = ex.value(node, "line_items", record=False)
    if type(value) is list:
        return [{"price": v, "quantity": 1} for v in value]
    if type(value) is dict and not is_dynamic(value):
        return [{"price": k, "quantity": v} for k, v in value.items()]
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

"""Laravel Cashier's Checkout: a Stripe Checkout Session made by the Billable model.

A Laravel application seldom calls stripe-php itself: Cashier makes the session. Three calls
create one, each read here as the Stripe params Cashier sends:

- ``$user->newSubscription('default', $prices)->trialDays(14)->checkout([...])``: a
  subscription of the prices (a price id or a list of them), the builder's modifiers read as
  params (``trialDays`` -> ``subscription_data.trial_period_days``, ``quantity``,
  ``withCoupon`` / ``withPromotionCode`` -> ``discounts``, ``allowPromotionCodes``,
  ``withMetadata`` -> ``subscription_data.metadata``); a modifier not read here leaves the
  params known only at run time (nothing is dropped without a word). The builder may be held
  in a variable: the modifiers made on it before ``checkout`` count, one under an ``if`` as a
  choice between its value and none, a ``price`` added in a loop or branch as a cart known only
  at run time.
- ``$user->checkout('price_tshirt', [...])`` / ``checkout(['price_a' => 2], [...])``: a payment
  of prices. ``checkout`` is a common method name: it is counted when the items are written as
  price ids (``price_...``), or, in an application that requires Cashier for Stripe (the file's
  gate, ``migrate/scan/stripe_named.py``), when the items are prices by quantity (``[$price =>
  1]``), the options name a Checkout URL (``success_url``, ``cancel_url``), the receiver is a
  billable model (``$request->user()``, ``$team``...) or the call follows Cashier's modifiers
  (``$user->allowPromotionCodes()->checkout($price)``). Price ids read from a collection
  (``$cart->products->pluck('stripe_id')->toArray()``, in the call or held in a variable
  first) are one line each.
- ``Checkout::guest()->create($items, [...])`` / ``Checkout::customer($user)->create(...)``
  (``Laravel\\Cashier\\Checkout``, with ``withCoupon``/``withPromotionCode``/
  ``allowPromotionCodes`` before ``create``): the same payment.
- ``$user->checkoutCharge(1200, 'T-Shirt', 5, [...])``: a payment of an inline price in
  Cashier's currency (``config('cashier.currency')``, known only at run time).

The array of session options each takes is read as Stripe params (``success_url``,
``cancel_url``, ...) over those. The customer Cashier attaches (``createOrGetStripeCustomer()``:
the billable model's ``stripe_id``, a customer made from its email when it has none) is read as
``customer`` when the model has one, else ``customer_email`` (review: the Dodo checkout was no
longer tied to the app's user, so the webhook's look-up by customer broke); a guest's checkout
(``Checkout::guest()``) has none.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    DYNAMIC,
    EACH,
    Dynamic,
    Extractor,
    arguments,
    dynamic_marker,
    each_marker,
    is_dynamic,
)
from migrate.scan.hashflow_values import choice, sourced

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
_URL_KEYS: Final = re.compile(r"""['"](?:success_url|cancel_url|return_url)['"]\s*=>""")
_COLLECTION: Final = re.compile(
    r"->\s*(?:toArray|all|values|keys)\s*\(\s*\)\s*$|\bpluck\s*\(|^array_"
)
"""A run-time value that is a list (of price ids, for Cashier's items)."""

ClassName = Callable[[SgNode], "str | None"]
"""What a class name in code refers to, fully qualified (the PHP extractor's)."""
_FUNCTIONS: Final = frozenset(
    {"method_declaration", "function_definition", "anonymous_function", "arrow_function"}
)


def _name(call: SgNode) -> str:
    name = call.field("name") if call.kind() == "member_call_expression" else None
    return name.text() if name is not None else ""


def _chain(call: SgNode, ex: Extractor) -> tuple[list[SgNode], SgNode | None]:
    """The builder calls between ``checkout`` and ``newSubscription`` (innermost first), and
    the ``newSubscription`` call; None when the chain has none. The builder may be held in a
    variable (``$sub = $user->newSubscription(...); $sub->withCoupon($c);
    $sub->checkout([...])``): the calls made on it in between are the chain's too."""
    modifiers: list[SgNode] = []
    node = call.field("object")
    while node is not None:
        if node.kind() == "variable_name":
            bound = ex.binding(node)
            if bound is None or bound[0].kind() != "member_call_expression":
                return [], None
            modifiers.extend(reversed(_made_on(node, bound[0], call)))
            node = bound[0]
            continue
        if node.kind() != "member_call_expression":
            break
        if _name(node) == "newSubscription":
            return list(reversed(modifiers)), node
        modifiers.append(node)
        node = node.field("object")
    return [], None


def _made_on(variable: SgNode, bound: SgNode, call: SgNode) -> list[SgNode]:
    """The calls made on ``variable`` between its binding ``bound`` and ``call``, in order."""
    scope = next((a for a in call.ancestors() if a.kind() in _FUNCTIONS), call.get_root().root())
    low, high = bound.range().end.index, call.range().start.index
    name = variable.text()
    return [
        made
        for made in scope.find_all(kind="member_call_expression")
        if low < made.range().start.index < high
        and (on := made.field("object")) is not None
        and on.text() == name
    ]


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


def is_cashier(call: SgNode, class_name: ClassName, ex: Extractor) -> bool:
    """Whether ``call`` is one of Cashier's Checkout calls (see the module docstring)."""
    name = _name(call)
    args = arguments(call)
    if name == "checkoutCharge":
        return len(args) >= 2
    if name == "create":
        return bool(args) and _builder(call, class_name) is not None
    if name != "checkout":
        return False
    if _chain(call, ex)[1] is not None:
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
    """Whether ``node`` writes items as prices by quantity: ``[$price => 1]`` (a key written as
    a string is a price id: ``['success_url' => ...]`` is session options, no items)."""
    pairs = _pairs(node)
    for pair in pairs:
        named = [c for c in pair.children() if c.is_named()]
        if len(named) != 2 or not any(c.text() == "=>" for c in pair.children()):
            return False  # an element, not a pair (a line item array: ['price' => ...])
        key = named[0]
        if key.kind() in ("string", "encapsed_string") and not key.text()[1:].startswith("price_"):
            return False
    return bool(pairs)


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
    """The Stripe params Cashier's call sends (see the module docstring), with the billable
    model's Stripe customer (:func:`_customer`)."""
    params = _session_params(call, ex)
    billable = _billable(call, ex)
    if billable is not None and "customer" not in params and "customer_email" not in params:
        _customer(params, billable, ex)
    return params


def _billable(call: SgNode, ex: Extractor) -> str | None:
    """The billable model whose Stripe customer Cashier's call attaches, as written
    (``$user``, ``$request->user()``); None for a guest's checkout."""
    if _name(call) == "create":
        builder = _modifiers(call)[1]
        name = builder.field("name") if builder is not None else None
        args = arguments(builder) if builder is not None else []
        return args[0].text() if name is not None and name.text() == "customer" and args else None
    subscription = _chain(call, ex)[1]
    node = subscription.field("object") if subscription is not None else _modifiers(call)[1]
    return node.text() if node is not None and _BILLABLE_READ.fullmatch(node.text()) else None


_BILLABLE_READ: Final = re.compile(
    r"\$[A-Za-z_]\w*(?:\s*(?:\?->|->)\s*[A-Za-z_]\w*(?:\s*\(\s*\))?)*"
    r"|(?:auth|request)\s*\(\s*\)(?:\s*(?:\?->|->)\s*[A-Za-z_]\w*(?:\s*\(\s*\))?)+"
)
"""A billable model written so it can be read again (``$user``, ``$request->user()``,
``$this->team``, ``auth()->user()``), no call with arguments."""


def _customer(params: dict[str, Any], billable: str, ex: Extractor) -> None:
    """The customer Cashier attaches: the billable model's Stripe customer
    (``createOrGetStripeCustomer()``: its ``stripe_id``, made from its email when it has
    none), as ``customer`` when the model has one; its email, which the customer is made from
    when it has none (the Dodo call's ``customer`` then)."""
    held, email = f"{billable}->stripe_id", f"{billable}->email"
    params["customer"] = sourced(choice(held, {DYNAMIC: held}, None), f"{held} ?: null")
    params["customer_email"] = {DYNAMIC: email}  # what a customer made for it is made from
    ex.dynamic.append(Dynamic("customer", held))
    ex.dynamic.append(Dynamic("customer_email", email))


def _session_params(call: SgNode, ex: Extractor) -> dict[str, Any]:
    """The Stripe params Cashier's call sends, but the customer."""
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
    modifiers, subscription = _chain(call, ex)
    if subscription is None:  # $user->checkout(...), Checkout::guest()->create(...)
        params = {"mode": "payment", "line_items": _items(args[0], ex)}
        for modifier in _modifiers(call)[0]:
            _modify(params, modifier, ex)
        return _options(params, args[1] if len(args) > 1 else None, ex)
    prices = arguments(subscription)[1:2]
    params = {"mode": "subscription", "line_items": _items(prices[0], ex) if prices else []}
    for modifier in modifiers:
        cond = _condition(modifier, call)
        if cond == "":
            _modify(params, modifier, ex)
        elif _name(modifier) == "price":  # a price added only sometimes: the cart is run-time
            params["line_items"] = {DYNAMIC: modifier.text()}
            ex.dynamic.append(Dynamic("line_items", modifier.text()))
        elif cond is None:  # in a loop, an else branch...: the params are not all known
            ex.dynamic.append(Dynamic("", modifier.text()))
        else:
            _modify_if(params, modifier, cond, ex)
    return _options(params, args[0] if args else None, ex)


_OPAQUE: Final = frozenset(
    {
        "else_clause",
        "else_if_clause",
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
        "switch_statement",
        "catch_clause",
        "match_expression",
        "conditional_expression",
        "binary_expression",
    }
)
"""Where a modifier made on the builder's variable is made only sometimes, under a condition
this module does not write (a loop, an ``else`` branch, a ``switch``, a short circuit)."""


def _condition(modifier: SgNode, call: SgNode) -> str | None:
    """Under which condition ``modifier`` is made, when ``call`` is: "" always, the ``if``
    conditions around it (joined by ``&&``), None when it cannot be written."""
    around = {_span(a) for a in call.ancestors()}
    conds: list[str] = []
    for node in modifier.ancestors():
        if node.kind() in _FUNCTIONS or _span(node) in around:
            break
        if node.kind() in _OPAQUE:
            return None
        if node.kind() == "if_statement":
            test = node.field("condition")
            if test is None:
                return None
            conds.append(test.text().strip().removeprefix("(").removesuffix(")").strip())
    return " && ".join(f"({c})" if len(conds) > 1 else c for c in reversed(conds))


def _span(node: SgNode) -> tuple[int, int]:
    where = node.range()
    return where.start.index, where.end.index


def _modify_if(params: dict[str, Any], modifier: SgNode, cond: str, ex: Extractor) -> None:
    """:func:`_modify` made only when ``cond`` holds: each value it changes is a choice
    between its new value and the one before (``null``: not sent)."""
    changed = copy.deepcopy(params)
    _modify(changed, modifier, ex)
    _choose(params, changed, cond, modifier.text())


def _choose(before: dict[str, Any], after: dict[str, Any], cond: str, source: str) -> None:
    for key, value in after.items():
        old = before.get(key)
        if value == old:
            continue
        if type(value) is dict and type(old) is dict and not is_dynamic(value):
            _choose(old, value, cond, source)
            continue
        before[key] = sourced(choice(cond, value, old), f"{cond} ? {source} : null")


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
    if type(value) is list:  # price ids, or line item arrays (Cashier passes those on)
        return [_line(v) for v in value]
    if type(value) is dict and not is_dynamic(value):
        return [{"price": k, "quantity": v} for k, v in value.items()]
    each = value.get(EACH) if type(value) is dict else None
    if type(each) is dict and type(each.get("as")) is str:  # a list filled in a loop
        ex.dynamic.append(Dynamic("line_items", node.text()))
        source = str(value[DYNAMIC])
        return each_marker(source, str(each["over"]), each["as"], _line(each.get("item")))
    if is_dynamic(value) and _a_collection(node, ex):  # ids a collection gives: each
        source = node.text()
        item = {"price": dynamic_marker("$price"), "quantity": 1}
        ex.dynamic.append(Dynamic("line_items", source))
        return each_marker(source, source, "$price", item)
    price = ex.value(node, "line_items[0].price")
    return [{"price": price, "quantity": 1}]


def _a_collection(node: SgNode, ex: Extractor) -> bool:
    """Whether ``node`` is a list a collection gives, written in the call or held in a
    variable first (``$ids = $cart->items->pluck('price')->toArray(); ...checkout($ids)``)."""
    if _COLLECTION.search(node.text()):
        return True
    bound = ex.binding(node) if node.kind() == "variable_name" else None
    return bound is not None and _COLLECTION.search(bound[0].text()) is not None


def _line(item: Any) -> Any:
    """One of Cashier's items as a Stripe line item: a line item array as it is (its quantity
    1 when it has none), a price id as its line."""
    if type(item) is dict and not is_dynamic(item):
        return {**item, "quantity": item.get("quantity", 1)}
    return {"price": item, "quantity": 1}


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

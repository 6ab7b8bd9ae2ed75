"""The Pay gem's Checkout (``pay-rails/pay``): a Stripe Checkout Session made by the customer
record a Rails model pays through.

A Rails application on Pay seldom calls stripe-ruby for Checkout: Pay's Stripe customer makes
the session. Two calls create one, each read here as the Stripe params Pay sends:

- ``current_user.payment_processor.checkout(mode: "subscription", line_items: "price_x",
  success_url: ...)`` (or on ``set_payment_processor(:stripe)``, or a local bound to either
  before the call): the keywords are the session's params, over Pay's own (``mode``
  ``"payment"``; ``success_url`` and ``cancel_url`` the application's ``root_url``).
  ``line_items`` is a price id, a list of price ids or line hashes, or one line hash; a price
  id is a line of the call's ``quantity:`` (1 when not given). A value known only at run time
  is a list of lines (Stripe's own shape) unless it is named as a price
  (``params[:price_id]``, ``plan``) or the call gives a ``quantity:``, which only a price id
  takes; each branch of a choice is read so (``yearly ? "price_y" : "price_m"``).
- ``checkout_charge(amount: 15_00, name: "T-shirt", quantity: 2, currency: "eur")``: one line
  of an inline price (Pay's currency is ``usd`` when none is given) and the keywords after.

The customer Pay attaches (the record's Stripe customer, ``processor_id``; one Pay makes from
its owner's email when there is none) is read as ``customer`` and ``customer_email``, as for
Laravel Cashier (``php_cashier.py``): the Dodo checkout is tied to the same user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    EACH,
    Dynamic,
    Extractor,
    arguments,
    is_dynamic,
)
from migrate.scan.lang.ruby_source import key_of

Members = Callable[[dict[str, Any], list[SgNode], str], bool]
"""The extractor's reading of hash pairs and ``**splats`` into params (Ruby's ``_members``)."""

_METHODS: Final = ("checkout", "checkout_charge")
_RECEIVER: Final = re.compile(r"(?:^|\.|&\.)(?:set_)?payment_processor\b\s*(?:\(.*\))?$", re.S)
"""A receiver that is a Pay customer: ``user.payment_processor``,
``user.set_payment_processor(:stripe)``."""
_SCOPES: Final = frozenset({"method", "singleton_method", "block", "do_block"})
"""Where a local bound to a Pay customer is looked for (its last binding before the call)."""
_ROOT_URL: Final = "root_url"
_CHARGE: Final = {
    "amount": "line_items[0].price_data.unit_amount",
    "name": "line_items[0].price_data.product_data.name",
    "currency": "line_items[0].price_data.currency",
    "quantity": "line_items[0].quantity",
}
"""``checkout_charge``'s own keywords, and where each goes in the session's params."""
_PRICE_NAME: Final = re.compile(r"(?:price|plan)\w*\W*$", re.I)
"""A run-time ``line_items`` value named as a price id (``params[:price_id]``, ``plan``)."""


def is_pay(call: SgNode) -> bool:
    """Whether ``call`` is one of Pay's Checkout calls (see the module docstring)."""
    method, receiver = call.field("method"), call.field("receiver")
    if method is None or receiver is None or method.text() not in _METHODS:
        return False
    if _RECEIVER.search(" ".join(receiver.text().split())) is not None:
        return True
    if receiver.kind() != "identifier":
        return False
    # processor = current_account.set_payment_processor(:stripe); processor.checkout(...)
    around = next((a for a in call.ancestors() if a.kind() in _SCOPES), None)
    if around is None:
        return False
    before = around.text()[: call.range().start.index - around.range().start.index]
    bound = rf"(?<![\w@$.]){re.escape(receiver.text())}\s*=(?![=~>])\s*([^\n;]+)"
    values = [m.group(1).strip() for m in re.finditer(bound, before)]
    return bool(values) and _RECEIVER.search(" ".join(values[-1].split())) is not None


def pay_params(call: SgNode, ex: Extractor, members: Members) -> dict[str, Any]:
    """The Stripe params Pay's call sends (see the module docstring)."""
    method = call.field("method")
    charge = method is not None and method.text() == "checkout_charge"
    own = set(_CHARGE) if charge else {"line_items", "quantity"}
    named: dict[str, SgNode] = {}
    rest: list[SgNode] = []
    for arg in arguments(call):
        for member in arg.named_children() if arg.kind() == "hash" else [arg]:
            key = member.field("key") if member.kind() == "pair" else None
            value = member.field("value") if key is not None else None
            name = key_of(key) if key is not None else None
            if name in own and value is not None:
                named[name] = value
            elif member.kind() in ("pair", "hash_splat_argument"):
                rest.append(member)
    params: dict[str, Any] = {}
    members(params, rest, "")
    params = {"mode": "payment", **params}
    if charge:
        line = _charge_line(named, ex)
        params["line_items"] = [line]
    elif "line_items" in named:
        params["line_items"] = _lines(named["line_items"], named.get("quantity"), ex)
    for url in ("success_url", "cancel_url"):
        if url not in params and params.get("ui_mode") in (None, "hosted", "hosted_page"):
            params[url] = {"$dynamic": _ROOT_URL}
            ex.dynamic.append(Dynamic(url, _ROOT_URL))
    receiver = call.field("receiver")
    if receiver is not None and "customer" not in params and "customer_email" not in params:
        _customer(params, " ".join(receiver.text().split()), ex)
    return params


_OWNER: Final = re.compile(r"^(?P<owner>.+?)\s*(?:\.|&\.)\s*(?:set_)?payment_processor\b")


def _customer(params: dict[str, Any], receiver: str, ex: Extractor) -> None:
    """The customer Pay attaches: the Pay customer's Stripe customer (``processor_id``) when it
    has one, else one Pay makes from its owner's email (the Dodo call's ``customer`` then), as
    Laravel Cashier's (``php_cashier.py``): without it the Dodo checkout was tied to no user."""
    found = _OWNER.match(receiver)
    if found is not None:  # current_user.payment_processor: the owner is current_user
        owner = found["owner"]
        held, email = f"{owner}.payment_processor.processor_id", f"{owner}.email"
    else:  # a local bound to the Pay customer
        held, email = f"{receiver}.processor_id", f"{receiver}.owner.email"
    made = {DYNAMIC: f"{held} || nil", CHOICE: {"if": held, "then": {DYNAMIC: held}, "else": None}}
    params["customer"] = made
    params["customer_email"] = {DYNAMIC: email}  # what a customer made for it is made from
    ex.dynamic.append(Dynamic("customer", held))
    ex.dynamic.append(Dynamic("customer_email", email))


def _charge_line(named: dict[str, SgNode], ex: Extractor) -> dict[str, Any]:
    def read(key: str, default: Any) -> Any:
        node = named.get(key)
        return ex.value(node, _CHARGE[key]) if node is not None else default

    price_data = {
        "currency": read("currency", "usd"),
        "product_data": {"name": read("name", None)},
        "unit_amount": read("amount", None),
    }
    return {"price_data": price_data, "quantity": read("quantity", 1)}


def _lines(node: SgNode, quantity_node: SgNode | None, ex: Extractor) -> Any:
    """Pay's ``line_items``: each price id a line of ``quantity``, each hash a line as written."""
    quantity: Any = 1
    if quantity_node is not None:
        quantity = ex.value(quantity_node, "line_items[0].quantity")
    mark = len(ex.dynamic)
    value = ex.value(node, "line_items")
    single = type(value) is not list
    for at, found in enumerate(ex.dynamic[mark:], start=mark):
        moved = _price_path(found.path, single)
        if moved is not None and _wrapped(value, quantity_node is not None):
            ex.dynamic[at] = Dynamic(moved, found.source)
    return _wrap(value, quantity, quantity_node is not None)


def _wrapped(value: Any, quantity_given: bool) -> bool:
    """Whether a run-time ``line_items`` value is read as price ids (see the docstring)."""
    if not is_dynamic(value) or CHOICE in value:
        return True
    if EACH in value:
        return False
    return quantity_given or _PRICE_NAME.search(value[DYNAMIC]) is not None


def _wrap(value: Any, quantity: Any, quantity_given: bool) -> Any:
    if is_dynamic(value):
        choice = value.get(CHOICE)
        if type(choice) is dict:
            branches = {k: _wrap(choice.get(k), quantity, quantity_given) for k in ("then", "else")}
            return {**value, CHOICE: {**choice, **branches}}
        if not _wrapped(value, quantity_given):
            return value
    items = value if type(value) is list else [value]
    return [
        item
        if type(item) is dict and not is_dynamic(item)
        else {"price": item, "quantity": quantity}
        for item in items
    ]


def _price_path(path: str, single: bool) -> str | None:
    """Where a run-time price id recorded at ``path`` goes once it is a line's price."""
    if single and path == "line_items":
        return "line_items[0].price"
    found = re.fullmatch(r"line_items\[(\d+)\]", path)
    return f"{path}.price" if found is not None else None

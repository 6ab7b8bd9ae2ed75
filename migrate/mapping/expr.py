"""Values known only at run time, carried from scanned code into the Dodo call.

The scanner reads a call's arguments; a value it cannot read statically (a variable, a call) is
passed to the translator as an ``Expr``: the source text that computes it, in the scanned file's
language, and the Stripe path it was given at. Where a rule says the Dodo field holds the same
value (``runtime: carry`` in mappings/), the translator puts the ``Expr`` into the Dodo body,
saying what the field needs done to it (``op``: upper-case a currency, look a Stripe price id up
as a Dodo product id) and what type the field takes; the suggestion builder writes it back as
code in the file's language. Any other run-time value is left out of the body, as before, and
listed for wiring by hand.

A *missing* expression (``Expr.absent``) stands for a value the Dodo call requires that the Stripe
call does not give at all: it renders as a name defined nowhere, so the suggested code cannot
compile (or run) silently.

Besides plain code (``form="code"``) an expression can be a choice between two values
(``form="choice"``: ``cond``, ``then``, ``else_``, each a literal or an ``Expr``), a list built by
mapping over a collection (``form="each"``: ``over``, ``var``, ``item``, the element template) or
a field of an element of a run-time list (``form="field"``: ``key`` of ``var``, with ``default``).
``op`` applies to every branch and element.

In JSON (translate and scan output, reports) an expression is ``{"$dynamic": source}``, the
scanner's own marker for run-time params, with ``"then": op`` when the field transforms it; a
choice adds ``"$choice"``, an each ``"$each"``; a field is ``{"$field": key, "of": var}``; a
missing value is ``{"$missing": field}``. Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

Op = Literal["", "upper", "str", "product_id", "customer_id", "discount_code", "return_url"]
"""What the Dodo field does to the value: nothing, upper-case it (currencies), make it text
(metadata values), look a Stripe id up as its Dodo id (a price, plan or SKU id -> the Dodo product
id, a customer id, a coupon or promotion code -> the discount code: through the id map), or remove
Stripe's ``{CHECKOUT_SESSION_ID}`` template from a URL."""
Form = Literal["code", "choice", "each", "field"]
"""What an expression is: code in the scanned file's language, a choice between two values, a
list mapped over a run-time collection, or a field of an element of a run-time list."""
Type = Literal["int", "str", "bool", "metadata", "list"]
"""The type of the Dodo field that receives the value (``metadata``: string keys to strings;
``list``: an each, whose elements are typed by its ``item``)."""


@dataclass(frozen=True, slots=True)
class Expr:
    """A value known only at run time, on its way into a Dodo call."""

    source: str
    """The expression that computes it, as written in the scanned file ("" when missing)."""
    path: str
    """The Stripe params path it was passed at (``amount``, ``line_items[0].price``)."""
    op: Op = ""
    type: Type | None = None
    missing: str = ""
    """For a value the Stripe call does not give: the Dodo field it stands for."""
    form: Form = "code"
    cond: str = ""
    """A choice's condition, as written in the scanned file."""
    then: Any = None
    """A choice's value when ``cond`` holds: a literal (the Dodo value) or an ``Expr``."""
    else_: Any = None
    """A choice's value otherwise."""
    over: str = ""
    """An each's collection (or a field's list), as written in the scanned file."""
    var: str = ""
    """An each's (or a field's) element variable."""
    item: Any = None
    """An each's element template: a dict of literals and ``Expr`` referring to ``var``."""
    key: str = ""
    """A field's Stripe key (``price``, ``quantity``)."""
    default: Any = None
    """A field's value when the element does not set it (``None``: no default)."""

    @classmethod
    def absent(cls, field: str, type_: Type, path: str = "") -> Expr:
        """A required Dodo value the Stripe call does not give (``product_price``)."""
        return cls("", path, "", type_, field)

    def with_op(self, op: Op) -> Expr:
        """The same value, transformed by the Dodo field (``upper``, ``product_id``)."""
        return dataclasses.replace(self, op=op)

    def typed(self, type_: Type) -> Expr:
        """The same value, going into a Dodo field of ``type_``."""
        return dataclasses.replace(self, type=type_)

    def as_json(self) -> dict[str, Any]:
        if self.missing:
            return {"$missing": self.missing}
        out: dict[str, Any]
        if self.form == "field":
            out = {"$field": self.key, "of": self.var}
        else:
            out = {"$dynamic": self.source}
        if self.op:
            out["then"] = self.op
        if self.form == "choice":
            out["$choice"] = {
                "if": self.cond,
                "then": json_view(self.then),
                "else": json_view(self.else_),
            }
        elif self.form == "each":
            out["$each"] = {"over": self.over, "as": self.var, "item": json_view(self.item)}
        return out


def is_expr(value: Any) -> TypeGuard[Expr]:
    return type(value) is Expr


def exprs_in(value: Any) -> Iterator[Expr]:
    """Every ``Expr`` inside ``value`` (dicts and lists), in order. Iterative: any depth of
    input is walked without recursion."""
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) is Expr:
            yield node
        elif type(node) is dict:
            stack.extend(reversed(list(node.values())))
        elif type(node) is list:
            stack.extend(reversed(node))


def json_view(value: Any) -> Any:
    """``value`` with every ``Expr`` as its JSON form (the same object when there is none)."""
    if type(value) is Expr:
        return value.as_json()
    if type(value) is dict:
        if not any(True for _ in exprs_in(value)):
            return value
        return {k: json_view(v) for k, v in value.items()}
    if type(value) is list:
        if not any(True for _ in exprs_in(value)):
            return value
        return [json_view(v) for v in value]
    return value


def keep(value: Any, carried: Callable[[str], bool], path: str = "") -> Any:
    """``value`` without the expressions ``carried`` rejects (given where each one is): their
    dict entries and list elements are left out, as the scanner leaves out a value it cannot
    read."""
    if type(value) is dict:
        out = {}
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if type(item) is Expr and not carried(where):
                continue
            out[key] = keep(item, carried, where)
        return out
    if type(value) is list:
        return [
            keep(item, carried, f"{path}[{i}]")
            for i, item in enumerate(value)
            if not (type(item) is Expr and not carried(f"{path}[{i}]"))
        ]
    return value


Lifted = list[tuple[tuple[str | int, ...], Expr]]


def lift(value: Any) -> tuple[Any, Lifted]:
    """``value`` without its expressions, and where each one was: a validator that checks the
    literal params never sees them; :func:`put` puts them back."""
    found: Lifted = []

    def walk(node: Any, at: tuple[str | int, ...]) -> Any:
        if type(node) is dict:
            out = {}
            for key, item in node.items():
                if type(item) is Expr:
                    found.append(((*at, key), item))
                else:
                    out[key] = walk(item, (*at, key))
            return out
        if type(node) is list:
            return [walk(item, (*at, i)) for i, item in enumerate(node)]
        return node

    return walk(value, ()), found


def put(value: dict[str, Any], lifted: Lifted) -> dict[str, Any]:
    """Put lifted expressions back where they were; one whose container the validator removed
    stays out (its container was invalid)."""
    for where, expr in lifted:
        node: Any = value
        for step in where[:-1]:
            node = _child(node, step)
            if node is None:
                break
        else:
            if type(node) is dict:
                node[where[-1]] = expr
    return value


def _child(node: Any, step: str | int) -> Any:
    if type(node) is dict:
        return node.get(step)
    if type(node) is list and type(step) is int and 0 <= step < len(node):
        return node[step]
    return None

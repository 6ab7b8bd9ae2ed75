"""A Checkout line whose price is set in one branch of an ``if`` and its inline price in the
other, read key by key: regrouped into the choice between the two lines (``extract.with_exprs``).

``line["price"] = p`` in an ``if`` and ``line["price_data"] = {...}`` in its ``else`` (Python,
JavaScript) leave each key a choice on the same condition: key by key, each branch would miss
its price. C# writes it ``if (priceId != null) line.Price = priceId; else line.PriceData = new
...``: the flow reader reads a property set under a null check of its own value as that value
(``if (x != null) o.X = x`` is ``o.X = x``), and a new object assigned under a branch as each of
its fields chosen; the price was then just ``priceId`` and the inline branch was dropped from
the Dodo cart (``DodoIds.ProductId(null)`` failing at run time, the inline amount lost). Such a
price is the choice of its guard, and such an inline price the choice of the object.
"""

from __future__ import annotations

import re
from typing import Any, Final

from migrate.mapping.expr import Expr
from migrate.scan.null_guard import null_guarded

LINE: Final = re.compile(r"(?:^|\.)line_items\[\d*\]$")
"""A line item's params path."""


def one_of_two_lines(line: dict[str, Any], path: str) -> dict[str, Any] | Expr:
    """A line item whose ``price`` is set under a condition and its ``price_data`` otherwise:
    a choice between the two lines, each with the other fields (a field chosen on the same
    condition split between them), where key by key each branch would miss its price."""
    original = line  # what is kept when the two lines are not found
    price, data = line.get("price"), line.get("price_data")
    if type(data) is dict:  # C#'s PriceData = new ... in a branch: its fields chosen
        cond = _first_cond(data)
        split = _sides(data, cond) if cond is not None else None
        if split is not None:
            data = Expr.choice(str(cond), path, str(cond), *split)
            line = {**line, "price_data": data}
    if (
        type(price) is Expr
        and price.form != "choice"
        and type(data) is Expr
        and data.form == "choice"
        and data.then is None
        and null_guarded(data.cond) == price.source
    ):
        price = Expr.choice(data.cond, price.path, data.cond, price, None)
        line = {**line, "price": price}  # if (x != null) line.Price = x; else ...
    if not (type(price) is Expr and type(data) is Expr and price.form == data.form == "choice"):
        return original
    if price.cond != data.cond or not any(
        p is not None and d is None and q is None and e is not None
        for p, q, d, e in (
            (price.then, price.else_, data.then, data.else_),
            (price.else_, price.then, data.else_, data.then),
        )
    ):
        return original
    sides: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    for key, value in line.items():
        same = type(value) is Expr and value.form == "choice" and value.cond == price.cond
        for side, got in zip(
            sides, (value.then, value.else_) if same else (value, value), strict=True
        ):
            if got is not None:
                side[key] = got
    return Expr.choice(price.source, path, price.cond, *sides)


def _first_cond(value: Any) -> str | None:
    """The condition of the first choice in a dict of choices (depth first)."""
    if type(value) is Expr and value.form == "choice":
        return value.cond
    if type(value) is dict:
        for item in value.values():
            found = _first_cond(item)
            if found is not None:
                return found
    return None


def _sides(value: Any, cond: str) -> tuple[Any, Any] | None:
    """``value`` as what it is when ``cond`` holds and when it does not, when it is a choice on
    ``cond`` or a dict of such choices with one side of each unset (None: anything else)."""
    if type(value) is Expr and value.form == "choice" and value.cond == cond:
        return value.then, value.else_
    if type(value) is not dict or not value:
        return None
    got = {key: _sides(item, cond) for key, item in value.items()}
    pairs = [(k, s) for k, s in got.items() if s is not None]
    if len(pairs) != len(got):
        return None
    then = {k: s[0] for k, s in pairs if s[0] is not None}
    else_ = {k: s[1] for k, s in pairs if s[1] is not None}
    if then and else_:
        return None  # set either way: not one object in one branch
    return then or None, else_ or None


__all__ = ["LINE", "one_of_two_lines"]

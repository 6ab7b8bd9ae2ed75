"""A wrapper's list mapped from a parameter's list that a caller gives as a literal.

``createCheckout(opts)`` maps ``opts.items`` to its lines (``opts.items.map((i) => ({ price:
i.priceId, quantity: i.quantity }))``, ``[{"price": i["price"]} for i in opts["items"]]``). A
caller giving the list itself (``createCheckout({ items: [{ priceId: "price_1Poster", quantity:
qty }] })``) has its lines in the code: each element is the wrapper's line with the element in
place of the loop's variable (``price_1Poster`` is then looked up in the id map as any literal
price). The Dodo call mapped the caller's whole literal again (``(({ items: [...] }).items).map(
...)``): code that runs, but whose prices, quantities and amounts the migration could not check.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Final, Protocol

from migrate.scan.wrapper_binding import Bound

_VARIABLE: Final = re.compile(r"[A-Za-z_$][\w$]*")
_WHOLE: Final = "\x00each-element\x00"
"""What the loop's variable read whole is written as while an element is expanded: no element
is written whole at the call (its text is the caller's literal's part), so an item reading it
so is not expanded."""


class _Walker(Protocol):
    bound: Bound
    names: set[str]
    locals: dict[str, str | None]

    def value_of(self, source: str) -> tuple[Any] | None: ...

    def walk(self, value: Any) -> Any: ...


def expanded_each(state: _Walker, each: Any) -> list[Any] | None:
    """The lines of an each over a parameter's list the call gives as a literal list (each
    element walked with the element bound to the loop's variable); None when the list is not
    such a literal, the variable is a pattern, or an element's line reads the element whole."""
    if type(each) is not dict or type(each.get("as")) is not str:
        return None
    var, over = each["as"], str(each.get("over", "")).strip()
    if _VARIABLE.fullmatch(var) is None or var in state.names:
        return None
    got = state.value_of(over)
    if got is None or type(got[0]) is not list or not got[0]:
        return None
    lines: list[Any] = []
    for element in got[0]:
        if type(element) is not dict or "$dynamic" in element:
            return None  # a run-time element: the list is mapped at run time as before
        inner = dataclasses.replace(  # type: ignore[type-var]
            state,
            bound={**state.bound, var: (element, _WHOLE)},
            names=state.names | {var},
            locals={k: v for k, v in state.locals.items() if k != var},  # the loop's own
        )
        line = inner.walk(each.get("item"))
        if _reads_whole(line):
            return None
        lines.append(line)
    return lines


def _reads_whole(value: Any) -> bool:
    if type(value) is str:
        return _WHOLE in value
    if type(value) is dict:
        return any(_reads_whole(v) for v in value.values())
    if type(value) is list:
        return any(_reads_whole(v) for v in value)
    return False


__all__ = ["expanded_each"]

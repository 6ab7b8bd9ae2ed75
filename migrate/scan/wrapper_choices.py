"""What a wrapper's choices say of its parameters where a branch runs (``wrapper_args.py``).

A branch that runs only when a parameter is set (``if coupon:``, ``if seat_price and seats >
0``) sees there the caller's value without its branch of nothing (``code if promo else None``
is ``code``); and a choice or an each is written from its parts, so the text of the whole is
never the Dodo call's code.
"""

from __future__ import annotations

import re
from typing import Any, Final

from migrate.scan.extract import CHOICE, EACH, OMIT


def structured(marker: dict[str, Any]) -> bool:
    """Whether a marker is a choice or an each the Dodo call writes from its parts."""
    choice, each = marker.get(CHOICE), marker.get(EACH)
    if type(choice) is dict and type(choice.get("if")) is str:
        return {"then", "else"} <= set(choice)
    return type(each) is dict and type(each.get("over")) is str and type(each.get("as")) is str


_CONJUNCT: Final = re.compile(r"\s+and\s+|\s*&&\s*")


def required_set(cond: str) -> list[str]:
    """The bare names a condition requires set: itself, or each conjunct of an ``and`` that is
    one (a condition with ``or``, brackets or a string in it: none)."""
    if re.search(r"\bor\b|\|\||[()'\"]", cond):
        return []
    return [part for part in _CONJUNCT.split(cond.strip()) if re.fullmatch(r"[$@]?\w+", part)]


def nonzero_fields(cond: str) -> list[tuple[str, str]]:
    """Go: the struct fields a condition requires other than their zero value (``req.Quantity
    > 0``, ``req.Coupon != ""``, ``req.Plan != nil``), as (name, field) pairs, in a condition
    that is such tests joined by ``&&``."""
    if re.search(r"\|\||[()]", cond):
        return []
    out = []
    for part in _CONJUNCT.split(cond.strip()):
        found = re.fullmatch(r'(\w+)\.(\w+)\s*(?:>\s*0|!=\s*(?:0|""|nil))', part.strip())
        if found is not None:
            out.append((found[1], found[2]))
    return out


def set_value(value: Any) -> Any:
    """A caller's value where it is known to be set: a choice with nothing (null, none) in
    one branch is its other branch; anything else as it is."""
    if not (type(value) is dict and type(value.get(CHOICE)) is dict):
        return value
    choice = value[CHOICE]
    then, else_ = choice.get("then"), choice.get("else")
    if else_ is None or else_ is OMIT:
        return set_value(then) if then is not None and then is not OMIT else value
    if then is None or then is OMIT:
        return set_value(else_)
    return value

"""Form keys set in a loop under a condition of its body: a line's keys chosen per element.

A raw request's form built element by element (``items.forEach((line, i) => { if (line.type
=== "price") { body.set(`line_items[${i}][price]`, line.priceId) } else {
body.set(`line_items[${i}][price_data][unit_amount]`, ...) } })``) makes one ``$each`` over the
collection (``migrate/scan/http_bodies.py``). Each key is read as the element sees it: under the
conditions of the loop's body it runs under (:func:`loop_seen`: a choice on them, not set in the
other branch). The keys of one element chosen by one condition are then one choice between two
whole lines (:func:`fold_eaches`): a line naming a price or one with an inline price, each
translated as such. A price and an inline price chosen by several conditions the reader cannot
fold into two lines leave the cart unknown (RT007), never one line holding both (Stripe refuses
it; the cart sold every element as a price id, dropping the inline amounts).
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    EACH,
    OMIT,
    Dynamic,
    Extractor,
    choice_marker,
    is_dynamic,
)
from migrate.scan.follow_base import inside

CALLBACKS: Final = frozenset({"arrow_function", "function_expression", "lambda"})
"""A function handed to a call (``items.forEach((line) => ...)``)."""
ARGUMENTS: Final = frozenset({"arguments", "argument_list"})
LOOPS: Final = frozenset({"for_in_statement", "for_statement", "foreach_statement", "for"})
"""A loop over a collection (or a counting one) in each grammar read."""


def loop_body(node: SgNode) -> SgNode | None:
    """The body of the innermost loop (or callback handed to a call) ``node`` is in."""
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        parent = ancestor.parent()
        handed = kind in CALLBACKS and parent is not None and parent.kind() in ARGUMENTS
        if kind in LOOPS or handed:
            return ancestor.field("body") or ancestor
    return None


def loop_seen(
    call: SgNode, pair: tuple[Any, Any], ex: Extractor, node: SgNode | None = None
) -> tuple[Any, Any] | None:
    """A pair a call in a loop adds, as one element sees it: a choice on the conditions of the
    loop's body the call runs under (not set in the other branch); None when the call is on no
    path of the body; the pair as it is when the body holds another loop around it. A value
    that is a local the body binds (``const pence = String(line.pence)``, ``cents :=
    strconv.FormatInt(l.Cents, 10)``: ``node``) is its value: the Dodo cart's mapping does not
    bind it."""
    body = loop_body(call)
    if body is None:
        return pair
    key, value = pair
    found = ex.binding(node) if node is not None and node.kind() in ex.name_kinds else None
    if found is not None and inside(body, found[0]):
        value = ex.value(found[0], "", record=False)
    seen = ex.seen_at(call, body, body.range().end.index, value)
    if seen is OMIT:
        return None
    if type(seen) is dict and seen.get(DYNAMIC) == call.text() and CHOICE not in seen:
        return pair  # an inner loop: read as before
    return key, seen


def fold_eaches(value: Any, ex: Extractor, whole: list[Dynamic], path: str = "") -> Any:
    """``value`` with each ``$each`` element whose keys are chosen by one condition made one
    choice between the two lines. An element whose price and inline price several conditions
    choose is no line the reader can write: the list is left out of the params, a run-time
    part of them (``whole``: the cart unknown, RT007), never mapped as the collection's
    elements (they are the code's own objects, not Stripe's lines)."""
    if type(value) is list:
        return [fold_eaches(v, ex, whole, path) for v in value]
    if type(value) is not dict:
        return value
    if is_dynamic(value) and EACH in value:
        each = value[EACH]
        named = getattr(ex, "named", None)
        item = named(each["item"]) if named is not None else each["item"]
        value = {**value, EACH: {**each, "item": item}}
        folded = _fold(item)
        chooser = getattr(ex, "choice", None)
        if folded is None or (folded is False and not _both_prices(item)):
            return value  # each key its own choice (a quantity set under a condition)
        if type(folded) is not tuple or _both_prices(folded[1]) or _both_prices(folded[2]):
            whole.append(Dynamic("", f"{path} from {each['over']}"))
            return _UNREAD  # (Go reads `if id != "" { set(id) }` as the id, set or empty)
        cond, then, else_ = folded
        if chooser is None:  # a reader of branches (Go): the choice of the two lines whole
            made = choice_marker(f"{cond} ? <one line> : <another line>", cond, then, else_)
            return {**value, EACH: {**each, "item": made}}
        return {**value, EACH: {**each, "item": chooser(cond, then, else_)}}
    if is_dynamic(value):
        return value
    out = {k: fold_eaches(v, ex, whole, f"{path}.{k}" if path else k) for k, v in value.items()}
    return {k: v for k, v in out.items() if v is not _UNREAD}


_UNREAD: Final = object()
"""What :func:`fold_eaches` makes of a list it cannot read: left out of the params."""


def _fold(item: Any) -> tuple[str, Any, Any] | bool | None:
    """The condition choosing which of ``item``'s keys are set, and the item where it holds and
    where it does not; None when every key is set whatever holds; False when more than one
    condition chooses keys (or a choice is nested in another)."""
    conds: set[str] = set()
    if not _conds(item, conds):
        return False
    if not conds:
        return None
    if len(conds) > 1:
        return False
    (cond,) = conds
    return cond, _side(item, cond, then=True), _side(item, cond, then=False)


def layered(old: Any, new: Any) -> Any:
    """A key of a loop's element set again (``new`` after ``old``): where ``new`` is set in one
    branch only, the other keeps ``old`` (``if (q > 1) set(k, q) else set(k, "1")`` is one
    choice between the two, not the second alone). Its source is written by
    :func:`fold_eaches`."""
    if old is None or not (type(new) is dict and is_dynamic(new) and CHOICE in new):
        return new
    choice = new[CHOICE]
    same = type(old) is dict and CHOICE in old and old[CHOICE]["if"] == choice["if"]
    for side in ("then", "else"):
        if choice[side] is None:  # the other branch: what it held (on the same condition, its side)
            kept = old[CHOICE][side] if same else old
            return {DYNAMIC: "", CHOICE: {**choice, side: kept}}
    return new


def numbered(value: Any) -> Any:
    """A number a form sends as text (``"1"``) as the number, in each branch of a choice."""
    if type(value) is str and re.fullmatch(r"-?\d+", value):
        return int(value)
    if type(value) is dict and CHOICE in value:
        choice = value[CHOICE]
        branches = {side: numbered(choice[side]) for side in ("then", "else")}
        return {**value, CHOICE: {**choice, **branches}}
    return value


def set_again(
    element: dict[str, Any], segments: list[str | int | None], value: Any, *, number: bool
) -> Any:
    """What a line's template holds at a key's path once the key is set to ``value`` (a
    ``number`` sent as text made a number): :func:`layered` over what it held so far."""
    node: Any = element
    for segment in segments:
        node = node.get(str(segment)) if type(node) is dict and not is_dynamic(node) else None
    return layered(node, numbered(value) if number else value)


def _both_prices(item: Any) -> bool:
    """Whether a line's template sets both a price and an inline price (each under its own
    condition): one line of them would hold both."""
    return type(item) is dict and "price" in item and "price_data" in item


def _conds(value: Any, into: set[str]) -> bool:
    """The conditions of the choices in ``value`` set in one branch only (into ``into``);
    False when a choice's condition is itself one of several (a choice in a choice)."""
    if type(value) is dict and is_dynamic(value) and CHOICE in value:
        choice = value[CHOICE]
        if (choice["then"] is None) != (choice["else"] is None):
            into.add(str(choice["if"]))
        return not any(type(v) is dict and CHOICE in v for v in (choice["then"], choice["else"]))
    if type(value) is dict and not is_dynamic(value):
        return all(_conds(v, into) for v in value.values())
    return True


def _side(value: Any, cond: str, *, then: bool) -> Any:
    """``value`` where ``cond`` holds (``then``) or does not: its choice on ``cond`` is its
    branch (a key set only in the other branch left out), any other stays as it is."""
    if type(value) is dict and is_dynamic(value) and CHOICE in value:
        if str(value[CHOICE]["if"]) != cond:
            return value
        return value[CHOICE]["then" if then else "else"]
    if type(value) is dict and not is_dynamic(value):
        out = {k: _side(v, cond, then=then) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None and v != {}}
    return value


__all__ = [
    "ARGUMENTS",
    "CALLBACKS",
    "LOOPS",
    "fold_eaches",
    "layered",
    "loop_body",
    "loop_seen",
    "numbered",
    "set_again",
]

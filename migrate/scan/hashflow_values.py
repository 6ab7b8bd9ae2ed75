"""The values the data follower of Ruby and PHP (``migrate/scan/hashflow.py``) works with:
the markers of a choice and a list made by mapping, the changes made to a bound name, the loop
around an append, and the helper or loop being read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, start
from migrate.scan.wrapper_locals import in_each

CHOICE: Final = "$choice"
EACH: Final = "$each"
IS_SET: Final = " is set"
"""Appended to an operand's source: the condition of a fallback (``a || 'x'``)."""


class _Missing:
    """No value: a parameter with no argument, a branch that does not assign a name."""


MISSING: Final = _Missing()
COMPUTED: Final = "\x00computed"
"""A key of an ``Effect`` known only at run time (``params[:metadata][ref_key] = v``): the
change is listed as a run-time value at the object it changes, never made at a made-up key."""

Op = Literal["set", "default", "append", "merge", "under", "delete"]


@dataclass(frozen=True, slots=True)
class Effect:
    """A change made to the value bound to a name: ``op`` at ``keys`` inside it (``()`` is the
    value itself), with the node giving the new value (None for a delete)."""

    op: Op
    keys: tuple[str, ...]
    value: SgNode | None
    node: SgNode
    """The statement (or expression) that makes the change."""
    target: SgNode
    """What it changes, as written (``$data['line_items']``, ``params[:metadata]``)."""


@dataclass(frozen=True, slots=True)
class Loop:
    """A loop around an append: what it iterates over and the element's name."""

    node: SgNode
    over: SgNode
    var: str


@dataclass(slots=True)
class Frame:
    """A helper being followed: its function node, and the caller's argument node (or the
    parameter's default) for each parameter name; None when there is neither."""

    function: SgNode
    args: dict[str, SgNode | None]
    unwritable: bool = False
    """Set when a value read in the helper cannot be written at the call (a local list)."""


@dataclass(slots=True)
class LoopFrame:
    """A loop whose appended element becomes the item of a mapped list: names bound in its
    body are out of reach of the map the suggestion writes, so they are written as what they
    hold; ``unwritable`` when one cannot be (then the list is a run-time value)."""

    loop: Loop
    unwritable: bool = False


def end(node: SgNode) -> int:
    return node.range().end.index


def inside(node: SgNode, container: SgNode) -> bool:
    return start(container) <= start(node) and end(node) <= end(container)


def is_marker(value: Any) -> bool:
    """A ``$dynamic`` marker of any form (opaque, ``$choice``, ``$each``)."""
    return type(value) is dict and next(iter(value), None) == DYNAMIC


def is_opaque(value: Any) -> bool:
    return is_marker(value) and len(value) == 1


def choice(cond: str, then: Any, else_: Any) -> dict[str, Any]:
    """A ``$choice`` marker; its ``$dynamic`` is filled in where it is used."""
    return {DYNAMIC: "", CHOICE: {"if": cond, "then": then, "else": else_}}


def each(over: str, var: str, item: Any) -> dict[str, Any]:
    """An ``$each`` marker; its ``$dynamic`` is filled in where it is used."""
    return {DYNAMIC: "", EACH: {"over": over, "as": var, "item": in_each(item, var)}}


def sourced(marker: dict[str, Any], source: str) -> dict[str, Any]:
    """``marker`` with ``source`` as its ``$dynamic``, and as that of the choices nested in its
    branches that have none yet (an ``elsif`` chain reads as the same expression)."""
    out = {DYNAMIC: source, **{k: v for k, v in marker.items() if k != DYNAMIC}}
    if CHOICE in out:
        branches = dict(out[CHOICE])
        for key in ("then", "else"):
            inner = branches[key]
            if is_marker(inner) and CHOICE in inner and not inner[DYNAMIC]:
                branches[key] = sourced(inner, source)
        out[CHOICE] = branches
    return out


_BARE: Final = re.compile(r"[\w$@:.?!\[\]'\"]+")
"""Source text that needs no parentheses where a name stood (``$order``, ``cart.items``)."""


def wrapped(text: str) -> str:
    flat = text.replace("->", ".").replace("::", ".")
    if _BARE.fullmatch(flat) or (flat.endswith(")") and _BARE.fullmatch(flat.split("(", 1)[0])):
        return text
    return f"({text})"


def fold(outcomes: list[tuple[str | None, Any]]) -> Any:
    """One value from ``(condition, value)`` outcomes in order, the last one the fallback
    (its condition, if any, left out): nested choices."""
    value = outcomes[-1][1]
    for cond, then in reversed(outcomes[:-1]):
        value = choice(cond or "", then, value)
    return value

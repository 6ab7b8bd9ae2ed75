"""A loop that adds each element of a list as it is: the list itself.

Real code builds its line items into a list first (``lines.add(line)`` in a loop over the
cart), then hands them to the builder one by one::

    for (SessionCreateParams.LineItem line : lines) { builder.addLineItem(line); }
    .also { b -> lines.forEach { b.addLineItem(it) } }          // Kotlin
    foreach (var line in lines) { options.LineItems.Add(line); }  // C#

The reader makes of such a loop one element per element of ``lines``, the element being the
loop's variable: an each whose template is only that name, opaque. It is ``lines``, as
``builder.addAllLineItem(lines)`` would be (which is read through): :func:`spliced` puts what
``lines`` holds before the loop in place of that each, so the cart built into it is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final, Protocol

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, EACH, is_dynamic
from migrate.scan.follow_base import Unfollowable

_NAME: Final = re.compile(r"\$?[A-Za-z_][\w$]*")


class Loop(Protocol):
    """What :class:`migrate.scan.flow.Loop` gives: the loop, its collection and variable as
    written, and the loop's child the statement is in."""

    @property
    def node(self) -> SgNode: ...
    @property
    def over(self) -> str | None: ...
    @property
    def var(self) -> str: ...
    @property
    def body(self) -> SgNode | None: ...


def spliced(
    value: Any,
    loop: Loop,
    path: str,
    name_kinds: frozenset[str],
    read: Callable[[SgNode, str], Any],
) -> Any:
    """``value`` (a statement's effect once per element of ``loop``, its only control) with
    each element added as it is replaced by what the loop's collection holds (``read``: the
    extractor's value of a node, quietly), when that is known: its elements, or its each."""
    if loop.over is None or not loop.var or _NAME.fullmatch(loop.over) is None:
        return value
    if not _holds_copy(value, loop):
        return value  # the cheap test first: no walk of the loop for most statements
    collection = _collection(loop, name_kinds)
    if collection is None:
        return value
    got = read(collection, path)
    if not (is_each(got) or (type(got) is list and not is_dynamic(got))):
        return value
    return _replaced(value, loop, got)


def is_each(value: Any) -> bool:
    return is_dynamic(value) and EACH in value


def _copy(value: Any, loop: Loop) -> bool:
    """Whether ``value`` is the each of ``loop`` whose element is its variable, as it is."""
    if not is_each(value):
        return False
    each = value[EACH]
    item = each.get("item")
    return (
        each.get("over") == loop.over
        and each.get("as") == loop.var
        and type(item) is dict
        and item == {DYNAMIC: loop.var}
    )


def _holds_copy(value: Any, loop: Loop) -> bool:
    if type(value) is list:
        return any(_copy(v, loop) or _holds_copy(v, loop) for v in value)
    if type(value) is dict and not is_dynamic(value):
        return any(_holds_copy(v, loop) for v in value.values())
    return False


def _collection(loop: Loop, name_kinds: frozenset[str]) -> SgNode | None:
    """The collection's name in the loop's head (before its body)."""
    if loop.body is None:
        return None
    body = loop.body.range().start.index
    pattern = f"^{re.escape(loop.over or '')}$"
    for kind in sorted(name_kinds):
        found = loop.node.find(kind=kind, regex=pattern)
        if found is not None and found.range().end.index <= body:
            return found
    return None


def _replaced(value: Any, loop: Loop, got: Any) -> Any:
    if type(value) is list:
        out: list[Any] = []
        for v in value:
            if _copy(v, loop):
                out.extend(got if type(got) is list else [got])
            else:
                out.append(_replaced(v, loop, got))
        return out
    if type(value) is dict and not is_dynamic(value):
        return {k: _replaced(v, loop, got) for k, v in value.items()}
    return value


def copied_whole(
    item: Any,
    var: str,
    collection: SgNode,
    evaluate: Callable[[SgNode, str], Any],
    path: str,
    *,
    old: list[Any],
) -> Any:
    """For a loop appending its element as it is (``item``, what it appends, being its variable
    ``var``: ``for line in lines: items.append(line)``) to the list ``old``: ``old`` then what
    its ``collection`` holds, read by ``evaluate`` (the follower's), its elements or its each
    (the each alone when ``old`` is empty); None when that is not known (the loop is then read
    as any other)."""
    if type(item) is not dict or item != {DYNAMIC: var}:
        return None
    try:
        got = evaluate(collection, path)
    except Unfollowable:
        return None
    if is_each(got):
        return [*old, got] if old else got
    return [*old, *got] if type(got) is list and not is_dynamic(got) else None

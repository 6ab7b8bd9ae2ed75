"""The item of a list mapped by a callback with a block body (C# ``xs.Select(x => { var p =
Find(x.Id); return new ... { UnitAmount = p.Cents }; })``, Java ``xs.stream().map(x -> {...})``,
Kotlin ``xs.map { x -> val p = find(x); ... }``): the suggestion writes the map as one
expression, where the callback's locals do not exist, so each is written as what it holds (as a
loop's body locals are, ``Flow.in_loop``); when one cannot be, the list is a run-time value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ast_grep_py import SgNode

from migrate.scan.flow import FlowExtractor, Loop, LoopScope


def callback_item(
    reader: FlowExtractor, fn: SgNode, over: str, var: str, read: Callable[[], Any]
) -> tuple[Any] | None:
    """``read()`` (the item ``fn`` returns for the element ``var`` of ``over``) with ``fn``'s
    locals written as their values; None when one cannot be written so."""
    scope = LoopScope(Loop(fn, over, var, fn.field("body") or fn))  # Kotlin's: no body field
    reader.flow.loops.append(scope)
    mark = len(reader.dynamic)
    try:
        got = read()
    finally:
        reader.flow.loops.pop()
    if scope.unwritable:
        del reader.dynamic[mark:]
        return None
    return (got,)

"""Python's form body as a list of pairs, extended after it is made.

``form = [("mode", "payment"), ("line_items[0][price]", price_id), ...]`` then ``form +=
self._meta("metadata", md)`` (or ``form.extend(...)``, ``form.append(("k", v))``), posted as
``urlencode(form)``: the list as a whole was a run-time value, so the cart written out in the
code was lost behind a false blocker (RT007: "no line item"). Its pairs are read, a list of
pairs added later is read too, and any other list added is a run-time part of the params
(a marker key, said as a run-time spread: RT012), never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, arguments, dynamic_marker, start
from migrate.scan.nodes import is_comment

Pair = tuple[Any, Any]


def pair_list(use: SgNode, ex: Extractor, key: Callable[..., Any]) -> list[Pair] | None:
    """The pairs of the Python list of 2-tuples the name ``use`` reads (bound once, in its
    function), with what the code adds to it before ``use``; None when it is no such list."""
    if ex.family != "python":
        return None
    scope, name, before = ex.scope(use), use.text(), start(use)
    binds = [
        b
        for b in scope.find_all(kind="assignment")
        if (left := b.field("left")) is not None and left.text() == name
    ]
    right = binds[0].field("right") if len(binds) == 1 else None
    pairs = _pairs(right, ex, key) if right is not None and start(binds[0]) < before else None
    if pairs is None:
        return None
    after = binds[0].range().end.index
    added: list[tuple[int, list[Pair]]] = []
    for node in scope.find_all(kind="augmented_assignment"):
        left, right, op = node.field("left"), node.field("right"), node.field("operator")
        if left is None or right is None or op is None or left.text() != name:
            continue
        if op.text() == "+=" and after <= start(node) < before:
            added.append((start(node), _added(right, ex, key)))
    for call in scope.find_all(kind="call"):
        fn = call.field("function")
        if fn is None or not after <= start(call) < before:
            continue
        args = arguments(call)
        if fn.text() == f"{name}.extend" and len(args) == 1:
            added.append((start(call), _added(args[0], ex, key)))
        elif fn.text() == f"{name}.append" and len(args) == 1:
            one = _pair(args[0], ex, key)
            added.append((start(call), [one] if one is not None else _unread(args[0])))
    return pairs + [pair for _, more in sorted(added, key=lambda a: a[0]) for pair in more]


def _added(node: SgNode, ex: Extractor, key: Callable[..., Any]) -> list[Pair]:
    """The pairs a list added holds, or one run-time part for a list known only at run time."""
    pairs = _pairs(node, ex, key)
    return pairs if pairs is not None else _unread(node)


def _unread(node: SgNode) -> list[Pair]:
    return [(dynamic_marker(node.text()), None)]


def _pairs(node: SgNode, ex: Extractor, key: Callable[..., Any]) -> list[Pair] | None:
    if node.kind() != "list":
        return None
    out: list[Pair] = []
    for item in node.named_children():
        if is_comment(item):
            continue
        pair = _pair(item, ex, key)
        if pair is None:
            return None
        out.append(pair)
    return out or None


def _pair(node: SgNode, ex: Extractor, key: Callable[..., Any]) -> Pair | None:
    parts = (
        [c for c in node.named_children() if not is_comment(c)] if node.kind() == "tuple" else []
    )
    if len(parts) != 2:
        return None
    return key(parts[0], ex), ex.value(parts[1], "", record=False)

"""Python values that hand back another value's entries, read as that value: a copy
(``BASE.copy()``, ``copy.deepcopy(LINE)``) and params with their empty entries dropped before
the call (``{k: v for k, v in params.items() if v is not None}``; PHP's ``array_filter`` is read
in ``php.py``, Ruby's ``.compact`` and ``.dup`` in ``ruby.py``). Stripe leaves out a missing key
as it does a null one, so the entries kept are the params' own; a filter that names the key
drops chosen entries, and is a run-time value as before."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import is_dynamic, text
from migrate.scan.hashflow import Flow

_PATTERNS = frozenset({"pattern_list", "tuple_pattern"})
_COPIES = frozenset({"copy.copy", "copy.deepcopy", "deepcopy"})


def same_entries(node: SgNode) -> SgNode | None:
    """The value whose entries ``node`` hands back: ``d`` of ``d.copy()``, ``copy.copy(d)``,
    ``copy.deepcopy(d)`` and of :func:`kept_entries`' comprehensions; None otherwise."""
    if node.kind() == "dictionary_comprehension":
        return kept_entries(node)
    if node.kind() != "call":
        return None
    function, args = node.field("function"), node.field("arguments")
    if function is None or args is None:
        return None
    passed = [a for a in args.named_children() if a.kind() != "comment"]
    if function.kind() == "attribute" and text(function.field("attribute")) == "copy":
        return function.field("object") if not passed else None
    if function.text() in _COPIES and len(passed) == 1 and passed[0].kind() != "keyword_argument":
        return passed[0]
    return None


def kept_entries(node: SgNode) -> SgNode | None:
    """The dict a ``dictionary_comprehension`` copies entry by entry, its ``if`` testing the
    value only (``{k: v for k, v in d.items() if v is not None}``, ``if v``): ``d``; None for
    any other comprehension (a key or value changed, a filter on the key, two loops)."""
    body = node.field("body")
    loops = [c for c in node.named_children() if c.kind() == "for_in_clause"]
    if body is None or body.kind() != "pair" or len(loops) != 1:
        return None
    key, value = body.field("key"), body.field("value")
    left, right = loops[0].field("left"), loops[0].field("right")
    if key is None or value is None or left is None or right is None:
        return None
    if left.kind() not in _PATTERNS or right.kind() != "call":
        return None
    names = [c.text() for c in left.named_children()]
    if key.kind() != "identifier" or value.kind() != "identifier" or key.text() == value.text():
        return None
    if names != [key.text(), value.text()] or text(right.field("arguments")) != "()":
        return None
    function = right.field("function")
    if function is None or function.kind() != "attribute":
        return None
    if text(function.field("attribute")) != "items":
        return None
    for test in (c for c in node.named_children() if c.kind() == "if_clause"):
        if any(n.text() != value.text() for n in test.find_all(kind="identifier")):
            return None
    return function.field("object")


def drops_nothing(value: Any) -> bool:
    """Whether dropping the empty entries of ``value`` (Ruby's ``compact``, PHP's
    ``array_filter``) leaves it as read: a hash (a key whose value may be empty is written so
    in the Dodo call already), or a list none of whose elements is known only at run time. A
    list with ``(line if gift)`` in it is not: the element that is nil is dropped, which the
    Dodo cart written element by element would not do, so it stays a run-time list."""
    if type(value) is dict:
        return not is_dynamic(value)
    if type(value) is list:
        return all(v is not None and not is_dynamic(v) for v in value)
    return False


def read_through(
    flow: Flow,
    node: SgNode,
    path: str,
    kept: Callable[[Any], bool],
    spread: Callable[[str], str] | None = None,
) -> tuple[Any] | None:
    """Ruby's and PHP's reading of a call that hands back ``node``'s value (``x.freeze``,
    ``x.compact``, ``array_filter(x)``): that value when ``kept`` accepts it, else None (the
    call a run-time value, as before, with nothing ``node``'s reading listed left behind).
    ``spread``: how the call is written around an object known only at run time merged into
    the value (``array_filter(array_merge([...], $extra))``: ``array_filter($extra)``, the
    entries the call leaves out left out of it too)."""
    mark = len(flow.dynamic)
    got = flow.value(node, path, record=False)
    if (is_dynamic(got) and len(got) == 1) or not kept(got):
        del flow.dynamic[mark:]
        return None
    if spread is not None:
        flow.dynamic[mark:] = [
            dataclasses.replace(d, source=spread(d.source)) if d.path == path else d
            for d in flow.dynamic[mark:]
        ]
    return (got,)


def filtered_with(rest: list[SgNode]) -> Callable[[str], str]:
    """How PHP's ``array_filter`` (its other arguments ``rest``, a callback) is written around
    an object known only at run time merged into the array it filters."""
    more = "".join(f", {node.text()}" for node in rest)
    return lambda source: f"array_filter({source}{more})"

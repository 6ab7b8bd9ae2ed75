"""How a Python statement changes a params variable (``migrate/scan/lang/python.py``): an
assignment to a key, ``del``, ``update``, ``append``/``extend``, ``|=`` and ``+=``, and a dict's
``pop("key")`` (the key left out, as ``del`` leaves it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import arguments, quoted, text
from migrate.scan.follow import Event
from migrate.scan.follow_base import Keys
from migrate.scan.nodes import is_comment

_MUTATORS: Final = frozenset(
    {"insert", "pop", "popitem", "remove", "clear", "setdefault", "sort", "reverse"}
)
"""Methods that change a list or dict in a way the reader does not follow."""


def _popped_key(method: str, args: list[SgNode]) -> str | None:
    """The key a dict's ``pop("key")`` (or ``pop("key", default)``) removes, when it is a plain
    string; None for anything else (a list's ``pop()`` or ``pop(0)``)."""
    if method != "pop" or not 1 <= len(args) <= 2 or args[0].kind() != "string":
        return None
    key = quoted(args[0].text())
    return key if key is not None and "{" not in args[0].text() else None


def mutation(
    node: SgNode, name: str, keys_of: Callable[[SgNode, str], tuple[Keys, bool] | None]
) -> Event | None:
    """The change ``node`` makes to the variable ``name`` (``keys_of``: the key path of a
    target rooted at ``name``, and whether every key is known), or None."""
    rng = node.range()
    at, end = rng.start.index, rng.end.index
    kind = node.kind()
    if kind in ("assignment", "augmented_assignment"):
        target, value = node.field("left"), node.field("right")
        if kind == "augmented_assignment" and target is not None and target.text() == name:
            # ``line_items += [shipping_line]``: the list extended; any other operator, a
            # value the run computes
            op = text(node.field("operator"))
            if value is not None and op in ("+=", "|="):  # ``params |= {...}``: merged
                return Event(at, end, node, "extend" if op == "+=" else "merge", (), (value,))
            return Event(at, end, node, "opaque", ())
        if target is None or value is None or target.kind() != "subscript":
            return None
        found = keys_of(target, name)
        if found is None:
            return None
        keys, exact = found
        if not exact or kind != "assignment":
            return Event(at, end, node, "opaque", keys)
        return Event(at, end, node, "set", keys, (value,))
    if kind == "delete_statement":  # del params["x"]
        targets = [c for c in node.named_children() if not is_comment(c)]
        found = keys_of(targets[0], name) if len(targets) == 1 else None
        if found is None or not found[0]:
            return None
        return Event(at, end, node, "unset" if found[1] else "opaque", found[0])
    callee = node.field("function")
    if callee is None or callee.kind() != "attribute":
        return None
    obj, method = callee.field("object"), text(callee.field("attribute"))
    found = keys_of(obj, name) if obj is not None else None
    if found is None:
        return None
    keys, exact = found
    given = node.field("arguments")  # extend(x for x in xs): the generator is the argument
    args = [given] if given is not None and given.kind() == "generator_expression" else []
    args = args or arguments(node)
    popped = _popped_key(method, args) if exact else None
    if popped is not None:  # params.pop("customer_email"): the key left out, as `del`
        return Event(at, end, node, "unset", (*keys, popped))
    if method in _MUTATORS or (method in ("update", "append", "extend") and not exact):
        return Event(at, end, node, "opaque", keys)
    if method == "update":
        values: list[SgNode] = []
        for arg in args:
            if arg.kind() == "dictionary_splat":
                if not arg.named_children():
                    return Event(at, end, node, "opaque", keys)
                values.append(arg.named_children()[0])
            else:
                values.append(arg)
        return Event(at, end, node, "merge", keys, tuple(values))
    if method in ("append", "extend"):
        if len(args) != 1:
            return Event(at, end, node, "opaque", keys)
        op = "push" if method == "append" else "extend"
        return Event(at, end, node, op, keys, tuple(args))
    return None

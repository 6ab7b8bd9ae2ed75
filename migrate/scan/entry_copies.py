"""A loop that copies a map into the params entry by entry, each entry with its own key and
value: C#'s ``foreach (var kv in extra) options.Metadata[kv.Key] = kv.Value;`` (or
``options.Metadata.Add(kv.Key, kv.Value)``, ``foreach (var (k, v) in extra)``, ``foreach (var k
in extra.Keys) ... extra[k]``), Java's ``for (Map.Entry<String, String> e : extra.entrySet())
builder.putMetadata(e.getKey(), e.getValue());`` (``for (String k : extra.keySet()) ...
extra.get(k)``) and Kotlin's ``for ((k, v) in extra) builder.putMetadata(k, v)`` (``for (e in
extra.entries) ... e.key, e.value``). Each puts all of ``extra``, as ``putAllMetadata(extra)``
does: the readers merge the map whole where it is copied (as Go's ``for k, v := range extra {
params.AddMetadata(k, v) }``, ``lang/go_fields.py``), its entries winning over the keys written
before the loop. The loop must hold that one statement and nothing else: a filter (an ``if``, a
``continue``) or another statement leaves the entry one the scan cannot place (RT012)."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment

_SPACE: Final = re.compile(r"\s+")
_STATEMENTS: Final = frozenset({"expression_statement", "statements", "control_structure_body"})
_BLOCKS: Final = frozenset({"block", "statements", "control_structure_body"})
_LOOPS: Final = frozenset({"foreach_statement", "enhanced_for_statement", "for_statement"})


def copied_map(put: SgNode, key: SgNode, value: SgNode) -> SgNode | None:
    """The map a for-each loop copies whole with ``put`` (the change of one entry: a call or
    an assignment, the loop's one statement) of ``key`` and ``value`` (the loop's entry's
    own); None for any other change."""
    loop = _loop_of(put)
    if loop is None:
        return None
    entries = _entries(loop)
    if entries is None:
        return None
    (want_key, want_value), over = entries
    if (_flat(key.text()), _flat(value.text())) != (want_key, want_value):
        return None
    return over


def _loop_of(put: SgNode) -> SgNode | None:
    """The for-each loop whose body is ``put`` alone (in a block or not)."""
    node = put
    for _ in range(4):  # the statement, a block (Kotlin: statements in a body)
        parent = node.parent()
        if parent is None:
            return None
        if parent.kind() in _LOOPS:
            return parent if _body(parent) == node else None
        if parent.kind() in _BLOCKS or parent.kind() in _STATEMENTS:
            inner = [c for c in parent.named_children() if not is_comment(c)]
            if inner != [node]:
                return None
        elif parent.kind() != "expression_statement":
            return None
        node = parent
    return None


def _body(loop: SgNode) -> SgNode | None:
    body = loop.field("body")
    if body is not None:
        return body
    named = loop.named_children()  # Kotlin: the declaration, the collection, the body
    return named[-1] if len(named) >= 3 else None


def _entries(loop: SgNode) -> tuple[tuple[str, str], SgNode] | None:
    """The loop's key and value texts (spaces removed) and the map they are entries of."""
    kind = loop.kind()
    if kind == "foreach_statement":  # C#
        var, over = loop.field("left"), loop.field("right")
        method = "Keys"
    elif kind == "enhanced_for_statement":  # Java
        var, over = loop.field("name"), loop.field("value")
        method = "keySet"
    else:  # Kotlin
        named = [c for c in loop.named_children() if not is_comment(c)]
        var, over = (named[0], named[1]) if len(named) >= 3 else (None, None)
        method = ""
    if var is None or over is None:
        return None
    names = [_flat(n.text()) for n in var.named_children()]
    if var.kind() in ("tuple_pattern", "multi_variable_declaration") and len(names) == 2:
        whole = _member(over, "entries") if kind == "for_statement" else None
        return (names[0], names[1]), whole or over  # (k, v) in extra
    if var.kind() == "variable_declaration" and len(names) == 1:
        var_text = names[0]  # Kotlin's e in extra(.entries)
    elif var.kind() == "identifier":
        var_text = var.text()
    else:
        return None
    if kind == "foreach_statement":
        keys = _member(over, method)
        if keys is not None:  # foreach (var k in extra.Keys) ... extra[k]
            return (var_text, f"{_flat(keys.text())}[{var_text}]"), keys
        return (f"{var_text}.Key", f"{var_text}.Value"), over
    if kind == "enhanced_for_statement":
        keys = _member(over, method)
        if keys is not None:  # for (String k : extra.keySet()) ... extra.get(k)
            return (var_text, f"{_flat(keys.text())}.get({var_text})"), keys
        entries = _member(over, "entrySet")
        return ((f"{var_text}.getKey()", f"{var_text}.getValue()"), entries) if entries else None
    return (f"{var_text}.key", f"{var_text}.value"), _member(over, "entries") or over


def _member(node: SgNode, name: str) -> SgNode | None:
    """``x`` of ``x.name`` (C#, Kotlin) or ``x.name()`` (Java); None for anything else."""
    kind = node.kind()
    if kind == "member_access_expression":  # C#
        inner, member = node.field("expression"), node.field("name")
        return inner if member is not None and member.text() == name else None
    if kind == "method_invocation":  # Java
        inner, member, args = node.field("object"), node.field("name"), node.field("arguments")
        empty = args is None or not [c for c in args.named_children() if not is_comment(c)]
        return inner if member is not None and member.text() == name and empty else None
    if kind == "navigation_expression":  # Kotlin
        named = node.named_children()
        if len(named) == 2 and _flat(named[1].text()) == f".{name}":
            return named[0]
    return None


def _flat(source: str) -> str:
    return _SPACE.sub("", source)

"""Names bound by destructuring what the code computes: ``[$params, $options] = $this->build()``
(PHP, ``list(...)`` too), ``params, options = build()`` (Python). Seen in a Slim donation API:
``list($params, $options) = match ($mode) { 'payment' => $this->payment($data), ... }``, each
helper returning ``[$params, $options]``, then ``create($params, $options)``: the params were a
run-time value, so the cart was unknown (RT007) though each helper writes it.

A name in such a pattern is bound by the assignment (:func:`destructured`); its value is the
element at its place (or key) of the right side's value (:func:`picked`): a list's element, a
map's entry, each branch's for a choice; anything else is known only at run time, as before.
The run-time values found in the right side are kept at the name's path, those of the other
elements dropped."""

from __future__ import annotations

from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    Binding,
    Dynamic,
    Extractor,
    dynamic_marker,
    file_cache,
    start,
)
from migrate.scan.nodes import is_comment

PATTERNS: Final[dict[str, frozenset[str]]] = {
    "php": frozenset({"list_literal"}),
    "python": frozenset({"pattern_list", "tuple_pattern", "list_pattern"}),
    "node": frozenset({"array_pattern", "object_pattern"}),
    "ruby": frozenset({"left_assignment_list"}),
}
"""The left sides that destructure, per language family."""
_NO: Final = object()


def destructured(ex: Extractor, scope: SgNode, name: str) -> list[Binding]:
    """The bindings of ``name`` made directly in ``scope`` by destructuring: the assignment's
    start, the name's node in the pattern (its value: :func:`picked`) and the assignment's end."""
    patterns = PATTERNS.get(ex.family)
    if not patterns:
        return []
    key = ("destructured", scope)
    cache = file_cache(scope)
    by_name: dict[str, list[Binding]] | None = cache.get(key)
    if by_name is None:
        by_name = {}
        for kind, target, _ in ex.bindings_spec:
            for node in ex.direct(scope, kind):
                left = node.field(target)
                if left is None or left.kind() not in patterns:
                    continue
                for element, _ in _elements(left):
                    if element.kind() in ex.name_kinds or element.kind() == _SHORTHAND:
                        binding = (start(node), element, node.range().end.index)
                        by_name.setdefault(element.text(), []).append(binding)
        cache[key] = by_name
    return by_name.get(name, [])


def picked(ex: Extractor, node: SgNode, path: str) -> tuple[Any] | None:
    """The value of the name ``node`` written in a destructuring pattern: its element of the
    right side's value (the name, known only at run time, when that cannot be told); None when
    ``node`` is in no pattern."""
    left = node.parent()
    if left is not None and left.kind() == "pair_pattern":  # `{ details: found }`
        left = left.parent()
    if left is None or left.kind() not in PATTERNS.get(ex.family, frozenset()):
        return None
    assignment = left.parent()
    spec = next((s for s in ex.bindings_spec if assignment and assignment.kind() == s[0]), None)
    if assignment is None or spec is None or assignment.field(spec[1]) != left:
        return None
    right = assignment.field(spec[2])
    found = [at for element, at in _elements(left) if element == node]
    if right is None or not found or found[0] is None:
        return (dynamic_marker(node.text()),)  # bound here, to what cannot be told
    at = found[0]
    mark = len(ex.dynamic)
    value = ex.value(right, path, record=False)
    got = _pick(value, at)
    kept = []
    prefix = f"{path}[{at}]" if isinstance(at, int) else (f"{path}.{at}" if path else at)
    for entry in ex.dynamic[mark:]:  # the element's run-time values, at the name's path
        if entry.path == prefix or entry.path.startswith((f"{prefix}.", f"{prefix}[")):
            rest = entry.path[len(prefix) :]
            kept.append(Dynamic(path + rest if path else rest.removeprefix("."), entry.source))
    del ex.dynamic[mark:]
    ex.dynamic.extend(kept)
    return (dynamic_marker(node.text()),) if got is _NO else (got,)


def _pick(value: Any, at: int | str) -> Any:
    """The element ``at`` of ``value``; for a choice, the choice of each branch's."""
    if type(value) is list and isinstance(at, int):
        return value[at] if at < len(value) else _NO
    if type(value) is dict and DYNAMIC not in value:
        return value.get(str(at), _NO)
    if type(value) is dict and CHOICE in value:
        branches = value[CHOICE]
        then, other = _pick(branches.get("then"), at), _pick(branches.get("else"), at)
        if then is _NO or other is _NO:
            return _NO
        return {
            **value,
            DYNAMIC: f"{value[DYNAMIC]}[{at!r}]",
            CHOICE: {**branches, "then": then, "else": other},
        }
    return _NO


_SHORTHAND: Final = "shorthand_property_identifier_pattern"
"""JavaScript's ``{ details }`` in an object pattern: the name, bound to the key it spells."""


def _elements(pattern: SgNode) -> list[tuple[SgNode, int | str | None]]:
    """The names of a pattern with their place: an index, or the key written before them
    (PHP's ``['a' => $a]``, JavaScript's ``{ a }`` and ``{ a: b }``); None for an element that
    cannot be told (a nested pattern, a default: ``{ a = 1 }``, a rest: ``{ ...rest }``)."""
    if pattern.kind() == "object_pattern":
        return _object_elements(pattern)
    out: list[tuple[SgNode, int | str | None]] = []
    key: str | None = None
    index = 0
    for child in pattern.children():
        if not child.is_named() or is_comment(child) or child.kind() == "list":
            if child.text() == "=>" and out:
                key = out.pop()[0].text().strip("'\"")
                index -= 1
            continue
        if key is not None:
            out.append((child, key))
            key = None
            continue
        out.append((child, index))
        index += 1
    return out


def _object_elements(pattern: SgNode) -> list[tuple[SgNode, int | str | None]]:
    """The names of JavaScript's object pattern, each with the key it reads."""
    out: list[tuple[SgNode, int | str | None]] = []
    for child in pattern.named_children():
        kind = child.kind()
        if kind == _SHORTHAND:
            out.append((child, child.text()))
        elif kind == "pair_pattern":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None and value.kind() == "identifier":
                named = key.kind() in ("property_identifier", "string")
                out.append((value, key.text().strip("'\"") if named else None))
        elif kind == "object_assignment_pattern":
            left = child.field("left")
            if left is not None:
                out.append((left, None))
        elif kind == "rest_pattern":
            out += [(c, None) for c in child.named_children() if c.kind() == "identifier"]
    return out

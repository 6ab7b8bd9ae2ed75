"""Metadata keys the code may leave unset, written as entries present only when set.

Stripe's SDKs leave out a param whose value is ``None``, ``undefined`` or ``null``: a metadata
key whose value the code may leave unset (``user?.id``, ``ref || undefined``, an optional
parameter ``ref=None``) is no key at all on Stripe. The translator gives such a value as a
choice with a ``None`` value where it is unset (migrate/mapping/absent_values.py). Dodo's
metadata takes text only: ``str(ref)`` of ``None`` would send the text ``"None"``.

- Python and Node (the SDK calls): the metadata object is written as a merge whose parts are
  the keys always set and, for each key that may be unset, an object holding it only when it is
  set (``**({"ref": str(ref)} if ref else {})``, ``...(ref != null ? { ref: String(ref) } :
  {})``): the key is sent exactly when Stripe's call sent it.
- Ruby and PHP, whose suggestion sets each run-time value into a parsed JSON body: a key given
  under one condition is set under it (``dodo_body['metadata']['ref'] = ref.to_s if ref``,
  ``if (null !== $ref) { ... }``) and left out of the JSON.
- Go, Java, Kotlin, C# and shell (HTTP suggestions too): the metadata object is written as a
  merge, as for Python and Node, each language's merge setting such a key under its condition
  (``if ref != "" { dodoMetadata["ref"] = ... }``, Java's entry text or null). Their Stripe
  SDKs send a null or empty metadata value as the empty text, which Stripe reads as no key: a
  literal ``""`` value is no key there either (:func:`empty_unset`).
- Ruby and PHP, a key under nested conditions: an unset value is the empty text there.

Pure: no I/O; runs only on a body whose metadata holds such a value."""

from __future__ import annotations

import dataclasses
import functools
from typing import Any, NamedTuple

from migrate.mapping.expr import Expr, filled, is_choice, is_expr, leaves, map_leaves, rebuilt
from migrate.scan.suggest_values import decided, pure_condition


def conditional_metadata(body: dict[str, Any], *, conditional: bool) -> dict[str, Any]:
    """``body`` with its metadata keys that may be unset written as entries present only when
    set (``conditional``: the SDK families) or as the empty text when unset (the others)."""
    meta = body.get("metadata")
    if meta is None or not _unsettable(meta):
        return body
    fixed = _entries(meta, conditional) if conditional else _empty(meta)
    return {**body, "metadata": fixed}


def empty_unset(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with each metadata value that is the empty text no key: a literal ``""`` left
    out, a choice's ``""`` branch nothing. Stripe's SDKs form-encode an empty metadata value
    as it is (stripe-go ``form.mapEncoder`` encodes a map's zero values; stripe-java and
    Stripe.net encode a null map value as the empty text), and Stripe reads an empty value as
    "unset this key": on a new session, no key (a Go local ``note := ""`` set under an ``if``,
    a Java ``String note = null`` the same)."""
    meta = body.get("metadata")
    if type(meta) is not dict or not any(_empty_leaf(v) for v in meta.values()):
        return body
    kept = {
        k: map_leaves(v, _nothing) if is_choice(v) else v
        for k, v in meta.items()
        if not (type(v) is str and v == "")
    }
    return {**body, "metadata": kept}


def _empty_leaf(value: Any) -> bool:
    return any(type(leaf) is str and leaf == "" for leaf in leaves(value))


def _nothing(leaf: Any) -> Any:
    return None if type(leaf) is str and leaf == "" else leaf


def optional_sets(body: dict[str, Any]) -> tuple[dict[str, Any], list[Optional]]:
    """``body`` without the metadata keys whose value is given under one condition only (a
    choice between a value and nothing), and those keys: the HTTP suggestions that set each
    run-time value into a parsed JSON body set these under their condition (Ruby, PHP)."""
    meta = body.get("metadata")
    if type(meta) is not dict:
        return body, []
    found: list[Optional] = []
    kept: dict[str, Any] = {}
    for key, value in meta.items():
        settled = _settled(value) if _may_be_unset(value) else None
        branches = (settled.then, settled.else_) if is_choice(settled) else ()
        if len(branches) == 2 and branches.count(None) == 1:
            other = branches[0] if branches[1] is None else branches[1]
            if not is_choice(other) and is_choice(settled):
                found.append(Optional(str(key), settled.cond, other, branches[1] is None))
                continue
        kept[key] = value
    return ({**body, "metadata": kept}, found) if found else (body, [])


class Optional(NamedTuple):
    """A metadata key set only under a condition: its value where ``cond`` holds (``holds``)
    or where it does not."""

    key: str
    cond: str
    value: Any
    holds: bool


def _may_be_unset(value: Any) -> bool:
    """Whether a metadata value is a choice that gives nothing on a path its conditions can
    take (one nested under the same condition decided: ``r ? (r ? a : None) : b`` is set)."""
    return is_choice(value) and None in leaves(_settled(value))


def _settled(value: Any) -> Any:
    """``value`` with each choice inside a choice on the same condition decided, and a choice
    whose branches are equal that value (as the suggestion writes them: suggest_values.py)."""
    if not is_choice(value):
        return value
    key = " ".join(value.cond.split())
    then = _settled(decided(value.then, value.cond, True, _as_written))
    else_ = _settled(decided(value.else_, value.cond, False, _as_written))
    if then == else_ and pure_condition(key):
        return then
    return dataclasses.replace(value, then=then, else_=else_)


def _entry(key: str, leaf: Any) -> dict[str, Any]:
    """One value of a key that may be unset, as an object: the key, or none where unset."""
    return {} if leaf is None else {key: leaf}


def _as_written(cond: str) -> str:
    return cond


def _unsettable(meta: Any) -> bool:
    """Whether a metadata object (a dict, a choice of dicts, a merge) holds a value that may be
    unset."""
    if type(meta) is dict:
        return any(_may_be_unset(v) for v in meta.values())
    if is_choice(meta):
        return any(_unsettable(leaf) for leaf in meta.leaves())
    if is_expr(meta) and meta.form == "merge":
        return any(_unsettable(part) for part in meta.parts)
    return False


def _empty(meta: Any) -> Any:
    """The metadata object with each value that may be unset the empty text when unset."""
    if type(meta) is dict:
        return {k: filled(_settled(v), "") if _may_be_unset(v) else v for k, v in meta.items()}
    if is_choice(meta):
        return rebuilt(meta, _empty)
    if is_expr(meta) and meta.form == "merge":
        return Expr.merge(meta.source, meta.path, [_empty(p) for p in meta.parts])
    return meta


def _entries(meta: Any, conditional: bool) -> Any:
    """The metadata object with each key that may be unset an object of its own, present
    (holding the key) only where the value is set."""
    if type(meta) is dict:
        if not any(_may_be_unset(v) for v in meta.values()):
            return meta
        return Expr.merge("", "metadata", _parts(meta))
    if is_choice(meta):
        return rebuilt(meta, lambda leaf: _entries(leaf, conditional))
    if is_expr(meta) and meta.form == "merge":
        parts: list[Any] = []
        for part in meta.parts:
            got = _entries(part, conditional) if type(part) is dict else part
            parts += list(got.parts) if is_expr(got) and got.form == "merge" else [got]
        return Expr.merge(meta.source, meta.path, parts)
    return meta


def _parts(meta: dict[str, Any]) -> list[Any]:
    """The keys always set (in runs, in order) and one optional object per key that may not be."""
    parts: list[Any] = []
    run: dict[str, Any] = {}
    for key, value in meta.items():
        if not _may_be_unset(value):
            run[key] = value
            continue
        if run:
            parts.append(run)
            run = {}
        parts.append(rebuilt(_settled(value), functools.partial(_entry, key)))
    if run:
        parts.append(run)
    return parts


__all__ = ["Optional", "conditional_metadata", "empty_unset", "optional_sets"]

"""A metadata object written key by key that also gets an object known only at run time
merged in: ``metadata: extra.merge(user_id: id)`` (Ruby), ``array_merge($extra, ['k' => v])``
(PHP), ``.putAllMetadata(extra)`` beside ``.putMetadata("k", v)`` (Java, Kotlin); or a run-time
object given whole that gets entries of literal keys added (C#'s ``Metadata = extra`` then
``options.Metadata["k"] = v``; stripe-java's ``putAllMetadata(extra)`` into an empty metadata,
then ``putMetadata("k", v)``). The readers give the keys as the object and the run-time one as
a value at the object's path that has no place in it (or the reverse); here the two become one
``Expr.merge`` in the order the code merges them (``Dynamic.before``: the keys written before an
object, which its keys win over; the others after it, winning), which the translator carries
into Dodo's ``metadata`` (RT010) instead of leaving the object out (RT012).
PHP's ``array_filter`` of such an object (nulls left out) is one too, the filter kept. A change
that is no object (``metadata[k] = v`` in a loop, a statement under an ``if``) stays RT012."""

from __future__ import annotations

import re
from typing import Any, Final

from migrate.mapping.expr import Expr
from migrate.scan.extract import Dynamic, is_dynamic, with_exprs

_KEY: Final = re.compile(r"[\w-]+")
_NOTHING: Final = frozenset({"", "undefined", "null", "None", "nil"})
"""A spread of nothing (a wrapper's caller leaving the object out: ``...undefined``)."""
_PUT_ONE: Final = re.compile(
    r"^[\w$.()\s]*?\.?put(?!All)\w*\(\s*\"(?P<key>[\w-]+)\"\s*,\s*(?P<value>.+)\)\s*;?$", re.S
)
"""stripe-java's one entry with a literal key (``putMetadata("order_id", id)``)."""
PATHS: Final = (
    "metadata",
    "subscription_data.metadata",
    "payment_intent_data.metadata",
    "setup_intent_data.metadata",
)
_PUT_ALL: Final = re.compile(r"^[\w$.()\s]*?\.?putAll\w*\((?P<arg>.+)\)\s*;?$", re.S)
_EACH_PUT: Final = re.compile(
    r"^(?P<arg>[\w$.()\s]+?)\.forEach\s*(?P<open>[({])\s*(?:[\w$]+::put(?!All)\w*"
    r"|\(\s*(?P<k>\w+)\s*,\s*(?P<v>\w+)\s*\)\s*->\s*\{?\s*[\w$]+\s*\.\s*put(?!All)\w*"
    r"\(\s*(?P=k)\s*,\s*(?P=v)\s*\)\s*;?\s*\}?)\s*[)}]\s*;?$",
    re.S,
)
"""stripe-java's entries of a map put one by one (``extra.forEach(params::putMetadata)``,
``extra.forEach((k, v) -> params.putMetadata(k, v))``, Kotlin's ``extra.forEach { (k, v) ->
params.putMetadata(k, v) }``), as ``putAllMetadata(extra)`` puts them."""
_PY_CHOSEN: Final = re.compile(r"(?P<a>[^()]+?) if (?P<c>[^()]+?) else (?P<b>[^()]+)", re.S)
_CHOSEN: Final = re.compile(r"(?P<c>[^?()]+?)\?(?P<a>[^?:()]+):(?P<b>[^?:()]+)", re.S)
_KT_CHOSEN: Final = re.compile(r"if \((?P<c>[^()]+)\) (?P<a>[^()]+?) else (?P<b>[^()]+)", re.S)
"""An object or nothing, chosen by a condition (Python's ``extra if promo else {}``, a
ternary, Kotlin's ``if (vip) extra else null``): the object merged only when it holds."""
GO_CHOSEN_TEXT: Final = r"if (?P<c>[^{}]+?) \{ (?P<a>[\w.]+) \} else \{ nil \}"
_GO_CHOSEN: Final = re.compile(GO_CHOSEN_TEXT)
"""Go's reader's text of a map merged under an ``if`` (``if vip { extra } else { nil }``)."""
_EMPTY: Final = frozenset({"{}", "[]", "None", "nil", "null", "undefined", "dict()", "array()"})
_VALUE: Final = re.compile(
    r"[@$]?[A-Za-z_]\w*(?:(?:\.|->|::|\?\.)[A-Za-z_]\w*|\[[^\[\]=;]+\]|\(\))*"
)
"""An object as a value: a name, a field or key read, a call without arguments (never a
change made by a call: ``params.AddMetadata(k, v)`` in a loop)."""


def whole_source(source: str) -> str | None:
    """The object a change at a metadata path merges in, as an expression: the argument of a
    ``putAll...`` call, the map of ``map.forEach(b::putMetadata)``, or the change itself when
    it is a value (a name, a field, a key); None for anything else (an assignment, a block, a
    call that adds one entry)."""
    text = source.strip()
    if text.startswith(("**", "...")):  # dict(k=v, **extra), { k: v, ...(extra || {}) }
        inner = _unwrapped(text.lstrip("*.").strip())  # a spread's object, as it is
        return inner if inner not in _NOTHING else None
    while text.startswith("(") and text.endswith(")") and _VALUE.fullmatch(text[1:-1].strip()):
        text = text[1:-1].strip()  # (params[:meta]): a caller's argument, in parentheses
    found = _PUT_ALL.match(text) or _EACH_PUT.match(text)
    if found is not None:
        return found["arg"].strip()
    if _GO_CHOSEN.fullmatch(text):  # Go: `if vip { putAll(extra) }`, the writer's if
        return text
    bare = _unwrapped(text)
    chosen = _PY_CHOSEN.fullmatch(bare) or _CHOSEN.fullmatch(bare) or _KT_CHOSEN.fullmatch(bare)
    if chosen is not None and all(
        _VALUE.fullmatch(side) or side in _EMPTY
        for side in (chosen["a"].strip(), chosen["b"].strip())
    ):
        return f"({bare})"  # merged under a condition: `if promo: md.update(extra)`
    return text if _VALUE.fullmatch(text) or _filtered(text) else None


def _filtered(text: str) -> bool:
    """Whether ``text`` is PHP's ``array_filter`` of an object as a value
    (``array_filter($dto->metadata, fn ($v) => $v !== null)``): the object's entries the
    callback keeps, still an object to merge (the call written as it is, the filter kept)."""
    if not re.match(r"\\?array_filter\s*\(", text, re.IGNORECASE) or not text.endswith(")"):
        return False
    inner = text[text.index("(") + 1 : -1]
    depth, cut = 0, len(inner)
    for at, char in enumerate(inner):
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(char, 0)
        if depth < 0:
            return False  # `array_filter(a)(b)`: no one call
        if char == "," and depth == 0:
            cut = at
            break
    return _VALUE.fullmatch(inner[:cut].strip()) is not None


def _unwrapped(text: str) -> str:
    """``text`` without the parentheses around all of it (``(extra || {})``: ``extra ||
    {}``), which the writer puts back where the language needs them."""
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for at, char in enumerate(text):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and at < len(text) - 1:
                return text  # (a) || (b): the first one closes before the end
        text = text[1:-1].strip()
    return text


def spreads_only(found: list[Dynamic], path: str) -> bool:
    """Whether the run-time values ``found`` in an object literal at ``path`` are all objects
    spread whole into a metadata object at ``path`` or in it (``{"user_id": uid, **extra}``,
    ``{ user_id: id, ...extra }``, ``subscription_data: { metadata: {...} }``): the literal is
    then its keys with the objects merged in the code's order (as ``dict(user_id=uid,
    **extra)`` is), each value written as text as the keys of a literal without a spread are,
    not one run-time value written as it is."""
    return all(
        (d.path in PATHS or (d.path == path and path in _HOLDERS))
        and (d.path == path or d.path.startswith(f"{path}."))
        and d.source.startswith(("**", "..."))
        for d in found
    )


_HOLDERS: Final = ("subscription_data", "payment_intent_data")
"""Objects of the params whose keys are read beside an object spread into them (``{
...(days ? {trial_period_days: days} : {}), ...extra }``): the spread is reported (RT012), the
keys the code writes (the trial) are carried, not lost with it."""


def session_doc(params: dict[str, Any], dynamic: tuple[Dynamic, ...]) -> dict[str, Any]:
    """A Checkout Session's params as the translator reads them: run-time values as ``Expr``,
    run-time metadata objects merged with the keys written (:func:`merged_wholes`)."""
    return merged_wholes(with_exprs(params), params, dynamic)


def merged_wholes(
    doc: dict[str, Any], params: dict[str, Any], dynamic: tuple[Dynamic, ...]
) -> dict[str, Any]:
    """``doc`` (the params with their ``Expr``) with each metadata object of ``PATHS`` that
    the code writes key by key and that also gets a run-time object merged in (a value at
    its path of ``dynamic`` the params do not hold) made the merge of the two."""
    out = doc
    for path in PATHS:
        known = _at(params, path)
        written = _at(out, path)
        if is_dynamic(known) and type(written) is Expr and written.form == "code":
            out = _entries_added(out, path, written, dynamic)
            continue
        if type(known) is not dict or is_dynamic(known):
            continue
        inside = {v["$dynamic"] for v in known.values() if is_dynamic(v)}
        wholes = [
            (d.source, whole)
            for d in dynamic
            if d.path == path and d.source not in inside
            for whole in [whole_source(d.source)]
            if whole is not None
        ]
        written = _at(out, path)
        if not wholes or type(written) is not dict:
            continue
        befores = [
            next(d.before for d in dynamic if d.path == path and d.source == s) for s, _ in wholes
        ]
        parts = _in_order([Expr(w, path, type="metadata") for _, w in wholes], befores, written)
        merged = Expr.merge("; ".join(s for s, _ in wholes), path, parts)
        out = _with(out, path, merged)
    return out


def _in_order(
    wholes: list[Expr], befores: list[tuple[str, ...]], written: dict[str, Any]
) -> list[Any]:
    """The objects and the keys written, in the order the code merges them: a key after the
    last object it was written before (``before``), so that the same one wins as on Stripe;
    the keys written after every object last (``{**extra, "k": v}``)."""
    segments: list[dict[str, Any]] = [{} for _ in range(len(wholes) + 1)]
    for key, value in written.items():
        after = [i for i, before in enumerate(befores) if key not in before]
        segments[after[-1] + 1 if after else 0][key] = value
    parts: list[Any] = [segments[0]] if segments[0] else []
    for whole, segment in zip(wholes, segments[1:], strict=True):
        parts += [whole, segment] if segment else [whole]
    return parts


def _entries_added(
    doc: dict[str, Any], path: str, whole: Expr, dynamic: tuple[Dynamic, ...]
) -> dict[str, Any]:
    """A run-time object given whole that gets entries of literal keys added after
    (``Metadata = extra; options.Metadata["order_id"] = id``): the object, then the keys."""
    keys: dict[str, Any] = {}
    for d in dynamic:
        rest = d.path[len(path) + 1 :] if d.path.startswith(f"{path}.") else None
        if rest is not None and _KEY.fullmatch(rest):
            keys[rest] = Expr(d.source, d.path)
            continue
        put = _PUT_ONE.match(d.source.strip()) if d.path == path else None
        if put is not None:  # `.putMetadata("k", v)` after `.putAllMetadata(extra)`
            keys[put["key"]] = Expr(put["value"].strip(), f"{path}.{put['key']}")
    if not keys:
        return doc
    return _with(doc, path, Expr.merge(whole.source, path, [whole, keys]))


def _at(value: Any, path: str) -> Any:
    for step in path.split("."):
        if type(value) is not dict:
            return None
        value = value.get(step)
    return value


def _with(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    head, _, rest = path.partition(".")
    if not rest:
        return {**doc, head: value}
    inner = doc.get(head)
    return {**doc, head: _with(inner if type(inner) is dict else {}, rest, value)}


__all__ = ["PATHS", "merged_wholes", "session_doc", "whole_source"]

"""Contract check: a value must fit one of the official dodopayments SDK's request TypedDicts
exactly, the way Dodo's server deserializes a body.

pydantic's TypeAdapter ignores unknown keys of a TypedDict and validates ``Iterable`` fields
lazily, so this walks the SDK's type hints itself: required keys present, no unknown keys,
literals in their enum, scalars of the right type (``1.0`` is not an integer, ``True`` is not a
number), unions tried in turn. Lengths and ranges are not part of the types; callers such as the
sandbox check those themselves.
"""

from __future__ import annotations

import collections.abc
import functools
import types
import typing
from datetime import datetime
from typing import Any, NotRequired, Required

from typing_extensions import is_typeddict

__all__ = ["contract_errors"]

_SEQUENCES: frozenset[object] = frozenset(
    {list, collections.abc.Iterable, collections.abc.Sequence, typing.List}  # noqa: UP006
)
_MAPPINGS: frozenset[object] = frozenset({dict, collections.abc.Mapping, typing.Dict})  # noqa: UP006
_SHOWN_LITERALS = 8
"""A literal with more allowed values than this (currencies, countries) is described by count."""


def contract_errors(value: Any, tp: Any, path: str = "$") -> list[str]:
    """Every way ``value`` breaks type ``tp`` (empty when it fits). Each error starts with the
    JSON path of the offending value (``$.price.currency``)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Required, NotRequired, typing.Annotated):
        return contract_errors(value, args[0], path)
    if tp is Any:
        return []
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return []
        members = [arg for arg in args if arg is not type(None)]
        attempts = [contract_errors(value, arg, path) for arg in members]
        if any(not errs for errs in attempts):
            return []
        tagged = [
            errs for arg, errs in zip(members, attempts, strict=True) if _tag_fits(value, arg)
        ]
        if len(attempts) == 1 or len(tagged) == 1:
            return (tagged or attempts)[0]
        return [f"{path}: fits no allowed shape: " + "; ".join(e[0] for e in attempts if e)]
    if origin is typing.Literal:
        if value in args and type(value) in {type(a) for a in args}:
            return []
        if len(args) > _SHOWN_LITERALS:
            return [f"{path}: {value!r} is not one of the {len(args)} allowed values"]
        return [f"{path}: {value!r} is not one of {', '.join(repr(a) for a in args)}"]
    if is_typeddict(tp):
        return _typeddict_errors(value, tp, path)
    if getattr(tp, "__name__", "") == "SequenceNotStr" or origin in _SEQUENCES or tp in _SEQUENCES:
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {_json_type(value)}"]
        item = args[0] if args else Any
        return [e for i, v in enumerate(value) for e in contract_errors(v, item, f"{path}[{i}]")]
    if origin in _MAPPINGS or tp in _MAPPINGS:
        if not isinstance(value, dict):
            return [f"{path}: expected an object, got {_json_type(value)}"]
        key_t, val_t = args or (Any, Any)
        return [
            e
            for k, v in value.items()
            for e in contract_errors(k, key_t, f"{path}.<key>")
            + contract_errors(v, val_t, f"{path}.{k}")
        ]
    return _scalar_errors(value, tp, path)


def _scalar_errors(value: Any, tp: Any, path: str) -> list[str]:
    if tp is bool:
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean, got {value!r}"]
    if tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected an integer, got {value!r}"]
    if tp is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{path}: expected a number, got {value!r}"]
    if tp is str:
        return [] if isinstance(value, str) else [f"{path}: expected a string, got {value!r}"]
    if tp is datetime:
        if not isinstance(value, str):
            return [f"{path}: expected an ISO date-time string, got {value!r}"]
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return [f"{path}: {value!r} is not an ISO date-time"]
        return []
    if tp is type(None):
        return [] if value is None else [f"{path}: expected null"]
    raise TypeError(f"{path}: the contract checker does not know type {tp!r}")


@functools.cache
def _hints(tp: Any) -> tuple[dict[str, Any], frozenset[str]]:
    """A TypedDict's fields and its required ones (cached: the SDK's types never change)."""
    hints = typing.get_type_hints(tp, include_extras=True)
    total = bool(getattr(tp, "__total__", True))
    required = frozenset(
        key
        for key, hint in hints.items()
        if typing.get_origin(hint) is Required
        or (total and typing.get_origin(hint) is not NotRequired)
    )
    return hints, required


def _tag_fits(value: Any, tp: Any) -> bool:
    """Whether ``value`` carries the tag of union member ``tp``: a TypedDict whose one-value
    literal fields (``type: Literal["one_time_price"]``) all match. Such a member's errors are
    the ones worth reporting."""
    if not is_typeddict(tp) or not isinstance(value, dict):
        return False
    tags = {
        key: typing.get_args(inner)[0]
        for key, hint in _hints(tp)[0].items()
        for inner in [_unwrap(hint)]
        if typing.get_origin(inner) is typing.Literal and len(typing.get_args(inner)) == 1
    }
    return bool(tags) and all(value.get(key) == tag for key, tag in tags.items())


def _unwrap(hint: Any) -> Any:
    while typing.get_origin(hint) in (Required, NotRequired, typing.Annotated):
        hint = typing.get_args(hint)[0]
    return hint


def _typeddict_errors(value: Any, tp: Any, path: str) -> list[str]:
    name = getattr(tp, "__name__", "object")
    if not isinstance(value, dict):
        return [f"{path}: expected an object for {name}, got {_json_type(value)}"]
    hints, required = _hints(tp)
    errors = [f"{path}.{k}: not a field of {name}" for k in value if k not in hints]
    errors += [f"{path}.{k}: required by {name}" for k in sorted(required) if k not in value]
    for key, item in value.items():
        if key in hints:
            errors += contract_errors(item, hints[key], f"{path}.{key}")
    return errors


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__

"""Contract check: a value must fit the official dodopayments SDK's request TypedDicts exactly.

pydantic's TypeAdapter ignores unknown keys of a TypedDict and validates ``Iterable`` fields
lazily, so this walks the SDK's type hints itself: required keys present, no unknown keys,
literals in their enum, scalars of the right type, unions tried in turn.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from datetime import datetime
from typing import Any, NotRequired, Required

from typing_extensions import is_typeddict

_SEQUENCES = {list, collections.abc.Iterable, collections.abc.Sequence, typing.List}  # noqa: UP006


def contract_errors(value: Any, tp: Any, path: str = "$") -> list[str]:
    """Every way ``value`` breaks type ``tp`` (empty when it fits)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Required, NotRequired, typing.Annotated):
        return contract_errors(value, args[0], path)
    if tp is Any:
        return []
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return []
        attempts = [contract_errors(value, arg, path) for arg in args if arg is not type(None)]
        if any(not errs for errs in attempts):
            return []
        return [f"{path}: fits no member of {tp}: " + "; ".join(e[0] for e in attempts if e)]
    if origin is typing.Literal:
        return [] if value in args else [f"{path}: {value!r} not one of {args}"]
    if is_typeddict(tp):
        return _typeddict_errors(value, tp, path)
    name = getattr(tp, "__name__", "")
    if name == "SequenceNotStr" or origin in _SEQUENCES or tp in _SEQUENCES:
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__}"]
        item = args[0] if args else Any
        return [e for i, v in enumerate(value) for e in contract_errors(v, item, f"{path}[{i}]")]
    if origin in (dict, collections.abc.Mapping, typing.Dict):  # noqa: UP006
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        key_t, val_t = args or (Any, Any)
        return [
            e
            for k, v in value.items()
            for e in contract_errors(k, key_t, f"{path}.<key>")
            + contract_errors(v, val_t, f"{path}.{k}")
        ]
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


def _typeddict_errors(value: Any, tp: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected an object for {tp.__name__}, got {type(value).__name__}"]
    hints = typing.get_type_hints(tp, include_extras=True)
    errors = [f"{path}.{k}: not a field of {tp.__name__}" for k in value if k not in hints]
    required = [
        k
        for k, hint in hints.items()
        if typing.get_origin(hint) is Required
        or (getattr(tp, "__total__", True) and typing.get_origin(hint) is not NotRequired)
    ]
    errors += [f"{path}.{k}: required by {tp.__name__}" for k in required if k not in value]
    for key, item in value.items():
        if key in hints:
            errors += contract_errors(item, hints[key], f"{path}.{key}")
    return errors

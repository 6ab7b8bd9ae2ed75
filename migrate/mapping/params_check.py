"""Checkout Session create params checked without pydantic when they are plainly valid.

:func:`validate_lenient` is :func:`migrate.mapping.stripe_params.validate_lenient` with a fast
path: a structural check compiled from the same ``TypedDict`` model (:func:`compile_spec`)
accepts a document only when every value it holds already has exactly the type the model
gives it (a ``str`` where a string goes, an ``int`` that is not a ``bool``, a known enum word,
string metadata, lists and objects of such values, ``None`` where allowed, unknown keys kept as
they are), so that the pydantic validator would return the same document. The document is
then returned as a copy of its containers, and pydantic is never imported. Anything else
(a value to coerce: ``"2000"`` for an integer, a number in metadata, a decimal, a union of
objects, a bad value) goes to the pydantic validator as before.

The compiled spec and :data:`PARAM_PATHS` are cached beside the rule table
(:func:`migrate.mapping.table.cache_dir`), keyed by the hash of the model's source and this
module's; with no cache they are built from the model (importing pydantic) and cached.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import sys
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

from migrate.mapping.expr import Expr, Lifted, lift, map_leaves

if TYPE_CHECKING:
    from migrate.mapping.stripe_params import InvalidParam

# A spec is a tuple: (kind, argument, nullable).
#   "s" str, "i" int (not bool), "b" bool, "e" one of a set of strings (argument),
#   "L" a list of the argument's spec, "o" an object (argument: key -> spec, unknown keys kept),
#   "m" string -> string metadata, "a" an opaque object, "d" string -> the argument's spec,
#   "u" one of several scalar specs (argument: a tuple of them).
# A type the check cannot vouch for has no spec (None): a document holding a value there goes
# to pydantic.
Spec = tuple[str, Any, bool]

_FORMAT = 1
_SOURCES = ("stripe_params.py", "stripe_shapes.py", "params_check.py")


def compile_spec(root: type) -> Spec:
    """The structural spec of a ``TypedDict`` model (see the comment above :data:`Spec`)."""
    from typing_extensions import is_typeddict

    from migrate.mapping.stripe_shapes import Metadata, OpaqueObject

    def of(tp: Any) -> Spec | None:
        nullable = False
        origin = typing.get_origin(tp)
        if origin is Union or origin is types.UnionType:
            args = typing.get_args(tp)
            nullable = type(None) in args
            members = [a for a in args if a is not type(None)]
            if len(members) != 1:
                specs = [of(m) for m in members]
                if any(s is None or s[0] not in ("s", "i", "b", "e") for s in specs):
                    return None
                return ("u", tuple(specs), nullable)
            tp = members[0]
            origin = typing.get_origin(tp)
        if tp is Metadata:
            return ("m", None, nullable)
        if tp == OpaqueObject:
            return ("a", None, nullable)
        if tp is str:
            return ("s", None, nullable)
        if tp is bool:
            return ("b", None, nullable)
        if tp is int:
            return ("i", None, nullable)
        if origin is Literal:
            words = _literal_words(tp)
            return ("e", frozenset(words), nullable) if words is not None else None
        if origin is list:
            (item,) = typing.get_args(tp)
            inner = of(item)
            return ("L", inner, nullable) if inner is not None else None
        if origin is dict:
            key, value = typing.get_args(tp)
            inner = of(value)
            return ("d", inner, nullable) if key is str and inner is not None else None
        if isinstance(tp, type) and is_typeddict(tp):
            if getattr(tp, "__pydantic_config__", {}).get("extra") != "allow":
                return None  # unknown keys would not be kept as they are
            hints = typing.get_type_hints(tp, include_extras=True)
            return ("o", {name: of(hint) for name, hint in hints.items()}, nullable)
        return None  # Annotated (decimals, constrained values) and anything else: pydantic's

    spec = of(root)
    assert spec is not None
    return spec


def _literal_words(tp: Any) -> list[str] | None:
    words: list[str] = []
    for arg in typing.get_args(tp):
        if typing.get_origin(arg) is Literal:
            inner = _literal_words(arg)
            if inner is None:
                return None
            words.extend(inner)
        elif type(arg) is str:
            words.append(arg)
        else:
            return None
    return words


def plain(value: Any, spec: Spec | None) -> bool:
    """Whether ``value`` has exactly the shape ``spec`` gives it (nothing to coerce)."""
    if spec is None:
        return False
    if value is None:
        return spec[2]
    kind, arg, _ = spec
    vt = type(value)
    if kind == "s":
        return vt is str
    if kind == "e":
        return vt is str and value in arg
    if kind == "i":
        return vt is int
    if kind == "b":
        return vt is bool
    if kind == "o":
        if vt is not dict:
            return False
        for key, item in value.items():
            if key in arg:
                if not plain(item, arg[key]):
                    return False
            elif type(key) is not str:
                return False
        return True
    if kind == "L":
        return vt is list and all(plain(item, arg) for item in value)
    if kind == "m":
        return vt is dict and all(type(k) is str and type(v) is str for k, v in value.items())
    if kind == "a":
        return vt is dict and all(type(k) is str for k in value)
    if kind == "d":
        return vt is dict and all(type(k) is str and plain(v, arg) for k, v in value.items())
    if kind == "u":
        return any(plain(value, member) for member in arg)
    return False


def _copy(value: Any, spec: Spec | None = None) -> Any:
    """A copy of the JSON containers, as the validator returns them: new dicts and lists, an
    object's declared keys first in the model's order, then its unknown keys as given."""
    kind = type(value)
    if kind is dict:
        if spec is not None and spec[0] == "o":
            fields = spec[1]
            out = {k: _copy(value[k], fields[k]) for k in fields if k in value}
            for k, v in value.items():
                if k not in fields:
                    out[k] = _copy(v)
            return out
        inner = spec[1] if spec is not None and spec[0] == "d" else None
        return {k: _copy(v, inner) for k, v in value.items()}
    if kind is list:
        inner = spec[1] if spec is not None and spec[0] == "L" else None
        return [_copy(v, inner) for v in value]
    return value


_NOT_PLAIN: Any = object()
"""What :func:`plain_copy` returns for a value that is not plainly valid."""
_ORDERS: dict[int, tuple[Mapping[str, Any], dict[str, int]]] = {}
"""Each object spec's field positions (by the id of its fields, which the entry keeps alive)."""


def _positions(fields: Mapping[str, Any]) -> dict[str, int]:
    found = _ORDERS.get(id(fields))
    if found is None or found[0] is not fields:
        found = fields, {k: i for i, k in enumerate(fields)}
        _ORDERS[id(fields)] = found
    return found[1]


def plain_copy(value: Any, spec: Spec | None) -> Any:
    """``_copy(value, spec)`` when ``plain(value, spec)``, else ``_NOT_PLAIN``: the check and the
    copy in one walk. A key that is a ``str`` subclass raises ``LookupError`` (the caller
    then checks and copies the two-walk way, whose result is the model's own key)."""
    if spec is None:
        return _NOT_PLAIN
    if value is None:
        return None if spec[2] else _NOT_PLAIN
    kind, arg, _ = spec
    vt = type(value)
    if kind == "s":
        return value if vt is str else _NOT_PLAIN
    if kind == "e":
        return value if vt is str and value in arg else _NOT_PLAIN
    if kind == "i":
        return value if vt is int else _NOT_PLAIN
    if kind == "b":
        return value if vt is bool else _NOT_PLAIN
    if kind == "o":
        if vt is not dict:
            return _NOT_PLAIN
        known: list[tuple[str, Any]] = []
        extra: list[tuple[str, Any]] = []
        for key, item in value.items():
            if key.__class__ is not str:
                if isinstance(key, str):
                    raise LookupError(key)
                return _NOT_PLAIN
            sub = arg.get(key, _NOT_PLAIN)
            if sub is _NOT_PLAIN:
                extra.append((key, item))
                continue
            if item.__class__ is str and sub is not None and sub[0] == "s":  # the most common
                known.append((key, item))
                continue
            copied = plain_copy(item, sub)
            if copied is _NOT_PLAIN:
                return _NOT_PLAIN
            known.append((key, copied))
        if len(known) > 1:
            at = _positions(arg)
            known.sort(key=lambda pair: at[pair[0]])  # the model's order (mostly already)
        out = dict(known)
        for key, item in extra:
            out[key] = _copy(item)
        return out
    if kind == "L":
        if vt is not list:
            return _NOT_PLAIN
        items = []
        for item in value:
            copied = plain_copy(item, arg)
            if copied is _NOT_PLAIN:
                return _NOT_PLAIN
            items.append(copied)
        return items
    if kind == "d":
        if vt is not dict:
            return _NOT_PLAIN
        entries = {}
        for key, item in value.items():
            if type(key) is not str:
                return _NOT_PLAIN
            copied = plain_copy(item, arg)
            if copied is _NOT_PLAIN:
                return _NOT_PLAIN
            entries[key] = copied
        return entries
    if kind in ("m", "a", "u"):
        return _copy(value) if plain(value, spec) else _NOT_PLAIN
    return _NOT_PLAIN


class _Compiled(typing.NamedTuple):
    spec: Spec
    paths: frozenset[str]


def _key() -> str:
    """The cache key of the compiled spec: its sources, and the Python and typing_extensions
    that read the models (an upgrade of either may read them otherwise)."""
    digest = hashlib.sha256(f"params-check {_FORMAT}\0{sys.version}\0".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        digest.update(name.encode() + b"\0" + (here / name).read_bytes() + b"\0")
    found = importlib.util.find_spec("typing_extensions")  # found, not imported
    if found is not None and found.origin:
        with contextlib.suppress(OSError):
            stat = Path(found.origin).stat()
            digest.update(f"{found.origin}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _build() -> _Compiled:
    from migrate.mapping.stripe_params import PARAM_PATHS, CheckoutSessionCreate

    return _Compiled(compile_spec(CheckoutSessionCreate), PARAM_PATHS)


def compiled(folder: Path | None = None) -> _Compiled:
    """The spec and the parameter paths: from the cache in ``folder`` (default: the rule
    table's cache folder) when it holds them for the current model, else built and cached
    there (best effort, written atomically)."""
    from migrate.mapping.table import cache_dir, read_cache, write_cache

    folder = folder if folder is not None else cache_dir()
    key = _key()
    path = folder / f"params-{key[:24]}.pickle"
    found = read_cache(path, key, _Compiled)
    if found is not None:
        return found
    built = _build()
    write_cache(path, key, built)
    return built


@functools.cache
def _loaded() -> _Compiled:
    return compiled()


def param_paths() -> frozenset[str]:
    """:data:`migrate.mapping.stripe_params.PARAM_PATHS`, read from the cache."""
    return _loaded().paths


def validate_lenient(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[InvalidParam]]:
    """:func:`migrate.mapping.stripe_params.validate_lenient`, without pydantic when the
    params are plainly valid (:func:`plain`): then a copy of them, and nothing invalid."""
    spec = _loaded().spec
    if type(data) is dict:
        try:
            copied = plain_copy(data, spec)
        except LookupError:  # a str subclass as a key: the two walks
            copied = _copy(data, spec) if plain(data, spec) else _NOT_PLAIN
        if copied is not _NOT_PLAIN:
            return copied, []
    from migrate.mapping.stripe_params import validate_lenient as full

    return full(data)


def typed_choices(lifted: Lifted) -> Lifted:
    """Lifted run-time values whose choices hold each literal branch as the validator makes a
    literal given at the same path: form text is typed in every branch (``"14" if trial else
    "0"`` for ``trial_period_days`` is ``14 if trial else 0``, as a plain ``"14"`` is ``14``)."""
    return [(where, map_leaves(e, functools.partial(_typed_leaf, where))) for where, e in lifted]


def _typed_leaf(where: tuple[str | int, ...], leaf: Any) -> Any:
    """``leaf`` (a branch's literal) validated at ``where``; kept as it is when it holds a
    run-time value or the validator refuses it (its rule reads it)."""
    if leaf is None or type(leaf) is Expr or lift(leaf)[1]:
        return leaf
    doc: Any = leaf
    for step in reversed(where):  # an element of a list stands as its first one
        doc = [doc] if type(step) is int else {step: doc}
    if type(doc) is not dict:
        return leaf
    params, invalid = validate_lenient(doc)
    if invalid:
        return leaf
    node: Any = params
    for step in where:
        node = node[0 if type(step) is int else step]
    return node

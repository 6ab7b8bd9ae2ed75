"""Kotlin's overloads of a wrapper (``migrate/scan/overloads.py`` binds a call to one): the
functions named as it that its class, ``object`` or companion declares itself, or, for a
top-level function, that its file declares at its top level (an extension function's
overloads extend the same class)."""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache
from migrate.scan.kotlin_symbols import (
    KOTLIN_CLASSES,
    declared_name,
    extension_receiver,
    kotlin_params,
    parameter_list,
)
from migrate.scan.params import Param

Signature = tuple[Param, ...]


def kotlin_overloads(node: SgNode, name: str) -> tuple[Signature, ...]:
    """The parameter lists of the functions named ``name`` beside the function declaration
    ``node``, itself among them, in source order; () when it has no other."""
    holder = _holder(node)
    if holder is None:
        return ()
    cache = file_cache(holder)
    key = ("kotlin-overloads", holder, name, extension_receiver(node))
    found: tuple[Signature, ...] | None = cache.get(key)
    if found is None:
        same = [
            f
            for f in holder.find_all(kind="function_declaration")
            if _holder(f) == holder
            and (named := declared_name(f)) is not None
            and named.text() == name
            and extension_receiver(f) == extension_receiver(node)
        ]
        found = cache[key] = tuple(_params(f) for f in same) if len(same) > 1 else ()
    return found


def _holder(node: SgNode) -> SgNode | None:
    """What declares a function: its class, object or companion, or the file for a top-level
    one; None for a function declared in another function."""
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if kind in KOTLIN_CLASSES:
            return ancestor
        if kind in ("function_declaration", "lambda_literal", "anonymous_function"):
            return None
    return node.get_root().root()


def _params(node: SgNode) -> Signature:
    listed = parameter_list(node)
    return tuple(kotlin_params(listed)) if listed is not None else ()

"""Python dataclasses that build a Stripe call's params.

Typed Python code builds a line item as a dataclass of the same file and hands it to Stripe as a
dict (django-payments' Stripe provider: ``asdict(StripeLineItem(quantity=1,
price_data=StripePriceData(currency=..., unit_amount=..., product_data=...)))``). The dict
``dataclasses.asdict`` makes holds every field, nested dataclasses as dicts: a constructor call of
such a class is read as that dict (its arguments by field, positional ones in field order, the
fields it does not give with their declared default) and ``asdict(x)`` as ``x``. A field whose
value is ``None`` is left out: the Stripe SDK sends no ``None``. A field with a
``default_factory`` the call does not give, or a class with ``__post_init__``, is not read (the
value is made at run time): the call stays opaque.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache, text

_DECORATOR: Final = re.compile(r"^@\s*(?:dataclasses\s*\.\s*)?dataclass\b")
ASDICT: Final = frozenset({"asdict", "dataclasses.asdict"})


class Field(NamedTuple):
    name: str
    init: bool
    """Whether the constructor takes it (``field(init=False)`` does not)."""
    default: SgNode | None
    """Its declared literal default (None: none, or ``None``)."""
    required: bool
    """Whether a value must come from the call (no default; a ``default_factory``)."""


def dataclass_fields(call: SgNode) -> tuple[Field, ...] | None:
    """The fields, in order, of the dataclass of the same file that ``call`` constructs; None
    when the callee is no such class (or one whose values are made at run time)."""
    callee = call.field("function")
    if callee is None or callee.kind() != "identifier":
        return None
    cache = file_cache(call)
    key = ("python-dataclasses",)
    classes: dict[str, tuple[Field, ...] | None] | None = cache.get(key)
    if classes is None:
        classes = cache[key] = _classes(call.get_root().root())
    return classes.get(callee.text())


def _classes(root: SgNode) -> dict[str, tuple[Field, ...] | None]:
    out: dict[str, tuple[Field, ...] | None] = {}
    for decorated in root.find_all(kind="decorated_definition"):
        cls = decorated.field("definition")
        if cls is None or cls.kind() != "class_definition":
            continue
        if not any(
            _DECORATOR.match(d.text()) for d in decorated.children() if d.kind() == "decorator"
        ):
            continue
        name = text(cls.field("name"))
        out[name] = None if name in out else _fields(cls)  # a name defined twice: unread
    return out


def _fields(cls: SgNode) -> tuple[Field, ...] | None:
    body = cls.field("body")
    out: list[Field] = []
    for stmt in body.named_children() if body is not None else []:
        if stmt.kind() == "function_definition" and text(stmt.field("name")) == "__post_init__":
            return None
        if stmt.kind() != "expression_statement" or not stmt.named_children():
            continue
        assign = stmt.named_children()[0]
        left, kind = assign.field("left"), assign.field("type")
        if assign.kind() != "assignment" or left is None or kind is None:
            continue
        if left.kind() != "identifier" or "ClassVar" in kind.text():
            continue
        out.append(_field(left.text(), assign.field("right")))
    return tuple(out)


def _field(name: str, right: SgNode | None) -> Field:
    if right is None:
        return Field(name, True, None, True)
    callee = text(right.field("function")) if right.kind() == "call" else ""
    if callee not in ("field", "dataclasses.field"):
        return _defaulted(name, True, right)
    init, default, factory = True, None, False
    args = right.field("arguments")
    for arg in args.named_children() if args is not None else []:
        if arg.kind() != "keyword_argument":
            continue
        word, value = text(arg.field("name")), arg.field("value")
        if word == "init":
            init = text(value) != "False"
        elif word == "default" and value is not None:
            default = value
        elif word == "default_factory":
            factory = True
    if factory or default is None:
        return Field(name, init, None, True)
    return _defaulted(name, init, default)


_LITERAL: Final = frozenset({"string", "integer", "float", "true", "false"})


def _defaulted(name: str, init: bool, default: SgNode) -> Field:
    """A field with a declared default: ``None`` (left out), a literal (its value), anything
    else (read in the class, not where the call is: the call must give the field)."""
    if default.kind() == "none":
        return Field(name, init, None, False)
    if default.kind() in _LITERAL:
        return Field(name, init, default, False)
    return Field(name, init, None, True)


__all__ = ["ASDICT", "Field", "dataclass_fields"]

"""Which overload of a method a call reaches (Java, C#, Kotlin: methods of one class with the
same name, or Kotlin functions of one file, told apart by their parameters).

A wrapper method with overloads (``migrate/scan/wrappers.py``) keeps the parameter lists of
all the methods of its class named as it (:func:`overloads_of`). A call that reaches it by
name is bound to one of them (:func:`choose`) as the compiler would, as far as one file tells:

* by arity: the positional arguments against the parameters, C# and Kotlin named arguments
  by name,
  defaults for what is left out, ``params``/varargs for the rest;
* then by the declared types against what is known of each argument: a literal, ``new X(...)``
  or ``new X { ... }``, a cast, Java's ``X.builder()...build()``, a local, parameter or field
  declared with a type (or ``var`` bound to one of these). An identical type is better than a
  conversion (a subclass, a widening, boxing), which is better than a type that cannot take
  the argument (that overload is out); an argument of unknown type fits every overload
  alike. Java tries the overloads that need no varargs first; C# and Kotlin prefer, between
  equals, the one that fills no default and does not expand ``params``/``vararg``.

When more than one overload stays, the call is ambiguous to the scan: it is not followed
(which overload runs, and so what the call creates, is not guessed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.classes import CLASSES, enclosing_class
from migrate.scan.extract import file_cache, start, text
from migrate.scan.kotlin_overloads import kotlin_overloads
from migrate.scan.params import Param
from migrate.scan.site import CallSite, related_finding, related_site
from migrate.scan.symbols import Function, parameters
from migrate.scan.wrapper_binding import Arguments
from migrate.scan.wrapper_index import Wrapper

Signature = tuple[Param, ...]
"""One overload: its parameters."""

OVERLOADED: Final = frozenset({"java", "csharp", "kotlin"})
"""The languages read whose methods may be overloaded."""

_SCOPES: Final = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "lambda_expression",
        "local_function_statement",
        "anonymous_method_expression",
    }
)
_EXACT: Final = 2
_CONVERTS: Final = 1
_NEVER: Final = 0


def overloads_of(function: Function, family: str) -> tuple[Signature, ...]:
    """The parameter lists of the methods of ``function``'s class named as it, itself among
    them, in source order; () when it has no other (or its language has no overloads, or one
    is a C# extension method: its receiver is an argument written before the dot)."""
    if family == "kotlin":
        return kotlin_overloads(function.node, function.name)
    if family not in OVERLOADED or not function.owner:
        return ()
    cls = enclosing_class(function.node, family)
    if cls is None:
        return ()
    cache = file_cache(cls)
    key = ("overloads", cls, function.name)
    found: tuple[Signature, ...] | None = cache.get(key)
    if found is None:
        found = cache[key] = _read(cls, function, family)
    return found


def _methods(cls: SgNode, family: str) -> dict[str, list[SgNode]]:
    """The methods a class declares itself, by name, in source order (one walk per class)."""
    cache = file_cache(cls)
    key = ("class-methods", cls)
    found: dict[str, list[SgNode]] | None = cache.get(key)
    if found is None:
        found = cache[key] = {}
        for m in cls.find_all(kind="method_declaration"):
            if enclosing_class(m, family) == cls:
                found.setdefault(text(m.field("name")), []).append(m)
    return found


def _read(cls: SgNode, function: Function, family: str) -> tuple[Signature, ...]:
    methods = _methods(cls, family).get(function.name, [])
    if len(methods) < 2:
        return ()
    if family == "csharp" and any(
        text(m.field("parameters")).lstrip("( \t\n").startswith("this ") for m in methods
    ):
        return ()
    return tuple(parameters(m, family, function.owner) for m in methods)


# -- binding a call ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    signature: Signature
    scores: tuple[int, ...]
    """How well each argument (positional ones, then named ones by name) fits."""
    declared: tuple[str, ...]
    """The type of the parameter each argument goes to."""
    padded: bool
    """Whether the call leaves out a parameter with a default, or expands a ``params`` list."""


def choose(
    call: SgNode, args: Arguments, overloads: Sequence[Signature], family: str
) -> tuple[Signature, ...]:
    """The overloads a call may reach: one when the call is bound to it, several when the scan
    cannot tell which, none when none takes these arguments."""
    if args.spread:
        return tuple(overloads)
    named = sorted(args.keyword)
    kinds = [argument_type(n, family) for n in args.positional] + [
        argument_type(args.keyword[n], family) for n in named
    ]
    candidates = [
        c
        for s in overloads
        if (c := _fit(s, len(args.positional), named, kinds, family)) is not None
    ]
    if family == "java" and any(not c.padded for c in candidates):
        candidates = [c for c in candidates if not c.padded]  # varargs only when nothing else
    best = [c for c in candidates if not any(_better(o, c, family) for o in candidates)]
    return tuple(c.signature for c in best)


def _fit(
    signature: Signature, count: int, named: list[str], kinds: list[str | None], family: str
) -> _Candidate | None:
    """How an overload takes the arguments (None: it does not)."""
    fixed = [p for p in signature if not p.rest]
    rest = next((p for p in signature if p.rest), None)
    if count > len(fixed) and rest is None:
        return None
    given = {p.bare for p in fixed[:count]}
    by_name = {p.bare: p for p in fixed}
    for name in named:
        if name not in by_name or name in given:
            return None
        given.add(name)
    missing = [p for p in fixed if p.bare not in given]
    if any(p.default is None for p in missing):
        return None
    declared = [fixed[i].type if i < len(fixed) else "" for i in range(count)]
    declared += [by_name[n].type for n in named]
    expanded = False
    if rest is not None:  # the list itself, or (expanded) its items one by one
        last = len(fixed)
        if count == last + 1 and _match(kinds[last], rest.type, family) == _EXACT:
            declared[last] = rest.type
        else:
            expanded = True
            declared[last:count] = [_element(rest.type)] * (count - last)
    scores = tuple(_match(k, d, family) for k, d in zip(kinds, declared, strict=True))
    if _NEVER in scores:
        return None
    types = tuple(_canon(d) for d in declared)
    return _Candidate(signature, scores, types, bool(missing) or expanded)


def _better(one: _Candidate, other: _Candidate, family: str) -> bool:
    """Whether ``one`` is a better overload for the call than ``other``."""
    pairs = list(zip(one.scores, other.scores, strict=True))
    if all(a >= b for a, b in pairs) and any(a > b for a, b in pairs):
        return True
    if family in ("csharp", "kotlin") and one.declared == other.declared:  # the same types
        return not one.padded and other.padded
    return False


# -- what is known of an argument's type ---------------------------------------------------------

_LITERALS: Final = {
    "string_literal": "string",
    "verbatim_string_literal": "string",
    "raw_string_literal": "string",
    "interpolated_string_expression": "string",
    "text_block": "string",
    "boolean_literal": "bool",
    "true": "bool",
    "false": "bool",
    "character_literal": "char",
    "null_literal": "null",
    "long_literal": "long",
}
_INTEGERS: Final = frozenset(
    {
        "integer_literal",
        "decimal_integer_literal",
        "hex_integer_literal",
        "octal_integer_literal",
        "binary_integer_literal",
    }
)
_REALS: Final = frozenset(
    {"real_literal", "decimal_floating_point_literal", "hex_floating_point_literal"}
)


def argument_type(node: SgNode, family: str, depth: int = 0) -> str | None:
    """The type of an argument as far as its own text and its declaration tell (``string``,
    ``int``, ``null``, a class's name); None when unknown."""
    kind = node.kind()
    if kind in _LITERALS:
        return _LITERALS[kind]
    if kind in _INTEGERS:
        return "long" if node.text().rstrip("uU").endswith(("l", "L")) else "int"
    if kind in _REALS:
        last = node.text()[-1:].lower()
        return {"m": "decimal", "f": "float"}.get(last, "double")
    if kind in ("object_creation_expression", "cast_expression"):
        return _canon(text(node.field("type"))) or None
    if kind == "parenthesized_expression":
        inner = node.named_children()
        return argument_type(inner[0], family, depth) if len(inner) == 1 else None
    if kind == "method_invocation":
        return _built(node)
    if kind == "identifier" and depth < 3:
        return _declared(node, family, depth)
    return None


def _built(node: SgNode) -> str | None:
    """``X`` for Java's ``X.builder()....build()``."""
    if text(node.field("name")) != "build":
        return None
    inner = node.field("object")
    while inner is not None and inner.kind() == "method_invocation":
        if text(inner.field("name")) == "builder":
            owner = text(inner.field("object")).rsplit(".", 1)[-1]
            return owner if owner[:1].isupper() else None
        inner = inner.field("object")
    return None


def _declared(name: SgNode, family: str, depth: int) -> str | None:
    """The declared type of the variable ``name`` reads: a parameter or a local of a function
    around it (the nearest that declares it), else a field of its class."""
    word = name.text()
    at = start(name)
    for scope in name.ancestors():
        kind = scope.kind()
        if kind in _SCOPES:
            found = _in_scope(scope, word, at, family, depth)
            if found is not None:
                return found[0]
        elif kind in CLASSES.get(family, frozenset()):
            return _field(scope, word, family, depth)
    return None


def _in_scope(
    scope: SgNode, word: str, at: int, family: str, depth: int
) -> tuple[str | None] | None:
    """The type a function gives ``word`` (a parameter, or a local declared before ``at``),
    None inside when unknown; None when it does not declare it."""
    params = scope.field("parameters")
    if params is not None:
        for param in params.named_children():
            if text(param.field("name")) == word:
                return (_canon(text(param.field("type"))) or None,)
    types: set[str | None] = set()
    for declaration in _locals(scope, family):
        if start(declaration) > at:
            continue
        for declarator in declaration.find_all(kind="variable_declarator"):
            if text(declarator.field("name")) == word and _owner(declarator) == declaration:
                types.add(_type_of(declaration, declarator, family, depth))
    if not types:
        return None
    return (types.pop() if len(types) == 1 else None,)


def _locals(scope: SgNode, family: str) -> list[SgNode]:
    kind = "variable_declaration" if family == "csharp" else "local_variable_declaration"
    return list(scope.find_all(kind=kind))


def _owner(declarator: SgNode) -> SgNode | None:
    return declarator.parent()


def _type_of(declaration: SgNode, declarator: SgNode, family: str, depth: int) -> str | None:
    written = text(declaration.field("type"))
    if written != "var":
        return _canon(written) or None
    value = declarator.field("value")
    if value is None:  # C#: the declarator's value is its last named child
        children = declarator.named_children()
        value = children[-1] if len(children) > 1 else None
    return argument_type(value, family, depth + 1) if value is not None else None


def _field(cls: SgNode, word: str, family: str, depth: int) -> str | None:
    """The declared type of a field or property the class declares itself."""
    found: set[str | None] = set()
    for declaration in cls.find_all(kind="field_declaration"):
        if enclosing_class(declaration, family) != cls:
            continue
        inner = (
            next(
                (c for c in declaration.named_children() if c.kind() == "variable_declaration"),
                None,
            )
            if family == "csharp"
            else declaration
        )
        if inner is None:
            continue
        for declarator in inner.find_all(kind="variable_declarator"):
            if text(declarator.field("name")) == word:
                found.add(_type_of(inner, declarator, family, depth))
    if family == "csharp":
        for prop in cls.find_all(kind="property_declaration"):
            if text(prop.field("name")) == word and enclosing_class(prop, family) == cls:
                found.add(_canon(text(prop.field("type"))) or None)
    return found.pop() if len(found) == 1 else None


# -- comparing types ---------------------------------------------------------------------------

_CANON: Final = {
    **dict.fromkeys(("string", "String"), "string"),
    **dict.fromkeys(("int", "Integer", "Int32", "Int"), "int"),
    **dict.fromkeys(("long", "Long", "Int64"), "long"),
    **dict.fromkeys(("short", "Short", "Int16"), "short"),
    **dict.fromkeys(("byte", "Byte", "sbyte", "SByte"), "byte"),
    **dict.fromkeys(
        ("uint", "UInt32", "ulong", "UInt64", "ushort", "UInt16", "UInt", "ULong"), "unsigned"
    ),
    **dict.fromkeys(("double", "Double"), "double"),
    **dict.fromkeys(("float", "Float", "Single"), "float"),
    **dict.fromkeys(("decimal", "Decimal"), "decimal"),
    **dict.fromkeys(("bool", "boolean", "Boolean"), "bool"),
    **dict.fromkeys(("char", "Character", "Char"), "char"),
    **dict.fromkeys(("object", "Object", "dynamic", "Any"), "object"),
}
_BUILT_IN: Final = frozenset(_CANON.values()) - {"object"}
_WIDER: Final = {
    "byte": frozenset({"short", "int", "long", "float", "double", "decimal"}),
    "short": frozenset({"int", "long", "float", "double", "decimal"}),
    "char": frozenset({"int", "long", "float", "double", "decimal", "unsigned"}),
    "int": frozenset({"long", "float", "double", "decimal", "unsigned", "short", "byte"}),
    "long": frozenset({"float", "double", "decimal", "unsigned"}),
    "unsigned": frozenset({"long", "float", "double", "decimal"}),
    "float": frozenset({"double"}),
}
"""The types a value of a type converts to implicitly (an ``int`` literal fits a ``short``)."""
_VALUE_TYPES: Final = _BUILT_IN - {"string"}
_GENERIC_PARAMETER: Final = re.compile(r"T(?:[A-Z]\w*)?\Z")


def _canon(written: str) -> str:
    """A type as written without namespace, generic arguments or nullability (``string`` for
    ``System.String``, ``List`` for ``List<Item>``); arrays keep their ``[]``."""
    if not written:
        return ""
    array = written.rstrip().endswith("]")
    bare = re.sub(r"<.*>", "", written)
    bare = re.sub(r"\[.*\]|[?\s]", "", bare)
    bare = bare.rsplit(".", 1)[-1].rsplit("::", 1)[-1]
    bare = _CANON.get(bare, bare)
    return bare + "[]" if array else bare


def _element(written: str) -> str:
    """The element type of an array type (a ``params``/varargs list)."""
    return re.sub(r"\[\s*\]\s*$", "", written.strip())


def _match(kind: str | None, written: str, family: str) -> int:
    """How well an argument of type ``kind`` fits a parameter declared ``written``."""
    declared = _canon(written)
    if kind is None or not declared or _GENERIC_PARAMETER.match(declared):
        return _CONVERTS
    if kind == declared:
        return _EXACT
    if declared == "object":
        return _CONVERTS
    if kind == "null":
        nullable = written.rstrip().endswith("?") or written[:1].isupper()
        return _NEVER if declared in _VALUE_TYPES and not nullable else _CONVERTS
    if kind in _BUILT_IN or declared in _BUILT_IN:
        return _CONVERTS if declared in _WIDER.get(kind, ()) else _NEVER
    return _CONVERTS  # two classes: one may derive from or implement the other


# -- a call bound to no one overload ------------------------------------------------------------

UNBOUND_OVERLOAD: Final = "X030"


def unbound(wrapper: Wrapper, tied: tuple[Signature, ...], common: dict[str, Any]) -> CallSite:
    """A call (``common``: where it is and what it calls) that may reach the wrapper or another
    of its overloads: not followed (X030)."""
    owner = f"{wrapper.owner}." if wrapper.owner else ""
    signatures = "; ".join(
        f"{owner}{wrapper.name}({', '.join(_typed(p, wrapper.family) for p in s)})" for s in tied
    )
    finding = related_finding(UNBOUND_OVERLOAD, wrapper=wrapper.label, overloads=signatures)
    return related_site(UNBOUND_OVERLOAD, common, finding)


def _typed(param: Param, family: str) -> str:
    if param.type and family == "kotlin":
        return f"{param.name}: {param.type}"
    return f"{param.type} {param.name}".strip() if param.type else param.name

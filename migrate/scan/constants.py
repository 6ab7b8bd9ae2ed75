"""Constants a file declares in its classes, found by the qualified name code uses for them.

``StripeConstants.CheckoutSession.Modes.Subscription`` (C#), ``Urls.Nested.MODE`` (Java) and
``MetaKeys.USER_ID`` (Kotlin) name a field of a class of the same file whose value never changes:
C#'s ``const`` and ``readonly`` fields, Java's ``final`` fields (an interface's are all final),
Kotlin's ``const val`` and an ``object``'s (or companion object's) ``val``. The scanner reads such
a name as the field's value (a literal, or whatever the extractor makes of its initializer), as it
reads a local bound to a literal; a field that can change (a plain ``static`` field, a Kotlin
``var``) is left to run time.

A qualified name matches a class whose nested names end with its qualifier (``Modes`` and
``CheckoutSession.Modes`` both name ``StripeConstants.CheckoutSession.Modes``), or whose names
the qualifier ends with (a namespace or package before them: ``Billing.StripeConstants.X``).
Several matching declarations are only used when they all say the same (the extractor checks).
"""

from __future__ import annotations

from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import MAX_DEPTH, Extractor, file_cache, text
from migrate.scan.nodes import of_kind
from migrate.scan.tree_constants import tree_constant

_CLASSES: Final[dict[str, frozenset[str]]] = {
    "csharp": frozenset(
        {"class_declaration", "struct_declaration", "record_declaration", "interface_declaration"}
    ),
    "java": frozenset(
        {"class_declaration", "interface_declaration", "enum_declaration", "record_declaration"}
    ),
    "kotlin": frozenset({"class_declaration", "object_declaration", "companion_object"}),
}
"""The declarations that hold constants, per language family."""
_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "csharp": ("field_declaration",),
    "java": ("field_declaration", "constant_declaration"),
    "kotlin": ("property_declaration",),
}
_FUNCTIONS: Final = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "function_declaration",
        "lambda_expression",
        "local_function_statement",
        "anonymous_function",
        "accessor_declaration",
        "block",
        "function_body",
        "lambda_literal",
        "anonymous_initializer",
    }
)
"""Where a declaration is a local, not a field (a block of a method, a function's body)."""

Index = dict[str, list[tuple[tuple[str, ...], SgNode]]]
"""A file's constants: by field name, each declaration's class path and value node."""


def constant(extractor: Extractor, name: SgNode, family: str, path: str) -> tuple[Any] | None:
    """The value of the constant the qualified name ``name`` denotes (a string, number or
    boolean), when every declaration it can denote gives the same; None otherwise."""
    found = constant_values(name, family)
    if not found:  # declared by another file of the tree, maybe
        value = tree_constant("".join(name.text().split()).split("."), family)
        return (value,) if value is not None else None
    if extractor.depth >= MAX_DEPTH:
        return None
    values: list[Any] = []
    extractor.depth += 1
    try:
        for node in found:
            got = extractor.literal(extractor.unwrap(node), path)
            if got is None or type(got[0]) not in (str, int, float, bool):
                return None
            values.append(got[0])
    finally:
        extractor.depth -= 1
    return (values[0],) if all(v == values[0] for v in values) else None


def constant_values(name: SgNode, family: str) -> list[SgNode]:
    """The value nodes of the constants ``name`` (a qualified name: ``A.B.C``) can denote in its
    file; none when ``name`` is not qualified or no constant of a class matches it."""
    parts = "".join(name.text().split()).split(".")
    if len(parts) < 2 or not all(p.isidentifier() for p in parts):
        return []
    qualifier = tuple(parts[:-1])
    found = _index(name, family).get(parts[-1], [])
    return [
        value
        for owner, value in found
        if owner[-len(qualifier) :] == qualifier or qualifier[-len(owner) :] == owner
    ]


def _index(node: SgNode, family: str) -> Index:
    cache = file_cache(node)
    key = ("constants", family)
    found: Index | None = cache.get(key)
    if found is None:
        found = _constants(node.get_root().root(), family)
        cache[key] = found
    return found


def _constants(top: SgNode, family: str) -> Index:
    out: Index = {}
    classes = _CLASSES.get(family)
    if classes is None:
        return out
    for kind in _FIELDS[family]:
        for decl in of_kind(top, kind):
            owner = _owner(decl, classes)
            if owner is None:
                continue
            path = _path(owner, classes)
            if not path:
                continue
            for field, value in _declared(decl, family, owner):
                out.setdefault(field, []).append((path, value))
    return out


def _owner(decl: SgNode, classes: frozenset[str]) -> SgNode | None:
    """The class a field is declared in directly (None for a local of a function)."""
    for ancestor in decl.ancestors():
        kind = ancestor.kind()
        if kind in classes:
            return ancestor
        if kind in _FUNCTIONS:
            return None
    return None


def _path(owner: SgNode, classes: frozenset[str]) -> tuple[str, ...]:
    """The names of a class and of the classes around it, outermost first (a companion
    object's members are its class's)."""
    names: list[str] = []
    for node in [owner, *owner.ancestors()]:
        if node.kind() not in classes or node.kind() == "companion_object":
            continue
        name = _class_name(node)
        if not name:
            return ()  # an anonymous class: not reachable by name
        names.append(name)
    return tuple(reversed(names))


def _class_name(node: SgNode) -> str:
    named = node.field("name")
    if named is not None:
        return named.text()
    return next((c.text() for c in node.children() if c.kind() == "type_identifier"), "")


def _declared(decl: SgNode, family: str, owner: SgNode) -> list[tuple[str, SgNode]]:
    """The ``(name, value node)`` of each constant a field declaration makes."""
    if family == "kotlin":
        return _kotlin(decl, owner)
    modifiers = {
        m.text()
        for c in decl.children()
        if c.kind() in ("modifier", "modifiers")
        for m in ([c] if c.kind() == "modifier" else c.children())
    }
    if family == "csharp":
        constant = bool({"const", "readonly"} & modifiers)
        declarators = [
            d
            for v in decl.children()
            if v.kind() == "variable_declaration"
            for d in v.children()
            if d.kind() == "variable_declarator"
        ]
    else:
        constant = decl.kind() == "constant_declaration" or "final" in modifiers
        constant = constant or owner.kind() == "interface_declaration"
        declarators = [d for d in decl.children() if d.kind() == "variable_declarator"]
    if not constant:
        return []
    out = []
    for declarator in declarators:
        name, value = _name_and_value(declarator)
        if name and value is not None:
            out.append((name, value))
    return out


def _name_and_value(declarator: SgNode) -> tuple[str, SgNode | None]:
    """A variable declarator's name and the value after its ``=``."""
    named = declarator.field("name")
    name = text(named) if named is not None else ""
    if not name:
        name = next((c.text() for c in declarator.children() if c.kind() == "identifier"), "")
    seen = False
    for child in declarator.children():
        if child.kind() == "=":
            seen = True
        elif seen and child.is_named() and "comment" not in child.kind():
            return name, child
    return name, None


def _kotlin(decl: SgNode, owner: SgNode) -> list[tuple[str, SgNode]]:
    """``const val X = v`` anywhere, ``val X = v`` in an object (its value is fixed)."""
    children = decl.children()
    if not any(c.kind() == "binding_pattern_kind" and c.text() == "val" for c in children):
        return []
    const = any(c.kind() == "modifiers" and "const" in c.text().split() for c in children)
    if not const and owner.kind() not in ("object_declaration", "companion_object"):
        return []
    variable = next((c for c in children if c.kind() == "variable_declaration"), None)
    names = variable.named_children() if variable is not None else []
    if not names or any(c.kind() == "property_delegate" for c in children):
        return []
    for i, child in enumerate(children):
        if child.kind() == "=" and i + 1 < len(children):
            return [(names[0].text(), children[i + 1])]
    return []

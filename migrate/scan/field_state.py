"""Whether a class field's initializer is its value where a method reads it.

A method of a Java, C# or Kotlin class that names a field (``setQuantity(quantity)``) reads
the field's value at the time of the call. Its initializer (``private Long quantity = 1L;``) is
that value only while nothing can assign the field: a ``final``, ``readonly`` or ``const``
field, a Kotlin ``val``, or a private one that no code of its file assigns (a setter, a
constructor, ``quantity++``) and no Lombok annotation gives a setter or a constructor for
(``@Setter``, ``@Data``, ``@Builder``, ``@AllArgsConstructor``, ``@Value``). Any other field
can hold whatever a caller set: its initializer read as a literal would charge a default
quantity when the caller asked for three.
"""

from __future__ import annotations

from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import of_kind

_FIELD: Final = "field_declaration"
_FIXED: Final = frozenset({"final", "readonly", "const"})
_OPEN: Final = frozenset({"public", "protected", "internal"})
"""Modifiers that let code of other classes assign a C# field (its default is private)."""
_LOMBOK: Final = frozenset(
    {"Setter", "Data", "Builder", "SuperBuilder", "AllArgsConstructor", "Value", "With"}
)
_CLASSES: Final = frozenset(
    {"class_declaration", "record_declaration", "struct_declaration", "enum_declaration"}
)
_UPDATES: Final = {
    "program": ("update_expression",),  # Java
    "compilation_unit": ("postfix_unary_expression", "prefix_unary_expression"),  # C#
    "source_file": ("postfix_expression", "prefix_expression"),  # Kotlin
}


def _kotlin_var_may_change(declaration: SgNode, name: str) -> bool:
    """A Kotlin property (of a class, an object or the file): a ``val`` never changes; a
    ``var`` does unless it is private and nothing in its file assigns it."""
    kind = next((c for c in declaration.children() if c.kind() == "binding_pattern_kind"), None)
    if kind is None or kind.text() != "var":
        return False
    modifiers = next((c for c in declaration.children() if c.kind() == "modifiers"), None)
    if modifiers is None or "private" not in modifiers.text().split():
        return True
    return _assigned(declaration.get_root().root(), name)


def field_may_change(value: SgNode, name: str) -> bool:
    """Whether ``value``, the initializer of ``name``, belongs to a Java, C# or Kotlin field
    that code may assign after it is made (False for anything that is no field)."""
    parent = value.parent()
    if parent is not None and parent.kind() == "property_declaration":
        return _kotlin_var_may_change(parent, name)
    declaration = _field_of(value)
    if declaration is None:
        return False
    words = _modifiers(declaration)
    if words & _FIXED:
        return False
    java = any(child.kind() == "modifiers" for child in declaration.children()) or (
        declaration.field("declarator") is not None
    )
    if (java and "private" not in words) or words & _OPEN:
        return True  # other classes may assign it (Java's default is the package)
    if _annotated(declaration) or _annotated(_class_of(declaration)):
        return True
    return _assigned(declaration.get_root().root(), name)


def _field_of(value: SgNode) -> SgNode | None:
    node: SgNode | None = value.parent()
    for _ in range(3):
        if node is None:
            return None
        if node.kind() == _FIELD:
            return node
        node = node.parent()
    return None


def _modifiers(declaration: SgNode) -> set[str]:
    words: set[str] = set()
    for child in declaration.children():
        if child.kind() == "modifiers":  # Java: one node holding them all
            words.update(c.text() for c in child.children() if "annotation" not in c.kind())
        elif child.kind() == "modifier":  # C#: one node each
            words.add(child.text())
    return words


def _annotated(node: SgNode | None) -> bool:
    """Whether a Lombok annotation that makes a setter or constructor sits on ``node``."""
    if node is None:
        return False
    for child in node.children():
        if child.kind() != "modifiers":
            continue
        for annotation in child.children():
            if "annotation" in annotation.kind():
                name = annotation.field("name")
                if name is not None and name.text().rsplit(".", 1)[-1] in _LOMBOK:
                    return True
    return False


def _class_of(node: SgNode) -> SgNode | None:
    for ancestor in node.ancestors():
        if ancestor.kind() in _CLASSES:
            return ancestor
    return None


def _assigned(root: SgNode, name: str) -> bool:
    """Whether code of the file assigns ``name`` or ``this.name`` (or steps it)."""
    targets = {name, f"this.{name}"}
    kotlin = root.kind() == "source_file"
    for node in of_kind(root, "assignment" if kotlin else "assignment_expression"):
        left = node.children()[0] if kotlin else node.field("left")
        if left is not None and "".join(left.text().split()) in targets:
            return True
    for kind in _UPDATES.get(root.kind(), ()):
        for node in of_kind(root, kind):
            operand = node.named_children()
            if operand and "".join(operand[0].text().split()) in targets:
                return True
    return False

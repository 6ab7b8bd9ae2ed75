"""How Go literals are shaped: a composite literal's elements read as a struct's fields, a
map's entries or a list's elements (the reader of ``migrate/scan/lang/go.py``)."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

STRUCT_TYPES: Final = frozenset(
    {"qualified_type", "type_identifier", "generic_type", "pointer_type"}
)
LIST_TYPES: Final = frozenset({"slice_type", "array_type", "implicit_length_array_type"})


Shape = str
"""How a literal_value's elements are read: ``struct``, ``map`` or ``list`` (``""``: guess)."""


_BASIC: Final = re.compile(r"\*\s*(?:string|bool|u?int(?:8|16|32|64)?|float(?:32|64))")
"""A pointer to a Go basic type (``*string``, ``*int64``): a params field's own type, nil
until the code points it at a value (a pointer to a struct is a params struct, made later)."""


def basic_pointer(node: SgNode) -> bool:
    return _BASIC.fullmatch(node.text().strip()) is not None


def element_shape(element: SgNode | None) -> Shape:
    """How elided literal_values in a slice of ``element`` are read."""
    if element is None:
        return ""
    if element.kind() == "pointer_type":
        return "struct"
    if element.kind() == "map_type":
        return "map"
    if element.kind() in LIST_TYPES:
        return "list"
    if element.kind() in STRUCT_TYPES:
        return "struct"
    return ""


def guessed_shape(children: list[SgNode]) -> Shape:
    """A literal_value whose type is elided: fields (``Name: v``), a map or a list."""
    for child in children:
        if child.kind() == "keyed_element":
            key = child.field("key")
            inner = key.named_children() if key is not None else []
            return "struct" if inner and inner[0].kind() == "identifier" else "map"
    return "list" if children else "struct"

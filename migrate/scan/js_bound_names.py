"""The names a JavaScript/TypeScript parameter or loop pattern binds: its identifiers, less
those of a type annotation and of a default value.

A params builder typed by the table it reads (``function params(plan: keyof typeof PLANS)``)
named ``PLANS`` in its parameter list, and a default read from a constant (``currency =
DEFAULT_CURRENCY``) named that constant there: both were taken for parameters of the function.
Read at the call, such a "parameter" had no argument, so the follower knew nothing of the table
and the cart was unknown (RT007), even for a plan the call names (``params("team")``).
"""

from __future__ import annotations

from typing import Final

from ast_grep_py import SgNode

_KINDS: Final = ("identifier", "shorthand_property_identifier_pattern")
_DEFAULTS: Final = {
    "required_parameter": "value",
    "optional_parameter": "value",
    "assignment_pattern": "right",
    "object_assignment_pattern": "right",
}
"""The node kinds whose field holds a default value (read, not bound)."""


def bound_names(pattern: SgNode) -> frozenset[str]:
    """The names ``pattern`` binds (see the module docstring)."""
    return frozenset(
        n.text() for k in _KINDS for n in pattern.find_all(kind=k) if _binds(n, pattern)
    )


def _binds(name: SgNode, pattern: SgNode) -> bool:
    node = name
    while node != pattern:
        parent = node.parent()
        if parent is None:
            return True
        kind = parent.kind()
        if kind == "type_annotation":
            return False
        default = _DEFAULTS.get(kind)
        if default is not None and parent.field(default) == node:
            return False
        node = parent
    return True


__all__ = ["bound_names"]

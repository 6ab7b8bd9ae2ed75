"""A stripe-php call made through ``call_user_func`` with the class and method named by strings.

WordPress plugins (wp-simple-pay) reach the SDK through a dispatcher: ``call_user_func(
array('\\\\Stripe\\\\' . $class, $function), $args)``. When the function making that call gives
the strings itself (``$class = 'Checkout\\\\Session'; $function = 'create';``, or literals in the
call), the call is the static method they name; :func:`dispatched` reads them as the extractor
reads any value of the function (a string, a concatenation of strings, a local bound to one). A
name the function's caller gives is not guessed at: such a call is left alone.
"""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, arguments
from migrate.scan.nodes import is_comment


def dispatched(call: SgNode, ex: Extractor) -> tuple[str, str] | None:
    """The class (lower case, no leading ``\\``) and method a ``call_user_func(array(class,
    method), ...)`` call names, when both are strings the function gives; else None."""
    name = call.field("function")
    if name is None or name.text().lstrip("\\").lower() != "call_user_func":
        return None
    args = arguments(call)
    if len(args) < 2:
        return None
    target = ex.unwrap(args[0])
    if target.kind() != "array_creation_expression":
        return None
    elements = [c for c in target.children() if c.kind() == "array_element_initializer"]
    if len(elements) != 2 or any(len(_named(e)) != 1 for e in elements):
        return None
    cls, method = (_string(_named(e)[0], ex) for e in elements)
    if cls is None or method is None:
        return None
    return cls.replace("\\\\", "\\").lstrip("\\").lower(), method.lower()


def _named(node: SgNode) -> list[SgNode]:
    return [c for c in node.children() if c.is_named() and not is_comment(c)]


def _string(node: SgNode, ex: Extractor, depth: int = 0) -> str | None:
    """The string ``node`` is in its function: a literal, a local bound to one, or a
    concatenation (``.``) of such; None for anything else."""
    node = ex.unwrap(node)
    if node.kind() == "binary_expression" and depth < 8:
        op, left, right = (node.field(f) for f in ("operator", "left", "right"))
        if op is None or op.text() != "." or left is None or right is None:
            return None
        head, tail = _string(left, ex, depth + 1), _string(right, ex, depth + 1)
        return None if head is None or tail is None else head + tail
    value: Any = ex.value(node, "", record=False)
    return value if type(value) is str else None

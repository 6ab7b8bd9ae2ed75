"""A JavaScript/TypeScript or Python helper imported from another file of the tree, followed as
one of the same file is.

Real shops build the line items in a module of their own and import it: a serverless cart's
``const mapToStripe = require("./mapToStripe")`` then ``line_items: mapToStripe(cart.items)``,
an app's ``import { toLineItems } from "@/lib/cart"``, a Django view's ``from .utils import
build_line_items``. The follower read only the file's own
functions, so such a list stayed a run-time list of ``price`` ids (RT003) even when its
elements are inline prices the Dodo cart can carry (an amount per line). :func:`imported_function`
finds the function a call names through the file's imports (a named import, a default import,
a ``require`` of a module whose ``module.exports`` or ``export default`` is a named function;
Python's ``from m import f``),
for the follower to read its body with the caller's arguments, where it gives the line items
(``migrate/scan/follow.py``: another param, an email or a price id, keeps the name the call
has in scope).

A helper whose body reads a name its own module defines or imports (anything but a constant
literal) is not followed: that name means nothing where the Dodo call is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.helper_reads import declarations, imported_text, module_files, parsed
from migrate.scan.imported_constants import literal_import, own_constant
from migrate.scan.symbols import context
from migrate.scan.tree_constants import record

_FUNCTIONS: Final = frozenset({"arrow_function", "function_expression", "function"})
_LITERALS: Final = frozenset(
    {"string", "number", "true", "false", "null", "integer", "float", "none"}
)
_EXPORTS: Final = re.compile(
    r"(?:module\.exports\s*=|export\s+default)\s*(?:async\s+)?(?:function\s*\*?\s*)?"
    r"(?P<name>[A-Za-z_$][\w$]*)\s*(?:[;\n(]|$)"
)


def imported_function(
    call: SgNode,
    name: str,
    path: str,
    family: str,
    borrowed: list[tuple[str, str, str, str]] | None = None,
) -> SgNode | None:
    """The function (its node, in the other file's tree) that ``name``, called by ``call`` in
    the file ``path``, is imported as (``family``: ``node`` or ``python``); None when it is not
    one the follower can read. ``borrowed`` gets the constants it reads through its module's
    imports (see :func:`reads_its_module`)."""
    if not path:
        return None
    written = context(call.get_root().root(), family, path).imports.get(name, "")
    module, _, symbol = written.partition("#")
    if not module or (family == "python" and not symbol):
        return None
    folder = str(Path(path).absolute().parent)
    for file in module_files(module, family, folder):
        root = parsed(file, family)
        if root is None:
            continue
        own = symbol if symbol and symbol != "default" else _exported(root)
        if not own:
            continue
        found = _top_function(root, own, family)
        taken: list[tuple[str, str, str, str]] = []
        if found is None or reads_its_module(found, root, own, family, str(file), taken):
            continue
        if borrowed is not None:
            borrowed.extend(taken)
        # the scan's cache asks again whether the helper's text is the same
        answer = imported_text(module, own, family, folder)
        record(("helper", module, own, family, folder, answer))
        return found
    return None


def _exported(root: SgNode) -> str:
    """The name a module exports as a whole (``module.exports = f``, ``export default f``)."""
    found = _EXPORTS.search(root.text())
    return found.group("name") if found is not None else ""


def _top_function(root: SgNode, name: str, family: str) -> SgNode | None:
    found = declarations(root, family).get(name)
    if found is None:
        return None
    if family == "python":
        return found if found.kind() == "function_definition" else None
    if found.kind() in ("function_declaration", "generator_function_declaration"):
        return found
    while found.kind() == "parenthesized_expression" and found.named_children():
        found = found.named_children()[0]
    return found if found.kind() in _FUNCTIONS else None


def reads_its_module(  # noqa: PLR0917
    fn: SgNode,
    root: SgNode,
    own: str,
    family: str,
    file: str = "",
    borrowed: list[tuple[str, str, str, str]] | None = None,
) -> bool:
    """Whether ``fn`` reads a name its module declares or imports (other than itself, a
    literal the module declares, or, with the module's ``file``, a constant literal it imports
    or declares and exports: the follower reads that through the module, and the Dodo call
    imports it where it names it, see ``migrate/scan/borrowed_imports.py``)."""
    declared = declarations(root, family)
    imported = set(context(root, family, file).imports)
    used = {n.text() for n in fn.find_all(kind="identifier") if not _in_type(n)}
    if family == "node":
        used |= {n.text() for n in fn.find_all(kind="shorthand_property_identifier")}
    for name in used - {own}:
        if name in imported:
            entry = literal_import(root, name, family, file) if file else None
            if entry is None:
                return True
            if borrowed is not None:  # the Dodo call imports it where it names it
                borrowed.append(entry)
            continue
        value = declared.get(name)
        if value is not None and value.kind() not in _LITERALS:
            entry = own_constant(root, name, value, family, file) if file else None
            if entry is None:
                return True
            if borrowed is not None:  # a table the module exports: imported where it is named
                borrowed.append(entry)
    return False


_TYPES: Final = frozenset(
    {"type_annotation", "nested_type_identifier", "type_arguments", "type_parameters", "type"}
)
"""Where a name is a type's (``Stripe.Checkout.SessionCreateParams`` a TypeScript helper's
return type, Python's ``-> dict[str, Any]``): erased when the code runs (an annotation Python
evaluates is never what the helper returns), so nothing the Dodo call would miss."""


def _in_type(name: SgNode) -> bool:
    for ancestor in name.ancestors():
        kind = ancestor.kind()
        if kind in _TYPES:
            return True
        if kind.endswith(("statement", "declaration", "body", "block")):
            return False  # (a type's dotted name is a member_expression: read on up)
    return False


__all__ = ["imported_function", "reads_its_module"]

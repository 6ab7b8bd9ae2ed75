"""Go names declared in a block the call is outside of (``if s, ok := x.(string); ok {...}``,
``v2 := v`` in a ``case``): the Dodo call after the block cannot name them. Each is written as the
value it was declared with, itself in the call's terms (``v2 := v`` in a type switch's arm:
``p.(GoldPlan)``), or, when that is no one value (``s, ok := ...``), as ``TODO_<name>``: a name
defined nowhere, noted as one the call cannot see (``X021``), never a name out of scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import start, with_names
from migrate.scan.reach import holds
from migrate.scan.wrapper_locals import todo_name

_FUNCTIONS: Final = frozenset({"function_declaration", "method_declaration", "func_literal"})
_HEADERS: Final = frozenset(
    {"if_statement", "for_statement", "expression_switch_statement", "type_switch_statement"}
)
"""Statements whose header declares names for their own blocks only."""
_BLOCKS: Final = frozenset(
    {"block", "expression_case", "default_case", "type_case", "communication_case"}
)
_DECLARATIONS: Final = ("short_var_declaration", "var_spec")
_STATEMENTS: Final = frozenset({"expression_statement", "go_statement", "defer_statement"})
"""Where a call's result is dropped: a function literal passed to it may run later."""
_PRIMARY: Final = re.compile(r"^[\w.]+(?:\([^()]*\))?$")


def go_in_scope(
    node: SgNode,
    written: str,
    site: int,
    text_of: Callable[[SgNode], str],
    hidden: list[tuple[str, str]],
) -> str:
    """``written`` (``node``'s text as the follower writes it) with each name declared in a
    block that does not hold ``site`` (the call) written as its value there (``text_of``), or
    ``TODO_<name>`` (noted in ``hidden``)."""
    if not site:
        return written
    names = [node] if node.kind() == "identifier" else []
    names += node.find_all(kind="identifier")
    edits: dict[SgNode, str] = {}
    for ident in names:
        if written != node.text() and not re.search(
            rf"(?<![\w.$]){ident.text()}(?![\w$])", written
        ):
            continue  # written otherwise already (a local a call fills: ``go_fills``)
        found = _declaration(ident)
        if found is None or holds(found[1], site):
            continue
        decl, region = found
        value = _single_value(decl, ident.text())
        if value is None:
            line = region.range().start.line + 1
            hidden.append((ident.text(), f"the block at line {line}"))
            edits[ident] = todo_name(ident.text())
        else:
            inner = text_of(value)
            edits[ident] = inner if _PRIMARY.match(inner) else f"({inner})"
    return with_names(node, written, edits)


def _declaration(ident: SgNode) -> tuple[SgNode, SgNode] | None:
    """The declaration ``ident`` refers to (the last one before it whose block holds it), with
    that block; None when it is no local declared so (a parameter, a package name)."""
    function = next((a for a in ident.ancestors() if a.kind() in _FUNCTIONS), None)
    if function is None:
        return None
    name, at = ident.text(), start(ident)
    best: tuple[SgNode, SgNode] | None = None
    for kind in _DECLARATIONS:
        for decl in function.find_all(kind=kind):
            if decl.range().end.index > at or name not in _declared(decl):  # `v := v.X`: the outer
                continue
            if next((a for a in decl.ancestors() if a.kind() in _FUNCTIONS), None) != function:
                continue  # a nested function's own
            region = _region(decl)
            if (
                region is not None
                and holds(region, at)
                and (best is None or start(decl) > start(best[0]))
            ):
                best = (decl, region)
    return best


def _declared(decl: SgNode) -> list[str]:
    if decl.kind() == "var_spec":
        return [n.text() for n in decl.field_children("name")]
    left = decl.field("left")
    if left is None:
        return []
    items = left.named_children() if left.kind() == "expression_list" else [left]
    return [n.text() for n in items]


def _region(decl: SgNode) -> SgNode | None:
    """Where a declaration's names are visible: the statement whose header it is, or the
    block it is in."""
    for ancestor in decl.ancestors():
        if ancestor.kind() in _HEADERS or ancestor.kind() in _BLOCKS:
            return ancestor
        if ancestor.kind() in _FUNCTIONS:
            return ancestor
    return None


def _single_value(decl: SgNode, name: str) -> SgNode | None:
    """The value a declaration gives ``name`` when it declares it alone with one value."""
    names = _declared(decl)
    value = decl.field("right") if decl.kind() == "short_var_declaration" else decl.field("value")
    if value is None or names != [name]:
        return None
    items = value.named_children() if value.kind() == "expression_list" else [value]
    return items[0] if len(items) == 1 else None


def go_function_of(node: SgNode, functions: frozenset[str]) -> SgNode:
    """The function ``node`` is in, else the file; a function literal passed to a call whose
    result the caller uses (``err := db.Transaction(func(tx *gorm.DB) error {...})``: run
    before it returns) is its caller's body: what it appends to the caller's locals is there.
    One passed to a call made as a statement (a route's handler, ``g.Go(func...)``), a
    goroutine or a deferred call is its own."""
    last = node
    for ancestor in node.ancestors():
        if ancestor.kind() in functions and not _run_in_place(ancestor):
            return ancestor
        last = ancestor
    return last


def _run_in_place(literal: SgNode) -> bool:
    """Whether a function literal is an argument of a call whose result is used."""
    if literal.kind() != "func_literal":
        return False
    args = literal.parent()
    call = args.parent() if args is not None and args.kind() == "argument_list" else None
    if call is None or call.kind() != "call_expression":
        return False
    statement = call.parent()
    return statement is None or statement.kind() not in _STATEMENTS

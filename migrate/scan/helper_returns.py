"""The one value a helper returns, when it has one.

A helper of the scanned file (``priceFor(plan)``) is read as its returned expression. A helper
with several returns that give different expressions (``if (plan.equals("pro")) return
"price_pro"; return "price_basic";``) has no one value: which one runs depends on its arguments
at run time. Reading its last return as the value sold every buyer the last price; such a call
is left as a run-time value (written as the call), as Python's and TypeScript's readers make it
a choice and Go's reader does (``migrate/scan/go_returns.py``).
"""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment


def returns_of(function: SgNode, body: SgNode, functions: frozenset[str]) -> list[SgNode]:
    """The ``return_statement`` nodes of ``function`` found in ``body``, under a branch too;
    none of a function nested in it (its nearest enclosing kind of ``functions``)."""
    return [
        r
        for r in body.find_all(kind="return_statement")
        if next((a for a in r.ancestors() if a.kind() in functions), None) == function
    ]


def names_in(node: SgNode, kinds: frozenset[str]) -> list[SgNode]:
    """``node`` when it is a name (of one of ``kinds``), then the names in it."""
    names = [node] if node.kind() in kinds else []
    return names + [n for kind in kinds for n in node.find_all(kind=kind)]


def value_of(statement: SgNode) -> SgNode | None:
    """The expression a return statement gives (None for a bare ``return``)."""
    values = [c for c in statement.named_children() if not is_comment(c)]
    return values[0] if values else None


def one_value(values: list[SgNode | None]) -> SgNode | None:
    """The last of ``values`` (what each return of a helper gives) when they all read the
    same; None when there is none, a return gives nothing, or two differ."""
    if not values or any(v is None for v in values):
        return None
    written = {"".join(v.text().split()) for v in values if v is not None}
    return values[-1] if len(written) == 1 else None


def ruby_return_value(statement: SgNode) -> SgNode | None:
    """The one expression Ruby's ``return x`` gives (None for a bare ``return`` or several)."""
    values = [c for c in statement.named_children() if not is_comment(c)]
    if len(values) != 1 or values[0].kind() != "argument_list":
        return None
    inner = [c for c in values[0].named_children() if not is_comment(c)]
    return inner[0] if len(inner) == 1 else None

"""PHP objects called as functions: a class's ``__invoke`` method (a Laravel or Symfony
*action*, an invokable service) is reached by calling the object itself, ``$action(...)``
(``$action`` a parameter or local typed or made as the class) or ``(new Action(...))(...)``.
:func:`invoked` gives each such call with its callee written as a call of ``__invoke`` on the
object (``action.__invoke``, ``App.Actions.Action.__invoke``), so that a wrapper of a Checkout
Session creation in an ``__invoke`` method is found at its callers as any method wrapper is
(``migrate/scan/wrappers.py``, ``migrate/scan/symbols.py`` decides which class the object is)."""

from __future__ import annotations

from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import of_kind

INVOKE: Final = "__invoke"


def invoked(root: SgNode) -> list[tuple[SgNode, str]]:
    """Each call of an object as a function under ``root``, with its callee as a method call
    of ``__invoke`` (calls of a closure held in a variable are among them: no wrapper is a
    closure, so they reach none)."""
    out: list[tuple[SgNode, str]] = []
    for call in of_kind(root, "function_call_expression"):
        function = call.field("function")
        if function is None:
            continue
        if function.kind() == "variable_name":
            out.append((call, f"{function.text().lstrip('$')}.{INVOKE}"))
            continue
        made = next(
            (c for c in function.children() if c.kind() == "object_creation_expression"), None
        )
        if function.kind() != "parenthesized_expression" or made is None:
            continue
        name = next((c for c in made.children() if c.kind() in ("name", "qualified_name")), None)
        if name is not None:
            written = ".".join(p for p in "".join(name.text().split()).split("\\") if p)
            out.append((call, f"{written}.{INVOKE}"))
    return out

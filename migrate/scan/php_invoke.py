"""PHP objects called as functions: a class's ``__invoke`` method (a Laravel or Symfony
*action*, an invokable service) is reached by calling the object itself, ``$action(...)``
(``$action`` a parameter or local typed or made as the class), ``($this->action)(...)`` (a
property typed as it), ``(new Action(...))(...)`` or ``app(Action::class)(...)``.
:func:`invoked` gives each such call with its callee written as a call of ``__invoke`` on the
object (``action.__invoke``, ``App.Actions.Action.__invoke``), so that a wrapper of a Checkout
Session creation in an ``__invoke`` method is found at its callers as any method wrapper is
(``migrate/scan/wrappers.py``, ``migrate/scan/symbols.py`` decides which class the object is)."""

from __future__ import annotations

import re
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
        if function.kind() == "function_call_expression":  # app(Action::class)(...)
            made = _container_class(function)
            if made is not None:
                out.append((call, f"{made}.{INVOKE}"))
            continue
        inner = next((c for c in function.children() if c.is_named()), None)
        if function.kind() != "parenthesized_expression" or inner is None:
            continue
        if inner.kind() == "member_access_expression":  # ($this->action)(...)
            written = re.sub(r"\s+", "", inner.text()).lstrip("$").replace("->", ".")
            out.append((call, f"{written}.{INVOKE}"))
            continue
        name = next((c for c in inner.children() if c.kind() in ("name", "qualified_name")), None)
        if inner.kind() == "object_creation_expression" and name is not None:
            out.append((call, f"{_dotted(name.text())}.{INVOKE}"))
    return out


def _container_class(call: SgNode) -> str | None:
    """The class a Laravel container call makes (``app(Action::class)``,
    ``resolve(Action::class)``), dotted; None for any other call."""
    function = call.field("function")
    args = call.field("arguments")
    if function is None or function.text().lstrip("\\") not in ("app", "resolve") or args is None:
        return None
    given = re.fullmatch(r"\(\s*([\\\w]+)::class\s*\)", args.text())
    return _dotted(given.group(1)) if given is not None else None


def _dotted(name: str) -> str:
    return ".".join(p for p in "".join(name.split()).split("\\") if p)

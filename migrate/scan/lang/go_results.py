"""What a Go suggestion does with an error: it returns it the way the function it is pasted
into returns (``return "", err`` in a ``(string, error)`` function); ``return err`` compiled
only in a function whose one result is an ``error``."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

_FUNCTIONS: Final = frozenset({"function_declaration", "method_declaration", "func_literal"})
_NUMBERS: Final = re.compile(
    r"(?:u?int(?:8|16|32|64)?|uintptr|byte|rune|float(?:32|64)|complex(?:64|128))"
)
_NIL: Final = ("*", "[]", "map[", "chan ", "<-chan", "chan<-", "func", "interface", "any", "error")

DEFAULT: Final = "return err"


def error_return(node: SgNode) -> str:
    """The statement that hands ``err`` back from the function around ``node``: the zero value
    of each other result and ``err`` when the last result is an ``error``; else (no results, or
    no error among them) a panic the reader replaces with the function's own handling."""
    function = next((a for a in node.ancestors() if a.kind() in _FUNCTIONS), None)
    if function is None:
        return DEFAULT
    types = _result_types(function.field("result"))
    if types and types[-1] == "error":
        return "return " + ", ".join([*(_zero(t) for t in types[:-1]), "err"])
    name = function.field("name")
    owner = f"{name.text()} " if name is not None else "this function "
    return f"panic(err) // {owner}returns no error: handle err as it does"


def _result_types(result: SgNode | None) -> list[str]:
    """One type per result: ``(a, b string, err error)`` is string, string, error."""
    if result is None:
        return []
    if result.kind() != "parameter_list":
        return [result.text()]
    types: list[str] = []
    for declaration in result.named_children():
        if declaration.kind() not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        kind = declaration.field("type")
        if kind is None:
            continue
        names = [c for c in declaration.named_children() if c.kind() == "identifier"]
        types.extend([kind.text()] * max(1, len(names)))
    return types


def _zero(kind: str) -> str:
    """The zero value of a Go type, as an expression."""
    if kind == "string":
        return '""'
    if kind == "bool":
        return "false"
    if _NUMBERS.fullmatch(kind):
        return "0"
    if kind.startswith(_NIL):
        return "nil"
    return f"*new({kind})"

"""Whole-number arithmetic on numbers the code gives, in the languages read by the flow
extractors (Go, Java, C#, PHP, Ruby): ``fee := 2500 * 100``, ``UnitAmount = 25 * 100``,
``25L * 100``, Go's conversion ``int64(fee)``.

An amount in cents is often written so; read as run-time, a fixed price became a
pay-what-you-want line (any amount from 0 up). Only whole numbers are folded, as these
languages compute them (a division only when it is exact: ``7 / 2`` is 3 in Go and Java, 3.5
in PHP); anything else (a float, text, a value not known) stays a run-time value.
(``migrate/scan/arith.py`` does the same, with fractions and rounding, for Python and JS/TS.)
"""

from __future__ import annotations

from typing import Any, Final, Protocol

from ast_grep_py import SgNode

_BINARY: Final = {
    "go": "binary_expression",
    "java": "binary_expression",
    "csharp": "binary_expression",
    "php": "binary_expression",
    "ruby": "binary",
}
_OWN_PLUS: Final = frozenset({"ruby", "php"})
"""The languages whose readers read ``a + b`` themselves (Ruby's lists and numbers, PHP's array
union): read here again, each level of a chain would be read twice (exponential time)."""
_GO_CONVERSIONS: Final = frozenset(
    {"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64"}
)


_BUDGET: Final = 64
_LEFT: Final = [0, 0]
"""The folds left to the outermost fold being read, and how deep the reading is: each side's
value may be a variable bound to more arithmetic (``$a2 = $a1 * $a1; $a1 = $a0 * $a0``), read
again at each use, twice per level; past the budget, the value is the run-time one."""


class Reader(Protocol):
    @property
    def family(self) -> str: ...

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any: ...


def folded(reader: Reader, node: SgNode, path: str) -> tuple[int] | None:
    """The whole number ``node`` computes from whole numbers the code gives; None otherwise."""
    family = reader.family
    kind = node.kind()
    if family == "go" and kind == "call_expression":
        function, listed = node.field("function"), node.field("arguments")
        args = [a for a in listed.named_children() if a.kind() != "comment"] if listed else []
        if function is None or function.text() not in _GO_CONVERSIONS or len(args) != 1:
            return None
        got = reader.value(args[0], path, record=False)
        return (got,) if type(got) is int else None
    if kind != _BINARY.get(family):
        return None
    operator = node.field("operator")
    op = operator.text() if operator is not None else ""
    sides = [node.field("left"), node.field("right")]
    if op not in ("+", "-", "*", "/") or None in sides:
        return None
    if op == "+" and family in _OWN_PLUS:
        return None  # read by the language's own reader, each side once (a + b + c + ...)
    if _LEFT[1] == 0:  # the outermost fold: its budget of folds, however deep it reads
        _LEFT[0] = _BUDGET
    if _LEFT[0] <= 0:
        return None  # past the budget: a run-time value, as it was read before folding
    _LEFT[0] -= 1
    _LEFT[1] += 1
    try:
        values: list[int] = []
        for side in sides:  # the left first: not a whole number, the right is not read
            got = reader.value(side, path, record=False) if side is not None else None
            if type(got) is not int:
                return None
            values.append(got)
    finally:
        _LEFT[1] -= 1
    a, b = values
    if op == "/":
        return (a // b,) if b and a % b == 0 else None
    return (a + b if op == "+" else a - b if op == "-" else a * b,)

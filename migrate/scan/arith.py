"""Arithmetic the code writes on numbers it knows: ``unit_amount: 29 * 100``, ``(100) * 100``,
``PRICE_DOLLARS * 100`` with the name bound to a number, ``Math.round(19.99 * 100)``,
``int(9.99 * 100)``, and the same over a choice of known numbers (``(yearly ? 99 : 9) * 100``).

An amount in cents is often written so; read as run-time, a fixed price became a pay-what-you-want
line (or, recurring, a blocked cart). The result is the number the language computes (IEEE
doubles, Python's ints); one that is not whole where the language does not round it
(``19.99 * 100`` is 1998.9999999999998, which Stripe refuses as an integer) stays a run-time
value, as does anything not a number on either side (``"5" * 100``, a string joined with ``+``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE, arguments, is_dynamic, text
from migrate.scan.nodes import is_comment

if TYPE_CHECKING:
    from migrate.scan.follow import Follower

_BINARY = {"node": "binary_expression", "python": "binary_operator"}
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}
_ROUNDING: dict[str, dict[str, Callable[[float], int]]] = {
    "node": {
        "Math.round": lambda x: math.floor(x + 0.5),  # half up, as JavaScript rounds
        "Math.floor": math.floor,
        "Math.ceil": math.ceil,
        "Math.trunc": math.trunc,
    },
    "python": {"round": round, "int": math.trunc, "math.floor": math.floor, "math.ceil": math.ceil},
}


def computed(reader: Follower, node: SgNode, path: str) -> tuple[Any] | None:
    """The number ``node`` computes from numbers the code gives (a choice of them when a side
    is one), or None when it is not such arithmetic, a side is not known, or the result is
    not whole."""
    return _computed(reader, node, path, whole=True)


def _computed(reader: Follower, node: SgNode, path: str, *, whole: bool) -> tuple[Any] | None:
    family = reader.family
    kind = node.kind()
    if kind == _BINARY.get(family):
        op = text(node.field("operator"))
        combine = _floor_div if family == "python" and op == "//" else _OPS.get(op)
        if combine is None:
            return None
        sides = [node.field("left"), node.field("right")]
        return _fold(reader, path, sides, combine, whole=whole)
    rounding = _ROUNDING.get(family, {}).get("".join(text(node.field("function")).split()))
    if kind in ("call_expression", "call") and rounding is not None:
        args = [a for a in arguments(node) if not is_comment(a)]
        if len(args) == 1 and args[0].kind() not in ("spread_element", "list_splat"):
            return _fold(reader, path, args, rounding, whole=True)
    return None


def _floor_div(a: Any, b: Any) -> Any:
    return a // b


def _fold(
    reader: Follower,
    path: str,
    sides: Sequence[SgNode | None],
    op: Callable[..., Any],
    *,
    whole: bool,
) -> tuple[Any] | None:
    mark = len(reader.dynamic)
    values = []
    for side in sides:
        if side is None:
            return None
        try:  # a side that is arithmetic itself may be a fraction (`Math.round(9.99 * 100)`)
            bare = reader.unwrap(side)
            inner = _computed(reader, bare, path, whole=False)
            if inner is None and bare.kind() == _BINARY.get(reader.family):
                del reader.dynamic[mark:]  # arithmetic of values not known: read once, not
                return None  # again as a value (each level of `a + b + c...` twice: exponential)
            values.append(inner[0] if inner is not None else reader.evaluate(side, path))
        except Exception:  # Unfollowable and the like: the whole stays run-time, as before
            del reader.dynamic[mark:]
            return None
    result = _over(reader, values, op, whole)
    if result is None:
        del reader.dynamic[mark:]
        return None
    return (result,)


def _over(reader: Follower, values: list[Any], op: Callable[..., Any], whole: bool) -> Any:
    """``op`` over ``values``, through the branches of a choice among them (None: a value is
    not a known number, or the result is not whole where it must be)."""
    for i, value in enumerate(values):
        if is_dynamic(value) and CHOICE in value:
            choice = value[CHOICE]
            then = _over(reader, [*values[:i], choice["then"], *values[i + 1 :]], op, whole)
            else_ = _over(reader, [*values[:i], choice["else"], *values[i + 1 :]], op, whole)
            if then is None or else_ is None:
                return None
            return reader.choice(choice["if"], then, else_)
    if not all(type(v) in (int, float) for v in values):
        return None
    try:
        result = op(*values)
    except (ArithmeticError, ValueError):
        return None
    if type(result) is float and result.is_integer():
        return int(result)
    if type(result) is float and not whole:
        return result
    return result if type(result) is int else None

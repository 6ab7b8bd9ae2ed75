"""What a branch's condition says of a name read in it, for Ruby and PHP (``hashflow.py``).

In the branch of ``if interval == "month"`` the name holds ``"month"``; in the branch of
``coupon ? [...] : nil`` (or ``if $coupon && ...``) it holds a value, so a choice between its
value and nothing (set under another ``if``) is that value there.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC
from migrate.scan.fold_conds import literal
from migrate.scan.hashflow_values import CHOICE, is_marker
from migrate.scan.retry_values import strip_parens

_NOTHING_TEXTS: Final = frozenset({"nil", "null", "NULL"})
_AND: Final = re.compile(r"\s*(?:&&|\band\b)\s*")
_EQUAL: Final = re.compile(r"^(?P<a>[^=!<>]+?)\s*(?:===|==)\s*(?P<b>[^=].*)$")


def held_by(test: str, name: str) -> tuple[str, Any] | None:
    """``("==", literal)`` when ``test`` (true) says ``name`` equals a string or number literal,
    ``("", None)`` when it requires ``name`` to hold, None otherwise (an ``||``, a negation)."""
    test = strip_parens(test.strip())
    if "||" in test or re.search(r"\bor\b", test) or "?" in test:
        return None
    parts = [strip_parens(p.strip()) for p in _AND.split(test)]
    for part in parts:
        match = _EQUAL.match(part)
        if match is None:
            continue
        for one, other in ((match["a"], match["b"]), (match["b"], match["a"])):
            if strip_parens(one.strip()) != name:
                continue
            value = literal(other.strip())
            if type(value) in (str, int, float) and type(value) is not bool:
                return ("==", value)
    if any(part in (name, f"{name}.present?") for part in parts):
        return ("", None)
    return None


def without_nothing(value: Any) -> Any:
    """``value`` where it is known to hold: a choice with nothing (nil, null) in one branch is
    its other branch."""
    if not (is_marker(value) and CHOICE in value):
        return value
    branches = value[CHOICE]
    then, else_ = branches["then"], branches["else"]
    if _nothing(else_):
        return without_nothing(then) if not _nothing(then) else value
    if _nothing(then):
        return without_nothing(else_)
    return value


def _nothing(value: Any) -> bool:
    return value is None or (is_marker(value) and str(value.get(DYNAMIC, "")) in _NOTHING_TEXTS)


_IFS: Final = frozenset({"if_statement", "else_if_clause", "if", "elsif", "if_modifier"})
_NEGATED: Final = frozenset({"unless", "unless_modifier"})
_TERNARIES: Final = frozenset({"conditional", "conditional_expression"})


def tested(node: SgNode) -> list[tuple[str | None, SgNode | None]]:
    """The branches ``node`` (a PHP or Ruby ``if``, ``elseif``/``elsif``, ``unless``, modifier
    or ternary) runs under a condition of its own, each with the condition as written; the
    ``else`` of an ``if`` with None. Syntax only: no name in a condition is resolved."""
    kind = node.kind()
    cond = node.field("condition")
    if cond is None:
        return []
    then = node.field("consequence") or node.field("body")
    if kind in _TERNARIES or kind in _IFS:
        out: list[tuple[str | None, SgNode | None]] = [(strip_parens(cond.text()), then)]
        if kind == "if_statement":  # PHP: its `else` (an `elseif` is visited as its own node)
            out += [
                (None, c.field("body")) for c in node.named_children() if c.kind() == "else_clause"
            ]
        return out
    if kind in _NEGATED:
        return [(f"!({cond.text()})", then)]
    return []

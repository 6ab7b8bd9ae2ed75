"""What a branch's condition says of a name read in it, for Ruby and PHP (``hashflow.py``).

In the branch of ``if interval == "month"`` the name holds ``"month"``; in the branch of
``coupon ? [...] : nil`` (or ``if $coupon && ...``) it holds a value, so a choice between its
value and nothing (set under another ``if``) is that value there.
"""

from __future__ import annotations

import re
from typing import Any, Final

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

"""C#'s conditional expression as a params value (``migrate/scan/lang/csharp.py``).

``cond ? a : b`` is a choice between its branches, except the "a list, or null when it is
empty" idiom, ``Discounts = discounts.Any() ? discounts : null`` (``discounts.Count > 0``,
``discounts.Count == 0 ? null : discounts``): Stripe.net sends no discounts either way, so the
value is the list itself, followed as any list the code builds (``discounts.Add(...)`` under
an ``if``). Read as a choice, it was a run-time value nothing could place (RT002, blocking),
and a coupon the code creates in the list was not seen (RT052)."""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.flow import FlowExtractor, choice_marker

_FILLED: Final = (
    r"(?:{n}\s*!=\s*null\s*&&\s*)?{n}\s*\??\.\s*(?:Any\(\s*\)(?:\s*==\s*true)?"
    r"|(?:Count|Length)(?:\(\s*\))?\s*(?:>\s*0|!=\s*0|>=\s*1))"
)
"""A test that the list ``{n}`` holds something."""
_EMPTY: Final = (
    r"(?:{n}\s*==\s*null\s*\|\|\s*)?(?:!\s*{n}\s*\.\s*Any\(\s*\)"
    r"|{n}\s*\.\s*(?:Count|Length)(?:\(\s*\))?\s*(?:==\s*0|<\s*1))"
)
"""A test that the list ``{n}`` is empty."""
_NAME: Final = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")


def conditional(ex: FlowExtractor, node: SgNode, path: str) -> tuple[Any] | None:
    """The value of ``cond ? a : b``: the list of a list-or-null idiom, else a choice."""
    cond, then, else_ = (node.field(f) for f in ("condition", "consequence", "alternative"))
    if cond is None or then is None or else_ is None:
        return None
    kept = _list_or_null(ex.text_of(cond), then, else_)
    if kept is not None:
        got = ex.literal(ex.unwrap(kept), path)
        if got is not None:
            return got
    return (
        choice_marker(
            ex.text_of(node), ex.text_of(cond), ex.part(then, path), ex.part(else_, path)
        ),
    )


def _list_or_null(cond: str, then: SgNode, else_: SgNode) -> SgNode | None:
    """The branch that is a list when the other is ``null`` and ``cond`` tests whether that
    list holds something (``xs.Any() ? xs : null``, ``xs.Count == 0 ? null : xs``)."""
    test = " ".join(cond.split())
    while test.startswith("(") and test.endswith(")") and _balanced(test[1:-1]):
        test = test[1:-1].strip()
    for kept, other, shape in ((then, else_, _FILLED), (else_, then, _EMPTY)):
        name = kept.text().strip()
        if other.kind() != "null_literal" or not _NAME.match(name):
            continue
        if re.fullmatch(shape.format(n=re.escape(name)), test):
            return kept
    return None


def _balanced(text: str) -> bool:
    """Whether the parentheses of ``text`` close in order (``a) || (b`` does not)."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


__all__ = ["conditional"]

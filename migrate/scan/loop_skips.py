"""The elements a for-each loop skips before it fills a list (Python and JavaScript/TypeScript).

A cart filled in a loop is read as the loop's collection mapped (``$each``,
``migrate/scan/follow.py``). A loop may leave elements out first: ``if item.quantity <= 0:
continue`` (Python), ``if (!item.priceId) continue;`` (TypeScript). Read without it, the Dodo
cart held a line for every element, the skipped ones too: more lines than the Stripe cart, a
silent overcharge when the condition is a gift or a free item. A ``continue`` under an ``if``
with no ``else`` at the top of the loop's body, before the append, is the collection filtered
(``[item for item in xs if not (c)]``, ``xs.filter((item) => !(c))``); any other jump out of
the loop (a ``break``: the list is cut short; a ``continue`` nested deeper) leaves the list a
run-time value.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ast_grep_py import SgNode

_JUMPS = ("continue_statement", "break_statement")
_ELSE = re.compile(r"\b(?:if|lambda)\b")
_LOOSE = re.compile(r"\|\||\?|=>|,")
"""What binds looser than ``&&`` in a JavaScript condition (or, a conditional, a function)."""


def skips(
    loop: SgNode, push: SgNode, *, loops: Collection[str], functions: Collection[str]
) -> list[SgNode] | None:
    """The conditions under which ``loop`` skips an element before ``push`` runs (``if c:
    continue`` at the top of its body, before it); None when the loop jumps otherwise."""
    body = loop.field("body")
    if body is None:
        return None
    before = push.range().start.index
    out: list[SgNode] = []
    # a callback run per element (``forEach``) goes on to the next one by returning
    jumps = (*_JUMPS, "return_statement") if loop.kind() in functions else _JUMPS
    for kind in jumps:
        for jump in body.find_all(kind=kind):
            owner = next(
                (a for a in jump.ancestors() if a.kind() in loops or a.kind() in functions), None
            )
            if owner != loop:
                continue  # a nested loop's (or function's) own jump
            if kind == "break_statement":
                return None  # the list may be cut short
            if jump.range().start.index >= before:
                continue  # after the element was added: it is in the list
            cond = _skip_condition(jump, body)
            if cond is None:
                return None
            out.append(cond)
    return out


def _skip_condition(jump: SgNode, body: SgNode) -> SgNode | None:
    """The condition of ``if c: continue`` (``if (c) continue;``) when that is a statement of
    ``body`` itself, with no ``else``."""
    stmt = jump.parent()
    if stmt is not None and stmt.kind() in ("block", "statement_block"):
        inner = [c for c in stmt.named_children() if c.kind() != "comment"]
        stmt = stmt.parent() if inner == [jump] else None
    if stmt is None or stmt.kind() != "if_statement" or stmt.parent() != body:
        return None
    if stmt.field("alternative") is not None:
        return None
    cond = stmt.field("condition")
    if cond is not None and cond.kind() == "parenthesized_expression":
        inner = [c for c in cond.named_children() if c.kind() != "comment"]
        cond = inner[0] if len(inner) == 1 else None
    return cond


def filtered(
    over: str, var: str, conds: list[str], *, python: bool, keep: Collection[str] = ()
) -> str:
    """The collection ``over`` without the elements ``conds`` skip, and with only those every
    one of ``keep`` holds for (``loop_keeps.py``), in the loop's language."""
    if not conds and not keep:
        return over
    if python:  # a conditional expression or a lambda is no comprehension's `if` unbracketed
        tests = [f"if ({c})" if _ELSE.search(c) else f"if {c}" for c in keep]
        tests += [f"if not ({c})" for c in conds]
        elem = f"({var})" if "," in var else var  # a tuple target: [(i, x) for i, x in ...]
        return f"[{elem} for {var} in {over} {' '.join(tests)}]"
    tests = [f"({c})" if len(keep) + len(conds) > 1 and _LOOSE.search(c) else c for c in keep]
    tests += [f"!({c})" for c in conds]
    head = over if _plain(over) else f"({over})"
    return f"{head}.filter(({var}) => {' && '.join(tests)})"


def _plain(text: str) -> bool:
    depth = 0
    for ch in text.strip():
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and not (ch.isalnum() or ch in "_.$"):
            return False
    return True


__all__ = ["filtered", "skips"]

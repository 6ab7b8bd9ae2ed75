"""JavaScript/TypeScript loops over a list that are not ``for...of``: a counting loop, ``for
(let i = 0; i < items.length; i++) { lines.push({ ... items[i] ... }) }``, the same loop
written with ``while`` (``let i = 0; while (i < items.length) { ...; i++; }``,
:func:`while_index_loop`; in Python ``i = 0`` / ``while i < len(items): ...; i += 1``,
:func:`python_while_index_loop`), and a ``forEach`` callback, ``items.forEach((item) => {
lines.push({ ... }) })`` (:func:`foreach_callback`).

Shops written without ``for...of`` fill their line items so (an Express shop pushing each cart
row of ``req.body.items[i]``). Its body runs once per index of ``items``, as a for-each over
the indices does: :func:`index_loop` gives the index variable and the list, and :func:`indices`
writes the list of indices the Dodo cart is mapped from (``Array.from(items.keys())``), so the
element each line reads (``items[i]``) is the one the cart line reads. A loop that counts
otherwise (from 1, by 2, to ``length - 1``, or that changes its index in its body) is not one.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import text
from migrate.scan.nodes import is_comment, unparenthesized

_START: Final = re.compile(
    r"^(?:let|var)\s+(?P<name>[A-Za-z_$][\w$]*)(?:\s*:\s*number)?\s*=\s*0\s*;?$"
)
_STEP: Final = r"^(?:{name}\s*\+\+|\+\+\s*{name}|{name}\s*\+=\s*1|{name}\s*=\s*{name}\s*\+\s*1)$"


def index_loop(loop: SgNode) -> tuple[SgNode, SgNode] | None:
    """The index variable (its declaration's name) and the list of a counting loop
    ``for (let i = 0; i < LIST.length; i++)``; None for any other ``for``."""
    if loop.kind() != "for_statement":
        return None
    init, cond, step = (loop.field(f) for f in ("initializer", "condition", "increment"))
    body = loop.field("body")
    if init is None or cond is None or step is None or body is None:
        return None
    start = _START.match(init.text().strip())
    if start is None:
        return None
    name = start.group("name")
    if re.match(_STEP.format(name=re.escape(name)), step.text().strip()) is None:
        return None
    bound = _below_length(cond)
    if bound is None or bound[0].text() != name or _changes(body.text(), name):
        return None
    declared = next(iter(init.find_all(kind="identifier")), None)
    if declared is None or declared.text() != name:
        return None
    return declared, bound[1]


def while_index_loop(loop: SgNode) -> tuple[SgNode, SgNode] | None:
    """The index variable (its declaration's name) and the list of a counting ``while`` loop:
    ``let i = 0;`` the statement just before it, ``while (i < LIST.length)``, and a body whose
    last statement, and only one changing ``i``, steps it by one (``i++;``). None for any other
    ``while``, and for one with a ``continue`` (it would skip the step)."""
    step = while_step(loop)
    if step is None:
        return None
    cond = unparenthesized(loop.field("condition"))
    bound = _below_length(cond) if cond is not None else None
    if bound is None or bound[0].kind() != "identifier":
        return None
    name = bound[0].text()
    if re.match(_STEP.format(name=re.escape(name)), step.text().strip().rstrip(";")) is None:
        return None
    before = _statement_before(loop)
    if before is None or before.kind() not in ("lexical_declaration", "variable_declaration"):
        return None
    if _START.match(before.text().strip()) is None:
        return None
    declared = next(iter(before.find_all(kind="identifier")), None)
    if declared is None or declared.text() != name:
        return None
    return declared, bound[1]


_PY_START: Final = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?::\s*int\s*)?=\s*0$")
_PY_STEP: Final = r"^(?:{name}\s*\+=\s*1|{name}\s*=\s*{name}\s*\+\s*1)$"


def python_while_index_loop(loop: SgNode) -> tuple[SgNode, SgNode] | None:
    """The index variable (its assignment's name) and the list of a Python counting ``while``:
    ``i = 0`` the statement just before it, ``while i < len(LIST):``, and a body whose last
    statement, and only one changing ``i``, steps it by one (``i += 1``). None for any other
    ``while``, and for one with a ``continue`` or an ``else`` (it would skip the step, or run
    once more)."""
    step, cond = while_step(loop), unparenthesized(loop.field("condition"))
    if step is None or cond is None or cond.kind() != "comparison_operator":
        return None
    if loop.field("alternative") is not None:
        return None
    parts = [c for c in cond.children() if not is_comment(c)]
    if len(parts) != 3 or parts[0].kind() != "identifier" or parts[1].text() != "<":
        return None
    counted = parts[2]
    args = counted.field("arguments") if counted.kind() == "call" else None
    listed = [c for c in args.named_children() if not is_comment(c)] if args is not None else []
    if text(counted.field("function")) != "len" or len(listed) != 1:
        return None
    name = parts[0].text()
    if re.match(_PY_STEP.format(name=re.escape(name)), step.text().strip()) is None:
        return None
    before = _statement_before(loop)
    start = _PY_START.match(before.text().strip()) if before is not None else None
    assigned = before.named_children() if before is not None else []
    if start is None or start.group("name") != name or len(assigned) != 1:
        return None
    declared = assigned[0].field("left")
    return (declared, listed[0]) if declared is not None else None


def _statement_before(loop: SgNode) -> SgNode | None:
    """The statement just before ``loop`` (comments skipped): where a counter starts at 0."""
    before = loop.prev()
    while before is not None and is_comment(before):
        before = before.prev()
    return before


def python_indices(over: str) -> str:
    """The indices of the Python list written ``over``, as the cart is mapped from them."""
    return f"range(len({over}))"


def _below_length(cond: SgNode) -> tuple[SgNode, SgNode] | None:
    """The counter and the list of a loop condition ``COUNTER < LIST.length``; None for any
    other condition."""
    if cond.kind() != "binary_expression" or (cond.field("operator") or cond).text() != "<":
        return None
    left, right = cond.field("left"), cond.field("right")
    if left is None or right is None or right.kind() != "member_expression":
        return None
    listed = right.field("object")
    if listed is None or (right.field("property") or right).text() != "length":
        return None
    return left, listed


def while_step(loop: SgNode) -> SgNode | None:
    """The last statement of a ``while`` loop's body when nothing before it in the body changes
    the name it may step and the body has no ``continue`` (the candidate step of
    :func:`while_index_loop`; the name it reads is the map's index, not a value carried between
    elements); None otherwise."""
    if loop.kind() != "while_statement":
        return None
    body = loop.field("body")
    python = any(c.kind() == ":" for c in loop.children())  # while i < n: ...
    if body is None or body.kind() != ("block" if python else "statement_block"):
        return None
    statements = [c for c in body.named_children() if c.kind() != "comment"]
    if len(statements) < 2 or statements[-1].kind() != "expression_statement":
        return None
    step = statements[-1]
    name = re.match(r"^(?:\+\+\s*)?([A-Za-z_$][\w$]*)", step.text().strip())
    skipping = (
        s.kind() == "continue_statement" or s.find(kind="continue_statement") is not None
        for s in statements[:-1]
    )
    if name is None or any(skipping):
        return None
    if any(_changes(s.text(), name.group(1)) for s in statements[:-1]):
        return None
    return step


def indices(over: str) -> str:
    """The indices of the list written ``over``, as the cart is mapped from them."""
    return f"Array.from({over}.keys())"


def _changes(body: str, name: str) -> bool:
    """Whether ``body`` changes the index (``i++``, ``i += 2``, ``i = j``)."""
    word = re.escape(name)
    return (
        re.search(rf"(?<![\w$.]){word}\s*(?:\+\+|--|[-+*/%]?=(?!=))|(?:\+\+|--)\s*{word}\b", body)
        is not None
    )


_CALLBACKS: Final = frozenset({"arrow_function", "function_expression", "function"})


def foreach_callback(fn: SgNode) -> tuple[SgNode, SgNode] | None:
    """The element parameter and the list of a callback passed first to ``LIST.forEach``
    (``items.forEach((item) => ...)``), which runs once per element as a for-each loop's
    body; None for any other function, one that also takes the index (which a mapping of the
    elements cannot write), or an ``async`` one (``forEach`` does not wait for it)."""
    if fn.kind() not in _CALLBACKS or fn.text().startswith("async"):
        return None  # an async callback's pushes after an await land after the checkout
    args = fn.parent()
    call = args.parent() if args is not None and args.kind() == "arguments" else None
    callee = call.field("function") if call is not None else None
    if callee is None or callee.kind() != "member_expression":
        return None
    if (callee.field("property") or callee).text() != "forEach":
        return None
    listed = [c for c in args.named_children() if c.kind() != "comment"]  # type: ignore[union-attr]
    if not listed or listed[0] != fn:
        return None
    single = fn.field("parameter")  # item => ...
    params = fn.field("parameters")
    names = [single] if single is not None else []
    if params is not None:
        names = [c for c in params.named_children() if c.kind() != "comment"]
    if len(names) != 1:
        return None
    pattern = names[0].field("pattern") or names[0]  # TS: (item: Item) => ...
    owner = callee.field("object")
    return (pattern, owner) if owner is not None else None

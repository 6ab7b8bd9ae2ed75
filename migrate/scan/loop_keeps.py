"""The elements a for-each loop keeps: an append under an ``if`` with no ``else`` (Python and
JavaScript/TypeScript).

``for key, qty in request.form.items(): if key in PRICES and qty: items.append({...})`` adds a
line for the elements the condition holds for: the loop's collection filtered, then mapped
(``[... for key, qty in [(key, qty) for key, qty in xs if key in PRICES and qty]]``,
``xs.filter((item) => item.qty > 0).map(...)``). The follower read any append under a condition
in a loop as a list it cannot follow, so the cart was a run-time list looked up through each
element's ``price`` at run time (RT003), the lines' own values (a constant table's price, an
inline amount) unread, or blocked (RT015) for inline prices. A guard is read so only when the
filter computes what the loop did, element by element (as ``loop_guards.py`` does for Java,
Kotlin, C# and Go):

* each ``if`` between the append and the loop has no ``else``/``elif``, stands in the loop's
  body (through blocks and the other guards only), and the append is in its block;
* the append is the loop's only change of the list;
* a condition reads the loop's names, and names the loop's body neither declares nor changes
  (a constant table, a parameter): not a counter, a ``seen`` set or a local of the body;
* a call in it is a method of an element (``item.tags.includes("x")``) or a builtin that only
  reads (``len``, ``isinstance``, ``Number``...).

Anything else stays as before (an ``if``/``else`` pair is ``follow_pairs.py``'s; the rest a
run-time list).
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import start
from migrate.scan.follow_base import Event
from migrate.scan.follow_pairs import pushes
from migrate.scan.loop_guards import blanked
from migrate.scan.nodes import of_kind, unparenthesized

_BLOCKS: Final = frozenset({"block", "statement_block", "expression_statement"})
_CALLS: Final = {"python": "call", "node": "call_expression"}
_READERS: Final = frozenset(
    {
        "len", "isinstance", "int", "float", "str", "bool", "abs", "round", "min", "max",
        "Number", "String", "Boolean", "Array", "Math", "Object", "parseInt", "parseFloat",
    }
)  # fmt: skip
_ROOT: Final = re.compile(r"[A-Za-z_$][\w$]*")


def kept(follower: Any, loop: SgNode, event: Event, name: str) -> list[SgNode] | None:
    """The conditions of the ``if``s (no ``else``) ``event`` (an append to ``name``) runs under
    inside ``loop``, when each is a guard of the element (see the module); None otherwise."""
    body = loop.field("body")
    if body is None or follower.family not in _CALLS:
        return None
    ifs: list[SgNode] = []
    for above in event.node.ancestors():
        if above == body:
            break
        kind = above.kind()
        if kind in follower.if_kinds:
            if kind != "if_statement" or above.field("alternative") is not None:
                return None
            ifs.append(above)
        elif kind not in _BLOCKS:
            return None  # under a lambda, a try, a with...: not the body's statement
    else:
        return None
    if not ifs or len(pushes(follower, loop, event, name)) != 1:
        return None  # another append or change of the list in the loop
    conds = [unparenthesized(node.field("condition")) for node in reversed(ifs)]  # outer first
    if any(c is None for c in conds):
        return None
    rest = blanked(body, conds)
    elements = set(follower.pattern_names(_pattern(follower, loop)))
    out: list[SgNode] = []
    for cond in conds:
        assert cond is not None
        if not _element_only(cond, rest, elements, follower.family):
            return None
        out.append(cond)
    return out


def _pattern(follower: Any, loop: SgNode) -> SgNode | None:
    parts = follower.loop_parts(loop)
    return parts[0] if parts is not None else None


def _element_only(cond: SgNode, rest: str, elements: set[str], family: str) -> bool:
    """Whether ``cond`` calls the elements' methods or reading builtins only, and names only
    the elements and names the rest of the body (``rest``) neither declares nor changes."""
    for call in of_kind(cond, _CALLS[family]):
        root = _ROOT.match(call.text())
        if root is None or (root[0] not in elements and root[0] not in _READERS):
            return False
    text = cond.text()
    for ident in of_kind(cond, "identifier"):
        at = start(ident) - start(cond)
        if text[:at].rstrip().endswith((".", "?.")):
            continue  # a member: the root it is read on is checked
        word = ident.text()
        if word in elements or word in _READERS:
            continue
        if _changed(word, rest):
            return False
    return True


def _changed(word: str, rest: str) -> bool:
    """Whether the loop's body (``rest``) declares, assigns or changes ``word``."""
    name = re.escape(word)
    return bool(
        re.search(
            rf"(?<![\w.$]){name}\s*(?:\[[^\]]*\]\s*)?(?:[-+*/%|&^]?=(?!=)|\+\+|--)"
            rf"|(?<![\w.$]){name}\s*\.\s*(?:append|add|update|pop|remove|discard|clear|extend"
            rf"|insert|push|set|delete|splice|shift|unshift|setdefault)\s*\("
            rf"|\b(?:for|as|const|let|var|global|nonlocal)\s+[^=;:\n]*?(?<![\w.$]){name}\b"
            rf"|(?:\+\+|--)\s*{name}\b|(?<![\w.$]){name}\s*:=",
            rest,
        )
    )


__all__ = ["kept"]

"""The ``if``s around a line's add in a loop's body, read as a filter of the loop's collection
(Java, Kotlin, C#, Go).

``for (Item it : items) { if (it.isGift()) { b.addLineItem(...); } }`` adds a line for the
elements the condition holds for: the loop's collection filtered, then mapped, which is how the
Dodo cart is written (``items.stream().filter(it -> it.isGift())...``; in Go, whose suggestion
writes the loop, ``if !(it.Gift) { continue }``). The scanner read the ``if`` as a choice made
once, and a choice inside a loop has no Dodo form: the cart was blocked as unknown (RT002,
RT007) although every line is read. An ``if`` is read as such a guard only when the filter
computes what the loop did, element by element:

* it has no ``else`` (an ``else`` adding another line is a per-element choice, not a filter),
  it is a statement of the loop's body (or of a guard's block), and the add is in its block;
* its condition reads the element (and Go's index, which the written loop binds too), or names
  the loop's body never mentions otherwise (a parameter, a constant): not a local of the body,
  not a name the body assigns or changes (a ``seen`` set, a counter), which would change from
  one element to the next;
* a call in it is a method of the element (``it.isGift()``), or Go's ``len``: another call may
  act, or read what the body changes.

Any other ``if`` leaves the list as it was read before (a run-time value).
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import start
from migrate.scan.nodes import of_kind, unparenthesized
from migrate.scan.retry_values import closes_at_end

_NAMES: Final = {
    "java": "identifier",
    "csharp": "identifier",
    "go": "identifier",
    "kotlin": "simple_identifier",
}
_CALLS: Final = {
    "java": "method_invocation",
    "csharp": "invocation_expression",
    "go": "call_expression",
    "kotlin": "call_expression",
}
_IFS: Final = frozenset({"if_statement", "if_expression"})
_BLOCKS: Final = frozenset(
    {"block", "statement_list", "control_structure_body", "statements", "expression_statement"}
)
_BUILTINS: Final = {"go": frozenset({"len"})}
_ROOT: Final = re.compile(r"[A-Za-z_]\w*")


def guarded(
    loop: SgNode, var: str, controls: list[Any], family: str
) -> list[tuple[Any, str]] | None:
    """Each branch of ``controls`` (those between a line's add and ``loop``, whose element is
    ``var``) with the text of its condition, when every one is a guard of the element (see
    the module); [] when there is none; None when one is not."""
    branches = [c for c in controls if hasattr(c, "then")]
    if not branches:
        return []
    if family not in _NAMES or len(branches) != len(controls):
        return None  # a loop inside this one
    elements = {v.strip() for v in var.split(",") if v.strip()}
    guards = [b.node for b in branches]
    conds = [_condition(b, loop, guards) for b in branches]
    if any(c is None for c in conds):
        return None
    rest = blanked(loop.field("body") or loop, conds)
    out: list[tuple[Any, str]] = []
    for branch, cond in zip(branches, conds, strict=True):
        assert cond is not None
        if not _element_only(cond, rest, elements, family):
            return None
        out.append((branch, cond.text()))
    return out


def negated(text: str) -> str:
    """``!(text)``, or what a negation ``text`` negates (``!(a && b)`` -> ``a && b``)."""
    if text.startswith("!(") and closes_at_end(text[1:]):
        return text[2:-1]
    return f"!({text})"


def _condition(branch: Any, loop: SgNode, guards: list[SgNode]) -> SgNode | None:
    """The condition of the ``if`` ``branch`` is (its ``then``, no ``else``), when it stands
    in ``loop``'s body (through blocks and the other guards only)."""
    node: SgNode = branch.node
    if not branch.then or node.kind() not in _IFS or node.field("alternative") is not None:
        return None
    if any(c.kind() in ("else", "else_clause") or c.text() == "else" for c in node.children()):
        return None
    body = loop.field("body")
    for above in node.ancestors():
        if above in (loop, body):
            break
        if above.kind() not in _BLOCKS and above not in guards:
            return None  # under a lambda, a switch, a try...: not the body's statement
    else:
        return None
    cond = node.field("condition")
    if cond is None:  # Kotlin's if_expression names no fields
        named = [c for c in node.named_children() if c.kind() not in _BLOCKS]
        cond = named[0] if named and named[0].kind() != "comment" else None
    return unparenthesized(cond)


def _element_only(cond: SgNode, rest: str, elements: set[str], family: str) -> bool:
    """Whether ``cond`` reads the element and names the rest of the loop's body (``rest``)
    does not mention only, and calls the element's methods only."""
    for call in of_kind(cond, _CALLS[family]):
        root = _ROOT.match(call.text())
        if root is None or (root[0] not in elements and root[0] not in _BUILTINS.get(family, ())):
            return False
    text = cond.text()
    for name in of_kind(cond, _NAMES[family]):
        at = start(name) - start(cond)
        if text[:at].rstrip().endswith((".", "?.", "->", "::")):
            continue  # a member: the root it is read on is checked
        word = name.text()
        if word not in elements and re.search(rf"(?<![\w.]){re.escape(word)}\b", rest):
            return False  # a local of the body, or a name it assigns or changes
    return True


def blanked(body: SgNode, conds: list[SgNode | None]) -> str:
    """The text of ``body`` with the guards' conditions blanked."""
    text = body.text()
    base = start(body)
    for cond in conds:
        if cond is None:
            continue
        begin = start(cond) - base
        end = cond.range().end.index - base
        if 0 <= begin <= end <= len(text):
            text = text[:begin] + " " * (end - begin) + text[end:]
    return text


__all__ = ["blanked", "guarded", "negated"]

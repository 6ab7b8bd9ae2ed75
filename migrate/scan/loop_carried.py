"""Names a loop's body assigns, read in the line a mapped list writes for each element.

A list filled in a for-each loop is written as the collection mapped (a comprehension,
``xs.map``, Ruby's ``map``, PHP's ``array_map``): its element, a skip and a per-element choice
are read once per element there, as the loop read them. A name the loop's body assigns and
that the written text still reads (a counter, ``n += 1; if n > 3: ...`` or ``"quantity": n``;
a local the body binds is written as what it holds, so it is no longer read) held another value
at each turn of the loop: in the map it reads the value it has after the loop, the same for
every element (every line the bulk price, every quantity the cart's length), a silent wrong
cart. Such a list stays the variable, known at run time (RT003).
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE, DYNAMIC, EACH

_ASSIGNING: Final = (
    "assignment",
    "augmented_assignment",
    "assignment_expression",
    "augmented_assignment_expression",
    "update_expression",
    "operator_assignment",
)
"""Python, JavaScript/TypeScript, Ruby and PHP nodes that assign a name."""
_NAME: Final = re.compile(r"^[$@]{0,2}[A-Za-z_]\w*$")


def reads_loop_assigned(loop: SgNode, value: Any, extra: list[str] | None = None) -> bool:
    """Whether ``value`` (a mapped list's item, its markers' sources) or a text of ``extra``
    (conditions) reads a name ``loop``'s body assigns."""
    names = _assigned(loop)
    if not names:
        return False
    texts = [*_texts(value), *(extra or [])]
    return any(
        re.search(rf"(?<![\w$@.]){re.escape(name)}(?![\w$])", text)
        for name in names
        for text in texts
    )


def _assigned(loop: SgNode) -> set[str]:
    """The names assigned in ``loop``'s body (its header's counter, ``i++``, is the index the
    map runs over, not a value carried between elements)."""
    out: set[str] = set()
    todo = [loop.field("body") or loop]
    while todo:  # walked: each grammar has only some of these kinds
        node = todo.pop()
        todo.extend(node.children())
        if node.kind() in _ASSIGNING:
            target = node.field("left") or node.field("argument")
            if target is None:
                named = node.named_children()
                target = named[0] if named else None
            if target is not None and _NAME.match(target.text()):
                out.add(target.text())
    return out


def _texts(value: Any) -> list[str]:
    """The sources in ``value`` (markers' ``$dynamic``, a choice's condition, an each's
    collection), its plain strings left out (literals)."""
    out: list[str] = []
    if type(value) is dict:
        if DYNAMIC in value:
            out.append(str(value[DYNAMIC]))
        choice, each = value.get(CHOICE), value.get(EACH)
        if type(choice) is dict:
            out.append(str(choice.get("if", "")))
        if type(each) is dict:
            out.append(str(each.get("over", "")))
        for key, item in value.items():
            if key not in (DYNAMIC,):
                out.extend(_texts(item))
    elif type(value) is list:
        for item in value:
            out.extend(_texts(item))
    return out


__all__ = ["reads_loop_assigned"]

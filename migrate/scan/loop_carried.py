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

from migrate.scan.extract import CHOICE, DYNAMIC, EACH, file_cache
from migrate.scan.index_loops import while_step

_ASSIGNING: Final = (
    "assignment",
    "augmented_assignment",
    "assignment_expression",
    "augmented_assignment_expression",
    "update_expression",
    "operator_assignment",
    "assignment_statement",
)
"""Nodes that assign a name (Python, JavaScript/TypeScript, Ruby, PHP, Java, C#, Kotlin, Go)."""
_STEPPING: Final = (
    "inc_statement",
    "dec_statement",
    "postfix_unary_expression",
    "prefix_unary_expression",
    "postfix_expression",
    "prefix_expression",
)
"""Nodes that may step a name (``n++``, ``--n``); other unary operators (``!x``) do not."""
_NAME: Final = re.compile(r"^[$@]{0,2}[A-Za-z_]\w*$")
_FIELD: Final = re.compile(
    r"""^[$@]{0,2}[A-Za-z_]\w*(?:(?:\.|->|\?\.)[A-Za-z_]\w*|\[\s*(?:"[^"]*"|'[^']*'|:\w+)\s*\])+$"""
)
"""A field or key of a name (``item.Quantity``, ``$row->qty``, ``row["qty"]``, ``row[:qty]``;
not ``lines[i]``, the list a loop fills by index): the loop's body changing it (``if
item.Quantity <= 0 { item.Quantity = 1 }``) changes what a read of it after the change gets,
as a counter's does."""

_PLAIN_STRING: Final = re.compile(r"""(?<![\w$])(["'])(?:\\.|(?!\1)[^\\\n])*\1""")
"""A quoted string with no prefix (not Python's ``f"..."``, PHP and Ruby interpolate only in
double quotes, which hold ``$``/``#{``: see :func:`reads_loop_assigned`): a key read by name
(``item["price_inr"]`` after ``price_inr = item["price_inr"]``) is text, not a read of the
local that shares its name."""

_STEP: Final = re.compile(
    r"^(?:\+\+|--)\s*([$@]?[A-Za-z_]\w*)$|^([$@]?[A-Za-z_]\w*)\s*(?:\+\+|--)$"
)


def _keys_out(m: re.Match[str]) -> str:
    """A plain string emptied; one that may interpolate (``"#{qty}"``, ``"{$qty}"``) kept."""
    body = m.group()
    return body if "$" in body or "#{" in body else '""'


def reads_loop_assigned(loop: SgNode, value: Any, extra: list[str] | None = None) -> bool:
    """Whether ``value`` (a mapped list's item, its markers' sources) or a text of ``extra``
    (conditions) reads a name ``loop``'s body assigns."""
    names = assigned_in(loop)
    if not names:
        return False
    texts = [_PLAIN_STRING.sub(_keys_out, t) for t in (*_texts(value), *(extra or []))]
    return any(
        re.search(rf"(?<![\w$@.]){re.escape(name)}(?![\w$])", text)
        for name in names
        for text in texts
    )


def reads_loop_field(loop: SgNode, found: list[Any]) -> bool:
    """Whether a value of ``found`` (the run-time values, ``Dynamic``, read for a loop's
    element) reads a field or key of a name that ``loop``'s body assigns (``item.Quantity =
    1`` before ``Quantity: item.Quantity``): read in a map, it would be the value as sent."""
    fields = [name for name in assigned_in(loop) if not _NAME.match(name)]
    texts = [_PLAIN_STRING.sub(_keys_out, d.source) for d in found] if fields else []
    return any(
        re.search(rf"(?<![\w$@.]){re.escape(name)}(?![\w$])", text)
        for name in fields
        for text in texts
    )


def counted(loops: list[Any], name: str) -> bool:
    """Whether ``name``, read in the element of the innermost loop of ``loops`` (``flow.py``'s
    ``LoopScope``s) whose element is being read, is assigned in its body (Java/C#/Kotlin/Go: a
    counter read as its value before the loop, the same for every line); then that loop's
    element is not written in a map (``unwritable``: the list is known at run time)."""
    if not loops or name not in assigned_in(loops[-1].loop.node):
        return False
    loops[-1].unwritable = True
    return True


def assigned_in(loop: SgNode) -> set[str]:
    """The names ``loop``'s body assigns or steps (once per loop and file)."""
    cache = file_cache(loop)
    key = ("loop-assigned", loop.range().start.index, loop.range().end.index)
    found = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(_assigned(loop))
    return set(found)


def _assigned(loop: SgNode) -> set[str]:
    """The names assigned in ``loop``'s body (its header's counter, ``i++``, is the index the
    map runs over, not a value carried between elements; so is a counting ``while``'s last
    statement, its step)."""
    out: set[str] = set()
    todo = [loop.field("body") or loop]
    last = while_step(loop)
    while todo:  # walked: each grammar has only some of these kinds
        node = todo.pop()
        if last is not None and node == last:
            continue
        todo.extend(node.children())
        if node.kind() in _STEPPING and (step := _STEP.match(node.text().strip())):
            out.add(step[1] or step[2])
        elif node.kind() in _ASSIGNING:
            target = node.field("left") or node.field("argument")
            if target is None:
                named = node.named_children()
                target = named[0] if named else None
            value = node.field("right")
            if target is None:
                continue
            if _FIELD.match(target.text()):  # item.Quantity = 1: a field of the element
                out.add(_PLAIN_STRING.sub(_keys_out, target.text()))
                continue
            if not _NAME.match(target.text()):
                continue
            if value is not None and re.match(
                rf"append\(\s*{re.escape(target.text())}\s*,", value.text()
            ):
                continue  # Go's lines = append(lines, line): the list being filled
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


__all__ = ["assigned_in", "counted", "reads_loop_assigned", "reads_loop_field"]

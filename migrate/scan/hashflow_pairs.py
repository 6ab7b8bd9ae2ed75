"""A line appended in both branches of an ``if``/``else`` inside a loop, in Ruby and PHP.

``items.each do |item| if item.price_id then lines << {...} else lines << {...} end end``
(PHP's ``foreach (...) { if (...) { $lines[] = [...]; } else { $lines[] = [...]; } }``) adds
one line per element, chosen per element. An append under a condition in a loop was read as a
list known only at run time (RT003), though both lines were written; the loop is now the
collection mapped with the choice between the two lines for its item (``hashflow.py``'s
``_append``; the Python/TypeScript follower's reading is ``follow_pairs.py``). Only this shape:
one ``if``/``else`` (no ``elsif``) directly in the loop, one append to the list in each branch,
and no other change to it in the loop.
"""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import start
from migrate.scan.hashflow_values import Effect, Loop, end, fold, inside

_DONE = "_paired_appends"


def pair(flow: Any, effect: Effect, loop: Loop, around: SgNode) -> Effect | None:
    """The append in the other branch of ``around`` (the conditional ``effect`` is in, inside
    ``loop``) when the two are the loop's one line per element; None otherwise."""
    arms = flow.branches(around)
    if len(arms) != 2 or arms[0][0] is None or arms[1][0] is not None or arms[1][1] is None:
        return None
    scope = flow.scope(effect.node)
    outer = flow.conditional(around, scope)
    if outer is not None and inside(outer, loop.node):
        return None  # nested in another conditional of the loop
    found = flow.effects(scope, effect.target.text(), start(loop.node), end(loop.node))
    if len(found) != 2 or any(
        e.op != "append" or e.keys != effect.keys or e.value is None for e in found
    ):
        return None
    if any(flow.conditional(e.node, scope) != around for e in found):
        return None
    regions = [arm[1] for arm in arms]
    sides = [[e for e in found if r is not None and inside(e.node, r)] for r in regions]
    if any(len(side) != 1 for side in sides):
        return None
    other = next((e for e in found if e.node != effect.node), None)
    return other


def paired_item(flow: Any, effect: Effect, other: Effect, around: SgNode, where: str) -> Any:
    """The element's choice between the two appends' values (the loop's frame is on); the
    other append is marked read, so it adds nothing of its own."""
    arms = flow.branches(around)  # read again in the loop's frame: its locals written
    first, second = (effect, other) if start(effect.node) < start(other.node) else (other, effect)
    then = flow.branch(first.value, where)
    else_ = flow.branch(second.value, where)
    flow.__dict__.setdefault(_DONE, set()).add((start(other.node), end(other.node)))
    return fold([(arms[0][0], then), (None, else_)])


def read_with_pair(flow: Any, effect: Effect) -> bool:
    """Whether ``effect`` is an append its pair's already read (:func:`paired_item`)."""
    return (start(effect.node), end(effect.node)) in flow.__dict__.get(_DONE, ())


__all__ = ["pair", "paired_item", "read_with_pair"]

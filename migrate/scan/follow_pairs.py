"""A line appended in both branches of an ``if``/``else`` inside a for-each loop (Python, TS).

``for item in cart: if item.plan: lines.append({...price A...}) else: lines.append({...B...})``
adds exactly one line per element, chosen per element. The follower read any append under a
condition inside a loop as a list it cannot follow: the cart was mapped at run time through each
element's ``price`` (RT003), or blocked when one branch wrote an inline price (RT015), though
both lines were there to read. The pair is read as one mapped list whose element is the choice
between the two lines (``flow.py``'s each with a choice for its item; a choice between a
price-id line and an inline-price line is kept whole, ``price_or_inline``). Only this shape: one
``if``/``else`` (no ``elif``) between the loop and the appends, one append to the list in each
branch and none elsewhere in the loop; anything else stays a run-time list.
"""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE
from migrate.scan.follow_base import Event, Guards, Unfollowable


def listed_choice(value: Any, event: Event, guards: Guards | None) -> bool:
    """Whether an append outside a loop meets a list an earlier append under a condition made
    a choice (``const lines = []; if (trial) lines.push(t); lines.push(plan)``): it is made to
    each branch's list (``trial ? [t, plan] : [plan]``), where the list was left to run time."""
    if event.op not in ("push", "extend") or event.keys or guards is None or guards.loop:
        return False
    choice = value.get(CHOICE) if type(value) is dict else None
    return type(choice) is dict and all(type(choice[s]) is list for s in ("then", "else"))


def keyed_choice(value: Any, keys: tuple[Any, ...]) -> int | None:
    """How many of ``keys`` lead to a dict set in a branch of an ``if`` (a choice between dicts
    and nothing) that a change made at ``keys`` goes into (``params.sd = {...}`` under ``if
    (sub)``, then ``params.sd.trial_period_days = n`` there): the change is made in each
    branch that holds a dict; None when no such choice is on the way (a run-time value holds
    the change then, as before)."""
    for at in range(len(keys)):
        choice = value.get(CHOICE) if type(value) is dict else None
        if type(choice) is dict:
            sides = [choice["then"], choice["else"]]
            dicts = [s for s in sides if type(s) is dict and CHOICE not in s]
            return at if dicts and all(s is None or s in dicts for s in sides) else None
        if type(value) is not dict or keys[at] not in value:
            return None
        value = value[keys[at]]
    return None


_DONE = "_paired_pushes"
"""The follower's attribute holding the ranges of the appends already read with their pair."""


def pushed(follower: Any, loop: SgNode, event: Event, guards: Guards, at: tuple[str, str]) -> Any:
    """The element ``event`` (an append in ``loop``) adds: its value, or, for an append in an
    ``if``/``else`` whose other branch appends too, the choice between the two (the other
    append is then marked read). Raises ``Unfollowable`` when conditions in the loop make it
    anything else. ``at``: the list's name and the element's params path."""
    name, where = at
    if not guards.inner:
        return follower.evaluate(event.values[0], where)
    pair = _pair(follower, loop, event, name)
    if pair is None:
        raise Unfollowable(name)
    cond, then, else_ = pair
    then_value = follower.evaluate(then.values[0], where)
    else_value = follower.evaluate(else_.values[0], where)
    done = follower.__dict__.setdefault(_DONE, set())
    done.add((then.at, then.end) if else_.node == event.node else (else_.at, else_.end))
    return follower.choice(follower.source_of(cond), then_value, else_value)


def read_with_pair(follower: Any, event: Event) -> bool:
    """Whether ``event`` is an append its pair's already read (:func:`pushed`)."""
    return (event.at, event.end) in follower.__dict__.get(_DONE, ())


def _pair(
    follower: Any, loop: SgNode, event: Event, name: str
) -> tuple[SgNode, Event, Event] | None:
    """The condition and the two appends (then, else) of the ``if``/``else`` ``event`` is in."""
    ifs = _ifs(follower, event.node, loop)
    if len(ifs) != 1:
        return None
    branches = follower.branches(ifs[0])
    if len(branches) != 2 or branches[0][0] is None or branches[1][0] is not None:
        return None
    each = [pushes(follower, body, event, name) for _, body in branches]
    if any(len(p) != 1 for p in each) or len(pushes(follower, loop, event, name)) != 2:
        return None
    then, else_ = each[0][0], each[1][0]
    if any(_ifs(follower, p.node, loop) != ifs for p in (then, else_)):
        return None  # an append nested deeper in its branch
    return branches[0][0], then, else_


def _ifs(follower: Any, node: SgNode, loop: SgNode) -> list[SgNode]:
    out: list[SgNode] = []
    for ancestor in node.ancestors():
        if ancestor == loop:
            return out
        if ancestor.kind() in follower.if_kinds or ancestor.kind() in follower.ternary_kinds:
            out.append(ancestor)
    return out


def pushes(follower: Any, within: SgNode, event: Event, name: str) -> list[Event]:
    """The changes to ``name`` in ``within`` made by statements of ``event``'s kind: each an
    append of one element to the same keys, or the list is not the pair's."""
    out: list[Event] = []
    for node in within.find_all(kind=event.node.kind()):
        found = follower.mutation(node, name)
        if found is None:
            continue
        if found.op != "push" or found.keys != event.keys or len(found.values) != 1:
            return [found, found, found]  # another change: no pair
        out.append(found)
    return out


__all__ = ["pushed", "pushes", "read_with_pair"]

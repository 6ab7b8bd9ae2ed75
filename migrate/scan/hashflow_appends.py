"""An append to a list (Ruby's ``items << x``, PHP's ``$items[] = x``) as the follower of
hashes and arrays reads it (``migrate/scan/hashflow.py``)."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.copied_loops import copied_whole
from migrate.scan.extract import DYNAMIC, Dynamic, join, key_path, start
from migrate.scan.hashflow_pairs import pair, paired_item, read_with_pair
from migrate.scan.hashflow_values import (
    EACH,
    Effect,
    Loop,
    LoopFrame,
    _walk,
    each,
    is_marker,
    sourced,
)
from migrate.scan.loop_carried import reads_loop_assigned
from migrate.scan.loop_filters import kept


def appended_to(flow: Any, value: Any, effect: Effect, after: int, path: str) -> Any:
    """``value`` with the append ``effect`` made (``items << x``, ``$items[] = x``): an element
    where it runs once, a list mapped from a loop's collection where it runs once per element
    (``$each``), or the list at run time."""
    keys = effect.keys
    where = join(path, key_path(keys)) if keys else path
    if keys:
        container = _walk(value, keys[:-1], create=True)
        if type(container) is not dict:
            return value
        if container.get(keys[-1]) == {}:  # PHP's `[]` / `array()`: read as an empty dict
            container[keys[-1]] = []
        target = container.setdefault(keys[-1], [])
    else:
        container, target = None, [] if value == {} else value
        value = target
    if effect.value is None or read_with_pair(flow, effect):
        return value  # (read with the append in its if's other branch)
    loop = flow.loop(effect.node, after)
    around = flow.conditional(effect.node, flow.scope(effect.node))
    sometimes = around is not None and start(around) >= after
    if type(target) is list and not sometimes and loop is None:
        target.append(flow.value(effect.value, f"{where}[{len(target)}]"))
        return value
    if _each(target) and not sometimes and loop is None:  # a shipping line after the loop
        parts = [target, flow.value(effect.value, f"{where}[1]")]
        if container is None:
            return parts
        container[keys[-1]] = parts
        return value
    # a loop appending one element per turn maps its collection, after the elements the list
    # was begun with (`$lines = [[...ticket...]]; foreach ($extras as $x) { $lines[] = ... }`)
    head = list(target) if type(target) is list and not sometimes else []
    if _each(target) and not sometimes:  # a second loop after the first one's lines
        head = [target]
    listed = type(target) is list or bool(head)
    mapped = listed and (not target or bool(head)) and bool(loop and loop.var)
    other = pair(flow, effect, loop, around) if mapped and sometimes and loop and around else None
    mapped = mapped and (not sometimes or other is not None)
    if mapped and loop is not None:
        frame = LoopFrame(loop)
        flow.loops.append(frame)
        mark = len(flow.dynamic)
        try:
            if other is not None and around is not None:  # one line per element either way
                item = paired_item(flow, effect, other, around, f"{where}[]")
            else:
                item = flow.branch(effect.value, f"{where}[]")
        finally:
            flow.loops.pop()
        mapped = not frame.unwritable
        if not mapped:
            del flow.dynamic[mark:]
    over = _kept(flow, loop, effect.node) if mapped and loop is not None else None
    if over is not None and loop is not None and reads_loop_assigned(loop.node, item, [over]):
        over = None  # reads a counter the loop changes: another value each turn
    whole = None
    if over is not None and loop is not None and over == flow.source_of(loop.over):
        # `lines.each { |l| items << l }`: the element as it is, so the list is `lines`
        whole = copied_whole(item, loop.var, loop.over, flow.value, f"{where}[]", old=[])
    if type(whole) is list:  # the lines the code built (a loop's, mapped: an each)
        if container is None:
            return whole
        container[keys[-1]] = whole
        return value
    if whole is not None:
        marker = whole
    elif over is not None and loop is not None:
        marker = sourced(each(over, loop.var, item), effect.target.text())
        if head:  # the elements begun with, then the mapped ones spliced in after them
            spliced = [*head, marker]
            if container is None:
                return spliced
            container[keys[-1]] = spliced
            return value
    else:  # appended in a branch, to a run-time list, twice per loop: known at run time
        marker = {DYNAMIC: flow.written(effect.target)}
    if container is None:  # the list itself: recorded where it is used
        return marker
    flow.dynamic.append(Dynamic(where, marker[DYNAMIC]))
    container[keys[-1]] = marker
    return value


def _kept(flow: Any, loop: Loop, push: SgNode) -> str | None:
    """The loop's collection without the elements it skips before ``push``
    (``migrate/scan/loop_filters.py``); None when that cannot be written."""
    over = flow.source_of(loop.over)
    return kept(loop.node, over, loop.var, push, family=flow.family, functions=flow.functions)


def _each(value: Any) -> bool:
    """Whether ``value`` is a list mapped from a collection (an ``$each`` marker)."""
    return is_marker(value) and EACH in value

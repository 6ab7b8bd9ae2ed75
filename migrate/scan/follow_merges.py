"""What a merge into a followed map sets (Python's ``meta.update(extra)``, ``update(k=v)``,
JavaScript's ``Object.assign(meta, extra)``): the keys of a map the follower reads, each with its
value; a map known only at run time is listed as a spread at the map's path, after the keys the
map held then (``Dynamic.before``): its own keys win over those, as they do when the code runs
(``meta = {"k": v}; meta.update(extra)`` keeps ``extra``'s value for ``k``)."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, Dynamic, dynamic_marker, join, text
from migrate.scan.fold_conds import tests_itself, unwrapped
from migrate.scan.follow_base import Conds, Event, plain_dict


def merged_entries(
    follower: Any, event: Event, where: str, conds: Conds, held: Any
) -> list[tuple[str, SgNode, Any]]:
    """The ``(key, node, value)`` a merge event sets (a dict merged, ``key=value``); a map
    known only at run time is a spread, under ``conds`` (``extra if vip else {}``: RT006),
    merged after the keys of ``held`` (what the map held before the event)."""
    out: list[tuple[str, SgNode, Any]] = []
    before = tuple(held) if plain_dict(held) else ()
    for node in event.values:
        if node.kind() == "keyword_argument":  # Python's update(key=value)
            key, got = text(node.field("name")), node.field("value")
            if got is not None:
                out.append((key, got, follower.evaluate(got, join(where, key))))
            continue
        merged = follower.evaluate(node, where)
        if plain_dict(merged):
            out.extend((str(k), node, v) for k, v in merged.items())
        elif conds and not all(tests_itself(c, node.text()) for c, _ in conds):
            spread = follower.wrap(conds, dynamic_marker(node.text()), {})
            follower.dynamic.append(Dynamic(where, unwrapped(str(spread[DYNAMIC])), before))
        else:
            follower.dynamic.append(Dynamic(where, node.text(), before))
    return out

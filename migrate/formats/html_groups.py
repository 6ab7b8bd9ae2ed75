"""Items that share a shape, shown once (``html.py``): 10,000 sessions of an account are a few
dozen shapes, so the page holds one group per shape: a head with its count and what its items
share, the first item in full (the example), and the others listed compactly.

A shape is what a person reads of an item: its outcome, what it is (status, Dodo call, money
check) and its findings by code, level and path (array indexes left out). A group of one is
the item alone, as before. Every item keeps its own element (``.item`` with its id, kind and
outcome), so links, filters, search and counts work per item; a compact member holds its id,
its label and its finding codes (what the search finds it by).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

from migrate.formats.html_parts import _badge, _plural, esc, rule_link
from migrate.report.model import CatalogItem, FindingOut, SessionItem

_Item = TypeVar("_Item", CatalogItem, SessionItem)
Shape = tuple[object, ...]
_INDEX: Final = re.compile(r"\[\d+\]")
_SEVERITY: Final = {"blocked": 0, "decision": 1, "changes": 2, "clean": 3}


def _found(findings: Sequence[FindingOut]) -> tuple[tuple[str, str, str], ...]:
    return tuple(sorted({(f.code, f.level, _INDEX.sub("[]", f.path)) for f in findings}))


def session_shape(s: SessionItem) -> Shape:
    money = s.money.status if s.money is not None else None
    return (s.outcome, s.kind, s.status, money, s.error is not None, _found(s.findings))


def catalog_shape(c: CatalogItem) -> Shape:
    return (c.outcome, c.kind, c.action, _found(c.findings))


def session_label(s: SessionItem) -> str:
    return s.source


def catalog_label(c: CatalogItem) -> str:
    return f"{c.stripe_id}: {c.title}"


@dataclass
class _Group:
    shape: Shape
    outcome: str
    codes: tuple[str, ...]
    first: int
    count: int = 0
    example: str = ""
    members: list[str] = field(default_factory=list)


def grouped(
    items: Iterable[_Item],
    *,
    kind: str,
    shape: Callable[[_Item], Shape],
    label: Callable[[_Item], str],
    render: Callable[[_Item], str],
    seen: Callable[[_Item], None],
) -> tuple[list[str], int]:
    """The rendered groups of ``items`` (iterated once; ``seen`` is told of each item) and
    how many items they hold. The groups come blocked first, then by first appearance."""
    groups: dict[Shape, _Group] = {}
    n = 0
    for item in items:
        seen(item)
        key = shape(item)
        group = groups.get(key)
        if group is None:
            codes = tuple(sorted({f.code for f in item.findings}))
            group = groups[key] = _Group(key, item.outcome, codes, n)
            group.example = render(item)
        else:
            group.members.append(_member(item, kind, label(item), group.codes))
        group.count += 1
        n += 1
    ordered = sorted(groups.values(), key=lambda g: (_SEVERITY.get(g.outcome, 9), g.first))
    return [_group(g, kind) for g in ordered], n


def _member(item: CatalogItem | SessionItem, kind: str, label: str, codes: Sequence[str]) -> str:
    found = f' <span class="mc">{esc(" ".join(codes))}</span>' if codes else ""
    return (
        f'<li class="item member o-{item.outcome}" id="{esc(item.id)}" data-kind="{kind}" '
        f'data-outcome="{item.outcome}"><a href="#{esc(item.id)}">{esc(item.id)}</a> '
        f"<code>{esc(label)}</code>{found}</li>"
    )


def _group(g: _Group, kind: str) -> str:
    if g.count == 1:
        return g.example
    codes = " ".join(rule_link(c) for c in g.codes) or "no findings"
    return (
        f'<div class="shape o-{esc(g.outcome)}" data-kind="{kind}" data-count="{g.count}">'
        f'<p class="shape-head">{_badge(g.outcome)} <strong>{_plural(g.count, "item")}</strong>'
        f" of one shape: {codes}. The first in full, then the other "
        f"{g.count - 1}:</p>{g.example}"
        f'<ul class="members">{"".join(g.members)}</ul></div>'
    )

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
from dataclasses import dataclass
from typing import Final, TypeVar

from migrate.formats.base import Writer
from migrate.formats.html_parts import _badge, _plural, esc, rule_link
from migrate.report.model import CatalogItem, FindingOut, SessionItem
from migrate.report.spool import TextSpool

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
    members: TextSpool | None = None
    """The compact members, put aside on disk (from the second item)."""

    def add(self, member: str) -> None:
        if self.members is None:
            self.members = TextSpool()
        self.members.add(member)

    def render_into(self, out: Writer, kind: str) -> None:
        if self.members is None:
            out.write(self.example)
            return
        codes = " ".join(rule_link(c) for c in self.codes) or "no findings"
        out.write(
            f'<div class="shape o-{esc(self.outcome)}" data-kind="{kind}" '
            f'data-count="{self.count}"><p class="shape-head">{_badge(self.outcome)} '
            f"<strong>{_plural(self.count, 'item')}</strong> of one shape: {codes}. The first "
            f"in full, then the other {self.count - 1}:</p>{self.example}"
            '<ul class="members">'
        )
        for chunk in self.members.chunks():
            out.write(chunk)
        self.members = None
        out.write("</ul></div>")


@dataclass
class Groups:
    """The groups of a section, in the order they are shown, and how many items they hold."""

    kind: str
    groups: list[_Group]
    count: int

    def render_into(self, out: Writer) -> None:
        """Each group to ``out`` (once: the members' files are closed as they are written)."""
        for group in self.groups:
            group.render_into(out, self.kind)


def grouped(
    items: Iterable[_Item],
    *,
    kind: str,
    shape: Callable[[_Item], Shape],
    label: Callable[[_Item], str],
    render: Callable[[_Item], str],
    seen: Callable[[_Item], None],
) -> Groups:
    """The groups of ``items`` (iterated once; ``seen`` is told of each item), blocked first,
    then by first appearance. Only one example per shape is held in memory; the compact
    members wait in temporary files."""
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
            group.add(_member(item, kind, label(item), group.codes))
        group.count += 1
        n += 1
    ordered = sorted(groups.values(), key=lambda g: (_SEVERITY.get(g.outcome, 9), g.first))
    return Groups(kind, ordered, n)


def _member(item: CatalogItem | SessionItem, kind: str, label: str, codes: Sequence[str]) -> str:
    found = f' <span class="mc">{esc(" ".join(codes))}</span>' if codes else ""
    return (
        f'<li class="item member o-{item.outcome}" id="{esc(item.id)}" data-kind="{kind}" '
        f'data-outcome="{item.outcome}"><a href="#{esc(item.id)}">{esc(item.id)}</a> '
        f"<code>{esc(label)}</code>{found}</li>"
    )


def write_section(out: Writer, kind: str, title: str, intro: str, groups: Groups) -> None:
    """A section of items grouped by shape, written a group at a time."""
    out.write(section_head(kind, title, intro, groups.count))
    groups.render_into(out)
    out.write(section_tail(groups.count) + "\n")


def section_head(kind: str, title: str, intro: str, n: int) -> str:
    return (
        f'<section id="section-{kind}" class="kind-section" data-kind="{kind}">'
        f'<h2>{esc(title)} <span class="section-count" data-total="{n}">'
        f"{n}</span></h2>"
        f'<p class="intro">{esc(intro)}</p>'
        '<div class="items">'
    )


def section_tail(n: int) -> str:
    return (
        "</div>"
        f'<p class="empty"{"" if not n else " hidden"}>'
        f"{'Nothing here.' if not n else 'No item matches the filters.'}</p>"
        "</section>"
    )

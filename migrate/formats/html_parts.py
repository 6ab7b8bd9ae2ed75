"""The building blocks of the HTML report's page (``html.py``): escaping, rule links, badges,
one collapsible item with its findings, a list of facts."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from typing import Final

from migrate.report.model import FindingOut

_TICKS: Final = re.compile(r"`([^`\n]+)`")


def esc(value: object) -> str:
    """Text and attribute values, escaped (quotes too)."""
    return html.escape(str(value), quote=True)


def prose(text: str) -> str:
    """Escaped text where `backticks` become ``<code>``."""
    return _TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", esc(text))


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _anchor(code: str) -> str:
    return "rule-" + code


def rule_link(code: str) -> str:
    return f'<a class="rule-link" href="#{esc(_anchor(code))}">{esc(code)}</a>'


def _badge(outcome: str) -> str:
    return f'<span class="badge o-{esc(outcome)}">{esc(outcome)}</span>'


def _level(level: str) -> str:
    cls = level if level in ("info", "warning", "blocker") else "none"
    return f'<span class="level l-{cls}">{esc(level)}</span>'


def _item(
    *,
    item_id: str,
    kind: str,
    outcome: str,
    subkind: str,
    title: str,
    meta: str,
    findings: Sequence[FindingOut],
    body: str,
) -> str:
    return (
        f'<details class="item o-{esc(outcome)}" id="{esc(item_id)}" data-kind="{kind}" '
        f'data-outcome="{esc(outcome)}" data-subkind="{esc(subkind)}">'
        f'<summary>{_badge(outcome)}<span class="item-id">{esc(item_id)}</span>'
        f'<span class="item-title">{title}</span>'
        f'<span class="item-meta">{meta}{_finding_counts(findings)}</span></summary>'
        f'<div class="item-body">{body}</div></details>'
    )


def _finding_counts(findings: Sequence[FindingOut]) -> str:
    counts = Counter(f.level for f in findings)
    return "".join(
        f'<span class="fc l-{level}">'
        f"{_plural(counts[level], level, 'info' if level == 'info' else None)}</span>"
        for level in ("blocker", "warning", "info")
        if counts[level]
    )


def _findings(findings: Sequence[FindingOut]) -> str:
    if not findings:
        return '<p class="no-findings">No findings.</p>'
    rows = []
    for f in findings:
        path = f' <code class="fpath">{esc(f.path)}</code>' if f.path else ""
        advice = f'<div class="advice">\u2192 {prose(f.suggestion)}</div>' if f.suggestion else ""
        rows.append(
            f'<li class="finding l-{esc(f.level)}">{_level(f.level)} {rule_link(f.code)}{path}'
            f'<div class="message">{prose(f.message)}</div>{advice}</li>'
        )
    return f'<h4>Findings</h4><ul class="findings">{"".join(rows)}</ul>'


def _meta(pairs: Sequence[tuple[str, str]]) -> str:
    cells = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in pairs if v)
    return f'<dl class="facts">{cells}</dl>'

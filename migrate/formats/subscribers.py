"""The report's subscribers section in each format that shows sections (text, markdown, html;
json is the model itself, SARIF only the code): the counts by outcome, the monthly revenue
that moves, that needs a decision and that is leaving, and (text and markdown with
``--details``, html always) each subscriber held back, with why. Shown only when the report
has subscribers."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Final

from migrate.display import format_amount
from migrate.report.model import Report, SubscriberItem

TITLE: Final = "Subscribers"
_COUNTS: Final = (
    ("clean", "clean"),
    ("changes", "changes meaning"),
    ("decision", "need a decision"),
    ("blocked", "blocked"),
    ("leaving", "leaving"),
)
_MARK: Final = {"blocked": "BLOCK", "decision": "DECIDE", "changes": "CHANGE"}
LIMIT: Final = 30
"""At most this many held-back subscribers listed in text and markdown."""
INTRO: Final = (
    "Each billing Stripe subscription continues on Dodo through one checkout link "
    "(`stripe2dodo subscribers plan`): a trial until Stripe's period end, the same product "
    "and quantity, a code for a coupon's remaining cycles. Revenue is per month, before tax."
)


def counts_line(report: Report) -> str:
    counts = report.subscribers.counts
    total = sum(counts.values())
    parts = [f"{counts[key]} {label}" for key, label in _COUNTS if counts.get(key)]
    return f"{total} subscriber{'s' if total != 1 else ''}: {', '.join(parts)}"


def revenue_lines(report: Report) -> list[tuple[str, str, str, str]]:
    """``(currency, moves, needs a decision, leaving)`` per currency, as amounts."""
    return [
        (
            row.currency,
            _money(row.moves, row.currency),
            _money(row.needs_decision, row.currency),
            _money(row.leaving, row.currency),
        )
        for row in report.subscribers.revenue
    ]


def held_back(report: Report) -> list[SubscriberItem]:
    """The subscribers that do not move as planned, the blocked first."""
    rank = {"blocked": 0, "decision": 1, "changes": 2}
    items = [b for b in report.subscribers.items if b.outcome in rank]
    return sorted(items, key=lambda b: (rank[b.outcome], b.stripe_id))


def _why(item: SubscriberItem) -> str:
    worst = [f for f in item.findings if f.level == "blocker"] or [
        f for f in item.findings if f.level == "warning"
    ]
    return "; ".join(f"{f.code}: {f.message}" for f in worst[:2]) or item.action


def _money(minor: int, currency: str) -> str:
    return format_amount(Decimal(minor), currency)


# -- text and markdown ------------------------------------------------------------------------


def text(report: Report, *, details: bool) -> list[str]:
    if not report.subscribers.items:
        return []
    out = ["", TITLE, counts_line(report), "Monthly revenue (moves; needs a decision; leaving):"]
    out += [f"  {c}: {m}; {d}; {left}" for c, m, d, left in revenue_lines(report)]
    if details:
        items = held_back(report)
        for item in items[:LIMIT]:
            out.append(f"  {_MARK[item.outcome]:6} {item.stripe_id} {item.title}: {_why(item)}")
        if len(items) > LIMIT:
            out.append(f"  ... and {len(items) - LIMIT} more (--format json has them all)")
    return out


def markdown(report: Report, *, details: bool) -> list[str]:
    if not report.subscribers.items:
        return []
    out = [f"### {TITLE}", "", f"{counts_line(report)}.", ""]
    out += [
        "| Currency | Moves / month | Needs a decision | Leaving |",
        "| :--- | ---: | ---: | ---: |",
    ]
    out += [f"| {c} | {m} | {d} | {left} |" for c, m, d, left in revenue_lines(report)]
    out.append("")
    if details:
        items = held_back(report)
        for item in items[:LIMIT]:
            why = _why(item).replace("|", "\\|").replace("`", "'")
            out.append(f"- **{item.outcome}** `{item.stripe_id}` {item.title}: {why}")
        if len(items) > LIMIT:
            out.append(f"- … and {len(items) - LIMIT} more (`--format json` has them all)")
        out.append("")
    return out


# -- html -------------------------------------------------------------------------------------


def html_section(report: Report) -> str:
    if not report.subscribers.items:
        return ""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(c)}</td><td>{e(m)}</td><td>{e(d)}</td><td>{e(left)}</td></tr>"
        for c, m, d, left in revenue_lines(report)
    )
    items = "".join(
        f'<li class="o-{e(b.outcome)}"><code>{e(b.stripe_id)}</code> {e(b.title)}: '
        f"{e(_why(b))}</li>"
        for b in held_back(report)
    )
    return (
        f'<section id="section-subscriber" class="kind-section" data-kind="subscriber">'
        f'<h2>{TITLE} <span class="section-count">{len(report.subscribers.items)}</span></h2>'
        f'<p class="intro">{e(INTRO)}</p><p>{e(counts_line(report))}.</p>'
        "<table><thead><tr><th>Currency</th><th>Moves / month</th><th>Needs a decision</th>"
        f"<th>Leaving</th></tr></thead><tbody>{rows}</tbody></table>"
        + (f"<h3>Held back</h3><ul>{items}</ul>" if items else "")
        + "</section>"
    )

"""Writing retry decisions: ``text`` (a table, the reasons, the calls to make), ``json``
(``stripe2dodo.retries/v1``) or ``csv`` (one row per subscription)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import Final, Literal
from zoneinfo import ZoneInfo

from migrate.retries.plan import MAX_ATTEMPTS, RetryDecision, Status, iso_utc

SCHEMA: Final = "stripe2dodo.retries/v1"
RetryFormat = Literal["text", "json", "csv"]

_CSV_OUT: Final = (
    "subscription_id",
    "customer_id",
    "status",
    "attempts_made",
    "attempt_number",
    "ladder_slot",
    "ladder_start",
    "slot_at",
    "next_attempt_at",
    "spread_minutes",
    "display_at",
    "last_decline_code",
    "decline_class",
    "method",
    "path",
    "body",
    "reason",
    "next_step",
)


def render_retries(decisions: Sequence[RetryDecision], fmt: RetryFormat) -> str:
    """``text`` (a table, reasons, the calls), ``json`` (``stripe2dodo.retries/v1``) or ``csv``."""
    if fmt == "json":
        doc = {"schema": SCHEMA, "decisions": [d.as_dict() for d in decisions]}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _render_csv(decisions)
    if fmt == "text":
        return _render_text(decisions)
    raise ValueError(f"unknown format {fmt!r}: use text, json or csv")


def _render_csv(decisions: Sequence[RetryDecision]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_OUT)
    for d in decisions:
        row = d.as_dict()
        request = d.request
        row["method"] = request.method if request else None
        row["path"] = request.path if request else None
        row["body"] = json.dumps(dict(request.body), sort_keys=True) if request else None
        writer.writerow(["" if row[k] is None else row[k] for k in _CSV_OUT])
    return out.getvalue()


def _render_text(decisions: Sequence[RetryDecision]) -> str:
    zone = next((d.display_tz for d in decisions if d.display_tz), None)
    head = ["SUBSCRIPTION", "CUSTOMER", "STATUS", "ATTEMPT", "NEXT ATTEMPT (UTC)", "+MIN"]
    if zone:
        head.append(f"LOCAL ({zone})")
    head.append("LAST DECLINE")
    table = [head]
    for d in decisions:
        row = [
            d.subscription_id,
            d.customer_id or "-",
            d.status,
            f"{d.attempt_number}/{MAX_ATTEMPTS}" if d.attempt_number else f"{d.attempts_made} made",
            iso_utc(d.next_attempt_at) or "-",
            str(d.spread_minutes) if d.next_attempt_at else "-",
        ]
        if zone:
            row.append(_local(d))
        row.append(f"{d.last_decline_code or '(none)'} ({d.decline_class})")
        table.append(row)
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    lines.append("")
    for d in decisions:
        lines.append(f"{d.subscription_id}: {d.reason} {d.next_step}")
    calls = [d for d in decisions if d.request is not None]
    if calls:
        lines.append("")
        lines.append("Calls to make:")
        for d in sorted(calls, key=lambda d: (d.next_attempt_at, d.subscription_id)):
            assert d.request is not None
            body = json.dumps(dict(d.request.body), ensure_ascii=False)
            lines.append(
                f"  {iso_utc(d.next_attempt_at)}  {d.request.method} {d.request.path} {body}"
            )
    counts = Counter(d.status for d in decisions)
    order: tuple[Status, ...] = (
        "scheduled",
        "stop_hard_decline",
        "stop_repeated_decline",
        "stop_exhausted",
        "review_unknown_decline",
    )
    summary = ", ".join(f"{counts[s]} {s}" for s in order if counts[s])
    lines.append("")
    total = len(decisions)
    lines.append(
        f"{total} subscription{'s' if total != 1 else ''}"
        + (f": {summary}" if summary else "")
        + (
            " (unknown: review = not retried automatically)"
            if counts["review_unknown_decline"]
            else ""
        )
        + "."
    )
    return "\n".join(lines) + "\n"


def _local(decision: RetryDecision) -> str:
    if decision.next_attempt_at is None or decision.display_tz is None:
        return "-"
    local = decision.next_attempt_at.astimezone(ZoneInfo(decision.display_tz))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"

"""The report's subscribers: each subscription of a snapshot planned as ``subscribers plan``
would plan it, against the catalog the report plans (as if applied) and the ids it was given,
with the trial counted from ``--now``; and the monthly revenue that moves, that waits for a
decision, and that is leaving."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal

from migrate.findings import Level
from migrate.mapping.subscribers import describe_amount, monthly
from migrate.mapping.table import RuleTable
from migrate.plan.ops import Operation
from migrate.plan.planner import SnapshotSource
from migrate.plan.subscribers import AppliedCatalog, SubscriberOptions, SubscriberPlanner
from migrate.readers.idmap import IdMap
from migrate.report.model import (
    FindingOut,
    ItemOutcome,
    RevenueRow,
    SubscriberItem,
    Subscribers,
    outcome_of,
)

_ACTIONS = {"create": "moves", "manual": "needs_decision", "skip": "leaving"}


def subscriber_items(
    snapshot: str,
    catalog: Iterable[Operation],
    ids: IdMap,
    *,
    now: int | None,
    tax_default: str | None,
    table: RuleTable,
    first: int = 1,
) -> list[SubscriberItem]:
    """One item per subscription of ``snapshot`` (numbered from ``first``)."""
    rows = [
        (op.key, op.kind, op.dodo_id, "created" if op.action == "create" else "mapped")
        for op in catalog
        if op.kind == "product" and op.action in ("create", "adopt") and op.dodo_id
    ]
    opts = SubscriberOptions(
        reference=now if now is not None else int(time.time()), tax_default=tax_default
    )
    planner = SubscriberPlanner(
        SnapshotSource(snapshot), AppliedCatalog.build(ids, rows), opts, table=table
    )
    out: list[SubscriberItem] = []
    for op in planner.plan():
        if op.kind != "checkout_session":
            continue
        findings = [FindingOut.of(f) for f in op.findings]
        charge = op.charge or {}
        per_month = None
        if charge.get("interval"):
            amount = monthly(Decimal(charge["price"]), charge["interval"], charge["interval_count"])
            per_month = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        who = op.subscriber or {}
        out.append(
            SubscriberItem(
                id=f"subscriber-{first + len(out)}",
                stripe_id=op.stripe_id,
                title=op.title,
                status=str(who.get("status") or ""),
                action="create"
                if op.action == "create"
                else "skip"
                if op.action == "skip"
                else "manual",
                outcome=_outcome(op, findings, table),
                amount=describe_amount(
                    Decimal(charge["price"]),
                    str(charge["currency"]),
                    charge.get("interval"),
                    int(charge.get("interval_count") or 1),
                )
                if charge
                else None,
                monthly=per_month,
                currency=str(charge.get("currency") or ""),
                trial_days=who.get("trial_days"),
                dodo=op.body,
                findings=findings,
            )
        )
    return out


def _outcome(op: Operation, findings: Sequence[FindingOut], table: RuleTable) -> ItemOutcome:
    if op.action == "skip":
        return "clean"  # leaving: nothing moves, nothing to do
    found = outcome_of(findings, table=table)
    if op.action == "manual" and found in ("clean", "changes"):
        blocked = any(f.level == Level.BLOCKER.value for f in findings)
        return "blocked" if blocked else "decision"
    return found


def section(items: Sequence[SubscriberItem]) -> Subscribers:
    """Counts by outcome (``leaving`` for the skipped) and revenue per currency."""
    counts: dict[str, int] = {}
    revenue: dict[str, dict[str, int]] = {}
    for item in items:
        name = "leaving" if item.action == "skip" else item.outcome
        counts[name] = counts.get(name, 0) + 1
        if item.monthly is not None:
            row = revenue.setdefault(item.currency, dict.fromkeys(_ACTIONS.values(), 0))
            row[_ACTIONS[item.action]] += item.monthly
    return Subscribers(
        counts=dict(sorted(counts.items())),
        revenue=[RevenueRow(currency=c, **row) for c, row in sorted(revenue.items())],
        items=list(items),
    )

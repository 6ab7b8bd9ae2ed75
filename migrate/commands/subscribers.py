"""``subscribers plan``, ``create``, ``status`` and ``cutover``: move a Stripe account's
subscribers to Dodo, one checkout link each, with no gap and no double charge."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from migrate.apply.cutover import (
    CutoverRow,
    Judged,
    by_stripe_id,
    cut_over,
    cutover_candidates,
    judge,
)
from migrate.apply.ledger import Ledger
from migrate.apply.subscribers import (
    COLUMNS,
    CampaignRow,
    CampaignRun,
    continuations,
    run_campaign,
)
from migrate.commands.plan import StripeAccess
from migrate.errors import ConfigError, ExitCode, InputError
from migrate.mapping.subscribers import Subscriber, monthly
from migrate.plan.ops import Operation
from migrate.plan.planfile import (
    Plan,
    PlanInputs,
    PlanSummary,
    file_sha256,
    read_plan,
    verify_inputs,
    write_plan,
)
from migrate.plan.planner import SnapshotSource
from migrate.plan.subscribers import AppliedCatalog, SubscriberOptions, SubscriberPlanner
from migrate.readers.idmap import IdMap
from migrate.readers.snapshot import iter_objects, read_info
from migrate.support.atomic import AtomicFile
from migrate.support.progress import Progress

# ---------------------------------------------------------------------------------------------
# plan


@dataclass(frozen=True)
class SubscribersPlanRequest:
    """What ``subscribers plan`` plans from, against what, and where it writes."""

    out: str
    snapshot: str
    opts: SubscriberOptions
    ledger: str | None = None
    id_map: str | None = None


@dataclass(frozen=True)
class SubscribersPlanResult:
    """The plan written, the subscribers by what the plan does with them, and the revenue of
    each group (per currency, monthly)."""

    path: str
    summary: PlanSummary
    subscribers: tuple[Subscriber, ...]
    actions: dict[str, int]
    revenue: dict[str, dict[str, Decimal]]
    """Monthly revenue per currency, by what the plan does (create, manual, skip)."""

    @property
    def exit_code(self) -> int:
        """1 some subscribers need a person (blockers or a decision), 0 otherwise."""
        return int(ExitCode.FINDINGS if self.actions.get("manual") else ExitCode.CLEAN)


def applied_catalog(id_map: str | None, ledger: str | None) -> AppliedCatalog:
    """The Dodo objects the catalog's apply made or adopted (the ledger) and an id map's."""
    ids = IdMap.load(id_map) if id_map else IdMap.empty()
    rows: list[tuple[str, str, str | None, str]] = []
    if ledger:
        if not Path(ledger).exists():
            raise ConfigError(f"{ledger}: no such ledger", hint="apply the catalog plan first")
        with Ledger(ledger) as book:
            origins = book.origins()
            rows = [
                (e.key, e.kind, e.dodo_id, origins.get(e.key, "created"))
                for e in book.entries()
                if e.key in origins
            ]
    return AppliedCatalog.build(ids, rows)


def subscribers_plan(request: SubscribersPlanRequest) -> SubscribersPlanResult:
    """Plan one checkout session per subscriber of ``request.snapshot`` into
    ``request.out`` (written whole or not at all)."""
    info = read_info(request.snapshot)
    if not info.complete:
        raise InputError(
            "the snapshot has no end line: the export was interrupted",
            file=request.snapshot,
            hint="export it again with `stripe2dodo export`",
        )
    if "subscription" not in info.counts:
        raise InputError(
            "the snapshot holds no subscriptions",
            file=request.snapshot,
            hint="export them with `stripe2dodo export` (it reads active, trialing and "
            "past_due subscriptions unless --no-subscriptions)",
        )
    catalog = applied_catalog(request.id_map, request.ledger)
    inputs = PlanInputs(
        options=request.opts.as_dict(),
        snapshot={
            "path": request.snapshot,
            "sha256": info.sha256,
            "exported_at": info.header.get("exported_at"),
            "stripe_api_version": info.header.get("stripe_api_version"),
        },
        id_map={"path": request.id_map, "sha256": file_sha256(request.id_map)}
        if request.id_map
        else None,
    )
    planner = SubscriberPlanner(SnapshotSource(request.snapshot), catalog, request.opts)
    actions: dict[str, int] = {}
    money: dict[str, dict[str, Decimal]] = {}

    def counted() -> Iterator[Operation]:
        for op in planner.plan():
            if op.kind == "checkout_session":
                actions[op.action] = actions.get(op.action, 0) + 1
                charge = op.charge or {}
                if charge.get("interval"):
                    row = money.setdefault(str(charge["currency"]), {})
                    amount = monthly(
                        Decimal(charge["price"]), charge["interval"], charge["interval_count"]
                    )
                    row[op.action] = row.get(op.action, Decimal(0)) + amount
            yield op

    with AtomicFile(request.out) as handle:
        summary = write_plan(handle, inputs, counted(), scope="subscribers")
    assessed = tuple(planner.assessed)
    return SubscribersPlanResult(request.out, summary, assessed, actions, money)


# ---------------------------------------------------------------------------------------------
# create


@dataclass(frozen=True)
class CreateRequest:
    """What ``subscribers create`` carries out, and where it writes the campaign."""

    plan: str
    ledger: str
    send: bool = False
    limit: int | None = None
    campaign: str | None = None
    """The campaign file (JSON Lines); its CSV twin is written beside it (``.csv``)."""
    now: int | None = None
    force: bool = False


@dataclass(frozen=True)
class CreateResult:
    plan: Plan
    run: CampaignRun
    sent: bool
    files: tuple[str, ...]

    @property
    def exit_code(self) -> int:
        """1 some links failed, may exist, are blocked or stale (run or plan again), 4 only
        subscribers left to a person remain, 0 otherwise."""
        states = self.run.states
        if self.run.failures or any(states.get(s) for s in ("blocked", "stale")):
            return int(ExitCode.FINDINGS)
        return int(ExitCode.MANUAL if states.get("manual") else ExitCode.CLEAN)


def subscribers_create(request: CreateRequest, *, connect: Callable[[], Any]) -> CreateResult:
    """One wave: issue the links the plan's subscribers need now (with ``send``), through the
    engine and the catalog's ledger, and write the campaign files; without ``send`` nothing is
    sent or written (the requests are returned)."""
    loaded = read_plan(request.plan, scope="subscribers")
    problem = verify_inputs(loaded)
    if problem and not request.force:
        raise ConfigError(
            f"{request.plan}: {problem}",
            hint="make the plan again, or pass --force to carry it out as it is",
        )
    now = request.now if request.now is not None else int(time.time())
    if request.campaign and not Path(request.campaign).resolve().parent.is_dir():
        raise ConfigError(  # before anything is sent
            f"{request.campaign}: cannot write the campaign there: no such folder",
            hint="check -o",
        )
    exists = Path(request.ledger).exists()
    if not exists and request.send:
        raise ConfigError(
            f"{request.ledger}: no such ledger",
            hint="give the ledger the catalog was applied with (`apply --ledger`)",
        )
    book = Ledger(
        request.ledger if exists else ":memory:",
        exclusive=request.send,
        holder="subscribers create --apply",
    )
    progress = Progress("issuing checkout links", unit="links") if request.send else None
    try:
        client = connect() if request.send else None
        run = run_campaign(
            loaded.operations,
            ledger=book,
            client=client,
            now=now,
            limit=request.limit,
            on_sent=(lambda op, state: progress.advance()) if progress else None,
        )
    finally:
        if progress is not None:
            progress.stop()
        book.close()
    files: tuple[str, ...] = ()
    if request.send and request.campaign:
        files = write_campaign(request.campaign, run.rows)
    return CreateResult(loaded, run, request.send, files)


def write_campaign(path: str, rows: list[CampaignRow]) -> tuple[str, str]:
    """The campaign as JSON Lines at ``path`` and CSV beside it, each written atomically."""
    csv_path = str(Path(path).with_suffix(".csv"))
    if csv_path == path:
        csv_path = f"{path}.csv"
    with AtomicFile(path) as out:
        for row in rows:
            out.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_dict())
    with AtomicFile(csv_path) as out:
        out.write(buffer.getvalue())
    return path, csv_path


# ---------------------------------------------------------------------------------------------
# status and cutover


@dataclass(frozen=True)
class StatusResult:
    judged: Judged

    @property
    def exit_code(self) -> int:
        """1 some subscriber is charged by both sides or twice (a blocker), 0 otherwise."""
        return int(ExitCode.FINDINGS if self.judged.blockers else ExitCode.CLEAN)


def stripe_subscriptions(
    stripe: StripeAccess, *, snapshot: str | None = None, client: Any = None
) -> dict[str, Mapping[str, Any]]:
    """The Stripe subscriptions as they are now: of a (fresh) snapshot, or read live (every
    status), by id."""
    if snapshot is not None:
        return {str(obj.get("id")): obj for _, obj in iter_objects(snapshot, ("subscription",))}
    from migrate.readers.stripe_api import iter_account, make_client

    client = client or make_client(stripe.key or "", api_base=stripe.api_base)
    read = iter_account(client, subscriptions=("all",), catalog=False)
    return {str(obj.get("id")): obj for obj in read}


def subscribers_status(
    plan_file: str,
    *,
    connect: Callable[[], Any],
    stripe: StripeAccess,
    ledger: str | None = None,
    snapshot: str | None = None,
    now: int | None = None,
    stripe_client: Any = None,
) -> StatusResult:
    """Each subscriber's standing, from the plan, Dodo's subscriptions and Stripe's."""
    loaded = read_plan(plan_file, scope="subscribers")
    dodo = by_stripe_id(connect().iter_subscriptions())
    found = stripe_subscriptions(stripe, snapshot=snapshot, client=stripe_client)
    book = Ledger(ledger) if ledger and Path(ledger).exists() else None
    try:
        if book is not None:  # what `ledger ids` writes as subscription lookups
            book.record_subscriptions(continuations(dodo))
        judged = judge(
            loaded.operations,
            dodo=dodo,
            stripe_subs=found,
            ledger=book,
            now=now if now is not None else int(time.time()),
            plan_file=plan_file,
        )
    finally:
        if book is not None:
            book.close()
    return StatusResult(judged)


@dataclass(frozen=True)
class CutoverResult:
    rows: tuple[CutoverRow, ...]
    sent: bool

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.state] = out.get(row.state, 0) + 1
        return dict(sorted(out.items()))

    @property
    def exit_code(self) -> int:
        """1 some write failed, or a converted subscriber was refused (past_due) or converted
        twice, 0 otherwise."""
        bad = ("failed", "refused", "converted twice")
        return int(ExitCode.FINDINGS if any(self.counts.get(s) for s in bad) else ExitCode.CLEAN)


def subscribers_cutover(
    plan_file: str,
    *,
    send: bool,
    connect: Callable[[], Any],
    stripe: StripeAccess,
    stripe_client: Any = None,
) -> CutoverResult:
    """Set ``cancel_at_period_end`` on the Stripe subscriptions of the plan whose one Dodo
    subscription is active (with ``send``; else say which it would set)."""
    loaded = read_plan(plan_file, scope="subscribers")
    dodo = by_stripe_id(connect().iter_subscriptions())
    from migrate.readers.stripe_api import make_client

    client = stripe_client or make_client(stripe.key or "", api_base=stripe.api_base)
    rows = cut_over(client, cutover_candidates(loaded.operations, dodo), send=send)
    return CutoverResult(tuple(rows), send)


__all__ = [
    "CreateRequest",
    "CreateResult",
    "CutoverResult",
    "StatusResult",
    "SubscribersPlanRequest",
    "SubscribersPlanResult",
    "applied_catalog",
    "subscribers_create",
    "subscribers_cutover",
    "subscribers_plan",
    "subscribers_status",
    "write_campaign",
]

"""``export``, ``plan`` and ``plan show``: read the Stripe account, plan the Dodo catalog."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from migrate.errors import ConfigError, ExitCode, InputError
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.stream import translate_paths
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.plan.ops import Operation
from migrate.plan.planfile import (
    Plan,
    PlanInputs,
    PlanSummary,
    file_sha256,
    id_map_entries,
    read_plan,
    write_plan,
)
from migrate.plan.planner import CatalogPlanner, SnapshotSource
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.readers.payloads import payload_files
from migrate.readers.snapshot import iter_objects, read_info
from migrate.support.atomic import AtomicFile
from migrate.support.progress import Progress


@dataclass(frozen=True)
class StripeAccess:
    """How to reach the Stripe account: the key (never shown) and an optional API base URL."""

    key: str | None = None
    api_base: str | None = None


# ---------------------------------------------------------------------------------------------
# export


@dataclass(frozen=True)
class ExportResult:
    """The snapshot written, and how many objects of each kind it holds."""

    path: str
    counts: dict[str, int]

    exit_code = int(ExitCode.CLEAN)


def export(
    path: str,
    stripe: StripeAccess,
    *,
    customers: bool = True,
    sessions: bool = True,
    subscriptions: Sequence[str] = (),
) -> ExportResult:
    """Read the Stripe account into the snapshot ``path``: written into a temporary file beside
    it and renamed only when complete. ``subscriptions``: the statuses of the subscriptions to
    read (none: no subscriptions)."""
    from migrate.readers.stripe_api import export_snapshot, make_client

    with AtomicFile(path) as out, Progress("reading the Stripe account", unit="objects") as bar:
        client = make_client(stripe.key or "", api_base=stripe.api_base)
        counts = export_snapshot(
            client,
            out,
            include_customers=customers,
            include_sessions=sessions,
            subscriptions=subscriptions,
            on_object=bar.advance,
        )
    return ExportResult(path, counts)


# ---------------------------------------------------------------------------------------------
# plan


def _noted(results: Iterable[Translation], problems: list[str] | None) -> Iterator[Translation]:
    """``results``, with the error of each unreadable one added to ``problems``."""
    for result in results:
        if result.error is not None and problems is not None:
            problems.append(f"{result.source.label()}: {result.error}")
        yield result


def make_plan(
    *,
    snapshot: str,
    payloads: Sequence[str],
    id_map_path: str | None,
    opts: PlanOptions,
    out: TextIO,
    now: datetime | None = None,
    problems: list[str] | None = None,
    ids_out: list[tuple[str, Any]] | None = None,
    code: Sequence[str] = (),
) -> PlanSummary:
    """Plan the Dodo catalog from a snapshot (and inline prices found in payloads, recorded
    sessions and the Checkout creations of the source ``code`` scans) and write the plan
    document to ``out``. A payload that cannot be read is left out of the plan and named in
    ``problems`` (one line each); ``ids_out`` receives the id map the plan yields
    (``id_map_entries`` of the operations as written)."""
    info = read_info(snapshot)
    if not info.complete:
        raise InputError(
            "the snapshot has no end line: the export was interrupted",
            file=snapshot,
            hint="export it again with `stripe2dodo export`",
        )
    files = payload_files(payloads)
    translate_opts = Options(ids=opts.ids)
    scanned = _code_creations(code, translate_opts, problems)
    sources = sorted({t.source.file for t in scanned})
    inputs = PlanInputs(
        options=opts.as_dict(),
        snapshot={
            "path": snapshot,
            "sha256": info.sha256,
            "exported_at": info.header.get("exported_at"),
            "stripe_api_version": info.header.get("stripe_api_version"),
        },
        payloads=[{"path": f, "sha256": file_sha256(f)} for f in [*files, *sources]],
        id_map={"path": id_map_path, "sha256": file_sha256(id_map_path)} if id_map_path else None,
    )
    recorded = (
        translate_params(obj, SourceRef(snapshot, "jsonl", line=line), translate_opts)
        for line, obj in iter_objects(snapshot, ("checkout.session",))
    )
    payloads_read = _noted(translate_paths(files, translate_opts), problems)
    inline = itertools.chain(recorded, payloads_read if files else (), scanned)
    planner = CatalogPlanner(SnapshotSource(snapshot), opts, inline=inline)
    ops: Iterable[Operation] = planner.plan()
    if ids_out is not None:
        ops = _tee_ids(ops, ids_out)
    return write_plan(out, inputs, ops, now=now)


def _code_creations(
    code: Sequence[str], opts: Options, problems: list[str] | None
) -> list[Translation]:
    """The translations of the Checkout Session creations (and the calls around Checkout) in
    the source files under ``code``: their inline ``price_data`` (and the pay-what-you-want and
    mandate products they need) are planned like a payload's. A file the scan cannot read is
    named in ``problems``."""
    if not code:
        return []
    from migrate.scan.scan import scan_paths
    from migrate.scan.site import ScanStats

    stats = ScanStats()
    out = [
        site.translation
        for site in scan_paths(code, stats=stats, options=opts)
        if site.translation is not None and site.translation.status == "translated"
    ]
    if problems is not None:
        problems.extend(str(problem) for problem in stats.problems)
    return out


def _tee_ids(ops: Iterable[Operation], ids: list[tuple[str, Any]]) -> Iterator[Operation]:
    """``ops``, with the id map entry of each added to ``ids``, from the operation exactly as
    the plan file holds it."""
    for op in ops:
        written = json.loads(json.dumps(op.as_dict(), ensure_ascii=False, default=str))
        ids.extend(id_map_entries([Operation.from_dict(written)]))
        yield op


@dataclass(frozen=True)
class PlanRequest:
    """What ``plan`` plans from and where it writes."""

    out: str
    opts: PlanOptions
    snapshot: str | None = None
    """None: read the Stripe account (kept in ``save_snapshot``, or beside the plan)."""
    payloads: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    """Source trees whose Checkout creations' inline prices the catalog must hold."""
    id_map: str | None = None
    save_snapshot: str | None = None
    want_ids: bool = False
    """Also return the id map the plan yields."""


@dataclass(frozen=True)
class PlanResult:
    """The plan written: its summary, the snapshot it was made from when this run read the
    account, the payloads left out, and (when asked) the id map it yields."""

    path: str
    summary: PlanSummary
    exported: str | None = None
    unreadable: tuple[str, ...] = ()
    ids: IdMap | None = None

    @property
    def exit_code(self) -> int:
        """2 a payload could not be read (the others are planned), 1 some operations need
        manual work (blockers), 0 clean."""
        if self.unreadable:
            return int(ExitCode.INPUT)
        return int(ExitCode.FINDINGS if self.summary.by_action.get("manual") else ExitCode.CLEAN)


def plan(
    request: PlanRequest,
    stripe: StripeAccess,
    *,
    on_exported: Callable[[str], None] | None = None,
) -> PlanResult:
    """Plan the Dodo catalog into ``request.out`` (written whole or not at all). Without a
    snapshot the Stripe account is exported first (``on_exported`` hears where), kept beside
    the plan: ``apply`` checks the plan against it."""
    out = request.out
    if not Path(out).parent.is_dir():  # before the Stripe account is read into it
        raise ConfigError(f"{out}: cannot write the plan there: no such folder", hint="check -o")
    source, exported = request.snapshot, None
    if source is None:
        beside = Path(out).with_name(f"{Path(out).stem}.snapshot.jsonl")
        source = request.save_snapshot or str(beside)
        export(source, stripe)
        exported = source
        if on_exported is not None:
            on_exported(source)
    unreadable: list[str] = []
    ids: list[tuple[str, Any]] | None = [] if request.want_ids else None
    with AtomicFile(out) as handle:
        summary = make_plan(
            snapshot=source,
            payloads=request.payloads,
            id_map_path=request.id_map,
            opts=request.opts,
            out=handle,
            problems=unreadable,
            ids_out=ids,
            code=request.code,
        )
    planned = IdMap.from_json(dict(ids), origin=out) if ids is not None else None
    return PlanResult(out, summary, exported, tuple(unreadable), planned)


def plan_show(path: str) -> Plan:
    """A plan file of either scope (catalog or subscribers), read back (``plan show``)."""
    return read_plan(path, scope=None)


__all__ = [
    "ExportResult",
    "PlanRequest",
    "PlanResult",
    "StripeAccess",
    "export",
    "make_plan",
    "plan",
    "plan_show",
]

"""``apply``, ``ledger show`` and ``ledger ids``: carry out a plan in Dodo, read its ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from migrate.apply.engine import ApplyReport, apply_plan
from migrate.apply.ledger import Entry, Ledger
from migrate.errors import ConfigError, ExitCode
from migrate.plan.planfile import Plan, read_plan, verify_inputs
from migrate.readers.idmap import IdMap
from migrate.support.progress import Progress


def ledger_path(plan_file: str, given: str | None) -> str:
    """The ledger of a plan: ``given``, else ``PLAN.ledger.sqlite`` beside the plan."""
    return given or str(Path(plan_file).with_suffix(".ledger.sqlite"))


@dataclass(frozen=True)
class ApplyResult:
    """What ``apply`` did (``sent``) or would do (a dry run): the final state counts (a dry
    run says ``to create`` where a run says ``done``), the failures and the operations left to
    a person, and, for a dry run, the requests ``--apply`` would send."""

    plan: Plan
    sent: bool
    report: ApplyReport
    requests: tuple[dict[str, Any], ...]
    ledger: str
    """The ledger file written (or read, for a dry run, when it exists)."""

    @property
    def exit_code(self) -> int:
        """1 some operations failed or may exist in Dodo (running again finishes them), 4 all
        done but what needs manual work (running again changes nothing), 0 all done."""
        if self.report.failures:
            return int(ExitCode.FINDINGS)
        return int(ExitCode.MANUAL if self.report.manual else ExitCode.CLEAN)


def apply(
    plan_file: str,
    *,
    send: bool,
    connect: Callable[[int], Any],
    ledger: str | None = None,
    force: bool = False,
    workers: int = 4,
) -> ApplyResult:
    """Carry out the plan: with ``send``, create its objects through ``connect(creates)`` (the
    Dodo client, asked for once the ledger is held) and record each in the ledger; without,
    nothing is sent or written: the requests are recorded on a copy of the ledger.

    One writing run per ledger: a second one refuses (exit 2) before asking or sending
    anything. A dry run writes no ledger file."""
    loaded = read_plan(plan_file)  # checks the operations before anything is opened or sent
    problem = verify_inputs(loaded)
    if problem and not force:
        raise ConfigError(
            f"{plan_file}: {problem}",
            hint="make the plan again, or pass --force to apply it as it is",
        )
    where = ledger_path(plan_file, ledger)
    book = Ledger(
        where if send or Path(where).exists() else ":memory:",
        exclusive=send,
        holder="apply --apply",
    )
    client = None
    if send:
        creates = sum(1 for op in loaded.operations if op.action == "create")
        try:
            client = connect(creates)
        except BaseException:
            book.close()  # and its lock
            raise
        book.set_meta("plan", str(loaded.header.get("inputs", {}).get("hash", "")))
    progress = Progress("applying", len(loaded.operations), unit="operations") if send else None
    try:  # without a client, a dry run: the ledger is read, not changed
        run = apply_plan(
            loaded.operations,
            ledger=book,
            client=client,
            workers=workers,
            on_done=(lambda op, state: progress.advance()) if progress else None,
        )
    finally:
        if progress is not None:
            progress.stop()
        book.close()
    report = run.report
    if not send and "done" in report.states:
        report.states["to create"] = report.states.pop("done")
    requests = tuple(run.requests or ())
    return ApplyResult(loaded, send, report, requests, where)


# ---------------------------------------------------------------------------------------------
# ledger


@dataclass(frozen=True)
class LedgerView:
    """A ledger read: counts per kind and state, checkout sessions per state, every entry."""

    counts: dict[str, dict[str, int]]
    sessions: dict[str, int]
    entries: tuple[Entry, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "sessions": self.sessions,
            "operations": [e.as_dict() for e in self.entries],
        }


def ledger_show(ledger_file: str) -> LedgerView:
    """What ``apply`` (and ``sessions create``) recorded in ``ledger_file``."""
    with Ledger(ledger_file) as book:
        entries = tuple(book.entries())
        return LedgerView(book.counts(), book.session_counts(), entries)


@dataclass(frozen=True)
class LedgerIds:
    """The id map of a ledger (merged into ``merge``'s when given), and each id the ledger
    changed in it: ``(Stripe id, old, new)``."""

    ids: IdMap
    conflicts: tuple[tuple[str, Any, Any], ...]


def ledger_ids(
    ledger_file: str, *, merge: str | None = None, out: str = "-", module: bool = False
) -> LedgerIds:
    """The id map (Stripe id -> Dodo id) of what was created or adopted; with ``merge``, put
    into that map (its prices are kept, the ledger's ids win). ``out`` is where it will be
    written: an existing JSON map other than ``merge`` is refused (its entries would be lost);
    with ``module`` (the map written as code or dotenv) the file is the generated one, written
    again (``IdMapOut.check_replace`` refuses any other)."""
    if not module and merge is None and out != "-" and Path(out).exists():
        raise ConfigError(
            f"{out}: already exists; the ledger's bare ids would replace it",
            hint=f"pass --merge {out} to put the ledger's ids into it (its prices are kept)",
        )
    base = IdMap.load(merge) if merge else IdMap.empty()
    with Ledger(ledger_file) as book:
        merged, conflicts = base.with_ledger(book.id_map(), ledger_wins=True, resolve=book.resolve)
    return LedgerIds(merged, tuple(conflicts))

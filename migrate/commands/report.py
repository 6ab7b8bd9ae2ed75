"""``report``: the dry-run migration report over files, folders and the Stripe account."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from migrate.commands import baseline as baselines
from migrate.commands.plan import StripeAccess, export
from migrate.errors import ExitCode
from migrate.findings import Level
from migrate.report.build import ReportOptions, build_result
from migrate.report.model import Report, ReportResult
from migrate.scan.scan import CallSite
from migrate.scan.site import INTERNAL_PROBLEM
from migrate.support.progress import Progress


@dataclass(frozen=True)
class ReportRun:
    """What ``report`` did: the report and the code sites it was built from (the model the
    formats render; with a baseline, its findings marked new or known)."""

    result: ReportResult
    fail_on: Level = Level.BLOCKER
    baseline: baselines.Compared | None = None

    @property
    def report(self) -> Report:
        return self.result.report

    @property
    def sites(self) -> tuple[CallSite, ...]:
        return self.result.sites

    def exit_code(self, *, detailed: bool = False) -> int:
        """0 no blocker (``fail_on`` warning: no warning either), 1 blockers, 2 an input could
        not be read, 3 a code file's scan stopped on an internal error (the rest reported).
        ``detailed``: 0 nothing to migrate, 2 changes and no blockers, 1 blockers or errors.
        With a baseline only new findings count."""
        built = self.report
        if self.baseline is not None:
            blocked = self.baseline.new_at_least(Level.BLOCKER)
            warned = self.baseline.new_at_least(Level.WARNING)
        else:
            blocked = built.summary.totals["blocked"] > 0
            warned = blocked or built.summary.findings["warning"] > 0
        if detailed:
            if blocked or built.problems:
                return int(ExitCode.FINDINGS)
            work = (
                any(c.action in ("create", "manual") for c in built.catalog)
                or built.sessions
                or built.code
            )
            return 2 if work else 0
        if any(INTERNAL_PROBLEM in problem for problem in built.problems):
            return int(ExitCode.INTERNAL)  # a file's scan stopped on a bug; the rest is reported
        if built.problems:
            return int(ExitCode.INPUT)
        if blocked or (self.fail_on is Level.WARNING and warned):
            return int(ExitCode.FINDINGS)
        return int(ExitCode.CLEAN)


def report(
    paths: Sequence[str],
    opts: ReportOptions,
    *,
    stripe: StripeAccess | None = None,
    fail_on: Level = Level.BLOCKER,
    baseline: str | None = None,
) -> ReportRun:
    """The report over ``paths`` (default: the current folder); with ``stripe``, over the
    Stripe account too (exported into a temporary folder, removed afterwards). With
    ``baseline`` (a previous ``report --format json``, read first so a bad one fails fast),
    each finding is marked new or known."""
    previous = baselines.load(baseline, "report") if baseline else None
    inputs = list(paths) or ["."]
    with tempfile.TemporaryDirectory(prefix="stripe2dodo-report-") as tmp:
        if stripe is not None:
            snapshot = str(Path(tmp) / "stripe-account.jsonl")
            export(snapshot, stripe)
            inputs.append(snapshot)
        with Progress("reading the inputs") as progress:
            result = build_result(inputs, opts, progress)
    compared = None
    if previous is not None:
        built = result.report
        # the items are read one at a time, their findings only (no per-field outcomes)
        found = baselines.report_findings(dict(built.parts(full=False)))
        compared = baselines.compare(found, previous)
        result = ReportResult(baselines.mark_report(built, compared), result.sites)
    return ReportRun(result, fail_on, compared)

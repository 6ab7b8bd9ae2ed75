"""What one ``scan`` found: the call sites and what was looked at, the model its formats render
(``migrate/formats``), with its counts and its exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from migrate.errors import ExitCode
from migrate.findings import Level
from migrate.scan.site import CallSite, ScanStats, site_kind


@dataclass(frozen=True)
class ScanResult:
    """Every site found, in scan order, and what the scan looked at."""

    sites: tuple[CallSite, ...]
    stats: ScanStats

    def summary(self) -> dict[str, Any]:
        return summary(self.sites, self.stats)

    def exit_code(self, *, strict: bool = False) -> int:
        """As ``translate``: 2 a path could not be read; 1 blockers (with ``strict``, warnings
        too); 0 clean."""
        if self.stats.problems:
            return ExitCode.INPUT
        worst = max((f.level.rank for s in self.sites for f in s.findings), default=-1)
        if worst >= Level.BLOCKER.rank or (strict and worst >= Level.WARNING.rank):
            return ExitCode.FINDINGS
        return ExitCode.CLEAN


def summary(sites: Sequence[CallSite], stats: ScanStats) -> dict[str, Any]:
    """Counts over a scan: files, call sites per language, configuration values holding Stripe
    ids (``config``), dynamic values, findings."""
    levels = {lv.value: 0 for lv in Level}
    languages: dict[str, int] = {}
    kinds = {"create": 0, "call": 0, "related": 0, "config": 0}
    for site in sites:
        languages[site.language] = languages.get(site.language, 0) + 1
        kinds[site_kind(site)] += 1
        for finding in site.findings:
            levels[finding.level.value] += 1
    return {
        "files": stats.files,
        "parsed": stats.parsed,
        "sites": len(sites),
        "creates": kinds["create"],
        "calls": kinds["call"],
        "related": kinds["related"],
        "config": kinds["config"],
        "languages": dict(sorted(languages.items())),
        "dynamic": sum(len(s.dynamic) for s in sites),
        "findings": levels,
        "problems": list(stats.problems),
    }

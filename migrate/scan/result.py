"""What one ``scan`` found: the call sites and what was looked at, the model its formats render
(``migrate/formats``), with its counts and its exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
        """As ``translate``: 3 a file's scan stopped on an internal error; 2 a path could not
        be read; 1 blockers (with ``strict``, warnings too); 0 clean."""
        if self.stats.internal:
            return ExitCode.INTERNAL
        if self.stats.problems:
            return ExitCode.INPUT
        worst = max((f.level.rank for s in self.sites for f in s.findings), default=-1)
        if worst >= Level.BLOCKER.rank or (strict and worst >= Level.WARNING.rank):
            return ExitCode.FINDINGS
        return ExitCode.CLEAN


def summary(sites: Sequence[CallSite], stats: ScanStats) -> dict[str, Any]:
    """Counts over a scan: files, call sites per language, configuration values holding Stripe
    ids (``config``), dynamic values, findings."""
    tally = Tally()
    for site in sites:
        tally.add(site)
    return tally.summary(stats)


@dataclass
class Tally:
    """The counts of :func:`summary`, kept as the sites go by (a streamed scan holds no
    site)."""

    sites: int = 0
    dynamic: int = 0
    levels: dict[str, int] = field(default_factory=lambda: {lv.value: 0 for lv in Level})
    languages: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(
        default_factory=lambda: {"create": 0, "call": 0, "related": 0, "config": 0}
    )
    via: int = 0
    """Checkout Session creations made through one of the project's wrappers (a call of it:
    ``site.via``); calls around Checkout made so are calls, not counted here."""

    def add(self, site: CallSite) -> None:
        self.sites += 1
        self.languages[site.language] = self.languages.get(site.language, 0) + 1
        self.kinds[site_kind(site)] += 1
        self.via += site_kind(site) == "create" and site.via is not None
        self.dynamic += len(site.dynamic)
        for finding in site.findings:
            self.levels[finding.level.value] += 1

    def at_least(self, level: Level) -> bool:
        """Whether a finding at ``level`` or worse was counted."""
        return any(n and Level(name).rank >= level.rank for name, n in self.levels.items())

    def summary(self, stats: ScanStats) -> dict[str, Any]:
        return {
            "files": stats.files,
            "parsed": stats.parsed,
            "sites": self.sites,
            "creates": self.kinds["create"],
            "via_wrappers": self.via,
            "calls": self.kinds["call"],
            "related": self.kinds["related"],
            "config": self.kinds["config"],
            "languages": dict(sorted(self.languages.items())),
            "dynamic": self.dynamic,
            "findings": dict(self.levels),
            "problems": list(stats.problems),
        }

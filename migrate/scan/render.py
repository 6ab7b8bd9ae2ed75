"""Formats of ``stripe2dodo scan``: text (grouped by file) and JSON (``stripe2dodo.scan/v1``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from typing import Any, Final, Literal

from migrate.errors import ExitCode
from migrate.findings import Level
from migrate.formats.translation import dumps
from migrate.mapping.lifecycle import kind_text
from migrate.mapping.translate import Options
from migrate.readers.base import shown_path
from migrate.scan.scan import CallSite, ScanStats, scan_paths, site_kind

SCHEMA: Final = "stripe2dodo.scan/v1"
ScanFormat = Literal["text", "json", "sarif", "github"]
_MARK: Final = {Level.INFO: "info", Level.WARNING: "WARN", Level.BLOCKER: "BLOCK"}


def summary(sites: Sequence[CallSite], stats: ScanStats) -> dict[str, Any]:
    """Counts over a scan: files, call sites per language, dynamic values, findings."""
    levels = {lv.value: 0 for lv in Level}
    languages: dict[str, int] = {}
    kinds = {"create": 0, "call": 0, "related": 0}
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
        "languages": dict(sorted(languages.items())),
        "dynamic": sum(len(s.dynamic) for s in sites),
        "findings": levels,
        "problems": list(stats.problems),
    }


def render_json(sites: Sequence[CallSite], stats: ScanStats) -> str:
    doc = {
        "schema": SCHEMA,
        "sites": [s.as_dict() for s in sites],
        "summary": summary(sites, stats),
    }
    return dumps(doc, indent=2) + "\n"


def render_text(sites: Sequence[CallSite], stats: ScanStats, *, verbose: bool = False) -> str:
    out: list[str] = []
    for file, group in groupby(sites, key=lambda s: s.file):
        out.append(f"== {shown_path(file)}")
        for site in group:
            out.extend(_site_text(site, verbose=verbose))
        out.append("")
    for problem in stats.problems:
        out.append(f"problem: {problem}")
    s = summary(sites, stats)
    lv = s["findings"]
    out.append(
        f"{s['creates']} checkout creation(s), {s['calls']} call(s) around checkout and "
        f"{s['related']} related site(s) in "
        f"{stats.parsed} of {stats.files} file(s); "
        f"{s['dynamic']} dynamic value(s); findings: {lv['blocker']} blocker, "
        f"{lv['warning']} warning, {lv['info']} info"
    )
    return "\n".join(out) + "\n"


def _indent(text: str, pad: str) -> list[str]:
    return [pad + line for line in text.splitlines()]


def _site_text(site: CallSite, *, verbose: bool) -> list[str]:
    t = site.translation
    arrow = t.status if t is not None else f"{site.rule} (related)"
    lines = [f"{site.line}:{site.column}  {site.source_line}", f"   {site.callee} -> {arrow}"]
    if t is not None and t.request is not None:
        lines.append(f"   dodo call: {t.request[0]} {t.request[1]} ({kind_text(t.kind)})")
    for d in site.dynamic:
        where = d.path or "(params)"
        lines.append(f"   [dyn] {where}: computed at run time: {d.source}")
    for f in site.findings:
        if f.level is Level.INFO and not verbose and site.kind == "create":
            continue
        where = f" at {f.path}" if f.path else ""
        lines.append(f"   [{_MARK[f.level]}] {f.code}{where}: {f.message}")
    for req in t.requires if t is not None else ():
        lines.append(f"   requires {req.get('kind')}: {req.get('id')}")
    if site.suggestion:
        lines.append("   suggested:")
        lines.extend(_indent(site.suggestion, "     "))
    return lines


def exit_code(sites: Iterable[CallSite], stats: ScanStats, *, strict: bool = False) -> int:
    """As ``translate``: 2 a path could not be read; 1 blockers (with ``strict``, warnings
    too); 0 clean."""
    if stats.problems:
        return ExitCode.INPUT
    worst = max((f.level.rank for s in sites for f in s.findings), default=-1)
    if worst >= Level.BLOCKER.rank or (strict and worst >= Level.WARNING.rank):
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


def run_scan(
    paths: Sequence[str],
    fmt: ScanFormat = "text",
    *,
    strict: bool = False,
    verbose: bool = False,
    options: Options | None = None,
    on_problem: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> tuple[str, int]:
    """Scan ``paths`` and render the result: ``(output, exit code)``. ``on_problem`` also gets
    each unreadable path's one-line message (the CLI prints them on stderr)."""
    sites, stats = collect(paths, options=options, jobs=jobs, on_problem=on_problem)
    return render(sites, stats, fmt, verbose=verbose), exit_code(sites, stats, strict=strict)


def collect(
    paths: Sequence[str],
    *,
    options: Options | None = None,
    jobs: int = 1,
    on_problem: Callable[[str], None] | None = None,
) -> tuple[list[CallSite], ScanStats]:
    """Every site under ``paths``, and what the scan looked at."""
    stats = ScanStats()
    sites = list(scan_paths(paths, stats=stats, options=options, jobs=jobs))
    if on_problem is not None:
        for problem in stats.problems:
            on_problem(problem)
    return sites, stats


def render(
    sites: Sequence[CallSite], stats: ScanStats, fmt: ScanFormat, *, verbose: bool = False
) -> str:
    if fmt == "json":
        return render_json(sites, stats)
    if fmt == "sarif":
        from migrate.scan.sarif import render_sarif

        return render_sarif(sites, stats)
    if fmt == "github":
        from migrate.scan.sarif import render_github

        return render_github(sites, stats, verbose=verbose)
    return render_text(sites, stats, verbose=verbose)

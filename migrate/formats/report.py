"""The report's formats: each one small renderer over the same ``Report``.

``terminal`` (rich tables), ``markdown`` (small enough for a pull-request comment), ``json``
(``schemas/report-v1.schema.json``), ``html`` (one self-contained page) and ``sarif`` (the
code part, as ``scan --format sarif``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from migrate.report.model import Report
from migrate.scan.scan import CallSite, ScanStats

ReportFormat = Literal["terminal", "markdown", "json", "html", "sarif"]
FORMATS: tuple[ReportFormat, ...] = ("terminal", "markdown", "json", "html", "sarif")


def render_json(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render_sarif(report: Report, sites: Sequence[CallSite]) -> str:
    from migrate.scan.sarif import render_sarif as sarif

    stats = ScanStats(files=len({s.file for s in sites}), problems=list(report.problems))
    return sarif(sites, stats)


def render(
    report: Report,
    fmt: ReportFormat,
    *,
    sites: Sequence[CallSite] = (),
    details: bool = False,
    width: int | None = None,
) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "sarif":
        return render_sarif(report, sites)
    if fmt == "markdown":
        from migrate.formats.markdown import render_markdown

        return render_markdown(report, details=details)
    if fmt == "html":
        from migrate.formats.html import render_html

        return render_html(report)
    from migrate.formats.terminal import render_terminal

    return render_terminal(report, details=details, width=width)

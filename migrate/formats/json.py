"""``--format json`` and ``--format jsonl``, for programs.

json: the report (``schemas/report-v2.schema.json``), a scan (``stripe2dodo.scan/v1``) or
translate's run (``stripe2dodo.translate/v1``: ``{"schema", "tool", "results": [...],
"summary"}``, written item by item). jsonl: translate's results, one JSON object per line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from migrate import __version__
from migrate.formats.base import Format, Model, OutputFormat
from migrate.formats.translation import SCHEMA_VERSION, Summary, dumps

if TYPE_CHECKING:
    from migrate.mapping.cart import Translation
    from migrate.report.model import Report
    from migrate.scan.site import CallSite, ScanStats

SCAN_SCHEMA: Final = "stripe2dodo.scan/v1"


class JsonFormat(OutputFormat):
    """One JSON document (``FormatOptions.full``: each translation with its normalised Stripe
    params and the outcome of every Stripe field). Compact, one result a line, unless
    ``FormatOptions.indent`` asks for indented JSON."""

    format = Format.JSON
    separator = ",\n"

    def render(self, model: Model) -> str:
        from migrate.report.model import ReportResult  # not loaded to stream translations
        from migrate.scan.result import ScanResult

        match model:
            case ReportResult():
                return render_report(model.report)
            case ScanResult():
                return render_scan(model.sites, model.stats)
            case _:
                return super().render(model)

    def start(self) -> str:
        head = {
            "schema": f"stripe2dodo.translate/v{SCHEMA_VERSION}",
            "tool": f"stripe2dodo {__version__}",
        }
        return dumps(head)[:-1] + ', "results": [\n'

    def item(self, result: Translation) -> str:
        return dumps(result.as_dict(full=self.options.full), indent=self.options.indent)

    def end(self, summary: Summary) -> str:
        return '\n], "summary": ' + dumps(summary.as_dict(), indent=self.options.indent) + "}\n"


class JsonlFormat(OutputFormat):
    """One JSON object per translation, one per line; no header or footer."""

    format = Format.JSONL

    def start(self) -> str:
        return ""

    def item(self, result: Translation) -> str:
        return dumps(result.as_dict(full=self.options.full)) + "\n"

    def end(self, summary: Summary) -> str:
        return ""


def render_report(report: Report) -> str:
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render_scan(sites: Sequence[CallSite], stats: ScanStats) -> str:
    from migrate.scan.result import summary

    doc = {
        "schema": SCAN_SCHEMA,
        "sites": [s.as_dict() for s in sites],
        "summary": summary(sites, stats),
    }
    return dumps(doc, indent=2) + "\n"

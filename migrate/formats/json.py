"""``--format json`` and ``--format jsonl``, for programs.

json: the report (``schemas/report-v2.schema.json``), a scan (``stripe2dodo.scan/v1``) or
translate's run (``stripe2dodo.translate/v1``: ``{"schema", "tool", "results": [...],
"summary"}``, written item by item). jsonl: translate's results, one JSON object per line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

from migrate import __version__
from migrate.formats.base import Format, FormatOptions, Model, OutputFormat, Writer
from migrate.formats.indented import indented
from migrate.formats.translation import (
    REFS_SCHEMA_VERSION,
    SCHEMA_VERSION,
    Summary,
    Text,
    dumps,
    result_json,
)
from migrate.formats.translation import _default as json_default

if TYPE_CHECKING:
    from migrate.mapping.cart import Translation
    from migrate.report.model import Report
    from migrate.scan.result import Tally
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
                buffer = io.StringIO()
                self.write(model, buffer)
                return buffer.getvalue()
            case ScanResult():
                return render_scan(model.sites, model.stats)
            case _:
                return super().render(model)

    def write(self, model: Model, out: Writer) -> None:
        from migrate.report.model import ReportResult

        if isinstance(model, ReportResult):
            o = self.options
            write_report(model.report, out, full=o.full, indent=o.indent, refs=o.refs)
        else:
            out.write(self.render(model))

    def __init__(self, options: FormatOptions | None = None) -> None:
        super().__init__(options)
        self._texts: dict[str, dict[str, str]] = {}

    def start(self) -> str:
        version = REFS_SCHEMA_VERSION if self.options.refs else SCHEMA_VERSION
        head = {
            "schema": f"stripe2dodo.translate/v{version}",
            "tool": f"stripe2dodo {__version__}",
        }
        return dumps(head)[:-1] + ', "results": [\n'

    def item(self, result: Translation) -> str:
        o = self.options
        if o.indent is None:
            return result_json(result, full=o.full, refs=o.refs)
        return dumps(result.as_dict(full=o.full, refs=o.refs), indent=o.indent)

    def texts(self, fresh: tuple[Text, ...]) -> str:
        for ref, message, suggestion in fresh:
            self._texts[ref] = {"message": message, "suggestion": suggestion}
        return ""

    def end(self, summary: Summary) -> str:
        indent = self.options.indent
        texts = ""
        if self.options.refs:  # v2: each finding text once, after the results that name them
            texts = ', "texts": ' + dumps(self._texts, indent=indent)
        return "\n]" + texts + ', "summary": ' + dumps(summary.as_dict(), indent=indent) + "}\n"


class JsonlFormat(OutputFormat):
    """One JSON object per translation, one per line; no header or footer."""

    format = Format.JSONL

    def start(self) -> str:
        return ""

    def item(self, result: Translation) -> str:
        o = self.options
        return result_json(result, full=o.full, refs=o.refs) + "\n"

    def texts(self, fresh: tuple[Text, ...]) -> str:
        """``--refs``: a line ``{"ref", "message", "suggestion"}`` per text, before the first
        result that names it."""
        return "".join(
            dumps({"ref": ref, "message": message, "suggestion": suggestion}) + "\n"
            for ref, message, suggestion in fresh
        )

    def end(self, summary: Summary) -> str:
        return ""


def render_report(report: Report, *, full: bool = False, indent: int | None = None) -> str:
    """The report's JSON document (``stripe2dodo.report/v2``) as one string."""
    buffer = io.StringIO()
    write_report(report, buffer, full=full, indent=indent)
    return buffer.getvalue()


def write_report(
    report: Report,
    out: Writer,
    *,
    full: bool = False,
    indent: int | None = None,
    refs: bool = False,
) -> None:
    """The report's JSON document written to ``out`` one item at a time: compact (one line)
    unless ``indent``; ``full``: each item's per-field outcomes (``fields``) too; ``refs``:
    each distinct finding text once, in ``texts``, named by the findings' ``ref``."""
    _write_value(dict(report.parts(full=full, refs=refs)), out, indent, 0)
    out.write("\n")


def _write_value(value: Any, out: Writer, indent: int | None, level: int) -> None:
    """``value`` as JSON, the same text ``json.dumps`` gives, with every iterator in it
    written as an array one element at a time."""
    if not _streams(value):
        text = json.dumps(
            value, indent=indent, ensure_ascii=False, separators=_SEPS[indent is None]
        )
        if indent and level:
            text = text.replace("\n", "\n" + " " * (indent * level))
        out.write(text)
        return
    pad = "\n" + " " * ((indent or 0) * (level + 1)) if indent else ""
    close = "\n" + " " * ((indent or 0) * level) if indent else ""
    comma = ","
    if isinstance(value, dict):
        out.write("{")
        for n, (key, item) in enumerate(value.items()):
            out.write((comma if n else "") + pad + json.dumps(key, ensure_ascii=False) + ":")
            out.write(" " if indent else "")
            _write_value(item, out, indent, level + 1)
        out.write(close + "}" if value else "}")
        return
    out.write("[")
    empty = True
    for n, item in enumerate(value):
        empty = False
        out.write((comma if n else "") + pad)
        _write_value(item, out, indent, level + 1)
    out.write("]" if empty else close + "]")


_SEPS: Final = {True: (",", ":"), False: (",", ": ")}


def _streams(value: Any) -> bool:
    """Whether ``value`` holds an iterator (an array to write one element at a time)."""
    if isinstance(value, Iterator):
        return True
    return isinstance(value, dict) and any(_streams(v) for v in value.values())


def render_scan(sites: Sequence[CallSite], stats: ScanStats) -> str:
    buffer = io.StringIO()
    write_scan(sites, stats, buffer)
    return buffer.getvalue()


def write_scan(sites: Iterable[CallSite], stats: ScanStats, out: Writer) -> Tally:
    """The scan's JSON document (``stripe2dodo.scan/v1``, indented) written to ``out`` one
    site at a time as ``sites`` yields them, the summary last (``stats`` is read after the
    last site); the counts are returned. No site is held."""
    from migrate.scan.result import Tally

    tally = Tally()
    out.write('{\n  "schema": ' + dumps(SCAN_SCHEMA) + ',\n  "sites": [')
    for site in sites:
        out.write(("," if tally.sites else "") + "\n    ")
        out.write(indented(site.as_dict(), json_default, margin="    "))
        tally.add(site)
    out.write("\n  ]" if tally.sites else "]")
    out.write(',\n  "summary": ' + indented(tally.summary(stats), json_default, margin="  "))
    out.write("\n}\n")
    return tally

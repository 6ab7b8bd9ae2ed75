"""Every output format, one class each behind one ``Format`` enum.

A command asks ``format_for`` for the class of the ``--format`` it was given and calls it:
``render(model)`` for a whole document (a ``ReportResult``, a ``ScanResult``, the
``RuleTable``), or ``start``/``item``/``end`` to stream ``translate``'s results. Formats only
render models: they read and write nothing (``base.py``). Which formats each command offers,
in the order its help lists them, is below.
"""

from __future__ import annotations

from typing import Final

from migrate.formats.base import Format, FormatOptions, Model, OutputFormat, UnsupportedFormat

REPORT: Final = (Format.TEXT, Format.MARKDOWN, Format.JSON, Format.HTML, Format.SARIF)
SCAN: Final = (Format.TEXT, Format.JSON, Format.SARIF, Format.GITHUB)
TRANSLATE: Final = (Format.JSON, Format.JSONL, Format.TEXT)
RULES: Final = (Format.TEXT, Format.MARKDOWN)


def format_for(fmt: Format | str, options: FormatOptions | None = None) -> OutputFormat:
    """The format named ``fmt`` (a ``Format`` or its ``--format`` name), with ``options``.
    Each format's module is imported when it is asked for (a command loads only its own)."""
    match Format(fmt):
        case Format.TEXT:
            from migrate.formats.text import TextFormat

            return TextFormat(options)
        case Format.MARKDOWN:
            from migrate.formats.markdown import MarkdownFormat

            return MarkdownFormat(options)
        case Format.JSON:
            from migrate.formats.json import JsonFormat

            return JsonFormat(options)
        case Format.JSONL:
            from migrate.formats.json import JsonlFormat

            return JsonlFormat(options)
        case Format.HTML:
            from migrate.formats.html import HtmlFormat

            return HtmlFormat(options)
        case Format.SARIF:
            from migrate.formats.sarif import SarifFormat

            return SarifFormat(options)
        case Format.GITHUB:
            from migrate.formats.github import GithubFormat

            return GithubFormat(options)


__all__ = [
    "REPORT",
    "RULES",
    "SCAN",
    "TRANSLATE",
    "Format",
    "FormatOptions",
    "Model",
    "OutputFormat",
    "UnsupportedFormat",
    "format_for",
]

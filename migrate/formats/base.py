"""What every output format shares: the ``Format`` names, the options, and the ``OutputFormat``
base class each format's one class derives from.

A format renders models, never reads or writes anything itself: ``render`` turns a whole
model into text (a report, a scan, the rule table); ``start``/``item``/``end`` stream
``translate``'s results, one item at a time, so memory stays flat however many payloads are
translated (``item`` is stateless: it runs in worker processes; the caller writes
``separator`` between items). A model or a stream a format has no rendering for raises
``UnsupportedFormat``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeAlias

if TYPE_CHECKING:  # streaming translations loads neither the report model nor the scanner
    from migrate.formats.translation import Summary, Text
    from migrate.mapping.cart import Translation
    from migrate.mapping.table import RuleTable
    from migrate.report.model import ReportResult
    from migrate.scan.result import ScanResult

Model: TypeAlias = "ReportResult | ScanResult | RuleTable"
"""What ``render`` takes: a report (with the code sites behind it), a scan, the rule table."""


class Writer(Protocol):
    """Where ``write`` puts its text (a file, stdout, an ``io.StringIO``)."""

    def write(self, text: str, /) -> int: ...


class Format(StrEnum):
    """Every output format, by the name ``--format`` takes."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    JSONL = "jsonl"
    HTML = "html"
    SARIF = "sarif"
    GITHUB = "github"

    @classmethod
    def _missing_(cls, value: object) -> Format | None:
        """``terminal``, the report's old name of ``text``, is still understood."""
        return cls.TEXT if value == "terminal" else None


class UnsupportedFormat(ValueError):
    """A format asked for a model or a stream it has no rendering for."""

    def __init__(self, fmt: Format, what: str) -> None:
        super().__init__(f"the {fmt.value} format cannot render {what}")
        self.format = fmt
        self.what = what


@dataclass(frozen=True)
class FormatOptions:
    """What the commands let a person choose about a format's output.

    ``verbose``: text, github: info findings too. ``details``: report text and markdown: every
    item, not only totals. ``full``: translate json and jsonl: the normalised Stripe params and
    every field's outcome. ``width``: report text: the width of the tables (None: 100).
    ``base``: sarif and github: the folder paths are relative to (None: the working directory).
    ``annotations``: github: at most this many annotations per level (GitHub shows 10 errors and
    10 warnings per step and drops the rest; None: no cap); the rest are counted in one notice.
    ``new``: github, with a baseline: whether each finding (in the scan's order) is new; only
    new ones are annotated (the known ones are already on the base branch).
    """

    verbose: bool = False
    details: bool = False
    full: bool = False
    width: int | None = None
    base: Path | None = None
    annotations: int | None = None
    new: tuple[bool, ...] | None = None
    indent: int | None = None
    """json: indent by this many spaces (None: compact; translate writes one result a line, the
    report one line)."""
    refs: bool = False
    """report json: each distinct finding text once, in ``texts``; findings name it by ``ref``."""


class OutputFormat:
    """One output format. Each subclass overrides what it can render; the rest raises
    ``UnsupportedFormat``."""

    format: ClassVar[Format]
    separator: ClassVar[str] = ""
    """Written between two streamed items."""
    for_people: ClassVar[bool] = False
    """Text for a person to read, counts included; otherwise data for a program, and a command
    tells the person its counts on stderr."""

    def __init__(self, options: FormatOptions | None = None) -> None:
        self.options = options if options is not None else FormatOptions()

    def render(self, model: Model) -> str:
        """The whole document of ``model``."""
        raise UnsupportedFormat(self.format, type(model).__name__)

    def write(self, model: Model, out: Writer) -> None:
        """``render(model)`` written to ``out``; the report's formats write it piece by piece,
        reading one item at a time, so a report of any size is written in flat memory."""
        out.write(self.render(model))

    def start(self) -> str:
        """Before the first streamed translation."""
        raise UnsupportedFormat(self.format, "translations")

    def item(self, result: Translation) -> str:
        """One translation (stateless: may run in a worker process)."""
        raise UnsupportedFormat(self.format, "translations")

    def end(self, summary: Summary) -> str:
        """After the last streamed translation, with the counts over the run."""
        raise UnsupportedFormat(self.format, "translations")

    def texts(self, fresh: tuple[Text, ...]) -> str:
        """``--refs``: the finding texts the next item names for the first time (each ref,
        message, suggestion), written before it (or kept for :meth:`end`)."""
        return ""

"""Values every reader produces: where a payload came from, the payload, or why it failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from migrate.display import shown_path

Format = Literal["json", "jsonl", "form", "curl", "code"]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where one payload came from.

    ``file`` is the path as given ("-" for stdin); ``line`` is 1-based (the line a JSON Lines
    record, a form body or a curl command starts on); ``index`` is the position inside a JSON
    array or the n-th curl command of a file (0-based); ``path`` a JSON path inside the document
    when the payload is nested (e.g. an event's ``data.object``); ``column`` is the 1-based
    column of a JSON syntax error (problems only).
    """

    file: str
    format: Format
    line: int | None = None
    index: int | None = None
    path: str | None = None
    column: int | None = None

    def label(self) -> str:
        out = shown_path(self.file)
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        if self.index is not None and self.format in ("json", "curl"):
            out += f"[{self.index}]"
        if self.path:
            out += f" {self.path}"
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("file", shown_path(self.file)),
                ("format", self.format),
                ("line", self.line),
                ("index", self.index),
                ("path", self.path),
                ("column", self.column),
            )
            if v is not None
        }


@dataclass(frozen=True, slots=True)
class RawPayload:
    """One Stripe request body or object, as read (form values still strings).

    ``meta`` carries what the transport said, never secrets: for curl the HTTP ``method``,
    the ``endpoint`` path (e.g. ``/v1/checkout/sessions``), ``stripe_version`` from a
    ``Stripe-Version`` header, and ``auth: "redacted"`` when a key was present.
    """

    source: SourceRef
    data: dict[str, Any]
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An item (or a whole file) that could not be read. Reading goes on with the next one.

    ``message`` says what is wrong, ``hint`` what to do; both are single lines and never
    contain secrets.
    """

    source: SourceRef
    message: str
    hint: str

    def one_line(self) -> str:
        return f"{self.source.label()}: {self.message}: {self.hint}"

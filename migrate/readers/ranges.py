"""A JSON Lines file read in byte ranges, so worker processes each read their own part.

The parent process cuts the file into ranges of about ``size`` bytes, each starting at the
start of a line and ending at the start of another (a cut that falls inside a line moves on to
the end of that line), and counts the lines before each range so every item keeps its line
number. A worker reads its range alone (:func:`read_range`) with the same line reader as the
whole file (``migrate/readers/payloads.py``): the same payloads, problems and messages, line
for line. Only a regular file that reads as JSON Lines (as :func:`~migrate.readers.payloads.
read_file` would decide from its first lines) is cut (:func:`jsonl_layout`); anything else is
read whole.
"""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from migrate.readers.base import InputProblem, RawPayload
from migrate.readers.detect import json_family, starts_json
from migrate.readers.limits import LimitError, decode
from migrate.readers.payloads import (
    _BOM,
    _DECODER,
    _SNAPSHOT_HEADER,
    _SNAPSHOT_PAYLOADS,
    Line,
    _binary_lines,
    _read_jsonl,
)

__all__ = ["Layout", "LineRange", "jsonl_layout", "line_ranges", "read_range"]

_SNIFF_LINES = 1000
"""Blank lines looked through for the first record before giving up on cutting the file."""


@dataclass(frozen=True)
class Layout:
    """A JSON Lines file that can be cut: its size, and whether it is a snapshot (only its
    checkout sessions are payloads)."""

    size: int
    snapshot: bool


@dataclass(frozen=True)
class LineRange:
    """Bytes ``start``..``end`` of the file at ``path`` (whole lines), whose first line is line
    ``first_line``; ``label`` names the file in sources; ``rest`` is the bytes after it."""

    path: str
    label: str
    start: int
    end: int
    first_line: int
    snapshot: bool = False
    rest: int = 0


def jsonl_layout(path: Path) -> Layout | None:
    """The layout of ``path`` when it is a regular file that reads as JSON Lines, else None
    (then it is read whole, as before: a JSON document, curl, form, an empty or binary file)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None
        handle = path.open("rb")
    except OSError:
        return None
    with handle:
        first = None
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                return None
            if number == 1:
                line = line.removeprefix(_BOM)
            if line.strip():
                first = line
                break
            if number >= _SNIFF_LINES:
                return None
        if first is None or "\x00" in first or not starts_json(first):
            return None
        try:
            value = decode(first, _DECODER)
        except json.JSONDecodeError:
            return None  # a JSON document over several lines, or a bad first line: read whole
        except LimitError:
            value = None
        more = any(raw.strip() for raw in handle)
        if json_family(first_line_parses=True, more_follows=more, suffix=path.suffix) != "jsonl":
            return None
    snapshot = number == 1 and isinstance(value, dict) and value.get("object") == _SNAPSHOT_HEADER
    return Layout(info.st_size, snapshot)


def line_ranges(
    path: Path, size: int, *, label: str | None = None, layout: Layout | None = None
) -> Iterator[LineRange]:
    """``path`` cut into ranges of whole lines, each about ``size`` bytes (at least one line),
    in order; each knows the number of its first line. Reads the file once, ``size`` bytes at
    a time."""
    name = label if label is not None else str(path)
    snapshot = layout.snapshot if layout is not None else False
    with path.open("rb") as handle:
        total = handle.seek(0, io.SEEK_END)
        start, line = 0, 1
        while start < total:
            handle.seek(start)
            chunk = handle.read(size)
            if start + len(chunk) < total and not chunk.endswith(b"\n"):
                chunk += handle.readline()  # the cut fell inside a line: take it whole
            end = start + len(chunk)
            yield LineRange(str(path), name, start, end, line, snapshot, total - end)
            line += chunk.count(b"\n")
            start = end


def read_range(part: LineRange) -> Iterator[RawPayload | InputProblem]:
    """The payloads and problems of one range, numbered by their line in the whole file."""
    with Path(part.path).open("rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.end - part.start)
    lines = _binary_lines(io.BytesIO(data))
    if part.start == 0:
        lines = _strip_bom(lines)
    only = _SNAPSHOT_PAYLOADS if part.snapshot else None
    yield from _read_jsonl(lines, part.label, first=part.first_line, only=only)


def _strip_bom(lines: Iterator[Line]) -> Iterator[Line]:
    for at, line in enumerate(lines):
        yield line.removeprefix(_BOM) if at == 0 and isinstance(line, str) else line

"""Read payload files, folders and stdin into :class:`RawPayload` values, or problems.

Each path is a file, a folder (walked as every command walks one, :mod:`migrate.readers.files`:
in name order, skipping hidden entries, vendored folders, virtualenvs and what ``.gitignore``
files exclude; keeping the extensions in :data:`~migrate.readers.detect.PAYLOAD_SUFFIXES`) or
``-`` for stdin. The format of each input is detected from its content (see
:mod:`migrate.readers.detect`). A UTF-8 byte order mark is ignored.

* **JSON**: an object is one payload, passed through as is (events and session objects are
  unwrapped later); an array gives one payload per element (``SourceRef.index``).
* **JSON Lines**: one payload per non-blank line (``SourceRef.line``), read as a stream:
  memory does not grow with the file.
* **form**: one body per line; a file whose every line is a single ``key=value`` pair is one
  body. ``#`` lines are comments.
* **curl**: one payload per command (:mod:`migrate.readers.curl`); ``meta`` has ``method``,
  ``endpoint``, ``body_format`` (``form``/``json``), ``stripe_version`` when a header gave it,
  and ``auth: "redacted"`` when credentials were present. No secret is kept.

JSON numbers: integers stay ``int``; numbers with a fraction or exponent (and ``NaN``,
``Infinity``) become :class:`decimal.Decimal`, so amounts such as ``unit_amount_decimal`` are
never rounded through ``float``.

Nothing raises for bad input: one bad item (a broken JSON Lines record, a non-object array
element, a malformed form key, a broken curl command, an item past the limits of
:mod:`migrate.readers.limits`: nested too deep, a number too long) is an :class:`InputProblem`
with the file, the 1-based line (and the column for JSON syntax errors, or the JSON path of the
value past a limit), and reading goes on. A file that cannot be read at all (missing,
unreadable, not UTF-8, empty) is one problem, and the next path goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import BinaryIO, Final, TextIO

from migrate.readers.base import Format, InputProblem, RawPayload, SourceRef
from migrate.readers.curl import CurlCommand, iter_curl_commands, redact
from migrate.readers.detect import (
    PAYLOAD_SUFFIXES,
    format_for_suffix,
    is_form_body,
    json_family,
    starts_json,
    text_format,
)
from migrate.readers.files import Unlisted, walk_files
from migrate.readers.form import FormParseError, iter_pairs, parse_pairs
from migrate.readers.limits import HINT as _HINT_LIMIT
from migrate.readers.limits import LimitError, check, decode, loads
from migrate.readers.sniff import looks_like_payload

__all__ = ["iter_inputs", "payload_files", "read_file", "read_stream"]

Item = RawPayload | InputProblem

_BOM = "\ufeff"
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal)

_HINT_JSONL = "fix or remove this line; the other lines are read"
_HINT_JSON = "fix the JSON syntax at that position"
_HINT_OBJECT = "each payload must be a JSON object (a request body, session or event)"
_HINT_FORMATS = "give JSON, JSON Lines, form-encoded bodies (key=value&...) or curl commands"
_HINT_UTF8 = "save the file as UTF-8 text"


class _Undecodable:
    """Stands for a line whose bytes are not UTF-8."""


_UNDECODABLE: Final = _Undecodable()
Line = str | _Undecodable


def iter_inputs(paths: Sequence[str], *, stdin: TextIO | None = None) -> Iterator[Item]:
    """Every payload, or problem, found in ``paths`` in order; ``-`` reads ``stdin``.

    ``stdin`` defaults to :data:`sys.stdin`.
    """
    for given in paths:
        if given == "-":
            yield from read_stream(stdin if stdin is not None else sys.stdin, label="-")
        elif _is_folder(Path(given)):
            yield from _read_folder(Path(given), given)
        else:
            yield from read_file(Path(given), label=given)


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False  # opening it as a file then reports why


def read_file(path: Path, *, label: str | None = None) -> Iterator[Item]:
    """The payloads of one file; ``label`` names it in sources (default: the path)."""
    name = label if label is not None else str(path)
    try:
        handle = path.open("rb")
    except OSError as err:
        yield _file_problem(name, path.suffix, *_os_problem(err))
        return
    with handle:
        try:
            yield from _read_lines(_binary_lines(handle), name, path.suffix, path.parent)
        except OSError as err:
            yield _file_problem(name, path.suffix, *_os_problem(err))


def read_stream(stream: TextIO, *, label: str = "-") -> Iterator[Item]:
    """The payloads of an open text stream (stdin); ``curl -d @file`` is relative to cwd."""
    return _read_lines(_text_lines(stream), label, "", None)


def _read_folder(folder: Path, label: str) -> Iterator[Item]:
    found = False
    for item in _walk(folder, label):
        found = True
        yield item
    if not found:
        yield _file_problem(
            label,
            "",
            "no payload files in folder",
            f"payload files end in {', '.join(sorted(PAYLOAD_SUFFIXES))}",
        )


def _walk(folder: Path, label: str) -> Iterator[Item]:
    """The payload files of a folder tree (``migrate/readers/files.py`` walks it); a folder that
    cannot be listed is a problem. Only regular files are read: a FIFO would block."""
    for found in walk_files(folder, PAYLOAD_SUFFIXES):
        if isinstance(found, Unlisted):
            name = label if found.path == folder else str(found.path)
            yield _file_problem(name, "", *_os_problem(found.error))
        elif found.is_file():
            yield from read_file(found, label=str(found))


def payload_files(paths: Sequence[str], *, keep: frozenset[str] = frozenset()) -> list[str]:
    """The payload files behind ``paths``: each folder searched as :func:`iter_inputs` searches
    it (a folder that cannot be listed is left out), keeping the files whose content shows a
    Stripe payload (``migrate/readers/sniff.py``: a project's ``package.json`` or translation
    catalogs are not payloads) and those named in ``keep``; each other path as given."""
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if _is_folder(path):
            files.extend(
                str(found)
                for found in walk_files(path, PAYLOAD_SUFFIXES)
                if isinstance(found, Path)
                and found.is_file()
                and (found.name in keep or looks_like_payload(found))
            )
        else:
            files.append(given)
    return files


def _binary_lines(handle: BinaryIO) -> Iterator[Line]:
    for raw in handle:
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield _UNDECODABLE


def _text_lines(stream: TextIO) -> Iterator[Line]:
    try:
        yield from stream
    except UnicodeDecodeError:
        yield _UNDECODABLE


def _read_lines(
    lines: Iterator[Line], label: str, suffix: str, base_dir: Path | None
) -> Iterator[Item]:
    """Detects the format from the first lines, then hands the whole stream to its reader."""
    head: list[str] = []
    for line in lines:
        if isinstance(line, _Undecodable):
            yield _file_problem(label, suffix, "not UTF-8 text", _HINT_UTF8)
            return
        head.append(line.removeprefix(_BOM) if not head else line)
        if head[-1].strip():
            break
    else:
        yield _file_problem(label, suffix, "file is empty", _HINT_FORMATS)
        return
    if "\x00" in head[-1]:
        yield _file_problem(label, suffix, "binary file, not text", _HINT_FORMATS)
    elif starts_json(head[-1]):
        yield from _read_json_family(head, lines, label, suffix)
    else:
        yield from _read_text(head, lines, label, suffix, base_dir)


def _read_json_family(
    head: list[str], lines: Iterator[Line], label: str, suffix: str
) -> Iterator[Item]:
    try:
        decode(head[-1], _DECODER)
        parses = True
    except json.JSONDecodeError:
        parses = False
    except LimitError:
        parses = True  # whole, but too deep or too long to read: a JSON Lines record
    peeked: list[Line] = []
    more = False
    if parses:
        for line in lines:
            peeked.append(line)
            if isinstance(line, _Undecodable) or line.strip():
                more = True
                break
    rest = chain(head, peeked, lines)
    if json_family(first_line_parses=parses, more_follows=more, suffix=suffix) == "jsonl":
        yield from _read_jsonl(rest, label)
        return
    text = _join(rest)
    if text is None:
        yield _file_problem(label, suffix, "not UTF-8 text", _HINT_UTF8)
    else:
        yield from _read_json_document(text, label)


def _join(lines: Iterable[Line]) -> str | None:
    """All lines as one text, or ``None`` when some line is not UTF-8."""
    parts: list[str] = []
    for line in lines:
        if isinstance(line, _Undecodable):
            return None
        parts.append(line)
    return "".join(parts)


_SNAPSHOT_HEADER: Final = "stripe2dodo.snapshot"
_SNAPSHOT_PAYLOADS: Final = frozenset({"checkout.session"})


def _read_jsonl(
    lines: Iterable[Line], label: str, *, first: int = 1, only: frozenset[str] | None = None
) -> Iterator[Item]:
    """One payload per line, streamed (the hot path: keep it lean); ``first`` is the number of
    the first line (a byte range of a file starts further on: ``migrate/readers/ranges.py``).

    A stripe2dodo snapshot (its first line is the snapshot header) is JSON Lines too: its
    payloads are the recorded checkout sessions (``only``); the catalog lines are for ``plan``.
    """
    for number, line in enumerate(lines, start=first):
        if isinstance(line, _Undecodable):
            yield _problem(label, "jsonl", number, "line is not UTF-8 text", _HINT_UTF8)
            continue
        try:
            value = loads(line, _DECODER)
        except json.JSONDecodeError as err:
            if line.strip():
                yield _json_problem(label, "jsonl", err, number, _HINT_JSONL)
            continue
        except LimitError as err:
            yield _limit_problem(SourceRef(label, "jsonl", number), err)
            continue
        if value.__class__ is dict:
            if number == 1 and value.get("object") == _SNAPSHOT_HEADER:
                only = _SNAPSHOT_PAYLOADS
                continue
            if only is None or value.get("object") in only:
                yield RawPayload(SourceRef(label, "jsonl", number), value)
        else:
            yield _problem(label, "jsonl", number, _not_object("record", value), _HINT_OBJECT)


def _read_json_document(text: str, label: str) -> Iterator[Item]:
    try:
        value = decode(text, _DECODER)
    except json.JSONDecodeError as err:
        yield _json_problem(label, "json", err, None, _HINT_JSON)
        return
    except LimitError as err:
        yield _limit_problem(SourceRef(label, "json"), err)
        return
    if isinstance(value, dict):
        yield _checked(RawPayload(SourceRef(label, "json"), value))
    elif value == []:
        yield InputProblem(SourceRef(label, "json"), "JSON array is empty", _HINT_OBJECT)
    elif isinstance(value, list):
        for index, element in enumerate(value):
            source = SourceRef(label, "json", index=index)
            if isinstance(element, dict):
                yield _checked(RawPayload(source, element))
            else:
                message = _not_object("array element", element)
                yield InputProblem(source, message, _HINT_OBJECT)
    else:
        message = _not_object("JSON document", value)
        yield InputProblem(SourceRef(label, "json", line=1), message, _HINT_OBJECT)


def _read_text(
    head: list[str], lines: Iterator[Line], label: str, suffix: str, base_dir: Path | None
) -> Iterator[Item]:
    """curl or form content, read whole (such files are small)."""
    text = _join(chain(head, lines))
    if text is None:
        yield _file_problem(label, suffix, "not UTF-8 text", _HINT_UTF8)
        return
    all_lines = [line.rstrip("\r") for line in text.split("\n")]
    found = text_format(text, all_lines, suffix)
    if found == "curl":
        yield from _read_curl(text, label, base_dir)
    elif found == "form":
        yield from _read_form(all_lines, label)
    else:
        yield _problem(
            label, format_for_suffix(suffix), None, "unrecognised content", _HINT_FORMATS
        )


def _read_curl(text: str, label: str, base_dir: Path | None) -> Iterator[Item]:
    found = False
    for result in iter_curl_commands(text, base_dir=base_dir):
        found = True
        source = SourceRef(label, "curl", line=result.line, index=result.index)
        if isinstance(result, CurlCommand):
            yield _checked(RawPayload(source, result.data, _curl_meta(result)))
        else:
            yield InputProblem(source, result.message, result.hint)
    if not found:
        yield _problem(
            label, "curl", None, "no curl command found", "start each command with: curl URL"
        )


def _curl_meta(command: CurlCommand) -> dict[str, str]:
    meta = {
        "method": command.method,
        "endpoint": command.endpoint,
        "body_format": command.body_format,
    }
    if command.stripe_version:
        meta["stripe_version"] = command.stripe_version
    if command.auth:
        meta["auth"] = "redacted"
    if command.idempotency_key and "$" not in command.idempotency_key:
        meta["idempotency_key"] = command.idempotency_key  # a usage event's event_id (UE014)
    return meta


def _read_form(lines: list[str], label: str) -> Iterator[Item]:
    bodies: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if is_form_body(stripped):
            bodies.append((number, stripped))
        else:
            yield _problem(
                label, "form", number, "line is not a form-encoded body", "write key=value&..."
            )
    if len(bodies) > 1 and all("&" not in body for _, body in bodies):
        yield _form_payload(label, bodies)
    else:
        for body in bodies:
            yield _form_payload(label, [body])


def _form_payload(label: str, bodies: list[tuple[int, str]]) -> Item:
    """One payload from one or more lines of pairs; a bad key names its own line."""
    current = bodies[0][0]

    def pairs() -> Iterator[tuple[str, str]]:
        nonlocal current
        for number, body in bodies:
            current = number
            yield from iter_pairs(body)

    try:
        data = parse_pairs(pairs())
    except FormParseError as err:
        return _problem(label, "form", current, redact(err.message), err.hint or "")
    return _checked(RawPayload(SourceRef(label, "form", bodies[0][0]), data))


def _checked(payload: RawPayload) -> Item:
    """The payload, or the problem of its first value past a limit (nested too deep, a number
    too long): such an item is unreadable, the others are read."""
    found = check(payload.data)
    if found is None:
        return payload
    return InputProblem(
        replace(payload.source, path=found.path or None), found.message, _HINT_LIMIT
    )


def _limit_problem(source: SourceRef, err: LimitError) -> InputProblem:
    """A document or record that breaks a limit: at its line and column, or its JSON path."""
    if err.line is not None:
        line = err.line if source.line is None else source.line + err.line - 1
        source = replace(source, line=line, column=err.column)
    elif err.path:
        source = replace(source, path=err.path)
    return InputProblem(source, err.message, _HINT_LIMIT)


def _not_object(what: str, value: object) -> str:
    kind = {
        list: "an array",
        str: "a string",
        int: "a number",
        Decimal: "a number",
        bool: "a boolean",
    }.get(type(value), "null")
    return f"{what} is {kind}, not an object"


def _json_problem(
    label: str, fmt: Format, err: json.JSONDecodeError, line: int | None, hint: str
) -> InputProblem:
    """A syntax error; ``line`` overrides the error's own line (JSON Lines records)."""
    source = SourceRef(label, fmt, line=line if line is not None else err.lineno, column=err.colno)
    return InputProblem(source, f"invalid JSON: {err.msg}", hint)


def _problem(label: str, fmt: Format, line: int | None, message: str, hint: str) -> InputProblem:
    return InputProblem(SourceRef(label, fmt, line=line), message, hint)


def _file_problem(label: str, suffix: str, message: str, hint: str) -> InputProblem:
    return InputProblem(SourceRef(label, format_for_suffix(suffix)), message, hint)


def _os_problem(err: OSError) -> tuple[str, str]:
    """Message and hint for a file that cannot be opened or read."""
    if isinstance(err, FileNotFoundError):
        return "file not found", "check the path"
    if isinstance(err, IsADirectoryError):
        return "is a folder, not a file", "give a file path"
    if isinstance(err, PermissionError):
        return "permission denied", "make the file readable"
    reason = err.strerror.lower() if err.strerror else type(err).__name__
    return f"cannot read: {reason}", "check the file"

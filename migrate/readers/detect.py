"""Which reader a file needs, decided by its content; the extension only breaks ties.

The rules, in order:

1. The first non-blank line starts with ``{`` or ``[``: JSON or JSON Lines.

   * it parses on its own and more non-blank content follows: **JSON Lines**;
   * it parses on its own and nothing follows: one **JSON** document, or JSON Lines when the
     extension is ``.jsonl``/``.ndjson``;
   * it does not parse on its own: a multi-line **JSON** document, or JSON Lines (whose first
     record is broken) when the extension is ``.jsonl``/``.ndjson``.

2. Otherwise, some line starts with ``curl`` (after blanks and an optional ``$`` prompt), or
   prose holds ``curl <http(s) URL>``: **curl**.
3. Otherwise, the first non-blank line that is not a ``#`` comment starts like a form body:
   a name of letters, digits, ``_.~-%``, optional ``[...]`` segments, then ``=`` not followed
   by another ``=`` (so ``requests==2.0`` or ``stripe>=16`` are not forms): **form**. Later
   lines only need a key without blanks and an ``=``.
4. Otherwise ``.curl``/``.sh`` files are **curl** (they then report "no curl command");
   anything else is not recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from migrate.readers.base import Format
from migrate.readers.curl import has_curl_command

__all__ = [
    "JSON_LINES_SUFFIXES",
    "PAYLOAD_SUFFIXES",
    "format_for_suffix",
    "is_form_body",
    "json_family",
    "starts_json",
    "text_format",
]

PAYLOAD_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson", ".form", ".txt", ".curl", ".sh"})
"""Files a folder scan picks up."""

JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_CURL_SUFFIXES = frozenset({".curl", ".sh"})
_FORM_BODY = re.compile(r"[^\s=&]+=")
_FORM_FIRST_BODY = re.compile(r"[A-Za-z0-9_.~%-]+(?:\[[^\s\[\]=&]*\])*=(?!=)")


def starts_json(first_line: str) -> bool:
    """Whether the first non-blank line opens a JSON object or array."""
    return first_line.lstrip()[:1] in ("{", "[")


def json_family(
    *, first_line_parses: bool, more_follows: bool, suffix: str
) -> Literal["json", "jsonl"]:
    """JSON (one document) or JSON Lines, from what the first non-blank line showed."""
    if first_line_parses and more_follows:
        return "jsonl"
    return "jsonl" if suffix.lower() in JSON_LINES_SUFFIXES else "json"


def is_form_body(line: str) -> bool:
    """Whether a stripped line looks like ``key=value[&key=value...]``."""
    return _FORM_BODY.match(line) is not None


def text_format(text: str, lines: Iterable[str], suffix: str) -> Literal["curl", "form"] | None:
    """curl, form or unrecognised, for a text that is not JSON (``lines`` are its lines)."""
    if has_curl_command(text):
        return "curl"
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            if _FORM_FIRST_BODY.match(stripped):
                return "form"
            break
    return "curl" if suffix.lower() in _CURL_SUFFIXES else None


def format_for_suffix(suffix: str) -> Format:
    """The format a file's extension suggests, for problems found before its content is read."""
    suffix = suffix.lower()
    if suffix in JSON_LINES_SUFFIXES:
        return "jsonl"
    if suffix == ".form":
        return "form"
    if suffix in _CURL_SUFFIXES:
        return "curl"
    return "json"

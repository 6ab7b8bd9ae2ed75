"""C#'s literals as values: numbers, strings (regular, verbatim, raw) and interpolated strings
without holes (``migrate/scan/lang/csharp.py`` reads them)."""

from __future__ import annotations

import textwrap
from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import c_escape, string_text


def csharp_number(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "")
    try:
        if flat[:2].lower() in ("0x", "0b"):
            return (int(flat.rstrip("uUlL"), 0),)
        if flat.rstrip("uUlL").isdigit():
            return (int(flat.rstrip("uUlL")),)
        return (float(flat.rstrip("fFdDmM")),)
    except ValueError:
        return None


def csharp_string(node: SgNode) -> str:
    return string_text(node, ("string_literal_content",), _unescape)


def csharp_raw_string(node: SgNode) -> str:
    content = "".join(c.text() for c in node.children() if c.kind() == "raw_string_content")
    if "\n" not in content:
        return content
    lines = content.split("\n")[1:]  # the opening line break, then the content lines
    closing = lines.pop() if lines and not lines[-1].strip() else ""
    return (
        "\n".join(line.removeprefix(closing) for line in lines)
        if closing
        else textwrap.dedent("\n".join(lines))
    )


def csharp_interpolated(node: SgNode) -> tuple[Any] | None:
    """``$"..."`` without holes is a plain string; with holes it is known at run time."""
    verbatim = False
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "interpolation":
            return None
        if kind == "interpolation_start":
            verbatim = "@" in child.text()
        elif kind == "string_content":
            raw = child.text().replace("{{", "{").replace("}}", "}")
            parts.append(raw.replace('""', '"') if verbatim else raw)
        elif kind == "escape_sequence":
            parts.append(_unescape(child.text()))
    return ("".join(parts),)


def _unescape(source: str) -> str:
    """One escape sequence (``\\n``, ``\\u00e9``, ``\\x41``)."""
    if source[1:2] == "x":  # \x takes 1-4 hex digits
        try:
            return chr(int(source[2:], 16))
        except ValueError:
            return source
    return c_escape(source)

"""A form-encoded request body written as a PHP interpolated string.

``$data = "customer=$cid&line_items[][price]=price_1&mode=subscription&..."`` posted with
``curl_setopt($ch, CURLOPT_POSTFIELDS, $data)``: the string is known only at run time as a
whole, so no field of it was read (RT007 blocked the call: "no line item"). Its literal parts
are the form's keys and most of its values; each interpolated name (``$cid``, ``{$user->id}``)
is a run-time value of the field it stands in. A key that an interpolation builds is a run-time
part of the params, never dropped.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.readers.form import FormParseError, iter_pairs
from migrate.scan.extract import Dynamic, Extractor, dynamic_marker

_STRING: Final = "encapsed_string"
_TEXT: Final = frozenset({"string_content", "string_value", "escape_sequence"})
_SKIP: Final = frozenset({'"', "{", "}"})
_HOLE: Final = "s2dhole{}x"
_HOLES: Final = re.compile(r"s2dhole(\d+)x")


def interpolated_form(
    node: SgNode, ex: Extractor, whole: list[Dynamic]
) -> list[tuple[str, Any]] | None:
    """The ``(key, value)`` pairs of a form body that is (or is a name bound to) a PHP
    interpolated string, each interpolation a run-time value; None for any other body. A pair
    whose key holds an interpolation is added to ``whole`` (a run-time part of the params)."""
    string = node
    if string.kind() != _STRING and ex.family == "php" and node.kind() == "variable_name":
        found = ex.binding(node)
        string = ex.unwrap(found[0]) if found is not None else node
    if string.kind() != _STRING:
        return None
    holes: list[str] = []
    text = []
    for child in string.children():
        kind = child.kind()
        if kind in _TEXT:
            text.append(child.text())
        elif kind not in _SKIP:
            text.append(_HOLE.format(len(holes)))
            holes.append(child.text())
    if not holes or "=" not in "".join(text):
        return None
    try:
        pairs = list(iter_pairs("".join(text)))
    except FormParseError:
        return None
    out: list[tuple[str, Any]] = []
    for key, value in pairs:
        if _HOLES.search(key):
            whole.append(Dynamic("", _php(key, holes)))
            continue
        out.append((key, _value(value, holes)))
    return out


def _value(value: str, holes: list[str]) -> Any:
    found = _HOLES.fullmatch(value)
    if found is not None:
        return dynamic_marker(holes[int(found.group(1))])
    if _HOLES.search(value) is None:
        return value
    return dynamic_marker(_php(value, holes))


def _php(text: str, holes: list[str]) -> str:
    """``text`` with its holes as PHP: the concatenation of its literal parts and holes."""
    parts: list[str] = []
    at = 0
    for found in _HOLES.finditer(text):
        if found.start() > at:
            parts.append(_quoted(text[at : found.start()]))
        parts.append(holes[int(found.group(1))])
        at = found.end()
    if at < len(text):
        parts.append(_quoted(text[at:]))
    return " . ".join(parts)


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

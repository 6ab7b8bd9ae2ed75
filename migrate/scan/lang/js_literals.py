"""JavaScript and TypeScript literals: a value written as a JavaScript expression, and the
number and string literals of the grammar read as Python values."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import OMIT, c_escape, string_text


def js_source(value: Any) -> str:
    """``value`` written as a JavaScript expression (a marker is its source text)."""
    if type(value) is dict:
        if value and next(iter(value)) == "$dynamic":
            return str(value["$dynamic"])
        return "{" + ", ".join(f"{json.dumps(k)}: {js_source(v)}" for k, v in value.items()) + "}"
    if type(value) is list:
        return "[" + ", ".join(js_source(v) for v in value) + "]"
    if value is None or value is OMIT:
        return "undefined"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return json.dumps(value)
    return repr(value)


def js_number(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").rstrip("n")
    try:
        if flat[:2].lower() in ("0x", "0o", "0b"):
            return (int(flat, 0),)
        number = float(flat)
    except ValueError:
        return None
    if number.is_integer() and not any(c in flat for c in ".eE"):
        return (int(number),)
    return (number,)


def js_string(node: SgNode) -> str:
    return string_text(node, ("string_fragment",), _escape)


def _escape(source: str) -> str:
    if source.startswith("\\u{") and source.endswith("}"):
        try:
            return chr(int(source[3:-1], 16))
        except ValueError:
            return source
    if source[1:2] in ("\n", "\r"):  # line continuation
        return ""
    return c_escape(source)


def js_template(node: SgNode, known: Callable[[SgNode], Any]) -> str | None:
    """The text a template string gives when each of its substitutions is ``known`` as a
    string or a whole number (``${DOMAIN}/ok`` with ``const DOMAIN = "https://x.com"``); None
    when one is anything else (a value known only at run time, an object)."""
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_fragment":
            parts.append(child.text())
        elif kind == "escape_sequence":
            parts.append(_escape(child.text()))
        elif kind == "template_substitution":
            inner = [c for c in child.named_children() if c.kind() != "comment"]
            got = known(inner[0]) if len(inner) == 1 else None
            if type(got) is not str and type(got) is not int:
                return None
            parts.append(str(got))
    return "".join(parts)

"""Ruby source as the scanner reads it: string, symbol and number literals, hash keys, and what
a file declares (its constants outside methods, its ``def``s by class or module), each read once
per file. The extractor is ``migrate/scan/lang/ruby.py``."""

from __future__ import annotations

import codecs
import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache
from migrate.scan.hashflow_values import inside
from migrate.scan.nodes import of_kind

METHODS: Final = frozenset({"method", "singleton_method"})
CONTAINERS: Final = frozenset({"class", "module", "singleton_class"})
DECLARING: Final = frozenset(
    {
        "method_parameters",
        "block_parameters",
        "lambda_parameters",
        "optional_parameter",
        "keyword_parameter",
        "splat_parameter",
        "hash_splat_parameter",
        "block_parameter",
    }
)
"""The nodes an identifier declares a parameter in (not a use of a name)."""
_SIMPLE_ESCAPES: Final = {"s": " ", "e": "\x1b", "a": "\a", "b": "\b", "0": "\0"}


def constants(node: SgNode) -> dict[str, list[tuple[SgNode, SgNode, SgNode | None]]]:
    """Every constant assignment outside methods in the file of ``node``, by name: the
    assignment, its value and the class or module around it (read once per file)."""
    cache = file_cache(node)
    found: dict[str, list[tuple[SgNode, SgNode, SgNode | None]]] | None = cache.get(
        "ruby-constants"
    )
    if found is None:
        found = {}
        for assignment in of_kind(node.get_root().root(), "assignment"):
            target, value = assignment.field("left"), assignment.field("right")
            if target is None or value is None or target.kind() != "constant":
                continue
            around = list(assignment.ancestors())
            if any(a.kind() in METHODS for a in around):
                continue
            container = next((a for a in around if a.kind() in CONTAINERS), None)
            found.setdefault(target.text(), []).append((assignment, value, container))
        cache["ruby-constants"] = found
    return found


def methods(node: SgNode) -> dict[tuple[SgNode | None, str], SgNode]:
    """Every ``def`` in the file of ``node`` by the class or module around it (None outside
    any) and name: the last of each (Ruby keeps the last definition). Read once per file."""
    cache = file_cache(node)
    found: dict[tuple[SgNode | None, str], SgNode] | None = cache.get("ruby-methods")
    if found is None:
        found = {}
        for method in of_kind(node.get_root().root(), "method"):
            name = method.field("name")
            if name is not None:
                container = next((a for a in method.ancestors() if a.kind() in CONTAINERS), None)
                found[(container, name.text())] = method
        cache["ruby-methods"] = found
    return found


def method_of(node: SgNode, name: str) -> SgNode | None:
    """The method ``name`` a call at ``node`` reaches without a receiver: one of the class or
    module around it (not the method the call is in)."""
    container = next((a for a in node.ancestors() if a.kind() in CONTAINERS), None)
    method = methods(node).get((container, name))
    if method is None or inside(node, method):
        return None
    return method


def container_name(node: SgNode) -> str:
    name = node.field("name")
    return name.text().rsplit("::", 1)[-1] if name is not None else ""


def interpolated(node: SgNode) -> bool:
    return any(c.kind() == "interpolation" for c in node.children())


def key_of(node: SgNode) -> str | None:
    kind = node.kind()
    if kind == "hash_key_symbol":
        return node.text()
    if kind == "simple_symbol":
        return node.text().removeprefix(":")
    if kind in ("string", "delimited_symbol") and not interpolated(node):
        return ruby_string(node)
    if kind == "integer":
        got = ruby_integer(node.text())
        return str(got[0]) if got is not None else None
    return None  # computed keys


def ruby_string(node: SgNode) -> str:
    """A string, symbol or ``%w`` word's content with its escapes read (a single-quoted
    string only knows ``\\\\`` and ``\\'``)."""
    raw = node.text()
    single = raw.startswith(("'", "%q", ":'"))
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_content":
            content = child.text()
            if single:
                content = content.replace("\\\\", "\x00").replace("\\'", "'").replace("\x00", "\\")
            parts.append(content)
        elif kind == "escape_sequence":
            parts.append(_escape(child.text()))
    return "".join(parts)


def _escape(source: str) -> str:
    body = source[1:]
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    if body[:1] in ("\n", "\r"):  # line continuation
        return ""
    if body.startswith("u{") and body.endswith("}"):
        try:
            return "".join(chr(int(cp, 16)) for cp in body[2:-1].split())
        except ValueError:
            return source
    try:
        return codecs.decode(source, "unicode_escape")
    except UnicodeDecodeError:
        return body


def ruby_integer(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").lower()
    sign = -1 if flat.startswith("-") else 1
    flat = flat.lstrip("+-")
    try:
        if flat.startswith("0d"):
            return (sign * int(flat[2:]),)
        if flat[:2] in ("0x", "0o", "0b"):
            return (sign * int(flat, 0),)
        if len(flat) > 1 and flat.startswith("0"):
            return (sign * int(flat, 8),)
        return (sign * int(flat),)
    except ValueError:
        return None  # 3r, 2i


def ruby_float(source: str) -> tuple[Any] | None:
    try:
        return (float(source.replace("_", "")),)
    except ValueError:
        return None


def is_number(node: SgNode) -> bool:
    """Whether ``node`` (a unary operation) holds one number literal: ``-5``, ``+1.5``."""
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() in ("integer", "float")


def symbol_key(key: str) -> str:
    """A hash key as Ruby writes it before its value: ``price:``, ``"a-b" =>``."""
    if re.fullmatch(r"[A-Za-z_]\w*", key):
        return f"{key}:"
    return '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '" =>'


def block_params(block: SgNode) -> list[str]:
    """The names of a block's plain parameters (``|price, qty|``), in order."""
    params = block.field("parameters")
    if params is None:
        return []
    return [c.text() for c in params.named_children() if c.kind() == "identifier"]


def param_count(block: SgNode) -> int:
    """How many parameters a block declares, of any kind (``|(a, b), i|`` has two)."""
    params = block.field("parameters")
    return len([c for c in params.named_children() if c.kind() != "comment"]) if params else 0

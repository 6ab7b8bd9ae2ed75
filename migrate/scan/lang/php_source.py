"""PHP source as the scanner reads it: the text its parser is given (``parser_text``), string
and number literals, and what a file declares (its ``use`` imports and ``class_alias`` calls,
classes, functions, where variables get values without an assignment), each read once per
file. The extractor is ``migrate/scan/lang/php.py``."""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import arguments, file_cache, start
from migrate.scan.nodes import is_comment, of_kind

CLASSES: Final = frozenset(
    {"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"}
)
_DECLARING: Final = frozenset(
    {
        "foreach_statement",
        "pair",
        "by_ref",
        "global_declaration",
        "static_variable_declaration",
        "list_literal",
        "catch_clause",
    }
)
"""Where a variable gets a value without an assignment (``foreach (... as $x)``)."""
_SIMPLE_ESCAPES: Final = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "e": "\x1b",
    "f": "\f",
    "\\": "\\",
    "$": "$",
    '"': '"',
    "'": "'",
}
_OPEN_TAG: Final = re.compile(r"<\?(?:php\b|=)", re.I)
_PHP_LEXEME: Final = re.compile(r"""'|"|/\*|//|#(?!\[)|<<<[ \t]*(["']?)([A-Za-z_]\w*)\1|\?>""")
_LINE_OR_CLOSE: Final = re.compile(r"\r|\n|\?>")
_NUMERIC_ESCAPE: Final = re.compile(r"^\\(?:x([0-9A-Fa-f]{1,2})|([0-7]{1,3})|u\{([0-9A-Fa-f]+)\})$")


def file_functions(node: SgNode) -> dict[str, SgNode]:
    """The functions declared in the file of ``node`` (outside classes), by lowercased name:
    the first of each (read once per file)."""
    cache = file_cache(node)
    found: dict[str, SgNode] | None = cache.get("php-functions")
    if found is None:
        found = {}
        for function in of_kind(node.get_root().root(), "function_definition"):
            name = function.field("name")
            if name is not None:
                found.setdefault(name.text().lower(), function)
        cache["php-functions"] = found
    return found


def class_method(cls: SgNode, name: str) -> SgNode | None:
    body = cls.field("body")
    for member in body.named_children() if body is not None else []:
        found = member.field("name") if member.kind() == "method_declaration" else None
        if found is not None and found.text().lower() == name.lower():
            return member
    return None


def declarations(scope: SgNode) -> dict[str, list[int]]:
    """Where each variable of ``scope`` gets a value without an assignment (a ``foreach``
    element, ``global``, ``list()``), read once per scope."""
    cache = file_cache(scope)
    key = ("php-declarations", scope)
    found: dict[str, list[int]] | None = cache.get(key)
    if found is None:
        found = {}
        for variable in scope.find_all(kind="variable_name"):
            parent = variable.parent()
            if parent is None or parent.kind() not in _DECLARING:
                continue
            owner = parent.parent() if parent.kind() == "pair" else None
            if parent.kind() == "pair" and (owner is None or owner.kind() != "foreach_statement"):
                continue
            found.setdefault(variable.text(), []).append(start(variable))
        cache[key] = found
    return found


def file_imports(node: SgNode) -> dict[str, str]:
    """``_imports`` of the file ``node`` is in, read once per file."""
    cache = file_cache(node)
    found: dict[str, str] | None = cache.get("php-imports")
    if found is None:
        found = cache["php-imports"] = _imports(node.get_root().root())
    return found


def parser_text(source: str) -> str:
    """``source`` with its inline HTML (``?> ... <?php``) blanked for the parser: ``?>`` becomes
    ``;`` (it ends a statement), the HTML and the next open tag spaces (line breaks kept), so
    every offset stays. tree-sitter-php loses whole files to template code inside functions
    (``{ ?>style="..."<?php }``); the calls around it are what the scan reads. Unchanged when
    there is no ``?>``. Strings, heredocs and comments are skipped (``?>`` ends a ``//``
    comment, as in PHP). The HTML before the first open tag is blanked too: a template that
    starts ``<html lang="ja"><?php`` was one parse error, its calls lost."""
    opening = _OPEN_TAG.search(source)
    if opening is None:
        return source
    leading = not source[: opening.start()].isspace() and opening.start() > 0
    if "?>" not in source and not leading:
        return source
    out = [c if c in "\r\n" else " " for c in source[: opening.start()]]
    out.extend(source[opening.start() :])
    at = opening.end()
    while (m := _PHP_LEXEME.search(source, at)) is not None:
        lexeme, begin = m.group(), m.start()
        if lexeme in ("'", '"'):
            at = _string_end(source, m.end(), lexeme)
        elif lexeme == "/*":
            close = source.find("*/", m.end())
            at = len(source) if close < 0 else close + 2
        elif lexeme.startswith("<<<"):
            ending = re.compile(rf"^[ \t]*{re.escape(m.group(2))}\b", re.M)
            found = ending.search(source, m.end())
            at = len(source) if found is None else found.end()
        elif lexeme in ("//", "#"):
            line = _LINE_OR_CLOSE.search(source, m.end())
            at = len(source) if line is None else line.start()  # a ?> is read next
        else:  # ?>: inline HTML up to the next open tag
            reopen = _OPEN_TAG.search(source, m.end())
            finish = len(source) if reopen is None else reopen.end()
            out[begin] = ";"
            for i in range(begin + 1, finish):
                if out[i] not in "\r\n":
                    out[i] = " "
            at = finish
    return "".join(out)


def _string_end(source: str, at: int, quote: str) -> int:
    while True:
        close = source.find(quote, at)
        if close < 0:
            return len(source)
        slashes = 0
        while source[close - 1 - slashes] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return close + 1
        at = close + 1


def file_aliases(node: SgNode) -> dict[str, str]:
    """The file's ``class_alias('Full\\Name', 'Alias')`` calls: lowercased alias -> full name
    (read once per file)."""
    cache = file_cache(node)
    found: dict[str, str] | None = cache.get("php-aliases")
    if found is None:
        found = {}
        root = node.get_root().root()
        for call in of_kind(root, "function_call_expression", r"^\\?class_alias"):
            args = arguments(call)
            if len(args) >= 2 and all(a.kind() in ("string", "encapsed_string") for a in args[:2]):
                full = php_string(args[0]).replace("\\\\", "\\").strip("\\")
                found[php_string(args[1]).strip("\\").lower()] = full
        cache["php-aliases"] = found
    return found


def file_classes(node: SgNode) -> dict[str, SgNode]:
    """The classes (interfaces, traits, enums) declared in the file of ``node``, by name: the
    first of each name (read once per file)."""
    cache = file_cache(node)
    found: dict[str, SgNode] | None = cache.get("php-classes")
    if found is None:
        found = {}
        root = node.get_root().root()
        for kind in CLASSES:
            for cls in of_kind(root, kind):
                name = cls.field("name")
                if name is not None:
                    found.setdefault(name.text(), cls)
        cache["php-classes"] = found
    return found


def _imports(root: SgNode) -> dict[str, str]:
    """The file's class imports: lowercased alias (or last segment) -> full name."""
    out: dict[str, str] = {}
    for decl in of_kind(root, "namespace_use_declaration"):
        words = {c.text().lower() for c in decl.children() if not c.is_named()}
        if words & {"function", "const"}:
            continue
        prefix = ""
        group = None
        for child in decl.named_children():
            if child.kind() == "namespace_name":
                prefix = "".join(child.text().split()).strip("\\") + "\\"
            elif child.kind() == "namespace_use_group":
                group = child
        clauses = (group or decl).named_children()
        for clause in clauses:
            if clause.kind() != "namespace_use_clause":
                continue
            names = [c for c in clause.named_children() if c.kind() in ("name", "qualified_name")]
            if not names:
                continue
            full = prefix + "".join(names[0].text().split()).lstrip("\\")
            alias = names[1].text() if len(names) > 1 else full.rsplit("\\", 1)[-1]
            out[alias.lower()] = full
    return out


def php_string(node: SgNode) -> str:
    """A string literal's content with its escapes read (single quotes only know ``\\\\``
    and ``\\'``)."""
    single = node.kind() == "string" and not node.text().lstrip("bB").startswith('"')
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind in ("string_content", "string_value"):
            parts.append(child.text())
        elif kind == "escape_sequence":
            raw = child.text()
            if single:
                parts.append(raw[1:] if raw in ("\\\\", "\\'") else raw)
            else:
                parts.append(_escape(raw))
    return "".join(parts)


def _escape(source: str) -> str:
    body = source[1:]
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    match = _NUMERIC_ESCAPE.match(source)
    if match is None:
        return source  # PHP keeps unknown escapes as written
    hex_byte, octal, code_point = match.groups()
    try:
        if hex_byte is not None:
            return chr(int(hex_byte, 16))
        if octal is not None:
            return chr(int(octal, 8) & 0xFF)
        return chr(int(code_point, 16))
    except (ValueError, OverflowError):
        return source


def php_integer(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").lower()
    try:
        if flat[:2] in ("0x", "0o", "0b"):
            return (int(flat, 0),)
        if len(flat) > 1 and flat.startswith("0"):
            return (int(flat, 8),)
        return (int(flat),)
    except ValueError:
        return None


def php_float(source: str) -> tuple[Any] | None:
    try:
        return (float(source.replace("_", "")),)
    except ValueError:
        return None


def const_value(decl: SgNode, name: str) -> SgNode | None:
    for element in decl.named_children():
        if element.kind() != "const_element":
            continue
        parts = [c for c in element.named_children() if not is_comment(c)]
        if len(parts) == 2 and parts[0].text() == name:
            return parts[1]
    return None


def switch_arms(switch: SgNode) -> list[SgNode]:
    body = switch.field("body")
    kinds = ("case_statement", "default_statement")
    return [c for c in body.named_children() if c.kind() in kinds] if body is not None else []


def arm_statements(arm: SgNode) -> list[SgNode]:
    """The statements of a ``case`` (not its value)."""
    value = arm.field("value")
    return [c for c in arm.named_children() if c != value and not is_comment(c)]


def first_element(array: SgNode) -> SgNode | None:
    """The value of an array literal's first element when it has no key (``[$args, $form]``)."""
    if array.kind() != "array_creation_expression":
        return None
    elements = [c for c in array.named_children() if c.kind() == "array_element_initializer"]
    parts = [c for c in elements[0].named_children() if not is_comment(c)] if elements else []
    return parts[0] if len(parts) == 1 and not is_pair(elements[0]) else None


def is_pair(element: SgNode) -> bool:
    return any(c.kind() == "=>" for c in element.children())

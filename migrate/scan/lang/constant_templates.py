"""Templates whose every part is a constant of the file: Python's ``f"{DOMAIN}/ok"`` (and
JS/TS's `` `${DOMAIN}/ok` ``, ``js_literals.js_template``) with ``DOMAIN = "https://x.com"`` is
the text ``"https://x.com/ok"``, not a value known only at run time. A part is a constant when
``migrate/scan/wrapper_constants.py`` reads it as one (bound once at module level to a literal,
never changed) and the reader reads the same value where it is used."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.follow_base import Unfollowable
from migrate.scan.wrapper_constants import file_constant

_PLAIN: Final = re.compile(r"[^\\'\"\n\r]*")
"""A value written into the literal as it is: nothing a string literal escapes."""


def fstring_text(node: SgNode, known: Callable[[SgNode], Any]) -> str | None:
    """The text of the f-string ``node`` when each of its substitutions is ``known`` as a
    string or a whole number, with no conversion nor format (``{x!r}``, ``{x:>3}``); None for
    another string or substitution."""
    children = node.children()
    if not children or children[0].kind() != "string_start":
        return None
    start = children[0].text()
    prefix = start.rstrip("'\"")
    if "f" not in prefix.lower():
        return None
    parts = [prefix.replace("f", "").replace("F", "") + start[len(prefix) :]]
    for child in children[1:]:
        kind = child.kind()
        if kind == "string_content":
            parts.append(child.text().replace("{{", "{").replace("}}", "}"))
        elif kind == "interpolation":
            inner = [c for c in child.named_children() if c.kind() != "comment"]
            got = known(inner[0]) if len(inner) == 1 else None
            if type(got) is int:
                got = str(got)
            if type(got) is not str or not _PLAIN.fullmatch(got):
                return None
            parts.append(got)
        elif kind == "string_end":
            parts.append(child.text())
        else:
            return None
    try:
        value = ast.literal_eval("".join(parts))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if type(value) is str else None


def fstring_literal(reader: Any, node: SgNode, path: str) -> tuple[str] | None:
    """``(text,)`` of the f-string ``node`` when each of its substitutions is a constant of the
    file (:func:`constant_part`; ``reader``: the Python extractor); adjacent literals, some
    f-strings (``(f"{DOMAIN}/ok" "?session_id={CHECKOUT_SESSION_ID}")``), are one text, each
    read as its own kind (the plain one's braces are no placeholders, nor escaped)."""

    def known(part: SgNode) -> Any:
        return constant_part(reader, part, path, "python")

    if node.kind() == "concatenated_string":
        texts = [
            _plain_text(part) if (got := fstring_text(part, known)) is None else got
            for part in node.named_children()
            if part.kind() != "comment"
        ]
        return None if None in texts else ("".join(t for t in texts if t is not None),)
    if node.kind() != "string":
        return None
    text = fstring_text(node, known)
    return (text,) if text is not None else None


def _plain_text(node: SgNode) -> str | None:
    """The text of a Python string literal that is no f-string (nor bytes)."""
    if node.kind() != "string":
        return None
    try:
        value = ast.literal_eval(node.text())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return value if type(value) is str else None


def known_value(reader: Any, node: SgNode, path: str) -> Any:
    """The value ``node`` denotes, read by the follower ``reader`` without listing anything it
    meets (a key, a part of a template); None when it cannot be followed."""
    reader.quiet += 1
    try:
        return reader.evaluate(node, path)
    except Unfollowable:
        return None
    finally:
        reader.quiet -= 1


def constant_part(reader: Any, part: SgNode, path: str, family: str) -> Any:
    """The value of a template's substitution ``part`` when it names a constant of the file
    (``migrate/scan/wrapper_constants.py``) and ``reader`` reads that value where it is (no
    local of the same name); None otherwise: a name a loop or a call changes (``${i}``) is no
    constant, even where the reader follows it to one value."""
    constant = file_constant(part, family)
    if type(constant) is not str and type(constant) is not int:
        return None
    got = known_value(reader, part, path)
    return constant if got == constant and type(got) is type(constant) else None

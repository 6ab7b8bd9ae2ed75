"""Control characters in Stripe text: found before translating, never sent to Dodo.

An email address or URL (a field named ``email``, ``url``, ``*_email`` or ``*_url``, and the
URLs of ``images``) may not hold any control character: C0 and C1 controls (NUL, line breaks,
tabs, DEL), the Unicode line and paragraph separators, and the bidirectional formatting
characters that make a URL read differently from what it is. Any other text may not hold a NUL
byte. Such a value is removed from the Stripe document before it is translated, so it can reach
no Dodo body, and blocks the item (rule D018) with the path of the value.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any, Final

from migrate.findings import Outcome
from migrate.mapping.trace import Trace

__all__ = ["CODE", "control_in", "screen_controls"]

CODE: Final = "D018"
_STRICT: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_STRICT_KEY: Final = re.compile(r"(?:\A|_)(?:email|url)\Z|\Aimages\Z")
_NAMES: Final = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BS",
    0x09: "TAB",
    0x0A: "LF",
    0x0D: "CR",
    0x1B: "ESC",
    0x7F: "DEL",
}

Path = tuple[str | int, ...]


def control_in(text: str, *, strict: bool) -> str | None:
    """The first forbidden character of ``text`` (any control when ``strict``, for emails and
    URLs; a NUL byte otherwise), named for people (``NUL, U+0000``), or ``None``."""
    if strict:
        found = _STRICT.search(text)
        char = found.group() if found else None
    else:
        char = "\x00" if "\x00" in text else None
    if char is None:
        return None
    code = ord(char)
    name = _NAMES.get(code)
    return f"{name}, U+{code:04X}" if name else f"U+{code:04X}"


def screen_controls(doc: dict[str, Any], trace: Trace) -> dict[str, Any]:
    """``doc`` without its values that hold forbidden control characters, each reported as a
    blocker (D018) and recorded as blocked. ``doc`` itself is never changed: a copy is returned
    when something was removed."""
    if _surely_clean(doc):
        return doc
    found = list(_find(doc))
    if not found:
        return doc
    out = copy.deepcopy(doc)
    for path, char in found:
        where = _format(path)
        trace.emit(CODE, where, field=where, char=char)
        trace.field(where, Outcome.BLOCKED, CODE)
    # Remove the deepest and the last list elements first, so earlier paths stay valid.
    for path, _ in sorted(found, key=_removal_order, reverse=True):
        parent: Any = out
        for part in path[:-1]:
            parent = parent[part]
        del parent[path[-1]]
    return out


_KEYS_SEEN: dict[str, bool] = {}
"""Whether each key seen is an email or URL key (keys repeat from payload to payload)."""


def _strict_key(key: object) -> bool:
    if key.__class__ is not str:
        return False
    strict = _KEYS_SEEN.get(key)
    if strict is None:
        strict = _STRICT_KEY.search(key) is not None
        if len(_KEYS_SEEN) < 4096:
            _KEYS_SEEN[key] = strict
    return strict


def _surely_clean(doc: dict[str, Any]) -> bool:
    """Whether ``doc`` surely holds no forbidden character: the walk of :func:`_find` without
    the paths (the hot path). False means "look closer"."""
    stack: list[tuple[Any, bool]] = [(doc, False)]
    while stack:
        node, strict = stack.pop()
        kind = node.__class__
        if kind is dict:
            for key, value in node.items():
                vkind = value.__class__
                if vkind is str:
                    if "\x00" in value or (_strict_key(key) and _STRICT.search(value)):
                        return False
                elif vkind is dict or vkind is list:
                    stack.append((value, _strict_key(key)))
                elif isinstance(value, str | dict | list):
                    return False  # a subclass: the full walk
        elif kind is list:
            for value in node:
                vkind = value.__class__
                if vkind is str:
                    if "\x00" in value or (strict and _STRICT.search(value)):
                        return False
                elif vkind is dict or vkind is list:
                    stack.append((value, strict))
                elif isinstance(value, str | dict | list):
                    return False
        else:
            return False
    return True


def _removal_order(item: tuple[Path, str]) -> tuple[int, int]:
    path = item[0]
    return len(path), path[-1] if isinstance(path[-1], int) else -1


def _find(doc: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """``(path, character)`` of every string that holds a forbidden character, in order."""
    stack: list[tuple[Any, Path, bool]] = [(doc, (), False)]
    while stack:
        node, path, strict = stack.pop()
        if isinstance(node, str):
            char = control_in(node, strict=strict)
            if char is not None:
                yield path, char
        elif isinstance(node, dict):
            children = [
                (v, (*path, k), isinstance(k, str) and _STRICT_KEY.search(k) is not None)
                for k, v in node.items()
            ]
            stack.extend(reversed(children))
        elif isinstance(node, list):
            stack.extend(reversed([(v, (*path, i), strict) for i, v in enumerate(node)]))


def _format(path: Path) -> str:
    out: list[str] = []
    for part in path:
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}" if out else part)
    return "".join(out)

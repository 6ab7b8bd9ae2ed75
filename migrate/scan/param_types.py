"""Whether a parameter's declaration writes a type (``req *CheckoutRequest``, ``req:
CheckoutRequest``, ``CheckoutRequest request``, ``CheckoutRequest $request``): then its type, not
its name, tells whether a framework passes it (``migrate/scan/wrapper_handlers.py``)."""

from __future__ import annotations

import re
from typing import Final

_UNTYPED: Final = frozenset({"ruby"})
"""Families whose parameters declare no type (Ruby's ``request:`` is a keyword, not a type)."""

_DEFAULT: Final = re.compile(r"=(?!>).*$", re.DOTALL)
_DECORATIONS: Final = re.compile(
    r"@[\w.]+(?:\([^)]*\))?|#\[[^\]]*\]|\[[A-Z]\w*(?:\([^)]*\))?\]"
    r"|\b(?:final|readonly|public|private|protected|override|this|params|ref|out|in|vararg"
    r"|val|var|scoped|const|mut)\b"
)
"""Annotations, attributes and modifiers: written around a parameter, none is its type."""


def declares_type(declaration: str, name: str, family: str) -> bool:
    """Whether a parameter's declaration (its text in the parameter list) writes a type beside
    its name ``name`` (a default's value is none)."""
    if family in _UNTYPED or not declaration:
        return False
    rest = _DEFAULT.sub("", declaration)
    rest = _DECORATIONS.sub(" ", rest)
    rest = re.sub(rf"(?<![\w$]){re.escape(name)}(?!\w)", " ", rest, count=1).strip()
    if rest[:1] in ("{", "["):  # a pattern (``{ priceId, request }``): typed by what follows it
        rest = _after_pattern(rest)
    return re.search(r"[A-Za-z_]", rest) is not None


def _after_pattern(text: str) -> str:
    """What follows a bracketed pattern that starts ``text`` (its ``: Type``, if any)."""
    depth = 0
    for at, char in enumerate(text):
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return text[at + 1 :]
    return ""

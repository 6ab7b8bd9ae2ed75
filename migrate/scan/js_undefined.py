"""A JavaScript expression with ``undefined`` put in it (a key the caller's object literal leaves
out, read through a wrapper: ``startCheckout({ courseSlug })`` at ``options.price``) made simpler
where the language says what it gives: ``undefined || x`` and ``undefined ?? x`` are ``x``, an
object's ``...undefined`` adds nothing, and a key whose value is ``undefined`` is no key of the
JSON the SDK sends. tsc refuses the first as "always falsy" (TS2873), the second as a spread of
no object (TS2698), and the third where the type holds text only (Dodo's metadata)."""

from __future__ import annotations

import re
from typing import Final

_EITHER: Final = re.compile(r"(?P<pre>^|[(\[{,:?])(?P<ws>\s*)undefined\s*(?:\|\||\?\?)(?!=)\s*")
"""``undefined ||`` / ``undefined ??`` where an operand starts (not ``x === undefined || y``)."""
_SPREAD: Final = re.compile(r"\s*\.\.\.\s*\(?\s*undefined\s*\)?\s*(?:,|(?=[}\]]))")
_ENTRY: Final = re.compile(
    r"""(?P<pre>[{,])\s*(?:[A-Za-z_$][\w$]*|"[^"\n]*"|'[^'\n]*')\s*:\s*\(?undefined\)?\s*(?:,|(?=\}))"""
)


def without_undefined(code: str) -> str:
    """``code`` with what ``undefined`` adds nothing to left out (see the module docstring)."""
    if "undefined" not in code:
        return code
    before = None
    while before != code:
        before = code
        code = _EITHER.sub(r"\g<pre>\g<ws>", code)
        code = _SPREAD.sub("", code)
        code = _ENTRY.sub(r"\g<pre>", code)
    return code

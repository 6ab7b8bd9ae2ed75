"""React client components: a file that starts with the ``"use client"`` directive runs in the
browser, where no Dodo call (and no secret key) may go."""

from __future__ import annotations

import re
from typing import Final

_DIRECTIVE: Final = re.compile(r"""['"]use (?:strict|client)['"];?""")


def client_component(text: str) -> bool:
    """Whether a file starts with React's ``"use client"`` directive (white space, comments and
    ``"use strict"`` before it). Read by hand, not by one regular expression: a pattern of
    repeated comments backtracks without end on a long comment block."""
    at, end = (1 if text.startswith("\ufeff") else 0), len(text)
    while at < end:
        if text[at].isspace():
            at += 1
        elif text.startswith("//", at):
            newline = text.find("\n", at)
            at = end if newline < 0 else newline + 1
        elif text.startswith("/*", at):
            close = text.find("*/", at + 2)
            at = end if close < 0 else close + 2
        else:
            found = _DIRECTIVE.match(text, at)
            if found is None:
                return False
            if "client" in found.group():
                return True
            at = found.end()
    return False

"""Stripe Payment Links the code or its pages hold (``https://buy.stripe.com/...``): a checkout
Stripe hosts for a product, made in the Stripe Dashboard, that no API call shows. Left as they
are, they keep selling through Stripe after the move: each is related code (X037), its advice
the Dodo product's static payment link."""

from __future__ import annotations

import re
from typing import Final

from migrate.readers.curl import redact
from migrate.scan.site import CallSite, related_finding, related_site

PAYMENT_LINK: Final = "X037"
_LINK: Final = re.compile(r"https?://buy\.stripe\.com/[A-Za-z0-9_]+")
"""A Payment Link's URL (live or ``test_`` links alike)."""
NEEDLE: Final = "buy.stripe.com/"
"""What a file's text must hold for its links to be read (a cheap test first)."""


def payment_links(
    text: str, path: str, language: str, *, config: bool = False
) -> list[tuple[int, CallSite]]:
    """Each Payment Link in ``text``, with its offset: a related site of ``language``. In a
    configuration file (``config``) its line shows the link alone, never the line's other text
    (another value of the file may be a secret)."""
    if NEEDLE not in text:
        return []
    out: list[tuple[int, CallSite]] = []
    lines = text.splitlines()
    for found in _LINK.finditer(text):
        line = text.count("\n", 0, found.start())
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1)
        url = found.group()
        finding = related_finding(PAYMENT_LINK, language=language, url=url)
        common = {
            "file": path,
            "line": line + 1,
            "column": column + 1,
            "end_line": line + 1,
            "end_column": column + 1 + len(url),
            "source_line": url if config or line >= len(lines) else redact(lines[line].strip()),
            "language": language,
            "callee": url,
        }
        site = related_site(PAYMENT_LINK, common, finding)
        out.append((found.start(), site))
    return out

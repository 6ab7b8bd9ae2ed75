"""A Stripe secret written in a code file (CF003, never shown).

Read in a Kotlin cinema service and two ASP.NET apps: ``Stripe.apiKey = "sk_test_..."`` and
``StripeConfiguration.ApiKey = "sk_live_..."`` in the source. A secret in a configuration file
was reported (CF003: roll it, keep the Dodo keys in the environment); one in code was not,
though it is as public to everyone who can read the repository, and the migration is the moment
to roll it. Each string holding what looks like a Stripe secret is a related site at its place,
the secret never shown (its prefix and ``…``). Stripe's public documentation key
(``sk_test_4eC39HqLyjWDarjtT1zdp7dc``, in its examples everywhere) is none.
"""

from __future__ import annotations

import re
from typing import Final

from migrate.scan.config import redact, secret_matches
from migrate.scan.site import CallSite, related_finding, related_site

RULE: Final = "CF003"
_DOCUMENTED: Final = frozenset({"sk_test_4eC39HqLyjWDarjtT1zdp7dc"})
"""Stripe's own test key in its documentation: public, no account's secret."""
_HOLDER: Final = re.compile(
    r"[\"']?(?P<name>[$@]?[A-Za-z_][\w$]*(?:(?:\.|->|::)[A-Za-z_]\w*)*)[\"']?"
    r"\s*(?::[^=\n]{0,60})?\s*(?::=|=|=>|:)\s*[\"'`]?$"
)
"""What a line assigns the string to (``Stripe.apiKey = "``, ``'secret' => '``, ``key: "``)."""


def secret_sites(text: str, path: str, language: str) -> list[tuple[int, CallSite]]:
    """Each Stripe secret in a code file's strings, with its offset: a related site (CF003)."""
    if "sk_" not in text and "rk_" not in text and "whsec_" not in text:
        return []
    out: list[tuple[int, CallSite]] = []
    for found in secret_matches(text):
        if found.group(0) in _DOCUMENTED:
            continue
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        line_text = text[start : end if end >= 0 else len(text)]
        before = text[start : found.start()]
        if not re.search(r"[\"'`][^\"'`]*$", before):
            continue  # not in a string (a name, a comment's word)
        holder = _HOLDER.search(before.rstrip()[-200:])  # a minified line: its end only
        key = f"`{holder.group('name')}`" if holder is not None else "A string"
        line = text.count("\n", 0, found.start())
        column = found.start() - start
        finding = related_finding(RULE, key=key, prefix=redact(found.group(0)))
        common = {
            "file": path,
            "line": line + 1,
            "column": column + 1,
            "end_line": line + 1,
            "end_column": column + 1 + len(found.group(0)),
            "source_line": redact(line_text.strip()),
            "language": language,
            "callee": holder.group("name") if holder is not None else "",
        }
        out.append((found.start(), related_site(RULE, common, finding)))
    return out

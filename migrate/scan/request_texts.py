"""A request's form or query value read in Python or JavaScript/TypeScript: text, whatever it
names. Stripe's SDKs send their params form-encoded, so a quantity read as such text was a
number to Stripe ("2"); Dodo's JSON body takes a number, which the suggested code makes of it
(``migrate/scan/suggest_langs.py``). Bound to a local, the read is carried as written (read
again where the call is: ``migrate/scan/follow.py``), so the number is made there too.
"""

from __future__ import annotations

import re
from typing import Final

PY_REQUEST_TEXT: Final = re.compile(
    r"request\.(?:form|args|values|POST|GET|query_params)"
    r"""(?:\[\s*["'][^"'\n]*["']\s*\]|\.get\(\s*["'][^"'\n]*["']\s*(?:,\s*[^()\n]*)?\))"""
)
"""A Flask, Django or Starlette request's form or query value: text, whatever it names."""
JS_REQUEST_TEXT: Final = re.compile(
    r"(?:(?:req|request|ctx|event)\.(?:query|params)(?:\.\w+|\[\s*[\"'][^\"'\n]*[\"']\s*\])"
    r"|[\w$.]*(?:[fF]orm(?:[dD]ata)?|searchParams)\.get\(\s*[\"'`][^\"'`\n]*[\"'`]\s*\))"
    r"(?:\s+as\s+(?:unknown\s+as\s+)?\w+|!)?"
)
"""A request's query or route value, or a ``FormData``'s or ``URLSearchParams``' entry: text,
whatever a cast says of it."""

"""Conditions that only check a name is set (``x != null``, ``x != nil``, ``x != ""``, ``x is
not null``): setting ``x`` only when it is set is the same as setting it (the SDKs leave a null
or empty param out)."""

from __future__ import annotations

import re
from typing import Final

_NAME: Final = r"\w+(?:\(\))?(?:\.\w+(?:\(\))?)*"
"""A name, a property path or a getter chain: ``x``, ``a.b``, ``order.getCustomerId()``."""
_NULL_GUARD: Final = re.compile(
    rf"^\(?\s*(?:(?P<a>{_NAME})\s*!=\s*(?:null|nil|\"\")|(?:null|nil)\s*!=\s*(?P<b>{_NAME})"
    rf"|(?P<c>{_NAME})\s+is\s+not\s+null)\s*\)?$"
)
"""``x != null`` (Java, Kotlin, C#), ``x != nil`` / ``x != ""`` (Go), ``x is not null`` (C#):
setting ``x`` only when it is set is the same as setting it (the SDKs leave a null or empty
param out)."""


def null_guarded(cond: str) -> str | None:
    """The name a condition only checks is set, if it is one of ``_NULL_GUARD``'s forms."""
    m = _NULL_GUARD.match(cond.strip())
    if m is None:
        return None
    return m.group("a") or m.group("b") or m.group("c")

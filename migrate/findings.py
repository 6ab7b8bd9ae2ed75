"""Findings: what the translator says about one Stripe field or one cart. Values, not errors."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any, NamedTuple


class Level(StrEnum):
    """How much a finding matters. Ordered: info < warning < blocker."""

    INFO = "info"
    WARNING = "warning"
    BLOCKER = "blocker"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.INFO: 0, Level.WARNING: 1, Level.BLOCKER: 2}


class Outcome(StrEnum):
    """What became of a Stripe field. Every field ends as exactly one of these."""

    MAPPED = "mapped"
    TRANSFORMED = "transformed"
    APPROXIMATED = "approximated"
    DROPPED = "dropped"
    BLOCKED = "blocked"


class Finding(NamedTuple):
    """One thing a user should know: a stable rule code, a level, where, what, and what to do.

    Immutable; a NamedTuple because translations create many of them."""

    code: str
    level: Level
    path: str
    message: str
    suggestion: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "level": self.level.value,
            "path": self.path,
            "message": self.message,
            "suggestion": self.suggestion,
        }

    def as_ref(self) -> dict[str, Any]:
        """The finding naming its text by :func:`text_ref` (``translate --refs``)."""
        return {
            "code": self.code,
            "level": self.level.value,
            "path": self.path,
            "ref": text_ref(self.code, self.message, self.suggestion),
        }


_REFS: dict[tuple[str, str, str], str] = {}
_REFS_MAX = 16_384


def text_ref(code: str, message: str, suggestion: str) -> str:
    """The stable name of a finding's filled-in text: its code and a hash of the text
    (``C090.3f2a9c1e``), the same in every process and every run."""
    key = (code, message, suggestion)
    found = _REFS.get(key)
    if found is None:
        digest = hashlib.sha1(f"{message}\0{suggestion}".encode(), usedforsecurity=False)
        found = f"{code}.{digest.hexdigest()[:8]}"
        if len(_REFS) >= _REFS_MAX:
            _REFS.clear()
        _REFS[key] = found
    return found

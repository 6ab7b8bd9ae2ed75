"""Type arguments written in a call's callee: TypeScript's ``callStripe<Session>(...)``,
``this.client.request<Map<string, Plan>>(...)``, C#'s and Java's generic calls. A callee is named
without them (``callStripe``), so a call of a project's function written with them reaches it."""

from __future__ import annotations

import re
from typing import Final

_TYPE_ARGUMENTS: Final = re.compile(r"<[^<>()]*>")
"""One list of type arguments, innermost first (``f<Map<K, V>>``); no callee has ``<`` else."""


CALL_PREFIX: Final = re.compile(r"^(?:new|await)\s+")
"""What a callee's text may start with: ``new``, and TypeScript's ``await`` (tree-sitter reads
``await f<T>(x)`` as a call of ``await f``)."""


def without_type_arguments(callee: str) -> str:
    """``callee`` (normalised: no whitespace) without the type arguments written in it."""
    while "<" in callee and (bare := _TYPE_ARGUMENTS.sub("", callee)) != callee:
        callee = bare
    return callee

"""String constants the other files of a scanned tree declare, for a qualified name the file
being read does not declare (bitwarden's ``StripeConstants.MetadataKeys.UserId`` lives in
``StripeConstants.cs``, its checkout command in another file).

Read once per scan and language, and only when a file names a constant it does not declare:
the tree's files of that language are searched as text for ``const``/``readonly`` (C#),
``final`` (Java) and ``const val`` (Kotlin) string fields written as a plain literal, with the
classes each file declares. A name ``A.B.C`` is the value of the fields ``C`` of files that
declare a class (or object) ``B``, when they all say the same; anything else stays a run-time
value. :func:`use_tree` is set by the scan of a tree (``migrate/scan/scan.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

_SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "csharp": (".cs",),
    "java": (".java",),
    "kotlin": (".kt", ".kts"),
}
_STRING: Final = r'"((?:[^"\\\n]|\\["\\])*)"'
_FIELDS: Final[dict[str, re.Pattern[str]]] = {
    "csharp": re.compile(r"\b(?:const|readonly)\b[^;=(){}\n]*?\bstring\s+(\w+)\s*=\s*" + _STRING),
    "java": re.compile(r"\bfinal\b[^;=(){}\n]*?\bString\s+(\w+)\s*=\s*" + _STRING),
    "kotlin": re.compile(r"\bconst\s+val\s+(\w+)\s*(?::\s*String\s*)?=\s*" + _STRING),
}
_CLASSES: Final = re.compile(r"\b(?:class|interface|struct|record|object|enum)\s+(\w+)")
MAX_BYTES: Final = 1 << 20
"""Larger files are not searched (generated code, bundles)."""

_TREE: list[tuple[str, ...]] = []
_FOUND: dict[str, dict[str, list[tuple[frozenset[str], str]]]] = {}
"""Per language: by field name, the classes of each declaring file and the value."""


def use_tree(paths: Iterable[str]) -> None:
    """The files of the tree being scanned (none: only a file's own constants count)."""
    _TREE[:] = [tuple(paths)]
    _FOUND.clear()


def tree_constant(parts: list[str], family: str) -> str | None:
    """The value of ``A.B.C`` (``parts``) declared by a file of the tree, if one is certain."""
    if len(parts) < 2 or not parts[0][:1].isupper() or family not in _FIELDS:
        return None
    found = _FOUND.get(family)
    if found is None:
        found = _FOUND[family] = _read(family)
    values = {value for owners, value in found.get(parts[-1], []) if parts[-2] in owners}
    return values.pop() if len(values) == 1 else None


def _read(family: str) -> dict[str, list[tuple[frozenset[str], str]]]:
    out: dict[str, list[tuple[frozenset[str], str]]] = {}
    suffixes = _SUFFIXES[family]
    pattern = _FIELDS[family]
    for path in _TREE[0] if _TREE else ():
        if not path.lower().endswith(suffixes):
            continue
        try:
            file = Path(path)
            if file.stat().st_size > MAX_BYTES:
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue  # the scan reports unreadable files
        fields = pattern.findall(text)
        if not fields:
            continue
        owners = frozenset(_CLASSES.findall(text))
        for name, raw in fields:
            out.setdefault(name, []).append((owners, raw.replace('\\"', '"').replace("\\\\", "\\")))
    return out

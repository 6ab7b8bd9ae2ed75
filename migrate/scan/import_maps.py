"""Bare import specifiers a project maps to its own files: Deno's import map (``deno.json``'s
``imports``, or the file its ``importMap`` names; ``import_map.json``) and TypeScript's
``compilerOptions.paths`` (``tsconfig.json``, ``jsconfig.json``).

Read from real applications: a Supabase project's Edge Functions import their shared checkout
helper as ``"supabase-stripe-core"``, which ``supabase/functions/deno.json`` maps to
``./_shared/stripe-core/index.ts``; a TypeScript app imports ``@billing/checkout`` through
``"paths": {"@billing/*": ["src/billing/*"]}``. Such an import names a file of the tree only
through the map: without it, a call of the wrapper that file defines is not found."""

from __future__ import annotations

import functools
import json
import posixpath
import re
from pathlib import Path
from typing import Any, Final

DENO_MAPS: Final = ("deno.json", "deno.jsonc", "import_map.json")
TS_CONFIGS: Final = ("tsconfig.json", "jsconfig.json")
_COMMENT: Final = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING: Final = re.compile(r",(\s*[}\]])")

Mapping = tuple[tuple[str, str], ...]
"""``(specifier or prefix, target)`` pairs, targets as absolute ``/``-paths; a prefix ends with
``/`` (Deno) or ``*`` (TypeScript, where the target's ``*`` takes the rest)."""


def mapped(spec: str, here: str) -> str | None:
    """The absolute ``/``-path a bare ``spec`` imported from the folder ``here`` maps to by the
    nearest import map or ``paths`` above it, or None when none maps it."""
    if spec.startswith((".", "/")) or ":" in spec:
        return None
    for key, target in _mappings(str(Path(here).absolute())):
        if key == spec:
            return target
        if key.endswith("/") and spec.startswith(key):
            return target + spec[len(key) :]
        if key.endswith("*") and spec.startswith(key[:-1]):
            return target.replace("*", spec[len(key) - 1 :], 1)
    return None


@functools.lru_cache(maxsize=4096)
def _mappings(folder: str) -> Mapping:
    """The maps of the nearest folder at or above ``folder`` that has a Deno or TypeScript
    configuration (each kind's nearest)."""
    out: list[tuple[str, str]] = []
    deno = ts = False
    for base in (Path(folder), *Path(folder).parents):
        if not deno:
            found = _deno_map(base)
            if found is not None:
                deno = True
                out += found
        if not ts:
            found = _ts_paths(base)
            if found is not None:
                ts = True
                out += found
        if deno and ts:
            break
    return tuple(sorted(out, key=lambda pair: -len(pair[0])))  # the longest key first


def _deno_map(base: Path) -> list[tuple[str, str]] | None:
    for name in DENO_MAPS:
        data = _read(base / name)
        if data is None:
            continue
        imports = data.get("imports")
        if not isinstance(imports, dict) and isinstance(data.get("importMap"), str):
            other = base / str(data["importMap"])
            inner = _read(other)
            imports = inner.get("imports") if inner is not None else None
            base = other.parent
        if isinstance(imports, dict):
            return [
                (key, _absolute(base, value))
                for key, value in imports.items()
                if isinstance(key, str) and isinstance(value, str) and value.startswith(".")
            ]
        return []
    return None


def _ts_paths(base: Path) -> list[tuple[str, str]] | None:
    for name in TS_CONFIGS:
        data = _read(base / name)
        if data is None:
            continue
        options = data.get("compilerOptions")
        options = options if isinstance(options, dict) else {}
        paths = options.get("paths")
        root = base / str(options.get("baseUrl") or ".")
        if not isinstance(paths, dict):
            return []
        return [
            (key, _absolute(root, targets[0]))
            for key, targets in paths.items()
            if isinstance(key, str)
            and isinstance(targets, list)
            and targets
            and isinstance(targets[0], str)
            and key.count("*") <= 1
        ]
    return None


def _absolute(base: Path, target: str) -> str:
    """``target`` from ``base``, absolute (a prefix keeps its ending ``/``)."""
    path = posixpath.normpath(posixpath.join(base.absolute().as_posix(), target))
    return path + "/" if target.endswith("/") else path


def _read(path: Path) -> dict[str, Any] | None:
    """A JSON (or JSON with comments and trailing commas) object file, or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    text = _TRAILING.sub(r"\1", _COMMENT.sub(lambda m: m.group(1) or "", text))
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None

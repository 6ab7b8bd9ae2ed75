"""Firebase Cloud Functions: where the id map a function's module imports must be.

Read from real applications: a Firebase project's checkout is a callable or HTTP function in
``functions/index.js`` (or ``functions/src/index.ts``, compiled to ``functions/lib/``), a folder
with its own ``package.json`` depending on ``firebase-functions``. ``firebase deploy`` uploads
that folder only (``firebase.json``'s ``functions.source``), so a module it imports from outside
(``require("../dodo-ids.cjs")``, the id map at the repository's root) is missing where the
function runs, and the function fails to load. Its id map lives in the functions folder
instead: beside the sources of a TypeScript package (``functions/src/dodo-ids.ts``, which
``tsc`` compiles with them: a file outside ``src`` would move the output out of ``lib/``), at
the folder's top otherwise (``functions/dodo-ids.cjs``)."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Final

_SDK: Final = "firebase-functions"
_SOURCES: Final = "src"


def functions_folder(importer: str) -> Path | None:
    """The Firebase functions package ``importer`` belongs to (the nearest folder above it with
    a ``package.json``, when that package depends on ``firebase-functions``), or None."""
    for base in Path(importer).absolute().parents:
        if (base / "package.json").is_file():
            return base if _depends(str(base / "package.json")) else None
    return None


@functools.lru_cache(maxsize=256)
def _depends(manifest: str) -> bool:
    try:
        data = json.loads(Path(manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    return any(
        isinstance(deps, dict) and _SDK in deps
        for deps in (data.get("dependencies"), data.get("devDependencies"))
    )


def ids_module(importer: str, default: str) -> str:
    """Where the id map ``importer`` imports is: ``default`` unless ``importer`` is in a
    Firebase functions package that ``default`` lies outside of; then the same file name in
    that package (in its ``src`` folder when ``importer`` is there)."""
    package = functions_folder(importer)
    if package is None:
        return default
    target = Path(default).absolute()
    if package in target.parents:
        return default
    home = package
    if (package / _SOURCES) in Path(importer).absolute().parents:
        home = package / _SOURCES
    moved = home / target.name
    return str(moved) if Path(default).is_absolute() else os.path.relpath(moved)

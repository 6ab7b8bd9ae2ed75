"""The ``package.json`` a JavaScript/TypeScript file belongs to: the nearest one above its
folder, read once per folder. What the rewrite asks of it: whether the package's modules are ES
modules (``"type": "module"``), which framework it depends on (SvelteKit, Astro), whether it is
a Firebase functions package."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any


@functools.lru_cache(maxsize=4096)
def nearest_package(folder: str) -> tuple[Path, dict[str, Any]] | None:
    """The folder of the nearest ``package.json`` at or above ``folder`` (an absolute path)
    and what it holds (``{}`` when it is no readable JSON object), or None when there is none."""
    for base in (Path(folder), *Path(folder).parents):
        manifest = base / "package.json"
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            return base, data if isinstance(data, dict) else {}
    return None


def depends_on(data: dict[str, Any], name: str) -> bool:
    """Whether a package's ``dependencies`` or ``devDependencies`` name ``name``."""
    return any(
        isinstance(deps, dict) and name in deps
        for deps in (data.get("dependencies"), data.get("devDependencies"))
    )

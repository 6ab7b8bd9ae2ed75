"""The project files a scan reads beside the code: manifests, lock files, compiler and runtime
configurations, at or above the folders of the scanned files.

A file's scan reads more than the file. Its ``package.json`` says whether the app is a SvelteKit
or Astro one (how an environment variable is read), an ES module (how an import is written) or a
Firebase functions package; a ``tsconfig.json`` maps import aliases and says whether a relative
import needs its extension; ``composer.json`` maps a PHP model's namespace to its folder and,
with a WordPress plugin's ``readme.txt``, says the oldest PHP the suggestions must parse on; a
Python manifest says whether settings come from ``python-decouple`` or ``python-dotenv``. The
scan's cache (``migrate/scan/scan_cache.py``) keys an entry on the file's own bytes, so a
change to one of these files would leave the suggestions of the files under it as they were.
:func:`project_digest` hashes every such file of the scanned tree's folders and the folders
above them; the cache mixes it into every key: a changed project file makes the next scan a
first one, which such a change is rare enough to afford.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from migrate.scan import deno, helper_reads, import_maps, java_compat, packages, php_compat, py_env
from migrate.scan.better_auth_client import LOCKS
from migrate.scan.deno import CONFIGS as DENO_CONFIGS
from migrate.scan.helper_reads import ROOTS, WORKSPACE
from migrate.scan.import_maps import DENO_MAPS, TS_CONFIGS
from migrate.scan.js_env import ASTRO_CONFIGS
from migrate.scan.py_env import MANIFESTS

NAMES: Final = frozenset(
    {
        "package.json",
        "composer.json",
        "readme.txt",
        "Gemfile",
        "go.mod",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
        "Directory.Build.props",
        *LOCKS,
        *DENO_CONFIGS,
        *DENO_MAPS,
        *TS_CONFIGS,
        *ASTRO_CONFIGS,
        *WORKSPACE,
        *ROOTS,
        *MANIFESTS,
    }
)
"""The project files the scan's readers open by name (each module's own list, gathered)."""

_NAMED: Final = re.compile(r"^requirements[\w.-]*\.(?:txt|in)$|\.csproj$")
"""Project files read by the shape of their name: pip's requirement files, .NET projects."""
_SUBFOLDERS: Final = ("requirements",)
"""Folders of requirement files (``requirements/base.txt``)."""


def forget() -> None:
    """Read the project files afresh (a new scan in the same process: one may have changed)."""
    for cached in (
        deno._configured,
        py_env._project,
        helper_reads._workspace_files,
        helper_reads._files,
        import_maps._mappings,
        packages.nearest_package,
        php_compat.floor_at,
        java_compat.floor_at,
    ):
        cached.cache_clear()


def project_digest(paths: Iterable[str]) -> bytes:
    """The hash of every project file (:data:`NAMES`, or named so) in the folders of
    ``paths`` and every folder above them: its path and bytes, a folder's (``.git``) name."""
    folders: set[str] = set()
    for here in {os.path.dirname(os.path.abspath(path)) for path in paths}:  # noqa: PTH100, PTH120
        folder = here  # strings: a Path per file and folder was a tenth of a cached scan
        while folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)  # noqa: PTH120
    digest = hashlib.blake2b(b"project-files", digest_size=32)
    for folder in sorted(folders):
        for file in _project_files(Path(folder)):
            digest.update(os.fsencode(file))
            digest.update(b"\0")
            try:
                digest.update(file.read_bytes() if file.is_file() else b"<folder>")
            except OSError:
                digest.update(b"<unread>")
            digest.update(b"\0")
    return digest.digest()


def _project_files(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name in NAMES or _NAMED.search(e.name))
    except OSError:
        return []
    out = [folder / name for name in names]
    for sub in _SUBFOLDERS:
        if sub in names and (folder / sub).is_dir():
            out += _project_files_in(folder / sub)
    return out


def _project_files_in(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [folder / n for n in sorted(e.name for e in entries if _NAMED.search(e.name))]
    except OSError:
        return []

"""The installed distribution ships the mapping tables (checked from outside the source tree)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.mapping.table import load_table

PROBE = (
    "import json, importlib.resources as r, migrate, mappings\n"
    "from migrate.mapping.table import load_table, load_enums\n"
    "names = sorted(e.name for e in r.files('mappings').iterdir() if e.name.endswith('.yaml'))\n"
    "print(json.dumps({'rules': len(load_table().by_code), 'files': names,\n"
    "                  'currencies': len(load_enums().currencies),\n"
    "                  'typed': r.files('migrate').joinpath('py.typed').is_file()}))\n"
)


@pytest.mark.slow
def test_installed_package_ships_tables(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    source = Path(__file__).resolve().parent.parent / "mappings"
    assert got["files"] == sorted(p.name for p in source.glob("*.yaml"))
    assert got["rules"] == len(load_table().by_code)
    assert got["currencies"] == 145
    assert got["typed"] is True

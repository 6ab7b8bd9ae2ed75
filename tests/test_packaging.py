"""The installed distribution ships the mapping tables and the HTML report's assets (checked
from outside the source tree: CI installs the package, not in editable mode)."""

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
    "assets = r.files('migrate.formats').joinpath('assets').iterdir()\n"
    "names = sorted(e.name for e in r.files('mappings').iterdir() if e.name.endswith('.yaml'))\n"
    "print(json.dumps({'rules': len(load_table().by_code), 'files': names,\n"
    "                  'currencies': len(load_enums().currencies),\n"
    "                  'typed': r.files('migrate').joinpath('py.typed').is_file(),\n"
    "                  'assets': {e.name: e.read_text('utf-8') for e in assets\n"
    "                             if e.name.endswith(('.css', '.js'))}}))\n"
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
    assets = Path(__file__).resolve().parent.parent / "migrate" / "formats" / "assets"
    assert sorted(got["assets"]) == ["report.css", "report.js"]
    for name, text in got["assets"].items():
        assert text == (assets / name).read_text("utf-8"), name

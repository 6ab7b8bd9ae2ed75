"""Given one folder, every command reads the same files: ``report`` reads the payloads
``translate`` reads and the code ``scan`` reads, with the same folders skipped and the same
``.gitignore`` rules honoured (one walk: ``migrate/readers/files.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrate.commands import translate_paths
from migrate.mapping.translate import Options
from migrate.report.build import ReportOptions, build_report
from migrate.scan.scan import ScanStats, files

CALL = 'import stripe\nstripe.checkout.Session.create(mode="payment", success_url="https://x/ok")\n'
SESSION = json.dumps(
    {
        "mode": "payment",
        "success_url": "https://x/ok",
        "line_items": [{"price": "price_1", "quantity": 1}],
    }
)
NOW = 1_767_225_600


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose every skipped place holds both a payload and code: only ``api/new.*``,
    ``checkout.py`` and ``session.json`` are to be read."""
    files = {
        ".gitignore": "build/\n*.local.json\n",
        "checkout.py": CALL,
        "session.json": SESSION,
        "build/checkout.py": CALL,
        "build/session.json": SESSION,
        "draft.local.json": SESSION,
        "vendor/checkout.py": CALL,
        "vendor/session.json": SESSION,
        "env/pyvenv.cfg": "",
        "env/checkout.py": CALL,
        "env/session.json": SESSION,
        ".cache/checkout.py": CALL,
        ".cache/session.json": SESSION,
        "api/.gitignore": "old.*\n",
        "api/old.py": CALL,
        "api/old.json": SESSION,
        "api/new.py": CALL,
        "api/new.json": SESSION,
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_report_reads_the_files_translate_and_scan_read(project: Path) -> None:
    translated = [t.source.file for t in translate_paths(["."], Options(now=NOW))]
    scanned = list(files(["."], ScanStats()))
    assert translated == ["api/new.json", "session.json"]
    assert scanned == ["api/new.py", "checkout.py"]

    report = build_report(["."], ReportOptions(now=NOW))
    read = [(i.kind, i.path) for i in report.inputs]
    assert read == [
        ("payloads", "api/new.json"),
        ("payloads", "session.json"),
        ("code", "api/new.py"),
        ("code", "checkout.py"),
    ]
    assert sorted(s.source for s in report.sessions) == ["api/new.json", "session.json"]

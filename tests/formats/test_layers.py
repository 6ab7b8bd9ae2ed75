"""The formats' contract, read from their source: they import only models (the report, the scan
result, the translation, the rule table) and a few display helpers by name; nothing below them
imports them; they do no I/O; and every module stays under 800 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

MIGRATE = Path(__file__).resolve().parents[2] / "migrate"
FORMATS = MIGRATE / "formats"

ANY = frozenset({"*"})
ALLOWED: dict[str, frozenset[str]] = {
    # the models
    "migrate.findings": ANY,
    "migrate.report.model": ANY,
    "migrate.scan.result": ANY,
    "migrate.scan.site": frozenset({"CallSite", "ScanStats"}),
    "migrate.mapping.cart": frozenset({"Translation", "kind_text"}),
    "migrate.mapping.table": ANY,  # the rule table: rule text for the reports
    "migrate": frozenset({"__version__"}),
    # pure display helpers over the models' values (no I/O, no mapping decisions)
    "migrate.display": ANY,
    "migrate.mapping.expr": frozenset({"json_view"}),
    # where the report's items wait on disk (the html page's grouped members too)
    "migrate.report.spool": frozenset({"TextSpool"}),
}
NO_IO_MODULES = {"sys", "subprocess", "shutil", "tempfile", "socket", "sqlite3", "httpx"}
NO_IO_CALLS = {"open", "print", "input"}
NO_IO_METHODS = {"write", "write_text", "write_bytes", "unlink", "mkdir", "rename", "touch"}
READS = {"read_text", "read_bytes"}
WRITERS = {"out", "self.target", "self"}
"""The writers a format is given (``self.write(model, buffer)`` renders into a string)."""


def _modules(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob("*.py"))


def _imports(path: Path) -> Iterator[tuple[str, str, int]]:
    """``(module, name, line)`` of every import in ``path`` (name ``*`` for ``import x``)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, "*", node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name, node.lineno


@pytest.mark.parametrize("path", list(_modules(FORMATS)), ids=lambda p: p.name)
def test_formats_import_only_models(path: Path) -> None:
    bad = []
    for module, name, line in _imports(path):
        if module != "migrate" and not module.startswith("migrate."):
            continue
        if module == "migrate.formats" or module.startswith("migrate.formats."):
            continue
        allowed = ALLOWED.get(module)
        if allowed is None or not (allowed is ANY or name in allowed):
            bad.append(f"{path.name}:{line}: {module}.{name}")
    assert not bad, f"formats import only models: {bad}"


def test_nothing_below_the_formats_imports_them() -> None:
    below = ("readers", "mapping", "scan", "report", "plan", "apply", "dodo", "sandbox")
    bad = [
        f"{path.relative_to(MIGRATE)}:{line}: {module}"
        for package in below
        for path in _modules(MIGRATE / package)
        for module, _, line in _imports(path)
        if module == "migrate.formats" or module.startswith("migrate.formats.")
    ]
    assert not bad, bad


@pytest.mark.parametrize("path", list(_modules(FORMATS)), ids=lambda p: p.name)
def test_formats_do_no_io(path: Path) -> None:
    """Rendering returns text, or writes it to the writer its caller gives (``write(model,
    out)``: ``out.write``, or a wrapper's ``self.target.write``): no files opened, no streams
    or processes of its own. The one read is the HTML page's package files (``html.asset``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [f"import {m}" for m, _, _ in _imports(path) if m.split(".")[0] in NO_IO_MODULES]
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef):
            continue
        for node in ast.walk(func):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func
            if isinstance(callee, ast.Name) and callee.id in NO_IO_CALLS:
                bad.append(f"{func.name}:{node.lineno}: {callee.id}()")
            if isinstance(callee, ast.Attribute):
                reads = callee.attr in READS and (path.name, func.name) != ("html.py", "asset")
                given = callee.attr == "write" and ast.unparse(callee.value) in WRITERS
                if (callee.attr in NO_IO_METHODS and not given) or reads:
                    bad.append(f"{func.name}:{node.lineno}: .{callee.attr}()")
    assert not bad, bad


@pytest.mark.parametrize("path", list(_modules(FORMATS)), ids=lambda p: p.name)
def test_format_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 800, f"{path.name} has {lines} lines"

"""Small trees of source files for the scan's tests: written, then scanned."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Final

from migrate.scan import CallSite, ScanStats, scan_paths


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """``files`` (path under ``root`` -> text) written under ``root``; ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def creates(top: Path, jobs: int = 1) -> list[CallSite]:
    """The creation sites a scan of ``top`` reports (in ``jobs`` processes), none of its files
    a problem."""
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats, jobs=jobs) if s.kind == "create"]
    assert stats.problems == []
    return sites


def only_site(tmp_path: Path, files: dict[str, str]) -> CallSite:
    """The one creation site of the tree ``files`` written under ``tmp_path``."""
    (found,) = creates(write_tree(tmp_path, files))
    return found


def blocker_message(found: CallSite, code: str) -> str:
    """The message of the one finding ``code`` of ``found``, which must be a blocker."""
    (finding,) = [f for f in found.findings if f.code == code]
    assert finding.level.value == "blocker"
    return finding.message


GO_MODULE: Final = "example.com/app"
"""The module of the Go programs the tests vet (its ``dodoids`` package the id map's stand-in)."""


def go_parts(suggestion: str) -> tuple[set[str], str]:
    """A Go suggestion's imports (its ``// imports:`` line, ``<module>/dodoids`` made the test
    module's) and the code after that line."""
    head, _, body = suggestion.partition("\n")
    assert head.startswith("// imports: "), head
    imports = {i.strip().strip('"') for i in head.removeprefix("// imports: ").split(",")}
    return {f"{GO_MODULE}/dodoids" if i == "<module>/dodoids" else i for i in imports}, body


def vet_go_module(folder: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``go vet`` of a module of ``files`` with a ``dodoids`` package whose ``ProductID`` is the
    id map's stand-in."""
    ids = "package dodoids\n\nfunc ProductID(id string) string { return id }\n"
    mod = f"module {GO_MODULE}\n\ngo 1.19\n"
    write_tree(folder, {"go.mod": mod, "dodoids/ids.go": ids, **files})
    return go_vet(folder)


def go_vet(folder: Path) -> subprocess.CompletedProcess[str]:
    """``go vet ./...`` in ``folder`` (a module written there), offline, with its own cache."""
    env = {
        **os.environ,
        "GOCACHE": str(folder / ".gocache"),
        "GOFLAGS": "-mod=mod",
        "GOPROXY": "off",
        "CGO_ENABLED": "0",
    }
    return subprocess.run(
        ["go", "vet", "./..."],
        check=False,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def javac(folder: Path, name: str, source: str) -> subprocess.CompletedProcess[str]:
    """``javac`` of ``source`` written as the file ``name`` in ``folder`` (the classes there
    too); the caller skips first when there is no JDK."""
    (folder / name).write_text(source, encoding="utf-8")
    return subprocess.run(
        ["javac", "-d", str(folder), str(folder / name)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def via_site(top: Path, stem: str) -> CallSite:
    """The one creation site of ``top`` at a call of a wrapper, in the file named ``stem``."""
    (site,) = [s for s in creates(top) if s.via and Path(s.file).stem == stem]
    return site


def x021_paths(site: CallSite) -> list[str]:
    """The paths of a site's X021 findings (values the caller cannot see)."""
    return [f.path for f in site.findings if f.code == "X021"]


def php_lint(code: str) -> str:
    """ "" when ``php -l`` finds no syntax error in ``code`` (a suggestion, ``<?php`` put
    first); else its output. The caller skips first when there is no php."""
    lint = subprocess.run(
        ["php", "-l"], check=False, input="<?php\n" + code, capture_output=True, text=True
    )
    return "" if lint.returncode == 0 else lint.stdout + code


def mcs(folder: Path, source: str) -> subprocess.CompletedProcess[str]:
    """``mcs`` of ``source`` written as ``Check.cs`` in ``folder`` (an executable: it needs a
    ``Main``); the caller skips first when there is no mcs."""
    (folder / "Check.cs").write_text(source, encoding="utf-8")
    return subprocess.run(
        ["mcs", "Check.cs", "-out:check.exe"],
        cwd=folder,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )

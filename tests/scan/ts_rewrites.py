"""Files ``scan --fix`` rewrites (:func:`fixed`), and tsc over them against the official SDK
(:func:`type_check`): the id-map module written next to them as ``ledger ids`` writes it, the
declarations the rest of the app needs (``shims``: its Stripe, its framework), and a
``tsconfig.json`` naming them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from tests.scan import node_sdk

OPTIONS: Mapping[str, Any] = {
    "strict": True,
    "noEmit": True,
    "target": "ES2022",
    "lib": ["ES2022", "DOM"],
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "skipLibCheck": True,
    "types": [],
}


def fixed(folder: Path, files: Mapping[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """``scan . --fix --force`` in ``folder`` after writing ``files`` (path -> text) there: what
    it says on stderr."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert done.exit_code in (0, 1), done.stderr
    return done.stderr


def type_check(
    folder: Path,
    files: Sequence[str],
    *,
    shims: str,
    ids: Mapping[str, str],
    ids_module: str = "dodo-ids.ts",
    options: Mapping[str, Any] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``tsc`` over ``files`` (paths in ``folder``), with the id map of ``ids`` written to
    ``ids_module`` and ``shims`` to ``shims.d.ts``; ``options`` change the compiler's."""
    module = render(IdMap.from_json(dict(ids)), Target.TYPESCRIPT, command="stripe2dodo ledger ids")
    (folder / ids_module).parent.mkdir(parents=True, exist_ok=True)
    (folder / ids_module).write_text(module, encoding="utf-8")
    (folder / "shims.d.ts").write_text(shims, encoding="utf-8")
    config = {
        "compilerOptions": {**OPTIONS, **(options or {})},
        "files": ["shims.d.ts", ids_module, *files],
    }
    (folder / "tsconfig.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return node_sdk.run_tsc(folder)

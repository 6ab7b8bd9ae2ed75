"""tsc over files ``scan --fix`` rewrote, against the official SDK: the id-map module written
next to them as ``ledger ids`` writes it, the declarations the rest of the app needs (``shims``:
its Stripe, its framework), and a ``tsconfig.json`` naming them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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

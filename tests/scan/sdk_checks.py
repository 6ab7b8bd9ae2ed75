"""Type checks of one suggested Dodo call against the official SDKs, in the code around it: tsc
(``dodopayments`` from npm, ``tests/scan/node_sdk.py``) for TypeScript, mypy --strict
(``dodopayments`` from PyPI) for Python. The tests of a shape call these with the source they
scanned and the suggestion it gave."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.scan import node_sdk
from tests.scan.trees import write_tree

CUT = "  const session = await stripe.checkout.sessions.create("
"""Where a route's Stripe call starts: the code before it is kept, the Dodo call put there."""
SHIMS = """declare module "stripe" {
  const Stripe: { new (key: string): any };
  export default Stripe;
}
declare const process: { env: Record<string, string | undefined> };
"""


def tsc_problems(
    tmp_path: Path, source: str, suggestion: str, *, files: dict[str, str] | None = None
) -> str:
    """ "" when ``source`` up to :data:`CUT`, then the suggested call (awaited, its
    ``checkout_url`` returned), type-checks with tsc --strict; else tsc's output and the code.
    ``files``: more modules the code imports (name -> text). Skips without node and npm."""
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    call = "\n".join(x for x in suggestion.splitlines() if not x.lstrip().startswith("//"))
    before, call = _statements_before(call.strip())
    code = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        + source[: source.index(CUT)]
        + "".join(f"  {line}\n" for line in before)
        + "  const session = await "
        + call.strip()
        + ";\n  return session.checkout_url;\n}\n"
    )
    extra = dict(files or {})
    names = ", ".join(f'"{n}"' for n in ["shims.d.ts", *extra, "check.ts"])
    config = (
        '{\n  "compilerOptions": {\n    "strict": true, "noEmit": true, "target": "ES2022",'
        ' "module": "ESNext",\n    "moduleResolution": "Bundler", "skipLibCheck": true,'
        ' "types": []\n  },\n  "files": [' + names + "]\n}\n"
    )
    tree = {"shims.d.ts": SHIMS, "tsconfig.json": config, "check.ts": code, **extra}
    done = node_sdk.run_tsc(write_tree(tmp_path / "check", tree))
    return "" if done.returncode == 0 else done.stdout + done.stderr + code


def mypy_problems(tmp_path: Path, suggestion: str, signature: str, *, awaited: bool = False) -> str:
    """ "" when the suggested Python call, made in a function ``signature`` (``def pay(order:
    Any) -> str | None``: its names are its parameters) with its ``checkout_url`` returned,
    type-checks with mypy --strict; else mypy's output and the code. ``awaited``: the call is
    made on ``AsyncDodoPayments`` and awaited."""
    mypy_api = pytest.importorskip("mypy.api")
    lines = [x for x in suggestion.splitlines() if not x.startswith("#")]
    imports = "".join(x + "\n" for x in lines if x.startswith(("from ", "import ")))
    call = "\n".join(x for x in lines if not x.startswith(("from ", "import "))).strip()
    before, call = _statements_before(call)
    client = "AsyncDodoPayments" if awaited else "DodoPayments"
    code = (
        f"from typing import Any\n\nfrom dodopayments import {client}\n" + imports + "\n"
        f'client = {client}(bearer_token="t", environment="test_mode")\n\n\n'
        + ("async " if awaited else "")
        + signature
        + ":\n"
        + "".join(f"    {line}\n" for line in before)
        + "    session = "
        + ("await " if awaited else "")
        + call.replace("\n", "\n    ")
        + "\n    return session.checkout_url\n"
    )
    path = tmp_path / "check.py"
    path.write_text(code, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    out, err, status = mypy_api.run(
        [
            *("--config-file", str(tmp_path / "mypy.ini"), "--strict", "--no-incremental"),
            *("--cache-dir", os.devnull, str(path)),
        ]
    )
    return "" if status == 0 else out + err + code


def _statements_before(call: str) -> tuple[list[str], str]:
    """The statements a suggestion writes before its call (a caller's argument bound to a
    local, read once: migrate/scan/wrapper_once.py), and the call."""
    lines = call.splitlines()
    at = next((i for i, x in enumerate(lines) if x.startswith("client.")), 0)
    return [x for x in lines[:at] if x.strip()], "\n".join(lines[at:])

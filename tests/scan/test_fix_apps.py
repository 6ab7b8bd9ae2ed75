"""``scan --fix --unsafe-fixes`` on the application samples (samples/code/apps/: Flask, Django,
FastAPI, a Next.js route handler, Express): every Checkout creation is rewritten, no cart is
empty and no run-time value is left in a TODO, ``--diff`` is exactly what ``--fix`` writes, and
the rewritten files parse and type-check against the official SDKs (mypy, tsc) with the id-map
module ``ledger ids`` generates."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.codegen.node import render as render_node
from migrate.codegen.python import render as render_python
from migrate.codegen.table import id_table
from migrate.readers.idmap import IdMap
from migrate.scan.rewrite import broken
from migrate.scan.scan import scan_paths
from tests.scan import node_sdk

APPS = Path(__file__).resolve().parents[2] / "samples" / "code" / "apps"
IDS = IdMap.from_json({"price_1Example": "pdt_example", "cus_Example": "cus_dodo"})


def _fixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """The samples copied twice: one rewritten with --fix, the other shown with --diff."""
    for name in ("fixed", "shown"):
        shutil.copytree(APPS, tmp_path / name / "apps")
    monkeypatch.chdir(tmp_path / "shown")
    runner = CliRunner()
    shown = runner.invoke(cli.main, ["scan", "apps", "--diff", "--unsafe-fixes"])
    monkeypatch.chdir(tmp_path / "fixed")
    done = runner.invoke(cli.main, ["scan", "apps", "--fix", "--unsafe-fixes", "--force"])
    return tmp_path / "fixed" / "apps", shown.stdout, done.stderr


def test_every_checkout_in_the_apps_is_rewritten_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _, said = _fixed(tmp_path, monkeypatch)
    assert "fixed 5 call site(s) in 5 file(s); 0 left as is" in said, said
    assert "ledger ids <ledger> -o apps/dodo_ids.py` writes it" in said
    assert [s for s in scan_paths([str(folder)]) if s.kind == "create"] == []
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        language = "python" if path.suffix == ".py" else "typescript"
        assert broken(text, language) is None, path.name
        if path.suffix == ".py":
            ast.parse(text)
        assert "TODO" not in text, path.name
        assert not re.search(r"product_cart(=|: )\[\]", text), path.name
        assert "dodo_product_id(" in text or "dodoProductId(" in text, path.name
        # one client per module, made once from the environment, never per call
        assert len(re.findall(r"new DodoPayments\(|DodoPayments\(environment", text)) == 1
        assert "DODO_PAYMENTS_ENVIRONMENT" in text
    flask = (folder / "flask_shop.py").read_text()
    assert 'session["checkout_id"] = checkout_session.session_id' in flask
    assert "return redirect(checkout_session.checkout_url, code=303)" in flask
    assert flask.startswith('"""A Flask shop')  # the docstring stays first
    assert "    # one line per cart row; the price ids come from the catalogue\n" in flask
    assert "HttpResponseRedirect(checkout.checkout_url)" in (folder / "django_views.py").read_text()
    route = (folder / "next_route.ts").read_text()
    assert "const { checkout_url: url } = await dodoClient().checkoutSessions.create({" in route
    assert route.count('import DodoPayments from "dodopayments";') == 1
    assert 'import { dodoProductId } from "./dodo-ids";' in route
    express = (folder / "express_server.js").read_text()
    assert "res.json({ id: session.session_id, url: session.checkout_url });" in express
    assert 'const { dodoProductId, dodoCustomerId } = require("./dodo-ids");' in express


def test_the_diff_is_exactly_what_fix_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("patch is not installed")
    folder, diff, _ = _fixed(tmp_path, monkeypatch)
    assert diff.count("+++ b/apps/") == 5
    subprocess.run([patch, "-s", "-p1"], input=diff, text=True, check=True, cwd=tmp_path / "shown")
    for path in sorted(folder.iterdir()):
        assert (tmp_path / "shown" / "apps" / path.name).read_bytes() == path.read_bytes()


def test_the_rewritten_python_type_checks_with_mypy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mypy_api = pytest.importorskip("mypy.api")
    folder, _, _ = _fixed(tmp_path, monkeypatch)
    (folder / "dodo_ids.py").write_text(render_python(id_table(IDS), "stripe2dodo ledger ids"))
    files = sorted(str(p) for p in folder.glob("*.py"))
    out, err, status = mypy_api.run(
        [
            "--ignore-missing-imports",
            "--check-untyped-defs",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            *files,
        ]
    )
    assert status == 0, out + err


TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "lib": ["ES2022", "DOM"],
    "module": "ESNext", "moduleResolution": "Bundler", "allowJs": true, "checkJs": true,
    "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "dodo-ids.ts", "next_route.ts"]
}
"""
JSCONFIG = TSCONFIG.replace('"strict": true', '"strict": false').replace(
    '"next_route.ts"', '"express_server.js"'
)
"""JavaScript is checked without strict null checks (an Express app's ``process.env.X`` is a
string to it): the Dodo call's body and the client are still checked against the SDK."""
SHIMS = """declare module "*";
declare const process: { env: Record<string, string | undefined> };
declare function require(name: string): any;
"""
"""The application's own packages (next, stripe, express) are not installed: any; dodopayments
is (the pinned SDK), and resolves before the wildcard."""


@pytest.mark.slow
def test_the_rewritten_typescript_and_javascript_type_check_with_tsc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    sdk = node_sdk.install()
    folder, _, _ = _fixed(tmp_path, monkeypatch)
    (folder / "node_modules").symlink_to(sdk / "node_modules", target_is_directory=True)
    (folder / "tsconfig.json").write_text(TSCONFIG)
    (folder / "jsconfig.json").write_text(JSCONFIG)
    (folder / "shims.d.ts").write_text(SHIMS)
    (folder / "dodo-ids.ts").write_text(
        render_node(id_table(IDS), "stripe2dodo ledger ids", "typescript")
    )
    node = shutil.which("node")
    assert node is not None
    for config in ("tsconfig.json", "jsconfig.json"):
        done = subprocess.run(
            [node, str(node_sdk.tsc(sdk)), "-p", config, "--pretty", "false"],
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
            cwd=folder,
            env={**os.environ, "NODE_OPTIONS": ""},
        )
        errors = [line for line in done.stdout.splitlines() if "error TS" in line]
        assert errors == [], done.stdout
        assert done.returncode == 0, done.stdout + done.stderr

"""``--fix`` on a JavaScript application without TypeScript: the rewritten files import the id
map from ``dodo-ids.ts``, which Node cannot load without a build step (an Express server
failed at its first checkout), and a file exporting with ``export`` but importing nothing got
``require``, which an ES module does not have. The id map is ``dodo-ids.cjs`` there (loaded by
both ``require`` and ``import``), and such a file is an ES module. Node itself loads the id map
through the very line each rewritten file holds."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.codegen import Target, render
from migrate.readers.idmap import IdMap
from tests.scan import node_sdk

CALL = (
    "stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://shop.example/ok',"
    " line_items: [{ price: priceId, quantity: 1 }] })"
)
FILES = {
    "legacy.js": (
        "const Stripe = require('stripe');\nconst stripe = Stripe(process.env.STRIPE_KEY);\n\n"
        f"async function buy(priceId) {{\n  const session = await {CALL};\n"
        "  return session.url;\n}\n\nmodule.exports = { buy };\n"
    ),
    "modern.mjs": (
        "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.STRIPE_KEY);\n\n"
        f"export async function buy(priceId) {{\n  const session = await {CALL};\n"
        "  return session.url;\n}\n"
    ),
    "exporter.js": (
        f"export async function buy(stripe, priceId) {{\n  const session = await {CALL};\n"
        "  return session.url;\n}\n"
    ),
}


def _fix(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert done.exit_code in (0, 1), done.stderr
    return done.stderr


def _import_line(path: Path) -> str:
    (line,) = [x for x in path.read_text(encoding="utf-8").splitlines() if "dodo-ids" in x]
    return line


def test_a_plain_javascript_app_imports_an_id_map_node_can_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _fix(tmp_path, monkeypatch)
    assert "fixed 3 call site(s) in 3 file(s)" in said, said
    assert "import the id map from dodo-ids.cjs" in said, said
    assert _import_line(tmp_path / "legacy.js") == (
        'const { dodoProductId } = require("./dodo-ids.cjs");'
    )
    assert (
        _import_line(tmp_path / "modern.mjs") == 'import { dodoProductId } from "./dodo-ids.cjs";'
    )
    # `export` makes an ES module: `require` is not defined there
    exporter = (tmp_path / "exporter.js").read_text(encoding="utf-8")
    assert 'import DodoPayments from "dodopayments";' in exporter
    assert "require(" not in exporter
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    ids = IdMap.from_json({"price_1Pro": "pdt_pro"})
    module = render(ids, Target.COMMONJS, command="stripe2dodo ledger ids", path="dodo-ids.cjs")
    (tmp_path / "dodo-ids.cjs").write_text(module, encoding="utf-8")
    check = "\nif (dodoProductId('price_1Pro') !== 'pdt_pro') process.exit(3);\n"
    for name, flags in (("legacy.js", []), ("modern.mjs", ["--input-type=module"])):
        line = _import_line(tmp_path / name)
        ran = subprocess.run(
            [node, *flags, "-e", line + check],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert ran.returncode == 0, (name, ran.stderr)


def test_a_typescript_project_keeps_its_typescript_id_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}}', encoding="utf-8")
    said = _fix(tmp_path, monkeypatch)
    assert "dodo-ids.ts` writes it" in said, said
    assert _import_line(tmp_path / "modern.mjs") == 'import { dodoProductId } from "./dodo-ids";'


def test_a_checkout_the_browser_starts_is_never_rewritten_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --unsafe-fixes wrote a Dodo client (the secret API key) into browser code
    page = {
        "pay.js": (
            "export async function go(stripe) {\n  await stripe.redirectToCheckout({ lineItems:"
            " [{ price: 'price_1Pro', quantity: 1 }], mode: 'payment', successUrl:"
            " 'https://shop.example/ok', cancelUrl: 'https://shop.example/no' });\n}\n"
        ),
        "subscribe.js": (
            "import { addDoc, collection } from 'firebase/firestore';\n\nexport async function"
            " subscribe(db, uid, priceId) {\n  await addDoc(collection(db, 'customers', uid,"
            " 'checkout_sessions'), { price: priceId, success_url: 'https://shop.example/ok' });\n"
            "}\n"
        ),
    }
    for name, text in page.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--unsafe-fixes", "--force"])
    for name, text in page.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text
    said = "a checkout started through Stripe.js or the Firebase extension ({}) is replaced by hand"
    assert said.format("X010") in done.stderr
    assert said.format("X032") in done.stderr


NODENEXT = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "lib": ["ES2022"],
    "module": "NodeNext", "moduleResolution": "NodeNext", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "dodo-ids.ts", "src/pay.ts"]
}
"""
SHIMS = """declare module "stripe";
declare const process: { env: Record<string, string | undefined> };
"""


@pytest.mark.slow
def test_typescript_for_nodes_own_modules_imports_the_id_map_with_its_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "./dodo-ids" fails tsc there (TS2835: relative imports need explicit file extensions)
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    (tmp_path / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    (tmp_path / "tsconfig.json").write_text(NODENEXT, encoding="utf-8")
    (tmp_path / "shims.d.ts").write_text(SHIMS, encoding="utf-8")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "pay.ts").write_text(
        "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.STRIPE_KEY);\n\n"
        f"export async function buy(priceId: string) {{\n  const session = await {CALL};\n"
        "  return session.url;\n}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "fixed 1 call site(s)" in done.stderr, done.stderr
    assert _import_line(tmp_path / "src" / "pay.ts") == (
        'import { dodoProductId } from "../dodo-ids.js";'
    )
    ids = IdMap.from_json({"price_1Pro": "pdt_pro"})
    module = render(ids, Target.TYPESCRIPT, command="stripe2dodo ledger ids", path="dodo-ids.ts")
    (tmp_path / "dodo-ids.ts").write_text(module, encoding="utf-8")
    ran = node_sdk.run_tsc(tmp_path)
    assert ran.returncode == 0, ran.stdout + ran.stderr

"""``--fix`` on Firebase Cloud Functions: ``firebase deploy`` uploads the functions folder only
(its own ``package.json`` depending on ``firebase-functions``), so the rewritten function must
import an id map that lives in that folder. Before, a scan of the repository's root made the
function ``require("../dodo-ids.cjs")`` (the root's id map), which is not deployed: the function
failed to load (seen in a shop's ``functions/index.js`` callable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli

CALLABLE = """\
const functions = require("firebase-functions");

exports.startCheckout = functions.https.onCall(async (data, context) => {
  const stripe = require("stripe")(functions.config().stripe.secret);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: data.priceId, quantity: data.quantity }],
    success_url: data.successUrl,
  });
  return { id: session.id };
});
"""
TYPED = """\
import { onRequest } from "firebase-functions/v2/https";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET!);

export const checkout = onRequest(async (req, res) => {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: req.body.plan, quantity: 1 }],
    success_url: "https://app.example/billing",
  });
  res.json({ url: session.url });
});
"""


def _package(folder: Path, deps: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(json.dumps({"name": "fn", "dependencies": deps}))


def _fix(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert done.exit_code in (0, 1), done.stderr
    return done.stderr


def test_a_javascript_function_imports_the_id_map_from_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "firebase.json").write_text('{"functions": [{"source": "functions"}]}')
    _package(tmp_path / "functions", {"firebase-functions": "^4.3.1", "stripe": "^12.0.0"})
    (tmp_path / "functions" / "index.js").write_text(CALLABLE)
    said = _fix(tmp_path, monkeypatch)
    after = (tmp_path / "functions" / "index.js").read_text()
    assert 'const { dodoProductId } = require("./dodo-ids.cjs");' in after
    assert "product_id: dodoProductId(data.priceId)," in after
    assert "ledger ids <ledger> -o functions/dodo-ids.cjs` writes it" in said, said


def test_a_typescript_function_imports_it_beside_its_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path / "functions", {"firebase-functions": "^6.0.0"})
    (tmp_path / "functions" / "src").mkdir()
    (tmp_path / "functions" / "src" / "index.ts").write_text(TYPED)
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "api.ts").write_text(TYPED.replace('"firebase-functions/v2/https"', '"x"'))
    said = _fix(tmp_path, monkeypatch)
    fn = (tmp_path / "functions" / "src" / "index.ts").read_text()
    assert 'import { dodoProductId } from "./dodo-ids";' in fn
    assert "ledger ids <ledger> -o functions/src/dodo-ids.ts` writes it" in said, said
    web = (tmp_path / "web" / "api.ts").read_text()  # not a functions package: the root's map
    assert 'import { dodoProductId } from "../dodo-ids";' in web
    assert "ledger ids <ledger> -o dodo-ids.ts` writes it" in said, said


def test_scanning_the_functions_folder_itself_keeps_the_map_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _package(tmp_path / "functions", {"firebase-functions": "^4.3.1"})
    (tmp_path / "functions" / "index.js").write_text(CALLABLE)
    said = _fix(tmp_path / "functions", monkeypatch)
    after = (tmp_path / "functions" / "index.js").read_text()
    assert 'require("./dodo-ids.cjs")' in after
    assert "-o dodo-ids.cjs` writes it" in said, said

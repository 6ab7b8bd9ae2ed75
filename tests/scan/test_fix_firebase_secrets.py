"""``--fix`` on a Firebase function that keeps its Stripe key in Secret Manager: a
``defineSecret`` param (or a secret's name) listed in the function's ``secrets`` is the only
secret Firebase puts in its ``process.env``. The rewritten call's Dodo client reads
``DODO_PAYMENTS_API_KEY`` from ``process.env``, so that secret must be listed too: before, it was
not, and the deployed function found no key. The rewrite now adds the key's name to the list the
function (v2 options, v1 ``runWith``, or the module's ``setGlobalOptions``) already has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli

V2 = """\
import { onCall, HttpsError } from "firebase-functions/v2/https";
import { defineSecret } from "firebase-functions/params";
import Stripe from "stripe";

const stripeKey = defineSecret("STRIPE_SECRET_KEY");

const options = { region: "europe-west1" };

export const startCheckout = onCall({ secrets: [stripeKey], ...options }, async (request) => {
  if (!request.auth) throw new HttpsError("unauthenticated", "Sign in first");
  const stripe = new Stripe(stripeKey.value());
  const { priceId, qty } = request.data as { priceId: string; qty: number };
  const once = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: qty }],
    success_url: "https://app.example/done",
  });
  const again = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://app.example/done",
  });
  return { url: once.url, other: again.url };
});
"""
V1 = """\
const functions = require("firebase-functions");
const Stripe = require("stripe");

exports.pay = functions
  .runWith({ secrets: ["STRIPE_KEY"] })
  .https.onCall(async (data) => {
    const stripe = new Stripe(process.env.STRIPE_KEY);
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: data.price, quantity: 1 }],
      success_url: "https://app.example/done",
    });
    return { url: session.url };
  });
"""
GLOBAL = """\
const { onRequest } = require("firebase-functions/v2/https");
const { setGlobalOptions } = require("firebase-functions/v2");
const Stripe = require("stripe");

setGlobalOptions({ region: "us-central1", secrets: ["STRIPE_SECRET"] });

exports.buy = onRequest(async (req, res) => {
  const stripe = new Stripe(process.env.STRIPE_SECRET);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: req.body.price, quantity: 1 }],
    success_url: "https://app.example/done",
  });
  res.json({ url: session.url });
});
"""
PLAIN = """\
const { onCall } = require("firebase-functions/v2/https");
const Stripe = require("stripe");

exports.pay = onCall(async (request) => {
  const stripe = new Stripe(process.env.STRIPE_KEY);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: request.data.price, quantity: 1 }],
    success_url: "https://app.example/done",
  });
  return { url: session.url };
});
"""


def _functions(root: Path, files: dict[str, str]) -> None:
    (root / "functions").mkdir()
    deps = {"dependencies": {"firebase-functions": "^6.0.0", "stripe": "^14.0.0"}}
    (root / "functions" / "package.json").write_text(json.dumps(deps))
    for name, text in files.items():
        (root / "functions" / name).write_text(text)


def test_the_dodo_key_is_bound_where_the_stripe_key_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _functions(tmp_path, {"v2.ts": V2, "v1.js": V1, "global.js": GLOBAL, "plain.js": PLAIN})
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "fixed 5 call site(s) in 4 file(s)" in done.stderr, done.stderr
    v2 = (tmp_path / "functions" / "v2.ts").read_text()
    assert 'onCall({ secrets: [stripeKey, "DODO_PAYMENTS_API_KEY"], ...options }, async' in v2
    assert v2.count('"DODO_PAYMENTS_API_KEY"') == 1  # two calls of the function: listed once
    v1 = (tmp_path / "functions" / "v1.js").read_text()
    assert '.runWith({ secrets: ["STRIPE_KEY", "DODO_PAYMENTS_API_KEY"] })' in v1
    glob = (tmp_path / "functions" / "global.js").read_text()
    assert 'secrets: ["STRIPE_SECRET", "DODO_PAYMENTS_API_KEY"] });' in glob
    plain = (tmp_path / "functions" / "plain.js").read_text()
    assert "secrets" not in plain  # no list: the key comes from functions/.env


SHIMS = """\
declare const process: { env: Record<string, string | undefined> };
declare module "stripe" {
  const Stripe: any;
  type Stripe = any;
  export default Stripe;
}
declare module "firebase-functions/params" {
  export interface SecretParam { value(): string }
  export function defineSecret(name: string): SecretParam;
}
declare module "firebase-functions/v2/https" {
  import type { SecretParam } from "firebase-functions/params";
  export class HttpsError extends Error { constructor(code: string, message: string); }
  export interface CallableRequest { auth?: { uid: string }; data: unknown }
  export function onCall<T>(
    opts: { secrets?: (string | SecretParam)[]; region?: string },
    handler: (request: CallableRequest) => Promise<T>,
  ): unknown;
}
"""


@pytest.mark.slow
def test_the_rewritten_function_type_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.scan import node_sdk
    from tests.scan.ts_rewrites import type_check

    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    _functions(tmp_path, {"v2.ts": V2})
    monkeypatch.chdir(tmp_path / "functions")
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "fixed 2 call site(s)" in done.stderr, done.stderr
    folder = tmp_path / "functions"
    ran = type_check(
        folder,
        ["v2.ts"],
        shims=SHIMS,
        ids={"price_1Tee": "pdt_tee"},
        options={"module": "commonjs", "moduleResolution": "node"},
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr

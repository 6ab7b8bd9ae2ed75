"""``--fix`` and the suggestions on code that runs on Deno (a Supabase Edge Function, the usual
home of a Supabase app's checkout). Before, the rewrite wrote Node's imports into it: the SDK as a
bare ``"dodopayments"`` (Deno has no ``node_modules`` to find it in), the id map as
``"../../../dodo-ids"`` (Deno resolves only whole file names, and a Supabase function deploys with
what ``supabase/functions/`` holds only) and ``process.env`` (no such global on Supabase's Deno):
the function failed to start. A Node file of the same repository keeps Node's imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from tests.scan import node_sdk
from tests.scan.ts_rewrites import type_check

EDGE = """\
import Stripe from "https://esm.sh/stripe@14.21.0?target=deno";

const stripe = new Stripe(Deno.env.get("STRIPE_SECRET_KEY") as string, {
  apiVersion: "2023-10-16",
  httpClient: Stripe.createFetchHttpClient(),
});

Deno.serve(async (req: Request) => {
  const { priceId, email } = await req.json();
  const origin = req.headers.get("origin") ?? "http://localhost:3000";
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: `${origin}/thanks`,
  });
  return new Response(JSON.stringify({ url: session.url }));
});
"""
NODE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function POST(req: Request) {
  const { priceId } = await req.json();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return Response.json({ url: session.url });
}
"""
FUNCTION = Path("supabase/functions/create-checkout/index.ts")
ROUTE = Path("app/api/checkout/route.ts")


def _tree(folder: Path) -> None:
    for path, text in ((FUNCTION, EDGE), (ROUTE, NODE)):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_text(text, encoding="utf-8")
    (folder / "tsconfig.json").write_text("{}", encoding="utf-8")


def _lines(path: Path, word: str) -> list[str]:
    return [x for x in path.read_text(encoding="utf-8").splitlines() if word in x]


def test_an_edge_function_is_rewritten_for_deno_and_a_node_route_for_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "fixed 2 call site(s) in 2 file(s)" in done.stderr, done.stderr
    edge = tmp_path / FUNCTION
    assert _lines(edge, "dodopayments") == ['import DodoPayments from "npm:dodopayments";']
    assert _lines(edge, "dodo-ids") == ['import { dodoProductId } from "../_shared/dodo-ids.ts";']
    assert _lines(edge, "DODO_PAYMENTS_ENVIRONMENT ===") == []
    assert _lines(edge, 'Deno.env.get("DODO_PAYMENTS_ENVIRONMENT") === "live_mode"')
    assert "process." not in edge.read_text(encoding="utf-8")
    route = tmp_path / ROUTE
    assert _lines(route, "dodopayments") == ['import DodoPayments from "dodopayments";']
    assert _lines(route, "dodo-ids") == ['import { dodoProductId } from "../../../dodo-ids";']
    shared = "supabase/functions/_shared/dodo-ids.ts"
    assert f"1 rewritten file(s) import the id map from {shared}: " in done.stderr
    assert f"`stripe2dodo ledger ids <ledger> -o {shared}` writes it" in done.stderr
    assert "1 rewritten file(s) import the id map from dodo-ids.ts: " in done.stderr


def test_the_suggestions_say_what_a_deno_module_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a Deno project outside Supabase: told by its deno.json, its code naming neither URL nor Deno
    (tmp_path / "deno.json").write_text('{"imports": {"stripe": "npm:stripe@14"}}', "utf-8")
    (tmp_path / "checkout.ts").write_text(NODE.replace("process.env.STRIPE_KEY!", "KEY"), "utf-8")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "package.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--format", "json"])
    (site,) = json.loads(done.stdout)["sites"]
    assert '(import DodoPayments from "npm:dodopayments")' in site["suggestion"]
    assert '// import { dodoProductId } from "./dodo-ids.ts";' in site["suggestion"]


DENO_TYPES = """declare module "https://esm.sh/stripe@14.21.0?target=deno";
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(handler: (req: Request) => Response | Promise<Response>): void;
};
"""


@pytest.mark.slow
def test_the_rewritten_edge_function_type_checks_against_the_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    _tree(tmp_path)
    (tmp_path / ROUTE).unlink()
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "fixed 1 call site(s)" in done.stderr, done.stderr
    ran = type_check(
        tmp_path,
        [FUNCTION.as_posix()],
        shims=DENO_TYPES,
        ids={"price_1Pro": "pdt_pro"},
        ids_module="supabase/functions/_shared/dodo-ids.ts",
        options={
            "allowImportingTsExtensions": True,
            "paths": {"npm:dodopayments": ["./node_modules/dodopayments"]},
        },
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr

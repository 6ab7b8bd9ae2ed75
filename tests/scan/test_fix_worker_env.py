"""``--fix`` on a Cloudflare Worker (or a Hono app on Workers), whose secrets are the bindings its
handler is given (``env``, ``c.env``), not ``process.env``. Before, the rewritten call used the
module's client made from ``process.env``: no key there (no ``process`` at all without Node
compatibility), so the first checkout failed. A call whose Stripe client is made from the
bindings now gets a Dodo client made from the same bindings, ``dodoClientFor(c.env)``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan import node_sdk
from tests.scan.ts_rewrites import fixed, type_check

HONO = """\
import { Hono } from "hono";
import Stripe from "stripe";

const app = new Hono();

app.post("/checkout", async (c) => {
  const stripe = new Stripe(c.env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
  });
  const { priceId } = await c.req.json();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return c.json({ url: session.url });
});

export default app;
"""
WORKER = """\
import Stripe from "stripe";

interface Env {
  STRIPE_SECRET_KEY: string;
  DODO_PAYMENTS_API_KEY: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const stripe = new Stripe(env.STRIPE_SECRET_KEY as string);
    const priceId = new URL(request.url).searchParams.get("price") ?? "price_1Tee";
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: priceId, quantity: 2 }],
      success_url: "https://shop.example/ok",
    });
    return Response.json({ url: session.url });
  },
};
"""
NODE = """\
import Stripe from "stripe";

export async function buy(priceId: string) {
  const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""


def test_a_call_made_with_the_request_bindings_gets_a_dodo_client_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = fixed(tmp_path, {"hono.ts": HONO, "worker.ts": WORKER, "node.ts": NODE}, monkeypatch)
    assert "fixed 3 call site(s) in 3 file(s)" in said, said
    hono = (tmp_path / "hono.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClientFor(c.env).checkoutSessions.create({" in hono
    assert hono.count("function dodoClientFor(env: object): DodoPayments {") == 1
    assert "bearerToken: vars.DODO_PAYMENTS_API_KEY," in hono
    assert "function dodoClient()" not in hono  # no call uses the module's own client
    assert "process.env" not in hono
    worker = (tmp_path / "worker.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClientFor(env).checkoutSessions.create({" in worker
    node = (tmp_path / "node.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClient().checkoutSessions.create({" in node
    assert "dodoClientFor" not in node


@pytest.mark.slow
def test_the_rewritten_worker_type_checks_against_the_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    said = fixed(tmp_path, {"worker.ts": WORKER}, monkeypatch)
    assert "fixed 1 call site(s)" in said, said
    shims = 'declare module "stripe";\n'
    ran = type_check(tmp_path, ["worker.ts"], shims=shims, ids={"price_1Tee": "pdt_tee"})
    assert ran.returncode == 0, ran.stdout + ran.stderr

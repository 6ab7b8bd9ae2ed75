"""``--fix`` on Worker code whose Stripe client comes from the request's bindings by another road
than ``new Stripe(env.KEY)`` in the handler: a helper given the bindings
(``const stripe = getStripe(env)``, as a Worker port of an Express app keeps it, one client per
request), or the key taken from the bindings first (``const { STRIPE_SECRET_KEY } = c.env``;
Nuxt on Cloudflare: ``event.context.cloudflare?.env || {}``). Before, those calls got the
module's client made from ``process.env``, which a Worker does not have: the first checkout
failed for want of a key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan import node_sdk
from tests.scan.ts_rewrites import fixed, type_check

HELPER = """\
import Stripe from "stripe";

interface Env {
  STRIPE_SECRET_KEY: string;
  STRIPE_PRICE_ID: string;
}

function getStripe(env: Env): Stripe {
  return new Stripe(env.STRIPE_SECRET_KEY, { httpClient: Stripe.createFetchHttpClient() });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const stripe = getStripe(env);
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: env.STRIPE_PRICE_ID, quantity: 1 }],
      success_url: new URL("/ok", request.url).toString(),
    });
    return Response.redirect(session.url!, 303);
  },
};
"""
TAKEN = """\
import { Hono } from "hono";
import Stripe from "stripe";

const app = new Hono<{ Bindings: { STRIPE_SECRET_KEY: string } }>();

app.post("/buy", async (c) => {
  const { STRIPE_SECRET_KEY } = c.env;
  const stripe = new Stripe(STRIPE_SECRET_KEY);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_mug", quantity: 2 }],
    success_url: "https://shop.example/ok",
  });
  return c.json({ url: session.url });
});

export default app;
"""
NUXT = """\
import Stripe from "stripe";

export default defineEventHandler(async (event: any) => {
  const { STRIPE_SECRET_KEY } = event.context.cloudflare?.env || {};
  const stripe = new Stripe(STRIPE_SECRET_KEY);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_mug", quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return { url: session.url };
});
"""
ADAPTER = """\
import { Hono } from "hono";
import { env } from "hono/adapter";
import Stripe from "stripe";

const app = new Hono();

app.post("/buy", async (c) => {
  const { STRIPE_SECRET_KEY, APP_URL } = env<{ STRIPE_SECRET_KEY: string; APP_URL: string }>(c);
  const stripe = new Stripe(STRIPE_SECRET_KEY);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_mug", quantity: 1 }],
    success_url: `${APP_URL}/ok`,
  });
  return c.json({ url: session.url });
});

export default app;
"""
MODE = """\
import Stripe from "stripe";

function stripeFor(env: string): Stripe {
  return new Stripe(env === "live" ? process.env.LIVE_KEY! : process.env.TEST_KEY!);
}

export async function buy(mode: string) {
  const stripe = stripeFor(mode);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_mug", quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""


def test_a_client_from_the_bindings_by_a_helper_or_a_taken_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "helper.ts": HELPER,
        "taken.ts": TAKEN,
        "nuxt.ts": NUXT,
        "adapter.ts": ADAPTER,
        "mode.ts": MODE,
    }
    said = fixed(tmp_path, files, monkeypatch)
    assert "fixed 5 call site(s) in 5 file(s)" in said, said
    helper = (tmp_path / "helper.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClientFor(env).checkoutSessions.create({" in helper
    assert "process.env" not in helper
    taken = (tmp_path / "taken.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClientFor(c.env).checkoutSessions.create({" in taken
    nuxt = (tmp_path / "nuxt.ts").read_text(encoding="utf-8")
    assert (
        "const session = await dodoClientFor(event.context.cloudflare?.env || {})"
        ".checkoutSessions.create({" in nuxt
    )
    adapter = (tmp_path / "adapter.ts").read_text(encoding="utf-8")  # Hono's env(c) adapter
    assert "const session = await dodoClientFor(env(c)).checkoutSessions.create({" in adapter
    # a helper given something that is no bindings object keeps the module's client
    mode = (tmp_path / "mode.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClient().checkoutSessions.create({" in mode


@pytest.mark.slow
def test_the_rewritten_helper_worker_type_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    said = fixed(tmp_path, {"helper.ts": HELPER}, monkeypatch)
    assert "fixed 1 call site(s)" in said, said
    shims = (
        'declare module "stripe" {\n  const Stripe: any;\n  type Stripe = any;\n'
        "  export default Stripe;\n}\n"
    )
    ran = type_check(tmp_path, ["helper.ts"], shims=shims, ids={"price_1Tee": "pdt_tee"})
    assert ran.returncode == 0, ran.stdout + ran.stderr


ROUTER = """\
import Stripe from "stripe";
import { createStripeClient } from "./lib";

export async function action({ context, request }: { context: any; request: Request }) {
  const env = context.cloudflare.env;
  const stripe = createStripeClient({ STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: env.STRIPE_PRICE_ID, quantity: 1 }],
    success_url: `${new URL(request.url).origin}/done`,
  });
  return { url: session.url };
}
"""
FALLBACK = """\
import Stripe from "stripe";

export async function action({ context, request }: { context: any; request: Request }) {
  const secret =
    (context?.cloudflare?.env as any)?.STRIPE_SECRET_KEY || process.env.STRIPE_SECRET_KEY;
  const stripe = new Stripe(secret);
  const { priceId } = await request.json();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return { url: session.url };
}

export async function onNode(priceId: string) {
  const secret = process.env.STRIPE_SECRET_KEY!;
  const stripe = new Stripe(secret);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  });
  return session.url;
}
"""


def test_a_key_read_from_the_bindings_into_settings_or_a_local(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """React Router on Cloudflare: the helper given a settings object read from the bindings
    (``createStripeClient({ STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY })``), and a key kept in a
    local read from them with a Node fallback."""
    said = fixed(tmp_path, {"router.ts": ROUTER, "fallback.ts": FALLBACK}, monkeypatch)
    assert "fixed 3 call site(s) in 2 file(s)" in said, said
    router = (tmp_path / "router.ts").read_text(encoding="utf-8")
    assert "const session = await dodoClientFor(env).checkoutSessions.create({" in router
    fallback = (tmp_path / "fallback.ts").read_text(encoding="utf-8")
    assert (
        "const session = await dodoClientFor(context?.cloudflare?.env ?? {})"
        ".checkoutSessions.create({" in fallback
    )
    # the key of the Node function is the environment's: the module's client
    assert fallback.count("const session = await dodoClient().checkoutSessions.create({") == 1

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Cloudflare Worker's ``fetch`` handler dispatching to a route handler, ``return
handleCheckout(request, env)``, the handler typed ``(request: Request, env: Env)`` and making the
Checkout Session from ``await request.json()``. ``env: Env`` (the Worker's bindings) was read as
a value the project sets, so the handler was a wrapper and the dispatch a second creation site,
its values named ``TODO_body`` ("computed inside the wrapper from its local `body`", X021) and
its price "set by the caller of fetch". The Worker's ``Env`` and ``ExecutionContext`` are the
platform's now: the handler is an entry point, its own creation the one site; a function taking
``env`` beside the project's own values stays a wrapper."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats
from tests.scan.trees import write_tree

INDEX = """\
import { handleCheckout } from "./routes/checkout";
import { openPortal } from "./routes/portal";

export interface Env { STRIPE_SECRET_KEY: string; TEAM_PRICE: string; APP_URL: string }

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/api/checkout" && request.method === "POST") {
      return handleCheckout(request, env, ctx);
    }
    if (url.pathname === "/api/upgrade") {
      return openPortal(env, "price_team_yearly", url.searchParams.get("team") ?? "");
    }
    return new Response("not found", { status: 404 });
  },
};
"""

CHECKOUT = """\
import Stripe from "stripe";
import type { Env } from "../index";

export async function handleCheckout(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const stripe = new Stripe(env.STRIPE_SECRET_KEY, { httpClient: Stripe.createFetchHttpClient() });
  const body = (await request.json()) as { team: string; email: string };
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: env.TEAM_PRICE, quantity: 1 }],
    customer_email: body.email,
    client_reference_id: body.team,
    success_url: `${env.APP_URL}/billing/done`,
  });
  ctx.waitUntil(Promise.resolve());
  return Response.json({ url: session.url });
}
"""

PORTAL = """\
import Stripe from "stripe";
import type { Env } from "../index";

export async function openPortal(env: Env, price: string, team: string): Promise<Response> {
  const stripe = new Stripe(env.STRIPE_SECRET_KEY);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price, quantity: 1 }],
    client_reference_id: team,
    success_url: `${env.APP_URL}/billing/done`,
  });
  return Response.json({ url: session.url });
}
"""


def _creates(top: Path) -> list[CallSite]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return sites


def test_a_worker_route_handler_is_no_wrapper_of_its_dispatch(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path / "worker",
        {"src/index.ts": INDEX, "src/routes/checkout.ts": CHECKOUT, "src/routes/portal.ts": PORTAL},
    )
    sites = _creates(top)
    handler = [s for s in sites if s.file.endswith("checkout.ts")]
    assert len(handler) == 1
    assert "TODO_" not in (handler[0].suggestion or "")
    dispatched = [s for s in sites if s.file.endswith("index.ts")]
    # the handler's dispatch is no creation site; the call passing the project's own price is
    assert [s.callee for s in dispatched] == ["openPortal"], [s.callee for s in dispatched]
    assert dispatched[0].params["line_items"][0]["price"] == "price_team_yearly"
    for site in sites:
        assert "X021" not in {f.code for f in site.findings}, (site.label(), site.findings)
        assert "caller of fetch" not in " ".join(f.message for f in site.findings)

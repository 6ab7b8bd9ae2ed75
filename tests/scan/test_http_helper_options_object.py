# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Worker's own Stripe request helper, as TypeScript apps write it: ``callStripe<T>(env, {
method: "POST", path: "/checkout/sessions", body: params })``, the fetch inside joining the API
base to ``options.path`` and sending ``options.body`` when the method is a POST. Three gaps:

- the helper was no raw-HTTP wrapper (its path, method and body are fields of one options
  parameter), and its call no request (the path sits in an object with no ``url`` key): the
  Checkout Session was not found at all;
- a call with type arguments (``stripeCall<Session>(...)``) did not match its wrapper by name, and
  was read as a generic helper taking its first argument (the secret key) as the body: the cart
  was lost (RT007);
- a helper's key argument (``secretKey``, ``env.STRIPE_SECRET_KEY``) was read as its body."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source
from tests.scan.trees import write_tree

LIB = """\
const BASE = "https://api.stripe.com/v1";

type Req = { method: "GET" | "POST"; path: string; body?: URLSearchParams };

const callStripe = async <T>(env: { STRIPE_SECRET_KEY: string }, options: Req): Promise<T> => {
  const res = await fetch(`${BASE}${options.path}`, {
    method: options.method,
    headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` },
    body: options.method === "POST" ? options.body : undefined,
  });
  return (await res.json()) as T;
};

export const openCheckout = async (env: { STRIPE_SECRET_KEY: string }, seatPrice: string, team: string) => {
  const params = new URLSearchParams();
  params.set("mode", "subscription");
  params.set("success_url", "https://team.example/billing/done");
  params.set("line_items[0][price]", seatPrice);
  params.set("line_items[0][quantity]", "3");
  params.set("metadata[team]", team);
  return callStripe<{ url: string }>(env, { method: "POST", path: "/checkout/sessions", body: params });
};

export const readSubscription = (env: { STRIPE_SECRET_KEY: string }, id: string) =>
  callStripe<{ status: string }>(env, { method: "GET", path: `/subscriptions/${id}` });
"""

ROUTE = """\
import { openCheckout } from "../lib/stripe";

export async function onUpgrade(env: { STRIPE_SECRET_KEY: string; SEAT_PRICE: string }, team: string) {
  const session = await openCheckout(env, env.SEAT_PRICE, team);
  return session.url;
}
"""


def _creates(top: Path) -> dict[str, CallSite]:
    stats = ScanStats()
    sites = [s for s in scan_paths([str(top)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return {Path(s.file).name: s for s in sites}


def test_a_helper_given_method_path_and_body_in_one_object_is_found(tmp_path: Path) -> None:
    top = write_tree(tmp_path / "app", {"lib/stripe.ts": LIB, "routes/upgrade.ts": ROUTE})
    sites = _creates(top)
    assert set(sites) == {"stripe.ts", "upgrade.ts"}, sites
    inner = sites["stripe.ts"]
    assert inner.via is not None and "callStripe" in inner.via
    text = inner.suggestion or ""
    assert "product_id: dodoProductId(seatPrice)," in text
    assert "quantity: 3," in text
    assert "team: String(team)," in text
    outer = sites["upgrade.ts"].suggestion or ""
    assert "product_id: dodoProductId(env.SEAT_PRICE)," in outer
    assert "RT007" not in {f.code for f in inner.findings}


POSITIONAL = """\
const API = "https://api.stripe.com/v1";

async function stripeCall<T>(secret: string, verb: "GET" | "POST", resource: string, form?: URLSearchParams): Promise<T> {
  const res = await fetch(`${API}${resource}`, { method: verb, headers: { Authorization: `Bearer ${secret}` }, body: form });
  return (await res.json()) as T;
}

export async function startCheckout(secret: string, plan: string) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", "https://shop.example/ok");
  form.set("line_items[0][price]", plan);
  form.set("line_items[0][quantity]", "1");
  return stripeCall<{ url: string }>(secret, "POST", "/checkout/sessions", form);
}
"""


def test_a_call_with_type_arguments_reaches_its_wrapper() -> None:
    (site,) = [
        s
        for s in scan_source(POSITIONAL, "billing.ts", BY_NAME["typescript"])
        if s.kind == "create"
    ]
    assert site.via is not None and "stripeCall" in site.via
    assert "RT007" not in {f.code for f in site.findings}, site.findings
    assert "product_id: dodoProductId(plan)," in (site.suggestion or "")


IMPORTED = """\
import { stripeRequest } from "@acme/stripe-http";

export async function pay(plan: string) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", "https://shop.example/ok");
  form.set("line_items[0][price]", plan);
  form.set("line_items[0][quantity]", "2");
  return stripeRequest(KEY, "POST", "/v1/checkout/sessions", form);
}
"""


def test_the_key_a_helper_is_given_is_not_its_body() -> None:
    for key in ("secretKey", "process.env.STRIPE_SECRET_KEY!", "env.STRIPE_KEY"):
        code = IMPORTED.replace("KEY,", f"{key},")
        (site,) = [
            s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"
        ]
        assert "RT007" not in {f.code for f in site.findings}, (key, site.findings)
        text = site.suggestion or ""
        assert "product_id: dodoProductId(plan)," in text, key
        assert "quantity: 2," in text, key


SDK_WRAPPER = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function startSession<M extends Record<string, string>>(priceId: string, meta: M) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: meta,
    success_url: "https://shop.example/ok",
  });
}
"""

SDK_CALLER = """\
import { startSession } from "../lib/session";

export async function POST(req: Request) {
  const session = await startSession<{ orderId: string }>("price_poster", { orderId: "o-17" });
  return Response.json({ url: session.url });
}
"""


def test_an_awaited_call_with_type_arguments_is_a_call_of_the_wrapper(tmp_path: Path) -> None:
    # tree-sitter reads `await f<T>(x)` as a call of `await f`: the callee is f all the same
    top = write_tree(tmp_path / "app", {"lib/session.ts": SDK_WRAPPER, "app/route.ts": SDK_CALLER})
    sites = _creates(top)
    assert set(sites) == {"session.ts", "route.ts"}, sites
    caller = sites["route.ts"]
    assert caller.params["line_items"][0]["price"] == "price_poster"
    assert 'orderId: "o-17",' in (caller.suggestion or "")

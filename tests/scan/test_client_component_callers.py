# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A React client component (``"use client"``) calling a server action that creates the
Checkout Session: its call was reported as a creation, and its suggestion put
``client.checkoutSessions.create`` (and the secret key it needs) into code that runs in the
browser. The action runs on the server whoever calls it: a client component's calls of a
wrapper are no sites; a server component's still are."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

ACTION = """\
"use server";
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export async function managePlan(priceId: string, email: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    customer_email: email,
    success_url: "https://app.example/billing",
  });
  return session.url;
}
"""

CLIENT = """\
// the plan form
"use client";
import { managePlan } from "../lib/actions";
export function ManagePlanForm({ priceId, email }: { priceId: string; email: string }) {
  return <form action={async () => { await managePlan(priceId, email); }}><button>Go</button></form>;
}
"""

SERVER = """\
import { managePlan } from "../lib/actions";
export default async function Page() {
  const url = await managePlan(process.env.PRO_PRICE_ID!, "team@example.com");
  return <a href={url ?? ""}>Pay</a>;
}
"""


def test_only_the_server_components_call_is_a_site(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {"lib/actions.ts": ACTION, "app/form.tsx": CLIENT, "app/page.tsx": SERVER},
    )
    sites = [s for s in scan_paths([str(top)], jobs=1) if s.kind == "create"]
    files = sorted(Path(s.file).name for s in sites)
    assert files == ["actions.ts", "page.tsx"]

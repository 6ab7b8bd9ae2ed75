"""A SvelteKit or Remix module exports its handler under a name it types as the framework's
(``export const load: PageServerLoad = async ({ params, url, locals }) => ...``), or types the
handler's argument (``({ request, params }: ActionFunctionArgs)``): the framework calls it with
the request, so it is no wrapper whose callers set its values (read in a SvelteKit SaaS
starter: its subscribe page's ``load`` was reported as a wrapper, its findings "set by the
caller of load")."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SVELTE_LOAD = """import Stripe from "stripe"
import type { PageServerLoad } from "./$types"
const stripe = new Stripe("sk_test_x")

export const load: PageServerLoad = async ({ params, url, locals: { member } }) => {
  const made = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: params.plan, quantity: 1 }],
    customer: member.billingRef,
    success_url: `${url.origin}/thanks`,
  })
  return { to: made.url }
}
"""

REMIX_ACTION = """import Stripe from "stripe"
import type { ActionFunctionArgs } from "@remix-run/node"
const stripe = new Stripe("sk_test_x")

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData()
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: params.sku, quantity: Number(form.get("qty")) }],
    success_url: "https://garden.example/ok",
  })
}
"""

PLAIN_WRAPPER = """import Stripe from "stripe"
const stripe = new Stripe("sk_test_x")

export const openCheckout = async ({ plan, origin }: { plan: string; origin: string }) =>
  stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: plan, quantity: 1 }],
    success_url: `${origin}/thanks`,
  })
"""


def test_a_typed_route_handler_is_no_wrapper(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "src/routes/join/[plan]/+page.server.ts": SVELTE_LOAD,
            "app/routes/buy.$sku.tsx": REMIX_ACTION,
        },
    )
    sites = creates(top)
    assert len(sites) == 2
    assert [s.wrapper for s in sites] == [None, None]
    assert all("Set by the caller" not in f.message for s in sites for f in s.findings)


def test_a_function_taking_its_callers_values_by_destructuring_stays_a_wrapper(
    tmp_path: Path,
) -> None:
    top = write_tree(tmp_path, {"src/lib/billing.ts": PLAIN_WRAPPER})
    (site,) = creates(top)
    assert site.wrapper is not None and site.wrapper.startswith("openCheckout(")

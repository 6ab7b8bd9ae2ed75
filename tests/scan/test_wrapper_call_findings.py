"""What a wrapper's own site says of the values it writes in each element of a list it maps
(``items.map((p) => ({ price: p.id, adjustable_quantity: { enabled: true } }))``: L017, the
quantity picker dropped) is said at each call of it too. The call's translation was read without
its params, so every finding under the run-time list was taken as unknowable and dropped there
(seen on a Remix shop: the wrapper said L017, its call site did not)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

WRAPPER = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function getStripeSession(items: { id: string; quantity: number }[], domain: string) {
  const lineItems = items.map((product) => ({
    price: product.id,
    quantity: product.quantity,
    adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
  }));
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: `${domain}/success`,
  });
  return session.url;
}
"""

CALLER = """import { getStripeSession } from "./stripe.server";

export async function action({ request }: { request: Request }) {
  const cart = JSON.parse((await request.formData()).get("cart") as string);
  return getStripeSession(cart, new URL(request.url).origin);
}
"""


def test_a_wrapper_call_says_what_the_wrapper_says_of_its_mapped_elements(tmp_path: Path) -> None:
    write_tree(tmp_path, {"stripe.server.ts": WRAPPER, "buy.ts": CALLER})
    sites = {Path(s.file).name: s for s in scan_paths([str(tmp_path)]) if s.kind == "create"}
    for name in ("stripe.server.ts", "buy.ts"):
        said = [(f.code, f.path) for f in sites[name].findings if f.code == "L017"]
        assert said == [("L017", "line_items[].adjustable_quantity")], name

"""A choice in a line item whose line blocks elsewhere (``interval: plan.isYearly ? "year" :
"month"`` beside ``unit_amount: plan.price * 100``, an inline recurring price whose amount is
known only at run time: L114) is not immaterial: each value gives the same Dodo call only
because the line is not translated at all. It was said "translated as 'year'" (RT043, an info;
seen in a chatbot builder's custom plan checkout); it blocks as the interval it is (RT002)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CUSTOM = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function custom(plan: { isYearly: boolean; name: string; price: number }) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [
      {
        price_data: {
          currency: "usd",
          recurring: { interval: plan.isYearly ? "year" : "month" },
          product_data: { name: plan.name },
          unit_amount: plan.price * 100,
        },
        quantity: 1,
      },
    ],
    success_url: "https://app.test/ok",
  });
  return session.url;
}
"""


def test_an_interval_choice_in_a_blocked_line_blocks() -> None:
    (site,) = [s for s in scan_source(CUSTOM, "c.ts", BY_NAME["typescript"]) if s.kind == "create"]
    at = {(f.code, f.path) for f in site.findings}
    assert ("RT043", "line_items[0].price_data.recurring.interval") not in at
    assert ("RT002", "line_items[0].price_data.recurring.interval") in at

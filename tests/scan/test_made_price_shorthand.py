"""A price the code looks up or else creates in Stripe (X026, a blocker) names what it charges:
the creation's amount and currency. A JavaScript shorthand property (``currency,`` for
``currency: currency``) was read as the next property's text: the blocker said the price
charged the amount "in lookup_key: tierKey" (seen in a pay-what-you-want yearly plan that
finds a price by lookup key or creates it)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function yearlyTip(opts: { cents: number; currency?: string; back: string }) {
  const currency = opts.currency || "eur";
  const tierKey = `tip-yearly-${opts.cents}-${currency}`;
  let price = (await stripe.prices.list({ lookup_keys: [tierKey] })).data.at(0);
  if (!price) {
    const unit_amount = opts.cents;
    price = await stripe.prices.create({
      unit_amount,
      recurring: { interval: "year" },
      product: "prod_TIPS",
      currency,
      lookup_key: tierKey,
    });
  }
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: opts.back,
  });
}
"""


def test_a_shorthand_currency_and_amount_are_named_as_written(tmp_path: Path) -> None:
    path = tmp_path / "tips.ts"
    path.write_text(TS, encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    assert len(sites) == 1
    made = [f for f in sites[0].findings if f.code == "X026"]
    assert len(made) == 1
    assert "it charges unit_amount in currency)" in made[0].message
    assert "lookup_key" not in made[0].message
    assert "recurring" not in made[0].message

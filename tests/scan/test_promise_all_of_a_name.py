# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Line items whose promises are made first and awaited in the call (``const lines =
rows.map(async (row) => ({ price_data: ... }))`` then ``line_items: await Promise.all(lines)``,
seen in a Next.js route of a small shop): only a ``Promise.all`` of a map written in place was
read, so the list was opaque: the call was translated with each element's product read from a
``price`` the elements do not have (RT003) and their inline amounts silently dropped. The
``Promise.all`` of a name bound to a map is that map's list, each element what its callback
returns."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str, name: str = "route.ts") -> CallSite:
    language = "typescript" if name.endswith(".ts") else "javascript"
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


BOUND = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { sku: { title: string; euros: number }; count: number };

export async function POST(rows: Row[], back: string) {
  const pending = rows.map(async ({ sku, count }) => {
    return {
      price_data: { currency: "eur", unit_amount: sku.euros * 100, product_data: { name: sku.title } },
      quantity: count,
    };
  });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: await Promise.all(pending),
    success_url: back,
  });
  return session.url;
}
"""


def test_inline_amounts_of_promises_made_before_the_call_reach_the_cart() -> None:
    site = one(BOUND)
    text = site.suggestion
    assert "amount: sku.euros * 100," in text
    assert "quantity: count," in text
    assert "item.price" not in text  # not read through fields the elements lack
    found = {f.code for f in site.findings}
    assert not found & {"RT003", "RT007", "RT015"}, site.findings
    assert "L112" in found


PRICES = """\
const stripe = require("stripe")(process.env.STRIPE_KEY);

async function pay(rows, back) {
  const pending = rows.map(async (row) => ({ price: row.stripePrice, quantity: row.count }));
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: await Promise.all(pending),
    success_url: back,
  });
  return session.url;
}
module.exports = { pay };
"""


def test_prices_of_promises_made_before_the_call_are_looked_up_per_element() -> None:
    site = one(PRICES, "pay.js")
    text = site.suggestion
    assert "product_id: dodoProductId(row.stripePrice)," in text
    assert "quantity: row.count," in text
    assert "RT003" not in {f.code for f in site.findings}

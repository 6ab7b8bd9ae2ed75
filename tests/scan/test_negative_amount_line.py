# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A discount written as a line of negative amount (``unit_amount: -Math.round(discount *
100)``, pushed when the order has one; read from a Next.js shop) is refused by Stripe and by
Dodo alike: it became a pay-what-you-want line with a negative ``amount`` and only L112. It is
a blocker now (L117), the other lines carried as before."""

from __future__ import annotations

from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SHOP = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function pay(items: { name: string; price: number; quantity: number }[], discount: number) {
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = items.map((item) => ({
    price_data: { currency: "usd", product_data: { name: item.name }, unit_amount: Math.round(item.price * 100) },
    quantity: item.quantity,
  }));
  if (discount > 0) {
    lineItems.push({
      price_data: { currency: "usd", product_data: { name: "Discount" }, unit_amount: -Math.round(discount * 100) },
      quantity: 1,
    });
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""


def test_a_negative_line_amount_blocks() -> None:
    (site,) = [s for s in scan_source(SHOP, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    blockers = {(f.code, f.path) for f in site.findings if f.level is Level.BLOCKER}
    assert blockers == {("L117", "line_items[1].price_data.unit_amount")}
    assert "amount: Math.round(item.price * 100)," in (site.suggestion or "")

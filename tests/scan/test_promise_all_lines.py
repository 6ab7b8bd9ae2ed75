# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Line items built by ``await Promise.all(xs.map(async (x) => { ...; return {...}; }))`` (an
async callback per element, seen in TypeScript shops that look something up per cart row): the
scanner read only a plain ``xs.map(...)``, so the list was opaque: its inline amounts blocked
the call (RT015) and its prices were read from fields the elements do not have (RT003). The
awaited ``Promise.all`` of a map is the map's list, each element what its callback returns,
read as the synchronous map is."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "cart.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


INLINE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { title: string; cents: number; count: number };

export async function pay(rows: Row[], back: string) {
  const lineItems = await Promise.all(
    rows.map(async (row) => {
      const title = row.title.trim();
      return {
        price_data: { currency: "gbp", unit_amount: row.cents, product_data: { name: title } },
        quantity: row.count,
      };
    }),
  );
  return stripe.checkout.sessions.create({ mode: "payment", success_url: back, line_items: lineItems });
}
"""


def test_inline_amounts_built_by_an_async_map_reach_the_cart() -> None:
    site = one(INLINE)
    text = site.suggestion
    assert "product_cart: rows.map((row: any): DodoPayments.ProductItemReq => ({" in text
    assert "quantity: row.count," in text and "amount: row.cents," in text
    found = {f.code for f in site.findings}
    assert not found & {"RT002", "RT003", "RT007", "RT015"}, site.findings
    assert "L112" in found
    assert site.verdict != "blocked"


PRICES = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(rows: { stripePrice: string; count: number }[], back: string) {
  const lineItems = await Promise.all(rows.map(async (row) => ({ price: row.stripePrice, quantity: row.count })));
  return stripe.checkout.sessions.create({ mode: "payment", success_url: back, line_items: lineItems });
}
"""


def test_prices_built_by_an_async_map_are_looked_up_per_element() -> None:
    site = one(PRICES)
    text = site.suggestion
    assert "product_id: dodoProductId(row.stripePrice)," in text
    assert "quantity: row.count," in text
    assert "item.price" not in text  # not read through fields the elements lack
    assert "RT003" not in {f.code for f in site.findings}


AWAITED = """\
import Stripe from "stripe";
import { db } from "./db";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(rows: { id: string; count: number }[], back: string) {
  const lineItems = await Promise.all(
    rows.map(async (row) => {
      const product = await db.product.findUnique({ where: { id: row.id } });
      return { price_data: { currency: "gbp", unit_amount: product.cents, product_data: { name: product.name } }, quantity: row.count };
    }),
  );
  return stripe.checkout.sessions.create({ mode: "payment", success_url: back, line_items: lineItems });
}
"""


def test_an_amount_the_callback_awaits_is_read_from_the_built_list() -> None:
    # written into the Dodo call, the awaited look-up would run again: the list the call names
    # is built by then, and each Dodo line reads its element (built_lines.py)
    site = one(AWAITED)
    text = site.suggestion
    assert "product_cart: lineItems.map((line: any): DodoPayments.ProductItemReq => ({" in text
    assert "quantity: line.quantity," in text and "amount: line.price_data.unit_amount," in text
    assert "db.product" not in text
    found = {f.code for f in site.findings}
    assert not found & {"RT002", "RT007", "RT015"}, site.findings
    assert "L112" in found

"""A cart built in a loop over an iterator (`for (const [i, item] of items.entries())`, a Map's
`values()`) maps `Array.from` of it: an iterator has no `map` before ES2025's iterator helpers,
and the Dodo call written `items.entries().map(...)` did not type-check (target ES2022)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

SHOP = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { priceId: string; qty: number };

export async function pay(rows: Row[], byId: Map<string, Row>) {
  const lines: { price: string; quantity: number }[] = [];
  for (const [i, row] of rows.entries()) {
    lines.push({ price: row.priceId, quantity: i === 0 ? row.qty : 1 });
  }
  for (const row of byId.values()) {
    lines.push({ price: row.priceId, quantity: row.qty });
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://shop.example/thanks",
  });
  return session.url;
}
"""


def _site(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_an_iterator_loop_maps_array_from_of_it() -> None:
    text = _site(SHOP).suggestion or ""
    typed = ": DodoPayments.ProductItemReq => ({"
    assert f"...Array.from(rows.entries()).map(([i, row]: any){typed}" in text
    assert "quantity: (i === 0) ? row.qty : 1," in text
    assert f"...Array.from(byId.values()).map((row: any){typed}" in text
    assert "s.entries().map(" not in text and "s.values().map(" not in text


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    problems = tsc_problems(tmp_path, SHOP, _site(SHOP).suggestion or "", files=ids)
    assert not problems, problems

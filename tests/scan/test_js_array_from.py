"""Line items built with `Array.from(cart, (item) => ({ ... }))` (TypeScript/JavaScript): the
same list `cart.map((item) => ({ ... }))` gives, of any iterable (a Set, a Map's values). It was
a run-time list read through each element's missing `price` (RT003/RT015), the amounts each
line computes lost; it is read as a mapped list now, written `Array.from(cart).map(...)`."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

SHOP = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { title: string; cents: number; count: number };

export async function pay(rows: Set<Row>) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: Array.from(rows, (row) => ({
      price_data: { currency: "eur", product_data: { name: row.title }, unit_amount: row.cents },
      quantity: row.count,
    })),
    success_url: "https://shop.example/thanks",
  });
  return session.url;
}
"""


def _site(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_array_from_with_a_mapper_carries_each_amount_and_quantity() -> None:
    site = _site(SHOP)
    codes = {f.code for f in site.findings}
    assert "RT003" not in codes and "RT015" not in codes, site.findings
    text = site.suggestion or ""
    assert "product_cart: Array.from(rows).map((row" in text
    assert "amount: row.cents," in text and "quantity: row.count," in text


def test_array_from_without_a_mapper_stays_a_run_time_list() -> None:
    """`Array.from(lines)` copies elements that are line items already: each read at run
    time through its own `price` and `quantity` (RT003), as before."""
    start = SHOP.index("Array.from(rows, (row)")
    end = SHOP.index("})),", start) + len("}))")
    site = _site(SHOP[:start] + "Array.from(rows as Set<any>)" + SHOP[end:])
    assert "RT003" in {f.code for f in site.findings}


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    problems = tsc_problems(tmp_path, SHOP, _site(SHOP).suggestion or "")
    assert not problems, problems

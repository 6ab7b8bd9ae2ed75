# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Line items written as a mapped cart joined to a written line (``lineItems.concat([{ ...a
shipping line... }])``, the JavaScript spelling of ``[...lineItems, shippingLine]``, seen in
shops adding shipping or a fee to the cart rows): only the spread was read as two lists one
after the other, so ``concat`` left the list opaque and the call blocked (RT015) with each
element's product read from a ``price`` the elements do not have. ``concat`` of lists the reader
reads is the spliced list now; anything else stays a run-time list."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

SHOP = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { title: string; cents: number; count: number };

export async function pay(rows: Row[], postage: number, back: string) {
  const lineItems = rows.map((row) => ({
    price_data: { currency: "usd", unit_amount: row.cents, product_data: { name: row.title } },
    quantity: row.count,
  }));
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: LINES,
    success_url: back,
  });
  return session.url;
}
"""
JOINED = 'lineItems.concat([{ price_data: { currency: "usd", unit_amount: postage, product_data: { name: "Postage" } }, quantity: 1 }])'


def _site(lines: str) -> CallSite:
    code = SHOP.replace("LINES", lines)
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_a_mapped_cart_joined_to_a_written_line_reaches_the_cart() -> None:
    site = _site(JOINED)
    text = site.suggestion or ""
    assert "...rows.map((row" in text
    assert "quantity: row.count," in text and "amount: row.cents," in text
    assert "amount: postage," in text
    assert "item.price" not in text  # not read through fields the elements lack
    found = {f.code for f in site.findings}
    assert not found & {"RT003", "RT007", "RT015"}, site.findings
    assert site.verdict != "blocked"


def test_a_concat_of_an_unknown_list_stays_a_run_time_list() -> None:
    site = _site("lineItems.concat((globalThis as any).extra)")
    assert "RT003" in {f.code for f in site.findings}
    assert "lineItems.concat(" in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    source = SHOP.replace("LINES", JOINED)
    problems = tsc_problems(tmp_path, source, _site(JOINED).suggestion or "")
    assert not problems, problems

"""Line items pushed in a JavaScript/TypeScript counting ``while`` loop (``let k = 0; while (k <
rows.length) { lines.push({ ... rows[k] ... }); k++; }``, seen in a SvelteKit shop filling its
cart from the request's products). Only ``for`` loops were read as counting loops: a ``while``
stopped the reading, so the list was a run-time value mapped through each element's ``price``
(RT003), and with inline prices the whole cart was blocked (RT015, ``TODO_product_id``) though
every amount, currency and quantity was in the code. The loop runs its body once per index of
the list, as ``for (let k = 0; k < rows.length; k++)`` does, so it is mapped from the indices
now. A ``while`` that counts otherwise (its step not the body's last statement, a ``continue``
that skips it, a step of 2, a start other than 0) stays a run-time list."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

SHOP = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

type Row = { label: string; pence: number; units: number };

export async function buy(form: { rows: Row[]; who: string }) {
  const lines: any[] = [];
  let k = 0;
  while (k < form.rows.length) {
    const row = form.rows[k];
    lines.push({
      price_data: { currency: "gbp", product_data: { name: row.label }, unit_amount: row.pence },
      quantity: row.units,
    });
    k++;
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: form.who,
    line_items: lines,
    success_url: "https://tea.example/done",
  });
  return session.url;
}
"""


def _site(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "buy.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_inline_lines_pushed_in_a_counting_while_carry_each_amount() -> None:
    site = _site(SHOP)
    codes = {f.code for f in site.findings}
    assert "RT015" not in codes and "RT003" not in codes, site.findings
    assert site.verdict != "blocked"
    text = site.suggestion or ""
    assert "product_cart: Array.from(form.rows.keys()).map((k" in text
    assert "amount: form.rows[k].pence," in text
    assert "quantity: form.rows[k].units," in text
    assert "TODO_product_id" not in text
    assert site.translation is not None
    [product] = [r for r in site.translation.requires if r.get("kind") == "product"]
    assert product["product"]["price"]["currency"] == "GBP"
    assert product["product"]["price"]["pay_what_you_want"] is True


def test_price_ids_pushed_in_a_counting_while_are_looked_up_per_index() -> None:
    inline = (
        'price_data: { currency: "gbp", product_data: { name: row.label }, '
        "unit_amount: row.pence },"
    )
    assert inline in SHOP
    code = SHOP.replace(inline, "price: row.label,")
    site = _site(code)
    text = site.suggestion or ""
    assert "product_id: dodoProductId(form.rows[k].label)," in text
    assert "quantity: form.rows[k].units," in text


LEGACY = """const stripe = require("stripe")(process.env.STRIPE_KEY);

async function pay(req) {
  const basket = [];
  let j = 0;
  while (j < req.body.cart.length) {
    basket.push({
      name: req.body.cart[j].title,
      amount: req.body.cart[j].rupees * 100,
      currency: "inr",
      quantity: req.body.cart[j].count,
    });
    j += 1;
  }
  return stripe.checkout.sessions.create({ line_items: basket, success_url: "https://x.test/ok" });
}
"""


def test_pre_prices_lines_pushed_in_a_counting_while_carry_their_amount() -> None:
    # pre-Prices lines (their own amount and currency): mapped through each element's
    # missing `price` before, the amount each charges lost
    (site,) = [
        s for s in scan_source(LEGACY, "pay.js", BY_NAME["javascript"]) if s.kind == "create"
    ]
    text = site.suggestion or ""
    assert "Array.from(req.body.cart.keys()).map((j) => ({" in text
    assert "amount: req.body.cart[j].rupees * 100," in text
    assert "quantity: req.body.cart[j].count," in text
    assert site.verdict != "blocked"
    assert site.translation is not None
    [product] = [r for r in site.translation.requires if r.get("kind") == "product"]
    assert product["product"]["price"]["currency"] == "INR"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    k++;\n  }", "    k += 2;\n  }"),  # every other row
        ("  let k = 0;\n", "  let k = 1;\n"),  # skips the first row
        ("    const row = form.rows[k];\n", "    const row = form.rows[k];\n    k++;\n"),
        (
            "    const row = form.rows[k];\n",
            "    const row = form.rows[k];\n    if (!row) continue;\n",
        ),
        ("  while (k < form.rows.length) {", "  while (k < form.rows.length - 1) {"),
    ],
)
def test_a_while_that_counts_otherwise_stays_a_run_time_list(old: str, new: str) -> None:
    assert old in SHOP
    site = _site(SHOP.replace(old, new))
    assert "RT015" in {f.code for f in site.findings}
    assert "Array.from" not in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    site = _site(SHOP)
    assert tsc_problems(tmp_path, SHOP, site.suggestion or "") == ""

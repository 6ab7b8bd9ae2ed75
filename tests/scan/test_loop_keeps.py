"""A cart filled in a for-each loop whose append is under an ``if`` with no ``else``
(``migrate/scan/loop_keeps.py``): the loop keeps the elements the condition holds for. The list
was read as one the scan cannot follow: a run-time list mapped through each element's
``price`` at run time (RT003), the lines' own values (``PRICES[key]``, an inline amount)
unread. It is the collection filtered, then mapped, now; a condition on what the loop changes
stays unread."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import creates, write_tree

SHOP_PY = """import stripe

PRICES = {"mug": "price_mug", "shirt": "price_shirt"}


def checkout(form, back):
    items = []
    for key, qty in form.items():
        if key in PRICES and qty > 0:
            items.append({"price": PRICES[key], "quantity": qty})
    return stripe.checkout.Session.create(mode="payment", line_items=items, success_url=back)


def first_of_each(order, back):
    items = []
    seen = set()
    for line in order.lines:
        if line.sku not in seen:
            seen.add(line.sku)
            items.append({"price": line.price_id, "quantity": 1})
    return stripe.checkout.Session.create(mode="payment", line_items=items, success_url=back)
"""

SHOP_TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");

export async function pay(order: { lines: { priceId: string; qty: number; gift: boolean }[] }) {
  const lines: { price: string; quantity: number }[] = [];
  for (const line of order.lines) {
    if (line.qty > 0) {
      if (!line.gift) lines.push({ price: line.priceId, quantity: line.qty });
    }
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://shop.example/done",
  });
  return session.url;
}
"""


def _sites(tmp_path: Path) -> dict[tuple[str, int], CallSite]:
    found = creates(write_tree(tmp_path, {"shop.py": SHOP_PY, "shop.ts": SHOP_TS}))
    return {(Path(s.file).suffix, s.line): s for s in found}


def test_an_append_under_an_if_keeps_the_elements_it_holds_for(tmp_path: Path) -> None:
    sites = _sites(tmp_path)
    py = sites[(".py", 11)]
    assert "RT003" not in [f.code for f in py.findings]
    text = py.suggestion or ""
    assert '"product_id": dodo_product_id(PRICES[key]),' in text
    assert "for key, qty in form.items() if key in PRICES and qty > 0]" in text
    ast.parse(text)
    ts = sites[(".ts", 12)]
    assert "RT003" not in [f.code for f in ts.findings]
    assert "order.lines.filter((line) => line.qty > 0 && !line.gift).map(" in (ts.suggestion or "")


def test_a_condition_on_what_the_loop_changes_is_no_filter(tmp_path: Path) -> None:
    """``seen`` changes from one element to the next: no filter of the collection computes
    it, so the list stays the run-time value it is (RT003), never every element."""
    site = _sites(tmp_path)[(".py", 21)]
    assert "RT003" in [f.code for f in site.findings]
    assert "for item in items" in (site.suggestion or "")


@pytest.mark.slow
def test_the_filtered_carts_type_check(tmp_path: Path) -> None:
    sites = _sites(tmp_path / "tree")
    (tmp_path / "dodo_ids.py").write_text(
        "def dodo_product_id(price: str) -> str:\n    return price\n", encoding="utf-8"
    )
    text = sites[(".py", 11)].suggestion or ""
    prices = 'PRICES = {"mug": "price_mug"}\n\n'
    signature = prices + "def checkout(form: dict[str, int], back: str) -> str | None"
    problems = mypy_problems(tmp_path, text, signature)
    assert not problems, problems
    ts = SHOP_TS.replace("  const session = await stripe.checkout.sessions.create(", CUT)
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    problems = tsc_problems(tmp_path, ts, sites[(".ts", 12)].suggestion or "", files=ids)
    assert not problems, problems

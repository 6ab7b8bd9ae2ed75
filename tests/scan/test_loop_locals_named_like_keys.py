"""A loop's local named like the key it reads (``price_inr = row["price_inr"]``) is not a
value carried between turns: the cart filled in the loop is the collection mapped, each line
with its own amount.

Before, the check for names the loop's body assigns (a counter read in every line would charge
every line its last value: ``loop_carried.py``) searched the written line's text with the key's
string in it: ``row["price_inr"] * 100`` "read" ``price_inr``, and the whole cart stayed a
run-time value, RT015 blocking a Django REST shop's plainly priced cart (locals ``product``,
``qty``, ``price_inr`` read from the validated rows). A counter is still caught, as is a name
interpolated in a string that may read it."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY_SHOP = """import stripe


def pay(rows, user):
    total = 0
    line_items = []
    for row in rows:
        product = row["product"]
        qty = row["qty"]
        price_inr = row["price_inr"]

        total += price_inr * qty
        line_items.append({
            "price_data": {
                "currency": "inr",
                "product_data": {"name": product.title},
                "unit_amount": price_inr * 100,
            },
            "quantity": qty,
        })
    return stripe.checkout.Session.create(
        mode="payment", line_items=line_items, success_url="https://shop.test/ok"
    )
"""

TS_SHOP = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function pay(rows: any[]) {
  const lines: any[] = [];
  for (const row of rows) {
    const cents = row["cents"];
    const data = { currency: "usd", unit_amount: cents, product_data: { name: "Item" } };
    lines.push({ price_data: data, quantity: 1 });
  }
  const back = "https://shop.test/ok";
  return stripe.checkout.sessions.create({ mode: "payment", line_items: lines, success_url: back });
}
"""

PY_COUNTER = """import stripe


def pay(rows):
    n = 0
    line_items = []
    for row in rows:
        n += 1
        line_items.append({"price": row["price"], "quantity": n})
    return stripe.checkout.Session.create(
        mode="payment", line_items=line_items, success_url="https://shop.test/ok"
    )
"""


def _site(code: str, language: str, name: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_a_python_cart_whose_locals_share_their_keys_names_is_mapped() -> None:
    site = _site(PY_SHOP, "python", "payments.py")
    codes = {f.code for f in site.findings}
    assert "RT015" not in codes and "L112" in codes
    suggestion = site.suggestion or ""
    assert '"amount": row["price_inr"] * 100,' in suggestion
    assert '"quantity": row["qty"],' in suggestion
    assert "for row in rows" in suggestion
    (product,) = site.translation.requires
    assert product["product"]["price"]["currency"] == "INR"


def test_a_typescript_cart_whose_local_shares_its_keys_name_is_mapped() -> None:
    site = _site(TS_SHOP, "typescript", "pay.ts")
    assert "RT015" not in {f.code for f in site.findings}
    assert 'amount: row["cents"],' in (site.suggestion or "")


def test_a_counter_the_loop_steps_still_keeps_the_cart_a_run_time_value() -> None:
    site = _site(PY_COUNTER, "python", "payments.py")
    assert "for row in rows" not in (site.suggestion or "")
    assert "RT003" in {f.code for f in site.findings}

"""Line items filled in a loop, then given more lines: the loop's lines, then the others.

A shop's checkout builds its cart row by row in a loop and then adds a shipping line, often only
when there is shipping to pay (a Django shop's view passing the list to its own session helper).
The scanner read the loop's list as a mapping over the rows, but a line added after it made the
whole list one value known only at run time: the cart was mapped element by element through a
`price` its inline lines do not have and blocked (RT015), where the code says exactly what it
sells. Each part now keeps its place: the rows mapped, then the extra line (present only under
its condition), in Python and TypeScript; lines written before the loop come first the same way.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


PY_SHIPPING = """\
import stripe


def pay(request, basket, delivery_fee):
    lines = []
    for entry in basket:
        lines.append(
            {
                "price_data": {
                    "currency": "eur",
                    "product_data": {"name": entry.title},
                    "unit_amount": int(entry.cost * 100),
                },
                "quantity": entry.count,
            }
        )
    if delivery_fee > 0:
        lines.append(
            {
                "price_data": {
                    "currency": "eur",
                    "product_data": {"name": "Delivery"},
                    "unit_amount": int(delivery_fee * 100),
                },
                "quantity": 1,
            }
        )
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://shop.example/done"
    )
"""


def test_a_python_loop_then_a_line_under_an_if_is_the_rows_then_the_optional_line() -> None:
    site = one(PY_SHIPPING, "views.py", "python")
    assert "RT015" not in codes(site) and "RT003" not in codes(site)
    text = site.suggestion
    rows = text.index("for entry in basket")
    fee = text.index('"amount": int(delivery_fee * 100)')
    assert '"amount": int(entry.cost * 100)' in text and '"quantity": entry.count' in text
    assert rows < fee and "] if delivery_fee > 0 else [])" in text
    # the fee line is no element of the mapping: it is added once, not once per row
    assert text.count("for entry in basket") == 1


PY_BEFORE_AND_AFTER = """\
import stripe


def subscribe(plan_price, extras, support_price):
    items = [{"price": plan_price, "quantity": 1}]
    for extra in extras:
        items.append({"price": extra.price_id, "quantity": extra.units})
    items.append({"price": support_price, "quantity": 1})
    return stripe.checkout.Session.create(
        mode="payment", line_items=items, success_url="https://shop.example/done"
    )
"""


def test_python_lines_before_and_after_a_loop_keep_their_places() -> None:
    site = one(PY_BEFORE_AND_AFTER, "billing.py", "python")
    assert "RT003" not in codes(site)
    text = site.suggestion
    first = text.index('"product_id": dodo_product_id(plan_price)')
    rows = text.index('"product_id": dodo_product_id(extra.price_id)')
    last = text.index('"product_id": dodo_product_id(support_price)')
    assert first < rows < last
    assert "for extra in extras" in text and '"quantity": extra.units' in text


TS_TIP = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(basket: { title: string; cents: number; count: number }[], tip: number) {
  const lineItems: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  for (const entry of basket) {
    lineItems.push({
      price_data: {
        currency: "usd",
        product_data: { name: entry.title },
        unit_amount: entry.cents,
      },
      quantity: entry.count,
    });
  }
  if (tip > 0) {
    lineItems.push({
      price_data: { currency: "usd", product_data: { name: "Tip" }, unit_amount: tip },
      quantity: 1,
    });
  }
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems,
    success_url: "https://shop.example/done",
  });
}
"""


def test_a_typescript_loop_then_a_line_under_an_if_is_the_rows_then_the_optional_line() -> None:
    site = one(TS_TIP, "pay.ts", "typescript")
    assert "RT015" not in codes(site) and "RT003" not in codes(site)
    text = site.suggestion
    assert "...basket.map((entry" in text and "amount: entry.cents" in text
    assert "...((tip > 0) ? [" in text and "amount: tip," in text
    assert text.index("basket.map") < text.index("amount: tip,")


TS_PARAMS_PUSH = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function order(rows: { priceId: string; qty: number }[]) {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: [],
    success_url: "https://shop.example/done",
  };
  for (const row of rows) {
    params.line_items!.push({ price: row.priceId, quantity: row.qty });
  }
  params.line_items!.push({ price: process.env.HANDLING_PRICE!, quantity: 1 });
  return stripe.checkout.sessions.create(params);
}
"""


def test_a_line_pushed_onto_the_params_list_after_its_loop_follows_the_rows() -> None:
    site = one(TS_PARAMS_PUSH, "order.ts", "typescript")
    assert "RT003" not in codes(site)
    text = site.suggestion
    assert "...rows.map((row" in text and "dodoProductId(row.priceId)" in text
    assert text.index("rows.map") < text.index("dodoProductId(process.env.HANDLING_PRICE!)")

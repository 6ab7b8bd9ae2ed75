"""Python and JavaScript/TypeScript read a line pushed after the mapped cart as Ruby and PHP do
(``test_lines_after_mapped.py``): ``items = [... for i in cart]; items.append(shipping)``,
``const items = cart.map(...); items.push(shipping)`` make the cart the mapped lines, then that
one. The list was a run-time value mapped element by element through each one's ``price``
(RT003), so a shipping line with an inline price could not be carried."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PYTHON = """\
import stripe


def pay(cart, shipping_cents):
    items = [{"price": i.price_id, "quantity": i.qty} for i in cart.items]
    items.append({"price_data": {"currency": "eur", "unit_amount": shipping_cents,
                  "product_data": {"name": "Shipping"}}, "quantity": 1})
    return stripe.checkout.Session.create(mode="payment", line_items=items,
                                          success_url="https://shop.example/ok")
"""

TYPESCRIPT = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(cart: { items: { priceId: string; qty: number }[] }, wrap: boolean) {
  const items: Stripe.Checkout.SessionCreateParams.LineItem[] = cart.items.map((i) => ({
    price: i.priceId,
    quantity: i.qty,
  }));
  items.push({ price: "price_1GiftWrapA", quantity: 1 });WHEN
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: items,
    success_url: "https://shop.example/ok",
  });
}
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_python_line_appended_after_a_comprehension_is_the_last_part() -> None:
    site = one(PYTHON, "pay.py", "python")
    assert "RT003" not in codes(site) and "RT015" not in codes(site)
    assert "for i in cart.items" in site.suggestion
    assert '"amount": shipping_cents' in site.suggestion


def test_typescript_line_pushed_after_map_is_the_last_part() -> None:
    site = one(TYPESCRIPT.replace("WHEN", ""), "pay.ts", "typescript")
    assert "RT003" not in codes(site)
    assert "...cart.items.map((i" in site.suggestion
    assert site.suggestion.count("product_id: ") == 2


def test_typescript_line_pushed_only_sometimes_is_an_optional_last_part() -> None:
    """Under an `if`, the pushed line is present only then (the two branches' work merged:
    z-real8 read it so, where this branch first left the whole list to run time, RT003)."""
    code = TYPESCRIPT.replace(
        '  items.push({ price: "price_1GiftWrapA", quantity: 1 });WHEN\n',
        '  if (wrap) items.push({ price: "price_1GiftWrapA", quantity: 1 });\n',
    )
    site = one(code, "pay.ts", "typescript")
    assert "RT003" not in codes(site)
    assert "...cart.items.map((i" in site.suggestion
    assert "...(wrap ? [" in site.suggestion

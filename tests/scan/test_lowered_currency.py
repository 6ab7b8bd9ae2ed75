# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A currency the code lower-cases for Stripe (``currency.toLowerCase()``, Ruby's
``invoice.currency.downcase``) is upper-cased for Dodo: the suggestion wrote
``currency.toLowerCase().toUpperCase()``, which reads as a slip. The lower-casing is dropped
before upper-casing (the same text either way)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export async function pay(amount: number, currency: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price_data: { currency: currency.toLowerCase(), unit_amount: amount,
      product_data: { name: "Order" } }, quantity: 1 }],
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""

RUBY = """def pay(invoice)
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price_data: { currency: invoice.currency.downcase, unit_amount: invoice.cents,
      product_data: { name: "Invoice" } }, quantity: 1 }],
    success_url: "https://shop.test/ok",
  )
end
"""

PY = """import stripe

def pay(order):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price_data": {"currency": order.currency.lower(), "unit_amount": order.cents,
                     "product_data": {"name": "Order"}}, "quantity": 1}],
        success_url="https://shop.test/ok",
    )
"""


CSHARP = """using Stripe.Checkout;

public class Pay {
    public Session Start(long amount, string currency) {
        var options = new SessionCreateOptions {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions> { new SessionLineItemOptions {
                PriceData = new SessionLineItemPriceDataOptions {
                    Currency = currency.ToUpperInvariant(), UnitAmount = amount,
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Order" } },
                Quantity = 1 } },
            SuccessUrl = "https://shop.test/ok",
        };
        return new SessionService().Create(options);
    }
}
"""


@pytest.mark.parametrize(
    ("code", "name", "language", "upper"),
    [
        (CSHARP, "Pay.cs", "csharp", '." + currency.ToUpperInvariant()'),
        (TS, "pay.ts", "typescript", '." + currency.toUpperCase()'),
        (RUBY, "pay.rb", "ruby", '." + invoice.currency.upcase'),
        (PY, "pay.py", "python", '." + order.currency.upper()'),
    ],
)
def test_a_lower_cased_currency_is_upper_cased_once(
    code: str, name: str, language: str, upper: str
) -> None:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    text = site.suggestion or ""
    assert upper in text, text
    for lowered in (".toLowerCase()", ".downcase", ".lower()"):
        assert lowered not in text
    assert "ToUpperInvariant().ToUpperInvariant()" not in text  # upper-cased once

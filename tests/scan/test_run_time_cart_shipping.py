"""A fixed shipping rate beside line items the code builds at run time. Seen in a Rails shop:
the controller's ``create_session(line_items)`` passes ``current_customer.line_items_checkout``
(a model method mapping the cart) with ``shipping_options: [{shipping_rate_data: {fixed_amount:
{amount: 500, currency: 'jpy'}}}]``. C025 said the shipping charge becomes a shipping product in
the cart, and the product was listed under ``requires``, but the suggested cart was the mapped
list alone: the buyer paid the goods without the shipping (a silent wrong total). The C026 the
translator emitted at ``line_items`` was hidden as a finding about a run-time value.

The cart is now the mapped lines, then the shipping line (a concat), in every language."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SHIPPING_PY = (
    '[{"shipping_rate_data": {"type": "fixed_amount", "display_name": "Courier",'
    ' "fixed_amount": {"amount": 700, "currency": "usd"}}}]'
)

PY_OPAQUE = f"""import stripe


def pay(basket, url):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=basket.stripe_lines(),
        shipping_options={SHIPPING_PY},
        success_url=url,
    )
"""

PY_MAPPED = f"""import stripe


def pay(basket, url):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{{"price": row.price_id, "quantity": row.qty}} for row in basket.rows],
        shipping_options={SHIPPING_PY},
        success_url=url,
    )
"""

RUBY = """class OrdersController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: 'payment',
      line_items: current_cart.rows.map { |row| { price: row.price_id, quantity: row.qty } },
      shipping_options: [{ shipping_rate_data: {
        type: 'fixed_amount', display_name: 'Courier',
        fixed_amount: { amount: 700, currency: 'usd' }
      } }],
      success_url: orders_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""

PHP = """<?php
function pay($basket)
{
    $lines = array_map(
        fn ($row) => ['price' => $row->price_id, 'quantity' => $row->qty],
        $basket->rows
    );
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => $lines,
        'shipping_options' => [['shipping_rate_data' => [
            'type' => 'fixed_amount', 'display_name' => 'Courier',
            'fixed_amount' => ['amount' => 700, 'currency' => 'usd'],
        ]]],
        'success_url' => 'https://shop.example/done',
    ]);
}
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "mapped"),
    [
        (PY_OPAQUE, "opaque.py", "python", "for item in basket.stripe_lines()"),
        (PY_MAPPED, "mapped.py", "python", "for row in basket.rows"),
        (RUBY, "orders_controller.rb", "ruby", "current_cart.rows.map"),
        (PHP, "pay.php", "php", "[...$basket->rows])"),
    ],
)
def test_the_shipping_line_follows_the_run_time_cart(
    code: str, name: str, language: str, mapped: str
) -> None:
    site = _site(code, name, language)
    assert site.translation is not None
    assert "C025" in {f.code for f in site.findings}
    (shipping,) = [r for r in site.translation.requires if "shipping" in str(r)]
    assert shipping["product"]["price"]["price"] == 700
    text = site.suggestion
    assert mapped in text
    assert shipping["id"] in text  # the shipping product is in the cart, after the mapped rows
    assert text.index(mapped) < text.index(shipping["id"])

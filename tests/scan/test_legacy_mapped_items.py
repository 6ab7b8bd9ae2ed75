"""Pre-Prices inline line items (``name``, ``amount``, ``currency`` and ``quantity`` on the line
itself) built by mapping a collection in the code. Seen in a Rails shop's order controller
(``line_items: articles.map do |a| { name:, amount: (a.price * 100).to_i, currency:, quantity:
} end``): the literal-list form was rewritten to ``price_data`` (G001) but the mapped form was
not, so every cart line was ``TODO_product_id`` with quantity 1: the run-time amount and the
run-time quantity were dropped with no finding (a silent wrong charge).

The mapped element is rewritten as a literal one is: the line sells the pay-what-you-want product
with its amount and quantity carried from the element (L112 says so), in each language."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

RUBY = """\
class BasketsController < ApplicationController
  def pay
    lines = current_basket.lines
    session = Stripe::Checkout::Session.create(
      payment_method_types: ["card"],
      line_items: lines.map do |line|
        { name: line.title, amount: (line.unit_price * 100).to_i, currency: "gbp",
          quantity: line.count }
      end,
      success_url: done_url,
      cancel_url: basket_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""

PHP = """<?php
class BasketController
{
    public function pay($basket)
    {
        $session = \\Stripe\\Checkout\\Session::create([
            'line_items' => array_map(fn ($line) => [
                'name' => $line->title,
                'amount' => $line->unit_price * 100,
                'currency' => 'gbp',
                'quantity' => $line->count,
            ], $basket->lines),
            'success_url' => route('done'),
            'cancel_url' => route('basket'),
        ]);
        return redirect($session->url);
    }
}
"""

PY = """import stripe


def pay(basket, done_url):
    return stripe.checkout.Session.create(
        line_items=[
            {"name": line.title, "amount": line.unit_price * 100, "currency": "gbp",
             "quantity": line.count}
            for line in basket.lines
        ],
        success_url=done_url,
        cancel_url=done_url,
    )
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "amount", "quantity"),
    [
        (
            RUBY,
            "baskets.rb",
            "ruby",
            '"amount" => (line.unit_price * 100).to_i',
            '"quantity" => line.count',
        ),
        (
            PHP,
            "basket.php",
            "php",
            "'amount' => (filter_var($line->unit_price * 100,",
            "'quantity' => (filter_var($line->count,",
        ),
        (PY, "basket.py", "python", '"amount": line.unit_price * 100', '"quantity": line.count'),
    ],
)
def test_mapped_inline_items_carry_amount_and_quantity(
    code: str, name: str, language: str, amount: str, quantity: str
) -> None:
    site = one(code, name, language)
    assert site.translation is not None
    codes = {f.code for f in site.translation.findings}
    assert {"G001", "L112"} <= codes
    assert amount in site.suggestion
    assert quantity in site.suggestion
    assert "TODO_product_id" not in site.suggestion
    (legacy,) = [f for f in site.translation.findings if f.code == "G001"]
    assert "(named at run time: " in legacy.message and "title)" in legacy.message


APPENDED = """<?php
class TicketController
{
    public function pay($order)
    {
        $lines = [];
        foreach ($order->seats as $seat) {
            $lines[] = [
                'name' => $seat->label,
                'amount' => (int) round($seat->price * 100),
                'currency' => 'eur',
                'quantity' => $seat->count,
            ];
        }
        $lines[] = ['name' => 'Booking fee', 'amount' => 150, 'currency' => 'eur', 'quantity' => 1];
        $session = \\Stripe\\Checkout\\Session::create([
            'line_items' => $lines,
            'success_url' => 'https://tickets.example/ok',
        ]);
        return $session->url;
    }
}
"""


def test_inline_items_appended_in_a_loop_then_a_fixed_one() -> None:
    """The loop's lines (spliced into the list before the fee) were blocked as lines with no
    price (L103) with their amount and quantity unknown parameters (C090); the fixed fee was
    already rewritten."""
    site = one(APPENDED, "tickets.php", "php")
    assert site.translation is not None
    codes = {f.code for f in site.translation.findings}
    assert "L103" not in codes and "C090" not in codes
    assert "'amount' => (int) round($seat->price * 100)," in site.suggestion
    assert "'quantity' => (filter_var($seat->count," in site.suggestion
    assert "TODO_product_id" not in site.suggestion


def test_a_run_time_image_of_a_mapped_pre_prices_line_is_named_as_the_product_image() -> None:
    # `images: [row.image]` on a pre-Prices line pushed in a loop: its element was said to be
    # a field no rule maps (C090) under its old path; it is the product's image (L009)
    code = (
        'const stripe = require("stripe")(process.env.KEY);\n'
        "async function pay(req) {\n"
        "  const lines = [];\n"
        "  for (const row of req.body.rows) {\n"
        "    lines.push({ name: row.title, amount: row.cents, currency: 'inr',"
        " quantity: row.qty, images: [row.photo] });\n"
        "  }\n"
        "  return stripe.checkout.sessions.create({ line_items: lines, success_url: 'https://x' })"
        "\n"
        "}\n"
    )
    (site,) = [s for s in scan_source(code, "pay.js", BY_NAME["javascript"]) if s.kind == "create"]
    said = {f.path: f.message for f in site.findings if f.code == "RT001"}
    assert "line_items[].images[0]" not in said
    assert "L009" in said["line_items[].price_data.product_data.images[0]"]
    assert "C090" not in " ".join(said.values())

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A line item mapped over a collection whose element has neither ``price`` nor ``price_data``.
Seen in a Django shop's payment view that appends, for each order item, a dict whose inline price
key is misspelt (``price_date``) beside ``quantity: item.quantity``. Stripe refuses such a line;
the scan said "translated" with only a warning about an unmapped field, and its suggested cart
sold ``TODO_product_id`` with quantity 1 per element: no blocker said the cart was unknown, and
the element's quantity was lost. The L103 the translator emitted at ``line_items[]`` is a static
check a site read from code does not keep; the call now carries RT007 (a blocker) saying the
element of the mapped list has no price, in every language."""

from __future__ import annotations

import pytest

from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY_APPEND = """import stripe


def pay(order, done):
    lines = []
    for item in order.items.all():
        lines.append({"price_date": {"currency": "usd", "unit_amount": item.cents, "product_data": {"name": item.name}}, "quantity": item.quantity})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url=done)
"""

PY_COMPREHENSION = """import stripe


def pay(order, done):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"quantity": row.qty} for row in order.rows],
        success_url=done,
    )
"""

TS_MAP = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(rows: { qty: number; cents: number }[]) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: rows.map((r) => ({ pricedata: { currency: "usd", unit_amount: r.cents, product_data: { name: "Mug" } }, quantity: r.qty })),
    success_url: "https://shop.example/ok",
  });
}
"""

RUBY_MAP = """class OrdersController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: 'payment',
      line_items: current_cart.rows.map { |row| { quantity: row.qty } },
      success_url: orders_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _site(code: str, name: str, lang: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[lang]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "lang"),
    [
        (PY_APPEND, "views.py", "python"),
        (PY_COMPREHENSION, "views.py", "python"),
        (TS_MAP, "route.ts", "typescript"),
        (RUBY_MAP, "orders_controller.rb", "ruby"),
    ],
)
def test_a_mapped_line_without_a_price_blocks_the_call(code: str, name: str, lang: str) -> None:
    site = _site(code, name, lang)
    blockers = [f for f in site.findings if f.level is Level.BLOCKER]
    assert [f.code for f in blockers] == ["RT007"], [(f.code, f.message) for f in site.findings]
    assert blockers[0].path == "line_items[]"
    assert "neither `price` nor `price_data`" in blockers[0].message
    assert site.verdict == "blocked"
    assert "TODO_product_id" in (site.suggestion or "")


def test_a_mapped_line_with_a_price_is_not_blocked() -> None:
    code = PY_APPEND.replace('"price_date"', '"price_data"')
    site = _site(code, "views.py", "python")
    assert not [f for f in site.findings if f.level is Level.BLOCKER]
    assert "item.quantity" in (site.suggestion or "")

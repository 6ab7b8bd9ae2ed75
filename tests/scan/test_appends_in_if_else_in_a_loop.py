# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A for-each loop whose body appends one line in each branch of an ``if``/``else`` (Python's
``lines.append``, TypeScript's ``lines.push``): any append under a condition inside a loop was a
list the scanner could not follow, so the cart was mapped at run time through each element's
``price`` (RT003) even when both branches named a price id, and blocked (RT015) when one wrote
an inline price. One line per element is added either way: the cart is now the collection
mapped, each element the choice between the two lines. Any other shape (an ``elif``, a second
append outside the ``if``) stays the list at run time."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY_TWO_PRICES = """\
import stripe


def pay(cart):
    lines = []
    for item in cart.items:
        if item.hidden:
            continue
        plan = item.plan
        if plan is not None:
            lines.append({"price": plan.price_id, "quantity": 1})
        else:
            lines.append({"price": item.price_id, "quantity": item.qty})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")
"""

PY_PRICE_OR_INLINE = """\
import stripe


def pay(cart):
    lines = []
    for item in cart.items:
        if item.price_id:
            lines.append({"price": item.price_id, "quantity": item.qty})
        else:
            lines.append({"price_data": {"currency": "usd", "unit_amount": item.cents, "product_data": {"name": item.name}}, "quantity": item.qty})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")
"""

TS_PRICE_OR_INLINE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function pay(items: Array<{ priceId?: string; cents: number; qty: number; name: string }>) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  for (const item of items) {
    if (item.priceId) {
      lines.push({ price: item.priceId, quantity: item.qty });
    } else {
      lines.push({ price_data: { currency: "usd", unit_amount: item.cents, product_data: { name: item.name } }, quantity: item.qty });
    }
  }
  return stripe.checkout.sessions.create({ mode: "payment", line_items: lines, success_url: "https://shop.example/ok" });
}
"""

TS_NOT_ONE_PER_ELEMENT = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function chain(items: Array<{ priceId: string; gift: boolean; qty: number }>) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  for (const item of items) {
    if (item.gift) {
      lines.push({ price: "price_gift", quantity: 1 });
    } else if (item.qty > 5) {
      lines.push({ price: item.priceId, quantity: 5 });
    } else {
      lines.push({ price: item.priceId, quantity: item.qty });
    }
  }
  return stripe.checkout.sessions.create({ mode: "payment", line_items: lines, success_url: "https://shop.example/ok" });
}

export async function twice(items: Array<{ priceId: string; gift: boolean; qty: number }>) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  for (const item of items) {
    if (item.gift) {
      lines.push({ price: "price_gift", quantity: 1 });
    } else {
      lines.push({ price: item.priceId, quantity: item.qty });
    }
    lines.push({ price: "price_wrap", quantity: 1 });
  }
  return stripe.checkout.sessions.create({ mode: "payment", line_items: lines, success_url: "https://shop.example/ok" });
}
"""


def creates(code: str, language: str, name: str) -> list[CallSite]:
    return [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_two_price_id_lines_chosen_per_element_in_python() -> None:
    (site,) = creates(PY_TWO_PRICES, "python", "shop.py")
    text = site.suggestion
    assert (
        '"product_id": dodo_product_id(item.plan.price_id) if item.plan is not None'
        " else dodo_product_id(item.price_id)," in text
    ), text
    assert '"quantity": 1 if item.plan is not None else item.qty,' in text
    assert "for item in ([item for item in cart.items if not (item.hidden)])" in text
    assert not codes(site) & {"RT003", "RT015"}, site.findings


def test_a_price_id_or_an_inline_line_per_element_in_python() -> None:
    (site,) = creates(PY_PRICE_OR_INLINE, "python", "shop.py")
    text = site.suggestion
    assert '"product_id": dodo_product_id(item.price_id),' in text
    assert "} if item.price_id else {" in text
    assert '"amount": item.cents,' in text and "for item in cart.items" in text
    assert site.verdict != "blocked"
    assert not codes(site) & {"RT003", "RT015"}, site.findings
    assert {"L112", "L113"} <= codes(site)


def test_a_price_id_or_an_inline_line_per_element_in_typescript() -> None:
    (site,) = creates(TS_PRICE_OR_INLINE, "typescript", "shop.ts")
    text = site.suggestion
    assert (
        "product_cart: items.map((item: any): DodoPayments.ProductItemReq => (item.priceId ? {"
        in text
    )
    assert "product_id: dodoProductId(item.priceId)," in text
    assert "amount: item.cents," in text
    assert site.verdict != "blocked"
    assert not codes(site) & {"RT003", "RT015"}, site.findings


def test_appends_not_one_per_element_stay_the_list_at_run_time() -> None:
    sites = creates(TS_NOT_ONE_PER_ELEMENT, "typescript", "shop.ts")
    assert len(sites) == 2
    for site in sites:
        assert "RT003" in codes(site)
        assert "product_cart: lines.map((item: any)" in site.suggestion


RUBY_PRICE_OR_INLINE = """\
class CheckoutController < ApplicationController
  def create
    lines = []
    current_cart.items.each do |item|
      if item.price_id
        lines << { price: item.price_id, quantity: item.qty }
      else
        lines << { price_data: { currency: "usd", unit_amount: item.cents, product_data: { name: item.name } }, quantity: item.qty }
      end
    end
    session = Stripe::Checkout::Session.create(mode: "payment", line_items: lines, success_url: "https://shop.example/ok")
    redirect_to session.url
  end
end
"""

RUBY_NOT_ONE_PER_ELEMENT = """\
class CheckoutController < ApplicationController
  def create
    lines = []
    current_cart.items.each do |item|
      if item.gift
        lines << { price: "price_gift", quantity: 1 }
      elsif item.qty > 5
        lines << { price: item.price_id, quantity: 5 }
      else
        lines << { price: item.price_id, quantity: item.qty }
      end
    end
    session = Stripe::Checkout::Session.create(mode: "payment", line_items: lines, success_url: "https://shop.example/ok")
    redirect_to session.url
  end
end
"""

PHP_TWO_PRICES = """\
<?php
function checkout($stripe, $items) {
    $lines = [];
    foreach ($items as $item) {
        if ($item['price']) {
            $lines[] = ['price' => $item['price'], 'quantity' => $item['n']];
        } else {
            $lines[] = ['price' => $item['fallback_price'], 'quantity' => 1];
        }
    }
    return $stripe->checkout->sessions->create([
        'mode' => 'payment',
        'line_items' => $lines,
        'success_url' => 'https://shop.example/ok',
    ]);
}
"""

PHP_ONLY_THEN = """\
<?php
function checkout($stripe, $items) {
    $lines = [];
    foreach ($items as $item) {
        if ($item['price']) {
            $lines[] = ['price' => $item['price'], 'quantity' => $item['n']];
        }
    }
    return $stripe->checkout->sessions->create([
        'mode' => 'payment',
        'line_items' => $lines,
        'success_url' => 'https://shop.example/ok',
    ]);
}
"""


def test_a_price_id_or_an_inline_line_per_element_in_ruby() -> None:
    (site,) = creates(RUBY_PRICE_OR_INLINE, "ruby", "checkout_controller.rb")
    text = site.suggestion
    assert "current_cart.items.map { |item| (item.price_id ? {" in text, text
    assert '"product_id" => DodoIds.product_id(item.price_id),' in text
    assert '"amount" => item.cents,' in text
    assert site.verdict != "blocked"
    assert not codes(site) & {"RT003", "RT015"}, site.findings


def test_two_price_id_lines_chosen_per_element_in_php() -> None:
    (site,) = creates(PHP_TWO_PRICES, "php", "shop.php")
    text = site.suggestion
    assert "array_map(fn($item) => [" in text, text
    assert (
        "'product_id' => ($item['price'] ? \\DodoIds::productId($item['price'])"
        " : \\DodoIds::productId($item['fallback_price']))," in text
    )
    assert not codes(site) & {"RT003", "RT015"}, site.findings


def test_ruby_and_php_appends_not_one_per_element_stay_the_list_at_run_time() -> None:
    (ruby,) = creates(RUBY_NOT_ONE_PER_ELEMENT, "ruby", "checkout_controller.rb")
    (php,) = creates(PHP_ONLY_THEN, "php", "shop.php")
    for site in (ruby, php):
        assert "RT003" in codes(site), site.findings

"""A cart built into a local before the code changes what it was built from (RT058).

A shop maps its products to line items whose quantity it reads from the session's basket,
empties the basket, then creates the session from the local. The Dodo call is written where
the Stripe call is and builds its cart there again, element by element: reading the emptied
basket, every quantity was nil, 0 or None, a cart Stripe never charged, with no finding. The
site is blocked now, naming the change; a cart that reads a local copy made before the change,
or a change made before the cart is built, is translated as before."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import stripe


def settle(request, books):
    lines = [
        {"price": b.price_id, "quantity": request.session["basket"][str(b.pk)]}
        for b in books
    ]
    request.session["basket"] = {}
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://books.test/thanks"
    )


def settle_copy(request, books):
    basket = request.session["basket"]
    lines = [{"price": b.price_id, "quantity": basket[str(b.pk)]} for b in books]
    request.session["basket"] = {}
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://books.test/thanks"
    )


def settle_first(request, books):
    request.session["seen"] = True
    lines = [{"price": b.price_id, "quantity": request.session["basket"][str(b.pk)]} for b in books]
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://books.test/thanks"
    )
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function settle(req: any, books: any[]) {
  const lines = books.map((b) => ({ price: b.priceId, quantity: req.session.basket[b.id] }));
  req.session.basket = {};
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://books.test/thanks",
  });
}
"""

RB = """class BasketController < ApplicationController
  def settle
    lines = @books.map do |book|
      count = session[:basket][book.id.to_s].to_i
      { price: book.stripe_price, quantity: count }
    end
    session[:basket] = {} if params[:clear]
    checkout = Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: lines,
      success_url: thanks_url
    )
    redirect_to checkout.url, allow_other_host: true
  end
end
"""

PHP = """<?php
function settle(array $books) {
    $lines = [];
    foreach ($books as $book) {
        $lines[] = ['price' => $book['price'], 'quantity' => $_SESSION['basket'][$book['id']]];
    }
    $_SESSION['basket'] = [];
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => $lines,
        'success_url' => 'https://books.test/thanks',
    ]);
}
"""


def _sites(text: str, name: str, language: str) -> list[CallSite]:
    return list(scan_source(text, name, BY_NAME[language]))


def _stale(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "RT058"]


def test_a_python_cart_read_again_after_the_basket_is_emptied_blocks() -> None:
    settle, copy, first = _sites(PY, "shop.py", "python")
    (message,) = _stale(settle)
    assert "`line_items` is the local `lines`" in message
    assert 'changes `request.session["basket"]` (request.session["basket"] = {})' in message
    assert settle.verdict == "blocked"
    # a copy read before the change, or a change before the cart: nothing is read again
    assert _stale(copy) == []
    assert _stale(first) == []


def test_a_typescript_map_read_again_after_the_change_blocks() -> None:
    (site,) = _sites(TS, "shop.ts", "typescript")
    (message,) = _stale(site)
    assert "changes `req.session.basket` (req.session.basket = {};)" in message


def test_a_ruby_block_or_a_php_loop_read_again_after_the_change_blocks() -> None:
    (ruby,) = _sites(RB, "basket_controller.rb", "ruby")
    (message,) = _stale(ruby)
    assert "changes `session[:basket]` (session[:basket] = {} if params[:clear])" in message
    (php,) = _sites(PHP, "shop.php", "php")
    (message,) = _stale(php)
    assert "changes `$_SESSION['basket']`" in message

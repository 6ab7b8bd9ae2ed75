"""A local changed in place after its binding (``total += line`` in a loop, ``$ref .= $id``,
``n++``) holds the run's value at the Stripe call, not the binding's literal: reading
``$total = 0; foreach (...) { $total += ...; }`` as 0 sold a free product (L102) where Stripe
charged the cart's total (a silent wrong amount). The value is carried as run-time instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

SOURCES = {
    "shop.php": """\
<?php
function pay($cart) {
    $total = 0;
    foreach ($cart->lines as $line) {
        $total += $line->price * $line->qty;
    }
    $ref = 'cart-';
    $ref .= $cart->id;
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price_data' => ['currency' => 'usd', 'unit_amount' => $total,
            'product_data' => ['name' => 'Basket']], 'quantity' => 1]],
        'client_reference_id' => $ref,
        'success_url' => 'https://shop.test/done',
    ]);
}
""",
    "shop.py": """\
import stripe

def pay(cart):
    total = 0
    for line in cart.lines:
        total += line.price * line.qty
    ref = "cart-"
    ref += str(cart.id)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price_data": {"currency": "usd", "unit_amount": total,
                     "product_data": {"name": "Basket"}}, "quantity": 1}],
        client_reference_id=ref,
        success_url="https://shop.test/done",
    )
""",
    "shop.js": """\
const stripe = require("stripe")(process.env.STRIPE_KEY);

async function pay(cart) {
  let total = 0;
  for (const line of cart.lines) {
    total += line.price * line.qty;
  }
  let ref = "cart-";
  ref += cart.id;
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price_data: { currency: "usd", unit_amount: total,
      product_data: { name: "Basket" } }, quantity: 1 }],
    client_reference_id: ref,
    success_url: "https://shop.test/done",
  });
}
""",
    # a block's loop is opaque already: Ruby's in-place change outside one (a base fee, then
    # shipping added) was read as the base fee alone
    "shop.rb": """\
def pay(cart)
  total = 500
  total += cart.shipping_cents
  ref = "cart-"
  ref += cart.id.to_s
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price_data: { currency: "usd", unit_amount: total,
                                 product_data: { name: "Basket" } }, quantity: 1 }],
    client_reference_id: ref,
    success_url: "https://shop.test/done"
  )
end
""",
}

AMOUNT = {"shop.php": "$total", "shop.py": "total", "shop.js": "total", "shop.rb": "total"}
REF = {"shop.php": "$ref", "shop.py": "ref", "shop.js": "ref", "shop.rb": "ref"}


def _site(tmp_path: Path, name: str) -> CallSite:
    (tmp_path / name).write_text(SOURCES[name])
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    return site


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_total_summed_in_a_loop_is_the_runs_amount_not_the_initial_zero(
    tmp_path: Path, name: str
) -> None:
    site = _site(tmp_path, name)
    codes = [f.code for f in site.findings]
    assert "L102" not in codes  # not a free product
    assert "L112" in codes  # the amount is set per line, from the code
    amount = [line for line in site.suggestion.splitlines() if "amount" in line]
    assert amount
    assert any(AMOUNT[name] in line for line in amount)
    assert not any(
        line.rstrip(",").endswith(('amount": 0', "amount': 0", "amount: 0")) for line in amount
    )


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_reference_appended_to_is_carried_not_its_first_part(tmp_path: Path, name: str) -> None:
    site = _site(tmp_path, name)
    assert '"cart-"' not in site.suggestion
    reference = [line for line in site.suggestion.splitlines() if "client_reference_id" in line]
    assert reference
    assert any(REF[name] in line for line in reference)


RUBY_APPEND = """\
def pay(cart)
  ref = "cart-"
  ref << cart.id.to_s
  lines = []
  lines << { price: "price_1Basket", quantity: 1 }
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: lines,
    client_reference_id: ref,
    success_url: "https://shop.test/done"
  )
end
"""


def test_a_ruby_string_appended_to_is_carried_and_a_list_append_still_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "append.rb").write_text(RUBY_APPEND)
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    assert '"cart-"' not in site.suggestion
    reference = [line for line in site.suggestion.splitlines() if "client_reference_id" in line]
    assert any("ref" in line for line in reference)
    # the list `<<` is the followers' append: its line is read, not made run-time
    assert site.params["line_items"] == [{"price": "price_1Basket", "quantity": 1}]

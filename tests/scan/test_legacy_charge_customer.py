"""A legacy Checkout charge (``Customer.create(source: <Checkout's token>)`` then
``Charge.create(customer: customer.id, ...)`` in the same request) charges the card the buyer
just gave: it was translated as an off-session charge of a saved method
(``POST /subscriptions/TODO_subscription_id/charge``), which no customer made a moment ago has
(read in a WordPress checkout plugin and a Rails rentals app). It is a checkout the buyer pays;
a charge of a customer the code did not just make stays the off-session charge it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from migrate.scan.site import CallSite

RUBY = """\
class DonationsController < ApplicationController
  def create
    buyer = Stripe::Customer.create(email: params[:stripeEmail], source: params[:stripeToken])
    Stripe::Charge.create(customer: buyer.id, amount: 1500, currency: 'eur', description: 'Gift')
  end

  def renew(member)
    Stripe::Charge.create(customer: member.stripe_id, amount: 1500, currency: 'eur')
  end
end
"""

PHP = """<?php
function pay_now($token, $email) {
    $buyer = \\Stripe\\Customer::create(['email' => $email, 'source' => $token]);
    return \\Stripe\\Charge::create([
        'customer' => $buyer->id, 'amount' => 1500, 'currency' => 'eur', 'description' => 'Gift',
    ]);
}
function renew($member) {
    return \\Stripe\\Charge::create(
        ['customer' => $member->stripe_id, 'amount' => 1500, 'currency' => 'eur']
    );
}
"""


def _charges(tmp_path: Path, name: str, text: str) -> list[CallSite]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sorted(scan_paths([str(path)]), key=lambda s: s.line)


@pytest.mark.parametrize(("name", "text"), [("donations.rb", RUBY), ("pay.php", PHP)])
def test_a_charge_of_the_customer_just_made_is_a_checkout(
    tmp_path: Path, name: str, text: str
) -> None:
    made, saved = _charges(tmp_path, name, text)
    assert made.translation is not None and saved.translation is not None
    assert made.translation.request == ("POST", "/checkouts")
    assert "TODO_subscription_id" not in made.suggestion
    (product,) = made.translation.requires
    assert product["product"]["price"]["price"] == 1500
    assert product["product"]["price"]["currency"] == "EUR"
    assert "X020" in {f.code for f in made.findings}  # its Stripe customer: no id map entry
    # a customer the call is given: the saved method charged off-session, as before
    assert saved.translation.request == ("POST", "/subscriptions/{subscription_id}/charge")

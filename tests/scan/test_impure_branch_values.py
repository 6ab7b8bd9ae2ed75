"""A name bound in a branch to a value that makes something (``cid =
Stripe::Customer.create(email: ...).id`` when the user has no customer yet) was written into
the Dodo call as that expression (``DodoIds.customer_id(Stripe::Customer.create(...).id)``),
so running the suggestion made a second Stripe customer. In that branch the name holds the
value: the Dodo call reads the name (a Moodle plugin's customer set-up, written inline)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

RUBY = """\
def buy(user)
  if user.stripe_id.nil?
    cid = Stripe::Customer.create(email: user.email).id
  else
    cid = user.stripe_id
  end
  Stripe::Checkout::Session.create(customer: cid, mode: "payment",
                                   success_url: "https://s.example/ok",
                                   line_items: [{ price: "price_Course", quantity: 1 }])
end
"""

PHP = """<?php
function buy($user) {
    if (empty($user->stripe_id)) {
        $cid = \\Stripe\\Customer::create(['email' => $user->email])->id;
    } else {
        $cid = $user->stripe_id;
    }
    return \\Stripe\\Checkout\\Session::create([
        'customer' => $cid, 'mode' => 'payment', 'success_url' => 'https://s.example/ok',
        'line_items' => [['price' => 'price_Course', 'quantity' => 1]],
    ]);
}
"""


@pytest.mark.parametrize(
    ("name", "text", "family", "looked_up"),
    [
        ("buy.rb", RUBY, "ruby", "DodoIds.customer_id(cid)"),
        ("buy.php", PHP, "php", "\\DodoIds::customerId($cid)"),
    ],
)
def test_a_branch_value_that_makes_something_is_not_made_again(
    name: str, text: str, family: str, looked_up: str
) -> None:
    (site,) = [s for s in scan_source(text, name, BY_NAME[family]) if s.kind == "create"]
    assert "Customer.create" not in site.suggestion
    assert "Customer::create" not in site.suggestion
    assert looked_up in site.suggestion

"""X020 when the checkout's customer is a field of the controller (``@customer.id``,
``$this->customer->id``) that another of its methods set from a helper creating a Stripe
customer: the action finds or creates the customer, then calls the private method that creates
the session. The customer read there was carried as an id-map look-up with no word that a
customer created after the move is in no id map (it was said when the same action held a
local)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

RUBY = """\
class MembershipCheckoutsController < ApplicationController
  def create
    @plan = Plan.find(params[:id])
    @customer = find_or_create_stripe_customer
    open_session
  end

  private

  def find_or_create_stripe_customer
    if current_user.stripe_id?
      Stripe::Customer.retrieve(current_user.stripe_id)
    else
      Stripe::Customer.create(email: current_user.email)
    end
  end

  def open_session
    session = Stripe::Checkout::Session.create(
      mode: "subscription",
      line_items: [{ price: @plan.price_id, quantity: 1 }],
      customer: @customer.id,
      success_url: plans_url,
      cancel_url: plans_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""

PHP = """\
<?php
class MembershipController
{
    private $customer;

    public function start($user, $plan)
    {
        $this->customer = $this->customerFor($user);
        return $this->openSession($plan);
    }

    private function customerFor($user)
    {
        if ($user->stripe_id) {
            return \\Stripe\\Customer::retrieve($user->stripe_id);
        }
        return \\Stripe\\Customer::create(['email' => $user->email]);
    }

    private function openSession($plan)
    {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'line_items' => [['price' => $plan->price_id, 'quantity' => 1]],
            'customer' => $this->customer->id,
            'success_url' => 'https://club.test/ok',
        ]);
    }
}
"""

# the same shape, the field set from a look-up that creates nothing: no X020
QUIET = RUBY.replace("Stripe::Customer.create(email: current_user.email)", "nil")


def _sessions(tmp_path: Path, name: str, text: str) -> list[CallSite]:
    (tmp_path / name).write_text(text)
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    return [s for s in sites if s.translation is not None and not s.via]


@pytest.mark.parametrize(
    ("name", "text", "helper"),
    [("c.rb", RUBY, "find_or_create_stripe_customer"), ("c.php", PHP, "customerFor")],
)
def test_a_customer_field_set_by_a_creating_helper_is_x020(
    tmp_path: Path, name: str, text: str, helper: str
) -> None:
    (site,) = _sessions(tmp_path, name, text)
    made = [f for f in site.findings if f.code == "X020"]
    assert [f.path for f in made] == ["customer"]
    assert f"in {helper}" in made[0].message


def test_a_customer_field_set_by_a_look_up_alone_is_not(tmp_path: Path) -> None:
    (site,) = _sessions(tmp_path, "c.rb", QUIET)
    assert "X020" not in [f.code for f in site.findings]

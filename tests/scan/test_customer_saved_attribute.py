"""X020 when the checkout's customer is an attribute of a record (``current_user.
stripe_customer_id``, ``$user->stripe_id``) that another function of the file fills with the id
of a Stripe customer it creates (``user.update!(stripe_customer_id: customer.id)``): the action
creates the customer, saves it, and the method that creates the session reads it back. The
customer was carried as an id-map look-up with no word that a customer created after the move
is in no id map, so the Dodo call would fail for every new buyer."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

RUBY = """\
class ClubsController < ApplicationController
  def create
    @club = Club.find(params[:club_id])
    open_member(current_user) unless current_user.stripe_customer_id
    @checkout = start_checkout
  end

  private

  def open_member(member)
    made = Stripe::Customer.create(email: member.email)
    member.update!(stripe_customer_id: made.id)
  end

  def start_checkout
    Stripe::Checkout::Session.create(
      customer: current_user.stripe_customer_id,
      mode: 'subscription',
      line_items: [{ price: @club.price_id, quantity: 1 }],
      success_url: clubs_url
    )
  end
end
"""

PYTHON = """\
import stripe


def ensure_member(user):
    if not user.stripe_customer_id:
        user.stripe_customer_id = stripe.Customer.create(email=user.email).id
        user.save()


def join(request):
    ensure_member(request.user)
    return stripe.checkout.Session.create(
        customer=request.user.stripe_customer_id,
        mode="subscription",
        line_items=[{"price": "price_club", "quantity": 1}],
        success_url="https://club.test/ok",
    )
"""

PHP = """\
<?php
class Clubs
{
    public function enrol($member)
    {
        if (!$member->stripe_id) {
            $made = \\Stripe\\Customer::create(['email' => $member->email]);
            $member->stripe_id = $made->id;
            $member->save();
        }
    }

    public function pay($member)
    {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'line_items' => [['price' => 'price_club', 'quantity' => 1]],
            'customer' => $member->stripe_id,
            'success_url' => 'https://club.test/ok',
        ]);
    }
}
"""

TYPESCRIPT = """\
import Stripe from "stripe";
import { db } from "./db";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function enrol(memberId: string, email: string) {
  const made = await stripe.customers.create({ email });
  await db.member.update({ where: { id: memberId }, data: { stripeCustomerId: made.id } });
}

export async function pay(member: { stripeCustomerId: string }) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer: member.stripeCustomerId,
    line_items: [{ price: "price_club", quantity: 1 }],
    success_url: "https://club.test/ok",
  });
}
"""

# the attribute saved from what the request gives, by a function that creates no customer
RUBY_GIVEN = RUBY.replace(
    "made = Stripe::Customer.create(email: member.email)\n"
    "    member.update!(stripe_customer_id: made.id)",
    "member.update!(stripe_customer_id: params[:customer])",
)

# a customer is created, but what the checkout reads is saved under another name
PYTHON_OTHER = PYTHON.replace(
    "user.stripe_customer_id = stripe.Customer.create(email=user.email).id",
    "user.billing_ref = stripe.Customer.create(email=user.email).id",
)


def _site(code: str, path: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, path, BY_NAME[family]) if s.kind == "create"]
    return site


def _x020(site: CallSite) -> str:
    found = [f.message for f in site.findings if f.code == "X020"]
    return found[0] if found else ""


def test_a_customer_saved_by_another_method_of_the_controller_is_x020() -> None:
    message = _x020(_site(RUBY, "app/controllers/clubs_controller.rb", "ruby"))
    assert "current_user.stripe_customer_id, saved as `stripe_customer_id` in open_member" in (
        message
    )


def test_python_php_and_typescript_saved_customers_are_x020() -> None:
    assert "saved as `stripe_customer_id` in ensure_member" in _x020(
        _site(PYTHON, "clubs/views.py", "python")
    )
    assert "saved as `stripe_id` in enrol" in _x020(_site(PHP, "Clubs.php", "php"))
    assert "saved as `stripeCustomerId` in enrol" in _x020(
        _site(TYPESCRIPT, "pay.ts", "typescript")
    )


def test_an_attribute_not_saved_from_a_created_customer_is_no_x020() -> None:
    assert _x020(_site(RUBY_GIVEN, "app/controllers/clubs_controller.rb", "ruby")) == ""
    assert _x020(_site(PYTHON_OTHER, "clubs/views.py", "python")) == ""

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Ruby parameter defaulted to nil, then ``x ||= helper``, is the helper's value at the call.

Read in a Rails bike registry: ``def stripe_checkout_session_hash(item_name: nil,
user_stripe_hash: nil)``, ``user_stripe_hash ||= user_stripe_checkout_session_hash``, then
``{...}.merge(user_stripe_hash)``. Called without the argument, the merged hash was written as the
parameter's default: RT006 said "(nil)" was spread in, naming nothing the reader could look
for, while the helper (the customer, or the email) is what is merged. The ``||=`` value is now
what the parameter holds where it is read (``migrate/scan/hashflow.py``): the helper's value
when it has one (the customer carried), else the helper, named.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

GUARDED = """class Payment < ApplicationRecord
  def create_stripe_checkout_session(item_name: nil)
    Stripe::Checkout::Session.create(stripe_checkout_session_hash(item_name: item_name))
  end

  def stripe_checkout_session_hash(item_name: nil, user_stripe_hash: nil)
    user_stripe_hash ||= user_stripe_checkout_session_hash
    if stripe_subscription?
      {
        mode: "subscription",
        line_items: [{ price: stripe_price_id, quantity: 1 }],
        success_url: "https://bikeindex.test/ok"
      }
    else
      {
        mode: "payment",
        line_items: [{ price_data: { currency: "usd", unit_amount: amount_cents, product_data: { name: item_name || "Donation" } }, quantity: 1 }],
        success_url: "https://bikeindex.test/ok"
      }
    end.merge(user_stripe_hash)
  end

  def user_stripe_checkout_session_hash
    if user&.stripe_id.present?
      { customer: user.stripe_id }
    else
      email = email.presence || user&.email
      return {} unless email.present?

      { customer_email: user.email }
    end
  end
end
"""

PLAIN = GUARDED.replace(
    """      email = email.presence || user&.email
      return {} unless email.present?

""",
    "",
)


def _site(source: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(source, "app/models/payment.rb", BY_NAME["ruby"])
        if s.kind == "create"
    ]
    return site


def test_a_helper_with_a_guard_is_named_as_the_spread_not_nil() -> None:
    site = _site(GUARDED)
    (rt006,) = [f.message for f in site.findings if f.code == "RT006"]
    assert "(user_stripe_checkout_session_hash)" in rt006 and "(nil)" not in rt006


def test_a_helper_with_one_value_gives_the_customer() -> None:
    site = _site(PLAIN)
    assert site.params["customer"]["$choice"]["then"] == {"$dynamic": "user.stripe_id"}
    assert "RT006" not in [f.code for f in site.findings]

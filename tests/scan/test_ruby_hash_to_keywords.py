"""A Ruby wrapper taking keyword parameters, called with one braced hash (``create_subscription({
customer: ..., plan: ..., trial_end: ...})``: Ruby 2 passes the hash's pairs as the keywords).
Seen in a Rails menu app's subscription model calling its Stripe client. The braced hash was one
positional argument no parameter took, so at the call every value was lost: the item had no
plan (L103, "nothing to sell") and the customer was gone.

A call whose only argument is a hash literal binds its pairs as the call's keyword arguments:
to keyword parameters by name, else (as bare pairs already do) to a positional parameter as a
hash."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CODE = """class BillingClient
  class << self
    def open_checkout(price:, seats: 1, email:)
      Stripe::Checkout::Session.create(
        mode: 'subscription',
        line_items: [{ price: price, quantity: seats }],
        customer_email: email,
        success_url: 'https://menus.example/ok'
      )
    end

    def open_with(opts)
      Stripe::Checkout::Session.create(
        mode: 'subscription',
        line_items: [{ price: opts[:price], quantity: 1 }],
        success_url: 'https://menus.example/ok'
      )
    end
  end
end

class Restaurant
  def subscribe(plan, owner)
    BillingClient.open_checkout({ price: plan.remote_id, seats: 3, email: owner.email })
    BillingClient.open_with({ price: plan.remote_id })
  end
end
"""


def _callers() -> list[CallSite]:
    sites = [s for s in scan_source(CODE, "billing.rb", BY_NAME["ruby"]) if s.kind == "create"]
    return sorted((s for s in sites if s.via is not None), key=lambda s: s.line)


def test_a_braced_hash_binds_keyword_parameters() -> None:
    keywords, positional = _callers()
    for site in (keywords, positional):
        assert site.translation is not None
        assert "L103" not in {f.code for f in site.findings}
        assert "DodoIds.product_id(plan.remote_id)" in site.suggestion
    assert "owner.email" in keywords.suggestion
    assert "['quantity'] = 3" in keywords.suggestion or '"quantity": 3' in keywords.suggestion

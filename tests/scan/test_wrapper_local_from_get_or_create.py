"""A wrapper's local made by a get-or-create helper called the Ruby way, without parentheses
(``customer = @customer_service.find_or_create_customer``, which retrieves or creates the Stripe
customer and saves it): at each call of the wrapper the Dodo call wrote the helper out, twice
(``(@customer_service.find_or_create_customer.id) ? {...DodoIds.customer_id(@customer_service
.find_or_create_customer.id)} : nil``): two Stripe calls per checkout, a customer created twice
on a first purchase. A value calling a method named like a write (no parentheses needed) or a
get-or-create is never computed again at a caller: the caller names the local (``TODO_``,
X021), as for any value a caller must not run."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

RUBY = """\
module Billing
  class CheckoutService
    def initialize(user)
      @user = user
      @customer_service = CustomerService.new(user)
    end

    def create_checkout_session(price_id:, success_url:)
      customer = @customer_service.find_or_create_customer
      params = {
        customer: customer.id,
        mode: "subscription",
        success_url: success_url,
        line_items: [{ price: price_id, quantity: 1 }]
      }
      ::Stripe::Checkout::Session.create(params)
    end

    def create_buyer_checkout(success_url:, yearly: false)
      price_id = yearly ? ENV.fetch("BUYER_YEARLY") : ENV.fetch("BUYER_MONTHLY")
      create_checkout_session(price_id: price_id, success_url: success_url)
    end
  end
end
"""


def test_a_caller_never_runs_the_wrappers_get_or_create_again() -> None:
    sites = [s for s in scan_source(RUBY, "checkout_service.rb", BY_NAME["ruby"])]
    callers = [s for s in sites if s.kind == "create" and s.via]
    assert len(callers) == 1, sites
    caller = callers[0]
    assert "find_or_create_customer" not in caller.suggestion
    assert "TODO_customer" in caller.suggestion
    unseen = [f for f in caller.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["customer"]

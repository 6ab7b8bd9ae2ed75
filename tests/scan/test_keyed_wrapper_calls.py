"""A call of a project wrapper on a receiver the scan cannot type (a Rails controller's
``stripe.create_checkout_session(plan: ..., family_email: ...)``, ``stripe`` a memoised private
method returning the provider registry's object) was no creation site: its template
``{CHECKOUT_SESSION_ID}`` unsaid, its values lost. In Ruby and Python, a method call with at least
two keyword arguments, all parameters of the one wrapper of that name and each it requires
among them, is a call of that wrapper; anything less is not."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

PROVIDER = """class Provider::Stripe
  def create_checkout_session(plan:, family_email:, success_url:, cancel_url: nil)
    client.v1.checkout.sessions.create(
      customer_email: family_email,
      line_items: [{ price: price_id_for(plan), quantity: 1 }],
      mode: "subscription",
      success_url: success_url,
      cancel_url: cancel_url,
    )
  end
end
"""

CONTROLLER = """class SubscriptionsController < ApplicationController
  def new
    session = stripe.create_checkout_session(
      plan: params[:plan],
      family_email: Current.family.billing_email,
      success_url: success_subscription_url + "?session_id={CHECKOUT_SESSION_ID}",
    )
    redirect_to session.url, allow_other_host: true
  end

  def other
    stripe.create_checkout_session(plan: params[:plan], coupon: "X", success_url: root_url)
    stripe.create_checkout_session(plan: params[:plan])
  end

  private
    def stripe
      @stripe ||= Provider::Registry.get_provider(:stripe)
    end
end
"""

SERVICE = """import stripe


class Billing:
    def start_checkout(self, *, price_id, email, quantity=1):
        return stripe.checkout.Session.create(
            mode="payment", customer_email=email,
            line_items=[{"price": price_id, "quantity": quantity}],
            success_url="https://shop.test/ok",
        )
"""

VIEW = """def buy(request, deps):
    return deps.billing.start_checkout(price_id=request.POST["price"], email=request.user.email)
"""


def test_a_ruby_call_on_an_untyped_receiver_naming_the_wrappers_keywords(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {"app/models/provider/stripe.rb": PROVIDER, "app/controllers/subs.rb": CONTROLLER},
    )
    calls = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]
    assert [s.line for s in calls] == [3]  # a keyword it lacks, a required one missing: not
    (call,) = calls
    assert {d.path: d.source for d in call.dynamic}["customer_email"] == (
        "Current.family.billing_email"
    )
    assert "C003" in {f.code for f in call.findings}


def test_a_python_call_with_the_wrappers_keyword_arguments(tmp_path: Path) -> None:
    write_tree(tmp_path, {"billing.py": SERVICE, "views.py": VIEW})
    (call,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]
    assert call.file.endswith("views.py")
    assert {d.path: d.source for d in call.dynamic}["line_items[0].price"] == (
        'request.POST["price"]'
    )

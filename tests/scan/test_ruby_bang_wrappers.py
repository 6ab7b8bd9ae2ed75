"""A Ruby wrapper whose name ends in ``!`` is found at its calls.

Read in a Rails collectives app: ``StripeCheckoutService.create_session_for_collective_upgrade!(
user:, collective:, success_url:, cancel_url:)`` makes the Checkout Session; its one call, in a
controller, was not reported, though the wrapper's X014 says each call is. The calls of a
file's wrappers are searched for by their names followed by a word boundary, and ``!(`` has
none: a name that does not end in a word character is searched for without one.
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SERVICE = """class StripeCheckoutService
  def self.create_session_for_upgrade!(user:, collective:, success_url:, cancel_url:)
    session = Stripe::Checkout::Session.create(
      mode: "subscription",
      customer_email: user.email,
      line_items: [{ price: ENV["STRIPE_PRICE"], quantity: 1 }],
      metadata: { collective_id: collective.id },
      success_url: success_url,
      cancel_url: cancel_url
    )
    session.url
  end
end
"""

CONTROLLER = """class CollectivesController < ApplicationController
  def upgrade
    begin
      @collective.check_billing!
    rescue Collective::BillingRequired
      checkout_url = StripeCheckoutService.create_session_for_upgrade!(
        user: current_user, collective: @collective,
        success_url: collective_url(@collective), cancel_url: root_url
      )
      return redirect_to checkout_url, allow_other_host: true
    end
    redirect_to @collective
  end
end
"""


def test_a_bang_wrappers_call_is_a_creation_site(tmp_path: Path) -> None:
    files = {"app/services/stripe_checkout_service.rb": SERVICE}
    files["app/controllers/collectives_controller.rb"] = CONTROLLER
    sites = creates(write_tree(tmp_path, files))
    (via,) = [s for s in sites if s.via]
    assert via.line == 6 and "create_session_for_upgrade!" in via.via
    text = via.suggestion or ""
    assert "dodo_body['metadata']['collective_id'] = (@collective.id).to_s" in text, text
    assert '"email" => current_user.email,' in text

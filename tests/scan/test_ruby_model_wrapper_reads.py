# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Rails model's method that creates the Checkout Session (``Payment#stripe_checkout_session``,
called as ``@payment.stripe_checkout_session(...)`` by a controller) reads its columns,
associations and methods bare (``amount_cents``, ``user&.email``, ``currency_name``): the
controller's suggestion wrote them bare too, names the controller does not have (NameError),
with no finding. They are the receiver's there (``@payment.amount_cents``); a private method's
return is written out as a helper's is; a block's own names stay as they are."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

MODEL = """\
class Payment < ApplicationRecord
  belongs_to :user

  def stripe_checkout_session(item_name: "Donation")
    Stripe::Checkout::Session.create(
      mode: "payment",
      customer_email: user&.email,
      line_items: [{
        price_data: { currency: currency_name, unit_amount: amount_cents, product_data: { name: item_name } },
        quantity: 1
      }],
      success_url: "https://bikes.example/payments/success",
      metadata: { kind: kind_label, tags: tags.map { |tag| tag.name }.join(",") }
    )
  end

  def currency_name
    currency.downcase
  end

  private

  def kind_label
    theft_alert? ? "alert" : "donation"
  end
end
"""

CONTROLLER = """\
class PaymentsController < ApplicationController
  def create
    @payment = Payment.create(permitted_create_parameters)
    redirect_to @payment.stripe_checkout_session(item_name: "Gift").url, allow_other_host: true
  end
end
"""


def test_a_models_bare_reads_are_the_receivers_at_a_controllers_call(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {"app/models/payment.rb": MODEL, "app/controllers/payments_controller.rb": CONTROLLER},
    )
    sites = [s for s in scan_paths([str(top)], jobs=1) if s.kind == "create" and s.via]
    assert len(sites) == 1, sites
    text = sites[0].suggestion
    assert "['amount'] = @payment.amount_cents\n" in text
    assert "(@payment.currency_name).upcase" in text
    assert "@payment.user&.email" in text
    assert "@payment.tags.map { |tag| tag.name }" in text  # the block's `tag` is its own
    # a private method's return, written out: its own bare reads the receiver's too
    assert '(@payment.theft_alert?) ? "alert" : "donation"' in text
    assert "TODO_" not in text
    assert not [f for f in sites[0].findings if f.code == "X021"]

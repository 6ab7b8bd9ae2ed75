"""A Ruby wrapper method called on a fresh instance in one expression (``CreateCheckout.new
.run(product)``, ``Shop::CreateCheckout.new.run(product)``) is a call of the wrapper, as
``svc = CreateCheckout.new; svc.run(product)`` already was.

Read in a Rails shop: its controller's ``@checkout = Stripe::CreateCheckout.new.run(product)``
was not reported, though the wrapper's site (X014) said every call of it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

WRAPPER = """\
module Shop
  class CreateCheckout
    def run(product)
      ::Stripe::Checkout::Session.create(
        line_items: [{ price: product.stripe_price_id, quantity: 1 }],
        mode: 'payment',
        success_url: 'https://x.test/ok',
      )
    end
  end
end
"""


@pytest.mark.parametrize(
    "call", ["Shop::CreateCheckout.new.run(product)", "::Shop::CreateCheckout.new.run(product)"]
)
def test_a_call_on_a_fresh_instance_reaches_the_wrapper(tmp_path: Path, call: str) -> None:
    controller = (
        "class CheckoutsController < ApplicationController\n  def create\n"
        "    product = Product.find(params[:product_id])\n"
        f"    @checkout = {call}\n  end\nend\n"
    )
    files = {"app/workflows/create_checkout.rb": WRAPPER, "app/controllers/c.rb": controller}
    sites = creates(write_tree(tmp_path, files))
    (via,) = [s for s in sites if s.via is not None]
    assert via.file.endswith("c.rb") and via.line == 4
    assert "DodoIds.product_id(product.stripe_price_id)" in via.suggestion


def test_a_class_method_of_that_name_is_not_reached_through_new(tmp_path: Path) -> None:
    static = WRAPPER.replace("def run(product)", "def self.run(product)")
    controller = (
        "class CheckoutsController < ApplicationController\n  def create\n"
        "    @checkout = Shop::CreateCheckout.new.run(Product.first)\n  end\nend\n"
    )
    files = {"app/workflows/create_checkout.rb": static, "app/controllers/c.rb": controller}
    assert [s for s in creates(write_tree(tmp_path, files)) if s.via is not None] == []

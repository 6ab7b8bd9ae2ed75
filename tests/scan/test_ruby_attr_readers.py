"""A Ruby service's ``attr_reader`` read bare by its wrapper is the receiver's at a caller.

Read in a Rails job board: ``StripeCheckoutService.new(@entry, checkout_type:)`` keeps
``@price_config = PRICE_CONFIGS[...]`` behind ``attr_reader :entry, :price_config``, and its
private helpers build the params from ``price_config[:amount]`` and ``entry.id``. At the
controller's ``service.create_session(...)`` the Dodo call read ``price_config[:amount]`` and
``entry.id``, names the controller does not have (a NameError, the amount among them) with no
finding. An ``attr_reader`` / ``attr_accessor`` defines a method: called on the receiver at the
caller (``service.price_config[:amount]``), or, declared under ``private``, ``TODO_<name>``
with X021 (``migrate/scan/wrapper_state.py``).
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import via_site, write_tree, x021_paths

SERVICE = """class CheckoutService
  PRICES = {
    basic: { amount: 99_00, currency: "usd", name: "Basic" },
    pro: { amount: 179_00, currency: "usd", name: "Pro" }
  }.freeze

  attr_reader :entry, :price_config

  def initialize(entry, plan:)
    @entry = entry
    @price_config = PRICES[plan.to_sym]
  end

  def create_session(success_url:)
    Stripe::Checkout::Session.create(session_params(success_url))
  end

  private

  def session_params(success_url)
    {
      mode: "payment",
      line_items: [line_item],
      success_url: success_url,
      metadata: { entry_id: entry.id.to_s }
    }
  end

  def line_item
    {
      price_data: {
        currency: price_config[:currency],
        product_data: { name: price_config[:name] },
        unit_amount: price_config[:amount]
      },
      quantity: 1
    }
  end
end
"""

CONTROLLER = """class CheckoutsController < ApplicationController
  def create
    service = CheckoutService.new(@entry, plan: params[:plan])
    session = service.create_session(success_url: root_url)
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _site(tmp_path: Path, service: str) -> tuple[str, list[str]]:
    files = {"app/services/checkout_service.rb": service}
    files["app/controllers/checkouts_controller.rb"] = CONTROLLER
    site = via_site(write_tree(tmp_path / "tree", files), "checkouts_controller")
    return site.suggestion or "", x021_paths(site)


def test_an_attr_reader_read_bare_is_called_on_the_receiver(tmp_path: Path) -> None:
    text, unseen = _site(tmp_path, SERVICE)
    assert "dodo_body['product_cart'][0]['amount'] = service.price_config[:amount]\n" in text
    assert "dodo_body['metadata']['entry_id'] = service.entry.id.to_s\n" in text
    assert "+ service.price_config[:currency].upcase)" in text
    assert unseen == []


def test_a_private_attr_reader_is_no_name_the_caller_has(tmp_path: Path) -> None:
    private = SERVICE.replace(
        "  attr_reader :entry, :price_config\n",
        "  attr_reader :entry\n\n  private\n\n  attr_reader :price_config\n\n  public\n",
    )
    text, unseen = _site(tmp_path, private)
    assert "dodo_body['product_cart'][0]['amount'] = TODO_price_config[:amount]\n" in text
    assert "service.entry.id.to_s" in text
    assert "line_items[0].price_data.unit_amount" in unseen

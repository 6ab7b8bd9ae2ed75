"""RT015 for a controller whose line items come from a private helper of its own file that maps
the cart through a model method (a Rails shop's ``@data = set_data``, ``set_data`` collecting
``item.to_builder.attributes!``, the model's Jbuilder writing ``line.amount`` and
``line.currency``; ``line_items: stripe_lines`` with ``stripe_lines`` mapping ``to_stripe``). The
model was looked for only from the value itself (``order.stripe_line_items``): through the
helper the call said RT003 (a warning, "translated") and its cart looked up a ``price`` the
lines do not have. A model method that returns price ids stays RT003."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import blocker_message, only_site

CONTROLLER = """\
class OrdersController < ApplicationController
  def checkout
    @lines = stripe_lines
    @session = Stripe::Checkout::Session.create(
      customer: current_user.stripe_id,
      mode: "payment",
      line_items: @lines,
      success_url: orders_url
    )
  end

  private

  def stripe_lines
    @basket.entries.map { |entry| entry.LINE }
  end
end
"""
JBUILDER_MODEL = """\
class Entry < ApplicationRecord
  belongs_to :book

  def as_stripe_line
    Jbuilder.new do |line|
      line.name book.title
      line.amount book.cents
      line.currency "eur"
      line.quantity copies
    end.attributes!
  end

  def as_price_line
    { price: book.stripe_price_id, quantity: copies }
  end
end
"""
PRICE_DATA_MODEL = """\
class Entry < ApplicationRecord
  def as_stripe_line
    {
      price_data: { currency: "eur", unit_amount: book.cents, product_data: { name: book.title } },
      quantity: copies
    }
  end
end
"""


site = only_site


def rt015(found: CallSite) -> str:
    return blocker_message(found, "RT015")


def test_a_private_helper_mapping_through_a_jbuilder_model_blocks(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "app/controllers/orders_controller.rb": CONTROLLER.replace("LINE", "as_stripe_line"),
            "app/models/entry.rb": JBUILDER_MODEL,
        },
    )
    assert found.verdict == "blocked"
    message = rt015(found)
    assert "a pre-Prices line's own `amount` and `currency` in as_stripe_line" in message
    assert "in entry.rb of app/models" in message


def test_a_private_helper_mapping_through_price_data_blocks(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "app/controllers/orders_controller.rb": CONTROLLER.replace("LINE", "as_stripe_line"),
            "app/models/entry.rb": PRICE_DATA_MODEL,
        },
    )
    assert "`price_data` in as_stripe_line, in entry.rb of app/models" in rt015(found)


def test_a_private_helper_mapping_to_price_ids_stays_a_warning(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "app/controllers/orders_controller.rb": CONTROLLER.replace("LINE", "as_price_line"),
            "app/models/entry.rb": JBUILDER_MODEL,
        },
    )
    codes = {f.code: f.level.value for f in found.findings}
    assert "RT015" not in codes
    assert codes.get("RT003") == "warning"

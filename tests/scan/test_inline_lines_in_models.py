"""Line items a Rails or Laravel model builds with inline prices. Seen in a Rails shop: the
checkout controller passes ``current_customer.line_items_checkout`` (a method of the Customer
model mapping the cart to ``price_data`` lines) to its ``create_session(line_items)``. The cart
was translated element by element through each element's ``price`` (RT003), which these
elements do not have: "translated", with a cart that fails for every buyer. RT015 follows such
a method into a file next to the call's (a Django app's models.py) but not into the app's
models folder, which Rails and Laravel load by class name with nothing imported; and a call of
the project's wrapper did not look outside its own file at all.

The models folder of the app (``app/models``, ``app/Models``) is searched as the call's folder
is, at a direct creation and at a call of a wrapper: RT015 blocks the call and says where."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

RAILS_MODEL = """class Shopper < ApplicationRecord
  has_many :basket_rows

  def stripe_rows
    basket_rows.map do |row|
      { quantity: row.qty,
        price_data: { currency: 'eur', unit_amount: row.item.cents,
                      product_data: { name: row.item.title } } }
    end
  end

  def plan_rows
    basket_rows.map { |row| { price: row.item.stripe_price, quantity: row.qty } }
  end
end
"""

RAILS_CONTROLLER = """class CheckoutsController < ApplicationController
  def create
    rows = current_shopper.stripe_rows
    session = open_session(rows)
    redirect_to session.url, allow_other_host: true
  end

  def direct
    session = Stripe::Checkout::Session.create(
      mode: 'payment', line_items: current_shopper.stripe_rows, success_url: root_url
    )
    redirect_to session.url, allow_other_host: true
  end

  def plans
    session = Stripe::Checkout::Session.create(
      mode: 'payment', line_items: current_shopper.plan_rows, success_url: root_url
    )
    redirect_to session.url, allow_other_host: true
  end

  private

  def open_session(rows)
    Stripe::Checkout::Session.create(mode: 'payment', line_items: rows, success_url: root_url)
  end
end
"""

LARAVEL_MODEL = """<?php

namespace App\\Models;

class Shopper extends Model
{
    public function stripeRows(): array
    {
        return $this->basketRows->map(fn ($row) => [
            'quantity' => $row->qty,
            'price_data' => [
                'currency' => 'eur',
                'unit_amount' => $row->item->cents,
                'product_data' => ['name' => $row->item->title],
            ],
        ])->all();
    }
}
"""

LARAVEL_CONTROLLER = """<?php

namespace App\\Http\\Controllers;

use Stripe\\Checkout\\Session;

class CheckoutController extends Controller
{
    public function store(Request $request)
    {
        $session = Session::create([
            'mode' => 'payment',
            'line_items' => $request->user()->stripeRows(),
            'success_url' => route('done'),
        ]);
        return redirect($session->url);
    }
}
"""


def _rt015(site_findings: tuple) -> list[str]:  # type: ignore[type-arg]
    return [f.message for f in site_findings if f.code == "RT015"]


def test_a_rails_model_method_building_inline_prices_blocks_the_call(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "app/models/shopper.rb": RAILS_MODEL,
            "app/controllers/checkouts_controller.rb": RAILS_CONTROLLER,
        },
    )
    sites = sorted(creates(top), key=lambda s: s.line)
    by_line = {s.line: s for s in sites}
    caller, direct, plans = by_line[4], by_line[9], by_line[16]
    assert caller.via is not None
    for site in (caller, direct):
        (said,) = _rt015(site.findings)
        assert "in stripe_rows, in shopper.rb of app/models" in said
        assert site.verdict == "blocked"
    # price ids: mapped element by element, nothing blocks
    assert _rt015(plans.findings) == [] and plans.verdict != "blocked"


def test_a_laravel_model_method_building_inline_prices_blocks_the_call(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "app/Models/Shopper.php": LARAVEL_MODEL,
            "app/Http/Controllers/CheckoutController.php": LARAVEL_CONTROLLER,
        },
    )
    (site,) = creates(top)
    (said,) = _rt015(site.findings)
    assert "in stripeRows, in Shopper.php of app/Models" in said
    assert site.verdict == "blocked"


RAILS_SERVICE = """class BasketLines
  def initialize(basket)
    @basket = basket
  end

  def to_stripe
    @basket.rows.map do |row|
      { quantity: row.qty, price_data: { currency: 'gbp', unit_amount: row.pence,
                                         product_data: { name: row.title } } }
    end
  end
end
"""

RAILS_SERVICE_CALLER = """class PaymentsController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: 'payment', line_items: BasketLines.new(current_basket).to_stripe, success_url: root_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def test_a_rails_service_building_inline_prices_blocks_the_call(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "app/services/basket_lines.rb": RAILS_SERVICE,
            "app/controllers/payments_controller.rb": RAILS_SERVICE_CALLER,
        },
    )
    (site,) = creates(top)
    (said,) = _rt015(site.findings)
    assert "in to_stripe, in basket_lines.rb of app/services" in said
    assert site.verdict == "blocked"

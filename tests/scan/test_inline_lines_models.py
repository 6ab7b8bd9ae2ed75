"""RT015 for a Rails or Laravel controller whose line items come from a model method that builds
them with inline prices (``line_items: order.stripe_line_items`` in ``app/controllers``, the
method in ``app/models/order.rb``; ``$order->stripeLineItems()`` with ``app/Models/Order.php``).
The model was looked for only for Python and JavaScript, and only in the call's folder: the
call said RT003 (a warning) and its cart looked up a ``price`` the lines do not have, so every
checkout would fail. A model method that writes no inline price stays RT003."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

CONTROLLER = """\
class CheckoutsController < ApplicationController
  def create
    order = Order.find(params[:id])
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: order.stripe_line_items,
      success_url: "https://example.com/ok"
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""
MODEL = """\
class Order < ApplicationRecord
  has_many :items

  def stripe_line_items
    items.map { |item| line_for(item) }
  end

  private

  def line_for(item)
    {
      BODY,
      quantity: item.quantity
    }
  end
end
"""
INLINE = (
    'price_data: { currency: "usd", unit_amount: item.cents, product_data: { name: item.name } }'
)
PRICE = "price: item.stripe_price_id"

LARAVEL_CONTROLLER = """\
<?php
namespace App\\Http\\Controllers;

use App\\Models\\Order;

class CheckoutController extends Controller
{
    public function store($id)
    {
        $order = Order::findOrFail($id);
        $session = \\Stripe\\Checkout\\Session::create([
            'mode' => 'payment',
            'line_items' => $order->stripeLineItems(),
            'success_url' => 'https://example.com/ok',
        ]);
        return redirect($session->url);
    }
}
"""
LARAVEL_MODEL = """\
<?php
namespace App\\Models;

class Order extends Model
{
    public function stripeLineItems()
    {
        return $this->items->map(fn ($item) => $this->lineFor($item))->all();
    }

    private function lineFor($item)
    {
        return [
            BODY,
            'quantity' => $item->quantity,
        ];
    }
}
"""
LARAVEL_INLINE = (
    "'price_data' => ['currency' => 'usd', 'unit_amount' => $item->cents, "
    "'product_data' => ['name' => $item->name]]"
)
LARAVEL_PRICE = "'price' => $item->stripe_price_id"


def site(tmp_path: Path, files: dict[str, str]) -> CallSite:
    (found,) = creates(write_tree(tmp_path, files))
    return found


def levels(found: CallSite) -> dict[str, str]:
    return {f.code: f.level.value for f in found.findings}


def test_a_rails_model_method_with_inline_prices_blocks_the_controller_s_call(
    tmp_path: Path,
) -> None:
    found = site(
        tmp_path,
        {
            "app/controllers/checkouts_controller.rb": CONTROLLER,
            "app/models/order.rb": MODEL.replace("BODY", INLINE),
        },
    )
    assert levels(found).get("RT015") == "blocker"
    assert found.verdict == "blocked"
    (rt015,) = [f for f in found.findings if f.code == "RT015"]
    assert "stripe_line_items, in order.rb of app/models" in rt015.message


def test_a_rails_model_method_with_price_ids_stays_a_warning(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "app/controllers/checkouts_controller.rb": CONTROLLER,
            "app/models/order.rb": MODEL.replace("BODY", PRICE),
        },
    )
    assert "RT015" not in levels(found)
    assert levels(found).get("RT003") == "warning"


def test_a_laravel_model_method_with_inline_prices_blocks_the_controller_s_call(
    tmp_path: Path,
) -> None:
    found = site(
        tmp_path,
        {
            "app/Http/Controllers/CheckoutController.php": LARAVEL_CONTROLLER,
            "app/Models/Order.php": LARAVEL_MODEL.replace("BODY", LARAVEL_INLINE),
        },
    )
    assert levels(found).get("RT015") == "blocker"
    (rt015,) = [f for f in found.findings if f.code == "RT015"]
    assert "stripeLineItems, in Order.php of app/Models" in rt015.message


def test_a_laravel_model_method_with_price_ids_stays_a_warning(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "app/Http/Controllers/CheckoutController.php": LARAVEL_CONTROLLER,
            "app/Models/Order.php": LARAVEL_MODEL.replace("BODY", LARAVEL_PRICE),
        },
    )
    assert "RT015" not in levels(found)
    assert levels(found).get("RT003") == "warning"


def test_a_ruby_service_next_to_the_call_is_read_too(tmp_path: Path) -> None:
    service = MODEL.replace("class Order < ApplicationRecord", "class CartLines").replace(
        "BODY", INLINE
    )
    found = site(
        tmp_path,
        {"lib/billing/checkout.rb": CONTROLLER, "lib/billing/cart_lines.rb": service},
    )
    assert levels(found).get("RT015") == "blocker"
    (rt015,) = [f for f in found.findings if f.code == "RT015"]
    assert "in cart_lines.rb of the same folder" in rt015.message

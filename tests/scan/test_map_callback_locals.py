"""A cart mapped by a callback that binds a local before the hash it returns (a Ruby block
``rows.map do |row| product = Product.find(row["id"]); {...product.price_cents...} end``, a PHP
``array_map(function ($row) { $product = ...; return [...]; }, $rows)``). The suggestion writes
the map as one expression (a ``{ |row| {...} }`` block, an ``fn`` arrow function), where the
callback's local does not exist: the amount read ``product.price_cents``, a name defined nowhere
at the Dodo call (or, worse, an outer variable of the same name: another product's price). Seen
in a Rails cart controller building inline prices from looked-up products. The local is now
written as what it holds, as a loop's local already was."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


RUBY = """\
class BasketsController < ApplicationController
  def pay
    rows = basket_params[:rows].map do |row|
      item = Item.find(row["item_id"])
      {
        quantity: row["count"].to_i,
        price_data: {
          currency: "eur",
          product_data: { name: "Basket item" },
          unit_amount: item.cents
        }
      }
    end
    Stripe::Checkout::Session.create(mode: "payment", line_items: rows, success_url: done_url)
  end
end
"""


def test_a_ruby_block_local_is_written_as_its_value_in_the_mapped_cart() -> None:
    text = one(RUBY, "baskets_controller.rb", "ruby").suggestion
    assert "basket_params[:rows].map { |row| {" in text
    assert '"amount" => Item.find(row["item_id"]).cents,' in text
    assert '"quantity" => row["count"].to_i,' in text
    assert "=> item.cents" not in text


PHP = """\
<?php
function pay(array $rows) {
    $lines = array_map(function ($row) {
        $item = Item::find($row['item_id']);
        return [
            'price_data' => [
                'currency' => 'eur',
                'product_data' => ['name' => 'Basket item'],
                'unit_amount' => $item->cents,
            ],
            'quantity' => 1,
        ];
    }, $rows);
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => $lines,
        'success_url' => 'https://shop.example/done',
    ]);
}
"""


def test_a_php_closure_local_is_written_as_its_value_in_the_mapped_cart() -> None:
    text = one(PHP, "basket.php", "php").suggestion
    assert "array_map(fn($row) => [" in text
    assert "Item::find($row['item_id'])->cents" in text
    assert "$item->cents" not in text


RUBY_PAIR = """\
class BasketsController < ApplicationController
  def pay
    rows = basket_params[:rows].map do |row|
      first, second = row["pair"]
      { price: first, quantity: second }
    end
    Stripe::Checkout::Session.create(mode: "payment", line_items: rows, success_url: done_url)
  end
end
"""


def test_a_block_local_no_expression_writes_leaves_the_cart_a_run_time_value() -> None:
    text = one(RUBY_PAIR, "baskets_controller.rb", "ruby").suggestion
    assert "=> first" not in text
    assert "=> second" not in text

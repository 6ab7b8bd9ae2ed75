# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A PHP repository class that fills a property with inline prices in one method
(``setItems()``: ``foreach ($this->order->items as $row) { $this->items[] = ['price_data' =>
[...]] }``) and creates the session in another (``'line_items' => $this->items``); seen in a
Laravel shop's payment repository. RT015 looked for another method filling the list only for
``self.x`` / ``this.x``: PHP's ``$this->x`` and Ruby's ``@x`` were no attribute, so the call got
RT003's warning and a Dodo cart looked up through each element's ``price``, which these
elements do not have: every checkout would fail at run time. Such a list blocks (RT015), naming
the method that fills it."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """<?php
namespace App\\Payments;

use Stripe\\StripeClient;

class CardPayments
{
    private array $items = [];
    private $order;
    private StripeClient $stripe;

    public function fill(): self
    {
        foreach ($this->order->rows as $row) {
            $this->items[] = [
                'price_data' => [
                    'currency' => 'usd',
                    'product_data' => ['name' => $row->title],
                    'unit_amount' => $row->cents,
                ],
                'quantity' => $row->units,
            ];
        }
        return $this;
    }

    public function open(): string
    {
        $session = $this->stripe->checkout->sessions->create([
            'line_items' => $this->items,
            'mode' => 'payment',
            'success_url' => route('paid'),
        ]);
        return $session->url;
    }
}
"""

RUBY = """\
class CardPayments
  def initialize(order)
    @order = order
    @lines = []
  end

  def fill
    @order.rows.each do |row|
      @lines << { price_data: { currency: 'usd', product_data: { name: row.title }, unit_amount: row.cents }, quantity: row.units }
    end
    self
  end

  def open
    Stripe::Checkout::Session.create(line_items: @lines, mode: 'payment', success_url: 'https://shop.example/paid').url
  end
end
"""

PRICES = PHP.replace(
    """                'price_data' => [
                    'currency' => 'usd',
                    'product_data' => ['name' => $row->title],
                    'unit_amount' => $row->cents,
                ],""",
    """                'price' => $row->price_ref,""",
)


def _site(code: str, name: str, lang: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[lang]) if s.kind == "create"]
    return site


def test_a_php_property_filled_with_inline_prices_blocks() -> None:
    site = _site(PHP, "CardPayments.php", "php")
    found = {f.code: f.message for f in site.findings}
    assert "RT015" in found, found
    assert "in fill" in found["RT015"]
    assert site.verdict == "blocked"


def test_a_ruby_instance_variable_filled_with_inline_prices_blocks() -> None:
    site = _site(RUBY, "card_payments.rb", "ruby")
    found = {f.code: f.message for f in site.findings}
    assert "RT015" in found, found
    assert "in fill" in found["RT015"]


def test_a_property_filled_with_price_ids_stays_a_warning() -> None:
    site = _site(PRICES, "CardPayments.php", "php")
    codes = {f.code for f in site.findings}
    assert "RT015" not in codes and "RT003" in codes, codes

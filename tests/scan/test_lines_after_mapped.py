"""A line added after a list mapped from the cart (the shipping or gift-wrap line of a shop) is a
cart line too, in Ruby and PHP as in the other languages: ``lines << {...}`` after ``lines =
cart.items.map { ... }`` (or ``$lines[] = [...]`` after ``array_map`` or a ``foreach``) makes
the cart the mapped lines, then that one. Read in a Symfony shop service whose helper builds
its Checkout lines in a ``foreach`` over the basket and adds the carrier's line after it: the
list became a run-time value, blocked by RT015 (no cart at all); and a list mapped with
``map``/``array_map`` dropped the line added after it without a word (the buyer was charged
no shipping)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"ruby": "rb", "php": "php"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"shop.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def codes(site: CallSite, level: str) -> list[str]:
    assert site.translation is not None
    return [f.code for f in site.translation.findings if f.level.value == level]


SERVICE = """<?php
namespace App\\Shop;

use Stripe\\Checkout\\Session;

class PaymentStarter
{
    public function __construct(private Basket $basket) {}

    public function lines($order)
    {
        $lines = [];
        foreach ($this->basket->rows() as $row) {
            $lines[] = [
                'price_data' => [
                    'currency' => 'eur',
                    'unit_amount' => $row->unitCents(),
                    'product_data' => ['name' => $row->label()],
                ],
                'quantity' => $row->count(),
            ];
        }
        $lines[] = [
            'price_data' => [
                'currency' => 'eur',
                'unit_amount' => $order->getCarrierCents(),
                'product_data' => ['name' => $order->getCarrierName()],
            ],
            'quantity' => 1,
        ];
        return $lines;
    }

    public function start($order)
    {
        return Session::create([
            'mode' => 'payment',
            'line_items' => $this->lines($order),
            'success_url' => 'https://shop.example/paid',
        ]);
    }
}
"""


def test_php_line_added_after_a_foreach_is_the_last_cart_line() -> None:
    site = one(SERVICE, "php")
    assert codes(site, "blocker") == []  # was RT015: the whole list a run-time value
    assert "...array_values(array_map(fn($row) => [" in site.suggestion
    assert "'amount' => (filter_var($row->unitCents(), FILTER_VALIDATE_INT," in site.suggestion
    assert "'amount' => (filter_var($order->getCarrierCents(), FILTER_VALIDATE_INT," in (
        site.suggestion
    )
    assert "[...$this->basket->rows()]))," in site.suggestion


MAPPED_PHP = """<?php
use Stripe\\Checkout\\Session;

function pay($basket) {
    $items = array_map(fn($r) => ['price' => $r->priceId, 'quantity' => $r->qty], $basket->rows);
    $items[] = ['price' => 'price_1GiftWrapA', 'quantity' => 1];
    return Session::create([
        'mode' => 'payment',
        'line_items' => $items,
        'success_url' => 'https://shop.example/paid',
    ]);
}
"""


def test_php_line_added_after_array_map_is_not_dropped() -> None:
    site = one(MAPPED_PHP, "php")
    assert site.translation is not None and len(site.translation.requires) == 1  # gift wrap
    assert site.suggestion.count("'product_id' => ") == 2
    assert "], [...$basket->rows]))," in site.suggestion


RUBY = """\
class CheckoutsController < ApplicationController
  def create
    items = current_cart.items.map { |i| { price: i.price_id, quantity: i.quantity } }
    items << { price: "price_1GiftWrapA", quantity: 1 }WHEN
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: items,
      success_url: root_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def test_ruby_line_pushed_after_map_is_not_dropped() -> None:
    site = one(RUBY.replace("WHEN", ""), "ruby")
    assert codes(site, "blocker") == []
    assert site.translation is not None and len(site.translation.requires) == 1  # gift wrap
    assert "*(current_cart.items.map { |i| {" in site.suggestion
    assert site.suggestion.count('"product_id" => ') == 2


def test_ruby_line_pushed_only_sometimes_leaves_the_list_to_run_time() -> None:
    site = one(RUBY.replace("WHEN", " if params[:gift]"), "ruby")
    assert "RT003" in codes(site, "warning")  # each element of `items` read at run time
    assert "current_cart.items.map" not in site.suggestion


def test_php_lines_in_a_one_element_list_are_the_lines() -> None:
    """stripe-php sends a list inside a one-element list as that list (its flattenParamsList
    adds no index), and shops write ``'line_items' => [$this->lines($order)]``: the nested list
    was no line item the translator could read (RT007, no cart)."""
    site = one(NESTED, "php")
    assert codes(site, "blocker") == []
    assert site.translation is not None and len(site.translation.requires) == 2
    assert (
        "$dodoBody->{'product_cart'}[1]->{'quantity'} = (filter_var($mugs, FILTER_VALIDATE_INT,"
        in site.suggestion
    )


NESTED = """<?php
use Stripe\\Checkout\\Session;

function buy($mugs) {
    $lines = [
        ['price' => 'price_1TeeShirtA', 'quantity' => 1],
        ['price' => 'price_1MugMugMugA', 'quantity' => $mugs],
    ];
    return Session::create([
        'mode' => 'payment',
        'line_items' => [$lines],
        'success_url' => 'https://shop.example/paid',
    ]);
}
"""

"""Ruby and PHP read a name in a branch as JavaScript and Python do (``test_compared_names.py``,
``test_held_names.py``): in the branch of ``if interval == "month"`` it holds ``"month"`` (a
monthly price, not a run-time interval blocked by RT002), and where the condition requires it to
hold (``coupon ? [{ coupon: coupon }] : nil``) a local set under another ``if`` is its value
without the branch of nothing (the discount codes held ``nil`` in the list). The shapes read in
a TypeScript donation handler and edge function, written as Rails and Laravel code."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"ruby": "rb", "php": "php"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"give.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def blockers(site: CallSite) -> list[str]:
    assert site.translation is not None
    return [f.code for f in site.translation.findings if f.level.value == "blocker"]


RUBY = """\
class GiftsController < ApplicationController
  def create
    period = params[:period]
    coupon = nil
    if params[:code].present?
      coupon = Coupon.find_by(code: params[:code])&.stripe_id
    end
    if period == "month"
      session = Stripe::Checkout::Session.create(
        mode: "subscription",
        line_items: [{ price_data: { currency: "usd", unit_amount: 700,
          product_data: { name: "Friend" }, recurring: { interval: period } }, quantity: 1 }],
        discounts: coupon ? [{ coupon: coupon }] : nil,
        success_url: root_url
      )
      redirect_to session.url, allow_other_host: true
    end
  end
end
"""


def test_ruby_reads_the_compared_literal_and_the_set_value() -> None:
    site = one(RUBY, "ruby")
    assert blockers(site) == []
    assert site.translation is not None
    (product,) = site.translation.requires
    assert product["product"]["price"]["payment_frequency_interval"] == "Month"
    assert "(coupon ? [\n  DodoIds.discount_code(coupon),\n] : nil)" in site.suggestion
    assert "present? ?" not in site.suggestion


PHP = """<?php
function give($period, $code) {
    $coupon = null;
    if ($code) {
        $coupon = lookupCoupon($code);
    }
    if ($period === 'year') {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'line_items' => [[
                'price_data' => ['currency' => 'eur', 'unit_amount' => 9000,
                    'product_data' => ['name' => 'Friend'], 'recurring' => ['interval' => $period]],
                'quantity' => 1,
            ]],
            'discounts' => $coupon ? [['coupon' => $coupon]] : null,
            'success_url' => 'https://example.com/ok',
        ]);
    }
    return null;
}
"""


def test_php_reads_the_compared_literal_and_the_set_value() -> None:
    site = one(PHP, "php")
    assert blockers(site) == []
    assert site.translation is not None
    (product,) = site.translation.requires
    assert product["product"]["price"]["payment_frequency_interval"] == "Year"
    assert "DodoIds::discountCode($coupon)," in site.suggestion
    assert "$code ?" not in site.suggestion

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
    assert "\\DodoIds::discountCode($coupon)," in site.suggestion
    assert "$code ?" not in site.suggestion


def test_branch_conditions_are_read_from_the_syntax_alone() -> None:
    """What a branch says of a name is read from its condition as written (hashflow_held.tested).
    It was read through `branches`, which writes each condition's source by resolving the
    names in it, each of which read the conditions around it again: a WooCommerce payment
    gateway class (nested ifs over locals) took 165 s to scan instead of 3 s."""
    from ast_grep_py import SgRoot

    from migrate.scan.hashflow_held import tested

    php = SgRoot(
        "<?php\nif (($a == 'x')) { f($a); } elseif ($b) { g($b); } else { h(); }\n"
        "$c = $d ? $d : null;\n",
        "php",
    ).root()
    (stmt,) = [n for n in php.find_all(kind="if_statement")]
    (elif_,) = [n for n in php.find_all(kind="else_if_clause")]
    (ternary,) = [n for n in php.find_all(kind="conditional_expression")]
    assert [(t, b is not None) for t, b in tested(stmt)] == [("$a == 'x'", True), (None, True)]
    assert [t for t, _ in tested(elif_)] == ["$b"]
    assert [t for t, _ in tested(ternary)] == ["$d"]
    ruby = SgRoot("unless paid\n  go(paid)\nend\nx = y if ok\n", "ruby").root()
    (unless,) = [n for n in ruby.find_all(kind="unless")]
    (modifier,) = [n for n in ruby.find_all(kind="if_modifier")]
    assert [t for t, _ in tested(unless)] == ["!(paid)"]
    assert [t for t, _ in tested(modifier)] == ["ok"]

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A key set by index into a list of the params (Ruby's ``params[:line_items][0][:price_data]
[:recurring] = ...`` under an ``if``, PHP's ``$params['line_items'][0]['price_data'][...]``).
Seen in a Rails payments controller that makes the inline price recurring when the plan is a
subscription. The scan listed the run-time value at ``line_items.0.price_data.recurring`` while
its findings named ``line_items[0].price_data.recurring.interval`` and Python sites list
``line_items[0]``: the same place spelt two ways. A list index is in brackets in every language;
a metadata key made of digits stays a key."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

RUBY = """class PaymentsController < ApplicationController
  def create
    plan = Plan.find(params[:id])
    params_ = {
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 900, product_data: { name: 'Pass' } }, quantity: 1 }],
      metadata: { order: 'x' },
      success_url: root_url
    }
    if plan.monthly?
      params_[:line_items][0][:price_data][:recurring] = { interval: 'month' }
      params_[:metadata]['2024'] = plan.code
    end
    session = Stripe::Checkout::Session.create(params_)
    redirect_to session.url, allow_other_host: true
  end
end
"""

PHP = """<?php
function pay($plan, $ok)
{
    $params = [
        'mode' => 'payment',
        'line_items' => [['price_data' => ['currency' => 'usd', 'unit_amount' => 900, 'product_data' => ['name' => 'Pass']], 'quantity' => 1]],
        'metadata' => ['order' => 'x'],
        'success_url' => $ok,
    ];
    if ($plan->monthly) {
        $params['line_items'][0]['price_data']['recurring'] = ['interval' => 'month'];
        $params['metadata']['2024'] = $plan->code;
    }
    return \\Stripe\\Checkout\\Session::create($params);
}
"""


def _site(code: str, name: str, lang: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[lang]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "lang"),
    [(RUBY, "payments_controller.rb", "ruby"), (PHP, "pay.php", "php")],
)
def test_a_list_index_set_by_index_is_bracketed(code: str, name: str, lang: str) -> None:
    site = _site(code, name, lang)
    paths = {d.path for d in site.dynamic}
    assert "line_items[0].price_data.recurring" in paths, paths
    assert not any(p.startswith("line_items.0") for p in paths)
    assert "metadata.2024" in paths
    blockers = {f.path for f in site.findings if f.level.value == "blocker"}
    assert "line_items[0].price_data.recurring.interval" in blockers

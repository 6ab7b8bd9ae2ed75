# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A PHP or Ruby list of lines begun with elements, then appended to in a loop, is read whole.

Read in a Laravel ticketing app: ``$lineItems = [[...the ticket...]]``, ``$lineItems[] = [...the
service fee...]``, then ``foreach ($toppings as $topping) { if (empty($topping['precio']))
continue; $lineItems[] = [...]; }``, passed on in ``$checkoutData``. A loop's appends were read
as a mapped list only into a list begun empty: this one was a list known only at run time
(RT015, a blocker) and every amount (the ticket, the fee, the toppings) was lost. The elements
the list is begun with now come first, the loop's mapped elements spliced in after them, as
Python and TypeScript read it (``migrate/scan/hashflow_appends.py``).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """<?php
function tickets($stripe, $evento, $cantidad, $toppings, $costeServicio) {
    $lineItems = [[
        'price_data' => ['currency' => 'eur', 'unit_amount' => (int) round($evento->precio * 100), 'product_data' => ['name' => $evento->nombre]],
        'quantity' => $cantidad,
    ]];
    $lineItems[] = [
        'price_data' => ['currency' => 'eur', 'unit_amount' => $costeServicio, 'product_data' => ['name' => 'Servicio']],
        'quantity' => 1,
    ];
    foreach ($toppings as $topping) {
        if (empty($topping['precio'])) continue;
        $lineItems[] = [
            'price_data' => ['currency' => 'eur', 'unit_amount' => (int) round($topping['precio'] * 100), 'product_data' => ['name' => $topping['nombre']]],
            'quantity' => $cantidad,
        ];
    }
    $checkoutData = ['mode' => 'payment', 'line_items' => $lineItems, 'success_url' => 'https://x.test/ok'];
    return $stripe->checkout->sessions->create($checkoutData);
}
"""

RUBY = """class TicketsController < ApplicationController
  def create
    line_items = [{ price_data: { currency: "eur", unit_amount: (@event.price * 100).to_i, product_data: { name: @event.name } }, quantity: params[:qty].to_i }]
    @extras.each do |extra|
      line_items << { price_data: { currency: "eur", unit_amount: (extra.price * 100).to_i, product_data: { name: extra.name } }, quantity: 1 }
    end
    session = Stripe::Checkout::Session.create(mode: "payment", line_items: line_items, success_url: root_url)
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _site(source: str, path: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(source, path, BY_NAME[language]) if s.kind == "create"]
    return site


def test_a_php_list_begun_with_lines_then_appended_in_a_loop_keeps_every_amount() -> None:
    site = _site(PHP, "tickets.php", "php")
    codes = [f.code for f in site.findings]
    assert "RT015" not in codes and "RT003" not in codes
    text = site.suggestion or ""
    assert "'amount' => (int) round($evento->precio * 100)," in text  # the ticket
    assert "'amount' => (filter_var($costeServicio," in text  # the fee
    assert "'amount' => (int) round($topping['precio'] * 100)," in text  # each topping
    assert "], array_filter($toppings, fn($topping) => !(empty($topping['precio']))))),\n];" in text
    if shutil.which("php"):
        lint = subprocess.run(
            ["php", "-l"], check=False, input="<?php\n" + text, capture_output=True, text=True
        )
        assert lint.returncode == 0, lint.stdout


def test_a_ruby_list_begun_with_a_line_then_appended_in_each_keeps_every_amount() -> None:
    site = _site(RUBY, "app/controllers/tickets_controller.rb", "ruby")
    assert "RT015" not in [f.code for f in site.findings]
    text = site.suggestion or ""
    assert "(@event.price * 100).to_i" in text and "(extra.price * 100).to_i" in text
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed: the suggestion is not checked")
    check = subprocess.run(["ruby", "-c"], check=False, input=text, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

"""Run-time Ruby line items whose hashes have text keys: ``JSON.parse`` of a request body, a
Jbuilder's ``attributes!`` (a Rails shop's ``@cart.collect { |p| p.to_builder.attributes! }``,
the model's builder writing ``price`` and ``quantity``). Stripe's Ruby library takes either key,
so the shop sold what the hash said; the Dodo cart read ``line[:price]`` and
``line[:quantity] || 1`` only, so every line's product id was looked up from nil and a quantity
of 3 was silently sold as 1. The suggestion now reads the symbol key, then the text key."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CONTROLLER = """class BasketsController < ApplicationController
  def create
    basket = JSON.parse(request.raw_post)["items"]
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: basket,
      success_url: root_url
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _site() -> CallSite:
    found = scan_source(CONTROLLER, "baskets_controller.rb", BY_NAME["ruby"])
    (site,) = [s for s in found if s.kind == "create"]
    return site


def test_the_cart_reads_symbol_or_text_keys() -> None:
    text = _site().suggestion
    assert '"product_id" => DodoIds.product_id((item[:price] || item["price"])),' in text
    assert '"quantity" => (item[:quantity] || item["quantity"] || 1),' in text


def test_text_keyed_lines_keep_their_quantities() -> None:
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed")
    lines = _site().suggestion.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("dodo_body['product_cart'] ="))
    end = next(i for i, x in enumerate(lines) if i > start and x.startswith("dodo_body['return"))
    program = (
        "require 'json'\n"
        'module DodoIds\n  def self.product_id(price) = price && "pdt_#{price}"\nend\n'
        'basket = JSON.parse(\'[{"price": "price_mug", "quantity": 3}, {"price": "price_cap"}]\')\n'
        "dodo_body = {}\n" + "\n".join(lines[start:end]) + "\nputs JSON.generate(dodo_body)\n"
    )
    ran = subprocess.run(["ruby"], input=program, capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout)["product_cart"] == [
        {"product_id": "pdt_price_mug", "quantity": 3},
        {"product_id": "pdt_price_cap", "quantity": 1},
    ]

"""Ruby: line items mapped by a block of two parameters (``cart.map { |price, qty| {price:
price, quantity: qty} }`` over a hash of price ids to quantities, ``items.each_with_index.map {
|item, i| ... }``) were a list the scanner could not read (RT003): the suggestion mapped the
Stripe list again through each element's ``:price`` and ``:quantity``, the block's own values
(a quantity computed from the index) unread. Such a block is read as the one-parameter form is
now, and the suggestion's block takes the same parameters."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CONTROLLER = """\
class CartsController < ApplicationController
  def pairs
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      success_url: root_url,
      line_items: cart_counts.map { |price, count| { price: price, quantity: count } }
    )
    redirect_to session.url, allow_other_host: true
  end

  def ranked
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      success_url: root_url,
      line_items: picks.each_with_index.map { |pick, n| { price: pick[:price], quantity: n + 1 } }
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _sites() -> dict[int, CallSite]:
    sites = scan_source(CONTROLLER, "carts_controller.rb", BY_NAME["ruby"])
    return {s.line: s for s in sites if s.kind == "create"}


def _cart(site: CallSite) -> str:
    found = re.search(r"dodo_body\['product_cart'\] = (.*?\} \})\n", site.suggestion, re.S)
    assert found is not None, site.suggestion
    return found.group(1)


def test_a_block_of_a_key_and_a_value_is_mapped_per_pair() -> None:
    site = _sites()[3]
    cart = _cart(site)
    assert cart.startswith("cart_counts.map { |price, count| {")
    assert '"product_id" => DodoIds.product_id(price),' in cart
    assert '"quantity" => count,' in cart
    assert "RT003" not in {f.code for f in site.findings}


def test_a_block_of_an_element_and_its_index_keeps_the_index() -> None:
    site = _sites()[12]
    cart = _cart(site)
    assert cart.startswith("picks.each_with_index.map { |pick, n| {")
    assert '"product_id" => DodoIds.product_id(pick[:price]),' in cart
    assert '"quantity" => n + 1,' in cart
    assert "RT003" not in {f.code for f in site.findings}


@pytest.mark.slow
def test_the_written_carts_run_in_ruby(tmp_path: Path) -> None:
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed: the carts are not run")
    sites = _sites()
    script = (
        "module DodoIds\n  def self.product_id(id) = 'pdt_' + id\nend\n"
        "cart_counts = { 'price_A' => 2, 'price_B' => 5 }\n"
        "picks = [{ price: 'price_C' }, { price: 'price_D' }]\n"
        f"p({_cart(sites[3])})\np({_cart(sites[12])})\n"
    )
    (tmp_path / "cart.rb").write_text(script, encoding="utf-8")
    done = subprocess.run(
        ["ruby", "cart.rb"], check=False, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr + script
    pairs, ranked = done.stdout.splitlines()
    assert pairs.replace(" ", "") == (
        '[{"product_id"=>"pdt_price_A","quantity"=>2},{"product_id"=>"pdt_price_B","quantity"=>5}]'
    )
    assert ranked.replace(" ", "") == (
        '[{"product_id"=>"pdt_price_C","quantity"=>1},{"product_id"=>"pdt_price_D","quantity"=>2}]'
    )

"""Line items a Rails model method builds, called on the controller's record
(``line_items: @order.stripe_line_items``, the method in app/models/order.rb reading the order's
associations by bare name). Only the controller's own methods were followed, so such a list was
run-time line items built with inline prices, blocked (RT015). The model's method is read now,
each bare attribute or association written on the caller's record, when the record's class is
known where it is bound and the method can be written at the call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.trees import write_tree

MODEL = """class Order < ApplicationRecord
  has_many :line_items

  def stripe_line_items
    line_items.map do |li|
      {
        price_data: {
          currency: currency,
          product_data: { name: li.product.name },
          unit_amount: li.unit_price_cents,
        },
        quantity: li.quantity,
      }
    end
  end

  def paid_lines
    update!(status: "pending")
    stripe_line_items
  end

  def self_lines
    [{ price_data: { currency: "usd", unit_amount: self.total_cents }, quantity: 1 }]
  end

  def secret_lines
    [{ price_data: { currency: "usd", unit_amount: discounted_cents }, quantity: 1 }]
  end

  def helper_lines
    [{ price_data: { currency: "usd", unit_amount: to_cents(total) }, quantity: 1 }]
  end

  private

  def discounted_cents
    total_cents - 100
  end
end
"""

CONTROLLER = """class CheckoutsController < ApplicationController
  before_action :set_order

  def create
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: @order.METHOD,
      success_url: checkout_success_url,
    )
    redirect_to session.url, allow_other_host: true
  end

  private

  def set_order
    @order = Order.find(params[:id])
  end
end
"""


def _site(
    tmp_path: Path, method: str = "stripe_line_items", controller: str = CONTROLLER
) -> CallSite:
    folder = write_tree(
        tmp_path,
        {
            "app/models/order.rb": MODEL,
            "app/controllers/checkouts_controller.rb": controller.replace("METHOD", method),
        },
    )
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create"]
    return site


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_model_method_set_up_by_a_before_action_gives_each_amount(tmp_path: Path) -> None:
    site = _site(tmp_path)
    assert "RT015" not in _codes(site) and site.status != "blocked"
    text = site.suggestion or ""
    assert "dodo_body['product_cart'] = (@order.line_items).map { |li| {" in text
    assert '"amount" => li.unit_price_cents,' in text
    (said,) = [f.message for f in site.findings if f.code == "RT011"]
    assert "(@order.currency)" in said  # the record's attribute, read on the record


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_the_dodo_cart_charges_what_the_model_says(tmp_path: Path) -> None:
    text = _site(tmp_path).suggestion or ""
    body = text[: text.index("dodo_uri = ")]
    script = (
        "Product = Struct.new(:name)\n"
        "Line = Struct.new(:product, :unit_price_cents, :quantity)\n"
        "Order = Struct.new(:line_items, :currency)\n"
        "module DodoIds\n  def self.product_id(key) = key\nend\n"
        "def checkout_success_url = 'https://shop.example/ok'\n"
        "@order = Order.new([Line.new(Product.new('Mug'), 1250, 2),"
        " Line.new(Product.new('Tee'), 2000, 1)], 'eur')\n"
        + body.replace('require_relative "dodo_ids"', "")
        + "\nputs JSON.generate(dodo_body['product_cart'])\n"
    )
    out = subprocess.run(["ruby", "-e", script], capture_output=True, text=True, check=True)
    lines = json.loads(out.stdout)
    assert [(line["quantity"], line["amount"]) for line in lines] == [(2, 1250), (1, 2000)]


@pytest.mark.parametrize(
    "binding",
    [
        "order = Order.find_by!(id: params[:id])",
        "order = Order.where(user: current_user).first",
        "order = Order.create!(user: current_user)",
    ],
)
def test_a_local_bound_to_one_row(tmp_path: Path, binding: str) -> None:
    controller = CONTROLLER.replace("@order.METHOD", "order.METHOD").replace(
        "    session = Stripe", f"    {binding}\n    session = Stripe"
    )
    text = _site(tmp_path, controller=controller).suggestion or ""
    assert "dodo_body['product_cart'] = order.line_items.map { |li| {" in text
    assert '"amount" => li.unit_price_cents,' in text


@pytest.mark.parametrize(
    ("method", "binding"),
    [
        ("paid_lines", "Order.find(params[:id])"),  # it updates the record
        ("self_lines", "Order.find(params[:id])"),  # self: the controller, at the call
        ("secret_lines", "Order.find(params[:id])"),  # a private method of the model
        ("helper_lines", "Order.find(params[:id])"),  # a helper the model includes
        ("stripe_line_items", "Order.where(user: current_user)"),  # rows, not one record
        ("stripe_line_items", "current_user.orders.find(params[:id])"),  # class unknown
    ],
)
def test_what_cannot_be_written_at_the_call_stays_a_run_time_list(
    tmp_path: Path, method: str, binding: str
) -> None:
    controller = CONTROLLER.replace("Order.find(params[:id])", binding)
    site = _site(tmp_path, method, controller)
    assert "RT003" in _codes(site)
    assert f"@order.{method}" in (site.suggestion or "")


def test_a_namespaced_model_is_loaded_from_its_folder(tmp_path: Path) -> None:
    model = "module Shop\n" + MODEL.replace("class Order", "class Order") + "end\n"
    controller = CONTROLLER.replace("Order.find", "Shop::Order.find")
    folder = write_tree(
        tmp_path,
        {
            "app/models/shop/order.rb": model,
            "app/controllers/checkouts_controller.rb": controller.replace(
                "METHOD", "stripe_line_items"
            ),
        },
    )
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create"]
    assert '"amount" => li.unit_price_cents,' in (site.suggestion or "")


def test_a_list_built_in_a_local_of_the_method(tmp_path: Path) -> None:
    built = MODEL.replace(
        "  def paid_lines\n",
        "  def built_lines\n    lines = []\n    line_items.each do |li|\n"
        "      lines << { price_data: { currency: 'usd', unit_amount: li.unit_price_cents },"
        " quantity: li.quantity }\n    end\n    lines\n  end\n\n  def paid_lines\n",
    )
    folder = write_tree(
        tmp_path,
        {
            "app/models/order.rb": built,
            "app/controllers/checkouts_controller.rb": CONTROLLER.replace("METHOD", "built_lines"),
        },
    )
    (site,) = [s for s in scan_paths([str(folder)]) if s.kind == "create"]
    text = site.suggestion or ""
    assert "(@order.line_items).map { |li| {" in text
    assert '"amount" => li.unit_price_cents,' in text and "@order.lines" not in text

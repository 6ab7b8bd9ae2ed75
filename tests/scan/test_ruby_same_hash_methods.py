"""Ruby hashes read through a method that hands back the same entries: ``{...}.freeze`` (what
RuboCop's Style/MutableConstant asks of every constant) and ``{...}.compact`` (a params hash
with its nil entries dropped).

Seen in a Rails cafe's order service (``Stripe::PaymentIntent.create(create_params)``, the
private ``create_params`` returning ``{amount: @amount, currency: 'gbp', ...}.compact``): the
call was blocked as params built at run time with no amount (RT034, PI106), though the hash is
in the file. A frozen constant hash sold as a line item was run-time line items (RT003) and the
cart's product a run-time null. The receiver's entries are read now."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths

SERVICE = """class OrderPaymentService
  def initialize(amount, order)
    @amount = amount
    @order = order
  end

  def create
    Stripe::PaymentIntent.create(payment_params)
  end

  private

  def payment_params
    {
      amount: @amount,
      currency: "gbp",
      customer: @order.user.stripe_id,
      metadata: { order_id: @order.id }.compact,
    }.compact
  end
end
"""

CONTROLLER = """class MembershipsController < ApplicationController
  MEMBERSHIP = { price: "price_1Member", quantity: 1 }.freeze
  WELCOME_URL = "https://club.test/members/welcome".freeze

  def create
    session = Stripe::Checkout::Session.create(
      mode: "subscription",
      line_items: [MEMBERSHIP],
      success_url: WELCOME_URL,
      customer_email: current_user.email,
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _site(tmp_path: Path, source: str) -> CallSite:
    (tmp_path / "app.rb").write_text(source)
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind in ("create", "around")]
    return site


def test_a_compacted_params_hash_is_read(tmp_path: Path) -> None:
    site = _site(tmp_path, SERVICE)
    codes = {f.code for f in site.findings}
    assert not codes & {"RT034", "PI106"}
    assert "PI110" in codes  # the run-time amount, sold as a pay-what-you-want line
    assert "dodo_body['product_cart'][0]['amount'] = @amount" in site.suggestion
    assert "dodo_body['metadata']['order_id'] = (@order.id).to_s" in site.suggestion
    assert "TODO_product_id" not in site.suggestion


def test_a_frozen_constant_hash_is_the_line_item(tmp_path: Path) -> None:
    site = _site(tmp_path, CONTROLLER)
    codes = {f.code for f in site.findings}
    assert "RT003" not in codes
    # the price's Dodo product, written in the body, not a null filled in at run time
    assert '"product_id": "s2d_pdt_' in site.suggestion
    assert "dodo_body['product_cart'][0]['product_id']" not in site.suggestion
    assert '"quantity": 1' in site.suggestion
    assert '"return_url": "https://club.test/members/welcome"' in site.suggestion


GIFT = """class BoxesController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: [
        { price: "price_1Box", quantity: boxes },
        ({ price: "price_1Wrap", quantity: 1 } if wrap)
      ].compact,
      success_url: "https://club.test/ok"
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def test_a_compacted_list_with_an_optional_line_stays_a_run_time_list(tmp_path: Path) -> None:
    # .compact drops the line that is nil; a cart written line by line would not (it would
    # read a price from nil): the list is mapped at run time, compacted, as before
    site = _site(tmp_path, GIFT)
    assert "RT003" in {f.code for f in site.findings}
    assert not [d.path for d in site.dynamic if d.path.startswith("line_items[")]
    lines = site.suggestion.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("dodo_body['product_cart'] ="))
    end = next(i for i, x in enumerate(lines) if x.startswith("dodo_uri = "))
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed")
    program = (
        "require 'json'\nmodule DodoIds\n  def self.product_id(price) = \"pdt_#{price}\"\nend\n"
        "boxes = 2\nwrap = false\ndodo_body = {}\n"
        + "\n".join(lines[start:end])
        + "\nputs JSON.generate(dodo_body['product_cart'])\n"
    )
    ran = subprocess.run(["ruby"], input=program, capture_output=True, text=True, check=True)
    assert json.loads(ran.stdout) == [{"product_id": "pdt_price_1Box", "quantity": 2}]

"""A Rails or Sinatra request parameter is text: ``quantity: params[:quantity]`` sent "3",
which Stripe's form reads as 3 and Dodo's JSON refuses where it takes an integer (read in
Rails shops posting the quantity from a form). The Dodo body reads it as an integer strictly:
``Integer(params[:quantity].to_s, 10)``, which raises on "2.5" as Stripe refused it."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CONTROLLER = """\
class OrdersController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      success_url: "https://mugs.example/ok",
      line_items: [{ price: "price_Mug", quantity: params[:quantity] }],
    )
    redirect_to session.url, allow_other_host: true
  end
end
"""


def _run(suggestion: str, quantity: str) -> subprocess.CompletedProcess[str]:
    lines = suggestion.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.startswith("dodo_body = JSON.parse"))
    end = next(i for i, line in enumerate(lines) if line.startswith("dodo_uri = "))
    program = (
        'require "json"\n'
        f"params = {{ quantity: {json.dumps(quantity)} }}\n"
        + "\n".join(lines[begin:end])
        + "\nputs JSON.generate(dodo_body['product_cart'])\n"
    )
    return subprocess.run(["ruby"], input=program, capture_output=True, text=True, check=False)


def test_a_request_parameter_is_an_integer_in_the_dodo_body() -> None:
    (site,) = [
        s
        for s in scan_source(CONTROLLER, "orders_controller.rb", BY_NAME["ruby"])
        if s.kind == "create"
    ]
    assert "['quantity'] = Integer(params[:quantity].to_s, 10)" in site.suggestion
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed")
    ran = _run(site.suggestion, "3")
    assert ran.returncode == 0, ran.stderr
    (line,) = json.loads(ran.stdout)
    assert line["quantity"] == 3 and type(line["quantity"]) is int
    assert _run(site.suggestion, "2.5").returncode != 0  # refused, as Stripe refused it

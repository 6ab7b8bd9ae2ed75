# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart built by a loop over a request's form or query (``for name, qty in
request.form.items()``, ``Object.entries(req.query).map(([name, qty]) => ...)``, ``for (const
[id, qty] of form.entries())``): each quantity is the form's text ("2"), which Stripe's
form-encoded request read as 2. Dodo's JSON body and its SDKs' types take a number, so the
suggested call makes the loop's text a number again (``int(qty)``, ``Number(qty)``); a loop over
anything else keeps its names as they are."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

FLASK = """import os
import stripe
from flask import request

PRICES = {"tshirt": os.environ["PRICE_TSHIRT"], "mug": os.environ["PRICE_MUG"]}


def checkout():
    line_items = []
    for name, qty in request.form.items():
        if name in PRICES and int(qty) > 0:
            line_items.append({"price": PRICES[name], "quantity": qty})
    session = stripe.checkout.Session.create(
        line_items=line_items,
        mode="payment",
        success_url=request.host_url + "thanks",
    )
    return session.url
"""

NUMBERS = """import stripe

def checkout(order):
    line_items = []
    for name, qty in order.counts.items():
        line_items.append({"price": order.prices[name], "quantity": qty})
    session = stripe.checkout.Session.create(
        line_items=line_items, mode="payment", success_url="https://shop.test/ok"
    )
    return session.url
"""

EXPRESS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const PRICES: Record<string, string> = { tshirt: "price_tee", mug: "price_mug" };

export async function buy(req: { query: Record<string, string> }) {
  const line_items = Object.entries(req.query).map(([name, qty]) => ({
    price: PRICES[name],
    quantity: qty,
  }));
  const session = await stripe.checkout.sessions.create({
    line_items,
    mode: "payment",
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""

FORM = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
const PRICES: Record<string, string> = { tshirt: "price_tee", mug: "price_mug" };

export async function POST(request: Request) {
  const form = await request.formData();
  const items = [];
  for (const [name, qty] of form.entries()) {
    items.push({ price: PRICES[name], quantity: qty });
  }
  const session = await stripe.checkout.sessions.create({
    line_items: items,
    mode: "payment",
    success_url: "https://shop.test/ok",
  });
  return Response.json({ url: session.url });
}
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_python_quantities_of_a_form_loop_are_made_whole_numbers() -> None:
    code = one(FLASK, "shop.py", "python").suggestion or ""
    assert '"quantity": int(qty),' in code
    # run as written, on a form as Flask gives it: Dodo gets 2, not "2"
    made: list[dict[str, Any]] = []
    create = SimpleNamespace(create=lambda **kw: made.append(kw))
    names: dict[str, Any] = {
        "client": SimpleNamespace(checkout_sessions=create),
        "dodo_product_id": lambda price: f"pdt_{price}",
        "PRICES": {"tshirt": "price_tee", "mug": "price_mug"},
        "request": SimpleNamespace(
            form={"tshirt": "2", "mug": "0", "note": "x"}, host_url="https://shop.test/"
        ),
    }
    body = "\n".join(x for x in code.splitlines() if not x.startswith(("#", "from ", "import ")))
    exec(body, names)  # the suggestion is the code under test
    assert made[0]["product_cart"] == [{"product_id": "pdt_price_tee", "quantity": 2}]


def test_a_loop_over_other_numbers_keeps_its_names() -> None:
    code = one(NUMBERS, "shop.py", "python").suggestion or ""
    assert '"quantity": qty,' in code
    assert "int(qty)" not in code


def test_javascript_quantities_of_a_query_or_form_loop_are_made_numbers() -> None:
    express = one(EXPRESS, "buy.ts", "typescript").suggestion or ""
    assert "quantity: Number(qty)," in express
    form = one(FORM, "route.ts", "typescript").suggestion or ""
    assert "quantity: Number(qty)," in form


@pytest.mark.slow
def test_the_javascript_call_type_checks(tmp_path: Path) -> None:
    node = one(EXPRESS, "buy.ts", "typescript").suggestion or ""
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    assert tsc_problems(tmp_path, EXPRESS, node, files=ids) == ""


RAILS = """class OrdersController < ApplicationController
  def checkout
    line_items = params[:cart].map do |product|
      { price: product[:price_id], quantity: product[:quantity] }
    end
    session = Stripe::Checkout::Session.create(mode: "payment", line_items: line_items, success_url: root_url)
    redirect_to session.url, allow_other_host: true
  end

  def typed(cart)
    line_items = cart.lines.map { |line| { price: line.price_id, quantity: line[:quantity] } }
    Stripe::Checkout::Session.create(mode: "payment", line_items: line_items, success_url: root_url)
  end
end
"""


def test_ruby_fields_of_a_request_parameters_element_are_made_whole_numbers() -> None:
    """``params[:cart].map { |product| ... product[:quantity] }``: each field of a request's
    element is text ("2"), as ``params[:quantity]`` read directly is; an element of anything
    else keeps its fields as they are."""
    sites = [s for s in scan_source(RAILS, "orders.rb", BY_NAME["ruby"]) if s.kind == "create"]
    form, typed = (s.suggestion or "" for s in sites)
    assert '"quantity" => Integer(product[:quantity].to_s, 10),' in form
    assert '"quantity" => line[:quantity],' in typed

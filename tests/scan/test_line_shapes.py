"""A Checkout line item chosen at run time between two lines of different shapes: an inline
price with a run-time amount (``price_data``) or a price id (``price``). Found on a real
TypeScript app (``customAmount ? { price_data: {...} } : { price: priceId }``): the ternary was
split key by key into ``price: c ? undefined : priceId`` and ``price_data: c ? {...} : undefined``,
so each branch missed its price: the call was blocked (RT007, "no price there"), the cart line
was ``c ? TODO_product_id : dodoProductId(priceId)``, and the run-time amount was lost.

The choice stays a choice between two lines (each translated as a line is): the same choice
between two cart lines, the pay-what-you-want product with the amount on one side and the
looked-up product on the other. Dicts of the same shape, or under any other key, are still split
key by key (a field present in one branch only is absent in the other)."""

from __future__ import annotations

from typing import Any

import pytest

from migrate.mapping.expr import Expr
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function buy(priceId: string, customAmount: number | undefined, url: string) {
  return stripe.checkout.sessions.create({
    line_items: [
      customAmount
        ? {
            price_data: {
              unit_amount: customAmount * 100,
              currency: "usd",
              product_data: { name: "Credits" },
            },
            quantity: 1,
          }
        : { price: priceId, quantity: 1 },
    ],
    mode: "payment",
    success_url: url,
  });
}
"""

PY = """import stripe

def buy(price_id, custom_amount, url):
    return stripe.checkout.Session.create(
        line_items=[
            {"price_data": {"unit_amount": custom_amount * 100, "currency": "usd",
                            "product_data": {"name": "Credits"}}, "quantity": 1}
            if custom_amount
            else {"price": price_id, "quantity": 1}
        ],
        mode="payment",
        success_url=url,
    )
"""

SAME_SHAPE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function buy(annual: boolean, url: string) {
  return stripe.checkout.sessions.create({
    line_items: [
      annual ? { price: "price_1Year", quantity: 1 } : { price: "price_1Month", quantity: 1 },
    ],
    mode: "subscription",
    success_url: url,
  });
}
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "names"),
    [
        (TS, "x.ts", "typescript", ("customAmount", "customAmount * 100", "priceId")),
        (PY, "x.py", "python", ("custom_amount", "custom_amount * 100", "price_id")),
    ],
)
def test_a_choice_between_an_inline_price_and_a_price_id_is_a_choice_between_two_lines(
    code: str, name: str, language: str, names: tuple[str, str, str]
) -> None:
    cond, amount, price = names
    site = one(code, name, language)
    codes = {f.code for f in site.findings}
    assert "RT007" not in codes and "L103" not in codes
    assert site.params["line_items"][0]["$choice"]["if"] == cond
    assert site.translation is not None and site.translation.dodo is not None
    (line,) = site.translation.dodo["product_cart"]
    assert type(line) is Expr and line.form == "choice" and line.cond == cond
    then: dict[str, Any] = line.then
    else_: dict[str, Any] = line.else_
    assert then["product_id"].startswith("s2d_pdt_")  # the pay-what-you-want product
    assert (then["amount"].source, then["quantity"]) == (amount, 1)
    assert (else_["product_id"].source, else_["product_id"].op) == (price, "product_id")
    assert "amount" not in else_


def test_lines_of_the_same_shape_are_still_chosen_field_by_field() -> None:
    site = one(SAME_SHAPE, "x.ts", "typescript")
    item = site.params["line_items"][0]
    assert item["quantity"] == 1
    assert item["price"]["$choice"] == {
        "if": "annual",
        "then": "price_1Year",
        "else": "price_1Month",
    }

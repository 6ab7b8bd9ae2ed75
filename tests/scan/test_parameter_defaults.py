"""A parameter set again in one branch only keeps, on the other branch, what the caller passed.
Found on a real TypeScript app: ``if (!customerId) { customerId = await createCustomer(user); }``
before ``stripe.checkout.sessions.create({ customer: customerId, ... })`` became the choice
``!customerId ? {customer_id: ...} : null``: the Dodo call sent no customer exactly when the
caller gave one (and the other way round). Python followed the same way (the shared Follower).

The value before the branch is the parameter itself (or, inside a followed helper, the caller's
argument): a default filled in under a condition is no choice at all when the new value cannot be
read again at the call (``customerId`` holds it there), and a choice between the default and the
parameter when it can."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

_SUFFIX = {"typescript": "ts", "python": "py"}

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function donate(customerId: string | undefined, priceId: string, email: string) {
  if (!customerId) {
    customerId = await createCustomer(email);
  }
  if (!priceId) {
    priceId = process.env.DEFAULT_PRICE;
  }
  return stripe.checkout.sessions.create({
    customer: customerId,
    line_items: [{ price: priceId, quantity: 1 }],
    mode: "payment",
    success_url: "https://shop.example/ok",
  });
}
"""

TS_DESTRUCTURED = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
type Args = { customerId?: string; priceId: string; email: string };
export const donate = async ({ customerId, priceId, email }: Args) => {
  if (!customerId) {
    customerId = await createCustomer(email);
  }
  if (!priceId) {
    priceId = process.env.DEFAULT_PRICE;
  }
  return stripe.checkout.sessions.create({
    customer: customerId,
    line_items: [{ price: priceId, quantity: 1 }],
    mode: "payment",
    success_url: "https://shop.example/ok",
  });
};
"""

PY = """import os
import stripe

def donate(customer_id, price_id, email):
    if not customer_id:
        customer_id = create_customer(email)
    if not price_id:
        price_id = os.environ["DEFAULT_PRICE"]
    return stripe.checkout.Session.create(
        customer=customer_id,
        line_items=[{"price": price_id, "quantity": 1}],
        mode="payment",
        success_url="https://shop.example/ok",
    )
"""


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"x.{_SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


ENV = "process.env.DEFAULT_PRICE"
CASES = [
    (TS, "typescript", ("customerId", "priceId", "!priceId", ENV)),
    (TS_DESTRUCTURED, "typescript", ("customerId", "priceId", "!priceId", ENV)),
    (PY, "python", ("customer_id", "price_id", "not price_id", 'os.environ["DEFAULT_PRICE"]')),
]


@pytest.mark.parametrize(("code", "language", "names"), CASES)
def test_a_parameter_filled_in_when_missing_is_the_parameter(
    code: str, language: str, names: tuple[str, str, str, str]
) -> None:
    customer = names[0]
    site = one(code, language)
    assert site.params["customer"] == {"$dynamic": customer}
    assert site.translation is not None and site.translation.dodo is not None
    dodo = site.translation.dodo
    assert set(dodo["customer"]) == {"customer_id"}  # no choice with a missing customer
    got = dodo["customer"]["customer_id"]
    assert (got.form, got.source, got.op) == ("code", customer, "customer_id")


@pytest.mark.parametrize(("code", "language", "names"), CASES)
def test_a_default_that_can_be_read_again_is_a_choice_with_the_parameter(
    code: str, language: str, names: tuple[str, str, str, str]
) -> None:
    _, price, cond, default = names
    site = one(code, language)
    got = site.params["line_items"][0]["price"]
    then, else_ = {"$dynamic": default}, {"$dynamic": price}
    assert got["$choice"] == {"if": cond, "then": then, "else": else_}
    assert "RT007" not in {f.code for f in site.findings}

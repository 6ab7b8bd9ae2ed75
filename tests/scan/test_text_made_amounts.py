"""A caller of a checkout wrapper passing an amount it made text (`str(x)`, `String(x)`, or a
sum with text in it: `str(total) + "00"`), which Stripe's form encoding read as a number and
Dodo's JSON amount (an integer) refuses. The Dodo call at the caller carries the number: the
value made text from, or the text read as an integer. A sum with text in it was written as it
is: a string where Dodo takes an integer."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import CallSite
from tests.scan.trees import creates, write_tree

PY_WRAPPER = """\
import stripe


def checkout(amount):
    return stripe.checkout.Session.create(
        mode="payment",
        success_url="https://example.com/ok",
        line_items=[{"price_data": {"currency": "usd", "unit_amount": amount,
                                    "product_data": {"name": "Gift"}}, "quantity": 1}],
    )


def view(order):
    return checkout(ARG)
"""
TS_WRAPPER = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function checkout(amount: any) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    success_url: "https://example.com/ok",
    line_items: [{ price_data: { currency: "usd", unit_amount: amount,
      product_data: { name: "Gift" } }, quantity: 1 }],
  });
}

export async function view(order: { total: number }) {
  return checkout(ARG);
}
"""


def caller(tmp_path: Path, name: str, code: str, arg: str) -> CallSite:
    found = creates(write_tree(tmp_path, {name: code.replace("ARG", arg)}))
    (site,) = [s for s in found if s.via is not None]
    return site


@pytest.mark.parametrize(
    ("name", "code", "arg", "amount"),
    [
        (
            "shop.py",
            PY_WRAPPER,
            'str(order.total) + "00"',
            '"amount": int(str(order.total) + "00"),',
        ),
        ("shop.py", PY_WRAPPER, "str(order.total)", '"amount": order.total,'),
        (
            "shop.ts",
            TS_WRAPPER,
            'String(order.total) + "00"',
            'amount: Number(String(order.total) + "00"),',
        ),
        (
            "shop.ts",
            TS_WRAPPER,
            "order.total.toString() + '00'",
            "amount: Number(order.total.toString() + '00'),",
        ),
        ("shop.ts", TS_WRAPPER, "String(order.total)", "amount: order.total,"),
    ],
)
def test_a_caller_passing_text_into_an_amount_carries_the_number(
    tmp_path: Path, name: str, code: str, arg: str, amount: str
) -> None:
    site = caller(tmp_path, name, code, arg)
    assert amount in site.suggestion, site.suggestion


def test_a_sum_of_numbers_is_kept_as_written(tmp_path: Path) -> None:
    site = caller(tmp_path, "shop.py", PY_WRAPPER, "order.total + order.tip")
    assert '"amount": order.total + order.tip,' in site.suggestion

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Free shipping over a threshold: a shipping rate whose amount (and name) is chosen at run time
(``fixed_amount.amount: total >= 5000 ? 0 : 500``). Dodo has no shipping rates: a paid rate is
a one-time shipping product in the cart (C025), a free one no line (C027). Each alone was a
run-time value that decides what the buyer pays, so the call blocked (RT002) and no shipping was
charged. The condition's branches are translated whole and the cart is the same choice: with
the shipping line, or without it (RT053); both branches charge what Stripe charged."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems, tsc_problems

PY = """import stripe


def pay(order):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_book", "quantity": 1}],
        shipping_options=[
            {
                "shipping_rate_data": {
                    "type": "fixed_amount",
                    "fixed_amount": {"amount": 0 if order.total >= 5000 else 500, "currency": "usd"},
                    "display_name": "Free" if order.total >= 5000 else "Standard",
                }
            }
        ],
        success_url="https://shop.test/ok",
    )
    return session.url
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function pay(total: number) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_book", quantity: 1 }],
    shipping_options: [
      {
        shipping_rate_data: {
          type: "fixed_amount",
          fixed_amount: { amount: total >= 5000 ? 0 : 500, currency: "usd" },
          display_name: "Standard",
        },
      },
    ],
    success_url: "https://shop.test/ok",
  });
  return session.url;
}
"""


def one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_free_shipping_over_a_threshold_is_a_choice_of_carts() -> None:
    site = one(PY, "shop.py", "python")
    assert site.status == "translated" and site.translation is not None
    assert not [f for f in site.findings if f.level is Level.BLOCKER]
    assert "RT053" in {f.code for f in site.findings}
    code = site.suggestion or ""
    # the paid branch carries one more line than the free one: the shipping product
    then, _, else_ = code.partition("] if order.total >= 5000 else [")
    assert else_, code
    required = site.translation.requires
    assert len(required) == 2
    shipping = [r for r in required if r["id"] not in then]
    assert len(shipping) == 1 and shipping[0]["id"] in else_
    # the shipping product charges the rate's 5.00 USD, once
    assert shipping[0]["product"]["price"] == {
        "type": "one_time_price",
        "currency": "USD",
        "price": 500,
        "discount": 0,
        "purchasing_power_parity": False,
    }


def test_typescript_too() -> None:
    site = one(TS, "pay.ts", "typescript")
    assert site.status == "translated"
    assert "product_cart: (total >= 5000) ? [" in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_calls_type_check(tmp_path: Path) -> None:
    (tmp_path / "py").mkdir()
    (tmp_path / "ts").mkdir()
    python = one(PY, "shop.py", "python").suggestion or ""
    assert mypy_problems(tmp_path / "py", python, "def pay(order: Any) -> str | None") == ""
    node = one(TS, "pay.ts", "typescript").suggestion or ""
    assert tsc_problems(tmp_path / "ts", TS, node) == ""

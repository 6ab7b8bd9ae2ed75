"""A wrapper that rebinds one of its parameters from a value the scan cannot read before its
Stripe call (``amount, fee = with_fee(amount)``, ``items, credit = invoice.lines(items)``) sends
that value, not the caller's argument: the findings of the wrapper's own site about the value
do not say it is "set by the caller" (it is not: the caller's argument is only an input), while
those of a parameter passed through unchanged still do (seen on a Django invoice payment view)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

PY = """\
import stripe


def with_fee(amount):
    return amount + 30, 30


def pay(amount, name, success_url):
    amount, fee = with_fee(amount)
    return stripe.checkout.Session.create(
        mode="payment",
        success_url=success_url,
        line_items=[
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": amount,
                    "product_data": {"name": name},
                },
                "quantity": 1,
            }
        ],
    )


def pay_invoice(invoice, line_items, success_url):
    line_items, credit = invoice.checkout_lines(line_items)
    return stripe.checkout.Session.create(
        mode="payment", success_url=success_url, line_items=line_items
    )
"""

TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

declare function withFee(amount: number): [number, number];

export async function pay(amount: number, name: string, successUrl: string) {
  [amount] = withFee(amount);
  return stripe.checkout.sessions.create({
    mode: "payment",
    success_url: successUrl,
    line_items: [
      { price_data: { currency: "usd", unit_amount: amount, product_data: { name } }, quantity: 1 },
    ],
  });
}
"""


def _wrapper_site(tmp_path: Path, name: str, text: str, line: int) -> CallSite:
    sites = creates(write_tree(tmp_path, {name: text}))
    return next(s for s in sites if not s.via and s.line == line)


def _messages(site: CallSite, code: str) -> list[str]:
    return [f.message for f in site.findings if f.code == code]


def test_a_python_amount_rebound_from_a_helper_is_not_set_by_the_caller(tmp_path: Path) -> None:
    site = _wrapper_site(tmp_path, "billing.py", PY, 10)
    assert site.wrapper is not None
    (amount,) = _messages(site, "L112")
    assert "(amount)" in amount
    assert "Set by the caller" not in amount
    (name,) = _messages(site, "RT001")  # the name is the caller's argument, passed through
    assert name.endswith("Set by the caller of pay.")


def test_python_line_items_rebound_from_a_method_are_not_set_by_the_caller(
    tmp_path: Path,
) -> None:
    site = _wrapper_site(tmp_path, "billing.py", PY, 28)
    (lines,) = _messages(site, "RT003")
    assert "Set by the caller" not in lines
    (wrapper,) = _messages(site, "X014")
    assert "success_url set by the caller" in wrapper
    assert "line_items set by the caller" not in wrapper


def test_a_ts_amount_rebound_by_destructuring_is_not_set_by_the_caller(tmp_path: Path) -> None:
    site = _wrapper_site(tmp_path, "billing.ts", TS, 8)
    assert site.wrapper is not None
    (amount,) = _messages(site, "L112")
    assert "Set by the caller" not in amount
    (name,) = _messages(site, "RT001")
    assert name.endswith("Set by the caller of pay.")

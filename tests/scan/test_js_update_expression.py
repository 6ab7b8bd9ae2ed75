# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A cart line's field changed with ``++``/``--`` before the call (``if (giftWrap)
line.quantity++``, ``params.line_items[0].quantity--``): the update was not seen as a change of
the object, so the suggested cart carried the quantity the object was declared with, a silent
wrong quantity on every gift-wrapped order. ``x.k++`` makes ``x.k`` a value the run computes
now, read where the call is, as ``x.k += 1`` already did."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "gift.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


LINE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function order(back: string, giftWrap: boolean) {
  const line = { price: "price_1Mug", quantity: 1 };
  if (giftWrap) line.quantity++;
  return stripe.checkout.sessions.create({ mode: "payment", line_items: [line], success_url: back });
}
"""


def test_a_quantity_incremented_under_an_if_is_read_at_run_time() -> None:
    text = one(LINE).suggestion or ""
    assert "quantity: line.quantity," in text
    assert "quantity: 1," not in text


PARAMS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function order(back: string) {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    success_url: back,
    line_items: [{ price: "price_1Mug", quantity: 3 }],
  };
  params.line_items![0].quantity!--;
  return stripe.checkout.sessions.create(params);
}
"""


def test_a_quantity_decremented_in_the_params_is_read_at_run_time() -> None:
    text = one(PARAMS).suggestion or ""
    assert "quantity: 3," not in text
    assert "params.line_items" in text


UNCHANGED = LINE.replace("  if (giftWrap) line.quantity++;\n", "  let wraps = 0;\n  wraps++;\n")


def test_an_update_of_another_name_leaves_the_line_as_written() -> None:
    assert "quantity: 1," in (one(UNCHANGED).suggestion or "")


def test_a_prefix_increment_is_read_at_run_time_too() -> None:
    code = LINE.replace("line.quantity++;", "++line.quantity;")
    text = one(code).suggestion or ""
    assert "quantity: line.quantity," in text


def test_a_prefix_increment_of_a_counted_quantity_is_read_at_run_time() -> None:
    code = LINE.replace(
        '  const line = { price: "price_1Mug", quantity: 1 };\n  if (giftWrap) line.quantity++;\n',
        "  let mugs = 1;\n  if (giftWrap) ++mugs;\n",
    ).replace("line_items: [line]", 'line_items: [{ price: "price_1Mug", quantity: mugs }]')
    text = one(code).suggestion or ""
    assert "quantity: mugs," in text

"""A wrapper that takes an object pattern, called with an object that spreads another
(``createSession({ ...input, customerId })``): the keys the spread brings are read from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from migrate.scan import scan_paths

WRAPPER = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function createSession({ customerId, priceId, returnUrl, quantity }: Args) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer: customerId,
    line_items: [{ price: priceId, quantity }],
    success_url: returnUrl,
  });
}
"""


def _caller(tmp_path: Path, call: str) -> dict[str, Any]:
    (tmp_path / "stripe.ts").write_text(WRAPPER, encoding="utf-8")
    (tmp_path / "buy.ts").write_text(
        'import { createSession } from "./stripe";\n\n'
        f"export async function buy(input: BuyInput, user: User) {{\n  return {call};\n}}\n",
        encoding="utf-8",
    )
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.file.endswith("buy.ts")]
    return site.params


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def test_the_keys_a_spread_brings_are_read_from_it(tmp_path: Path) -> None:
    params = _caller(tmp_path, "createSession({ ...input, customerId: user.stripeCustomerId })")
    assert params["customer"] == dyn("user.stripeCustomerId")
    assert params["line_items"] == [
        {"price": dyn("input.priceId"), "quantity": dyn("input.quantity")}
    ]
    assert params["success_url"] == dyn("input.returnUrl")  # was dropped


def test_a_key_set_before_the_spread_may_be_the_spread_s(tmp_path: Path) -> None:
    """``{ priceId: "price_1", ...input }``: the spread wins when it holds the key; the call
    reads the literal's own member, whatever it holds."""
    params = _caller(tmp_path, 'createSession({ priceId: "price_1", ...input, quantity: 2 })')
    literal = '({ priceId: "price_1", ...input, quantity: 2 })'
    assert params["line_items"] == [{"price": dyn(f"{literal}.priceId"), "quantity": 2}]
    assert params["success_url"] == dyn(f"{literal}.returnUrl")


def test_without_a_spread_the_keys_are_the_call_s(tmp_path: Path) -> None:
    params = _caller(
        tmp_path,
        'createSession({ customerId: "cus_1", priceId: "price_1", returnUrl: "https://x.io/ok", '
        "quantity: 3 })",
    )
    assert params["line_items"] == [{"price": "price_1", "quantity": 3}]
    assert params["success_url"] == "https://x.io/ok"

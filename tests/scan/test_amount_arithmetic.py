# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""An amount in cents written as arithmetic on numbers the code gives (``unit_amount: 29 *
100``, ``(100) * 100``, ``DOLLARS * 100``, ``Math.round(19.99 * 100)``, ``amount: 97 * 100``),
common in Firebase functions, Nuxt handlers and Express routes: it was read as a run-time value,
so a fixed price became a pay-what-you-want line (L112) and a recurring one a blocked cart with
no product (L114). The scanner computes it as the language does (``migrate/scan/arith.py``); a
result that is not whole (``19.99 * 100``) stays a run-time value."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems, tsc_problems

ROUTE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const MEMBERSHIP_DOLLARS = 45;

export async function pay(yearly: boolean) {
  const session = await stripe.checkout.sessions.create({
    mode: "MODE",
    success_url: "https://club.example/thanks",
    line_items: [{ quantity: 1, price_data: { currency: "usd", product_data: { name: "Membership" }, AMOUNT } }],
  });
  return session.url;
}
"""


def _site(amount: str, mode: str = "payment") -> tuple[str, CallSite]:
    code = ROUTE.replace("AMOUNT", amount).replace("MODE", mode)
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return code, site


def _prices(site: CallSite) -> list[int]:
    assert site.translation is not None
    return [r["product"]["price"]["price"] for r in site.translation.requires]


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_recurring_amount_written_as_a_product_is_a_fixed_price(tmp_path: Path) -> None:
    code, site = _site('unit_amount: 29 * 100, recurring: { interval: "month" }', "subscription")
    assert not _codes(site) & {"L114", "L112"}, site.findings
    assert site.status == "translated", site.findings
    assert _prices(site) == [2900]
    text = site.suggestion or ""
    assert "TODO_product_id" not in text and "amount:" not in text
    assert tsc_problems(tmp_path, code, text) == ""


def test_parenthesized_named_and_rounded_amounts_are_computed() -> None:
    for amount, cents in [
        ("unit_amount: (100) * 100", 10000),
        ("unit_amount: MEMBERSHIP_DOLLARS * 100", 4500),
        ("unit_amount: Math.round(19.99 * 100)", 1999),
        ("unit_amount: Math.round(0.125 * 100 + 0.5)", 13),
    ]:
        _, site = _site(amount)
        assert "L112" not in _codes(site), (amount, site.findings)
        assert _prices(site) == [cents], amount
        assert "amount:" not in (site.suggestion or ""), amount


def test_a_choice_of_dollar_amounts_times_100_chooses_between_two_products(tmp_path: Path) -> None:
    code, site = _site("unit_amount: (yearly ? 99 : 9) * 100")
    assert sorted(_prices(site)) == [900, 9900]
    text = site.suggestion or ""
    assert "product_id: yearly ? " in text
    assert "amount:" not in text
    assert tsc_problems(tmp_path, code, text) == ""


def test_arithmetic_that_is_not_whole_or_not_on_numbers_stays_run_time() -> None:
    # 19.99 * 100 is 1998.9999999999998 in JavaScript: not an amount the scanner may round
    for amount in ("unit_amount: 19.99 * 100", 'unit_amount: "5" * 100', "unit_amount: 10 / 3"):
        _, site = _site(amount)
        assert "L112" in _codes(site), (amount, site.findings)
        assert _prices(site) == [0], amount


def test_a_payment_intent_amount_written_as_arithmetic_is_fixed() -> None:
    code = """\
import stripe from "./stripe";
export default defineEventHandler(async (event) => {
  const { email } = await readBody(event);
  const intent = await stripe.paymentIntents.create({ amount: 97 * 100, currency: "usd", metadata: { email } });
  return intent.client_secret;
});
"""
    (site,) = [
        s
        for s in scan_source(code, "pay.post.ts", BY_NAME["typescript"])
        if s.callee.endswith("paymentIntents.create")
    ]
    assert "PI110" not in _codes(site), site.findings
    assert _prices(site) == [9700]


PY = """\
import stripe

PRICE_EUROS = 12

def pay(order_id: str) -> str | None:
    session = stripe.checkout.Session.create(
        mode="payment",
        success_url="https://shop.example/ok",
        line_items=[
            {"quantity": 1, "price_data": {"currency": "eur", "product_data": {"name": "Ticket"}, "unit_amount": PRICE_EUROS * 100}},
            {"quantity": 2, "price_data": {"currency": "eur", "product_data": {"name": "Fee"}, "unit_amount": round(2.5 * 100) // 10}},
        ],
        metadata={"order_id": order_id},
    )
    return session.url
"""


def test_python_arithmetic_on_known_numbers_is_computed(tmp_path: Path) -> None:
    (site,) = [s for s in scan_source(PY, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    assert "L112" not in _codes(site), site.findings
    assert _prices(site) == [1200, 25]
    text = site.suggestion or ""
    assert "amount=" not in text
    assert mypy_problems(tmp_path, text, "def pay(order_id: str) -> str | None") == ""

"""Inline prices toggled on one run-time condition (``migrate/mapping/condition_split.py``,
RT053): a monthly/yearly switch written as ``unit_amount: isYearly ? 9900 : 990`` with
``recurring: { interval: isYearly ? "year" : "month" }`` (seen in many generated SaaS
checkouts). Each branch is a known price; the line was blocked (L114, a recurring amount known
only at run time). The Dodo call now chooses between the two products on the same condition,
each made with its own amount and interval; a branch that is not fully known still blocks."""

from __future__ import annotations

import ast
from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

TOGGLE_TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function subscribe(isYearly: boolean, email: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [
      {
        price_data: {
          currency: "usd",
          product_data: { name: isYearly ? "Pro (yearly)" : "Pro (monthly)" },
          unit_amount: isYearly ? 9900 : 990,
          recurring: { interval: isYearly ? "year" : "month" },
        },
        quantity: 1,
      },
    ],
    success_url: "https://app.example/ok",
  });
  return session.url;
}

export async function custom(isYearly: boolean, cents: number) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [
      {
        price_data: {
          currency: "usd",
          product_data: { name: "Pro" },
          unit_amount: isYearly ? cents : 990,
          recurring: { interval: isYearly ? "year" : "month" },
        },
        quantity: 1,
      },
    ],
    success_url: "https://app.example/ok",
  });
}
"""
DONATE_PY = """import stripe


def donate(europe):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {
                "price_data": {
                    "currency": "eur" if europe else "usd",
                    "product_data": {"name": "Donation"},
                    "unit_amount": 2500 if europe else 3000,
                },
                "quantity": 1,
            }
        ],
        success_url="https://give.example/thanks",
    )
"""


def _blockers(site: CallSite) -> list[str]:
    return [f.code for f in site.findings if f.level is Level.BLOCKER]


def _prices(site: CallSite) -> dict[str, tuple[int, str, str]]:
    out = {}
    assert site.translation is not None
    for need in site.translation.requires:
        price = need["product"]["price"]
        interval = price.get("payment_frequency_interval", "")
        out[need["id"]] = (price["price"], price["currency"], interval)
    return out


def test_a_monthly_yearly_toggle_is_a_choice_of_two_products(tmp_path: Path) -> None:
    toggle, custom = creates(write_tree(tmp_path, {"billing.ts": TOGGLE_TS}))
    assert _blockers(toggle) == [] and "RT053" in [f.code for f in toggle.findings]
    prices = _prices(toggle)
    yearly = next(k for k, v in prices.items() if v == (9900, "USD", "Year"))
    monthly = next(k for k, v in prices.items() if v == (990, "USD", "Month"))
    assert f'product_id: isYearly ? "{yearly}" : "{monthly}",' in toggle.suggestion
    assert "TODO" not in toggle.suggestion
    # a branch whose amount is known only at run time: no split, the line blocks as before
    assert _blockers(custom) and "RT053" not in [f.code for f in custom.findings]


def test_a_currency_and_amount_chosen_together_in_python(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"donate.py": DONATE_PY}))
    assert _blockers(site) == []
    prices = _prices(site)
    eur = next(k for k, v in prices.items() if v[:2] == (2500, "EUR"))
    usd = next(k for k, v in prices.items() if v[:2] == (3000, "USD"))
    assert f'"product_id": "{eur}" if europe else "{usd}",' in site.suggestion
    ast.parse(site.suggestion)

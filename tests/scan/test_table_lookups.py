"""A table of the plans' inline prices looked up by a run-time key (``"price_data":
SUBSCRIPTION_PRICE_DATA[kind]``, the table in the module or imported from another): read as one
object known only at run time, the line blocked (RT002) and the cart was unknown (RT007; seen
in an AI agents platform's billing route). A table of two objects so looked up is the choice
between them on the key: the cart is a choice of the two products (RT053), each charging its
entry's price. A table of price ids stays a run-time look-up of the id map (L113)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import CallSite, scan_paths
from tests.scan.sdk_checks import mypy_problems, tsc_problems
from tests.scan.trees import write_tree

CONSTANTS = """SUBSCRIPTION_PRICE_DATA = {
    "MONTHLY": {
        "unit_amount": 2000,
        "currency": "usd",
        "product_data": {"name": "Monthly"},
        "recurring": {"interval": "month", "interval_count": 1},
    },
    "YEARLY": {
        "unit_amount": 20000,
        "currency": "usd",
        "product_data": {"name": "Yearly"},
        "recurring": {"interval": "year", "interval_count": 1},
    },
}
"""

BILLING = """import stripe
from server.constants import SUBSCRIPTION_PRICE_DATA

PRICE_IDS = {"MONTHLY": "price_1Monthly", "YEARLY": "price_1Yearly"}


async def subscribe(kind, base_url):
    price_data = SUBSCRIPTION_PRICE_DATA[kind.value]
    return await stripe.checkout.Session.create_async(
        line_items=[{"price_data": price_data, "quantity": 1}],
        mode="subscription",
        success_url=f"{base_url}ok",
    )


def by_id(kind):
    return stripe.checkout.Session.create(
        line_items=[{"price": PRICE_IDS[kind], "quantity": 1}],
        mode="subscription",
        success_url="https://app.test/ok",
    )
"""


def _sites(tmp_path: Path) -> list[CallSite]:
    write_tree(tmp_path, {"server/constants.py": CONSTANTS, "server/billing.py": BILLING})
    return sorted(
        (s for s in scan_paths([str(tmp_path)]) if s.kind == "create"), key=lambda s: s.line
    )


def test_a_table_of_two_inline_prices_looked_up_at_run_time_is_a_choice_of_products(
    tmp_path: Path,
) -> None:
    site, _ = _sites(tmp_path)
    assert site.translation is not None
    assert not [f for f in site.findings if f.level is Level.BLOCKER]
    assert "RT053" in {f.code for f in site.findings}
    prices = sorted(
        (r["product"]["price"]["price"], r["product"]["price"]["payment_frequency_interval"])
        for r in site.translation.requires
    )
    assert prices == [(2000, "Month"), (20000, "Year")]
    monthly, yearly = (
        r["id"]
        for r in sorted(site.translation.requires, key=lambda r: r["product"]["price"]["price"])
    )
    expected = f'"product_id": "{monthly}" if kind.value == "MONTHLY" else "{yearly}",'
    assert expected in (site.suggestion or "")


def test_a_table_of_price_ids_stays_a_run_time_look_up(tmp_path: Path) -> None:
    _, site = _sites(tmp_path)
    assert '"product_id": dodo_product_id(PRICE_IDS[kind]),' in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_call_type_checks(tmp_path: Path) -> None:
    site, _ = _sites(tmp_path / "tree")
    signature = "def pay(kind: Any, base_url: str) -> str | None"
    assert mypy_problems(tmp_path, site.suggestion or "", signature) == ""


PLANS_TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

const PLANS = {
  pro: { name: "Pro", amount: 999, interval: "month" as const, priceId: "price_1Pro" },
  team: { name: "Team", amount: 4999, interval: "month" as const, priceId: "price_1Team" },
};

export async function subscribe(plan: "pro" | "team", email: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [
      {
        price_data: {
          currency: "usd",
          unit_amount: PLANS[plan].amount,
          product_data: { name: PLANS[plan].name },
          recurring: { interval: PLANS[plan].interval },
        },
        quantity: 1,
      },
    ],
    success_url: "https://app.test/ok",
  });
  return session.url;
}
"""


def _ts(tmp_path: Path, source: str) -> CallSite:
    write_tree(tmp_path, {"pay.ts": source})
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    return site


def test_a_typescript_table_of_plans_read_member_by_member(tmp_path: Path) -> None:
    """``unit_amount: PLANS[plan].amount`` and its name and interval: each member of the plan's
    entry, the entries a choice on ``plan === "pro"``: a choice of two products (it blocked on
    the interval, RT002, with no cart); a price id read from the table is the same choice of
    the products of the two prices."""
    site = _ts(tmp_path / "inline", PLANS_TS)
    assert site.translation is not None
    assert not [f for f in site.findings if f.level is Level.BLOCKER]
    amounts = sorted(r["product"]["price"]["price"] for r in site.translation.requires)
    assert amounts == [999, 4999]
    assert 'product_id: (plan === "pro") ? "' in (site.suggestion or "")
    by_id = PLANS_TS.replace(
        """      {
        price_data: {
          currency: "usd",
          unit_amount: PLANS[plan].amount,
          product_data: { name: PLANS[plan].name },
          recurring: { interval: PLANS[plan].interval },
        },
        quantity: 1,
      },""",
        "      { price: PLANS[plan].priceId, quantity: 1 },",
    )
    ids = _ts(tmp_path / "ids", by_id)
    assert ids.translation is not None
    assert sorted(r["stripe"]["price"] for r in ids.translation.requires) == [
        "price_1Pro",
        "price_1Team",
    ]
    assert 'product_id: (plan === "pro") ? "' in (ids.suggestion or "")


@pytest.mark.slow
def test_the_typescript_call_type_checks(tmp_path: Path) -> None:
    site = _ts(tmp_path / "tree", PLANS_TS)
    assert tsc_problems(tmp_path / "tsc", PLANS_TS, site.suggestion or "") == ""


def test_a_table_of_one_inline_price_is_that_price(tmp_path: Path) -> None:
    """A table of one plan (``SUBSCRIPTION_PRICE_DATA = {"MONTHLY_SUBSCRIPTION": {...}}``, read
    from an AI agents platform) looked up by a run-time key is that plan: any other key fails on
    Stripe as it would on Dodo."""
    one = CONSTANTS.split('    "YEARLY"', maxsplit=1)[0] + "}\n"
    write_tree(tmp_path, {"server/constants.py": one, "server/billing.py": BILLING})
    site = min((s for s in scan_paths([str(tmp_path)]) if s.kind == "create"), key=lambda s: s.line)
    assert site.translation is not None
    assert not [f for f in site.findings if f.level is Level.BLOCKER]
    (made,) = site.translation.requires
    assert made["product"]["price"]["price"] == 2000
    assert f'"product_id": "{made["id"]}",' in (site.suggestion or "")

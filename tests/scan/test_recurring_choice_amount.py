"""An inline recurring price whose interval is a run-time choice and whose amount is known only
at run time (seen in a chatbot builder's custom-plan checkout: ``recurring: { interval:
plan.isYearly ? "year" : "month" }``, ``unit_amount: plan.price * 100``). Each interval gives the
same Dodo call (no product can sell a run-time recurring amount), so the choice was settled as
immaterial (RT043), and that finding was then read as the recurrence being left out: the line
became ``TODO_product_id`` with no blocker at all, the site "translated". The amount's blocker
(L114) is said now, as it is for a literal interval."""

from __future__ import annotations

from pathlib import Path

from migrate.findings import Level
from tests.scan.trees import creates, write_tree

CUSTOM_TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function customPlan(plan: { yearly: boolean; cents: number; title: string }) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [
      {
        price_data: {
          currency: "eur",
          recurring: { interval: plan.yearly ? "year" : "month" },
          product_data: { name: plan.title },
          unit_amount: plan.cents,
        },
        quantity: 1,
      },
    ],
    success_url: "https://app.example/ok",
  });
  return session.url;
}
"""
CUSTOM_PY = """import stripe


def custom_plan(plan):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[
            {
                "price_data": {
                    "currency": plan.currency,
                    "recurring": {"interval": "year" if plan.yearly else "month"},
                    "product_data": {"name": "Custom plan"},
                    "unit_amount": int(plan.price * 100),
                },
                "quantity": 1,
            }
        ],
        success_url="https://app.example/ok",
    )
"""


def test_a_run_time_recurring_amount_blocks_whatever_its_interval_choice(tmp_path: Path) -> None:
    """(The pricing toggle, whose amount is a literal in each branch too, is a choice of two
    products: tests/scan/test_condition_split.py.)"""
    sites = creates(write_tree(tmp_path, {"custom.ts": CUSTOM_TS, "custom.py": CUSTOM_PY}))
    assert len(sites) == 2
    for site in sites:
        blockers = [f for f in site.findings if f.level is Level.BLOCKER]
        assert [f.code for f in blockers] == ["L114"], site.file
        assert blockers[0].path == "line_items[0].price_data.unit_amount"
        assert "TODO_product_id" in site.suggestion  # and said why, by the blocker
        # the interval's choice is settled, not said "translated as 'year'": the line is not
        # translated at all (a chatbot builder's report read it as the plan made yearly)
        assert "RT043" not in {f.code for f in site.findings}

"""A cart of several lines is several lines whatever their values: a quantity or a price known
only at run time inside a literal list of two or more elements never hides the checks that
count the elements (D002, D003 for Checkout; SU103 for a subscription update or creation).
Found by a reviewer on real code (typebot: a plan line and a per-seat or metered line, the
prices chosen by plan, the quantities read from the database)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def sites(code: str, language: str = "python") -> list[CallSite]:
    suffix = {"python": "py", "typescript": "ts"}[language]
    return list(scan_source(code, f"x.{suffix}", BY_NAME[language]))


def blockers(site: CallSite) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in site.findings if f.level.value == "blocker"}


def checkout(line_items: str, mode: str = "'subscription'") -> str:
    return (
        "import stripe\n\n\ndef start(customer_id, seats, plan, price_id):\n"
        "    return stripe.checkout.Session.create(\n"
        f"        mode={mode},\n        customer=customer_id,\n"
        "        success_url='https://app.example.com/ok',\n"
        f"        line_items={line_items},\n    )\n"
    )


@pytest.mark.parametrize(
    "line_items",
    [
        # all literal: blocked before the fix already (the reference)
        "[{'price': 'price_PlanMonthly', 'quantity': 1}, {'price': 'price_Seat', 'quantity': 3}]",
        # a quantity known only at run time
        "[{'price': 'price_Plan', 'quantity': 1}, {'price': 'price_Seat', 'quantity': seats}]",
        # the prices chosen at run time between literal ids
        "[{'price': 'price_Starter' if plan == 'starter' else 'price_Pro', 'quantity': 1},"
        " {'price': 'price_StarterSeat' if plan == 'starter' else 'price_ProSeat', 'quantity': 2}]",
        # a price id known only at run time
        "[{'price': price_id, 'quantity': 1}, {'price': 'price_Seat', 'quantity': 1}]",
    ],
)
def test_several_subscription_lines_block_whatever_their_values(line_items: str) -> None:
    (s,) = sites(checkout(line_items))
    assert ("D002", "line_items") in blockers(s)
    assert s.verdict == "blocked"


def test_several_subscription_lines_with_run_time_values_block_in_typescript() -> None:
    code = (
        "import Stripe from 'stripe';\nconst stripe = new Stripe('sk');\n"
        "export async function start(customerId: string, seats: number) {\n"
        "  return stripe.checkout.sessions.create({ customer: customerId, mode: 'subscription',"
        " success_url: 'https://e.com/ok',\n"
        "    line_items: [{ price: 'price_Plan', quantity: 1 },\n"
        "      { price: 'price_Seat', quantity: seats }] });\n}\n"
    )
    (s,) = sites(code, "typescript")
    assert ("D002", "line_items") in blockers(s)


def test_one_line_with_run_time_values_is_one_subscription() -> None:
    (s,) = sites(checkout("[{'price': price_id, 'quantity': seats}]"))
    assert "D002" not in {f.code for f in s.findings}
    assert s.verdict != "blocked"


def test_several_lines_of_a_payment_are_not_subscriptions() -> None:
    (s,) = sites(
        checkout(
            "[{'price': 'price_Mug', 'quantity': seats}, {'price': 'price_Cap', 'quantity': 1}]",
            mode="'payment'",
        )
    )
    assert "D002" not in {f.code for f in s.findings}


def test_too_many_lines_block_whatever_their_values() -> None:
    lines = ", ".join(f"{{'price': 'price_{i:02}', 'quantity': 1}}" for i in range(20))
    (s,) = sites(checkout(f"[{lines}, {{'price': 'price_20', 'quantity': seats}}]", "'payment'"))
    assert ("D003", "line_items") in blockers(s)


SUBSCRIPTIONS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function upgrade(subId: string, plan: string, p: string, u: string) {
  const items = [
    { id: p, price: plan === "starter" ? process.env.STARTER : process.env.PRO, quantity: 1 },
    { id: u, price: plan === "starter" ? process.env.STARTER_CHATS : process.env.PRO_CHATS },
  ];
  await stripe.subscriptions.update(subId, { items, proration_behavior: "always_invoice" });
}

export async function create(customerId: string, plan: string) {
  const items = [
    { price: plan === "starter" ? process.env.STARTER : process.env.PRO, quantity: 1 },
    { price: plan === "starter" ? process.env.STARTER_CHATS : process.env.PRO_CHATS },
  ];
  await stripe.subscriptions.create({ customer: customerId, items });
}

export async function seats(subId: string, planItem: string, seatItem: string, n: number) {
  await stripe.subscriptions.update(subId, {
    items: [
      { id: planItem, price: "price_Pro", quantity: 1 },
      { id: seatItem, price: "price_Seat", quantity: n },
    ],
  });
}
"""


def test_several_subscription_items_with_run_time_prices_block() -> None:
    """typebot: the plan item and the metered usage item, each price chosen by plan: the
    usage item was dropped with no finding (the suggestion sold the plan item only)."""
    found = sites(SUBSCRIPTIONS, "typescript")
    assert [s.line for s in found] == [9, 17, 21]
    for s in found:
        assert ("SU103", "items") in blockers(s), s.line
        assert s.verdict == "blocked"
    (su103,) = [f for f in found[0].findings if f.code == "SU103"]
    assert 'items[1] (plan === "starter" ? process.env.STARTER_CHATS' in su103.message

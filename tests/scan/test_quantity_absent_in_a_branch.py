"""A line's quantity given in one branch only (``quantity: price.lookup_key === "seats" ?
seats : undefined`` over a plan's prices, the metered ones without a quantity, as Stripe wants
them): the line was given up (L109 "Quantity None", ``TODO_product_id``) and the seats sold as
one. The price is looked up and the quantity carried, one where the code gives none; that
branch is what Stripe takes only for a metered price (L115 says so, naming the condition)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function upgrade(prices: any[], seats: number) {
  const lineItems = prices.map((price) => ({
    price: price.id,
    quantity: price.lookup_key === "team_seats" ? seats : undefined,
  }));
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: lineItems,
    success_url: "https://app.example/billing",
  });
  return session.url;
}
"""

PY = """\
import stripe


def upgrade(price_id, seats, per_seat):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_id, "quantity": seats if per_seat else None}],
        success_url="https://app.example/billing",
    )
"""


@pytest.mark.parametrize(
    ("case", "product", "quantity", "when"),
    [
        (
            (TS, "upgrade.ts", "typescript"),
            "product_id: dodoProductId(price.id),",
            'quantity: (price.lookup_key === "team_seats") ? seats : 1,',
            'line_items[] unless price.lookup_key === "team_seats" has no `quantity`',
        ),
        (
            (PY, "upgrade.py", "python"),
            '"product_id": dodo_product_id(price_id),',
            '"quantity": seats if per_seat else 1,',
            "line_items[0] unless per_seat has no `quantity`",
        ),
    ],
)
def test_the_quantity_is_carried_and_the_branch_without_one_said(
    case: tuple[str, str, str], product: str, quantity: str, when: str
) -> None:
    code, name, language = case
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    site = sites[0]
    assert "L109" not in {f.code for f in site.findings}
    assert "TODO_product_id" not in site.suggestion
    assert product in site.suggestion
    assert quantity in site.suggestion
    (l115,) = [f for f in site.findings if f.code == "L115"]
    assert when in l115.message

"""A helper that builds the line items and awaits something on the way (a database read) is
still followed: the values computed from what it awaits cannot be written into the Dodo call
(the awaited call would run again), so they are lost with a finding, and the rest of what it
returns is read. Found by a reviewer on real code (podkrepi-bg: a donor's custom amount in
inline prices, the interval read from the campaign)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export class Donations {
  constructor(private readonly campaigns: { isMembership(id: string): Promise<boolean> }) {}

  private async prepareItems(dto: Dto) {
    const yearly = await this.campaigns.isMembership(dto.campaignId);
    const interval = yearly ? "year" : "month";
    return [{ price_data: { currency: "eur", unit_amount: dto.amount, recurring: { interval },
      product_data: { name: "Gift" } }, quantity: 1 }];
  }

  async donate(dto: Dto) {
    const items = await this.prepareItems(dto);
    return stripe.checkout.sessions.create({ mode: "subscription", line_items: items,
      success_url: "https://give.example.org/thanks" });
  }
}
"""

PY = """import stripe


class Donations:
    async def prepare_items(self, dto):
        yearly = await self.campaigns.is_membership(dto.campaign_id)
        interval = "year" if yearly else "month"
        return [{"price_data": {"currency": "eur", "unit_amount": dto.amount,
                 "recurring": {"interval": interval}, "product_data": {"name": "Gift"}},
                 "quantity": 1}]

    async def donate(self, dto):
        items = await self.prepare_items(dto)
        return await stripe.checkout.Session.create_async(
            mode="subscription", line_items=items, success_url="https://give.example.org/ok")
"""


def one(code: str, language: str) -> CallSite:
    suffix = {"python": "py", "typescript": "ts"}[language]
    (site,) = scan_source(code, f"x.{suffix}", BY_NAME[language])
    return site


@pytest.mark.parametrize(("code", "language"), [(TS, "typescript"), (PY, "python")])
def test_awaited_local_of_the_helper_does_not_hide_its_inline_prices(
    code: str, language: str
) -> None:
    """Was: the helper not followed, RT003 (a warning) and `dodoProductId(item.price)` for
    elements that have no price: the donor's amount gone, exit 0."""
    s = one(code, language)
    assert s.verdict == "blocked"
    lost = [f for f in s.findings if f.code == "RT002"]
    assert lost and all(f.level.value == "blocker" for f in lost)
    assert "awaits" in lost[0].message
    assert "RT003" not in {f.code for f in s.findings}
    assert "item.price" not in (s.suggestion or "")


@pytest.mark.parametrize("awaited", ["await self.campaigns.is_membership(dto.campaign_id)", "1"])
def test_helper_that_drops_an_awaited_result_is_not_followed(awaited: str) -> None:
    """A statement that awaits and drops the result (a write) still keeps the helper as
    written: its returned value is not all it does."""
    code = PY.replace(
        "        yearly = await self.campaigns.is_membership(dto.campaign_id)\n",
        f"        yearly = {awaited}\n        await self.audit.write(dto)\n",
    )
    s = one(code, "python")
    assert "RT003" in {f.code for f in s.findings}


CHOSEN = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function checkout(plan: { legacy: boolean; price: string }) {
  const lineItems = await (async () => {
    if (plan.legacy) {
      return [{ price: plan.price, quantity: 1 }];
    }
    const usage = await stripe.products.retrieve("prod_Usage");
    return [{ price: plan.price, quantity: 1 }, { price: usage.default_price, quantity: 1 }];
  })();
  return stripe.checkout.sessions.create({ mode: "subscription", line_items: lineItems,
    success_url: "https://app.example.com/ok" });
}
"""


def test_only_the_awaited_value_of_a_chosen_cart_is_lost() -> None:
    """A cart chosen between lists, one element's price from what the helper awaits: that
    price alone is lost (RT002, its line has no product), the choice and the other lines are
    read (D002 counts them); not the whole cart lost (RT007)."""
    s = one(CHOSEN, "typescript")
    codes = {(f.code, f.path) for f in s.findings if f.level.value == "blocker"}
    assert ("RT002", "line_items[1].price") in codes
    assert ("D002", "line_items") in codes
    assert "RT007" not in {f.code for f in s.findings}
    assert "dodoProductId(plan.price)" in s.suggestion

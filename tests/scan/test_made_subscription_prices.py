"""A subscription item's price (or a checkout line's) that the code creates in Stripe at run
time, bound to a local, read inline (`Price.create(...).id`) or returned by a helper
(`priceFor(cents).getId()`): read as that price inline (RT042), so the amount reaches the Dodo
call or, recurring at a run-time amount, is blocked (L114), as a Checkout line of that shape is.
It was only L113 (the price looked up in the id map at run time), which no made price is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import CallSite
from tests.scan.trees import creates, write_tree

SUBSCRIPTION = "saved_method_subscription"

PY = """\
import stripe


def local(customer_id, cents):
    price = stripe.Price.create(currency="usd", unit_amount=cents, product="prod_1Abc",
                                recurring={"interval": "month"})
    return stripe.Subscription.create(customer=customer_id, items=[{"price": price.id}])


def inline(customer_id, cents):
    return stripe.Subscription.create(customer=customer_id, items=[{"price": stripe.Price.create(
        currency="usd", unit_amount=cents, product="prod_1Abc",
        recurring={"interval": "month"}).id}])


def make_price(cents):
    return stripe.Price.create(currency="usd", unit_amount=cents, product="prod_1Abc",
                               recurring={"interval": "month"})


def helper(customer_id, cents):
    return stripe.Subscription.create(customer=customer_id, items=[{"price": make_price(cents).id}])
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function local(customerId: string, cents: number) {
  const price = await stripe.prices.create({ currency: "usd", unit_amount: cents,
    product: "prod_1Abc", recurring: { interval: "month" } });
  return stripe.subscriptions.create({ customer: customerId, items: [{ price: price.id }] });
}
"""
JAVA = """\
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.SubscriptionCreateParams;

public class Billing {
    public Subscription subscribe(String customerId, long cents) throws Exception {
        SubscriptionCreateParams params = SubscriptionCreateParams.builder()
            .setCustomer(customerId)
            .addItem(SubscriptionCreateParams.Item.builder().setPrice(priceFor(cents).getId()).build())
            .build();
        return Subscription.create(params);
    }

    private Price priceFor(long cents) throws Exception {
        return Price.create(PriceCreateParams.builder()
            .setCurrency("usd").setUnitAmount(cents).setProduct("prod_1Abc")
            .setRecurring(PriceCreateParams.Recurring.builder()
                .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
            .build());
    }
}
"""


def subscriptions(tmp_path: Path, name: str, code: str) -> list[CallSite]:
    """The subscriptions created on the server in the tree of one file ``code``."""
    found = creates(write_tree(tmp_path, {name: code}))
    return [s for s in found if s.translation and s.translation.kind == SUBSCRIPTION]


@pytest.mark.parametrize(
    ("name", "code", "count"),
    [("billing.py", PY, 3), ("billing.ts", TS, 1), ("Billing.java", JAVA, 1)],
)
def test_made_recurring_price_at_run_time_amount_blocks(
    tmp_path: Path, name: str, code: str, count: int
) -> None:
    found = subscriptions(tmp_path, name, code)
    assert len(found) == count
    for site in found:
        codes = [(f.code, f.path) for f in site.findings]
        assert ("RT042", "items[0].price_data") in codes, codes
        assert [f.level.value for f in site.findings if f.code == "L114"] == ["blocker"], codes
        assert "L113" not in {c for c, _ in codes}  # no id-map look-up of a made price
        assert site.verdict == "blocked"
        assert "TODO_product_id" in site.suggestion


def test_made_price_at_a_literal_amount_is_the_subscription_product(tmp_path: Path) -> None:
    code = PY.replace("unit_amount=cents", "unit_amount=1500")
    (first, *_) = subscriptions(tmp_path, "billing.py", code)
    assert "RT042" in {f.code for f in first.findings}
    assert "L114" not in {f.code for f in first.findings}
    assert first.translation is not None and first.translation.dodo is not None
    (line,) = first.translation.dodo["product_cart"]
    assert line["product_id"].startswith("s2d_pdt_")
    (needed,) = first.translation.requires
    price = needed["product"]["price"]
    assert (price["price"], price["currency"], price["payment_frequency_interval"]) == (
        1500,
        "USD",
        "Month",
    )


def test_checkout_line_with_a_price_created_inline_carries_the_amount(tmp_path: Path) -> None:
    code = (
        "import stripe\n\n\ndef buy(cents):\n"
        "    return stripe.checkout.Session.create(mode='payment', success_url='https://x.io/ok',\n"
        "        line_items=[{'price': stripe.Price.create(currency='usd', unit_amount=cents,\n"
        "            product_data={'name': 'Order'}).id, 'quantity': 1}])\n"
    )
    (site,) = creates(write_tree(tmp_path, {"buy.py": code}))
    assert "RT042" in {f.code for f in site.findings}
    assert '"amount": cents' in site.suggestion

"""Answers awaited together and bound in order: ``const [payment, price] = await
Promise.all([getPayment(email), stripe.prices.retrieve(priceId)])`` (Python: ``a, b = await
asyncio.gather(...)``). Every name so bound was said to come from the Stripe read among them
(X023 on ``customer: payment.paymentId``, a database read); each is now the answer of its own
element."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

JS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export default async function handler(req, res) {
  const [customerPayment, price] = await Promise.all([
    getPayment(req.user.email),
    stripe.prices.retrieve(req.query.priceId),
  ]);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerPayment.paymentId,
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "https://app.example/ok",
  });
  res.json({ url: session.url });
}
"""

PY = """\
import asyncio
import stripe


async def subscribe(user, price_id):
    account, price = await asyncio.gather(
        load_account(user.pk), stripe.Price.retrieve_async(price_id)
    )
    return await stripe.checkout.Session.create_async(
        mode="subscription",
        customer=account.stripe_customer,
        line_items=[{"price": price.id, "quantity": 1}],
        success_url="https://app.example/ok",
    )
"""


@pytest.mark.parametrize(
    ("code", "name", "language"), [(JS, "sub.js", "javascript"), (PY, "sub.py", "python")]
)
def test_each_name_is_the_answer_of_its_own_element(code: str, name: str, language: str) -> None:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    read = sorted(f.path for f in sites[0].findings if f.code == "X023")
    assert read == ["line_items[0].price"]

"""A checkout's customer that a helper gets or creates by calling another function that
creates it in Stripe (``get_or_create_customer`` calling ``_create_stripe_customer``, which
calls ``stripe.Customer.create``), in the same file or beside an imported helper: only a helper
whose own body creates the customer was seen, so the call got no X020 (or only X023 for the
helper's Stripe read), though a buyer's first checkout after the move would make a Stripe
customer no id map knows. The creation is followed a few calls deep now."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

PY = """\
import stripe


def _create_stripe_customer(account):
    made = stripe.Customer.create(email=account.email, metadata={"account": account.id})
    return made.id


def customer_for(account):
    if account.stripe_customer:
        return account.stripe_customer
    account.stripe_customer = _create_stripe_customer(account)
    account.save()
    return account.stripe_customer


def subscribe(account, price):
    customer = customer_for(account)
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer,
        success_url="https://app.test/billing",
        line_items=[{"price": price, "quantity": 1}],
    )
"""

TS_HELPERS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

async function newStripeCustomer(email: string) {
  const made = await stripe.customers.create({ email });
  return made.id;
}

export async function customerFor(account: { email: string; customerId?: string }) {
  if (account.customerId) return account.customerId;
  return newStripeCustomer(account.email);
}
"""

TS_CHECKOUT = """\
import Stripe from "stripe";
import { customerFor } from "./customers";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function subscribe(account: { email: string; customerId?: string }, price: string) {
  const customer = await customerFor(account);
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    success_url: "https://app.test/billing",
    line_items: [{ price, quantity: 1 }],
  });
}
"""


def _made(site: CallSite) -> list[str]:
    return [f.message for f in site.findings if f.code == "X020"]


def test_a_customer_created_two_calls_deep_in_the_same_file_is_x020(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path / "app", {"billing.py": PY}))
    (said,) = _made(site)
    assert "(customer, in customer_for)" in said


def test_a_customer_created_beside_an_imported_helper_is_x020(tmp_path: Path) -> None:
    top = write_tree(tmp_path / "app", {"customers.ts": TS_HELPERS, "checkout.ts": TS_CHECKOUT})
    (site,) = [s for s in creates(top) if s.file.endswith("checkout.ts")]
    (said,) = _made(site)
    assert "(customer, in customerFor)" in said


def test_a_helper_that_only_reads_the_customer_is_not_x020(tmp_path: Path) -> None:
    reads = TS_HELPERS.replace(
        "const made = await stripe.customers.create({ email });",
        "const made = (await stripe.customers.list({ email })).data[0];",
    )
    top = write_tree(tmp_path / "app", {"customers.ts": reads, "checkout.ts": TS_CHECKOUT})
    (site,) = [s for s in creates(top) if s.file.endswith("checkout.ts")]
    assert _made(site) == []

"""The customer id bound with other names at once from a project helper that creates Stripe
customers: ``const { customerId } = await getOrCreateCustomerId({ user })`` (a SvelteKit
starter), Python's ``customer_id, created = ensure_customer(user)``, Go's ``customerID, err :=
ensureCustomer(user)``. Only a name bound alone (``customerId = ...``) was followed to its
helper, so these checkouts got no X020: the Dodo call looked up, in the id map, customers
made after the move."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

const getOrCreateCustomerId = async ({ user }: { user: { email: string; cid?: string } }) => {
  if (user.cid) return { customerId: user.cid };
  const customer = await stripe.customers.create({ email: user.email });
  return { customerId: customer.id };
};

export async function subscribe(user: { email: string; cid?: string }, priceId: string) {
  const { customerId } = await getOrCreateCustomerId({ user });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://app.example/billing",
  });
  return session.url;
}
"""

PY = """\
import stripe


def ensure_customer(user):
    if user.stripe_id:
        return user.stripe_id, False
    return stripe.Customer.create(metadata={"user": user.pk}).id, True


def subscribe(user, price):
    customer_id, created = ensure_customer(user)
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=customer_id,
        line_items=[{"price": price, "quantity": 1}],
        success_url="https://app.example/billing",
    )
"""

GO = """\
package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
	"github.com/stripe/stripe-go/v76/customer"
)

func ensureCustomer(id string) (string, error) {
	if id != "" {
		return id, nil
	}
	c, err := customer.New(&stripe.CustomerParams{})
	if err != nil {
		return "", err
	}
	return c.ID, nil
}

func Subscribe(saved string, price string) (string, error) {
	customerID, err := ensureCustomer(saved)
	if err != nil {
		return "", err
	}
	s, err := session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("subscription"),
		Customer:   stripe.String(customerID),
		SuccessURL: stripe.String("https://app.example/billing"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(price), Quantity: stripe.Int64(1)},
		},
	})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""


@pytest.mark.parametrize(
    ("code", "name", "language", "helper"),
    [
        (TS, "billing.ts", "typescript", "getOrCreateCustomerId"),
        (PY, "billing.py", "python", "ensure_customer"),
        (GO, "billing.go", "go", "ensureCustomer"),
    ],
)
def test_a_customer_bound_with_other_names_from_a_creating_helper_is_x020(
    code: str, name: str, language: str, helper: str
) -> None:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    found = [f for f in sites[0].findings if f.code == "X020"]
    assert len(found) == 1, sites[0].findings
    assert found[0].path == "customer"
    assert f"in {helper})" in found[0].message

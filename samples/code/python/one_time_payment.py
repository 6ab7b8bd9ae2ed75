"""Flask: a one-time payment with inline price_data."""

import os

import stripe
from flask import Flask, redirect, request

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
app = Flask(__name__)
DOMAIN = "https://shop.example.com"


@app.post("/create-checkout-session")
def create_checkout_session():
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 2000,
                    "product_data": {"name": "Blue T-shirt"},
                },
                "quantity": 1,
            }
        ],
        customer_email=request.form["email"],
        success_url=DOMAIN + "/success?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://shop.example.com/cancel",
        idempotency_key=request.headers.get("Idempotency-Key"),
    )
    return redirect(session.url, code=303)

"""Checkout without the SDK: a small Flask service that calls the Stripe API with requests."""

import os

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
STRIPE_API = "https://api.stripe.com/v1"
STRIPE_KEY = os.environ["STRIPE_SECRET_KEY"]


@app.post("/checkout")
def checkout():
    response = requests.post(
        f"{STRIPE_API}/checkout/sessions",
        auth=(STRIPE_KEY, ""),
        data={
            "mode": "payment",
            "line_items[0][price]": os.environ["STRIPE_PRICE_BASIC"],
            "line_items[0][quantity]": request.json.get("quantity", 1),
            "payment_method_types[]": "card",
            "success_url": "https://shop.example.com/thanks",
            "cancel_url": "https://shop.example.com/cart",
        },
        timeout=10,
    )
    response.raise_for_status()
    return jsonify(url=response.json()["url"])


@app.get("/checkout/<session_id>")
def status(session_id):
    response = requests.get(f"{STRIPE_API}/checkout/sessions/{session_id}", auth=(STRIPE_KEY, ""))
    return jsonify(status=response.json()["status"])


def own_api(base_url, cart):
    # the shop's own backend, not Stripe: not a Checkout Session
    return requests.post(f"{base_url}/api/checkout/sessions", json={"cart": cart}, timeout=10)

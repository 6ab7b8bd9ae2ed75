"""A Flask shop: the cart in the session, prices from the catalogue's config."""

import os

import stripe
from flask import Flask, abort, redirect, request, session, url_for

app = Flask(__name__)
app.config.from_prefixed_env()
stripe.api_key = os.environ["STRIPE_SECRET_KEY"]

BASE_URL = os.environ.get("APP_BASE_URL", "http://localhost:5000")


@app.post("/checkout")
def checkout():
    cart = session.get("cart") or []
    if not cart:
        abort(400)
    # one line per cart row; the price ids come from the catalogue
    checkout_session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": row["price_id"], "quantity": row["qty"]} for row in cart],
        customer_email=session.get("email"),
        client_reference_id=str(session["user_id"]),
        success_url=BASE_URL + url_for("thanks"),
        cancel_url=BASE_URL + url_for("show_cart"),
    )
    session["checkout_id"] = checkout_session.id
    return redirect(checkout_session.url, code=303)

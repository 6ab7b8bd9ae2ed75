"""Donations: a run-time amount in an inline price, its currency and name from a config dict."""

import stripe

DONATION = {
    "currency": "eur",
    "name": "Donation",
    "success_url": "https://give.example.org/thanks",
}


def _price_data(amount_eur):
    return {
        "currency": DONATION["currency"],
        "unit_amount": amount_eur * 100,
        "product_data": {"name": DONATION["name"]},
    }


def donate(form):
    amount = int(form["amount"])
    line = dict(price_data=_price_data(amount), quantity=1)
    return stripe.checkout.Session.create(
        mode="payment",
        submit_type="donate",
        line_items=[line],
        success_url=DONATION["success_url"],
    )

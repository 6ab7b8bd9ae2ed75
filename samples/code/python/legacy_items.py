"""A 2019 integration: inline items, no mode."""

import stripe


def legacy_checkout():
    return stripe.checkout.Session.create(
        payment_method_types=["card"],
        line_items=[{"name": "Ebook", "amount": 900, "currency": "eur", "quantity": 1}],
        success_url="https://books.example.com/thanks",
        cancel_url="https://books.example.com/",
    )


def kwargs_unpacking(order):
    options = dict(mode="payment", success_url="https://books.example.com/thanks")
    return stripe.checkout.Session.create(
        line_items=[{"price": order.price_id, "quantity": 1}], **options
    )

"""Code around checkout that a migration must touch: plan changes, saved cards, line items."""

import stripe


def upgrade(subscription_id, item_id):
    # Stripe prorates the rest of the period and invoices the difference immediately
    return stripe.Subscription.modify(
        subscription_id,
        items=[{"id": item_id, "price": "price_1ProMonthly"}],
        proration_behavior="always_invoice",
    )


def charge_saved_card(customer_id, payment_method_id, cents):
    return stripe.PaymentIntent.create(
        amount=cents,
        currency="usd",
        customer=customer_id,
        payment_method=payment_method_id,
        off_session=True,
        confirm=True,
    )


def save_card(customer_id):
    return stripe.SetupIntent.create(customer=customer_id, usage="off_session")


def receipt_lines(session_id):
    return stripe.checkout.Session.list_line_items(session_id, limit=100)

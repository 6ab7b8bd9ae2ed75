"""Saved cards, upsells and plan previews: the Stripe calls seeds 001 and 003 replace."""

import stripe

client = stripe.StripeClient("sk_test_4eC39HqLyjWDarjtT1zdp7dc")


def first_order_and_keep_card(customer_id):
    # Charge the setup fee now and keep the card for usage billing later
    return stripe.PaymentIntent.create(
        amount=4900,
        currency="usd",
        customer=customer_id,
        setup_future_usage="off_session",
        description="Gold setup fee",
    )


def accept_upsell(customer_id, payment_method_id):
    # One click after checkout: the customer is on the page, the card is on file
    return stripe.PaymentIntent.create(
        amount=14900,
        currency="usd",
        customer=customer_id,
        payment_method=payment_method_id,
        confirm=True,
        return_url="https://shop.example.com/upsell/thanks",
        metadata={"upsell_source": "post_purchase"},
    )


def preview_upgrade(subscription_id, item_id):
    return client.invoices.create_preview(
        params={
            "subscription": subscription_id,
            "subscription_details": {
                "items": [{"id": item_id, "price": "price_1QGoldUsdYearly"}],
                "proration_behavior": "create_prorations",
            },
        }
    )


def add_seats(item_id, seats):
    return stripe.SubscriptionItem.modify(
        item_id, quantity=seats, proration_behavior="always_invoice"
    )


def legacy_usage_charge(customer_id, cents):
    # Written in 2017, still running: the Charges API on the customer's default card
    return stripe.Charge.create(amount=cents, currency="usd", customer=customer_id)

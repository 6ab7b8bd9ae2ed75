"""StripeClient: a subscription with a trial; the params dict is built above the call."""

from stripe import StripeClient

client = StripeClient("sk_test_123")
PRICE_ID = "price_1PlusMonthly"


def start_subscription(user):
    params = {
        "mode": "subscription",
        "line_items": [{"price": PRICE_ID, "quantity": 1}],
        "subscription_data": {"trial_period_days": 14},
        "success_url": "https://app.example.com/welcome",
    }
    params["client_reference_id"] = user.id
    params["allow_promotion_codes"] = True
    session = client.v1.checkout.sessions.create(params=params)
    return session.url


def start_team_plan(seats):
    base = {"mode": "subscription", "success_url": "https://app.example.com/team"}
    return client.checkout.sessions.create(
        {**base, "line_items": [{"price": "price_1Team", "quantity": seats}]}
    )

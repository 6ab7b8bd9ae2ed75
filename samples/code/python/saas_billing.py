"""A SaaS billing view: prices from the environment, params built over several statements."""

import os

import stripe
from django.conf import settings

PRICE_PRO_MONTHLY = os.environ["STRIPE_PRICE_PRO_MONTHLY"]
PRICE_PRO_YEARLY = os.getenv("STRIPE_PRICE_PRO_YEARLY")


def start_subscription(user, annual):
    price = PRICE_PRO_YEARLY if annual else PRICE_PRO_MONTHLY
    params = {
        "mode": "subscription",
        "line_items": [{"price": price, "quantity": 1}],
        "success_url": settings.APP_URL + "/billing/done?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": settings.APP_URL + "/billing",
    }
    if user.stripe_customer_id:
        params["customer"] = user.stripe_customer_id
    else:
        params["customer_email"] = user.email
    params["subscription_data"] = {"trial_period_days": user.trial_days or 14}
    params.update(client_reference_id=str(user.pk), allow_promotion_codes=True)
    params["metadata"] = {"plan": "pro"}
    params["metadata"]["seats"] = str(user.team.seats)
    return stripe.checkout.Session.create(**params)


def start_team_plan(team, plan):
    if plan == "business":
        price = settings.STRIPE_PRICES["business"]
    elif plan == "team":
        price = os.environ["STRIPE_PRICE_TEAM"]
    else:
        price = "price_1StarterMonthly"
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price, "quantity": team.seats}],
        customer=team.owner.stripe_customer_id,
        success_url=settings.APP_URL + "/team",
    )

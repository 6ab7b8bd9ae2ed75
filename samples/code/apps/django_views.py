"""Django views: a subscription for the signed-in user, the plan's price from settings."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.urls import reverse

import stripe

stripe.api_key = settings.STRIPE_SECRET_KEY


@login_required
def subscribe(request, plan):
    price = settings.STRIPE_PRICES[plan]
    base = request.build_absolute_uri("/")[:-1]
    checkout = stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price, "quantity": 1}],
        customer=request.user.profile.stripe_customer_id,
        metadata={"user_id": request.user.pk, "plan": plan},
        subscription_data={"trial_period_days": 14},
        success_url=base + reverse("billing") + "?welcome=1",
        cancel_url=base + reverse("pricing"),
    )
    return HttpResponseRedirect(checkout["url"])

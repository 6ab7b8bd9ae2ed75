"""Django views: the pricing page's buttons."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .billing import create_checkout


@login_required
def upgrade(request):
    session = create_checkout(request.user, "price_1ShopProMonthly", trial_days=14)
    return redirect(session.url, status=303)


@login_required
def team(request):
    seats = int(request.POST.get("seats", 5))
    session = create_checkout(request.user, settings.TEAM_PRICE_ID, quantity=seats)
    return redirect(session.url, status=303)

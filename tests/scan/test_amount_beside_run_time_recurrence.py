"""A donation sold one-time or monthly from one function: the inline price's amount is the
donor's (``amount * 100``) and its ``recurring`` is added under a condition from a settings
table (``price_data["recurring"] = {"interval": plan["interval"], ...}`` when the plan
recurs). The line blocked on its run-time recurrence (RT002 at ``recurring.interval``), and the
donor's amount was dropped with no finding of its own: nothing in the report named
``unit_amount`` nor the money check's reasons. It is now named where it is (RT002 there)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CODE = """\
import stripe
from django.conf import settings


def donate(request, amount, interval):
    plan = settings.DONATION_PLANS[interval]
    recurs = plan.get("recurring", True)
    price_data = {"currency": "usd", "unit_amount": amount * 100, "product": plan["product"]}
    if recurs:
        price_data["recurring"] = {
            "interval": plan["interval"],
            "interval_count": plan["interval_count"],
        }
    return stripe.checkout.Session.create(
        line_items=[{"price_data": price_data, "quantity": 1}],
        mode="subscription" if recurs else "payment",
        success_url="https://example.org/thanks",
        cancel_url="https://example.org/donate",
    )
"""


def test_the_donors_amount_is_named_where_the_line_is_left_untranslated() -> None:
    sites = [s for s in scan_source(CODE, "views.py", BY_NAME["python"]) if s.translation]
    assert len(sites) == 1, sites
    site = sites[0]
    at_amount = [f for f in site.findings if f.path == "line_items[0].price_data.unit_amount"]
    assert [f.code for f in at_amount] == ["RT002"]
    assert at_amount[0].level.value == "blocker"
    assert "(amount * 100)" in at_amount[0].message
    assert "its `recurring" in at_amount[0].message
    assert site.verdict == "blocked"

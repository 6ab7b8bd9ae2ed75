"""D001 (a cart mixing a subscription product with one-time products) said nothing as soon as a
value of a line was known only at run time: a subscription of ``seats`` seats plus a one-time
setup fee (a common SaaS shape; a probe written after the run-time shipping line of a Rails
shop was found dropped) was "translated" with no word, where the same cart with a literal
quantity warns. The warning is about the kinds of the lines, which the code states; a run-time
quantity or amount does not change them. D001 is now reported whatever values are known only
at run time (it fires only when each line's kind is known)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CODE = """import stripe


def start(seats, url):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[
            {"price_data": {"currency": "usd", "unit_amount": 900, "product_data": {"name": "Seat"},
                            "recurring": {"interval": "month"}}, "quantity": seats},
            {"price_data": {"currency": "usd", "unit_amount": 4900,
                            "product_data": {"name": "Onboarding"}}, "quantity": 1},
        ],
        success_url=url,
    )
"""


def test_a_mixed_cart_with_a_run_time_quantity_still_warns() -> None:
    (site,) = [s for s in scan_source(CODE, "billing.py", BY_NAME["python"]) if s.kind == "create"]
    (mixed,) = [f for f in site.findings if f.code == "D001"]
    assert "line_items[0] recurring, line_items[1] one-time" in mixed.message

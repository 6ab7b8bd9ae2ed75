# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Python cart extended in place with ``+=`` (``line_items += [shipping_line]`` after the rows
are built, checked in the FastAPI/Django shapes that add a fee or a shipping line): the ``+=``
was not seen as a change of the list, so the suggested cart held the rows only and the added
line, its amount with it, was dropped with no finding: a buyer charged less than on Stripe.
``+=`` on the list is read as ``extend`` now (under its ``if`` when it has one); on anything
else it leaves the name's value to the run, as before."""

from __future__ import annotations

import re

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source


def one(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    return site


LITERAL = """\
import stripe


def pay(back):
    line_items = [{"price": "price_1Guide", "quantity": 1}]
    line_items += [{"price": "price_1Postage", "quantity": 1}]
    return stripe.checkout.Session.create(mode="payment", line_items=line_items, success_url=back)
"""


def test_a_line_added_with_plus_equals_is_in_the_cart() -> None:
    site = one(LITERAL)
    products = re.findall(r'"product_id": "(s2d_pdt_\w+)"', site.suggestion or "")
    assert len(set(products)) == 2, site.suggestion  # the guide's and the postage's


ROWS = """\
import stripe


def pay(order, postage, back):
    line_items = [
        {"price_data": {"currency": "eur", "unit_amount": row.cents, "product_data": {"name": row.title}}, "quantity": row.count}
        for row in order.rows
    ]
    if postage:
        line_items += [{"price_data": {"currency": "eur", "unit_amount": postage, "product_data": {"name": "Postage"}}, "quantity": 1}]
    return stripe.checkout.Session.create(mode="payment", line_items=line_items, success_url=back)
"""


def test_a_line_added_under_an_if_is_in_the_cart_under_that_if() -> None:
    site = one(ROWS)
    text = site.suggestion or ""
    assert '"amount": row.cents,' in text and "for row in order.rows" in text
    assert '"amount": postage,' in text
    assert "if postage" in text
    assert not {f.code for f in site.findings} & {"RT003", "RT015"}


AMOUNT = """\
import stripe


def pay(cart, postage):
    amount = int(cart.total * 100)
    amount += postage
    return stripe.PaymentIntent.create(amount=amount, currency="eur")
"""


def test_a_number_changed_with_plus_equals_stays_the_runs_value() -> None:
    site = one(AMOUNT)
    assert '"amount": amount,' in (site.suggestion or "")


MERGED = """\
import stripe


def pay(back, coupon, email):
    params = {"mode": "payment", "success_url": back, "line_items": [{"price": "price_1Guide", "quantity": 1}]}
    if coupon:
        params |= {"discounts": [{"coupon": coupon}]}
    params |= {"customer_email": email}
    return stripe.checkout.Session.create(**params)
"""


def test_params_merged_with_or_equals_reach_the_call() -> None:
    # ``params |= {...}`` (Python 3.9's dict merge) was ignored: the discount and the email lost
    site = one(MERGED)
    text = site.suggestion or ""
    assert "dodo_discount_code(coupon)," in text and "] if coupon else None," in text
    assert '"email": email,' in text
    assert not {f.code for f in site.findings} & {"RT006", "X022"}, site.findings

"""A customer found by a Stripe read and tested with ``if found:`` gives X023.

Read in an enterprise-billing Django app: ``result = stripe.Customer.search(query=...)``, ``found
= result.data[0] if result.data else None``, then ``if found: kwargs["customer"] = found["id"]``.
No X023 said the Dodo call still needs that Stripe read: the binding of ``found`` was taken to
be ``if found:`` read across the line break as a type annotation (``found: kwargs["customer"] =
found["id"]``), so its value was ``found["id"]`` itself. A binding's annotation is on its own line
(``migrate/scan/stripe_reads.py``).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SOURCE = """import stripe


def by_list(email, price):
    result = stripe.Customer.list(email=email)
    found = result.data[0] if result.data else None
    kwargs = {"mode": "payment", "line_items": [{"price": price, "quantity": 1}], "success_url": "https://x.test/ok"}
    if found:
        kwargs["customer"] = found["id"]
    else:
        kwargs["customer_email"] = email
    return stripe.checkout.Session.create(**kwargs)


def by_search(email, price):
    result = stripe.Customer.search(query=f"email: '{email}'")
    found = result.data[0] if result.data else None
    kwargs = {"mode": "payment", "line_items": [{"price": price, "quantity": 1}], "success_url": "https://x.test/ok"}
    if found:
        kwargs["customer"] = found["id"]
    else:
        kwargs["customer_email"] = email
    return stripe.checkout.Session.create(**kwargs)
"""


def test_a_customer_from_a_list_or_a_search_tested_with_if_is_x023() -> None:
    sites = [
        s for s in scan_source(SOURCE, "stripe_api.py", BY_NAME["python"]) if s.kind == "create"
    ]
    said = [[f.message for f in s.findings if f.code == "X023"] for s in sites]
    assert [len(m) for m in said] == [1, 1]
    assert "from stripe.Customer.list(...)" in said[0][0]
    assert "from stripe.Customer.search(...)" in said[1][0]

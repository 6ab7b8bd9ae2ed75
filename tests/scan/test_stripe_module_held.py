# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Catalog writes made through the Stripe module held by an object are reported (X031).

Read in a Python package index's billing service: ``self.api = stripe`` in ``__init__``, then
``self.api.Product.create(...)`` and ``self.api.Price.create(unit_amount=..., recurring=...)``
to sync its catalog, and ``self.api.checkout.Session.create(...)`` with those prices. The
creation was found; the price and product creations were not (a receiver that neither names
Stripe nor is bound to a Stripe client is taken for the app's own ``Product`` model), so
nothing said the checkout's prices are made at run time and can never be in the id map. A
receiver bound to the ``stripe`` module is Stripe's (``migrate/scan/catalog_writes.py``).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SOURCE = """import stripe


class StripeBillingService:
    def __init__(self, api_key):
        self.api = stripe
        self.api.api_key = api_key

    def create_product(self, name, description):
        return self.api.Product.create(name=name, description=description)

    def create_price(self, product_id, unit_amount):
        return self.api.Price.create(product=product_id, unit_amount=unit_amount, currency="usd", recurring={"interval": "month"})
"""

MODEL = """from shop.models import Product


def add(name):
    return Product.create(name=name)
"""


def test_a_catalog_write_on_the_held_module_is_x031() -> None:
    sites = list(scan_source(SOURCE, "billing/services.py", BY_NAME["python"]))
    assert [(s.line, [f.code for f in s.findings]) for s in sites] == [
        (10, ["X031"]),
        (13, ["X031"]),
    ]


def test_an_apps_own_model_is_still_not() -> None:
    assert list(scan_source(MODEL, "shop/views.py", BY_NAME["python"])) == []

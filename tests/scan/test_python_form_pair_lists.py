# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A raw request's form body written as Python's list of ``(key, value)`` tuples is read.

Read in a Lightning wallet's Stripe integration (httpx, no SDK): ``form_data = [("mode",
"payment"), ("line_items[0][price_data][currency]", currency), ...]`` posted with
``content=urlencode(form_data)``. The same keys written as a dict were read; as a list of pairs
the params were unknown (RT007, a blocker) and the amount, currency and quantity lost. A list of
pairs with literal keys is a form, as ``urlencode`` and httpx read it
(``migrate/scan/http_bodies.py``).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SOURCE = """from urllib.parse import urlencode

import httpx


class Stripe:
    def __init__(self, key):
        self.client = httpx.AsyncClient(base_url="https://api.stripe.com", headers={"Authorization": f"Bearer {key}"})

    async def pay(self, amount: int, currency: str, success_url: str):
        form_data = [
            ("mode", "payment"),
            ("success_url", success_url),
            ("line_items[0][price_data][currency]", currency),
            ("line_items[0][price_data][unit_amount]", str(amount)),
            ("line_items[0][price_data][product_data][name]", "Top-up"),
            ("line_items[0][quantity]", "1"),
        ]
        r = await self.client.post("/v1/checkout/sessions", content=urlencode(form_data))
        return r.json()
"""


def test_a_list_of_pairs_is_read_as_the_form_it_encodes() -> None:
    (site,) = [s for s in scan_source(SOURCE, "fiat.py", BY_NAME["python"]) if s.kind == "create"]
    assert site.params["line_items"] == [
        {
            "price_data": {
                "currency": {"$dynamic": "currency"},
                "unit_amount": {"$dynamic": "str(amount)"},
                "product_data": {"name": "Top-up"},
            },
            "quantity": "1",
        }
    ]
    codes = [f.code for f in site.findings]
    assert (
        "RT007" not in codes and "L112" in codes
    )  # the top-up's amount, on a pay-what-you-want line

"""Python metadata passed as an expression a dict display cannot spread bare (``metadata=
metadata or {}`` in a shop's payment service, ``{**(tags or {}), "source": "web"}``): the
suggested call wrote ``{**metadata or {}}``, which does not parse. The operand of ``**`` is put
in parentheses unless it is a name, a literal or a chain of accesses and calls."""

from __future__ import annotations

import ast

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SERVICE = """import stripe


def charge(amount_cents, currency="EUR", metadata=None):
    return stripe.PaymentIntent.create(
        amount=amount_cents, currency=currency.lower(), metadata=metadata or {}
    )


def buy(price_id, tags, order):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        metadata={**(tags or {}), "order": order.pk},
        success_url="https://shop.example/ok",
    )


def plain(price_id, tags):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        metadata={**tags, "source": "web"},
        success_url="https://shop.example/ok",
    )
"""


@pytest.mark.parametrize(
    ("line", "written"),
    [
        (5, "metadata={**(metadata or {})}"),
        (11, "**(tags or {}),"),
        (20, "**tags,"),  # a name needs none
    ],
)
def test_a_spread_metadata_expression_parses(line: int, written: str) -> None:
    sites = {s.line: s for s in scan_source(SERVICE, "payments.py", BY_NAME["python"])}
    text = sites[line].suggestion or ""
    assert written in text, text
    ast.parse("\n".join(x for x in text.splitlines() if not x.lstrip().startswith("#")))

"""stripe-python 10+ awaits every call as ``<method>_async``: ``PaymentIntent.create_async``
and ``Subscription.modify_async`` are the same calls around Checkout as their plain forms (only
``checkout.Session.create_async`` was read: polar's payment calls were all missed)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PLAIN = """\
import stripe

async def charge(customer_id, pm):
    return await stripe.PaymentIntent.create{suffix}(
        amount=2500, currency="usd", customer=customer_id, payment_method=pm,
        off_session=True, confirm=True,
    )

async def cancel(sub_id):
    return await stripe.Subscription.modify{suffix}(sub_id, cancel_at_period_end=True)

async def client_charge(client, customer_id):
    return await client.payment_intents.create{suffix}(
        params={{"amount": 900, "currency": "eur", "customer": customer_id}}
    )
"""


def _sites(suffix: str) -> list[tuple[str | None, str | None, object]]:
    code = PLAIN.format(suffix=suffix)
    return [
        (s.kind, s.translation.request if s.translation else None, s.params)
        for s in scan_source(code, "x.py", BY_NAME["python"])
    ]


@pytest.mark.parametrize("suffix", ["", "_async"])
def test_awaited_calls_around_checkout_are_the_same_sites(suffix: str) -> None:
    sites = _sites(suffix)
    assert [kind for kind, _, _ in sites] == ["create", "create", "create"]
    assert sites == _sites("")  # the same requests and params as the plain calls

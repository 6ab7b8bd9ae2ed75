"""An awaited Python creation (stripe-python's ``await client.checkout.sessions.create_async(
...)`` in a FastAPI handler) is suggested with the SDK's async client: the Dodo call stays
awaited where the Stripe one was. Before, the suggestion named the sync ``DodoPayments``, whose
result cannot be awaited: pasted in place, the handler raised a TypeError on every checkout."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

HANDLERS = """from fastapi import APIRouter
from stripe import StripeClient

router = APIRouter()
stripe_client = StripeClient("sk_test_x")


@router.post("/checkout")
async def checkout(seats: int):
    session = await stripe_client.checkout.sessions.create_async(
        params={
            "mode": "payment",
            "line_items": [{"price": "price_team", "quantity": seats}],
            "success_url": "https://team.test/ok",
        }
    )
    return {"url": session.url}


def checkout_sync(seats: int):
    return stripe_client.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [{"price": "price_team", "quantity": seats}],
            "success_url": "https://team.test/ok",
        }
    )
"""


def test_an_awaited_creation_is_suggested_with_the_async_client() -> None:
    sites = [
        s for s in scan_source(HANDLERS, "billing.py", BY_NAME["python"]) if s.kind == "create"
    ]
    awaited, plain = sorted(sites, key=lambda s: s.line)
    assert (awaited.suggestion or "").startswith("# client: AsyncDodoPayments(")
    assert "from dodopayments import AsyncDodoPayments" in (awaited.suggestion or "")
    assert (plain.suggestion or "").startswith("# client: DodoPayments(")

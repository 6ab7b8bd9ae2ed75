"""An awaited Python creation (stripe-python's ``await client.checkout.sessions.create_async(
...)`` in a FastAPI handler) is suggested with the SDK's async client: the Dodo call stays
awaited where the Stripe one was. Before, the suggestion named the sync ``DodoPayments``, whose
result cannot be awaited: pasted in place, the handler raised a TypeError on every checkout."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.trees import creates, write_tree

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


SERVICE = """import stripe


async def create_checkout_session(price_id: str, email: str):
    return CALL(
        mode="subscription",
        line_items=[{"price": price_id, "quantity": 1}],
        customer_email=email,
        success_url="https://app.test/ok",
    )


async def start_plan(price_id: str):
    return await create_checkout_session(price_id, "team@app.test")
"""
ROUTER = """from fastapi import APIRouter

from service import create_checkout_session, start_plan

router = APIRouter()


@router.post("/checkout")
async def checkout(price_id: str, email: str):
    session = await create_checkout_session(price_id, email)
    return {"url": session.url}


@router.post("/plan")
async def plan(price_id: str):
    session = await start_plan(price_id)
    return {"url": session.url}
"""


def _clients(tmp_path: Path, call: str) -> set[str]:
    service = SERVICE.replace("CALL", call)
    sites = creates(write_tree(tmp_path, {"service.py": service, "router.py": ROUTER}))
    assert len(sites) == 4  # each wrapper's own call, each call of one
    return {(s.suggestion or "").split("(", 1)[0] for s in sites}


def test_an_awaited_call_of_a_wrapper_whose_stripe_call_is_sync_gets_the_sync_client(
    tmp_path: Path,
) -> None:
    """An ``async def`` wrapper (FastAPI) around stripe-python's sync ``Session.create``,
    awaited by its caller: the Dodo call the wrapper makes is the sync client's, as its own
    site says; each call of it said AsyncDodoPayments, "awaited, as the Stripe one was"."""
    assert _clients(tmp_path, "stripe.checkout.Session.create") == {"# client: DodoPayments"}


def test_a_wrapper_awaiting_the_async_sdk_gets_the_async_client_at_each_call(
    tmp_path: Path,
) -> None:
    clients = _clients(tmp_path, "await stripe.checkout.Session.create_async")
    assert clients == {"# client: AsyncDodoPayments"}

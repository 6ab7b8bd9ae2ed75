"""Python SDK calls run in a worker thread, as async web apps call the blocking stripe-python:
``await asyncio.to_thread(stripe.checkout.Session.create, **params)``, FastAPI's ``await
run_in_threadpool(stripe.checkout.Session.create, **kwargs)``, Django's ``await
sync_to_async(stripe.checkout.Session.create)(**params)``. The call's callee is the thread
helper, so none of these creations was reported. The SDK method passed is the call now, with
the arguments given after it (or to the wrapped function)."""

from __future__ import annotations

import ast

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

APP = """import asyncio

import stripe
from asgiref.sync import sync_to_async
from fastapi.concurrency import run_in_threadpool


async def subscribe(user, plan_price, trial):
    params = {
        "mode": "subscription",
        "line_items": [{"price": plan_price, "quantity": 1}],
        "success_url": settings.APP_URL + "/billing/done",
    }
    if user.stripe_customer_id:
        params["customer"] = user.stripe_customer_id
    else:
        params["customer_email"] = user.email
    if trial:
        params["subscription_data"] = {"trial_period_days": 7}
    session = await asyncio.to_thread(stripe.checkout.Session.create, **params)
    return session.url


async def tip(cents, order):
    return await run_in_threadpool(
        stripe.checkout.Session.create,
        mode="payment",
        line_items=[
            {
                "price_data": {
                    "currency": "usd", "unit_amount": cents, "product_data": {"name": "Tip"}
                },
                "quantity": 1,
            }
        ],
        metadata={"order": order.pk},
        success_url="https://cafe.example/thanks",
    )


async def seats(price_id, count):
    return await sync_to_async(stripe.checkout.Session.create)(
        mode="subscription",
        line_items=[{"price": price_id, "quantity": count}],
        success_url="https://cafe.example/team",
    )


async def save(db):
    await asyncio.to_thread(db.session.commit)
    return await asyncio.to_thread(stripe.checkout.Session.retrieve, "cs_1")
"""


def _creates() -> dict[int, CallSite]:
    return {
        s.line: s for s in scan_source(APP, "billing.py", BY_NAME["python"]) if s.kind == "create"
    }


def test_sdk_calls_run_in_a_worker_thread_are_creations_with_their_arguments() -> None:
    sites = _creates()
    assert sorted(sites) == [20, 25, 42]
    subscribe, tip, seats = sites[20], sites[25], sites[42]
    text = subscribe.suggestion or ""
    assert '"product_id": dodo_product_id(plan_price)' in text
    assert "dodo_customer_id(user.stripe_customer_id)" in text and "user.email" in text
    assert '"trial_period_days": 7' in text
    text = tip.suggestion or ""
    assert '"amount": cents' in text and '"order": str(order.pk)' in text
    assert {f.code for f in tip.findings} >= {"L112"}
    text = seats.suggestion or ""
    assert '"product_id": dodo_product_id(price_id)' in text and '"quantity": count' in text
    for site in sites.values():
        body = "\n".join(
            x for x in (site.suggestion or "").splitlines() if not x.lstrip().startswith("#")
        )
        ast.parse(body)


def test_other_functions_run_in_a_thread_are_not_stripe_calls() -> None:
    everything = list(scan_source(APP, "billing.py", BY_NAME["python"]))
    lines = {s.line for s in everything}
    assert 50 not in lines  # db.session.commit
    (read,) = [s for s in everything if s.line == 51]  # related code, as when called directly
    assert read.kind != "create" and "X001" in {f.code for f in read.findings}

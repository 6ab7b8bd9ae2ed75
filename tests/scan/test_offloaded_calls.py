"""Python SDK calls run in a worker thread, as async web apps call the blocking stripe-python:
``await asyncio.to_thread(stripe.checkout.Session.create, **params)``, FastAPI's ``await
run_in_threadpool(stripe.checkout.Session.create, **kwargs)``, Django's ``await
sync_to_async(stripe.checkout.Session.create)(**params)``. The call's callee is the thread
helper, so none of these creations was reported. The SDK method passed is the call now, with
the arguments given after it (or to the wrapped function)."""

from __future__ import annotations

import ast
from pathlib import Path

from migrate.scan.fix import plan_fixes
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source

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


RUNNERS = """import asyncio
from functools import partial
from unittest import mock

import stripe


class StripeAsync:
    @staticmethod
    async def run_blocking(func, *args, **kwargs):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, partial(func, *args, **kwargs))


async def plan(price_id, email):
    return await StripeAsync.run_blocking(
        stripe.checkout.Session.create,
        mode="subscription",
        line_items=[{"price": price_id, "quantity": 1}],
        customer_email=email,
        success_url="https://example.com/ok",
    )


async def seats(price_id, count):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        None,
        partial(
            stripe.checkout.Session.create,
            mode="payment",
            line_items=[{"price": price_id, "quantity": count}],
            success_url="https://example.com/ok",
        ),
    )


def hooks(registry, params):
    registry.register(stripe.checkout.Session.create)
    registry.queue(stripe.checkout.Session.create, params)
    with mock.patch.object(stripe.checkout.Session, "create", return_value=None):
        pass
"""


def test_an_sdk_method_handed_to_a_runner_of_the_project_or_bound_by_partial_is_a_creation() -> (
    None
):
    # read in a FastAPI app: the creation handed to the project's own thread-pool helper
    # (`_run_in_threadpool(stripe.checkout.Session.create, customer=..., ...)`) or bound by
    # `functools.partial` for an executor was no site: the app's whole checkout was unseen
    sites = {
        s.line: s
        for s in scan_source(RUNNERS, "billing.py", BY_NAME["python"])
        if s.kind == "create"
    }
    assert sorted(sites) == [16, 29]
    text = sites[16].suggestion or ""
    assert '"product_id": dodo_product_id(price_id)' in text and '"email": email' in text
    text = sites[29].suggestion or ""
    assert '"product_id": dodo_product_id(price_id)' in text and '"quantity": count' in text
    assert "func" not in text  # the runner's own parameter is no Stripe field


def test_a_partial_of_the_creation_is_fixed_as_a_partial_of_the_dodo_call(tmp_path: Path) -> None:
    code = tmp_path / "billing.py"
    code.write_text(RUNNERS, encoding="utf-8")
    sites = [s for s in scan_paths([str(code)]) if s.kind == "create"]
    (fix,) = plan_fixes(sites, unsafe=True)
    assert len(fix.fixed) == 2
    tree = ast.parse(fix.after)
    seats = next(
        n for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef) and n.name == "seats"
    )
    (bound,) = [
        n for n in ast.walk(seats) if isinstance(n, ast.Call) and ast.unparse(n.func) == "partial"
    ]
    # the executor is handed a function to call, as before, not the answer of a call made now
    assert ast.unparse(bound.args[0]) == "dodo_client().checkout_sessions.create"
    assert {k.arg for k in bound.keywords} >= {"product_cart", "return_url"}


NOT_RUNNERS = """import stripe


class Checkout:
    def start(self, key):
        return stripe.checkout.Session.create(self.order.stripe_params, idempotency_key=key)

    def params(self):
        return dict(self.settings.base_params, mode="payment", success_url="https://x.example/ok")
"""


def test_a_call_whose_first_argument_is_no_sdk_method_is_no_runner() -> None:
    # a reviewer's case: any first argument of three names with keywords after it was read as
    # an SDK method handed to a runner, so this creation itself went unreported
    sites = [
        s for s in scan_source(NOT_RUNNERS, "checkout.py", BY_NAME["python"]) if s.kind == "create"
    ]
    assert [s.line for s in sites] == [6]
    assert "self.order.stripe_params" in {d.source for d in sites[0].dynamic}

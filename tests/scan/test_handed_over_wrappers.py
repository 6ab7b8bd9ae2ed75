"""A Python wrapper of a creation called by handing it over to be called elsewhere with the
arguments given after it: ``await asyncio.to_thread(self.billing.start_checkout, price,
quantity=3)`` (an async app calling its blocking billing service), ``loop.run_in_executor(None,
partial(start, price, 2))``, ``loop.run_in_executor(None, start, price, 2)``, Django's
``sync_to_async(self.billing.start_checkout)(price, quantity=6)``. Only a Stripe
method handed to a worker thread was read; such a call of the wrapper made no creation site at
that caller, so its price and quantity were never translated. The function handed over is the
call's callee now, its arguments those after it."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

BILLING = """\
import stripe


class Billing:
    def start_checkout(self, price_id, quantity=1, back="https://shop.test/done"):
        return stripe.checkout.Session.create(
            mode="payment",
            success_url=back,
            line_items=[{"price": price_id, "quantity": quantity}],
        )


def start(price_id, quantity):
    return stripe.checkout.Session.create(
        mode="payment",
        success_url="https://shop.test/done",
        line_items=[{"price": price_id, "quantity": quantity}],
    )
"""

VIEWS = """\
import asyncio
from functools import partial

from asgiref.sync import sync_to_async

from billing import Billing, start


class Views:
    def __init__(self):
        self.billing = Billing()

    async def threaded(self, request):
        return await asyncio.to_thread(self.billing.start_checkout, "price_1Thread", quantity=3)

    async def partial_in_executor(self, request):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, partial(start, "price_1Partial", 2))

    async def in_executor(self, request):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, start, "price_1Executor", 4)

    async def unrelated(self, request):
        return await asyncio.to_thread(print, "price_1Nothing")

    async def made_awaitable(self, request):
        return await sync_to_async(self.billing.start_checkout)("price_1Django", quantity=6)
"""


def _callers(tmp_path: Path) -> dict[int, CallSite]:
    top = write_tree(tmp_path / "app", {"billing.py": BILLING, "views.py": VIEWS})
    return {s.line: s for s in creates(top) if s.file.endswith("views.py")}


def test_a_wrapper_handed_to_a_worker_thread_is_a_creation_at_its_caller(tmp_path: Path) -> None:
    sites = _callers(tmp_path)
    assert sorted(sites) == [14, 18, 22, 28]
    threaded = sites[14]
    assert threaded.via.startswith("Billing.start_checkout at ")
    assert '"quantity": 3,' in threaded.suggestion
    assert 'return_url="https://shop.test/done",' in threaded.suggestion
    assert any("price_1Thread" in f.message for f in threaded.findings)


def test_a_wrapper_handed_to_an_executor_binds_the_arguments_after_it(tmp_path: Path) -> None:
    sites = _callers(tmp_path)
    partial_site, direct = sites[18], sites[22]
    assert partial_site.via.startswith("start at ") and direct.via.startswith("start at ")
    assert '"quantity": 2,' in partial_site.suggestion
    assert any("price_1Partial" in f.message for f in partial_site.findings)
    assert '"quantity": 4,' in direct.suggestion
    assert any("price_1Executor" in f.message for f in direct.findings)


def test_a_wrapper_made_awaitable_by_django_binds_the_call_s_arguments(tmp_path: Path) -> None:
    site = _callers(tmp_path)[28]
    assert site.via.startswith("Billing.start_checkout at ")
    assert '"quantity": 6,' in site.suggestion
    assert any("price_1Django" in f.message for f in site.findings)

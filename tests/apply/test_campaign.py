"""The subscribers' campaign in process (the sandbox through httpx.MockTransport, no socket):
waves oldest period end first, a live link never issued twice, a converted subscriber never
issued another, an expired one issued again as the next round, a link outside its window never
sent. The CLI's end-to-end runs are in tests/apply/test_subscribers.py (slow)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from migrate.apply.ledger import Ledger
from migrate.apply.subscribers import run_campaign
from migrate.commands.subscribers import CreateRequest, subscribers_create
from migrate.dodo.client import DodoClient, RateLimiter
from migrate.errors import ConfigError
from migrate.plan.ops import Operation
from migrate.plan.planfile import PlanInputs, write_plan
from migrate.plan.planner import MemorySource
from migrate.plan.subscribers import AppliedCatalog, SubscriberOptions, SubscriberPlanner
from migrate.readers.idmap import IdMap
from migrate.sandbox.app import SandboxApp
from tests import fake_stripe as fs

DAY = 86_400


def setup() -> tuple[SandboxApp, DodoClient, list[int], IdMap]:
    clock = [fs.NOW]
    app = SandboxApp(
        seed=3, clock=lambda: datetime.fromtimestamp(clock[0], UTC), base_url="http://sb.test"
    )
    client = DodoClient(
        "sk_test_campaign",
        base_url="http://sb.test",
        transport=app.transport(),
        limiter=RateLimiter(per_second=0, per_minute=0),
    )
    product = client.create_product(
        {
            "name": "Pro",
            "tax_category": "saas",
            "price": {
                "type": "recurring_price", "currency": "USD", "price": 2900, "discount": 0,
                "purchasing_power_parity": False, "payment_frequency_interval": "Month",
                "payment_frequency_count": 1, "subscription_period_interval": "Year",
                "subscription_period_count": 20,
            },
        }
    )  # fmt: skip
    entry = {"id": product["product_id"], "price": 2900, "currency": "USD", "interval": "Month"}
    return app, client, clock, IdMap.from_json({"price_000001": entry})


def subscriptions(ends: list[int]) -> tuple[dict[str, Any], ...]:
    out = []
    for n, end in enumerate(ends):
        price = fs.price(1, "prod_000001", recurring=True)
        price.update(unit_amount=2900, unit_amount_decimal="2900")
        item = fs.subscription_item(n, f"sub_{n:06d}", price, start=end - 30 * DAY, end=end)
        customer = {**fs.customer(n), "name": f"S {n}", "address": {"country": "US"}}
        out.append(fs.subscription(n, customer, [item]))  # type: ignore[arg-type]
    return tuple(out)


def plan(subs: tuple[dict[str, Any], ...], ids: IdMap, reference: int) -> list[Operation]:
    opts = SubscriberOptions(reference=reference)
    return list(SubscriberPlanner(MemorySource(subs), AppliedCatalog.build(ids), opts).plan())


def test_waves_then_a_converted_subscriber_is_never_linked_again(tmp_path: Path) -> None:
    app, client, clock, ids = setup()
    ends = [fs.NOW + d * DAY + 600 for d in (9, 3, 20, 5)]
    subs = subscriptions(ends)
    ops = plan(subs, ids, fs.NOW)
    with Ledger(str(tmp_path / "l.sqlite"), exclusive=True) as ledger:
        first = run_campaign(ops, ledger=ledger, client=client, now=fs.NOW, limit=2)
        assert first.states["sent"] == 2 and first.conversions_checked
        assert [r.stripe_subscription_id for r in first.rows] == ["sub_000001", "sub_000003"]
        second = run_campaign(ops, ledger=ledger, client=client, now=fs.NOW + 60)
        assert (second.states["sent"], second.states["link live"]) == (2, 2)
        assert len(second.rows) == 4 and app.count("checkout") == 4
        # sub_000001 pays; a day and two hours later every link has expired
        url = next(r.checkout_url for r in second.rows if r.stripe_subscription_id == "sub_000001")
        assert url is not None
        clock[0] = fs.NOW + 3600
        client.send("POST", url.removeprefix("http://sb.test") + "/complete", {})
        later = fs.NOW + 26 * 3600
        stale = run_campaign(ops, ledger=ledger, client=client, now=later)
        assert stale.states["stale"] == 3 and stale.states["converted"] == 1
        assert "sent" not in stale.states and app.count("checkout") == 4
        # they converted, then left Dodo: they are never sent another link
        [dodo_sub] = app.objects("subscription")
        client.update_subscription(dodo_sub["subscription_id"], {"status": "cancelled"})
        again = run_campaign(plan(subs, ids, later), ledger=ledger, client=client, now=later)
        assert again.states["sent"] == 3 and again.states["converted"] == 1
        rounds = [s.source for s in ledger.sessions_of("checkout:sub_000000")]
        assert rounds == ["checkout:sub_000000", "checkout:sub_000000#2"]
        assert [s.source for s in ledger.sessions_of("checkout:sub_000001")] == [
            "checkout:sub_000001"
        ]
    assert app.count("checkout") == 7 and app.count("subscription") == 1


def test_a_link_before_its_window_is_not_sent_and_a_dry_run_sends_nothing(
    tmp_path: Path,
) -> None:
    app, client, _, ids = setup()
    ops = plan(subscriptions([fs.NOW + 10 * DAY]), ids, fs.NOW)
    with Ledger(str(tmp_path / "l.sqlite"), exclusive=True) as ledger:
        early = run_campaign(ops, ledger=ledger, client=client, now=fs.NOW - DAY)
        assert early.states["not yet"] == 1 and app.count("checkout") == 0
        dry = run_campaign(ops, ledger=ledger, client=None, now=fs.NOW)
        assert dry.states["sent"] == 1 and dry.requests and dry.requests[0]["path"] == "/checkouts"
        assert not dry.conversions_checked and dry.rows == []
        assert app.count("checkout") == 0 and ledger.sessions_of("checkout:sub_000000") == []


def test_a_campaign_file_that_cannot_be_written_stops_the_run_before_any_link(
    tmp_path: Path,
) -> None:
    _, _, _, ids = setup()
    plan_file = tmp_path / "subs.json"
    with plan_file.open("w") as out:
        inputs = PlanInputs(options={})
        write_plan(
            out, inputs, plan(subscriptions([fs.NOW + 9 * DAY]), ids, fs.NOW), scope="subscribers"
        )
    Ledger(str(tmp_path / "l.sqlite")).close()

    def connect() -> None:
        raise AssertionError("nothing may be sent")

    request = CreateRequest(
        str(plan_file),
        str(tmp_path / "l.sqlite"),
        send=True,
        campaign=str(tmp_path / "no" / "such" / "campaign.jsonl"),
        now=fs.NOW,
    )
    with pytest.raises(ConfigError, match="no such folder"):
        subscribers_create(request, connect=connect)


class _KilledAfterDone(Ledger):
    """A run killed the moment a link's session is recorded as done."""

    def record_session(self, source: str, body_sha: str, *, state: str, **rest: Any) -> None:
        super().record_session(source, body_sha, state=state, **rest)
        if state == "done":
            raise KeyboardInterrupt


def test_a_run_killed_after_a_link_is_recorded_keeps_the_time_it_was_issued(
    tmp_path: Path,
) -> None:
    # the link's issue time is in the same write as its session: the next runs date it by the
    # run's clock, never by when the row was written (a real day, unrelated to --now)
    app, client, _, ids = setup()
    subs = subscriptions([fs.NOW + 10 * DAY])
    path = str(tmp_path / "l.sqlite")
    with _KilledAfterDone(path, exclusive=True) as ledger, pytest.raises(KeyboardInterrupt):
        run_campaign(plan(subs, ids, fs.NOW), ledger=ledger, client=client, now=fs.NOW)
    assert app.count("checkout") == 1
    with Ledger(path, exclusive=True) as ledger:
        [link] = ledger.sessions_of("checkout:sub_000000")
        assert link.state == "done" and link.issued_at == "2026-11-22T10:00:00Z"
        again = run_campaign(plan(subs, ids, fs.NOW), ledger=ledger, client=client, now=fs.NOW)
        assert again.states["link live"] == 1 and app.count("checkout") == 1
        assert [r.link_expires_at for r in again.rows] == ["2026-11-23T10:00:00Z"]
        later = fs.NOW + 26 * 3600  # the first link has expired: the next round is sent
        after = run_campaign(plan(subs, ids, later), ledger=ledger, client=client, now=later)
        assert after.states["sent"] == 1 and "link live" not in after.states
    assert app.count("checkout") == 2

"""`subscribers create`, `status` and `cutover` through the CLI against a served sandbox and a
served fake Stripe (issue 17): links in waves, oldest period end first, never twice; an expired
link issued again only to who has not converted; a stale plan never sent; both sides' billing
dates; the one write to Stripe only for converted subscribers."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.apply.ledger import Ledger
from migrate.errors import ExitCode
from migrate.readers.stripe_api import DEFAULT_SUBSCRIPTION_STATUSES, export_snapshot, make_client
from migrate.sandbox.server import Sandbox
from tests import fake_stripe as fs

pytestmark = pytest.mark.slow  # the CLI against a served sandbox and a served fake Stripe

DODO_KEY = "sk_dodo_test_campaignSecretNeverShown_0000"
STRIPE_KEY = "rk_test_51CampaignRestrictedKeyNeverShown00"
FAST = ("--rate", "0", "--per-minute", "0")
N = 60


@dataclass
class World:
    tmp: Path
    fake: fs.FakeStripe
    box: Sandbox
    clock: list[int]
    stripe_base: str

    @property
    def snapshot(self) -> Path:
        return self.tmp / "snap.jsonl"

    @property
    def ledger(self) -> Path:
        return self.tmp / "plan.ledger.sqlite"

    @property
    def plan(self) -> Path:
        return self.tmp / "subs.json"

    @property
    def campaign(self) -> Path:
        return self.tmp / "campaign.jsonl"

    def run(self, *args: Any) -> tuple[int, str, str]:
        env = {
            "DODO_PAYMENTS_BASE_URL": self.box.url,
            "DODO_PAYMENTS_API_KEY": DODO_KEY,
            "STRIPE_API_KEY": STRIPE_KEY,
            "STRIPE_API_BASE": self.stripe_base,
        }
        result = CliRunner().invoke(
            cli.main, [str(a) for a in args], env=env, catch_exceptions=False
        )
        return result.exit_code, result.stdout, result.stderr

    def subscribers_plan(self, reference: int) -> None:
        code, _, err = self.run(
            "subscribers", "plan", "--snapshot", self.snapshot, "--ledger", self.ledger,
            "--tax-category", "saas", "--cutover", reference, "-o", self.plan,
        )  # fmt: skip
        assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err

    def create(self, *extra: Any) -> tuple[int, str, str]:
        return self.run(
            "subscribers", "create", self.plan, "--ledger", self.ledger, "--apply",
            "-o", self.campaign, "--now", self.clock[0], *FAST, *extra,
        )  # fmt: skip

    def rows(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.campaign.read_text().splitlines()]

    def complete(self, url: str, at: int) -> dict[str, Any]:
        self.clock[0] = at
        with httpx.Client() as http:
            answer = http.post(f"{url}/complete", json={})
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def planned(self) -> dict[str, dict[str, Any]]:
        ops = json.loads(self.plan.read_text())["operations"]
        return {op["stripe_id"]: op for op in ops if op["kind"] == "checkout_session"}


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    fake = fs.FakeStripe(fs.subscription_account(N))
    client = make_client(STRIPE_KEY, api_base="http://127.0.0.1:9", http_client=fake)
    with (tmp_path / "snap.jsonl").open("w") as out:
        export_snapshot(
            client,
            out,
            include_customers=True,
            include_sessions=False,
            subscriptions=DEFAULT_SUBSCRIPTION_STATUSES,
        )
    clock = [fs.NOW]
    moment = lambda: datetime.fromtimestamp(clock[0], UTC)  # noqa: E731
    with Sandbox(seed=17, clock=moment) as box, fs.serve(fake) as base:
        here = World(tmp_path, fake, box, clock, base)
        plan = tmp_path / "plan.json"
        code, _, err = here.run(
            "plan", "--snapshot", here.snapshot, "--tax-category", "saas", "-o", plan
        )
        assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
        code, _, err = here.run("apply", plan, "--apply", *FAST)
        assert "applied:" in err, err
        here.subscribers_plan(fs.NOW)
        yield here


def test_waves_go_oldest_period_end_first_and_never_send_a_link_twice(world: World) -> None:
    planned = world.planned()
    creates = sorted(
        (op["subscriber"]["period_end"], sid)
        for sid, op in planned.items()
        if op["action"] == "create"
    )
    assert len(creates) > 30
    code, out, err = world.create("--limit", 10)
    assert code == ExitCode.MANUAL, err  # the plan's manual subscribers remain
    assert "10 sent" in err and out == ""
    assert [r["stripe_subscription_id"] for r in world.rows()] == [s for _, s in creates[:10]]
    code, _, err = world.create("--limit", 10)
    assert "10 sent" in err and "10 link live" in err, err
    code, _, err = world.create()
    assert f"{len(creates) - 20} sent" in err, err
    code, _, err = world.create()
    assert "sent" not in err.split("links:")[1].split("\n")[0], err  # nothing new
    assert world.box.count("checkout") == len(creates)
    rows = world.rows()
    assert [r["stripe_subscription_id"] for r in rows] == [s for _, s in creates]
    with world.campaign.with_suffix(".csv").open() as f:
        table = list(csv.DictReader(f))
    assert [r["checkout_url"] for r in table] == [r["checkout_url"] for r in rows]
    first = rows[0]
    op = planned[first["stripe_subscription_id"]]
    assert first["email"] == op["subscriber"]["email"] and first["checkout_url"].startswith("http")
    assert first["dodo_trial_days"] == op["subscriber"]["trial_days"]
    assert first["link_expires_at"] == "2026-11-23T10:00:00Z"
    assert first["amount"] and first["currency"] == op["charge"]["currency"]
    for path in (world.campaign, world.campaign.with_suffix(".csv"), world.ledger):
        data = path.read_bytes()
        assert DODO_KEY.encode() not in data and STRIPE_KEY.encode() not in data


def test_an_expired_link_is_issued_again_only_to_who_has_not_converted(world: World) -> None:
    world.create()
    rows = world.rows()
    converted = {r["stripe_subscription_id"] for r in rows[::2]}
    for row in rows[::2]:
        world.complete(row["checkout_url"], fs.NOW + 3600)
    later = fs.NOW + 25 * 3600 + 60  # every link expired, with its hour of grace
    world.clock[0] = later
    code, _, err = world.create()
    assert code == ExitCode.FINDINGS and "stale" in err  # the trial days were for yesterday
    world.subscribers_plan(later)
    code, _, err = world.create()
    again = {r["stripe_subscription_id"] for r in world.rows()}
    assert again and not again & converted, err
    creates = {sid for sid, op in world.planned().items() if op["action"] == "create"}
    assert again == creates - converted
    assert f"{len(creates & converted)} converted" in err
    with Ledger(str(world.ledger)) as book:
        sid = next(iter(again))
        sources = [s.source for s in book.sessions_of(f"checkout:{sid}") if s.state == "done"]
    assert sources == [f"checkout:{sid}", f"checkout:{sid}#2"]


def test_a_link_outside_the_plans_window_is_never_sent(world: World) -> None:
    world.clock[0] = fs.NOW + 2 * 86_400
    code, _, err = world.create()
    assert code == ExitCode.FINDINGS and "stale" in err and "plan the subscribers again" in err
    world.clock[0] = fs.NOW - 2 * 86_400
    code, _, err = world.create()
    assert "not yet" in err and " sent" not in err
    assert world.box.count("checkout") == 0
    assert not world.campaign.exists() or world.rows() == []


def test_status_and_cutover_judge_both_sides_and_write_only_for_the_converted(
    world: World,
) -> None:
    world.create()
    rows = world.rows()
    done = {r["stripe_subscription_id"] for r in rows[:20]}
    for row in rows[:20]:
        world.complete(row["checkout_url"], fs.NOW + 7200)
    world.clock[0] = fs.NOW + 3 * 3600
    code, out, _ = world.run(
        "subscribers", "status", world.plan, "--ledger", world.ledger, "--now", world.clock[0]
    )
    assert code == ExitCode.FINDINGS
    assert out.startswith("20 double charge") and "fix: `stripe2dodo subscribers cutover" in out
    code, _, err = world.run("subscribers", "cutover", world.plan)
    assert code == 0 and "20 would cancel" in err and world.fake.writes == []
    code, _, err = world.run("subscribers", "cutover", world.plan, "--apply")
    assert code == 0 and "20 cancelled at period end" in err, err
    assert {sid for sid, _ in world.fake.writes} == done
    code, _, err = world.run("subscribers", "cutover", world.plan, "--apply")
    assert "20 already" in err and len(world.fake.writes) == 20  # idempotent
    code, out, _ = world.run(
        "subscribers", "status", world.plan, "--ledger", world.ledger, "--now", world.clock[0],
        "--format", "json",
    )  # fmt: skip
    assert code == ExitCode.CLEAN
    doc = json.loads(out)
    by_id = {r["stripe_subscription_id"]: r for r in doc["subscribers"]}
    for sid in done:
        row = by_id[sid]
        assert row["outcome"] == "converted" and row["stripe_next_charge"] is None
        assert row["dodo_next_billing_date"] >= row["stripe_period_end"]  # never both
    waiting = [r for r in doc["subscribers"] if r["outcome"] == "not converted"]
    assert waiting and all("link is live until" in r["message"] for r in waiting)
    assert {r["outcome"] for r in doc["subscribers"]} <= {"converted", "not converted", "not moved"}
    assert all(r["message"] for r in doc["subscribers"] if r["outcome"] == "not moved")


def test_ledger_ids_writes_the_dodo_subscription_of_each_converted_subscriber(
    world: World,
) -> None:
    world.create()
    rows = world.rows()
    for row in rows[:3]:
        world.complete(row["checkout_url"], fs.NOW + 600)
    module = world.tmp / "dodo_ids.py"
    code, _, err = world.run("ledger", "ids", world.ledger, "-o", module)
    assert code == 0, err
    assert "def dodo_subscription_id(" in module.read_text()
    assert "0 subscription(s)" in module.read_text()  # no conversion read yet
    world.create()  # reads Dodo's subscriptions: the three converted are recorded
    code, _, err = world.run("ledger", "ids", world.ledger, "-o", module)
    assert code == 0, err
    dodo = {
        s["metadata"]["stripe_subscription_id"]: s["subscription_id"]
        for s in world.box.objects("subscription")
    }
    assert len(dodo) == 3
    text = module.read_text()
    assert "3 subscription(s)" in text
    for row in rows[:3]:
        sid = row["stripe_subscription_id"]
        assert f'    "{sid}": "{dodo[sid]}",\n' in text
    for row in rows[3:]:
        assert row["stripe_subscription_id"] not in text  # not converted: no lookup
    code, _, err = world.run(
        "subscribers", "status", world.plan, "--ledger", world.ledger, "--now", fs.NOW + 900
    )
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    with Ledger(str(world.ledger)) as book:  # status records the same
        assert book.subscriptions() == {
            r["stripe_subscription_id"]: dodo[r["stripe_subscription_id"]] for r in rows[:3]
        }


def test_a_key_that_may_not_write_subscriptions_is_one_line(world: World) -> None:
    world.create("--limit", 1)
    world.complete(world.rows()[0]["checkout_url"], fs.NOW + 60)
    world.fake.fail(403, path="/v1/subscriptions/*", times=None)
    code, _, err = world.run("subscribers", "cutover", world.plan, "--apply")
    assert code == ExitCode.INPUT and err.count("\n") == 1, err
    assert "Subscriptions: Write" in err and STRIPE_KEY not in err


def test_a_dry_run_sends_and_writes_nothing(world: World) -> None:
    before = world.ledger.read_bytes()
    _, out, err = world.run(
        "subscribers", "create", world.plan, "--ledger", world.ledger, "--now", fs.NOW
    )
    assert "to send" in err and "conversions were not checked" in err
    requests = [json.loads(line) for line in out.splitlines()]
    assert requests and all(
        r["path"] in ("/checkouts", "/discounts", "/products") for r in requests
    )
    assert world.box.count("checkout") == 0 and not world.campaign.exists()
    assert world.ledger.read_bytes() == before


def test_each_command_reads_only_its_own_scope_of_plan(world: World) -> None:
    code, _, err = world.run("apply", world.plan)
    assert code == ExitCode.INPUT and "subscribers plan" in err and "subscribers create" in err
    code, _, err = world.run(
        "subscribers", "create", world.tmp / "plan.json", "--ledger", world.ledger
    )
    assert code == ExitCode.INPUT and "catalog plan" in err
    code, out, _ = world.run("plan", "show", world.plan)
    assert code == 0 and "checkout_session" in out

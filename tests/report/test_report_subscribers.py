"""The report's subscribers section (issue 17): counts by outcome that equal the items, the
monthly revenue that moves, needs a decision or leaves, in every format that shows sections,
and in the v2 JSON Schema."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from migrate.formats import FormatOptions, format_for
from migrate.readers.stripe_api import DEFAULT_SUBSCRIPTION_STATUSES, export_snapshot, make_client
from migrate.report.build import ReportOptions, build_result
from migrate.report.model import ReportResult
from tests import fake_stripe as fs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> ReportResult:
    snapshot = tmp_path_factory.mktemp("report") / "account.jsonl"
    fake = fs.FakeStripe(fs.subscription_account(120))
    client = make_client("sk_test_x", api_base="http://127.0.0.1:9", http_client=fake)
    with snapshot.open("w") as out:
        export_snapshot(
            client,
            out,
            include_customers=True,
            include_sessions=False,
            subscriptions=DEFAULT_SUBSCRIPTION_STATUSES,
        )
    return build_result([str(snapshot)], ReportOptions(now=fs.NOW, tax_default="saas"))


def test_counts_and_revenue_add_up_to_the_items(result: ReportResult) -> None:
    section = result.report.subscribers
    assert len(section.items) == 120
    counted = Counter("leaving" if b.action == "skip" else b.outcome for b in section.items)
    assert dict(counted) == section.counts
    assert {"clean", "decision", "blocked", "leaving"} <= set(section.counts)
    for row in section.revenue:
        items = [b for b in section.items if b.currency == row.currency and b.monthly is not None]
        by = {"create": 0, "manual": 0, "skip": 0}
        for b in items:
            by[b.action] += b.monthly or 0
        assert (row.moves, row.needs_decision, row.leaving) == (
            by["create"],
            by["manual"],
            by["skip"],
        )
    usd = next(r for r in section.revenue if r.currency == "USD")
    assert usd.moves > usd.needs_decision > 0 and usd.leaving > 0
    yearly = next(b for b in section.items if b.amount == "90.00 USD / year")
    assert yearly.monthly == 750  # 9000 / 12
    assert result.report.summary.counts["subscriber"] == {
        o: sum(1 for b in section.items if b.outcome == o)
        for o in ("clean", "changes", "decision", "blocked")
    }
    assert result.report.summary.ready is False  # a multi-item subscription is blocked


def test_each_held_back_subscriber_says_why(result: ReportResult) -> None:
    for item in result.report.subscribers.items:
        if item.action == "manual":
            assert any(f.level in ("blocker", "warning") for f in item.findings), item
        if item.action == "create":
            assert item.dodo is not None and item.trial_days is not None and item.trial_days >= 2
    steps = {s.code for s in result.report.next_steps}
    assert {"SB103", "SB107"} <= steps


def test_every_format_that_shows_sections_shows_it(result: ReportResult) -> None:
    text = format_for("text", FormatOptions(details=True)).render(result)
    assert "\nSubscribers\n120 subscribers: " in text and "BLOCK  sub_" in text
    markdown = format_for("markdown", FormatOptions(details=True)).render(result)
    assert "### Subscribers" in markdown and "| USD |" in markdown
    page = format_for("html").render(result)
    assert 'id="section-subscriber"' in page and "Held back" in page
    doc = json.loads(format_for("json").render(result))
    assert doc["schema"] == "stripe2dodo.report/v2"
    schema = json.loads((ROOT / "schemas" / "report-v2.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    with pytest.raises(jsonschema.ValidationError):  # v1 knows no subscribers
        v1 = json.loads((ROOT / "schemas" / "report-v1.schema.json").read_text())
        jsonschema.Draft202012Validator(v1).validate(doc)
    assert Decimal(doc["subscribers"]["revenue"][0]["moves"]) >= 0

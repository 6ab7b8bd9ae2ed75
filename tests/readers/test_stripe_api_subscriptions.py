"""Reading subscriptions (issue 17): by status, expanded, every item, each once, in the snapshot
(format 2, which still reads format 1)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from migrate.errors import ConfigError, InputError
from migrate.readers.snapshot import iter_objects, read_info
from migrate.readers.stripe_api import (
    DEFAULT_SUBSCRIPTION_STATUSES,
    SUBSCRIPTION_EXPAND,
    export_snapshot,
    iter_account,
    list_requests,
    make_client,
)
from tests import fake_stripe as fs

KEY = "sk_test_51FAKEKEYdoNotLeak0000000000"


def client_for(fake: fs.FakeStripe) -> Any:
    return make_client(KEY, api_base="http://127.0.0.1:12111", http_client=fake)


def subs(fake: fs.FakeStripe, statuses: tuple[str, ...] = DEFAULT_SUBSCRIPTION_STATUSES) -> list:
    return list(iter_account(client_for(fake), subscriptions=statuses, catalog=False))


def test_the_billing_subscriptions_are_read_one_list_per_status_expanded() -> None:
    account = fs.subscription_account(450)
    fake = fs.FakeStripe(account)
    read = subs(fake)

    assert sorted(s["id"] for s in read) == sorted(s["id"] for s in account["subscription"])
    by_status: dict[str, int] = {}
    for sub in account["subscription"]:
        by_status[sub["status"]] = by_status.get(sub["status"], 0) + 1
    requests = [r for r in fake.requests if r.path == "/v1/subscriptions"]
    expected = sum(list_requests(by_status.get(s, 0)) for s in DEFAULT_SUBSCRIPTION_STATUSES)
    assert len(requests) == expected == len(fake.requests)
    assert next(r.param("status") for r in requests) == "active"
    assert all(r.expand() == SUBSCRIPTION_EXPAND for r in requests)
    one = next(s for s in read if s["discounts"])
    assert one["customer"]["email"].endswith("@example.com")  # expanded, with tax ids
    assert one["customer"]["tax_ids"]["object"] == "list"
    assert one["default_payment_method"]["type"] in ("card", "sepa_debit")
    assert one["discounts"][0]["source"]["coupon"]["id"] in ("SAVE20", "FOREVER10", "WELCOME5")
    assert one["items"]["data"][0]["price"]["recurring"]["interval"]


def test_canceled_subscriptions_are_read_only_when_asked() -> None:
    account = fs.subscription_account(30)
    account["subscription"][0]["status"] = "canceled"
    fake = fs.FakeStripe(account)
    assert "sub_000000" not in {s["id"] for s in subs(fake)}
    everything = subs(fs.FakeStripe(account), ("all",))
    assert len(everything) == 30


def test_every_item_is_read_when_the_embedded_list_has_more() -> None:
    account = fs.subscription_account(3)
    sub = account["subscription"][1]
    extra = [
        fs.subscription_item(900 + n, sub["id"], account["price"][0], start=1, end=2)
        for n in range(3)
    ]
    sub["items"]["data"].extend(extra)
    full = list(sub["items"]["data"])
    sub["items"] = {**sub["items"], "data": full}
    fake = fs.FakeStripe(account)
    # the embedded list shows the first item only, as a long one would
    shown = {**sub, "items": {**sub["items"], "data": full[:1], "has_more": True}}
    fake.catalogs["subscription"] = [shown if s is sub else s for s in account["subscription"]]
    fake.catalogs["subscription_item"] = full  # what GET /v1/subscription_items lists
    read = {s["id"]: s for s in subs(fake)}
    items = read[sub["id"]]["items"]
    assert [i["id"] for i in items["data"]] == [i["id"] for i in full]
    assert items["has_more"] is False
    assert fake.count("/v1/subscription_items") == 1


def test_a_subscription_listed_under_two_statuses_is_yielded_once() -> None:
    account = fs.subscription_account(5)
    fake = fs.FakeStripe(account)
    original = fake._by_status

    def twice(items: Any, status: str | None) -> Any:  # it changed status while being read
        found = list(original(items, status))
        return [*found, account["subscription"][0]] if status == "past_due" else found

    fake._by_status = twice  # type: ignore[method-assign]
    skipped: list[tuple[str, str, str]] = []
    read = list(
        iter_account(
            client_for(fake),
            subscriptions=DEFAULT_SUBSCRIPTION_STATUSES,
            catalog=False,
            on_skip=lambda *a: skipped.append(a),
        )
    )
    assert [s["id"] for s in read].count("sub_000000") == 1
    assert skipped == [("subscription", "sub_000000", "listed twice: its status changed meanwhile")]


def test_a_key_without_the_subscriptions_permission_says_which_and_how_to_go_on() -> None:
    fake = fs.FakeStripe(fs.subscription_account(3))
    fake.fail(403, path="/v1/subscriptions")
    with pytest.raises(ConfigError) as caught:
        subs(fake)
    text = caught.value.one_line()
    assert "may not read subscriptions" in text and "Subscriptions" in text
    assert "export without subscriptions" in text and KEY not in text


def test_an_unknown_status_is_one_clear_error() -> None:
    with pytest.raises(ConfigError, match="unknown subscription status 'live'"):
        subs(fs.FakeStripe(), ("live",))


def test_the_snapshot_holds_the_subscriptions_and_says_format_2(tmp_path: Path) -> None:
    fake = fs.FakeStripe(fs.subscription_account(40))
    out = io.StringIO()
    counts = export_snapshot(
        client_for(fake),
        out,
        include_customers=False,
        include_sessions=False,
        subscriptions=DEFAULT_SUBSCRIPTION_STATUSES,
    )
    path = tmp_path / "snap.jsonl"
    path.write_text(out.getvalue())
    info = read_info(str(path))
    assert info.complete and info.header["format"] == 2
    assert counts["subscription"] == info.counts["subscription"] == 40
    read = [obj for _, obj in iter_objects(str(path), ("subscription",))]
    assert len(read) == 40 and KEY not in out.getvalue()


def test_a_format_1_snapshot_still_reads_and_a_later_one_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.jsonl"
    lines = [
        {"object": "stripe2dodo.snapshot", "format": 1, "exported_at": "2025-01-01T00:00:00Z"},
        fs.product(1),
        {"object": "stripe2dodo.snapshot_end", "counts": {"product": 1}},
    ]
    old.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert read_info(str(old)).complete
    assert [o["id"] for _, o in iter_objects(str(old))] == ["prod_000001"]
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({**lines[0], "format": 3}) + "\n")
    with pytest.raises(InputError, match="snapshot format 3 is not supported"):
        read_info(str(new))

"""Which Dodo subscription continues a moved subscriber's Stripe subscription: recorded in the
ledger for the id map's subscription lookups, and never one that is ambiguous."""

from __future__ import annotations

from pathlib import Path

from migrate.apply.ledger import Ledger
from migrate.apply.subscribers import continuations
from migrate.readers.idmap import IdMap


def _sub(ident: str, status: str) -> dict[str, object]:
    return {"subscription_id": ident, "status": status}


def test_the_one_dodo_subscription_that_continues_each_stripe_subscription() -> None:
    got = continuations(
        {
            "sub_A": [_sub("sub_d1", "active")],
            "sub_B": [_sub("sub_d2", "failed"), _sub("sub_d3", "on_hold")],  # the retry
            "sub_C": [_sub("sub_d4", "cancelled")],  # converted, then left: still its id
            "sub_D": [_sub("sub_d5", "active"), _sub("sub_d6", "active")],  # converted twice
            "sub_E": [_sub("sub_d7", "failed")],  # never started
            "sub_F": [_sub("sub_d8", "cancelled"), _sub("sub_d9", "active")],
        }
    )
    assert got == {
        "sub_A": "sub_d1",
        "sub_B": "sub_d3",
        "sub_C": "sub_d4",
        "sub_D": None,
        "sub_E": None,
        "sub_F": "sub_d9",
    }


def test_the_ledger_keeps_them_for_the_id_map_and_forgets_an_ambiguous_one(
    tmp_path: Path,
) -> None:
    path = str(tmp_path / "plan.ledger.sqlite")
    with Ledger(path) as book:
        book.record_subscriptions({"sub_A": "sub_d1", "sub_D": "sub_d5"})
        book.record_subscriptions({"sub_D": None, "sub_A": "sub_d1"})  # D converted twice
    with Ledger(path) as book:
        assert book.subscriptions() == {"sub_A": "sub_d1"}
        ids, _ = IdMap.empty().with_ledger(book.id_map(), ledger_wins=True)
    assert ids.entries["sub_A"].id == "sub_d1" and "sub_D" not in ids.entries


def test_a_dry_runs_scratch_ledger_records_none(tmp_path: Path) -> None:
    with Ledger(str(tmp_path / "l.sqlite")) as real, Ledger.scratch(real) as scratch:
        scratch.record_subscriptions({"sub_A": "sub_d1"})
        assert scratch.subscriptions() == {}

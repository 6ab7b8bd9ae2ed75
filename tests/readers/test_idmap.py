"""One id-map format (issue 12, item 22): the form the docs document is the form `plan
--id-map-out` writes, every reader takes it with its prices, and `ledger ids` puts the real ids
into a priced map instead of silently replacing it with bare ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.apply.ledger import Ledger
from migrate.errors import ConfigError, ExitCode
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap

ROOT = Path(__file__).resolve().parents[2]
TRANSLATE_DOC = (ROOT / "docs" / "translate.md").read_text(encoding="utf-8")
SNAPSHOT = str(ROOT / "samples" / "snapshot.jsonl")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def documented_entry() -> dict:
    """The entry object the `--id-map FILE` row of docs/translate.md documents, as written there."""
    row = next(
        line for line in TRANSLATE_DOC.splitlines() if line.startswith("| `--id-map FILE` |")
    )
    found = re.search(r"`(\{\"id\".*?\})`", row)
    assert found, row
    return json.loads(found.group(1).replace("…", "abc"))


def subscription(price_id: str, quantity: int = 1) -> dict:
    return {
        "mode": "subscription",
        "line_items": [{"price": price_id, "quantity": quantity}],
        "success_url": "https://example.com/ok",
    }


def test_the_documented_entry_lets_the_money_check_compare() -> None:
    entry = documented_entry()
    ids = IdMap.from_json({"price_1Gold": entry})
    result = translate_params(
        subscription("price_1Gold", 2), SourceRef("doc", "json"), Options(ids=ids)
    )
    assert result.money is not None and result.money["status"] == "match"
    want = [{"currency": "USD", "amount": 2000, "interval": "Month", "interval_count": 1}]
    assert result.money["stripe"] == result.money["dodo"] == want
    assert "M003" not in {f.code for f in result.findings}  # no advice to add a price


def test_a_known_stripe_amount_is_checked_against_the_entry() -> None:
    """The entry is not a blank cheque: where Stripe's own amount is known (a recorded session)
    and the mapped product charges something else, that is a money blocker."""
    ids = IdMap.from_json({"price_1QTshirtUsd": {"id": "pdt_1", "price": 1800, "currency": "USD"}})
    recorded = {
        "object": "checkout.session",
        "id": "cs_test_1",
        "mode": "payment",
        "currency": "usd",
        "amount_subtotal": 2000,
        "success_url": "https://example.com/ok",
        "line_items": {
            "object": "list",
            "data": [
                {
                    "object": "item",
                    "quantity": 1,
                    "price": {
                        "id": "price_1QTshirtUsd",
                        "object": "price",
                        "currency": "usd",
                        "unit_amount": 2000,
                        "type": "one_time",
                    },
                }
            ],
        },
    }
    result = translate_params(recorded, SourceRef("doc", "json"), Options(ids=ids))
    assert result.money is not None and result.money["status"] == "mismatch"
    assert "M001" in {f.code for f in result.findings}


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"id": "pdt_1", "price": 1000}, "'price' needs a 'currency'"),
        ({"id": "pdt_1", "amount": 1000, "currency": "USD"}, "unknown field(s) 'amount'"),
        ({"id": "pdt_1", "price": -5, "currency": "USD"}, "whole minor units"),
        ({"id": "pdt_1", "stripe": {"price": 1200}}, "'stripe' must be an object beside"),
        (
            {"id": "pdt_1", "price": 1000, "currency": "USD", "stripe": {"amount": 1200}},
            "'stripe' has unknown field(s) 'amount'",
        ),
    ],
)
def test_entries_that_would_silently_leave_money_unchecked_are_refused(
    entry: dict, says: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        IdMap.from_json({"price_1": entry}, origin="ids.json")
    assert says in caught.value.one_line() and "ids.json" in caught.value.one_line()


def test_a_product_that_charges_other_than_stripe_is_a_money_blocker() -> None:
    """Only where the Dodo product charges other than the Stripe price does the entry say what
    Stripe charges, under "stripe": the check then compares the two."""
    entry = {"id": "pdt_1", "price": 1000, "currency": "USD", "stripe": {"price": 1200}}
    ids = IdMap.from_json({"price_1": entry})
    assert ids.entries["price_1"].as_json() == entry  # written back as read
    result = translate_params(
        {**subscription("price_1"), "mode": "payment"}, SourceRef("doc", "json"), Options(ids=ids)
    )
    assert result.money is not None and result.money["status"] == "mismatch"
    assert "M001" in {f.code for f in result.findings}


def test_a_map_an_older_plan_wrote_is_still_read() -> None:
    charge = {"price": 1000, "currency": "USD", "interval": "Month", "interval_count": 1}
    ids = IdMap.from_json({"price_1": {"id": "s2d_pdt_1", **charge, "stripe": dict(charge)}})
    assert ids.entries["price_1"].as_json() == {
        "id": "s2d_pdt_1",
        "price": 1000,
        "currency": "USD",
        "interval": "Month",
    }


def test_plan_writes_the_documented_form(tmp_path: Path) -> None:
    ids = tmp_path / "ids.json"
    code, _, err = run(
        *("plan", "--snapshot", SNAPSHOT, "--tax-category", "saas"),
        *("--out", str(tmp_path / "plan.json"), "--id-map-out", str(ids)),
    )
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    written = json.loads(ids.read_text(encoding="utf-8"))
    documented = set(documented_entry()) | {"interval_count"}
    objects = [v for v in written.values() if isinstance(v, dict)]
    assert objects and all(set(v) <= documented and "price" in v for v in objects)
    assert written["price_1QGoldUsdMonthly"]["price"] == 1000
    assert written["price_1QGoldUsdMonthly"]["interval"] == "Month"
    assert written["price_1QGoldUsdQuarterly"]["interval_count"] == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def applied_ledger(path: Path) -> str:
    with Ledger(str(path)) as book:
        book.record(
            "product:price_1Gold",
            kind="product",
            stripe_id="price_1Gold",
            placeholder="s2d_pdt_gold",
            state="done",
            dodo_id="pdt_RealGold",
        )
        book.record(
            "product:price_1Shirt",
            kind="product",
            stripe_id="price_1Shirt",
            placeholder="s2d_pdt_shirt",
            state="adopted",
            dodo_id="pdt_RealShirt",
        )
        book.record(
            "customer:cus_First",
            kind="customer",
            stripe_id="cus_First",
            placeholder="s2d_cus_first",
            state="done",
            dodo_id="cus_RealFirst",
        )
        book.record(
            "discount:coupon:SAVE",
            kind="discount",
            stripe_id="SAVE",
            placeholder="s2d_dsc_save",
            state="done",
            dodo_id="dsc_1",
            code="SAVE",
        )
    return str(path)


PRICED = {
    "price_1Gold": {"id": "s2d_pdt_gold", "price": 1000, "currency": "USD", "interval": "Month"},
    "price_1Shirt": {"id": "pdt_Hand", "price": 2000, "currency": "USD"},
    "price_1Later": {"id": "s2d_pdt_later", "price": 500, "currency": "EUR"},
    "cus_Second": "s2d_cus_first",  # a duplicate (same email): the first customer's placeholder
}


def test_ledger_ids_refuses_to_replace_a_map_without_merge(tmp_path: Path) -> None:
    ledger = applied_ledger(tmp_path / "plan.ledger.sqlite")
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps(PRICED), encoding="utf-8")
    code, _, err = run("ledger", "ids", ledger, "-o", str(ids))
    assert code == ExitCode.INPUT
    assert "--merge" in err and err.count("\n") == 1
    assert json.loads(ids.read_text(encoding="utf-8")) == PRICED


def test_ledger_ids_merges_the_real_ids_into_a_priced_map(tmp_path: Path) -> None:
    ledger = applied_ledger(tmp_path / "plan.ledger.sqlite")
    ids = tmp_path / "ids.json"
    ids.write_text(json.dumps(PRICED), encoding="utf-8")
    code, _, err = run("ledger", "ids", ledger, "--merge", str(ids), "-o", str(ids))
    assert code == ExitCode.CLEAN, err
    merged = json.loads(ids.read_text(encoding="utf-8"))
    assert merged == {
        "SAVE": "SAVE",
        "cus_First": "cus_RealFirst",
        "cus_Second": "cus_RealFirst",
        # a placeholder takes the ledger's real id; the price stays
        "price_1Gold": {
            "id": "pdt_RealGold",
            "price": 1000,
            "currency": "USD",
            "interval": "Month",
        },
        # what the ledger says exists in Dodo wins over an older id, and it is said
        "price_1Shirt": {"id": "pdt_RealShirt", "price": 2000, "currency": "USD"},
        # not applied yet: still the placeholder
        "price_1Later": {"id": "s2d_pdt_later", "price": 500, "currency": "EUR"},
    }
    assert "price_1Shirt" in err and "pdt_Hand" in err and "pdt_RealShirt" in err
    # merging again changes nothing
    code, _, _ = run("ledger", "ids", ledger, "--merge", str(ids), "-o", str(ids))
    assert code == ExitCode.CLEAN
    assert json.loads(ids.read_text(encoding="utf-8")) == merged


def test_sessions_and_report_read_a_priced_map_with_a_ledger() -> None:
    """Placeholders in a priced map take the ledger's ids, prices kept; a real id in the map is
    an explicit choice and wins (README: an explicit map wins over the ledger)."""
    ids, conflicts = IdMap.from_json(PRICED).with_ledger(
        {"price_1Gold": "pdt_RealGold", "price_1Shirt": "pdt_RealShirt"}, ledger_wins=False
    )
    assert ids.entries["price_1Gold"].as_json() == {
        "id": "pdt_RealGold",
        "price": 1000,
        "currency": "USD",
        "interval": "Month",
    }
    assert ids.entries["price_1Shirt"].id == "pdt_Hand"
    assert conflicts == [("price_1Shirt", "pdt_Hand", "pdt_RealShirt")]


@pytest.mark.parametrize(("price", "action"), [(1000, "adopt"), (1200, "manual")])
def test_plan_adopts_a_priced_entry_only_when_it_charges_what_stripe_does(
    tmp_path: Path, price: int, action: str
) -> None:
    """price_1QGoldUsdMonthly charges 10.00 USD a month in the snapshot. An entry that says the
    Dodo product charges something else is not adopted (K113), and the plan's own id map does
    not vouch for it (it would carry the Stripe amount and hide the difference)."""
    from migrate.plan.planfile import read_plan

    given = tmp_path / "given.json"
    entry = {"id": "pdt_Existing", "price": price, "currency": "USD", "interval": "Month"}
    given.write_text(json.dumps({"price_1QGoldUsdMonthly": entry}), encoding="utf-8")
    plan, ids = tmp_path / "plan.json", tmp_path / "ids.json"
    run(
        *("plan", "--snapshot", SNAPSHOT, "--tax-category", "saas", "--id-map", str(given)),
        *("--out", str(plan), "--id-map-out", str(ids)),
    )
    (op,) = [
        o for o in read_plan(str(plan)).operations if o.key == "product:price_1QGoldUsdMonthly"
    ]
    assert op.action == action
    codes = {f.code for f in op.findings}
    written = json.loads(ids.read_text(encoding="utf-8"))
    if action == "adopt":
        assert "K113" not in codes
        assert written["price_1QGoldUsdMonthly"]["id"] == "pdt_Existing"
    else:
        (k113,) = [f for f in op.findings if f.code == "K113"]
        assert k113.level == "blocker"
        assert "12.00 USD / month" in k113.message and "10.00 USD / month" in k113.message
        assert "price_1QGoldUsdMonthly" not in written

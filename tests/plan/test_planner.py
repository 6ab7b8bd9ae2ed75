"""The catalog plan on the sample snapshot, and `stripe2dodo plan` as a user runs it."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dodopayments.types import CustomerCreateParams, DiscountCreateParams, ProductCreateParams
from dodopayments.types.products import LocalizedPriceCreateParams

from migrate import cli
from migrate.commands import make_plan
from migrate.errors import ExitCode, InputError
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.translate import Options, translate_params
from migrate.plan.ops import Operation
from migrate.plan.planfile import id_map_entries, read_plan, render_show
from migrate.plan.planner import CatalogPlanner, MemorySource, SnapshotSource
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.readers.snapshot import iter_objects, read_info
from tests.dodo_contract import contract_errors

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SNAPSHOT = str(SAMPLES / "snapshot.jsonl")
CREATE_TYPES: dict[str, Any] = {
    "product": ProductCreateParams,
    "discount": DiscountCreateParams,
    "customer": CustomerCreateParams,
    "localized_price": LocalizedPriceCreateParams,
}
OPTS = PlanOptions(tax_default="saas")


def plan_sample(
    tmp_path: Path, opts: PlanOptions = OPTS, payloads: tuple[str, ...] = ()
) -> dict[str, Any]:
    out = tmp_path / "plan.json"
    with out.open("w", encoding="utf-8") as handle:
        make_plan(snapshot=SNAPSHOT, payloads=payloads, id_map_path=None, opts=opts, out=handle)
    return json.loads(out.read_text())


def test_every_sample_object_is_accounted_for(tmp_path: Path) -> None:
    doc = plan_sample(tmp_path)
    ops = doc["operations"]
    counts = read_info(SNAPSHOT).counts
    for kind, key in (("price", "product:"), ("customer", "customer:")):
        ids = [o["id"] for _, o in iter_objects(SNAPSHOT, (kind,))]
        planned = [op["stripe_id"] for op in ops if op["key"] == f"{key}{op['stripe_id']}"]
        assert sorted(planned) == sorted(ids) and len(ids) == counts[kind]
    for kind, prefix in (
        ("coupon", "discount:coupon:"),
        ("promotion_code", "discount:promotion_code:"),
    ):
        ids = {o["id"] for _, o in iter_objects(SNAPSHOT, (kind,))}
        assert {op["stripe_id"] for op in ops if op["key"].startswith(prefix)} == ids
    for op in ops:
        if op["action"] in ("skip", "manual"):
            assert op["findings"], f"{op['key']} is {op['action']} without a reason"
        if op["action"] == "manual":
            assert any(f["level"] == "blocker" for f in op["findings"]), op["key"]


def test_summary_totals_add_up(tmp_path: Path) -> None:
    doc = plan_sample(tmp_path)
    summary, ops = doc["summary"], doc["operations"]
    assert summary["operations"] == len(ops)
    for part in ("by_kind", "by_action", "by_kind_action", "by_level"):
        assert sum(summary[part].values()) == len(ops), part
    assert summary["by_action"] == dict(Counter(op["action"] for op in ops))
    assert summary["findings"] == dict(Counter(f["code"] for op in ops for f in op["findings"]))


def test_every_create_body_fits_the_sdk(tmp_path: Path) -> None:
    doc = plan_sample(tmp_path, payloads=(str(SAMPLES / "payloads"),))
    creates = [op for op in doc["operations"] if op["action"] == "create"]
    assert {op["kind"] for op in creates} == set(CREATE_TYPES)
    for op in creates:
        assert contract_errors(op["request"]["body"], CREATE_TYPES[op["kind"]]) == [], op["key"]


def test_the_tricky_objects_get_the_right_outcome(tmp_path: Path) -> None:
    ops = {
        op["stripe_id"]: op
        for op in plan_sample(tmp_path)["operations"]
        if op["kind"] != "localized_price"
    }
    codes = {sid: {f["code"] for f in op["findings"]} for sid, op in ops.items()}
    assert (
        ops["price_1QTeamSeatsTiered"]["action"] == "manual"
        and "PR012" in codes["price_1QTeamSeatsTiered"]
    )
    assert (
        ops["price_1QApiCallsMetered"]["action"] == "manual"
        and "PR008" in codes["price_1QApiCallsMetered"]
    )
    assert (
        ops["price_1QStickerPack10"]["action"] == "manual"
        and "PR015" in codes["price_1QStickerPack10"]
    )
    assert ops["price_1QGoldUsdMonthlyOld"]["action"] == "skip"
    assert ops["price_1QStarterUsdMonthly"]["action"] == "skip"  # archived product
    assert ops["X5"]["action"] == "manual" and "CP101" in codes["X5"]
    assert "CP103" in codes["promo_1QWelcomeTenUpper"]
    assert ops["SPRING2025"]["action"] == "skip" and "CP100" in codes["SPRING2025"]
    assert ops["cus_QxMartaKowalska01"]["action"] == "skip"
    twins = [ops["cus_QxJaneSmith01"], ops["cus_QxJaneSmith02"]]
    assert sorted(op["action"] for op in twins) == ["create", "skip"]
    assert twins[0]["dodo_id"] == twins[1]["dodo_id"]
    pwyw = ops["price_1QCommunityPwyw"]["request"]["body"]["price"]
    assert (
        pwyw["pay_what_you_want"] is True
        and pwyw["price"] == 500
        and pwyw["suggested_price"] == 1500
    )
    gold = ops["price_1QGoldUsdMonthly"]["request"]["body"]
    assert gold["price"]["payment_frequency_interval"] == "Month"
    assert (
        gold["price"]["subscription_period_count"] == 20
        and gold["price"]["subscription_period_interval"] == "Year"
    )
    assert gold["tax_category"] == "saas"
    assert gold["metadata"]["stripe_product_id"] == "prod_QxGold01"
    assert gold["metadata"]["stripe_price_id"] == "price_1QGoldUsdMonthly"
    quarterly = ops["price_1QGoldUsdQuarterly"]["request"]["body"]["price"]
    assert quarterly["payment_frequency_count"] == 3
    assert (
        ops["plan_gold_weekly"]["request"]["body"]["price"]["payment_frequency_interval"] == "Week"
    )
    assert ops["price_1QProPlanUsdYearly"]["request"]["body"]["price"]["trial_period_days"] == 14


def test_currency_options_default_to_localized_prices(tmp_path: Path) -> None:
    ops = plan_sample(tmp_path)["operations"]
    consulting = next(op for op in ops if op["key"] == "product:price_1QConsultingUsd")
    assert consulting["request"]["body"]["pricing_mode"] == "by_currency"
    localized = [op for op in ops if op["kind"] == "localized_price"]
    assert {op["request"]["body"]["currency"] for op in localized} == {"EUR", "GBP"}
    for op in localized:
        assert op["depends_on"] == ["product:price_1QConsultingUsd"]
        assert op["request"]["path"] == f"/products/{consulting['dodo_id']}/localized-prices"
    separate = plan_sample(tmp_path, PlanOptions(tax_default="saas", currency_options="separate"))
    extra = [
        op
        for op in separate["operations"]
        if op["key"].startswith("product:price_1QConsultingUsd:")
    ]
    assert {op["request"]["body"]["price"]["currency"] for op in extra} == {"EUR", "GBP"}


def test_restricted_coupon_points_at_its_planned_products(tmp_path: Path) -> None:
    ops = plan_sample(tmp_path)["operations"]
    by_key = {op["key"]: op for op in ops}
    subs = by_key["discount:coupon:SUBS50"]
    restricted = subs["request"]["body"]["restricted_to"]
    gold_and_pro = [
        op["dodo_id"]
        for op in ops
        if op["kind"] == "product"
        and op["action"] == "create"
        and op["request"]["body"]["metadata"].get("stripe_product_id")
        in ("prod_QxGold01", "prod_QxProPlan01")
    ]
    assert sorted(restricted) == sorted(gold_and_pro) and restricted
    assert all(key in by_key and by_key[key]["action"] == "create" for key in subs["depends_on"])


def test_no_tax_category_is_never_guessed(tmp_path: Path) -> None:
    ops = plan_sample(tmp_path, PlanOptions())["operations"]
    untaxed = [op for op in ops if op["kind"] == "product" and op["action"] == "manual"]
    assert any("K100" in {f["code"] for f in op["findings"]} for op in untaxed)
    for op in ops:
        if op["kind"] == "product" and op["action"] == "create":
            assert op["request"]["body"]["tax_category"] in ("saas", "digital_products")


def test_id_map_from_the_plan_lets_translate_check_money(tmp_path: Path) -> None:
    ops = read_plan_file(tmp_path)
    ids = IdMap.from_json(dict(id_map_entries(ops)))
    payload = {
        "mode": "subscription",
        "line_items": [{"price": "price_1QGoldUsdMonthly", "quantity": 2}],
    }
    result = translate_params(payload, SourceRef("t", "json"), Options(ids=ids))
    assert result.money is not None and result.money["status"] == "match"
    assert result.money["stripe"] == [
        {"currency": "USD", "amount": 2000, "interval": "Month", "interval_count": 1}
    ]
    gold = next(op for op in ops if op.key == "product:price_1QGoldUsdMonthly")
    assert result.dodo is not None and result.dodo["product_cart"][0]["product_id"] == gold.dodo_id
    # the placeholder is the same one translate derives without an id map
    plain = translate_params(payload, SourceRef("t", "json"))
    assert plain.dodo is not None and plain.dodo["product_cart"][0]["product_id"] == gold.dodo_id


def read_plan_file(tmp_path: Path) -> list[Operation]:
    plan_sample(tmp_path)
    return list(read_plan(str(tmp_path / "plan.json")).operations)


def test_inline_price_data_is_folded_once(tmp_path: Path) -> None:
    same = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 900,
                    "product_data": {"name": "Poster"},
                },
                "quantity": 1,
            }
        ],
    }
    inline = [translate_params(same, SourceRef(f"p{i}", "json")) for i in range(3)]
    ops = list(CatalogPlanner(MemorySource(()), OPTS, inline=inline).plan())
    assert len(ops) == 1 and ops[0].key.startswith("product:inline:")
    assert "3 use(s)" in ops[0].findings[0].message
    assert ops[0].dodo_id == inline[0].requires[0]["id"]


def test_a_recorded_price_the_snapshot_lacks_is_planned_from_the_recording() -> None:
    """A recorded session knows what an unmapped SKU charged: the plan makes that product
    (under the placeholder the session names), unless the snapshot holds the price itself."""
    recorded = {
        "object": "checkout.session",
        "id": "cs_test_1",
        "mode": "payment",
        "display_items": [
            {
                "type": "sku",
                "amount": 2000,
                "currency": "usd",
                "quantity": 1,
                "sku": {"id": "sku_Blue", "price": 2000, "currency": "usd"},
            }
        ],
    }
    result = translate_params(recorded, SourceRef("recorded.json", "json"))
    (required,) = [r for r in result.requires if r.get("kind") == "product"]
    assert required["stripe"] == {"price": "sku_Blue"} and "product" in required
    ops = list(CatalogPlanner(MemorySource(()), OPTS, inline=[result]).plan())
    assert [(op.action, op.dodo_id) for op in ops] == [("create", required["id"])]
    assert ops[0].request is not None
    assert ops[0].request["body"]["price"]["price"] == 2000
    in_snapshot = {
        "id": "sku_Blue",
        "object": "price",
        "type": "one_time",
        "currency": "usd",
        "unit_amount": 2000,
        "product": "prod_x",
    }
    ops = list(CatalogPlanner(MemorySource((in_snapshot,)), OPTS, inline=[result]).plan())
    assert [op.key for op in ops] == ["product:sku_Blue"]


def test_adopted_objects_are_not_created(tmp_path: Path) -> None:
    ids = IdMap.from_json(
        {"price_1QGoldUsdMonthly": "pdt_existing", "cus_QxJohnDoe01": "cus_existing"}
    )
    ops = {
        op.stripe_id: op
        for op in CatalogPlanner(
            SnapshotSource(SNAPSHOT), PlanOptions(ids=ids, tax_default="saas")
        ).plan()
    }
    assert (
        ops["price_1QGoldUsdMonthly"].action == "adopt"
        and ops["price_1QGoldUsdMonthly"].request is None
    )
    assert ops["price_1QGoldUsdMonthly"].dodo_id == "pdt_existing"
    assert ops["cus_QxJohnDoe01"].action == "adopt"


def test_inputs_hash_tracks_contents_not_paths(tmp_path: Path) -> None:
    first = plan_sample(tmp_path)["inputs"]["hash"]
    copy = tmp_path / "copy.jsonl"
    shutil.copy(SNAPSHOT, copy)
    with io.StringIO() as out:
        make_plan(snapshot=str(copy), payloads=(), id_map_path=None, opts=OPTS, out=out)
        assert json.loads(out.getvalue())["inputs"]["hash"] == first
    lines = copy.read_text().splitlines()
    lines[2] = lines[2].replace('"active":true', '"active":false', 1)
    copy.write_text("\n".join(lines) + "\n")
    with io.StringIO() as out:
        make_plan(snapshot=str(copy), payloads=(), id_map_path=None, opts=OPTS, out=out)
        assert json.loads(out.getvalue())["inputs"]["hash"] != first
    with io.StringIO() as out:
        make_plan(
            snapshot=SNAPSHOT,
            payloads=(),
            id_map_path=None,
            opts=PlanOptions(tax_default="edtech"),
            out=out,
        )
        assert json.loads(out.getvalue())["inputs"]["hash"] != first


def test_interrupted_snapshot_is_refused(tmp_path: Path) -> None:
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(Path(SNAPSHOT).read_text().splitlines(keepends=True)[:-1]))
    with pytest.raises(InputError, match="interrupted"):
        make_plan(snapshot=str(cut), payloads=(), id_map_path=None, opts=OPTS, out=io.StringIO())


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_plan_show_and_exit_codes(tmp_path: Path) -> None:
    out, ids = str(tmp_path / "plan.json"), str(tmp_path / "ids.json")
    code, _, err = run(
        "plan", "--snapshot", SNAPSHOT, "--tax-category", "saas", "--out", out, "--id-map-out", ids
    )
    assert code == ExitCode.FINDINGS  # the sample holds tiered, metered and package prices
    assert "operation(s)" in err
    mapping = json.loads(Path(ids).read_text())
    assert mapping["promo_1QBlackFriday2024"] == "BLACKFRIDAY2024"
    assert mapping["price_1QGoldUsdMonthly"]["price"] == 1000
    code, shown, _ = run("plan", "show", out)
    assert code == 0
    plan = read_plan(out)
    assert shown == render_show(plan)
    total_line = next(line for line in shown.splitlines() if line.strip().startswith("total"))
    assert total_line.split()[-1] == str(len(plan.operations))


def test_cli_plan_bad_inputs_are_one_line(tmp_path: Path) -> None:
    code, _, err = run(
        "plan", "--snapshot", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "p.json")
    )
    assert code == ExitCode.INPUT and err.count("\n") == 1 and "missing.jsonl" in err
    code, _, err = run(
        "plan", "--snapshot", SNAPSHOT, "--tax-category", "food", "--out", str(tmp_path / "p.json")
    )
    assert code == 2 and "tax category" in err
    bogus = tmp_path / "bogus.jsonl"
    bogus.write_text('{"object": "product"}\n')
    code, _, err = run("plan", "--snapshot", str(bogus), "--out", str(tmp_path / "p.json"))
    assert code == ExitCode.INPUT and "not a stripe2dodo snapshot" in err
    code, _, err = run("plan", "show", str(bogus))
    assert code == ExitCode.INPUT and "Traceback" not in err


def test_cli_plan_without_snapshot_needs_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRIPE_API_KEY", raising=False)
    code, _, err = run("plan", "--out", str(tmp_path / "p.json"))
    assert code == ExitCode.INPUT and "STRIPE_API_KEY" in err

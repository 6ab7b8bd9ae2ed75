"""One operation type (issue 13): what the planner yields is what the plan file reads back, and
placeholders are replaced in one place."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode, InputError
from migrate.mapping.catalog import PlanOptions
from migrate.plan.ops import Operation, resolve_placeholders
from migrate.plan.planfile import PlanInputs, read_plan, write_plan
from migrate.plan.planner import CatalogPlanner, SnapshotSource

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SNAPSHOT = str(SAMPLES / "snapshot.jsonl")
PDT = "s2d_pdt_0123456789abcdef0123"
CUS = "s2d_cus_fedcba9876543210fedc"


def planned() -> list[Operation]:
    return list(CatalogPlanner(SnapshotSource(SNAPSHOT), PlanOptions(tax_default="saas")).plan())


def test_the_plan_file_reads_back_the_operations_the_planner_yielded(tmp_path: Path) -> None:
    ops = planned()
    assert {op.kind for op in ops} == {"product", "localized_price", "discount", "customer"}
    assert {op.action for op in ops} == {"create", "skip", "manual"}
    path = tmp_path / "plan.json"
    with path.open("w", encoding="utf-8") as out:
        write_plan(out, PlanInputs(options={}), planned())
    back = read_plan(str(path)).operations
    assert [op.key for op in back] == [op.key for op in ops]
    for mine, read in zip(ops, back, strict=True):
        assert read == mine, mine.key
    manual = [op for op in back if op.action == "manual"]
    assert manual
    for op in manual:  # what a person must do: every blocker, by code and message
        blockers = [f for f in op.findings if f.level == "blocker"]
        assert blockers and op.reason is not None
        assert all(f"{f.code}: " in op.reason for f in blockers), op.reason


def test_an_operation_is_frozen() -> None:
    op = planned()[0]
    with pytest.raises(AttributeError):
        op.action = "skip"  # type: ignore[misc]


def _plan_with(tmp_path: Path, change: dict[str, object]) -> str:
    out = io.StringIO()
    write_plan(out, PlanInputs(options={}), planned())
    doc = json.loads(out.getvalue())
    customer = next(op for op in doc["operations"] if op["kind"] == "customer")
    customer.update(change)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"title": ["not", "a", "title"]}, ".title"),
        ({"charge": "10 USD"}, ".charge"),
        ({"findings": "none"}, ".findings"),
        ({"findings": [{"code": "C1", "level": "fatal", "message": "m"}]}, ".findings[0].level"),
        ({"findings": [{"level": "info", "message": "m"}]}, ".findings[0].code"),
        ({"findings": [7]}, ".findings[0]"),
    ],
)
def test_a_shape_the_planner_never_writes_is_refused_on_load(
    tmp_path: Path, change: dict[str, object], where: str
) -> None:
    path = _plan_with(tmp_path, change)
    with pytest.raises(InputError) as refused:
        read_plan(path)
    assert refused.value.path is not None and refused.value.path.endswith(where)
    assert "customer:" in refused.value.message


def test_placeholders_are_replaced_wherever_they_stand() -> None:
    value = {
        "path": f"/products/{PDT}/localized-prices",
        "cart": [{"product_id": PDT}, {"product_id": "pdt_real"}],
        "customer": {"customer_id": CUS},
        "metadata": {"key": f"product:{PDT}"},
    }
    real = {PDT: "pdt_123"}
    resolved, missing = resolve_placeholders(value, real.get)
    assert resolved == {
        "path": "/products/pdt_123/localized-prices",
        "cart": [{"product_id": "pdt_123"}, {"product_id": "pdt_real"}],
        "customer": {"customer_id": CUS},
        "metadata": {"key": "product:pdt_123"},
    }
    assert missing == [CUS]
    kept, missing = resolve_placeholders(value, real.get, own={PDT})
    assert kept["path"] == value["path"] and missing == [CUS]
    assert value["cart"][0] == {"product_id": PDT}  # the input is not changed


def test_plan_show_refuses_a_hand_edited_plan_in_one_line(tmp_path: Path) -> None:
    path = _plan_with(tmp_path, {"action": "destroy"})
    result = CliRunner().invoke(cli.main, ["plan", "show", path])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr.count("\n") == 1 and "customer:" in result.stderr
    assert "unknown action" in result.stderr and result.stdout == ""

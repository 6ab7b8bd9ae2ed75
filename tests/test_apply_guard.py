"""apply and sessions create against what goes wrong around them: a second run on the same
ledger, a hand-edited plan, a base URL that means live mode, and items only a person can fix.
The real CLI against the local Dodo server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.catalog import KEY_FIELD
from migrate.dodo.sandbox import Sandbox
from migrate.errors import ExitCode

from .test_apply_e2e import KEY, created_keys, planned_keys, write_catalog


def run(*args: str, base: str | None = None, **extra_env: str) -> tuple[int, str, str]:
    environment = {"DODO_PAYMENTS_API_KEY": KEY, **extra_env}
    if base is not None:
        environment["DODO_PAYMENTS_BASE_URL"] = base
    result = CliRunner().invoke(cli.main, list(args), env=environment, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def make_plan(tmp_path: Path, n: int = 8, *, tax: bool = True, name: str = "plan.json") -> Path:
    snap, plan = tmp_path / "snap.jsonl", tmp_path / name
    if not snap.exists():
        write_catalog(snap, n)
    args = ["plan", "--snapshot", str(snap), "--out", str(plan)]
    code, _, err = run(*args, *(["--tax-category", "saas"] if tax else []))
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    return plan


def edit(plan: Path, change: Callable[[list[dict[str, Any]]], None]) -> Path:
    doc = json.loads(plan.read_text())
    change(doc["operations"])
    plan.write_text(json.dumps(doc))
    return plan


def first(ops: list[dict[str, Any]], kind: str, action: str = "create") -> dict[str, Any]:
    return next(op for op in ops if op["kind"] == kind and op["action"] == action)


# -- 15: a hand-edited plan is refused before anything is sent ---------------------------------


def _wipe(ops: list[dict[str, Any]]) -> None:
    first(ops, "product")["request"] = {"method": "DELETE", "path": "/../../admin/wipe"}


def _duplicate(ops: list[dict[str, Any]]) -> None:
    ops.append(copy.deepcopy(first(ops, "customer")))


def _unknown_action(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["action"] = "destroy"


def _unknown_kind(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["kind"] = "payout"


def _get_method(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["method"] = "PATCH"


def _other_host(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["path"] = "https://evil.example/customers"


def _traversal(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["path"] = "/customers/../products"


def _query(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["path"] = "/customers?delete=1"


def _wrong_path_for_kind(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["path"] = "/products"


def _lower_currency(ops: list[dict[str, Any]]) -> None:
    first(ops, "product")["request"]["body"]["price"]["currency"] = "usd"


def _unknown_field(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["body"]["is_admin"] = True


def _key_mismatch(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["request"]["body"]["metadata"][KEY_FIELD] = "customer:someone_else"


def _unknown_dependency(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["depends_on"] = ["product:price_nowhere"]


def _not_an_object(ops: list[dict[str, Any]]) -> None:
    ops.insert(2, ["create", "product"])  # type: ignore[arg-type]


def _no_key(ops: list[dict[str, Any]]) -> None:
    del first(ops, "customer")["key"]


def _same_placeholder(ops: list[dict[str, Any]]) -> None:
    customers = [op for op in ops if op["kind"] == "customer" and op["action"] == "create"]
    customers[1]["dodo_id"] = customers[0]["dodo_id"]


def _adopt_without_id(ops: list[dict[str, Any]]) -> None:
    op = first(ops, "customer")
    op["action"] = "adopt"
    op.pop("dodo_id")


HOSTILE: dict[str, tuple[Callable[[list[dict[str, Any]]], None], str]] = {
    "DELETE /../../admin/wipe": (_wipe, "product:price_00000"),
    "duplicated key": (_duplicate, "customer:cus_00000"),
    "unknown action": (_unknown_action, "customer:cus_00000"),
    "unknown kind": (_unknown_kind, "customer:cus_00000"),
    "PATCH on a create": (_get_method, "customer:cus_00000"),
    "another host": (_other_host, "customer:cus_00000"),
    "dot segments": (_traversal, "customer:cus_00000"),
    "query string": (_query, "customer:cus_00000"),
    "path of another kind": (_wrong_path_for_kind, "customer:cus_00000"),
    "body off the SDK type": (_lower_currency, "product:price_00000"),
    "field the SDK does not have": (_unknown_field, "customer:cus_00000"),
    "metadata key of another op": (_key_mismatch, "customer:cus_00000"),
    "unknown dependency": (_unknown_dependency, "customer:cus_00000"),
    "operation not an object": (_not_an_object, "operations[2]"),
    "operation without key": (_no_key, "operations["),
    "placeholder claimed twice": (_same_placeholder, "customer:cus_00001"),
    "adopt without an id": (_adopt_without_id, "customer:cus_00000"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hand_edited_plan_is_refused_and_nothing_is_sent(case: str, tmp_path: Path) -> None:
    change, names = HOSTILE[case]
    plan = edit(make_plan(tmp_path), change)
    ledger = tmp_path / "ledger.sqlite"
    with Sandbox() as box:
        for flags in (("--apply",), ("--apply", "--force"), ()):
            code, out, err = run("apply", str(plan), "--ledger", str(ledger), *flags, base=box.url)
            assert code == ExitCode.INPUT, (case, flags, err)
            assert err.count("\n") == 1 and names in err and "stripe2dodo plan" in err, err
            assert out == ""
        assert box.requests() == {}
    assert not ledger.exists()


def test_the_plan_a_planner_writes_passes_the_check(tmp_path: Path) -> None:
    """The samples' plan (products, localized prices, discounts restricted to products,
    customers, manual and skipped operations) is valid as it is."""
    samples = Path(__file__).resolve().parent.parent / "samples"
    plan = tmp_path / "plan.json"
    code, _, err = run(
        "plan",
        "--snapshot",
        str(samples / "snapshot.jsonl"),
        "--payloads",
        str(samples / "payloads"),
        "--tax-category",
        "saas",
        "--out",
        str(plan),
    )
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    kinds = {op["kind"] for op in json.loads(plan.read_text())["operations"]}
    assert kinds == {"product", "localized_price", "discount", "customer"}
    code, out, err = run("apply", str(plan), "--ledger", str(tmp_path / "l.sqlite"))
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    assert '"path": "/products/s2d_pdt_' in out


def test_changed_inputs_are_still_refused_and_force_still_applies(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    snap = tmp_path / "snap.jsonl"
    snap.write_text(snap.read_text().replace('"Product 0"', '"Product zero"'))
    with Sandbox() as box:
        code, _, err = run("apply", str(plan), "--apply", base=box.url)
        assert code == ExitCode.INPUT and "inputs changed" in err
        assert box.requests() == {}
        code, _, err = run("apply", str(plan), "--apply", "--force", base=box.url)
        assert code == ExitCode.CLEAN, err
        assert set(created_keys(box)) == planned_keys(plan)


# -- 20: a base URL on Dodo's live host is live mode ----------------------------------------

LIVE_SPELLINGS = (
    "https://live.dodopayments.com",
    "https://live.dodopayments.com/",
    "HTTPS://LIVE.DODOPAYMENTS.COM",
    "https://Live.DodoPayments.com:443/",
    "https://live.dodopayments.com:8443",
    "http://live.dodopayments.com",
    "https://live.dodopayments.com./",
    "  https://live.dodopayments.com//  ",
    "https://live%2Edodopayments.com",
)


@pytest.mark.parametrize("url", LIVE_SPELLINGS)
def test_a_live_base_url_needs_the_live_confirmation(url: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "stripe2dodo.plan/v1", "inputs": {}, "operations": []}))
    code, _, err = run("apply", str(plan), "--apply", "--force", base=url)
    assert code == ExitCode.INPUT and "live mode without a terminal needs --yes" in err, err
    assert err.count("\n") == 1
    code, _, err = run("apply", str(plan), "--apply", "--force", "--dodo-base-url", url)
    assert code == ExitCode.INPUT and "live mode without a terminal needs --yes" in err, err


def test_a_live_base_url_with_yes_goes_on(tmp_path: Path) -> None:
    """An empty plan sends nothing, so --yes on a live URL only shows that the question is
    answered; the sandbox and test hosts never ask."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "stripe2dodo.plan/v1", "inputs": {}, "operations": []}))
    code, _, err = run(
        "apply", str(plan), "--apply", "--force", "--yes", base="https://LIVE.dodopayments.com/"
    )
    assert code == ExitCode.CLEAN, err
    for url in ("https://test.dodopayments.com", "http://127.0.0.1:9", "https://live.example"):
        code, _, err = run("apply", str(plan), "--apply", "--force", base=url)
        assert code == ExitCode.CLEAN, (url, err)

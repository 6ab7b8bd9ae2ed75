"""apply and sessions create against what goes wrong around them: a second run on the same
ledger, a hand-edited plan, a base URL that means live mode, and items only a person can fix.
The real CLI against the local Dodo server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.apply.ledger import Ledger
from migrate.errors import ExitCode
from migrate.mapping.catalog import KEY_FIELD
from migrate.sandbox.app import SandboxApp
from migrate.sandbox.faults import Faults
from migrate.sandbox.server import Sandbox
from tests.apply.test_apply_e2e import KEY, created_keys, env, planned_keys, write_catalog
from tests.apply.test_apply_e2e import cli as argv


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


def _manual_product(ops: list[dict[str, Any]]) -> dict[str, Any]:
    product = first(ops, "product")
    product["action"] = "manual"
    return product


def _depends_on_manual(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["depends_on"] = [_manual_product(ops)["key"]]


def _price_of_manual_product(ops: list[dict[str, Any]]) -> None:
    product = _manual_product(ops)
    ops.append(
        {
            "key": "localized_price:price_00000:EUR",
            "action": "create",
            "kind": "localized_price",
            "stripe_id": "price_00000",
            "request": {
                "method": "POST",
                "path": f"/products/{product['dodo_id']}/localized-prices",
                "body": {"amount": 90, "currency": "EUR"},
            },
        }
    )


def _bad_finding(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["findings"] = [{"code": "K100", "level": "fatal", "message": "x"}]


def _title_not_text(ops: list[dict[str, Any]]) -> None:
    first(ops, "customer")["title"] = {"name": "Jane"}


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
    "depends on manual work": (_depends_on_manual, "customer:cus_00000"),
    "price of a manual product": (_price_of_manual_product, "localized_price:price_00000:EUR"),
    "finding of an unknown level": (_bad_finding, "customer:cus_00000"),
    "title that is not text": (_title_not_text, "customer:cus_00000"),
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


def test_a_plan_nested_past_what_python_decodes_is_one_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text('{"format": "stripe2dodo.plan/v1", "x": ' + "[" * 5000 + "]" * 5000 + "}")
    code, out, err = run("apply", str(plan))
    assert code == ExitCode.INPUT, err
    assert err.count("\n") == 1 and "plan.json" in err and "stripe2dodo plan" in err, err
    assert "internal error" not in err and out == ""


def test_the_plan_a_planner_writes_passes_the_check(tmp_path: Path) -> None:
    """The samples' plan (products, localized prices, discounts restricted to products,
    customers, manual and skipped operations) is valid as it is."""
    samples = Path(__file__).resolve().parents[2] / "samples"
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
    assert code in (ExitCode.CLEAN, ExitCode.MANUAL), err
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


# -- 25: manual work is not "run again" -------------------------------------------------------


def test_manual_items_exit_4_with_their_reasons_and_ledger_show_says_why(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, tax=False)  # products without a tax category need a person
    ops = json.loads(plan.read_text())["operations"]
    manual = [op["key"] for op in ops if op["action"] == "manual"]
    assert manual and any(op["action"] == "create" for op in ops)
    ledger = tmp_path / "l.sqlite"
    with Sandbox() as box:
        for _ in range(2):  # a rerun changes nothing, and says so the same way
            code, _, err = run("apply", str(plan), "--apply", "--ledger", str(ledger), base=box.url)
            assert code == ExitCode.MANUAL, err
            assert "run again" not in err and "manual work" in err
            assert all(f"{key}: K100" in err for key in manual), err
        assert set(created_keys(box)) == planned_keys(plan)
    dry = run("apply", str(plan), "--ledger", str(ledger))
    assert dry[0] == ExitCode.MANUAL
    code, out, _ = run("ledger", "show", str(ledger))
    assert code == 0
    lines = [line for line in out.splitlines() if line.strip().startswith("manual")]
    assert len(lines) == len(manual)
    assert all("K100" in line and "tax category" in line for line in lines), lines
    code, out, _ = run("ledger", "show", str(ledger), "--format", "json")
    reasons = {o["key"]: o.get("reason") for o in json.loads(out)["operations"]}
    assert all(reasons[key] and "K100" in reasons[key] for key in manual)


def test_a_failure_says_run_again_and_wins_over_manual_work(tmp_path: Path) -> None:
    plan = make_plan(tmp_path, tax=False)

    def refuse(ops: list[dict[str, Any]]) -> None:
        first(ops, "customer")["request"]["body"]["name"] = "   "  # a string, but Dodo says 422

    edit(plan, refuse)
    with Sandbox() as box:
        code, _, err = run("apply", str(plan), "--apply", base=box.url)
    assert code == ExitCode.FINDINGS, err
    assert "failed: customer:cus_00000" in err and "run again" in err and "manual work" in err


def test_a_ledger_from_before_reasons_gets_them(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as db:
        db.executescript(
            "CREATE TABLE ops (key TEXT PRIMARY KEY, kind TEXT NOT NULL, stripe_id TEXT, "
            "placeholder TEXT, state TEXT NOT NULL, dodo_id TEXT, code TEXT, attempts INTEGER "
            "NOT NULL DEFAULT 0, request_sha TEXT, response TEXT, error TEXT, error_status "
            "INTEGER, error_code TEXT, updated_at TEXT NOT NULL);"
            "INSERT INTO ops (key, kind, state, updated_at) VALUES ('product:p', 'product', "
            "'manual', '2026-01-01T00:00:00Z');"
        )
    db.close()
    with Ledger(str(old)) as book:
        assert [e.reason for e in book.entries()] == [None]
        book.record(
            "product:p",
            kind="product",
            stripe_id="p",
            placeholder=None,
            state="manual",
            reason="K100: no tax category",
        )
    with Ledger(str(old)) as book:
        entry = book.get("product:p")
    assert entry is not None and entry.reason == "K100: no tax category"


# -- 13: one run at a time per ledger --------------------------------------------------------


class Gate:
    """The sandbox's latency sleep, held shut: a request that arrives waits until ``open``."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.cond = threading.Condition()
        self.arrivals = 0

    def sleep(self, _seconds: float) -> None:
        with self.cond:
            self.arrivals += 1
            self.cond.notify_all()
        self.opened.wait(60)

    def wait_for(self, arrivals: int, proc: subprocess.Popen[str]) -> bool:
        """Until ``arrivals`` requests are held or ``proc`` ended; whether they arrived."""
        deadline = time.monotonic() + 60
        with self.cond:
            while self.arrivals < arrivals and proc.poll() is None:
                if time.monotonic() > deadline:
                    return False
                self.cond.wait(0.05)
            return self.arrivals >= arrivals


def gated_sandbox(gate: Gate) -> Sandbox:
    box = Sandbox()
    box.app = SandboxApp(faults=Faults(latency=0.001), sleep=gate.sleep)
    return box


def spawn(*args: str, base: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        argv(*args), env=env(base), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "second",
    [
        ("apply", "{plan}", "--apply", "--ledger", "{ledger}"),
        ("apply", "{plan}", "--apply"),  # the default ledger beside the plan is the same file
        ("sessions", "create", "{payload}", "--ledger", "{ledger}", "--apply"),
    ],
    ids=["apply", "apply-default-ledger", "sessions-create"],
)
def test_a_second_run_on_a_ledger_in_use_refuses_and_nothing_is_created_twice(
    second: tuple[str, ...], tmp_path: Path
) -> None:
    plan = make_plan(tmp_path, 40)
    ledger = plan.with_suffix(".ledger.sqlite")
    payload = tmp_path / "payload.json"
    payload.write_text(
        json.dumps(
            {
                "mode": "payment",
                "line_items": [{"price": "price_00001", "quantity": 1}],
                "success_url": "https://example.com/ok",
            }
        )
    )
    names = {"plan": str(plan), "ledger": str(ledger), "payload": str(payload)}
    gate = Gate()
    with gated_sandbox(gate) as box:
        one = spawn("apply", str(plan), "--apply", "--ledger", str(ledger), base=box.url)
        try:
            assert gate.wait_for(1, one), "the first run never reached Dodo"
            two = spawn(*(a.format(**names) for a in second), base=box.url)
            gate.wait_for(2, two)  # refused at once, or (the bug) reaches Dodo as well
        finally:
            gate.opened.set()
        _, err_one = one.communicate(timeout=120)
        out_two, err_two = two.communicate(timeout=120)
        keys = created_keys(box)
        sessions = box.objects("checkout")
    assert one.returncode == 0, err_one
    assert two.returncode == ExitCode.INPUT, err_two
    assert err_two.count("\n") == 1 and "in use by another run" in err_two, err_two
    assert set(keys) == planned_keys(plan) and max(keys.values()) == 1
    assert sessions == [] and out_two == ""


@pytest.mark.slow
def test_the_ledger_is_free_again_after_a_run_and_after_a_kill(tmp_path: Path) -> None:
    plan = make_plan(tmp_path)
    ledger = str(plan.with_suffix(".ledger.sqlite"))
    with Ledger(ledger, exclusive=True):
        code, _, err = run("apply", str(plan), "--apply", base="http://127.0.0.1:9")
        assert code == ExitCode.INPUT and "in use by another run" in err
        assert f"pid {os.getpid()}" in err
        with Ledger(ledger) as reader:  # readers (ledger show, dry runs) are never refused
            assert reader.counts() == {}
    gate = Gate()
    with gated_sandbox(gate) as box:
        one = spawn("apply", str(plan), "--apply", base=box.url)
        assert gate.wait_for(1, one)
        one.kill()
        one.wait()
        gate.opened.set()
        code, _, err = run("apply", str(plan), "--apply", base=box.url)
        assert code == ExitCode.CLEAN, err
        assert set(created_keys(box)) == planned_keys(plan)

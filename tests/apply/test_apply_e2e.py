"""apply, end to end: the real CLI in a subprocess, the real client, the local Dodo server on
127.0.0.1 with faults. Each object must exist exactly once, whatever happens."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from migrate.apply.ledger import Ledger
from migrate.mapping.catalog import KEY_FIELD
from migrate.readers.snapshot import SnapshotWriter
from migrate.sandbox.server import Sandbox

pytestmark = pytest.mark.slow  # every test runs the CLI in a subprocess against a served sandbox

KEY = "sk_dodo_test_e2eSecretKeyThatMustNeverLeak_000"
FAST_APPLY = ("--apply", "--rate", "0", "--per-minute", "0", "--workers", "8")
"""apply with no client-side limit (the local server has none unless a test sets one)."""


def write_catalog(path: Path, n: int, coupons: tuple[dict[str, Any], ...] = ()) -> None:
    """A snapshot of n/2 products with one price each and n/2 customers (n creations), plus
    the given coupons."""
    with path.open("w") as out:
        writer = SnapshotWriter(
            out, api_version="2026-10-28.endive", exported_at="2026-11-22T00:00:00Z", livemode=False
        )
        for i in range(n // 2):
            writer.write(
                {"id": f"prod_{i:05d}", "object": "product", "name": f"Product {i}", "active": True}
            )
        for i in range(n // 2):
            writer.write(
                {
                    "id": f"price_{i:05d}",
                    "object": "price",
                    "product": f"prod_{i:05d}",
                    "active": True,
                    "type": "one_time",
                    "currency": "usd",
                    "unit_amount": 100 + i,
                    "billing_scheme": "per_unit",
                }
            )
        for i in range(n // 2):
            writer.write(
                {
                    "id": f"cus_{i:05d}",
                    "object": "customer",
                    "email": f"c{i}@example.com",
                    "name": f"C {i}",
                }
            )
        for coupon in coupons:
            writer.write(coupon)
        writer.close()


def cli(*args: str, env_extra: dict[str, str] | None = None) -> list[str]:
    return [sys.executable, "-m", "migrate", *args]


def env(base: str) -> dict[str, str]:
    return {**os.environ, "DODO_PAYMENTS_API_KEY": KEY, "DODO_PAYMENTS_BASE_URL": base}


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    snap, plan = tmp_path / "snap.jsonl", tmp_path / "plan.json"
    write_catalog(snap, 500)
    subprocess.run(
        cli("plan", "--snapshot", str(snap), "--tax-category", "saas", "--out", str(plan)),
        check=True,
        capture_output=True,
    )
    return plan


def apply(
    plan: Path, base: str, *extra: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli("apply", str(plan), *FAST_APPLY, *extra),
        env=env(base),
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def created_keys(box: Sandbox) -> Counter[str]:
    keys: Counter[str] = Counter()
    for kind in ("product", "customer", "discount"):
        for obj in box.objects(kind):
            keys[(obj.get("metadata") or {}).get(KEY_FIELD, "?")] += 1
    return keys


def planned_keys(plan: Path) -> set[str]:
    ops = json.loads(plan.read_text())["operations"]
    return {op["key"] for op in ops if op["action"] == "create"}


def test_killed_at_random_points_then_rerun_creates_each_object_once(
    plan_file: Path, tmp_path: Path
) -> None:
    rng = random.Random(2026)
    with Sandbox(latency=0.003, seed=1) as box:
        for _ in range(4):
            proc = subprocess.Popen(
                cli("apply", str(plan_file), *FAST_APPLY),
                env=env(box.url),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(rng.uniform(0.3, 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        final = apply(plan_file, box.url)
        assert final.returncode == 0, final.stderr
        keys = created_keys(box)
    assert set(keys) == planned_keys(plan_file)
    assert max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]


def test_faults_never_duplicate_and_every_failure_is_recorded(
    plan_file: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "faults.sqlite"
    with Sandbox(error_rate=0.10, throttle_rate=0.05, lost_rate=0.02, seed=3) as box:
        runs = []
        for _ in range(6):
            done = apply(plan_file, box.url, "--ledger", str(ledger))
            runs.append(done)
            if done.returncode == 0:
                break
        assert runs[-1].returncode == 0, runs[-1].stderr[-2000:]
        keys = created_keys(box)
        faults = box.faults()
    assert set(keys) == planned_keys(plan_file) and max(keys.values()) == 1
    assert (
        faults.get("error", 0) > 0
        and faults.get("lost", 0) > 0
        and faults.get("rate_limited", 0) > 0
    )
    with Ledger(str(ledger)) as book:
        entries = list(book.entries())
    # every object took at least one attempt; those hit by a fault took more, and all are done now
    assert sum(e.attempts for e in entries) > len(planned_keys(plan_file))
    assert {e.state for e in entries if e.key in planned_keys(plan_file)} <= {"done", "adopted"}


def test_a_refused_object_is_recorded_with_dodos_message(plan_file: Path, tmp_path: Path) -> None:
    doc = json.loads(plan_file.read_text())
    victim = next(
        op for op in doc["operations"] if op["kind"] == "product" and op["action"] == "create"
    )
    victim["request"]["body"]["name"] = "x" * 101  # fits the SDK type, but Dodo says 422
    plan_file.write_text(json.dumps(doc))
    ledger = tmp_path / "refused.sqlite"
    with Sandbox(seed=4) as box:
        done = apply(plan_file, box.url, "--ledger", str(ledger), "--force")
        keys = created_keys(box)
    assert done.returncode == 1
    assert victim["key"] not in keys and set(keys) == planned_keys(plan_file) - {victim["key"]}
    with Ledger(str(ledger)) as book:
        entry = book.get(victim["key"])
    assert entry is not None and entry.state == "failed" and entry.error_status == 422
    assert entry.error and entry.error_code
    assert victim["key"] in done.stderr


def test_keys_never_reach_output_plan_ledger_or_logs(plan_file: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "secret.sqlite"
    with Sandbox(seed=5, error_rate=0.05) as box:
        outputs = [apply(plan_file, box.url, "--ledger", str(ledger)) for _ in range(2)]
        dry = subprocess.run(
            cli("apply", str(plan_file), "--ledger", str(ledger)),
            env=env(box.url),
            check=False,
            capture_output=True,
            text=True,
        )
        shown = subprocess.run(
            cli("ledger", "show", str(ledger)), check=False, capture_output=True, text=True
        )
    everything = "".join(o.stdout + o.stderr for o in [*outputs, dry, shown])
    everything += plan_file.read_text() + ledger.read_bytes().decode("latin-1")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            everything += path.read_bytes().decode("latin-1")
    assert KEY not in everything and KEY[-20:] not in everything


def test_sessions_are_created_once_with_real_ids(tmp_path: Path) -> None:
    snap, plan, ledger = tmp_path / "snap.jsonl", tmp_path / "plan.json", tmp_path / "l.sqlite"
    coupon = {"id": "Save10", "object": "coupon", "percent_off": 10, "duration": "once"}
    promo = {
        "id": "promo_welcome",
        "object": "promotion_code",
        "code": "welcome5",
        "active": True,
        "promotion": {"type": "coupon", "coupon": "Save10"},
    }
    write_catalog(snap, 6, ({**coupon, "valid": True}, promo))
    subprocess.run(
        cli("plan", "--snapshot", str(snap), "--tax-category", "saas", "--out", str(plan)),
        check=True,
        capture_output=True,
    )
    payloads = tmp_path / "payloads.jsonl"
    good = {
        "discounts": [{"promotion_code": "promo_welcome"}],
        "mode": "payment",
        "line_items": [{"price": "price_00001", "quantity": 2}],
        "success_url": "https://example.com/ok",
        "client_reference_id": "order_1",
    }
    unknown = {"mode": "payment", "line_items": [{"price": "price_99999", "quantity": 1}]}
    mixed = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "usd",
                    "unit_amount": 100,
                    "product_data": {"name": "A"},
                },
                "quantity": 1,
            }
        ],
        "payment_intent_data": {"capture_method": "manual"},
    }
    payloads.write_text("".join(json.dumps(p) + "\n" for p in (good, unknown, mixed)))
    with Sandbox(seed=6) as box:
        assert apply(plan, box.url, "--ledger", str(ledger)).returncode == 0
        args = (
            "sessions",
            "create",
            str(payloads),
            "--ledger",
            str(ledger),
            "--preview",
            "--apply",
        )
        first = subprocess.run(
            cli(*args, "-o", str(tmp_path / "one.jsonl")),
            env=env(box.url),
            check=False,
            capture_output=True,
            text=True,
        )
        second = subprocess.run(
            cli(*args, "-o", str(tmp_path / "two.jsonl")),
            env=env(box.url),
            check=False,
            capture_output=True,
            text=True,
        )
        sessions = box.objects("checkout")
    one = [json.loads(line) for line in (tmp_path / "one.jsonl").read_text().splitlines()]
    two = [json.loads(line) for line in (tmp_path / "two.jsonl").read_text().splitlines()]
    assert [r["status"] for r in one] == ["done", "blocked", "blocked"]
    assert (
        first.returncode == 1 and second.returncode == 1
    )  # two payloads are blocked, with reasons
    assert "price_99999" in one[1]["error"] or "s2d_pdt_" in one[1]["error"]
    assert "P001" in one[2]["error"]
    assert one[0]["session_id"] == two[0]["session_id"] and two[0]["note"] == "created earlier"
    assert len(sessions) == 1
    # the promotion code id became the migrated discount's code through the ledger
    assert "WELCOME5" in json.dumps(sessions[0])
    with Ledger(str(ledger)) as book:
        product = book.id_map()["price_00001"]
    assert product.startswith("pdt_") and product in json.dumps(sessions[0])

"""`sessions create` against the sandbox: a session that cannot be created says exactly what to
run about it, and "charge now and save" mandates are checked against what Dodo charges for them
(issue 12, item 24)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.apply.ledger import Ledger
from migrate.errors import ExitCode
from migrate.sandbox.server import Sandbox

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SNAPSHOT = str(SAMPLES / "snapshot.jsonl")
FAST = ("--rate", "0", "--per-minute", "0")


def run(*args: str, url: str | None = None) -> tuple[int, str, str]:
    env = {"DODO_PAYMENTS_BASE_URL": url, "DODO_PAYMENTS_API_KEY": "sk_test_x"} if url else None
    result = CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def box() -> object:
    with Sandbox(seed=24) as sandbox:
        yield sandbox


def applied(tmp_path: Path, url: str, *payloads: str) -> str:
    """Plan the sample catalog (with these payloads), apply it to the sandbox; the ledger."""
    plan = str(tmp_path / "plan.json")
    extra = [arg for p in payloads for arg in ("--payloads", p)]
    code, _, err = run(
        "plan", "--snapshot", SNAPSHOT, *extra, "--tax-category", "saas", "--out", plan
    )
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    code, _, err = run("apply", plan, "--apply", *FAST, url=url)
    assert "applied:" in err, err
    return str(tmp_path / "plan.ledger.sqlite")


def sessions(tmp_path: Path, url: str, ledger: str, *paths: str) -> list[dict]:
    out = tmp_path / "sessions.jsonl"
    code, _, err = run(
        "sessions", "create", *paths, "--ledger", ledger, "--preview", "--apply", *FAST,
        "-o", str(out), url=url,
    )  # fmt: skip
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_charge_now_and_save_is_created_with_its_first_charge(tmp_path: Path, box) -> None:
    """The mandate product costs 0; Dodo charges `on_demand.product_price` (4900), which is
    what Stripe charged: the preview check must not block it for "totals 0"."""
    payload = str(SAMPLES / "payloads" / "lifecycle" / "charge-and-save.json")
    ledger = applied(tmp_path, box.url, payload)
    (row,) = sessions(tmp_path, box.url, ledger, payload)
    assert row["status"] == "done", row
    (created,) = box.objects("checkout")
    assert created["request"]["subscription_data"]["on_demand"]["product_price"] == 4900


def test_a_session_whose_inline_price_is_not_in_the_plan_says_to_plan_with_payloads(
    tmp_path: Path, box
) -> None:
    payload = tmp_path / "inline.json"
    shutil.copy(SAMPLES / "payloads" / "seed002" / "b-price-data-product-data.json", payload)
    ledger = applied(tmp_path, box.url)  # planned without --payloads
    (row,) = sessions(tmp_path, box.url, ledger, str(payload))
    assert row["status"] == "blocked"
    assert "not in the plan" in row["error"]
    assert f"--payloads {payload}" in row["error"]
    assert box.objects("checkout") == []


def test_a_price_nothing_knows_says_to_map_it(tmp_path: Path, box) -> None:
    payload = str(SAMPLES / "payloads" / "legacy" / "redirect-to-checkout-items-sku.json")
    ledger = applied(tmp_path, box.url, payload)
    (row,) = sessions(tmp_path, box.url, ledger, payload)
    assert row["status"] == "blocked"
    # BlueM is planned from the snapshot's recorded session (it knows what BlueM charged);
    # nothing knows BlueL
    assert "sku_QxTshirtBlueL" in row["error"] and "sku_QxTshirtBlueM" not in row["error"]
    assert "in neither the plan nor the id map" in row["error"]
    assert "--id-map" in row["error"]


def test_a_product_that_failed_to_apply_says_to_apply_again(tmp_path: Path, box) -> None:
    payload = str(SAMPLES / "payloads" / "seed002" / "c-one-time-price.json")
    ledger = applied(tmp_path, box.url)
    with Ledger(ledger) as book:
        entry = book.get("product:price_1QTshirtUsd")
        assert entry is not None
        book.record(
            entry.key,
            kind=entry.kind,
            stripe_id=entry.stripe_id,
            placeholder=entry.placeholder,
            state="failed",
            error="422 INVALID: made up for the test",
        )
    (row,) = sessions(tmp_path, box.url, ledger, payload)
    assert row["status"] == "blocked"
    assert "failed in the ledger" in row["error"]
    assert "product:price_1QTshirtUsd" in row["error"]
    assert "apply PLAN --apply" in row["error"]


def test_a_dry_run_resolves_through_the_ledger_and_leaves_it_as_it_was(tmp_path: Path, box) -> None:
    """Without --apply, sessions go through the engine's recording sink and a scratch copy of
    the ledger: the requests carry the real ids, nothing is sent, nothing is recorded."""
    payload = str(SAMPLES / "payloads" / "seed002" / "c-one-time-price.json")
    ledger = applied(tmp_path, box.url)
    with Ledger(ledger) as book:
        before = ([e.as_dict() for e in book.entries()], book.session_counts())
        real = book.id_map()["price_1QTshirtUsd"]
    out = tmp_path / "dry.jsonl"
    code, _, err = run(
        "sessions", "create", payload, "--ledger", ledger, "-o", str(out), url=box.url
    )
    assert code == ExitCode.CLEAN, err
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["status"] == "planned" and "needs" not in row
    assert row["request"]["method"] == "POST" and row["request"]["path"] == "/checkouts"
    assert row["request"]["body"]["product_cart"][0]["product_id"] == real
    with Ledger(ledger) as book:
        assert ([e.as_dict() for e in book.entries()], book.session_counts()) == before
    assert box.objects("checkout") == []

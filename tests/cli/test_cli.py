"""`stripe2dodo translate` as a user runs it: exit codes, one-line errors, formats, secrets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from migrate.mapping import stream

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
ID_MAP = str(SAMPLES / "id-map.json")
CLEAN = {
    "mode": "payment",
    "line_items": [{"price": "price_1QTshirtUsd", "quantity": 2}],
    "success_url": "https://example.com/ok",
    "cancel_url": "https://example.com/cart",
}
WARNING_ONLY = {**CLEAN, "expires_at": 1767225600}
BLOCKER = {**CLEAN, "payment_intent_data": {"capture_method": "manual"}}


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, content: str | dict) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def test_clean_payload_exits_0(tmp_path: Path) -> None:
    code, out, _ = run(
        "translate", write(tmp_path, "a.json", CLEAN), "--id-map", ID_MAP, "--format", "json"
    )
    assert code == ExitCode.CLEAN
    doc = json.loads(out)
    (result,) = doc["results"]
    assert result["dodo"]["product_cart"] == [
        {"product_id": "pdt_ZOXhVmZKr18BE48OjJje6", "quantity": 2}
    ]
    # the request names a price id only; the id map's entry says what it charges
    # ({"id", "price": 2000, "currency": "USD"}), so the cart is checked against it
    assert result["money"]["status"] == "match"
    assert result["money"]["stripe"] == [
        {"currency": "USD", "amount": 4000, "interval": None, "interval_count": 1}
    ]
    assert result["findings"] == []
    assert doc["summary"]["findings"] == {"info": 0, "warning": 0, "blocker": 0}


def recorded_session(subtotal: int) -> dict:
    price = {
        "id": "price_1QTshirtUsd",
        "object": "price",
        "currency": "usd",
        "unit_amount": 2000,
        "type": "one_time",
        "product": "prod_QxTshirt01",
    }
    return {
        "object": "checkout.session",
        "id": "cs_test_money",
        "mode": "payment",
        "currency": "usd",
        "amount_subtotal": subtotal,
        "success_url": "https://example.com/ok",
        "line_items": {
            "object": "list",
            "has_more": False,
            "data": [{"object": "item", "quantity": 2, "price": price}],
        },
    }


def translate_one(tmp_path: Path, doc: dict) -> tuple[int, dict]:
    """Translate one document with the sample id map; the exit code and its only result."""
    path = write(tmp_path, "doc.json", doc)
    code, out, _ = run("translate", path, "--id-map", ID_MAP, "--format", "json")
    (result,) = json.loads(out)["results"]
    return code, result


def test_recorded_session_charges_the_same(tmp_path: Path) -> None:
    code, result = translate_one(tmp_path, recorded_session(4000))
    assert result["money"]["status"] == "match"
    assert (
        result["money"]["stripe"]
        == result["money"]["dodo"]
        == [{"currency": "USD", "amount": 4000, "interval": None, "interval_count": 1}]
    )
    assert result["dodo"]["metadata"] == {"stripe_checkout_session_id": "cs_test_money"}
    assert code == ExitCode.CLEAN


def test_recorded_session_that_paid_more_is_a_money_blocker(tmp_path: Path) -> None:
    code, result = translate_one(tmp_path, recorded_session(4500))
    codes = {f["code"]: f["level"] for f in result["findings"]}
    assert codes["M001"] == "blocker" and codes["M004"] == "warning"
    assert result["money"]["status"] == "mismatch"
    assert code == ExitCode.FINDINGS


def test_warnings_exit_0_unless_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "w.json", WARNING_ONLY)
    assert run("translate", path, "--id-map", ID_MAP)[0] == ExitCode.CLEAN
    assert run("translate", path, "--id-map", ID_MAP, "--strict")[0] == ExitCode.FINDINGS


def test_blockers_exit_1(tmp_path: Path) -> None:
    code, out, _ = run("translate", write(tmp_path, "b.json", BLOCKER), "--id-map", ID_MAP)
    assert code == ExitCode.FINDINGS
    assert "P001" in out


def test_malformed_json_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "mode": "payment",\n  "line_items": [\n}')
    code, _, err = run("translate", path)
    assert code == ExitCode.INPUT
    lines = err.strip().splitlines()
    assert any(f"{path}:4" in line for line in lines), err
    assert "Traceback" not in err


def test_one_bad_line_does_not_stop_the_others(tmp_path: Path) -> None:
    text = "\n".join([json.dumps(CLEAN), '{"mode": "payment", oops}', json.dumps(BLOCKER)]) + "\n"
    code, out, err = run("translate", write(tmp_path, "batch.jsonl", text), "--format", "jsonl")
    assert code == ExitCode.INPUT
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in results] == ["translated", "error", "translated"]
    assert results[1]["source"]["line"] == 2
    assert "batch.jsonl:2" in err


def test_missing_file_and_others_still_translate(tmp_path: Path) -> None:
    good = write(tmp_path, "good.json", CLEAN)
    code, out, err = run("translate", str(tmp_path / "nope.json"), good, "--format", "jsonl")
    assert code == ExitCode.INPUT
    statuses = [json.loads(line)["status"] for line in out.splitlines()]
    assert statuses == ["error", "translated"]
    assert "nope.json" in err and "Traceback" not in err


def test_bad_id_map_is_one_line(tmp_path: Path) -> None:
    id_map = write(tmp_path, "ids.json", '{"price_1": 42}')
    code, _, err = run("translate", write(tmp_path, "a.json", CLEAN), "--id-map", id_map)
    assert code == ExitCode.INPUT
    assert err.count("\n") == 1 and "price_1" in err


def test_stdin_and_form_body() -> None:
    body = (
        "mode=payment&line_items[0][price]=price_1QTshirtUsd&line_items[0][quantity]=3"
        "&success_url=https%3A%2F%2Fexample.com%2Fok"
    )
    code, out, _ = run("translate", "-", "--id-map", ID_MAP, "--format", "jsonl", input=body + "\n")
    (result,) = [json.loads(line) for line in out.splitlines()]
    assert result["dodo"]["product_cart"][0]["quantity"] == 3
    assert result["dodo"]["return_url"] == "https://example.com/ok"
    assert code == ExitCode.CLEAN


def test_api_keys_never_reach_the_output(tmp_path: Path) -> None:
    key = "sk_live_51AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    script = (
        "curl https://api.stripe.com/v1/checkout/sessions \\\n"
        f"  -u {key}: \\\n"
        f'  -H "Authorization: Bearer {key}" \\\n'
        "  -d mode=payment \\\n"
        '  -d "line_items[0][price]"=price_1QTshirtUsd \\\n'
        '  -d "line_items[0][quantity]"=1\n'
    )
    path = write(tmp_path, "call.sh", script)
    for fmt in ("json", "jsonl", "text"):
        code, out, err = run("translate", path, "--format", fmt, "-v")
        assert key not in out and key not in err
        assert "sk_live" not in out + err
        assert code in (ExitCode.CLEAN, ExitCode.FINDINGS)


def test_internal_errors_are_one_line_unless_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(stream, "translate_item", boom)
    path = write(tmp_path, "a.json", CLEAN)
    other = write(tmp_path, "b.json", CLEAN)
    code, out, err = run("translate", path, other, "--format", "jsonl")
    assert code == ExitCode.INTERNAL
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["error", "error"]
    assert err.count("simulated bug") == 2 and "Traceback" not in err
    code, _, err = run("--traceback", "translate", path)
    assert code == ExitCode.INTERNAL and "Traceback" in err


def test_rules_command_explains_a_code() -> None:
    code, out, _ = run("rules", "c003")
    assert code == 0 and out.startswith("C003 success-url-template")
    assert run("rules", "ZZ999")[0] == ExitCode.INPUT


@pytest.mark.slow
def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "migrate",
            "translate",
            str(SAMPLES / "payloads/scenarios/03-subscription-with-trial.json"),
            "--format",
            "json",
            "--id-map",
            ID_MAP,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert json.loads(proc.stdout)["results"][0]["dodo"]["subscription_data"] == {
        "trial_period_days": 14
    }


def test_parallel_run_gives_the_same_output_in_order(tmp_path: Path) -> None:
    docs = [dict(CLEAN, client_reference_id=f"order_{i}") for i in range(700)]
    docs[350] = BLOCKER
    text = "\n".join(json.dumps(d) for d in docs) + "\n" + "{broken\n"
    path = write(tmp_path, "many.jsonl", text)
    one = run("translate", path, "--format", "json", "--jobs", "1", "--id-map", ID_MAP)
    two = run("translate", path, "--format", "json", "--jobs", "2", "--id-map", ID_MAP)
    assert one == two
    assert one[0] == ExitCode.INPUT
    results = json.loads(one[1])["results"]
    assert len(results) == 701
    assert [r["source"]["line"] for r in results] == list(range(1, 702))
    assert results[350]["findings"][0]["code"] == "P001"


def test_bad_jobs_value_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("translate", write(tmp_path, "a.json", CLEAN), "--jobs", "zero")
    assert code == 2 and "--jobs" in err


def test_live_mode_is_never_entered_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "stripe2dodo.plan/v1", "inputs": {}, "operations": []}))
    monkeypatch.setenv("DODO_PAYMENTS_API_KEY", "sk_whatever")
    monkeypatch.delenv("DODO_PAYMENTS_BASE_URL", raising=False)
    for flags in (["--live"], ["--mode", "live"]):
        code, _, err = run("apply", str(plan), "--apply", "--force", *flags)
        assert code == 2 and "live mode without a terminal needs --yes" in err


def test_sessions_dry_run_with_a_missing_ledger_is_one_line(tmp_path: Path) -> None:
    payload = write(tmp_path, "p.json", CLEAN)
    code, _, err = run("sessions", "create", payload, "--ledger", str(tmp_path / "none.sqlite"))
    assert code == ExitCode.INPUT and err.count("\n") == 1 and "no such ledger" in err
    assert not (tmp_path / "none.sqlite").exists()

"""Every command on a path that is not there: exit 2, one `stripe2dodo: error:` line naming the
path and what to do, no traceback, and nothing written or created (issue 12, item 21)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SNAPSHOT = str(SAMPLES / "snapshot.jsonl")
ARRAY = str(SAMPLES / "payloads" / "array.json")


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("stripe2dodo: error:")]


MISSING_INPUTS = {
    "sessions create": ["sessions", "create", "nope.json"],
    "sessions create --snapshot": ["sessions", "create", "--snapshot", "nope.jsonl"],
    "translate": ["translate", "nope.json"],
    "report": ["report", "nope"],
    "report --ledger": ["report", ARRAY, "--ledger", "nope.sqlite"],
    "report --id-map": ["report", ARRAY, "--id-map", "nope.json"],
    "scan": ["scan", "nope"],
    "plan --snapshot": ["plan", "--snapshot", "nope.jsonl", "--tax-category", "saas", "--out", "p"],
    "plan show": ["plan", "show", "nope.json"],
    "apply": ["apply", "nope.json"],
    "ledger show": ["ledger", "show", "nope.sqlite"],
    "ledger ids": ["ledger", "ids", "nope.sqlite"],
    "retries plan": ["retries", "plan", "nope.csv"],
}


@pytest.mark.parametrize("args", MISSING_INPUTS.values(), ids=MISSING_INPUTS.keys())
def test_a_missing_input_is_exit_2_and_one_line(tmp_path: Path, args: list[str]) -> None:
    code, _, err = run(*args, cwd=tmp_path)
    assert code == ExitCode.INPUT, err
    (line,) = error_lines(err)
    assert "nope" in line
    assert "Traceback" not in err and "Usage:" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "nothing may be created"


def test_sessions_create_reads_the_other_inputs_and_marks_the_missing_one(tmp_path: Path) -> None:
    code, out, err = run("sessions", "create", "nope.json", ARRAY, cwd=tmp_path)
    assert code == ExitCode.INPUT
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["status"] for line in lines] == ["unreadable", "planned", "planned", "planned"]
    assert lines[0]["source"] == "nope.json"
    (line,) = error_lines(err)
    assert line == "stripe2dodo: error: nope.json: file not found: check the path"


MISSING_FOLDERS = {
    "translate -o": ["translate", ARRAY, "-o", "nodir/out.json"],
    "report -o": ["report", ARRAY, "-o", "nodir/report.txt"],
    "plan --out": ["plan", "--snapshot", SNAPSHOT, "--tax-category", "saas", "--out", "nodir/p"],
    "plan --id-map-out": [
        *("plan", "--snapshot", SNAPSHOT, "--tax-category", "saas", "--out", "plan.json"),
        *("--id-map-out", "nodir/ids.json"),
    ],
    "sessions create -o": ["sessions", "create", ARRAY, "-o", "nodir/s.jsonl"],
    "export --out": ["export", "--out", "nodir/snap.jsonl", "--stripe-key", "sk_test_x"],
}


@pytest.mark.parametrize("args", MISSING_FOLDERS.values(), ids=MISSING_FOLDERS.keys())
def test_an_output_in_a_missing_folder_is_exit_2_before_any_work(
    tmp_path: Path, args: list[str]
) -> None:
    code, out, err = run(*args, cwd=tmp_path)
    assert code == ExitCode.INPUT, err
    (line,) = error_lines(err)
    assert "nodir/" in line and "cannot write" in line
    assert "Traceback" not in err and "internal error" not in err
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_dry_run_apply_creates_no_ledger(tmp_path: Path) -> None:
    code, _, err = run(
        *("plan", "--snapshot", SNAPSHOT, "--tax-category", "saas", "--out", "plan.json"),
        cwd=tmp_path,
    )
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    code, _, err = run("apply", "plan.json", "--ledger", "nodir/l.sqlite", cwd=tmp_path)
    assert code == ExitCode.MANUAL, err  # the samples' plan leaves some items to a person
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_an_interrupted_write_keeps_the_old_file(tmp_path: Path) -> None:
    from migrate.support.atomic import AtomicFile

    target = tmp_path / "ids.json"
    target.write_text('{"old": "pdt_1"}\n', encoding="utf-8")
    target.chmod(0o640)
    with pytest.raises(KeyboardInterrupt), AtomicFile(str(target)) as out:
        out.write('{"half":')
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == '{"old": "pdt_1"}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["ids.json"]
    with AtomicFile(str(target)) as out:
        out.write("{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert target.stat().st_mode & 0o777 == 0o640

"""Progress of long runs (issue 12, item 26): one helper; in CI (stderr not a terminal) a plain
line every few seconds, on a terminal a live bar; always stderr, never stdout. Time is a fake
clock here: no test waits or measures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from migrate.readers.snapshot import iter_objects
from migrate.sandbox.server import Sandbox
from migrate.support.progress import Progress
from tests.cli.test_export import KEY, _catalog, _serve

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_plain_line_every_few_seconds_when_not_a_terminal() -> None:
    clock, out = Clock(), io.StringIO()
    bar = Progress("applying", 10, unit="operations", stream=out, every=5, clock=clock)
    for _ in range(10):
        clock.now += 2  # a step every 2 s: lines after 6 s (3 steps) and 12 s (6 steps)...
        bar.advance()
    bar.stop()
    lines = out.getvalue().splitlines()
    assert lines == [
        "stripe2dodo: applying: 3/10 operations (30%), 0.5/s, about 14 s left",
        "stripe2dodo: applying: 6/10 operations (60%), 0.5/s, about 8 s left",
        "stripe2dodo: applying: 9/10 operations (90%), 0.5/s, about 2 s left",
    ]


def test_a_short_run_prints_nothing_and_off_prints_nothing() -> None:
    clock, out = Clock(), io.StringIO()
    bar = Progress("exporting", stream=out, every=5, clock=clock)
    for _ in range(100):
        clock.now += 0.01
        bar.advance()
    assert out.getvalue() == ""
    quiet = Progress("exporting", stream=out, every=None, clock=clock)
    for _ in range(10):
        clock.now += 60
        quiet.advance()
    assert out.getvalue() == ""


def test_phases_restart_the_count_and_unknown_totals_show_a_count() -> None:
    clock, out = Clock(), io.StringIO()
    bar = Progress("report", stream=out, every=0, clock=clock)
    bar.phase("translating 3 payload file(s)", unit="payloads")
    clock.now += 1
    bar.advance()
    bar("scanning code")  # build_report's shape: a message starts a stage
    clock.now += 2
    bar.advance(4)
    assert out.getvalue().splitlines() == [
        "stripe2dodo: translating 3 payload file(s): 1 payloads, 1.0/s",
        "stripe2dodo: scanning code: 4 payloads, 2.0/s",
    ]


def test_a_terminal_gets_a_live_bar_not_lines() -> None:
    out = io.StringIO()
    with Progress("applying", 3, stream=out, terminal=True, every=5) as bar:
        for _ in range(3):
            bar.advance()
    assert "stripe2dodo:" not in out.getvalue()
    assert "applying" in out.getvalue()  # rich drew the bar (and cleared it: transient)


@pytest.mark.parametrize(("value", "lines"), [("0", True), ("off", False)])
def test_the_environment_sets_the_interval(
    monkeypatch: pytest.MonkeyPatch, value: str, lines: bool
) -> None:
    monkeypatch.setenv("STRIPE2DODO_PROGRESS", value)
    out = io.StringIO()
    bar = Progress("x", stream=out, terminal=False)
    bar.advance()
    assert bool(out.getvalue()) is lines


# -- the four long commands, as CI runs them (stderr is not a terminal)


def run(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli.main, list(args), env={"STRIPE2DODO_PROGRESS": "0", **env}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def progress_lines(stderr: str, what: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith(f"stripe2dodo: {what}: ")]


def test_apply_shows_progress(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.json")
    code, _, err = run(
        "plan", "--snapshot", str(SAMPLES / "snapshot.jsonl"), "--tax-category", "saas",
        "--out", plan, env={},
    )  # fmt: skip
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    with Sandbox(seed=26) as box:
        env = {"DODO_PAYMENTS_BASE_URL": box.url, "DODO_PAYMENTS_API_KEY": "sk_test_x"}
        _, _, err = run("apply", plan, "--apply", "--rate", "0", "--per-minute", "0", env=env)
    lines = progress_lines(err, "applying")
    assert lines and lines[-1].startswith("stripe2dodo: applying: ")
    assert " operations (" in lines[-1]


def test_sessions_create_shows_progress_and_keeps_stdout_clean() -> None:
    _, out, err = run("sessions", "create", str(SAMPLES / "payloads" / "array.json"), env={})
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["planned"] * 3
    assert progress_lines(err, "creating checkout sessions")[-1].startswith(
        "stripe2dodo: creating checkout sessions: 3 sessions"
    )


@pytest.mark.slow
def test_export_shows_progress(tmp_path: Path) -> None:
    with _serve(_catalog()) as base:
        code, _, err = run(
            "export", "--out", str(tmp_path / "snap.jsonl"), "--stripe-api-base", base,
            env={"STRIPE_API_KEY": KEY},
        )  # fmt: skip
    assert code == ExitCode.CLEAN, err
    lines = progress_lines(err, "reading the Stripe account")
    written = sum(1 for _ in iter_objects(str(tmp_path / "snap.jsonl")))
    assert len(lines) == written  # STRIPE2DODO_PROGRESS=0: a line at every object
    assert lines[-1].startswith(f"stripe2dodo: reading the Stripe account: {written} objects")
    assert KEY not in err


def test_report_json_shows_progress_on_stderr_only() -> None:
    _, out, err = run("report", str(SAMPLES / "payloads" / "seed002"), "--format", "json", env={})
    doc = json.loads(out)  # stdout is the report and nothing else
    assert doc["schema"].startswith("stripe2dodo.report")
    assert progress_lines(err, "translating 11 payload file(s)")

"""What a person reads (issue 12, item 27): `rules CODE` shows braces as the text means them,
`rules` has column headers, and a dry-run `apply` ends with a summary of what --apply would do
and how to run it (stdout stays the requests, one JSON object a line)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from migrate.mapping.table import load_table
from migrate.plan.planfile import read_plan

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_rules_code_shows_single_braces() -> None:
    code, out, _ = run("rules", "C003")
    assert code == 0
    assert "GET /payments/{payment_id}" in out
    assert "{{" not in out and "}}" not in out


def test_no_rule_explanation_shows_doubled_braces() -> None:
    """Every rule whose text escapes braces ({{...}} in the YAML) reads with single ones."""
    escaped = [r for r in load_table() if "{{" in r.summary + r.suggestion]
    assert escaped, "the table has escaped braces to check"
    for rule in escaped:
        _, out, _ = run("rules", rule.code)
        shown = "\n".join(ln for ln in out.splitlines() if not ln.startswith("  Why:"))
        assert "{{" not in shown, shown  # ("}}" closes nested JSON in some suggestions)


def test_rules_list_has_column_headers() -> None:
    code, out, _ = run("rules")
    assert code == 0
    header, first, *rest = out.splitlines()
    assert header.split() == ["CODE", "KIND", "LEVEL", "STRIPE", "FIELD", "NAME"]
    assert len(rest) + 1 == len(load_table().by_code)
    # the columns line up under their headers
    assert first.index(first.split()[1]) == header.index("KIND")


def test_a_dry_run_apply_ends_with_a_summary_for_people(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.json")
    code, _, err = run(
        "plan", "--snapshot", str(SAMPLES / "snapshot.jsonl"), "--tax-category", "saas",
        "--out", plan,
    )  # fmt: skip
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    ops = read_plan(plan).operations
    creates = [op for op in ops if op.action == "create"]
    manual = [op for op in ops if op.action == "manual"]
    products = [op for op in creates if op.kind == "product"]

    code, out, err = run("apply", plan, env={"DODO_PAYMENTS_BASE_URL": "http://127.0.0.1:9"})
    requests = [json.loads(line) for line in out.splitlines()]
    assert len(requests) == len(creates)  # stdout: only the requests
    summary = err[err.index("Dry run of") :].splitlines()
    assert summary[0] == f"Dry run of {plan}: nothing was sent to Dodo."
    sends = next(line for line in summary if "--apply sends" in line)
    assert re.search(
        rf"\b{len(creates)} request\(s\) to Dodo test mode \(http://127.0.0.1:9\)", sends
    )
    assert f"{len(products)} products" in sends
    manual_line = next(line for line in summary if line.split()[0] == "manual")
    assert manual_line.split()[1] == str(len(manual)) and "plan show" in manual_line
    assert summary[-1].split(None, 3)[-1] == f"stripe2dodo apply {plan} --apply"

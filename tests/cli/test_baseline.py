"""`report --baseline FILE` and `scan --baseline FILE` (issue 13): FILE is a previous JSON output
of the same command; a finding is matched by its rule code and the identity of what it is on
(file + callee for code, source for a session, kind + Stripe id for a catalog object), not by
line; only new findings count for the exit code, and the output says which are new."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.commands import baseline
from migrate.errors import ExitCode
from tests.cli.test_cli import BLOCKER, CLEAN, WARNING_ONLY

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = str(ROOT / "samples" / "snapshot.jsonl")

CREATE = """\
def {name}():
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{{"price": "price_1", "quantity": 1}}],
        payment_intent_data={{"capture_method": "manual"}},
        success_url="https://example.com/ok",
    )
"""


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def code_tree(tmp_path: Path, *functions: str, above: str = "") -> Path:
    tree = tmp_path / "src"
    tree.mkdir(exist_ok=True)
    body = "".join(CREATE.format(name=name) + "\n" for name in functions)
    (tree / "app.py").write_text("import stripe\n" + above + "\n" + body, encoding="utf-8")
    return tree


def findings(doc: dict) -> list[dict]:
    return [f for site in doc["sites"] for f in site["findings"]]


# -- scan -------------------------------------------------------------------------------------


def test_scan_with_its_own_baseline_passes_and_says_nothing_is_new(tmp_path: Path) -> None:
    code_tree(tmp_path, "buy")
    code, _, err = run("scan", "src", "--format", "json", "-o", "base.json", cwd=tmp_path)
    assert code == ExitCode.FINDINGS, err  # the blocker P001
    code, out, err = run("scan", "src", "--baseline", "base.json", cwd=tmp_path)
    assert code == ExitCode.CLEAN, err
    last = out.rstrip("\n").splitlines()[-1]
    assert last == (
        "baseline base.json: 0 new finding(s) (0 blocker, 0 warning, 0 info), 3 known, 0 gone"
    )


def test_scan_findings_survive_moving_the_code(tmp_path: Path) -> None:
    code_tree(tmp_path, "buy")
    run("scan", "src", "--format", "json", "-o", "base.json", cwd=tmp_path)
    code_tree(tmp_path, "buy", above="# a comment\n\n\nTAX = 0.2\n")  # every line moves
    code, out, err = run("scan", "src", "--format", "json", "--baseline", "base.json", cwd=tmp_path)
    assert code == ExitCode.CLEAN, err
    doc = json.loads(out)
    assert (
        doc["sites"][0]["line"]
        != json.loads((tmp_path / "base.json").read_text())["sites"][0]["line"]
    )
    assert [f["new"] for f in findings(doc)] == [False, False, False]
    assert doc["baseline"] == {
        "file": "base.json",
        "new": {"info": 0, "warning": 0, "blocker": 0},
        "known": {"info": 2, "warning": 0, "blocker": 1},
        "gone": 0,
    }


def test_scan_a_new_blocker_fails_and_is_the_one_marked_new(tmp_path: Path) -> None:
    code_tree(tmp_path, "buy")
    run("scan", "src", "--format", "json", "-o", "base.json", cwd=tmp_path)
    code_tree(tmp_path, "buy", "buy_again")  # a second call with the same blocker
    code, out, err = run("scan", "src", "--format", "json", "--baseline", "base.json", cwd=tmp_path)
    assert code == ExitCode.FINDINGS, err
    doc = json.loads(out)
    assert [[f["new"] for f in s["findings"]] for s in doc["sites"]] == [
        [False, False, False],
        [True, True, True],
    ]
    assert doc["baseline"]["new"] == {"info": 2, "warning": 0, "blocker": 1}
    assert "baseline base.json: 3 new finding(s) (1 blocker, 0 warning, 2 info)" in err


def test_scan_a_fixed_finding_is_gone_and_the_run_passes(tmp_path: Path) -> None:
    code_tree(tmp_path, "buy", "buy_again")
    run("scan", "src", "--format", "json", "-o", "base.json", cwd=tmp_path)
    code_tree(tmp_path, "buy")
    code, out, _ = run("scan", "src", "--baseline", "base.json", cwd=tmp_path)
    assert code == ExitCode.CLEAN
    assert out.rstrip().endswith("0 new finding(s) (0 blocker, 0 warning, 0 info), 3 known, 3 gone")


def test_scan_fail_on_warning_counts_only_new_warnings(tmp_path: Path) -> None:
    """--fail-on keeps its meaning with a baseline: the level of the new findings that fail."""
    code_tree(tmp_path, "buy")
    run("scan", "src", "--format", "json", "-o", "base.json", cwd=tmp_path)
    for gate in ("--strict", "--fail-on warning"):
        code, _, err = run("scan", "src", "--baseline", "base.json", *gate.split(), cwd=tmp_path)
        assert code == ExitCode.CLEAN, (gate, err)


# -- report -----------------------------------------------------------------------------------


def payloads(tmp_path: Path, **items: dict) -> Path:
    folder = tmp_path / "payloads"
    folder.mkdir(exist_ok=True)
    for name, doc in items.items():
        (folder / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_report_with_its_own_baseline_passes(tmp_path: Path) -> None:
    payloads(tmp_path, a=CLEAN, b=BLOCKER)
    code, _, err = run("report", "payloads", "--format", "json", "-o", "base.json", cwd=tmp_path)
    assert code == ExitCode.FINDINGS, err
    code, out, err = run("report", "payloads", "--baseline", "base.json", cwd=tmp_path)
    assert code == ExitCode.CLEAN, err
    assert (
        out.rstrip("\n")
        .splitlines()[-1]
        .startswith("baseline base.json: 0 new finding(s) (0 blocker, 0 warning, 0 info), ")
    )


def test_report_a_new_blocker_fails_and_its_findings_are_marked_new(tmp_path: Path) -> None:
    payloads(tmp_path, a=CLEAN, b=BLOCKER)
    run("report", "payloads", "--format", "json", "-o", "base.json", cwd=tmp_path)
    payloads(tmp_path, c={**BLOCKER, "client_reference_id": "order_2"})
    code, out, err = run(
        "report", "payloads", "--format", "json", "--baseline", "base.json", cwd=tmp_path
    )
    assert code == ExitCode.FINDINGS, err
    doc = json.loads(out)
    new = {s["source"]: {f["new"] for f in s["findings"]} for s in doc["sessions"]}
    assert new["payloads/c.json"] == {True}
    assert new["payloads/b.json"] == {False}
    assert doc["baseline"]["new"]["blocker"] == 1 and doc["baseline"]["gone"] == 0
    schema = json.loads((ROOT / "schemas" / "report-v2.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)


def test_report_fail_on_warning_counts_only_new_warnings(tmp_path: Path) -> None:
    payloads(tmp_path, a=WARNING_ONLY)
    run("report", "payloads", "--format", "json", "-o", "base.json", cwd=tmp_path)
    args = ("report", "payloads", "--fail-on", "warning", "--baseline", "base.json")
    assert run(*args, cwd=tmp_path)[0] == ExitCode.CLEAN
    payloads(tmp_path, b={**WARNING_ONLY, "client_reference_id": "order_2"})
    assert run(*args, cwd=tmp_path)[0] == ExitCode.FINDINGS
    assert run(*args[:-4], "--baseline", "base.json", cwd=tmp_path)[0] == ExitCode.CLEAN


def test_report_catalog_objects_left_to_a_person_are_matched_too(tmp_path: Path) -> None:
    """The samples' catalog has objects blocked for manual work: matched by kind and Stripe
    id, they are known on the second run; the detailed exit code then says only: changes."""
    code, _, err = run("report", SNAPSHOT, "--format", "json", "-o", "base.json", cwd=tmp_path)
    assert code == ExitCode.FINDINGS, err
    doc = json.loads((tmp_path / "base.json").read_text())
    blocked = [c for c in doc["catalog"] if c["outcome"] == "blocked"]
    assert blocked
    code, out, err = run(
        "report", SNAPSHOT, "--baseline", "base.json", "--format", "json", cwd=tmp_path
    )
    assert code == ExitCode.CLEAN, err
    assert sum(json.loads(out)["baseline"]["new"].values()) == 0
    code, _, _ = run(
        *("report", SNAPSHOT, "--baseline", "base.json", "--detailed-exitcode"), cwd=tmp_path
    )
    assert code == 2  # changes to make, no new blocker


def test_report_without_baseline_has_no_baseline_fields(tmp_path: Path) -> None:
    payloads(tmp_path, b=BLOCKER)
    _, out, _ = run("report", "payloads", "--format", "json", cwd=tmp_path)
    doc = json.loads(out)
    assert "baseline" not in doc
    assert all("new" not in f for s in doc["sessions"] for f in s["findings"])


# -- bad baselines: one line, exit 2, nothing else done ---------------------------------------


@pytest.mark.parametrize("command", ["scan", "report"])
@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            None,
            "base.json: no such baseline file: make it with `stripe2dodo {c} ... --format "
            "json -o base.json`",
        ),
        ("{not json", "base.json: the baseline is not JSON (line 1): make it with"),
        (
            '{"schema": "stripe2dodo.translate/v1"}',
            "base.json: not a `stripe2dodo {c} --format "
            "json` output (no schema stripe2dodo.{c}/",  # v1; report: v2 or v1
        ),
        ('{"schema": "stripe2dodo.{c}/v1"}', "base.json: a damaged {c} output (KeyError: "),
    ],
    ids=["missing", "not-json", "other-schema", "damaged"],
)
def test_a_bad_baseline_is_one_line_and_exit_2(
    tmp_path: Path, command: str, content: str | None, says: str
) -> None:
    code_tree(tmp_path, "buy")
    if content is not None:
        (tmp_path / "base.json").write_text(content.replace("{c}", command), encoding="utf-8")
    code, out, err = run(command, "src", "--baseline", "base.json", cwd=tmp_path)
    assert code == ExitCode.INPUT
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith("stripe2dodo: error: " + says.replace("{c}", command)), line


def test_the_other_commands_output_is_not_a_baseline(tmp_path: Path) -> None:
    code_tree(tmp_path, "buy")
    run("scan", "src", "--format", "json", "-o", "scan.json", cwd=tmp_path)
    code, _, err = run("report", "src", "--baseline", "scan.json", cwd=tmp_path)
    assert code == ExitCode.INPUT
    assert "not a `stripe2dodo report --format json` output" in err


# -- identities -------------------------------------------------------------------------------


def test_identities_ignore_lines_and_count_repeats() -> None:
    site = {
        "file": "./src/app.py",
        "line": 4,
        "callee": "stripe.checkout.Session.create",
        "findings": [{"code": "P001", "level": "blocker", "path": "payment_intent_data"}],
    }
    moved = {**site, "file": "src/app.py", "line": 40}
    ((key, level),) = baseline.scan_findings({"sites": [site]})
    assert baseline.scan_findings({"sites": [moved]}) == [(key, level)]
    before = baseline.Baseline("b.json", baseline.Counter([key]))
    compared = baseline.compare(baseline.scan_findings({"sites": [moved, moved]}), before)
    assert compared.marks == (False, True)
    assert compared.new == {"info": 0, "warning": 0, "blocker": 1} and compared.gone == 0

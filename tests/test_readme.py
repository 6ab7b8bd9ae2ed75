"""The README stays true: the mapping reference is the table's, the commands are real."""

from __future__ import annotations

import re
from pathlib import Path

from migrate.render.reference import END, START, render_reference
from migrate.rules import load_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_mapping_reference_matches_the_table() -> None:
    start, end = README.index(START), README.index(END) + len(END)
    assert README[start:end] + "\n" == render_reference(load_table()), (
        "README mapping reference drifted: regenerate it with "
        "`python -m migrate rules --format markdown` between the markers"
    )


def test_every_rule_code_is_documented() -> None:
    for rule in load_table():
        assert f"| {rule.code} |" in README


def test_ci_runs_the_readme_test_command() -> None:
    marker = README.index("<!-- test-command")
    block = re.search(r"```sh\n(.+?)\n```", README[marker:])
    assert block is not None
    command = block.group(1)
    assert 'pip install ".[test]"' in command and command.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command" in ci, ".ci/run must take its command from the README marker"


def test_exit_codes_documented_match_the_code() -> None:
    from migrate.errors import ExitCode

    table = README[README.index("## Exit codes") :]
    for code in ExitCode:
        assert f"| {code.value} |" in table

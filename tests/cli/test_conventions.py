"""The command line's conventions (issue 13): every option has help; an option spelled the same
on two commands is the same option (flags, help, values); `--traceback` works before or after
the command; no arguments print the help and exit 0; old spellings still work unseen."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from tests.cli.test_cli import BLOCKER, WARNING_ONLY, write

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def commands(
    command: click.Command = cli.main, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and group under ``command``, with the words that run it."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from commands(sub, (*path, name))


ALL = list(commands())
LEAVES = [(path, c) for path, c in ALL if not isinstance(c, click.Group) or path == ("plan",)]


def options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)]


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_walk_sees_every_command() -> None:
    names = {" ".join(path) for path, _ in LEAVES}
    assert {"translate", "scan", "report", "export", "plan", "plan show", "apply"} <= names
    assert {"ledger show", "ledger ids", "sessions create", "retries plan", "rules"} <= names
    assert "sandbox" in names


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "main" for p, _ in ALL])
def test_every_option_has_help(path: tuple[str, ...], command: click.Command) -> None:
    for option in options(command):
        if option.hidden:
            continue
        assert option.help and option.help.strip(), f"{' '.join(path)} {option.opts}: no help"


SAME_EVERYWHERE = ("--jobs", "--id-map", "--strict", "--fail-on", "--traceback")
"""Options whose flags, help and values are one declaration: identical on every command."""


def _signature(option: click.Option) -> tuple[object, ...]:
    choices = getattr(option.type, "choices", None)
    return (
        tuple(option.opts),
        tuple(option.secondary_opts),
        option.help,
        option.is_flag,
        option.default,
        tuple(choices) if choices is not None else None,
        option.metavar,
    )


def test_an_option_spelled_alike_is_the_same_option_everywhere() -> None:
    seen: dict[str, dict[tuple[object, ...], list[str]]] = {}
    for path, command in ALL:
        for option in options(command):
            for flag in option.opts:
                if flag in SAME_EVERYWHERE:
                    where = " ".join(path) or "stripe2dodo"
                    seen.setdefault(flag, {}).setdefault(_signature(option), []).append(where)
    assert set(seen) == set(SAME_EVERYWHERE)
    for flag, variants in seen.items():
        assert len(variants) == 1, f"{flag} is declared differently: {variants}"


def test_output_is_dash_o_everywhere_with_out_a_hidden_alias() -> None:
    found = []
    for path, command in LEAVES:
        for option in options(command):
            if {"-o", "--output", "--out"} & set(option.opts):
                found.append(" ".join(path))
                assert option.opts == ["-o", "--output", "--out"], path
                record = option.get_help_record(click.Context(command))
                assert record is not None and record[0].startswith("-o, --output FILE"), path
                assert "--out" not in record[0].replace("--output", ""), path
    assert set(found) >= {"translate", "scan", "report", "export", "plan", "ledger ids"}
    assert set(found) >= {"sessions create", "retries plan"}


WRITES_A_LANGUAGE = {("ledger", "ids")}
"""Commands whose ``--format`` is the language of the file they write (the id map as a module):
no default, the output file's suffix says it."""


def test_format_is_text_by_default_everywhere() -> None:
    for path, command in LEAVES:
        for option in options(command):
            if "--format" in option.opts and tuple(path) in WRITES_A_LANGUAGE:
                assert option.default is None and "python" in getattr(option.type, "choices", ())
            elif "--format" in option.opts:
                assert option.opts == ["--format"] and option.default == "text", path
                assert "text" in getattr(option.type, "choices", ()), path


def test_parallel_and_gating_commands_share_jobs_strict_and_fail_on() -> None:
    for name in ("translate", "scan", "report"):
        flags = {f for o in options(cli.main.commands[name]) for f in o.opts}
        assert {"-j", "--jobs", "--strict", "--fail-on", "-o", "--format"} <= flags, name


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_traceback_is_accepted_after_every_command(
    path: tuple[str, ...], command: click.Command
) -> None:
    code, out, err = run(*path, "--traceback", "--help")
    assert code == 0, err
    assert "Usage:" in out


def test_traceback_after_the_command_shows_the_traceback() -> None:
    code, _, err = run("rules", "NOPE")
    assert code == ExitCode.INPUT and "Traceback" not in err
    assert err == "stripe2dodo: error: no rule 'NOPE': run `stripe2dodo rules` for the list\n"
    for args in (("rules", "NOPE", "--traceback"), ("--traceback", "rules", "NOPE")):
        code, _, err = run(*args)
        assert code == ExitCode.INPUT
        assert "Traceback (most recent call last)" in err
        assert err.rstrip().endswith("for the list")


@pytest.mark.parametrize("group", [(), ("plan",), ("ledger",), ("sessions",), ("retries",)])
def test_a_group_without_arguments_prints_its_help_and_exits_0(group: tuple[str, ...]) -> None:
    code, out, err = run(*group)
    assert code == 0, err
    assert out.startswith(f"Usage: stripe2dodo {' '.join(group)}".rstrip())
    assert "Commands:" in out or "Options:" in out


def test_report_format_terminal_is_still_text(tmp_path: Path) -> None:
    payload = write(tmp_path, "a.json", WARNING_ONLY)
    code_text, text, _ = run("report", payload, "--format", "text")
    code_old, old, _ = run("report", payload, "--format", "terminal")
    assert code_text == code_old and text == old and "Findings:" in text
    help_text = run("report", "--help")[1]
    assert "terminal" not in help_text.split("--format", 1)[1].split("\n", 1)[0]


def test_out_is_still_accepted(tmp_path: Path) -> None:
    out = tmp_path / "ids.json"
    code, _, err = run(
        *("plan", "--snapshot", str(SAMPLES / "snapshot.jsonl"), "--tax-category", "saas"),
        *("--out", str(tmp_path / "plan.json"), "--id-map-out", str(out)),
    )
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    assert (tmp_path / "plan.json").is_file() and json.loads(out.read_text())


@pytest.mark.parametrize("gate", [("--strict",), ("--fail-on", "warning")])
def test_strict_and_fail_on_warning_mean_the_same_on_translate(
    tmp_path: Path, gate: tuple[str, ...]
) -> None:
    warned = write(tmp_path, "w.json", WARNING_ONLY)
    assert run("translate", warned, "--id-map", str(SAMPLES / "id-map.json"))[0] == 0
    code, _, _ = run("translate", warned, "--id-map", str(SAMPLES / "id-map.json"), *gate)
    assert code == ExitCode.FINDINGS
    blocked = write(tmp_path, "b.json", BLOCKER)
    assert run("translate", blocked, "--fail-on", "blocker")[0] == ExitCode.FINDINGS


def test_report_takes_strict_like_fail_on_warning(tmp_path: Path) -> None:
    warned = write(tmp_path, "w.json", WARNING_ONLY)
    codes = {
        gate: run("report", warned, *gate.split(), "--format", "json")[0]
        for gate in ("", "--strict", "--fail-on warning")
    }
    assert codes == {"": 0, "--strict": 1, "--fail-on warning": 1}


def test_scan_writes_its_output_with_dash_o(tmp_path: Path) -> None:
    code = SAMPLES / "code" / "python"
    target = tmp_path / "scan.json"
    status, out, err = run("scan", str(code), "--format", "json", "-o", str(target), "-j", "1")
    assert status in (ExitCode.CLEAN, ExitCode.FINDINGS), err
    assert out == ""
    assert json.loads(target.read_text())["schema"] == "stripe2dodo.scan/v1"


def test_a_declined_live_confirmation_is_not_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.cli import base

    plan = tmp_path / "plan.json"
    run(
        *("plan", "--snapshot", str(SAMPLES / "snapshot.jsonl")),
        "--tax-category",
        "saas",
        "-o",
        str(plan),
    )
    monkeypatch.setattr(base, "stdin_is_terminal", lambda: True)
    monkeypatch.setenv("DODO_PAYMENTS_API_KEY", "sk_test_x")
    code, _, err = run("apply", str(plan), "--apply", "--live", input="n\n")
    assert "internal error" not in err and "Traceback" not in err
    assert code == 1 and "Aborted!" in err


def test_python_dash_m_migrate_without_arguments_prints_help_and_exits_0() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "migrate"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Usage: ") and "Commands:" in done.stdout
    assert done.stderr == ""


def test_a_required_output_is_asked_for_by_its_name(tmp_path: Path) -> None:
    code, out, err = run("export")
    assert code == ExitCode.INPUT and out == ""
    assert err.endswith("Error: Missing option '-o' / '--output'.\n"), err

"""Start-up: each command's module is imported only when that command runs, and every command
(and every command under a group) still works and shows its help."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from migrate.cli import COMMANDS, main


def every_command() -> list[tuple[str, ...]]:
    """The path of every command and group, sub-commands included (loading them all)."""
    out: list[tuple[str, ...]] = []
    todo: list[tuple[tuple[str, ...], click.Command]] = [
        ((name,), main.commands[name]) for name in main.commands
    ]
    while todo:
        path, command = todo.pop()
        out.append(path)
        if isinstance(command, click.Group):
            todo += [((*path, name), sub) for name, sub in command.commands.items()]
    return sorted(out)


def test_the_listed_short_help_is_each_commands_own() -> None:
    for name, (where, text) in COMMANDS.items():
        module, _, attr = where.partition(":")
        command = getattr(importlib.import_module(module), attr)
        assert command.name == name
        for limit in (45, 60, 200):
            listed = click.Command(name, help=text).get_short_help_str(limit)
            assert listed == command.get_short_help_str(limit), name


def test_top_level_help_lists_every_command() -> None:
    run = CliRunner().invoke(main, ["--help"])
    assert run.exit_code == 0
    listed = run.output.split("Commands:")[1].split()
    assert set(COMMANDS) <= set(listed)


@pytest.mark.parametrize("path", every_command(), ids=" ".join)
def test_every_command_shows_its_help_and_takes_traceback(path: tuple[str, ...]) -> None:
    run = CliRunner().invoke(main, [*path, "--help"])
    assert run.exit_code == 0, run.output
    assert f"Usage: stripe2dodo {' '.join(path)}" in run.output
    assert "--traceback" in run.output


def test_help_imports_no_command_module_nor_the_heavy_libraries() -> None:
    probe = (
        "import sys\n"
        "from migrate.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('migrate.commands', 'migrate.mapping', 'migrate.cli.translate', 'pydantic',\n"
        "         'httpx', 'stripe', 'yaml', 'dodopayments', 'multiprocessing')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert run.stderr.splitlines()[-1] == "[]", run.stderr


def test_translate_imports_neither_stripe_nor_httpx_nor_the_planner() -> None:
    probe = (
        "import sys, json\n"
        "from migrate.cli import main\n"
        "try:\n"
        "    main(['translate', sys.argv[1], '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('stripe', 'httpx', 'dodopayments', 'migrate.plan', 'migrate.commands.plan',\n"
        "         'migrate.cli.catalog')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    payload = "samples/payloads/scenarios/02-multi-product-cart.json"
    run = subprocess.run(
        [sys.executable, "-c", probe, payload], capture_output=True, text=True, check=False
    )
    assert run.stderr.splitlines()[-1] == "[]", run.stderr


def test_translate_of_one_payload_loads_neither_yaml_nor_multiprocessing_nor_pathspec(
    tmp_path: Path,
) -> None:
    """With the rule table and Dodo's enums cached, a one-payload translate imports no PyYAML;
    no worker pool (multiprocessing) unless workers start; no pathspec unless a folder is read."""
    probe = (
        "import sys\n"
        "from migrate.cli import main\n"
        "try:\n"
        "    main(['translate', sys.argv[1], '--format', 'jsonl'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('yaml', 'multiprocessing', 'concurrent', 'pathspec', 'pydantic')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )
    payload = "samples/payloads/scenarios/02-multi-product-cart.json"
    env = {**os.environ, "STRIPE2DODO_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run fills the cache
        run = subprocess.run(
            [sys.executable, "-c", probe, payload],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
    assert '"status": "translated"' in run.stdout
    assert run.stderr.splitlines()[-1] == "[]", run.stderr

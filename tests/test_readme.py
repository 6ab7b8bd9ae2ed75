"""The README stays true: the mapping reference is the table's, the commands are real."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from migrate.commands import translate_paths
from migrate.findings import Level
from migrate.formats.reference import END, START, render_reference
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options

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
    assert 'pip install ".[test]"' in command and command.endswith('pytest -m ""')
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command" in ci, ".ci/run must take its command from the README marker"


def test_exit_codes_documented_match_the_code() -> None:
    from migrate.errors import ExitCode

    table = README[README.index("## Exit codes") :]
    for code in ExitCode:
        assert f"| {code.value} |" in table


# -- the documented migration flow, run as written against the sandbox (issue 12, item 24)

REPLAYED_KINDS = {"checkout_session", "on_demand_mandate"}
"""What `sessions create` replays (README: it replays checkout sessions and mandates)."""


def readme_flow() -> str:
    marker = README.index("<!-- readme-flow")
    block = re.search(r"```sh\n(.+?)\n```", README[marker:], re.S)
    assert block is not None
    return block.group(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _catalog_price_ids() -> set[str]:
    ids = set()
    with (ROOT / "samples" / "snapshot.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            if doc.get("object") in ("price", "plan"):
                ids.add(doc["id"])
    return ids


def _translatable() -> tuple[set[str], set[str]]:
    """The sample sessions `sessions create` can replay, worked out from the translations alone:
    a checkout session or mandate with no blocker, whose every required product is one the plan
    can make (inline content, or a price of the catalog snapshot). Also the ones that name a
    Stripe price nothing knows (they need an id map)."""
    prices = _catalog_price_ids()
    ok, unknown = set(), set()
    for result in translate_paths(["samples/payloads"], Options()):
        if result.status != "translated" or result.kind not in REPLAYED_KINDS:
            continue
        if any(f.level is Level.BLOCKER for f in result.findings):
            continue
        named = [
            str((r.get("stripe") or {}).get("price"))
            for r in result.requires
            if r.get("kind") == "product" and "product" not in r
        ]
        if all(price in prices for price in named):
            ok.add(result.source.label())
        else:
            unknown.add(result.source.label())
    return ok, unknown


@pytest.mark.slow
def test_the_documented_flow_creates_every_translatable_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    script = readme_flow().replace("8765", str(port))
    assert "--payloads samples/payloads" in script  # what item 24 was about
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        # the client-side limits are Dodo's (100 requests a minute); the sandbox needs none,
        # and with them this test would wait a minute
        "STRIPE2DODO_RATE": "0",
        "STRIPE2DODO_PER_MINUTE": "0",
    }
    for name in ("DODO_PAYMENTS_BASE_URL", "DODO_PAYMENTS_API_KEY", "STRIPE_API_KEY"):
        env.pop(name, None)
    trap = "trap 'echo \"flow-exit $? $BASH_COMMAND\" >&2' ERR\n"
    log = tmp_path / "flow.log"
    with log.open("w") as out:  # files, not pipes: the sandbox keeps running after bash ends
        proc = subprocess.Popen(
            ["bash", "-c", trap + script],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=out,
            start_new_session=True,
        )
    try:
        proc.wait(timeout=300)
        err = log.read_text()
        failed = [line for line in err.splitlines() if line.startswith("flow-exit ")]
        # 1 is "blockers / not all created" and 4 (apply) "only manual work is left" (the
        # samples hold blocked cases on purpose); 2 and 3 (bad input, internal error) are never
        # part of the documented flow
        assert all(line.split()[1] in ("1", "4") for line in failed), failed
        assert "Traceback" not in err and "stripe2dodo: error:" not in err, err

        monkeypatch.chdir(tmp_path)
        ok, unknown = _translatable()
        rows = [json.loads(line) for line in (tmp_path / "sessions.jsonl").read_text().splitlines()]
        done = {r["source"] for r in rows if r["status"] == "done"}
        assert done == ok
        assert len(ok) > len(rows) / 2
        for row in rows:
            if row["source"] in unknown:
                assert row["status"] == "blocked" and "pass --id-map" in row["error"], row
            elif row["status"] == "blocked":
                assert "the translation has blockers" in row["error"], row

        # the sessions exist in Dodo (the sandbox), and the id map has the real ids with prices
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Authorization": "Bearer x"}
        ) as dodo:
            for row in rows:
                if row["status"] == "done":
                    assert dodo.get(f"/checkouts/{row['session_id']}").status_code == 200
        ids = json.loads((tmp_path / "ids.json").read_text())
        gold = ids["price_1QGoldUsdMonthly"]
        assert gold["price"] == 1000 and gold["id"].startswith("pdt_")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


# -- the test command runs every test; a bare pytest the fast ones --------------------------------


def _collected(*args: str) -> tuple[int, int]:
    """(selected, deselected) test counts of `pytest --collect-only ARGS` in the checkout."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    found = re.match(r"(\d+)(?:/(\d+))? tests? collected(?: \((\d+) deselected\))?", last)
    assert found, last
    selected = int(found.group(1))
    deselected = int(found.group(3) or 0)
    return selected, deselected


@pytest.mark.slow
def test_the_readme_test_command_runs_every_test_and_a_bare_pytest_the_fast_ones() -> None:
    command = re.search(r"```sh\n(.+?)\n```", README[README.index("<!-- test-command") :])
    assert command is not None
    pytest_args = shlex.split(command.group(1).rsplit("&& pytest", 1)[1])
    everything, none = _collected(*pytest_args)
    assert none == 0
    fast, left_out = _collected()
    marked, rest = _collected("-m", "slow or browser or property")
    assert left_out > 0 and fast + left_out == everything
    assert marked == left_out and rest == fast

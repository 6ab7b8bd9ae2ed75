"""``scan --format json`` streams: its memory does not grow with the tree (no timing)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.dense_tree import generate_dense

ROOT = Path(__file__).resolve().parents[2]

_MEASURE = """
import sys, tracemalloc
from click.testing import CliRunner
from migrate import cli


def scan(src, out):
    args = ["scan", src, "--format", "json", "--jobs", "1", "-o", out]
    return CliRunner().invoke(cli.main, args, catch_exceptions=False)


scan(sys.argv[3], sys.argv[2])  # warm-up: the rule table, every language's modules
tracemalloc.start()
result = scan(sys.argv[1], sys.argv[2])
print(tracemalloc.get_traced_memory()[1], result.exit_code)
"""


def _peak(src: Path, out: Path, warm: Path) -> tuple[int, int]:
    """The peak of Python memory while ``scan SRC --format json -o OUT --jobs 1`` runs (after
    a warm-up scan of ``warm``), and the creations it wrote. Measured in a fresh interpreter,
    as the command runs: in a process that has run a test session the collector's full passes
    are rare (its heap is large), and short-lived reference cycles would count as held."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(src), str(out), str(warm)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    peak, code = done.stdout.split()[-2:]
    assert code in ("0", "1"), done.stderr[-2000:]
    doc = json.loads(out.read_text(encoding="utf-8"))
    return int(peak), sum(s["kind"] == "create" for s in doc["sites"])


@pytest.mark.slow
def test_scanning_four_times_the_dense_tree_keeps_memory_flat(tmp_path: Path) -> None:
    # A dense tree (8 languages, most files create Checkout Sessions) and one four times its
    # size. Every site was held until the end and the whole JSON document built as one
    # string: the peak grew with the tree. Sites are now written as they come.
    warm, small, large = tmp_path / "warm", tmp_path / "small", tmp_path / "large"
    generate_dense(6_000, 7, warm)  # every language: their modules load on first use
    planted = {
        "small": len(generate_dense(12_000, 7, small)["sites"]),
        "large": len(generate_dense(48_000, 7, large)["sites"]),
    }
    low, found_small = _peak(small, tmp_path / "small.json", warm)
    high, found_large = _peak(large, tmp_path / "large.json", warm)
    assert (found_small, found_large) == (planted["small"], planted["large"])
    assert found_large > 3 * found_small
    assert high < low * 1.45, (low, high)

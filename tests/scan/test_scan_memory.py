"""``scan --format json`` streams: its memory does not grow with the tree (no timing)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.dense_tree import generate_dense
from migrate import cli


def _peak(src: Path, out: Path) -> tuple[int, int]:
    """The peak of Python memory while ``scan SRC --format json -o OUT --jobs 1`` runs, and
    the creations it wrote."""
    tracemalloc.start()
    try:
        args = ["scan", str(src), "--format", "json", "--jobs", "1", "-o", str(out)]
        result = CliRunner().invoke(cli.main, args, catch_exceptions=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    return peak, sum(s["kind"] == "create" for s in doc["sites"])


@pytest.mark.slow
def test_scanning_four_times_the_dense_tree_keeps_memory_flat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dense tree (8 languages, most files create Checkout Sessions) and one four times its
    # size. Every site was held until the end and the whole JSON document built as one
    # string: the peak grew with the tree. Sites are now written as they come. The finding
    # text cache is bounded (16,384 texts); at this size it would still be filling, so a
    # small bound makes both runs measure what is held per site, not the cache's warm-up.
    from migrate.mapping import trace

    monkeypatch.setattr(trace, "_TEXTS_MAX", 256)
    warm, small, large = tmp_path / "warm", tmp_path / "small", tmp_path / "large"
    generate_dense(6_000, 7, warm)  # every language: their modules load on first use
    planted = {
        "small": len(generate_dense(12_000, 7, small)["sites"]),
        "large": len(generate_dense(48_000, 7, large)["sites"]),
    }
    _peak(warm, tmp_path / "warm.json")  # the rule table and caches, loaded once
    low, found_small = _peak(small, tmp_path / "small.json")
    high, found_large = _peak(large, tmp_path / "large.json")
    assert (found_small, found_large) == (planted["small"], planted["large"])
    assert found_large > 3 * found_small
    assert high < low * 1.45, (low, high)

"""The report's memory stays flat however many payloads it reads (issue 16).

Each test builds the report of N and of 10N generated payloads (the sample payloads, each line
its own ``client_reference_id``) and writes it, as json, text (``--details``) and html, into a
writer that keeps only a byte count; tracemalloc's peak over build and write must not grow
with the input: the items are spooled to disk as they are built and written one at a time.
Memory, not time: nothing here asserts a duration.
"""

from __future__ import annotations

import gc
import json
import tracemalloc
from pathlib import Path

import pytest

from migrate.formats import FormatOptions, format_for
from migrate.mapping.table import load_table
from migrate.report.build import ReportOptions, build_result

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_767_225_600


class _Sink:
    """A writer that counts what it is given and keeps none of it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def _payloads(path: Path, n: int) -> Path:
    docs = []
    for sample in sorted((ROOT / "samples" / "payloads" / "scenarios").glob("*.json")):
        doc = json.loads(sample.read_text(encoding="utf-8"))
        docs.extend(doc if isinstance(doc, list) else [doc])
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            doc = dict(docs[i % len(docs)])
            doc["client_reference_id"] = f"mem_{i}"
            out.write(json.dumps(doc) + "\n")
    return path


def _peak(tmp_path: Path, n: int, fmt: str) -> tuple[int, int]:
    """tracemalloc's peak (bytes) over building and writing the report of ``n`` payloads,
    and the size of what was written."""
    payloads = _payloads(tmp_path / f"payloads-{n}.jsonl", n)
    load_table()  # cached once for the process: not part of either run
    gc.collect()
    tracemalloc.start()
    try:
        result = build_result([str(payloads)], ReportOptions(now=NOW))
        sink = _Sink()
        format_for(fmt, FormatOptions(details=True)).write(result, sink)
        assert len(result.report.sessions) == n
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sink.size


@pytest.mark.slow  # about 10 s each: run by `pytest -m ""` (CI)
@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_report_memory_is_flat(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _peak(tmp_path, 10, fmt)  # what is loaded and cached once (rule text, assets) is loaded
    small, small_out = _peak(tmp_path, 100, fmt)
    big, big_out = _peak(tmp_path, 1000, fmt)
    assert big_out > small_out  # ten times the items were written...
    # ...in the memory of about as many as before (bounded growth, not ten times)
    assert big < small * 1.5, (fmt, small, big)

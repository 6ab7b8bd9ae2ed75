"""translate at scale: workers start only when the measured cost says they pay (decided from
injected costs here: no timing), and memory stays flat however many payloads are translated."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from migrate.commands import RenderJob, run_translate
from migrate.commands import translate as translating
from migrate.commands.translate import workers_for
from migrate.formats import Format
from migrate.mapping.translate import Options
from migrate.support import workers

DOC = {
    "mode": "payment",
    "success_url": "https://example.com/ok",
    "line_items": [
        {
            "price_data": {"currency": "usd", "unit_amount": 1500, "product_data": {"name": "T"}},
            "quantity": 2,
        }
    ],
}


def write(path: Path, n: int) -> Path:
    with path.open("w") as out:
        for i in range(n):
            out.write(json.dumps({**DOC, "client_reference_id": f"order_{i}"}) + "\n")
    return path


# -- the decision ---------------------------------------------------------------------------


def test_one_cpu_never_starts_a_worker() -> None:
    assert workers_for(per_item=1.0, remaining=10**6, cpus=1) == 1


def test_little_remaining_work_stays_in_this_process() -> None:
    # 100 items of 200 µs: 20 ms alone, less than starting a pool
    assert workers_for(per_item=2e-4, remaining=100, cpus=2) == 1


def test_a_long_run_starts_one_worker_per_cpu() -> None:
    assert workers_for(per_item=2e-4, remaining=100_000, cpus=2) == 2
    assert workers_for(per_item=2e-4, remaining=100_000, cpus=8) == 8


def test_items_cheaper_than_shipping_them_stay_here() -> None:
    """Read here and shipped, an item costs this process more than translating it."""
    assert workers_for(per_item=5e-5, remaining=10**6, cpus=2, ranges=False) == 1
    assert workers_for(per_item=5e-5, remaining=10**6, cpus=2, ranges=True) == 2


def test_cpus_other_processes_keep_busy_are_not_counted() -> None:
    """The load average counts this process as 1; the rest is other work on the machine."""
    assert workers_for(per_item=2e-4, remaining=100_000, cpus=2, load=1.0) == 2
    assert workers_for(per_item=2e-4, remaining=100_000, cpus=2, load=2.0) == 1
    assert workers_for(per_item=2e-4, remaining=100_000, cpus=2, load=6.0) == 1
    assert workers_for(per_item=2e-4, remaining=100_000, cpus=8, load=4.0) == 5


def test_a_near_tie_stays_in_this_process() -> None:
    """Two workers would save under the margin: the shared machine makes that a coin toss."""
    per_item, n = 1e-4, 2_000  # alone 0.2 s; two workers ~0.17 s
    assert workers_for(per_item=per_item, remaining=n, cpus=2) == 1


class NoPool:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("no worker may start")


def test_auto_stays_in_this_process_when_the_plan_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "p.jsonl", 900)
    monkeypatch.setattr(workers, "OrderedPool", NoPool)  # imported when workers start
    monkeypatch.setattr(translating, "RANGE_BYTES", 32 * 1024)
    monkeypatch.setattr(translating, "WARM", 0)  # decide from the first batch on
    asked: list[tuple[float, int, int]] = []

    def plan(per_item: float, remaining: int, cpus: int, *, ranges: bool, load: float) -> int:
        assert ranges
        asked.append((per_item, remaining, cpus))
        return 1

    job = RenderJob(Options(), Format.JSONL)
    out = list(run_translate([str(path)], job, jobs=2, auto=True, plan=plan))
    assert [json.loads(text)["source"]["line"] for text, _ in out] == list(range(1, 901))
    assert len(asked) >= 2 and all(cpus == 2 and cost > 0 for cost, _, cpus in asked)
    remaining = [r for _, r, _ in asked]
    assert remaining == sorted(remaining, reverse=True), "projected from the bytes left"


def test_auto_hands_the_rest_to_workers_when_the_plan_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "p.jsonl", 900)
    monkeypatch.setattr(translating, "WARM", 0)
    calls: list[int] = []

    def plan(per_item: float, remaining: int, cpus: int, *, ranges: bool, load: float) -> int:
        calls.append(remaining)
        return 2

    job = RenderJob(Options(), Format.JSONL)
    auto = list(run_translate([str(path)], job, jobs=2, auto=True, plan=plan))
    alone = list(run_translate([str(path)], job, jobs=1))
    assert len(calls) == 1, "decided once, after the first range"
    assert auto == alone


def test_auto_without_a_known_size_assumes_as_much_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin: the rest is unknown; it is taken to be as many items as already done."""
    monkeypatch.setattr(workers, "OrderedPool", NoPool)  # imported when workers start
    monkeypatch.setattr(translating, "WARM", 0)
    stdin = io.StringIO("".join(json.dumps(DOC) + "\n" for _ in range(600)))
    seen: list[tuple[int, bool]] = []

    def plan(per_item: float, remaining: int, cpus: int, *, ranges: bool, load: float) -> int:
        seen.append((remaining, ranges))
        return 1

    job = RenderJob(Options(), Format.JSONL)
    out = list(run_translate(["-"], job, jobs=2, auto=True, plan=plan, stdin=stdin))
    assert len(out) == 600
    assert seen == [(256, False), (512, False), (600, False)]


def test_auto_decides_once_warm_from_the_latest_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """No decision before ``WARM`` items (the memo of shapes makes the first payloads the
    dearest), then each from the latest batch's cost alone, not the average since the start
    (a clock that the batches advance stands for the time: 1 s, then 0.1 s a batch)."""
    monkeypatch.setattr(workers, "OrderedPool", NoPool)
    monkeypatch.setattr(translating, "WARM", 256)
    clock = [0.0]
    costs = iter([1.0, 0.1, 0.1, 1.0, 0.1, 0.1])
    real_render = translating.render_tasks

    def render(tasks: Any, job: RenderJob) -> Any:
        clock[0] += next(costs)
        return real_render(tasks, job)

    monkeypatch.setattr(translating, "render_tasks", render)
    monkeypatch.setattr(translating.time, "perf_counter", lambda: clock[0])
    lines = [json.dumps({**DOC, "client_reference_id": f"order_{i:05}"}) + "\n" for i in range(768)]
    seen: list[tuple[float, int]] = []

    def plan(per_item: float, remaining: int, cpus: int, *, ranges: bool, load: float) -> int:
        seen.append((per_item, remaining))
        return 1

    job = RenderJob(Options(), Format.JSONL)
    stdin = io.StringIO("".join(lines))
    assert len(list(run_translate(["-"], job, jobs=2, auto=True, plan=plan, stdin=stdin))) == 768
    assert seen == [
        (pytest.approx(1.0 / 256), 256),
        (pytest.approx(0.1 / 256), 512),
        (pytest.approx(0.1 / 256), 768),
    ]
    monkeypatch.setattr(translating, "WARM", 512)
    seen.clear()
    stdin = io.StringIO("".join(lines))
    list(run_translate(["-"], job, jobs=2, auto=True, plan=plan, stdin=stdin))
    assert seen == [(pytest.approx(0.1 / 256), 512), (pytest.approx(0.1 / 256), 768)]


def test_explicit_jobs_one_never_asks() -> None:
    def plan(*args: Any, **kwargs: Any) -> int:
        raise AssertionError("--jobs 1 decides nothing")

    job = RenderJob(Options(), Format.JSONL)
    stdin = io.StringIO(json.dumps(DOC) + "\n")
    assert len(list(run_translate(["-"], job, jobs=1, auto=False, plan=plan, stdin=stdin))) == 1


# -- memory ---------------------------------------------------------------------------------


def peak_bytes(path: Path, fmt: Format) -> int:
    job = RenderJob(Options(), fmt)
    sink = io.StringIO()
    tracemalloc.start()
    try:
        translating.translate([str(path)], job, _Discard(sink), jobs=1)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _Discard:
    def __init__(self, sink: io.StringIO) -> None:
        self.sink = sink

    def write(self, text: str, /) -> int:
        return len(text)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", [Format.JSONL, Format.JSON])
def test_memory_is_flat_for_ten_times_the_payloads(
    tmp_path: Path, fmt: Format, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The peak is one range's worth of results, whatever the number of ranges."""
    monkeypatch.setattr(translating, "RANGE_BYTES", 16 * 1024)
    small = write(tmp_path / "small.jsonl", 300)
    large = write(tmp_path / "large.jsonl", 3_000)
    peak_bytes(small, fmt)  # the rule table and caches, loaded once
    low, high = peak_bytes(small, fmt), peak_bytes(large, fmt)
    assert high < low * 1.5 + 256 * 1024, (low, high)


# -- the hot path's short cuts agree with the full walks ------------------------------------


def test_finding_texts_are_cached_by_templates_and_typed_details() -> None:
    from migrate.mapping.table import load_table
    from migrate.mapping.trace import Trace

    table = load_table()
    code = next(r.code for r in table if "{value}" in r.summary and r.finding_level)
    rule = table[code]
    trace = Trace(table)
    for value in (True, 1, 1.0, "x", True, ["a"], ["a"]):
        trace.emit(code, "p", value=value)
    got = [f.message for f in trace.findings]
    assert got == [rule.message(value=v) for v in (True, 1, 1.0, "x", True, ["a"], ["a"])]
    assert got[0] != got[1], "True and 1 are equal keys but read differently"


HOSTILE = [
    {"a": {"b": [{"c": "x\x00y"}]}},  # NUL deep in a list
    {"customer_email": "a@b.c\n"},  # a line break in an email
    {"line_items": [{"price_data": {"product_data": {"images": ["https://x/\u202e"]}}}]},
    {"metadata": {"k": "ok"}, "success_url": "https://x/\u2028"},
]


@pytest.mark.parametrize("doc", HOSTILE)
def test_the_control_short_cut_never_hides_a_control_character(doc: dict[str, Any]) -> None:
    from migrate.mapping.controls import _find, _surely_clean

    assert list(_find(doc))
    assert not _surely_clean(doc)


def test_the_control_short_cut_passes_clean_documents() -> None:
    from migrate.mapping.controls import _surely_clean

    assert _surely_clean({**DOC, "metadata": {"note": "line\nbreak"}, "images": ["https://x"]})


LIMITS = [
    {"a": "1" * 101},  # a number text past the limit
    {"a": [{"b": "1e999"}]},
    {"a": 10**101},
    {"a": __import__("decimal").Decimal("1e999")},
]


@pytest.mark.parametrize("doc", LIMITS)
def test_the_limit_short_cut_never_hides_a_violation(doc: dict[str, Any]) -> None:
    from migrate.readers.limits import _surely_within, check

    assert check(doc) is not None
    assert not _surely_within(doc)


def test_the_limit_short_cut_sees_depth() -> None:
    from migrate.readers.limits import MAX_DEPTH, _surely_within, check

    deep: Any = {}
    node = deep
    for _ in range(MAX_DEPTH):
        node["a"] = {}
        node = node["a"]
    assert check(deep) is not None
    assert not _surely_within(deep)
    assert _surely_within({"a": [1, 2.5, None, True, "payment", "2e3x"], "metadata": {"k": "1"}})

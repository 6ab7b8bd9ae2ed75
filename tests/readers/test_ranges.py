"""A JSON Lines file read in byte ranges gives the same items, line numbers and problems as the
file read whole, wherever the cuts fall."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from migrate.readers.base import InputProblem, RawPayload
from migrate.readers.payloads import read_file
from migrate.readers.ranges import jsonl_layout, line_ranges, read_range

DOC = {"mode": "payment", "success_url": "https://example.com/ok"}


def records(n: int) -> list[str]:
    return [json.dumps({**DOC, "client_reference_id": f"order_{i}"}) for i in range(n)]


def by_ranges(path: Path, size: int) -> list[RawPayload | InputProblem]:
    layout = jsonl_layout(path)
    assert layout is not None
    return [item for part in line_ranges(path, size, layout=layout) for item in read_range(part)]


def whole(path: Path) -> list[RawPayload | InputProblem]:
    return list(read_file(path))


@pytest.mark.parametrize("size", [1, 7, 50, 61, 4096])
def test_cuts_inside_lines_move_to_the_line_end(tmp_path: Path, size: int) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(records(30)) + "\n")
    for part in line_ranges(path, size):
        assert part.start == 0 or path.read_bytes()[part.start - 1 : part.start] == b"\n"
        assert part.end > part.start
    got = by_ranges(path, size)
    assert got == whole(path)
    assert [item.source.line for item in got] == list(range(1, 31))


def test_the_ranges_cover_the_file_once_with_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    lines = records(10)
    path.write_text("\n".join(lines))  # no newline at the end
    parts = list(line_ranges(path, 100))
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    data = path.read_bytes()
    for part in parts:
        assert part.first_line == data[: part.start].count(b"\n") + 1
        assert part.rest == len(data) - part.end
    assert by_ranges(path, 100) == whole(path)


def test_crlf_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(("\r\n".join(records(12)) + "\r\n").encode())
    for size in (1, 33, 100, 10_000):
        got = by_ranges(path, size)
        assert got == whole(path)
        assert [item.source.line for item in got] == list(range(1, 13))
        assert all(isinstance(item, RawPayload) for item in got)


def test_a_bad_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    lines = records(20)
    lines[13] = '{"mode": "payment", '  # line 14: cut short
    lines[16] = "[1, 2]"  # line 17: not an object
    path = tmp_path / "p.jsonl"
    path.write_bytes(("\n".join(lines) + "\n\n").encode() + b"\xff{}\n")  # line 22: not UTF-8
    for size in (1, 90, 500, 10_000):
        got = by_ranges(path, size)
        assert got == whole(path)
        problems = {
            item.source.line: item.message for item in got if isinstance(item, InputProblem)
        }
        assert sorted(problems) == [14, 17, 22], problems
        assert "not UTF-8" in problems[22]


def test_a_byte_order_mark_and_a_snapshot_header(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(records(5)) + "\n").encode())
    assert by_ranges(path, 1) == whole(path)
    snap = tmp_path / "s.jsonl"
    rows = [
        {"object": "stripe2dodo.snapshot", "version": 2},
        {"object": "product", "id": "prod_1"},
        {"object": "checkout.session", "id": "cs_1", "mode": "payment"},
        {"object": "price", "id": "price_1"},
        {"object": "checkout.session", "id": "cs_2", "mode": "payment"},
    ]
    snap.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    layout = jsonl_layout(snap)
    assert layout is not None and layout.snapshot
    got = by_ranges(snap, 1)
    assert got == whole(snap)
    assert [item.source.line for item in got] == [3, 5]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("one.json", json.dumps(DOC, indent=2)),  # a JSON document over several lines
        ("arr.json", json.dumps([DOC, DOC])),
        ("empty.jsonl", ""),
        ("form.txt", "mode=payment&success_url=https%3A%2F%2Fexample.com"),
        ("bad-first.jsonl", '{"mode": \n' + json.dumps(DOC) + "\n"),
    ],
)
def test_only_json_lines_are_cut(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert jsonl_layout(path) is None
    assert jsonl_layout(tmp_path) is None
    assert jsonl_layout(tmp_path / "missing.jsonl") is None

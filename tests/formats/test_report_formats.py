"""The report's terminal and Markdown renderers: golden files of the samples' report, and checks
that do not trust the goldens (the summary table adds up to the item lists, the Markdown stays
under GitHub's comment limit, table cells are escaped, an empty report renders).

Regenerate the golden files with ``UPDATE_GOLDEN=1 pytest tests/formats/test_report_formats.py`` and
review the diff.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from migrate.formats.markdown import LIMIT, cell, code, inline, render_markdown
from migrate.formats.terminal import kind_label, render_terminal
from migrate.report.build import ReportOptions, build_report
from migrate.report.model import OUTCOMES, FindingOut, NextStep, Report

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "report"
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

RENDERERS: dict[str, Callable[[Report], str]] = {
    "terminal.txt": render_terminal,
    "terminal-details.txt": lambda r: render_terminal(r, details=True),
    "markdown.md": render_markdown,
    "markdown-details.md": lambda r: render_markdown(r, details=True),
}


@pytest.fixture(scope="module")
def sample() -> Iterator[Report]:
    """The samples' report, built from the repository root so that every path is relative."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        yield build_report(["samples/"], ReportOptions(now=NOW))


# -- golden files -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(sample: Report, name: str) -> None:
    text = RENDERERS[name](sample)
    assert sample.generated_at not in text, "the run's time must not be in the output"
    assert str(ROOT) not in text, "paths must be relative to the repository"
    golden = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    assert text == golden.read_text(encoding="utf-8"), (
        f"{name} differs from the golden file: review, then UPDATE_GOLDEN=1 to accept"
    )


def test_goldens_have_no_orphans() -> None:
    assert {p.name for p in GOLDEN.iterdir()} == set(RENDERERS)


def test_rendering_is_deterministic(sample: Report) -> None:
    for render in RENDERERS.values():
        assert render(sample) == render(sample)


# -- terminal ---------------------------------------------------------------------------------


def _independent_counts(report: Report) -> dict[str, Counter[str]]:
    """Items counted per kind and outcome straight from the item lists."""
    counts: dict[str, Counter[str]] = {}
    for c in report.catalog:
        counts.setdefault(c.kind, Counter())[c.outcome] += 1
    for s in report.sessions:
        counts.setdefault("session", Counter())[s.outcome] += 1
    for k in report.code:
        counts.setdefault("code" if k.kind == "create" else "related code", Counter())[
            k.outcome
        ] += 1
    for w in report.webhooks:
        counts.setdefault("webhook", Counter())[w.outcome] += 1
    for value in report.config:
        counts.setdefault("configuration", Counter())[value.outcome] += 1
    return counts


def _table_rows(text: str) -> dict[str, list[int]]:
    """The rows of the first box-drawn table: label -> numbers (``-`` is 0)."""
    rows: dict[str, list[int]] = {}
    for line in text.splitlines():
        if line.startswith("└"):
            break
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if all(c == "-" or c.isdigit() for c in cells[1:]) and cells[0]:
            rows[cells[0]] = [0 if c == "-" else int(c) for c in cells[1:]]
    return rows


def test_the_summary_table_adds_up_to_the_items(sample: Report) -> None:
    text = render_terminal(sample)
    rows = _table_rows(text)
    counts = _independent_counts(sample)
    expected = {
        kind_label(kind): [c[o] for o in OUTCOMES] + [sum(c.values())] for kind, c in counts.items()
    }
    total = rows.pop("Total")
    assert rows == expected
    assert total == [sum(r[i] for r in expected.values()) for i in range(len(OUTCOMES) + 1)]
    items = len(sample.catalog) + len(sample.sessions) + len(sample.code) + len(sample.webhooks)
    items += len(sample.config)
    assert total[-1] == items
    assert total[OUTCOMES.index("blocked")] == sum(c["blocked"] for c in counts.values())


def test_the_terminal_verdict_and_sections(sample: Report) -> None:
    text = render_terminal(sample)
    blocked = sum(
        1
        for items in (sample.catalog, sample.sessions, sample.code, sample.webhooks, sample.config)
        for i in items
        if i.outcome == "blocked"
    )
    assert text.splitlines()[0].startswith(f"NOT READY: {blocked} items blocked")
    for heading in ("Top blockers", "Webhooks:", "Next steps ("):
        assert f"\n{heading}" in text
    # every next step, numbered in the report's order, with its count
    numbered = re.findall(r"^ *(\d+)\. \[(\w+)\] (\w+), (\d+) items?:", text, re.M)
    assert [(int(n), lv, c, int(k)) for n, lv, c, k in numbered] == [
        (n, s.level, s.code, s.count) for n, s in enumerate(sample.next_steps, 1)
    ]
    for w in sample.webhooks:
        assert w.stripe_event in text
    assert "--details" in text.splitlines()[-1] or "--details" in text.splitlines()[-2]
    assert "\x1b[" not in text


def test_terminal_details_list_every_item(sample: Report) -> None:
    text = render_terminal(sample, details=True)
    for c in sample.catalog:
        assert c.stripe_id in text
    for s in sample.sessions:
        assert s.source in text
    for k in sample.code:
        assert f"{k.file}:{k.line}" in text
    assert "money MISMATCH" in text  # the recorded session whose subtotal differs
    assert "Catalog (" not in render_terminal(sample)


def test_terminal_colour_and_width(sample: Report) -> None:
    assert "\x1b[" in render_terminal(sample, color=True)
    narrow = render_terminal(sample, width=80)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert _table_rows(narrow) == _table_rows(render_terminal(sample))


# -- markdown ---------------------------------------------------------------------------------


def test_markdown_length_bounds(sample: Report) -> None:
    short = render_markdown(sample)
    full = render_markdown(sample, details=True)
    assert len(short) < 20_000
    assert len(full) < 60_000
    assert len(full) > len(short)
    assert "<details>" in full and "<details>" not in short


@pytest.mark.slow
def test_markdown_stays_under_the_limit_however_big_the_report(sample: Report) -> None:
    long = "x | y " * 2_000
    bad = FindingOut(code="Z999", level="blocker", message=long, suggestion=long)
    sessions = [
        s.model_copy(update={"findings": [*s.findings, bad], "outcome": "blocked"})
        for s in sample.sessions
    ] * 20
    steps = [
        NextStep(code=f"Z{n:03}", level="warning", title=long, action=long, count=n, where=[])
        for n in range(500)
    ]
    big = sample.model_copy(
        update={
            "sessions": sessions,
            "catalog": list(sample.catalog) * 20,
            "code": sample.code * 20,
            "webhooks": sample.webhooks * 50,
            "next_steps": steps,
            "problems": [f"file{n}.json: {long}" for n in range(500)],
        }
    )
    for details in (False, True):
        text = render_markdown(big, details=details)
        assert len(text) < LIMIT
        assert "more" in text
        _tables_are_well_formed(text)
    assert len(render_markdown(big)) < 30_000


def _columns(line: str) -> int:
    """How many cells a Markdown table row has (escaped pipes do not split)."""
    return len(re.split(r"(?<!\\)\|", line.strip())) - 2


def _tables_are_well_formed(text: str) -> None:
    width = 0
    for line in text.splitlines():
        if not line.startswith("|"):
            width = 0
            continue
        assert line.endswith("|"), line
        if width == 0:
            width = _columns(line)
        assert _columns(line) == width, line


def test_markdown_escapes_pipes_newlines_and_html_in_cells(sample: Report) -> None:
    message = "Amount a|b differs\nfrom <b>c</b> (`x|y` and one ` tick)"
    evil = FindingOut(code="Z001", level="blocker", message=message, suggestion="do | this")
    session = sample.sessions[0].model_copy(
        update={"findings": [evil], "outcome": "blocked", "source": "odd|name.json"}
    )
    step = NextStep(
        code="Z001", level="blocker", title=message, action="do | this", count=1, where=[]
    )
    report = sample.model_copy(
        update={
            "sessions": [session, *sample.sessions[1:]],
            "summary": sample.summary.model_copy(update={"top_blockers": [step]}),
        }
    )
    for details in (False, True):
        text = render_markdown(report, details=details)
        _tables_are_well_formed(text)
        assert "a\\|b differs from &lt;b&gt;c&lt;/b&gt;" in text
        assert "`x\\|y`" in text  # the code span kept, its pipe escaped for the table
        assert "one \\` tick" in text  # an unpaired backtick made literal
        assert "<b>" not in text
    assert "`odd\\|name.json`" in render_markdown(report, details=True)
    _tables_are_well_formed(render_markdown(sample, details=True))


def test_markdown_escaping_helpers() -> None:
    assert inline("a_b _c_ <x> *y*") == "a_b \\_c\\_ &lt;x&gt; \\*y\\*"
    assert inline("keep `a_b <x>` as code") == "keep `a_b <x>` as code"
    assert code("a`b") == "``a`b``"
    assert code("`x") == "`` `x ``"
    assert cell("a|b\nc") == "a\\|b<br>c"


def test_markdown_heading_and_summary(sample: Report) -> None:
    text = render_markdown(sample)
    blocked = sample.summary.totals["blocked"]
    assert f"**Not ready**: {blocked} items blocked" in text
    total = len(sample.catalog) + len(sample.sessions) + len(sample.code) + len(sample.webhooks)
    total += len(sample.config)
    assert "| **Total** | " in text and f"**{total}** |" in text
    for step in sample.summary.top_blockers:
        assert f"**{step.code}**" in text


# -- an empty report --------------------------------------------------------------------------


def test_an_empty_report_says_there_is_nothing_to_migrate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = build_report([str(tmp_path)], ReportOptions(now=NOW))
    for render in RENDERERS.values():
        text = render(report)
        assert "nothing to migrate" in text.lower()
        assert "NOT READY" not in text and "Not ready" not in text
        assert "Total" not in text


def test_unreadable_inputs_are_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.json").write_text('{"mode": "payment", ', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = build_report([str(tmp_path)], ReportOptions(now=NOW))
    assert report.problems
    for render in RENDERERS.values():
        text = render(report)
        assert "broken.json:1:" in text and "invalid JSON" in text
        assert "Problems" in text
        assert "Nothing to do by hand" not in text

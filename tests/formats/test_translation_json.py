"""translate's JSON formats write each finding's JSON text from a cache: the text of a result
is exactly ``json.dumps`` of its ``as_dict()``, whatever the options and however often the
same finding recurs."""

from __future__ import annotations

import pytest

from bench.translate_bench import sample_payloads
from migrate.findings import Finding, Level
from migrate.formats.translation import dumps, result_json
from migrate.mapping.cart import Translation
from migrate.mapping.translate import translate_params
from migrate.readers.base import SourceRef


def _results() -> list[Translation]:
    out = []
    for i, doc in enumerate(sample_payloads()):
        out.append(translate_params(doc, SourceRef(file="x.jsonl", format="jsonl", line=i + 1)))
    return out


@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("refs", [False, True])
def test_the_cached_text_is_the_dumped_dict(full: bool, refs: bool) -> None:
    results = _results()
    assert any(r.findings for r in results) and any(r.money for r in results)
    for _ in range(2):  # the second time every finding's text comes from the cache
        for result in results:
            assert result_json(result, full=full, refs=refs) == dumps(
                result.as_dict(full=full, refs=refs)
            )


def test_results_without_findings_or_tail_and_with_an_error() -> None:
    source = SourceRef("x.json", "json")
    for result in (
        Translation(source, "error", error="bad input: fix it"),
        Translation(source, "skipped"),
        Translation(
            source,
            "translated",
            dodo={"a": "ü"},
            findings=(Finding("C001", Level.INFO, "p", 'm "q"', "s"),),
            money={"status": "ok"},
        ),
    ):
        for refs in (False, True):
            assert result_json(result, refs=refs) == dumps(result.as_dict(refs=refs))


def test_the_same_finding_text_with_and_without_refs_is_cached_apart() -> None:
    finding = Finding("C001", Level.WARNING, "path", "message", "suggestion")
    result = Translation(SourceRef("x.json", "json"), "translated", findings=(finding,))
    plain = result_json(result)
    refs = result_json(result, refs=True)
    assert '"message": "message"' in plain and '"ref": ' not in plain
    assert '"ref": "C001.' in refs and '"message"' not in refs


@pytest.mark.parametrize(
    "source",
    [
        SourceRef("a.jsonl", "jsonl", line=7),
        SourceRef("a.jsonl", "jsonl", line=8),
        SourceRef("b.json", "json", index=2),
        SourceRef("e.jsonl", "jsonl", line=3, path="data.object"),
        SourceRef("e.jsonl", "jsonl", line=3, path=""),
        SourceRef("x.jsonl", "jsonl", line=4, column=9),
        SourceRef("caf\udcc3.jsonl", "jsonl", line=1),
        SourceRef("-", "jsonl", line=12),
    ],
)
def test_every_kind_of_source_is_written_as_its_dict(source: SourceRef) -> None:
    for status in ("translated", "error"):
        result = Translation(source, status, error=None if status == "translated" else "bad")
        assert result_json(result) == dumps(result.as_dict())

"""translate --refs (stripe2dodo.translate/v2): findings name their text by ref, each distinct
text is written once, and resolving the refs gives back the v1 output exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bench.translate_bench import write_input
from migrate.commands import RenderJob
from migrate.commands import translate as translating
from migrate.formats import Format
from migrate.mapping.translate import Options


def run(path: Path, fmt: Format, *, refs: bool, jobs: int = 1) -> str:
    out = io.StringIO()
    job = RenderJob(Options(), fmt, refs=refs)
    translating.translate([str(path)], job, out, jobs=jobs)
    return out.getvalue()


def resolve(results: list[dict[str, Any]], texts: dict[str, dict[str, str]]) -> None:
    for result in results:
        for finding in result["findings"]:
            text = texts[finding.pop("ref")]
            finding["message"] = text["message"]
            finding["suggestion"] = text["suggestion"]


@pytest.fixture
def payloads(tmp_path: Path) -> Path:
    path = tmp_path / "p.jsonl"
    write_input(path, 400)  # every sample payload, several times over
    return path


def read_jsonl_v2(text: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    results: list[dict[str, Any]] = []
    texts: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        record = json.loads(line)
        if "ref" in record:
            assert record["ref"] not in texts, "a text written twice"
            texts[record.pop("ref")] = record
        else:
            for finding in record["findings"]:
                assert finding["ref"] in texts, "a text named before it was written"
            results.append(record)
    return results, texts


def test_jsonl_refs_resolve_to_the_v1_results(payloads: Path) -> None:
    v1 = run(payloads, Format.JSONL, refs=False)
    v2 = run(payloads, Format.JSONL, refs=True)
    results, texts = read_jsonl_v2(v2)
    resolve(results, texts)
    assert results == [json.loads(line) for line in v1.splitlines()]
    assert len(v2) < len(v1) * 0.75


def test_json_refs_is_schema_v2_with_texts_after_the_results(payloads: Path) -> None:
    v1 = json.loads(run(payloads, Format.JSON, refs=False))
    v2 = json.loads(run(payloads, Format.JSON, refs=True))
    assert v1["schema"] == "stripe2dodo.translate/v1"
    assert v2["schema"] == "stripe2dodo.translate/v2"
    assert list(v2) == ["schema", "tool", "results", "texts", "summary"]
    named = {f["ref"] for r in v2["results"] for f in r["findings"]}
    assert named == set(v2["texts"])  # every text named, none unused
    resolve(v2["results"], v2["texts"])
    assert v2["results"] == v1["results"]
    assert v2["summary"] == v1["summary"]


@pytest.mark.slow
def test_refs_texts_are_written_once_when_workers_render(
    payloads: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(translating, "RANGE_BYTES", 16 * 1024)  # many ranges, two workers
    alone = run(payloads, Format.JSONL, refs=True)
    workers = run(payloads, Format.JSONL, refs=True, jobs=2)
    assert workers == alone
    read_jsonl_v2(workers)


def test_a_ref_is_the_same_for_the_same_text_and_differs_for_another() -> None:
    from migrate.findings import text_ref

    assert text_ref("C090", "a", "b") == text_ref("C090", "a", "b")
    assert text_ref("C090", "a", "b").startswith("C090.")
    assert text_ref("C090", "a", "b") != text_ref("C090", "a", "c")

"""The bundled samples: form bodies and curl commands translate exactly like their JSON twins,
and every sample's full translation matches its reviewed golden file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from migrate.commands import translate_paths
from migrate.formats.translation import dumps
from migrate.mapping.translate import Options, Translation
from migrate.readers.idmap import IdMap

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden" / "translate"
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _twin(path: Path) -> Path:
    stem = path.stem
    for prefix, folder in (
        ("scenario-", "scenarios"),
        ("seed002-", "seed002"),
        ("tricky-", "tricky"),
    ):
        if stem.startswith(prefix):
            return SAMPLES / "payloads" / folder / (stem.removeprefix(prefix) + ".json")
    raise AssertionError(f"no JSON twin for {path}")


def _translated(path: Path, ids: IdMap | None = None) -> list[Translation]:
    opts = Options(ids=ids or IdMap.empty(), now=NOW)
    return [r for r in translate_paths([str(path)], opts) if r.status == "translated"]


def _essence(result: Translation) -> tuple[str, list[tuple[str, str]], list[dict]]:
    findings = sorted((f.code, f.path) for f in result.findings if f.code != "G015")
    return dumps(result.dodo), findings, list(result.requires)


# Lifecycle curl commands have no JSON twin: their endpoint (a subscription id in the path, the
# Charges API) says more than a JSON body can.
TWINNED = sorted(
    p
    for p in [*SAMPLES.glob("form/*.form"), *SAMPLES.glob("curl/*.sh")]
    if p.stem != "multi" and not p.stem.startswith("lifecycle-")
)


@pytest.mark.parametrize("path", TWINNED, ids=[f"{p.parent.name}/{p.name}" for p in TWINNED])
def test_form_and_curl_translate_like_their_json_twin(path: Path) -> None:
    got = _translated(path)
    want = _translated(_twin(path))
    assert len(got) == 1 == len(want)
    assert _essence(got[0]) == _essence(want[0])


def test_multi_form_has_three_bodies() -> None:
    results = list(translate_paths([str(SAMPLES / "form" / "multi.form")], Options(now=NOW)))
    assert [r.status for r in results] == ["translated"] * 3
    assert [r.source.line for r in results] == [1, 2, 3]


def test_curl_file_with_catalog_calls_translates_only_the_session() -> None:
    results = list(
        translate_paths([str(SAMPLES / "curl" / "seed002-c-one-time-price.sh")], Options())
    )
    assert [r.status for r in results] == ["skipped", "skipped", "translated"]
    assert {f.code for r in results[:2] for f in r.findings} == {"G012"}


GOLDEN_INPUTS = sorted(
    p
    for p in SAMPLES.rglob("*")
    if p.is_file()
    and p.suffix in (".json", ".jsonl", ".form", ".sh")
    and p.name != "id-map.json"
    and p.relative_to(SAMPLES).parts[0] != "code"  # source code: the scanner's input
)


@pytest.mark.parametrize(
    "path", GOLDEN_INPUTS, ids=[str(p.relative_to(SAMPLES)) for p in GOLDEN_INPUTS]
)
def test_golden(path: Path) -> None:
    ids = IdMap.load(str(SAMPLES / "id-map.json"))
    results = translate_paths([str(path)], Options(ids=ids, now=NOW))
    rel = path.relative_to(SAMPLES)
    text = "".join(
        dumps(
            {**r.as_dict(full=True), "source": {**r.source.as_dict(), "file": str(rel)}}, indent=2
        )
        + "\n"
        for r in results
    )
    golden = GOLDEN / (str(rel) + ".json")
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), (
        f"missing golden file {golden}: run UPDATE_GOLDEN=1 pytest tests/test_samples.py"
    )
    assert text == golden.read_text(encoding="utf-8"), f"{rel} differs from {golden.name}"


def test_goldens_have_no_orphans() -> None:
    expected = {str(p.relative_to(SAMPLES)) + ".json" for p in GOLDEN_INPUTS}
    actual = {str(p.relative_to(GOLDEN)) for p in GOLDEN.rglob("*.json")}
    assert actual == expected


def test_every_sample_field_has_an_outcome() -> None:
    """Nothing dropped silently: each JSON sample's Stripe keys all appear in `fields`."""
    for path in [
        *SAMPLES.glob("payloads/scenarios/*.json"),
        *SAMPLES.glob("payloads/lifecycle/*.json"),
    ]:
        doc = json.loads(path.read_text())
        (result,) = _translated(path)
        decided = {p.split(".")[0].split("[")[0] for p in result.fields}
        assert set(doc) <= decided, (path.name, set(doc) - decided)

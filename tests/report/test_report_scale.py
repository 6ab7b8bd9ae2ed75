"""The report at an account's size (issue 16): items spooled and read back, the JSON compact
with per-field outcomes only on request, and the HTML page grouping items of one shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.findings import Finding, Level
from migrate.report.model import FindingOut, SessionItem
from migrate.report.spool import Spool

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "samples" / "payloads" / "scenarios" / "01-simple-single-product.json"


def _payloads(path: Path, n: int) -> Path:
    doc = json.loads(SCENARIO.read_text(encoding="utf-8"))
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({**doc, "client_reference_id": f"scale_{i}"}) + "\n")
    return path


def _report(tmp_path: Path, n: int, *args: str) -> str:
    payloads = _payloads(tmp_path / f"p{n}.jsonl", n)
    out = tmp_path / f"out-{n}-{'-'.join(a.strip('-') for a in args)}"
    result = CliRunner().invoke(cli.main, ["report", str(payloads), *args, "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out.read_text(encoding="utf-8")


def test_spool_keeps_order_and_reads_back_what_was_written() -> None:
    items = [
        SessionItem(id=f"session-{n}", source=f"f.jsonl:{n}", status="translated", outcome="clean")
        for n in range(1, 2001)
    ]
    spool = Spool(SessionItem, items)
    assert len(spool) == 2000 and bool(spool)
    assert list(spool) == items
    both = zip(iter(spool), iter(spool), strict=True)  # two readers at once
    assert all(a == b for a, b in both)
    assert spool[0] == items[0] and spool[-1] == items[-1] and spool[5:7] == items[5:7]
    with pytest.raises(IndexError):
        spool[2000]
    assert not Spool(SessionItem)


def test_a_finding_is_made_once_per_code_and_text() -> None:
    finding = Finding("C001", Level.WARNING, "mode", "text", "do this")
    same = Finding("C001", Level.WARNING, "mode", "text", "do this")
    assert FindingOut.of(finding) is FindingOut.of(same)
    assert FindingOut.of(finding) is not FindingOut.of(finding._replace(message="other"))


def test_json_is_compact_without_fields_unless_asked(tmp_path: Path) -> None:
    compact = _report(tmp_path, 3, "--format", "json")
    assert compact.count("\n") == 1  # one line
    doc = json.loads(compact)
    assert all("fields" not in s for s in doc["sessions"])
    full = json.loads(_report(tmp_path, 3, "--format", "json", "--full"))
    assert all(s["fields"] for s in full["sessions"])
    pretty = _report(tmp_path, 3, "--format", "json", "--pretty")
    assert pretty.startswith('{\n  "schema": "stripe2dodo.report/v2",')
    docs = [doc, full, json.loads(pretty)]
    for d in docs:
        d["generated_at"] = None
        for s in d["sessions"]:
            s.pop("fields", None)
    assert docs[0] == docs[1] == docs[2]


def test_html_groups_items_of_one_shape(tmp_path: Path) -> None:
    page = _report(tmp_path, 60, "--format", "html")
    shapes = re.findall(r'<div class="shape o-[a-z]+" data-kind="session" data-count="(\d+)"', page)
    assert shapes == ["60"]  # sixty sessions of one shape: one group
    assert len(re.findall(r'<details class="item [^"]*" id="session-', page)) == 1  # one example
    members = re.findall(r'<li class="item member [^"]*" id="(session-\d+)"', page)
    assert members == [f"session-{n}" for n in range(2, 61)]
    for n in range(1, 61):
        assert page.count(f'id="session-{n}"') == 1
    assert '<span id="visible-count">60</span>' in page


def test_html_page_grows_by_a_compact_line_per_item(tmp_path: Path) -> None:
    small = len(_report(tmp_path, 20, "--format", "html").encode())
    big = len(_report(tmp_path, 220, "--format", "html").encode())
    assert (big - small) / 200 < 400  # bytes per further item of a known shape


def test_refs_write_each_finding_text_once(tmp_path: Path) -> None:
    plain = _report(tmp_path, 40, "--format", "json")
    by_ref = _report(tmp_path, 40, "--format", "json", "--refs")
    assert len(by_ref) < len(plain)
    doc, ref_doc = json.loads(plain), json.loads(by_ref)
    texts = ref_doc.pop("texts")
    assert len({(t["code"], t["message"], t["suggestion"]) for t in texts}) == len(texts)
    named = 0
    for s in ref_doc["sessions"]:
        for f in s["findings"]:
            assert "message" not in f and "suggestion" not in f
            text = texts[f.pop("ref")]
            assert text["code"] == f["code"]
            f.update(message=text["message"], suggestion=text["suggestion"])
            named += 1
    assert named > len(texts)  # forty sessions of one shape share their texts
    doc["generated_at"] = ref_doc["generated_at"] = None
    assert ref_doc == doc  # the same document once the texts are put back


@pytest.mark.parametrize("extra", [[], ["--refs"], ["--full", "--pretty"]])
def test_a_baseline_in_any_json_shape_knows_every_finding(tmp_path: Path, extra: list[str]) -> None:
    payloads = _payloads(tmp_path / "p.jsonl", 30)
    base = tmp_path / "base.json"
    runner = CliRunner()
    first = runner.invoke(
        cli.main, ["report", str(payloads), "--format", "json", *extra, "-o", str(base)]
    )
    assert first.exit_code in (0, 1), first.output
    again = runner.invoke(
        cli.main, ["report", str(payloads), "--baseline", str(base), "--format", "json"]
    )
    assert again.exit_code == 0, again.output
    doc = json.loads(again.stdout)
    assert sum(doc["baseline"]["new"].values()) == 0
    assert sum(doc["baseline"]["known"].values()) > 0
    assert all(f["new"] is False for s in doc["sessions"] for f in s["findings"])

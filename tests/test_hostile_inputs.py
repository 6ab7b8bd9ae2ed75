"""One hostile file among good ones: `translate` and `report` exit 2 with one line about it, and
every other item's output is complete and valid (issue 12, item 16)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import cli, commands
from migrate.commands import RenderJob, run_translate, translate_paths
from migrate.errors import ExitCode
from migrate.formats import Format
from migrate.mapping import stream
from migrate.mapping.translate import Options
from migrate.readers.base import InputProblem, RawPayload, SourceRef

GOOD_A = {
    "mode": "payment",
    "success_url": "https://example.com/ok",
    "line_items": [
        {
            "price_data": {"currency": "usd", "unit_amount": 1000, "product_data": {"name": "A"}},
            "quantity": 1,
        }
    ],
}
GOOD_C = {**GOOD_A, "client_reference_id": "order_c"}
CURL = "curl https://api.stripe.com/v1/checkout/sessions -u sk_test_123456:"
HOSTILE = {
    "deep.json": '{"mode": "payment", "line_items": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep-metadata.json": json.dumps(GOOD_A)[:-1]
    + ', "metadata": '
    + '{"a":' * 500
    + "1"
    + "}" * 500
    + "}",
    "brackets.form": "mode=payment&metadata" + "[a]" * 10_000 + "=x",
    "digits.json": json.dumps(GOOD_A)[:-1] + ', "amount_total": ' + "9" * 5000 + "}",
    "exponent.json": json.dumps(GOOD_A).replace(
        '"unit_amount": 1000', '"unit_amount_decimal": 1e999999999'
    ),
    "exponent.form": "mode=payment&success_url=x&line_items[0][price_data][currency]=usd"
    "&line_items[0][price_data][unit_amount_decimal]=1e999999999&line_items[0][quantity]=1",
    "deep.sh": f"{CURL} --json '" + '{"a":' * 5000 + "1" + "}" * 5000 + "'\n",
    "long.sh": f"{CURL} --json '" + '{"a":' * 100_000 + "1" + "}" * 100_000 + "'\n",
    "intent.sh": "curl https://api.stripe.com/v1/payment_intents -u sk_test_123456: -d amount="
    + "9" * 5000
    + " -d currency=usd -d customer=cus_1 -d off_session=true -d confirm=true\n",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def folder(tmp_path: Path, name: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "a.json").write_text(json.dumps(GOOD_A))
    (tmp_path / f"b-{name}").write_text(HOSTILE[name])
    (tmp_path / "c.json").write_text(json.dumps(GOOD_C))
    return tmp_path


def one_error_line(err: str, name: str) -> str:
    lines = [line for line in err.splitlines() if "error" in line]
    assert len(lines) == 1, err
    assert f"b-{name}" in lines[0] and "Traceback" not in err and len(lines[0]) < 400
    return lines[0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_translate_reads_everything_but_the_hostile_item(
    tmp_path: Path, name: str, fmt: str
) -> None:
    code, out, err = run("translate", str(folder(tmp_path, name)), "--format", fmt, "-j", "1")
    assert code == ExitCode.INPUT
    line = one_error_line(err, name)
    assert "fix or remove this item" in line and "internal error" not in line
    if fmt == "text":
        assert out.count(": translated") == 2 and out.count(": error") == 1
        assert "2 translated, 0 skipped, 1 unreadable" in out
        return
    results = (
        json.loads(out)["results"] if fmt == "json" else [json.loads(x) for x in out.splitlines()]
    )
    assert [r["status"] for r in results] == ["translated", "error", "translated"]
    assert [r["dodo"]["return_url"] for r in results if r["status"] == "translated"] == [
        "https://example.com/ok",
        "https://example.com/ok",
    ]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_report_reports_everything_but_the_hostile_item(tmp_path: Path, name: str) -> None:
    code, out, err = run("report", str(folder(tmp_path, name)), "--format", "json")
    assert code == ExitCode.INPUT
    one_error_line(err, name)
    doc = json.loads(out)
    assert len(doc["sessions"]) == 2
    assert len(doc["problems"]) == 1 and f"b-{name}" in doc["problems"][0]


def test_an_item_that_still_exhausts_python_is_that_items_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last-resort guard: past the readers' limits, a RecursionError or an integer-size
    ValueError in one item is that item's error (exit 2), not a crash of the run."""
    real = stream.translate_item

    def fragile(item: RawPayload | InputProblem, opts: Options | None = None) -> object:
        if isinstance(item, RawPayload) and item.data.get("client_reference_id") == "deep":
            raise RecursionError("maximum recursion depth exceeded")
        if isinstance(item, RawPayload) and item.data.get("client_reference_id") == "long":
            int("9" * 5000)
        return real(item, opts)

    monkeypatch.setattr(stream, "translate_item", fragile)
    lines = [GOOD_A, {**GOOD_A, "client_reference_id": "deep"}]
    lines += [{**GOOD_A, "client_reference_id": "long"}, GOOD_C]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    code, out, err = run("translate", str(path), "--format", "jsonl", "-j", "1")
    assert code == ExitCode.INPUT
    statuses = [json.loads(x)["status"] for x in out.splitlines()]
    assert statuses == ["translated", "error", "error", "translated"]
    assert err.count("too large or too deeply nested to translate") == 2
    assert "(RecursionError)" in err and "(ValueError)" in err and "Traceback" not in err
    results = list(translate_paths([str(path)], Options()))
    assert [r.status for r in results] == ["translated", "error", "error", "translated"]


def test_a_result_that_cannot_be_rendered_is_rendered_as_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = stream.translate_item

    def huge_body(item: RawPayload | InputProblem, opts: Options | None = None) -> object:
        result = real(item, opts)
        if isinstance(item, RawPayload) and item.data.get("client_reference_id") == "order_c":
            return result._replace(dodo={"amount": 10**5000})  # str() refuses it
        return result

    monkeypatch.setattr(stream, "translate_item", huge_body)
    code, out, err = run("translate", str(folder(tmp_path, "deep.json")), "--format", "json")
    assert code == ExitCode.INPUT
    statuses = [r["status"] for r in json.loads(out)["results"]]
    assert statuses == ["translated", "error", "error"]
    assert err.count("error") == 2 and "Traceback" not in err


@pytest.mark.slow
def test_a_dying_worker_costs_only_its_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--jobs: a worker process killed mid-batch (here: the item exits the process) loses its
    item only; every other item, in the same batch and in the others, is translated in order."""
    real = stream.translate_item
    parent = os.getpid()

    def deadly(item: RawPayload | InputProblem, opts: Options | None = None) -> object:
        if isinstance(item, RawPayload) and item.data.get("client_reference_id") == "kill":
            assert os.getpid() != parent, "the killing item must only ever run in a worker"
            os._exit(9)
        return real(item, opts)

    monkeypatch.setattr(stream, "translate_item", deadly)
    docs = [{**GOOD_A, "client_reference_id": f"order_{i}"} for i in range(600)]
    docs[300] = {**GOOD_A, "client_reference_id": "kill"}
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in docs) + "\n")
    job = RenderJob(Options(), Format.JSONL)
    rendered = list(run_translate([str(path)], job, jobs=2))
    results = [json.loads(text) for text, _ in rendered]
    assert [r["source"]["line"] for r in results] == list(range(1, 601))
    assert [i for i, r in enumerate(results) if r["status"] != "translated"] == [300]
    assert results[300]["error"].startswith("internal error: the worker process stopped")
    assert rendered[300][1].error == results[300]["error"]


def test_the_guard_keeps_the_source_of_the_item() -> None:
    problem = InputProblem(SourceRef("f.json", "json", line=3), "bad", "fix it")
    (result,) = [commands.translate_guarded(problem, Options())]
    assert result.status == "error" and result.source.line == 3


# -- the scanner: one hostile source file never stops the scan of the others --------------------

GOOD_PY = (
    "import stripe\n"
    "stripe.checkout.Session.create(mode='payment', success_url='https://example.com/ok',\n"
    "    line_items=[{'price': 'price_1', 'quantity': 1}])\n"
)


def scan_json(*paths: Path) -> tuple[int, dict[str, object], str]:
    code, out, err = run("scan", *(str(p) for p in paths), "--format", "json", "--jobs", "1")
    return code, json.loads(out), err


def test_a_literal_nested_thousands_deep_is_read_as_a_run_time_value(tmp_path: Path) -> None:
    deep = "{a: " * 3000 + "1" + "}" * 3000
    (tmp_path / "deep.js").write_text(
        "const stripe = require('stripe')('sk_test_x');\n"
        f"stripe.checkout.sessions.create({{mode: 'payment', metadata: {deep}}});\n"
    )
    (tmp_path / "good.py").write_text(GOOD_PY)
    code, doc, err = scan_json(tmp_path)
    assert code in (ExitCode.CLEAN, ExitCode.FINDINGS) and "Traceback" not in err
    sites = doc["sites"]
    assert isinstance(sites, list)
    assert sorted(Path(s["file"]).name for s in sites) == ["deep.js", "good.py"]
    (deep_site,) = [s for s in sites if s["file"].endswith("deep.js")]
    assert [d["path"] for d in deep_site["dynamic"]] == ["metadata" + ".a" * 63]


def test_numbers_past_the_limits_in_code_are_blockers_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "decimal.py").write_text(
        "import stripe\n"
        "stripe.checkout.Session.create(mode='payment', success_url='https://example.com/ok',\n"
        "    line_items=[{'price_data': {'currency': 'usd', 'unit_amount_decimal': '1e999999999',\n"
        "    'product_data': {'name': 'A'}}, 'quantity': 1}])\n"
    )
    (tmp_path / "intent.sh").write_text(HOSTILE["intent.sh"])
    code, doc, err = scan_json(tmp_path)
    assert code == ExitCode.FINDINGS and "Traceback" not in err
    sites = doc["sites"]
    assert isinstance(sites, list)
    codes = {Path(s["file"]).name: [f["code"] for f in s["findings"]] for s in sites}
    assert "C091" in codes["decimal.py"]
    assert any(f.startswith("PI") for f in codes["intent.sh"]), codes["intent.sh"]


def _raising(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    """``error`` raised while reading bad.py, in both passes of a tree scan (the first pass
    scans a file, scan.py; the second scans again one it could not)."""
    from migrate.scan import file_scan, scan

    real = file_scan.scan_source

    def failing(text: str, path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("bad.py"):
            raise error
        return real(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scan, "scan_source", failing)
    monkeypatch.setattr(file_scan, "scan_source", failing)


def test_a_file_that_exhausts_python_is_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _raising(monkeypatch, RecursionError("maximum recursion depth exceeded"))
    (tmp_path / "a.py").write_text(GOOD_PY)
    (tmp_path / "bad.py").write_text(GOOD_PY)
    (tmp_path / "c.py").write_text(GOOD_PY)
    code, doc, err = scan_json(tmp_path)
    assert code == ExitCode.INPUT and "Traceback" not in err
    assert [Path(s["file"]).name for s in doc["sites"]] == ["a.py", "c.py"]  # type: ignore[attr-defined]
    (line,) = err.splitlines()
    assert "bad.py: too large or nested too deep to read (RecursionError)" in line


def _buggy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug (not a size limit) raised while reading bad.py."""
    _raising(monkeypatch, TypeError("'NoneType' object is not subscriptable"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_in_one_file_is_one_problem_and_the_others_are_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    _buggy(monkeypatch)
    for name in ("a.py", "bad.py", "c.py"):
        (tmp_path / name).write_text(GOOD_PY)
    code, out, err = run("scan", str(tmp_path), "--format", "json", "--jobs", jobs)
    assert code == ExitCode.INTERNAL and "Traceback" not in err
    doc = json.loads(out)
    assert [Path(s["file"]).name for s in doc["sites"]] == ["a.py", "c.py"]
    (line,) = err.splitlines()
    assert "bad.py: internal error while reading this file (TypeError: 'NoneType' object" in line
    assert "the other files were scanned" in line and "--traceback" in line
    (problem,) = doc["summary"]["problems"]
    assert line.endswith(problem) and problem.startswith(str(tmp_path / "bad.py"))


def test_a_bug_in_one_file_shows_its_traceback_when_asked_and_the_scan_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _buggy(monkeypatch)
    for name in ("a.py", "bad.py"):
        (tmp_path / name).write_text(GOOD_PY)
    code, out, err = run("--traceback", "scan", str(tmp_path), "--format", "text", "--jobs", "1")
    assert code == ExitCode.INTERNAL
    assert "Traceback (most recent call last)" in err and "in failing" in err
    assert f"== {tmp_path / 'a.py'}" in out and f"== {tmp_path / 'bad.py'}" not in out
    # the next command in the same process does not inherit --traceback
    code, out, err = run("scan", str(tmp_path), "--format", "json", "--jobs", "1")
    assert code == ExitCode.INTERNAL and "Traceback" not in err


def test_a_bug_in_one_code_file_of_a_report_is_exit_3_and_the_rest_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _buggy(monkeypatch)
    for name in ("a.py", "bad.py"):
        (tmp_path / name).write_text(GOOD_PY)
    (tmp_path / "a.json").write_text(json.dumps(GOOD_A))
    code, out, err = run("report", str(tmp_path), "--format", "json")
    assert code == ExitCode.INTERNAL and "Traceback" not in err
    doc = json.loads(out)
    assert [Path(c["file"]).name for c in doc["code"]] == ["a.py"]
    assert any(s["source"].endswith("a.json") for s in doc["sessions"])
    (problem,) = doc["problems"]
    assert "bad.py: internal error while reading this file (TypeError" in problem


# -- the other JSON readers: snapshots, id maps, failed-charge lists -----------------------------


def test_a_snapshot_line_nested_too_deep_is_one_problem_and_the_rest_is_reported(
    tmp_path: Path,
) -> None:
    from tests.conftest import SAMPLES

    lines = (SAMPLES / "snapshot.jsonl").read_text(encoding="utf-8").splitlines()
    lines.insert(
        2,
        '{"object": "product", "id": "prod_deep", "metadata": ' + "[" * 50_000 + "]" * 50_000 + "}",
    )
    (tmp_path / "snapshot.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "a.json").write_text(json.dumps(GOOD_A))
    code, out, err = run("report", str(tmp_path), "--format", "json")
    assert code == ExitCode.INPUT and "Traceback" not in err
    doc = json.loads(out)
    assert any(s["source"].endswith("a.json") for s in doc["sessions"])
    assert all("snapshot.jsonl:3" in p for p in doc["problems"]), doc["problems"]
    assert any("nested deeper than 64 levels" in p for p in doc["problems"])


def test_an_id_map_nested_too_deep_is_one_line_exit_2(tmp_path: Path) -> None:
    ids = tmp_path / "ids.json"
    ids.write_text('{"price_1": ' + "[" * 100_000 + "]" * 100_000 + "}")
    payload = tmp_path / "a.json"
    payload.write_text(json.dumps(GOOD_A))
    code, out, err = run("translate", str(payload), "--id-map", str(ids))
    assert code == ExitCode.INPUT and "Traceback" not in err
    assert err.strip() == (
        f"stripe2dodo: error: {ids}:1:76: the id map nested deeper than 64 levels: "
        "an id map is a flat JSON object of ids: fix or remove this entry"
    )
    (tmp_path / "id-map.json").write_text(ids.read_text())
    code, out, err = run("report", str(tmp_path), "--format", "json")
    assert code == ExitCode.INPUT and len(json.loads(out)["sessions"]) == 1


def test_a_failed_charge_list_nested_too_deep_is_a_problem(tmp_path: Path) -> None:
    from migrate.retries import read_failed_charges

    path = tmp_path / "failed.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    charges, problems = read_failed_charges(path)
    assert charges == []
    assert problems == [
        f"{path}: line 1 column 65: nested deeper than 64 levels; fix or remove this entry"
    ]


def test_a_file_that_kills_a_scan_worker_is_one_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrate.scan import scan

    parent = os.getpid()

    def deadly(real: Any) -> Any:
        def scan_it(text: str, path: str, *args: object, **kwargs: object) -> object:
            if path.endswith("kill.py"):
                in_worker = os.getpid() != parent
                assert in_worker, "the killing file must only ever be scanned in a worker"
                os._exit(9)
            return real(text, path, *args, **kwargs)

        return scan_it

    # the first pass scans each file (scan_source), the second again one it could not
    monkeypatch.setattr(scan, "scan_source", deadly(scan.scan_source))
    monkeypatch.setattr(scan, "scan_text", deadly(scan.scan_text))
    for i in range(240):
        (tmp_path / f"m{i:03d}.py").write_text(GOOD_PY if i % 40 == 0 else "x = 1\n")
    (tmp_path / "m100kill.py").write_text(GOOD_PY)
    code, out, err = run("scan", str(tmp_path), "--format", "json", "--jobs", "2")
    assert code == ExitCode.INPUT and "Traceback" not in err
    names = [Path(s["file"]).name for s in json.loads(out)["sites"]]
    assert names == [f"m{i:03d}.py" for i in range(0, 240, 40)]
    (line,) = err.splitlines()
    assert "m100kill.py: the scan of this file stopped its worker process" in line


def test_plan_names_an_unreadable_payload_and_plans_the_others(tmp_path: Path) -> None:
    from tests.conftest import SAMPLES

    payloads = folder(tmp_path / "payloads", "digits.json")
    out = tmp_path / "plan.json"
    code, _, err = run(
        "plan",
        "--snapshot",
        str(SAMPLES / "snapshot.jsonl"),
        "--payloads",
        str(payloads),
        "--tax-category",
        "saas",
        "--out",
        str(out),
    )
    assert code == ExitCode.INPUT and "Traceback" not in err
    one_error_line(err, "digits.json")
    plan = json.loads(out.read_text())
    names = [
        op["request"]["body"]["name"]
        for op in plan["operations"]
        if op["kind"] == "product" and op.get("request")
    ]
    assert "A" in names  # the inline product of the good payloads is planned


def test_an_internal_error_quoting_a_secret_key_never_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "sk_" + "live_51HxQuoted0Key0In0An0Error0Message00"
    _raising(monkeypatch, ValueError(f"cannot read api_key={key!r}"))
    for name in ("a.py", "bad.py"):
        (tmp_path / name).write_text(GOOD_PY)
    code, out, err = run("scan", str(tmp_path), "--format", "json", "--jobs", "1")
    assert code == ExitCode.INTERNAL
    assert key not in out and key not in err
    assert "bad.py: internal error while reading this file (ValueError: cannot read" in err

"""`stripe2dodo export` and a live `plan` through the real CLI and the real stripe SDK, against a
local HTTP server on 127.0.0.1 that serves the in-process fake's pages (no outside network)."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode
from migrate.mapping import stream
from migrate.readers.snapshot import iter_objects, read_info
from tests import fake_stripe as fs

pytestmark = pytest.mark.slow  # every test runs the CLI against a served fake Stripe

KEY = "sk_test_51LiveLookingKeyForTheExportTest0000"


def _catalog() -> fs.FakeStripe:
    products = [fs.product(i, tax_code="txcd_10103001") for i in range(150)]
    prices = [fs.price(i, f"prod_{i % 150:06d}", recurring=i % 2 == 0) for i in range(320)]
    return fs.FakeStripe(
        {
            "product": products,
            "price": prices,
            "coupon": [fs.coupon("SAVE10", percent_off=10, duration="once", valid=True)],
            "promotion_code": [fs.promotion_code("promo_1", "SAVE10", "SAVE10NOW")],
            "customer": [fs.customer(i) for i in range(3)],
        }
    )


@contextlib.contextmanager
def _serve(fake: fs.FakeStripe) -> Iterator[str]:
    """Serve a fake Stripe over HTTP on 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, status, headers = fake.request(
                "get", f"http://127.0.0.1{self.path}", dict(self.headers)
            )
            data = body.encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[tuple[str, fs.FakeStripe]]:
    fake = _catalog()
    with _serve(fake) as base:
        yield base, fake


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli.main, list(args), env={"STRIPE_API_KEY": KEY}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_export_writes_a_complete_snapshot_without_the_key(
    server: tuple[str, fs.FakeStripe], tmp_path: Path
) -> None:
    base, fake = server
    out = tmp_path / "snap.jsonl"
    code, _, err = run("export", "--out", str(out), "--stripe-api-base", base, "--no-sessions")
    assert code == 0, err
    info = read_info(str(out))
    assert info.complete and info.counts["product"] == 150 and info.counts["price"] == 320
    assert KEY not in out.read_text() and KEY not in err
    prices = [o["id"] for _, o in iter_objects(str(out), ("price",))]
    assert len(prices) == len(set(prices)) == 320
    lists = [r.path for r in fake.requests]
    assert lists.count("/v1/products") == 2 and lists.count("/v1/prices") == 4  # pages of 100
    assert all(r.headers.get("Authorization", "").endswith(KEY) for r in fake.requests)


def test_live_plan_reads_the_api_once(server: tuple[str, fs.FakeStripe], tmp_path: Path) -> None:
    base, _ = server
    plan, snap = tmp_path / "plan.json", tmp_path / "kept.jsonl"
    code, _, err = run(
        "plan", "--stripe-api-base", base, "--save-snapshot", str(snap), "--out", str(plan)
    )
    assert code == 0, err
    doc = json.loads(plan.read_text())
    assert doc["summary"]["by_kind_action"]["product.create"] == 320
    assert doc["inputs"]["snapshot"]["sha256"] == read_info(str(snap)).sha256
    assert KEY not in plan.read_text()


def test_a_plan_from_the_api_applies_as_it_is(
    server: tuple[str, fs.FakeStripe], tmp_path: Path
) -> None:
    """Without --save-snapshot the snapshot is kept beside the plan, so apply can check the plan
    against it; moved together, they still apply; a changed snapshot is still refused."""
    base, _ = server
    plan = tmp_path / "plan.json"
    code, _, err = run("plan", "--stripe-api-base", base, "--out", str(plan))
    assert code == 0, err
    kept = tmp_path / "plan.snapshot.jsonl"
    doc = json.loads(plan.read_text())
    assert doc["inputs"]["snapshot"]["sha256"] == read_info(str(kept)).sha256
    creates = sum(op["action"] == "create" for op in doc["operations"])
    code, out, err = run("apply", str(plan))
    assert code == 0, err
    assert len(out.splitlines()) == creates
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    plan.rename(moved / "plan.json")
    kept.rename(moved / "plan.snapshot.jsonl")
    code, out, err = run("apply", str(moved / "plan.json"))
    assert code == 0, err
    assert len(out.splitlines()) == creates
    snapshot = moved / "plan.snapshot.jsonl"
    snapshot.write_text(snapshot.read_text().replace("Product 1", "Product one", 1))
    code, out, err = run("apply", str(moved / "plan.json"))
    assert code == ExitCode.INPUT and "inputs changed" in err and out == ""


def test_a_plan_that_fails_leaves_no_plan_file(tmp_path: Path) -> None:
    snap = tmp_path / "snap.jsonl"
    snap.write_text('{"object": "stripe2dodo.snapshot", "format": 1}\n')  # no end line
    code, _, err = run("plan", "--snapshot", str(snap), "--out", str(tmp_path / "plan.json"))
    assert code == ExitCode.INPUT and "interrupted" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snap.jsonl"]


def test_a_plan_into_a_missing_folder_is_one_line(
    server: tuple[str, fs.FakeStripe], tmp_path: Path
) -> None:
    base, fake = server
    out = str(tmp_path / "missing" / "plan.json")
    code, _, err = run("plan", "--stripe-api-base", base, "--out", out)
    assert code == ExitCode.INPUT and err.count("\n") == 1 and "no such folder" in err, err
    assert fake.requests == []  # refused before the account is read


def test_rejected_key_is_one_line_and_leaves_no_file(
    server: tuple[str, fs.FakeStripe], tmp_path: Path
) -> None:
    base, fake = server
    fake.fail(401)
    out = tmp_path / "snap.jsonl"
    code, _, err = run("export", "--out", str(out), "--stripe-api-base", base)
    assert code == ExitCode.INPUT
    assert err.strip().count("\n") == 0 and "401" in err and KEY not in err
    assert list(tmp_path.iterdir()) == []


def test_sessions_create_reads_the_accounts_sessions(tmp_path: Path) -> None:
    products = [fs.product(1)]
    prices = [fs.price(1, "prod_000001")]
    session = fs.session(
        1, mode="payment", success_url="https://example.com/ok", currency="usd", amount_subtotal=202
    )
    fake = fs.FakeStripe(
        {"product": products, "price": prices, "checkout.session": [session]},
        line_items={session["id"]: [fs.line_item(1, "price_000001", quantity=2)]},
    )
    with _serve(fake) as base:
        code, out, err = run("sessions", "create", "--stripe-sessions", "--stripe-api-base", base)
    assert code == 0, err
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["status"] == "planned" and line["source"] == f"stripe:{session['id']}"
    assert line["request"]["body"]["product_cart"][0]["quantity"] == 2
    assert {r.path for r in fake.requests} == {
        "/v1/checkout/sessions",
        f"/v1/checkout/sessions/{session['id']}/line_items",
    }


def test_one_session_that_cannot_be_translated_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    sessions = [
        fs.session(n, mode="payment", success_url="https://example.com/ok", currency="usd")
        for n in (1, 2)
    ]
    fake = fs.FakeStripe(
        {
            "product": [fs.product(1)],
            "price": [fs.price(1, "prod_000001")],
            "checkout.session": sessions,
        },
        line_items={s["id"]: [fs.line_item(1, "price_000001")] for s in sessions},
    )
    real = stream.translate_item

    def exhausted(item: Any, opts: Any = None) -> Any:
        if item.source.file == f"stripe:{sessions[0]['id']}":
            raise RecursionError("maximum recursion depth exceeded")
        return real(item, opts)

    monkeypatch.setattr(stream, "translate_item", exhausted)
    with _serve(fake) as base:
        code, out, err = run("sessions", "create", "--stripe-sessions", "--stripe-api-base", base)
    rows = {r["source"]: r for r in map(json.loads, out.splitlines())}
    assert rows[f"stripe:{sessions[1]['id']}"]["status"] == "planned"
    assert rows[f"stripe:{sessions[0]['id']}"]["status"] != "planned"
    assert code == ExitCode.INPUT, err
    assert "internal error" not in err


def test_report_reads_the_stripe_account_itself(
    server: tuple[str, fs.FakeStripe], tmp_path: Path
) -> None:
    base, _ = server
    code, out, err = run(
        "report",
        str(tmp_path),
        "--stripe",
        "--stripe-api-base",
        base,
        "--format",
        "json",
        "--tax-category",
        "saas",
    )
    doc = json.loads(out)
    assert code == 0, err
    kinds = {c["kind"] for c in doc["catalog"]}
    assert {"product", "discount", "customer"} <= kinds
    assert len([c for c in doc["catalog"] if c["stripe_id"].startswith("price_")]) == 320
    assert [i["kind"] for i in doc["inputs"]] == ["snapshot"]
    assert KEY not in out and KEY not in err
    assert not list(tmp_path.iterdir())  # the account snapshot lived in a temporary folder

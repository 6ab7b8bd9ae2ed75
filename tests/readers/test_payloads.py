"""Files, folders and stdin to payloads or problems; one bad item never stops the others."""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest

from migrate.readers.base import InputProblem, RawPayload
from migrate.readers.payloads import iter_inputs, read_file

Item = RawPayload | InputProblem
KEY = "sk_live_51VeryS3cretLiveKeyZZ"
SESSION = {"mode": "payment", "success_url": "https://x.test/ok"}
SEED_002 = Path(__file__).resolve().parent / "data" / "seed_002_checkout_prices_migration.txt"


def read(*paths: str | Path, stdin: io.StringIO | None = None) -> list[Item]:
    return list(iter_inputs([str(p) for p in paths], stdin=stdin))


def payloads(items: list[Item]) -> list[RawPayload]:
    return [i for i in items if isinstance(i, RawPayload)]


def problems(items: list[Item]) -> list[InputProblem]:
    return [i for i in items if isinstance(i, InputProblem)]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# JSON documents ---------------------------------------------------------------------------


def test_json_object_is_one_payload_passed_through(tmp_path: Path) -> None:
    event = {"object": "event", "data": {"object": {"object": "checkout.session", "id": "cs_1"}}}
    path = write(tmp_path / "event.json", json.dumps(event, indent=2))
    (item,) = read(path)
    assert isinstance(item, RawPayload)
    assert item.data == event
    assert item.source.as_dict() == {"file": str(path), "format": "json"}
    assert item.meta == {}


def test_json_numbers_with_fraction_are_decimals(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", '{"unit_amount": 2000, "unit_amount_decimal": 0.1}')
    (item,) = read(path)
    assert isinstance(item, RawPayload)
    assert item.data["unit_amount"] == 2000
    assert type(item.data["unit_amount"]) is int
    assert item.data["unit_amount_decimal"] == Decimal("0.1")


def test_json_array_elements_are_payloads_and_non_objects_are_problems(tmp_path: Path) -> None:
    path = write(tmp_path / "many.json", json.dumps([SESSION, "oops", {"mode": "setup"}, None]))
    items = read(path)
    assert [(type(i).__name__, i.source.index) for i in items] == [
        ("RawPayload", 0),
        ("InputProblem", 1),
        ("RawPayload", 2),
        ("InputProblem", 3),
    ]
    assert "array element is a string" in problems(items)[0].message
    assert "null" in problems(items)[1].message
    assert problems(items)[0].source.label() == f"{path}[1]"


def test_empty_json_array_is_a_problem(tmp_path: Path) -> None:
    (item,) = read(write(tmp_path / "x.json", "[\n]\n"))
    assert isinstance(item, InputProblem)
    assert "empty" in item.message


def test_broken_json_document_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.json", '{\n  "mode": "payment"\n  "x": 1\n}\n')
    (item,) = read(path)
    assert isinstance(item, InputProblem)
    assert (item.source.line, item.source.column) == (3, 3)
    assert item.source.format == "json"
    assert "invalid JSON" in item.message
    assert item.hint
    assert item.one_line().startswith(f"{path}:3:3: invalid JSON")


# JSON Lines -------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_and_the_rest_come_through(tmp_path: Path) -> None:
    lines = [
        json.dumps(SESSION),
        "",
        '{"mode": "setup", oops}',
        "[1, 2]",
        json.dumps({"mode": "subscription"}),
        "   ",
    ]
    path = write(tmp_path / "records.jsonl", "\n".join(lines) + "\n")
    items = read(path)
    assert [(type(i).__name__, i.source.line) for i in items] == [
        ("RawPayload", 1),
        ("InputProblem", 3),
        ("InputProblem", 4),
        ("RawPayload", 5),
    ]
    bad_json, not_object = problems(items)
    assert bad_json.source.column == 19
    assert bad_json.source.format == "jsonl"
    assert "record is an array" in not_object.message
    assert payloads(items)[1].data == {"mode": "subscription"}


def test_jsonl_is_detected_by_content_whatever_the_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "records.json", f"{json.dumps(SESSION)}\n{json.dumps(SESSION)}\n")
    items = read(path)
    assert [(i.source.format, i.source.line) for i in items] == [("jsonl", 1), ("jsonl", 2)]


def test_single_line_file_uses_the_extension_to_break_the_tie(tmp_path: Path) -> None:
    (as_json,) = read(write(tmp_path / "one.json", json.dumps(SESSION) + "\n\n"))
    (as_jsonl,) = read(write(tmp_path / "one.jsonl", json.dumps(SESSION)))
    assert as_json.source.format == "json"
    assert (as_jsonl.source.format, as_jsonl.source.line) == ("jsonl", 1)


def test_jsonl_with_broken_first_line_still_reads_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "x.ndjson", '{"mode": \n' + json.dumps(SESSION) + "\n")
    items = read(path)
    assert [(type(i).__name__, i.source.line) for i in items] == [
        ("InputProblem", 1),
        ("RawPayload", 2),
    ]


def test_jsonl_line_that_is_not_utf8_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": "\xff\xfe"}\n{"c": 3}\n')
    items = read(path)
    assert [(type(i).__name__, i.source.line) for i in items] == [
        ("RawPayload", 1),
        ("InputProblem", 2),
        ("RawPayload", 3),
    ]
    assert "UTF-8" in problems(items)[0].message


def _jsonl_peak(path: Path, lines: int) -> int:
    record = json.dumps({**SESSION, "metadata": {"order": "x" * 100}})
    path.write_text((record + "\n") * lines, encoding="utf-8")
    gc.collect()
    tracemalloc.start()
    try:
        count = 0
        for item in iter_inputs([str(path)]):
            assert isinstance(item, RawPayload)
            count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == lines
    return peak


@pytest.mark.slow
def test_jsonl_is_streamed_memory_does_not_grow_with_size(tmp_path: Path) -> None:
    small = _jsonl_peak(tmp_path / "small.jsonl", 5_000)
    large = _jsonl_peak(tmp_path / "large.jsonl", 50_000)
    size = (tmp_path / "large.jsonl").stat().st_size
    assert large < size / 20, (large, size)
    assert large < small * 2 + 64 * 1024, (small, large)


# Form bodies ------------------------------------------------------------------------------


def test_form_file_one_body_per_line_with_a_bad_key(tmp_path: Path) -> None:
    text = (
        "# bodies captured from the server log\n"
        "mode=payment&line_items[0][price]=price_1&line_items[0][quantity]=1\n"
        "\n"
        "mode=setup&metadata[a]=1&metadata[a][b]=2\n"
        "this is not a body\n"
        "mode=subscription&expand[]=line_items&expand[]=customer\n"
    )
    items = read(write(tmp_path / "bodies.form", text))
    assert [(type(i).__name__, i.source.line) for i in items] == [
        ("InputProblem", 5),
        ("RawPayload", 2),
        ("InputProblem", 4),
        ("RawPayload", 6),
    ]
    assert payloads(items)[0].data == {
        "mode": "payment",
        "line_items": [{"price": "price_1", "quantity": "1"}],
    }
    assert payloads(items)[1].data == {
        "mode": "subscription",
        "expand": ["line_items", "customer"],
    }
    bad_key = problems(items)[1]
    assert "metadata[a][b]" in bad_key.message
    assert bad_key.source.format == "form"


def test_form_file_of_single_pairs_is_one_body(tmp_path: Path) -> None:
    text = (
        "mode=payment\n"
        "success_url=https://x.test/ok?a=b\n"
        "line_items[0][price_data][product_data][name]=T+shirt\n"
        "line_items[0][price_data][product_data][images][]=https%3A%2F%2Fx.test%2Fa.png\n"
    )
    (item,) = read(write(tmp_path / "body.txt", text))
    assert isinstance(item, RawPayload)
    assert item.source.line == 1
    assert item.data == {
        "mode": "payment",
        "success_url": "https://x.test/ok?a=b",
        "line_items": [
            {
                "price_data": {
                    "product_data": {"name": "T shirt", "images": ["https://x.test/a.png"]}
                }
            }
        ],
    }


def test_single_pair_body_bad_key_names_its_line(tmp_path: Path) -> None:
    (item,) = read(write(tmp_path / "body.form", "mode=payment\na[b=1\nc=2\n"))
    assert isinstance(item, InputProblem)
    assert item.source.line == 2


# curl -------------------------------------------------------------------------------------


def test_curl_file_meta_and_relative_data_file(tmp_path: Path) -> None:
    write(tmp_path / "req" / "items.form", "line_items[0][price]=price_1&line_items[0][quantity]=2")
    text = f"""\
# Stripe docs, copied
$ curl https://api.stripe.com/v1/checkout/sessions \\
    -u {KEY}: \\
    -H "Stripe-Version: 2020-08-27" \\
    -d @items.form \\
    -d mode=payment

curl https://api.stripe.com/v1/checkout/sessions/cs_1/line_items
"""
    items = read(write(tmp_path / "req" / "create.sh", text))
    first, second = items
    assert isinstance(first, RawPayload)
    assert first.data == {"line_items": [{"price": "price_1", "quantity": "2"}], "mode": "payment"}
    assert first.meta == {
        "method": "POST",
        "endpoint": "/v1/checkout/sessions",
        "body_format": "form",
        "stripe_version": "2020-08-27",
        "auth": "redacted",
    }
    assert (first.source.format, first.source.line, first.source.index) == ("curl", 2, 0)
    assert isinstance(second, RawPayload)
    assert second.meta == {
        "method": "GET",
        "endpoint": "/v1/checkout/sessions/cs_1/line_items",
        "body_format": "form",
    }
    assert (second.source.line, second.source.index) == (8, 1)


def test_seed_002_page_flattened_onto_one_line() -> None:
    """The curl blocks of seed 002 as that page arrives: flattened onto one line between prose."""
    everything = read(SEED_002)
    items = payloads(everything)
    assert len(items) == len(everything) == 8
    assert [(i.meta["method"], i.meta["endpoint"]) for i in items] == [
        ("POST", "/v1/checkout/sessions"),
        ("POST", "/v1/products"),
        ("POST", "/v1/prices"),
        ("POST", "/v1/checkout/sessions"),
        ("POST", "/v1/checkout/sessions"),
        ("POST", "/v1/checkout/sessions"),
        ("POST", "/v1/checkout/sessions"),
        ("GET", "/v1/checkout/sessions/{{CHECKOUT_SESSION_ID}}/line_items"),
    ]
    assert [i.source.index for i in items] == list(range(8))
    assert all(i.source.line == 1 and i.meta["auth"] == "redacted" for i in items)
    assert items[5].data == {
        "line_items": [
            {"price": "{{PRICE_OR_PLAN_ID}}", "quantity": "1"},
            {"price": "{{ONE_TIME_PRICE_ID}}", "quantity": "1"},
        ],
        "mode": "subscription",
        "success_url": "https://example.com/success",
    }
    assert items[6].data["payment_method_types"] == ["card"]
    assert items[6].data["expand"] == ["line_items"]


def test_broken_curl_command_is_a_problem_and_reading_goes_on(tmp_path: Path) -> None:
    text = "curl https://a.test/v1/x -d 'mode=payment\ncurl -d a=1\ncurl https://a.test/v1/y\n"
    items = read(write(tmp_path / "x.curl", text))
    assert [(type(i).__name__, i.source.line, i.source.index) for i in items] == [
        ("InputProblem", 1, 0),
        ("InputProblem", 2, 1),
        ("RawPayload", 3, 2),
    ]


def test_sh_file_without_curl_is_one_problem(tmp_path: Path) -> None:
    (item,) = read(write(tmp_path / "build.sh", "#!/bin/sh\nmake all\n"))
    assert isinstance(item, InputProblem)
    assert "no curl command" in item.message


def test_secrets_never_reach_any_item(tmp_path: Path) -> None:
    text = f"""\
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}: -d mode=payment
curl https://api.stripe.com/v1/checkout/sessions -H 'Authorization: Bearer {KEY}' -d 'x[={KEY}'
curl https://api.stripe.com/v1/checkout/sessions -u {KEY}: -d @missing-{KEY}.txt
curl https://api.stripe.com/v1/checkout/sessions -u '{KEY}
"""
    items = read(write(tmp_path / "k.sh", text))
    assert len(items) == 4
    for item in items:
        rendered = [repr(item), str(item), item.source.label(), str(item.source.as_dict())]
        if isinstance(item, InputProblem):
            rendered.append(item.one_line())
        else:
            rendered += [repr(item.data), repr(item.meta)]
        assert all(KEY not in text for text in rendered), rendered


# Files that cannot be read ----------------------------------------------------------------


def test_bom_is_stripped_for_every_format(tmp_path: Path) -> None:
    bom = "\ufeff"
    json_doc = write(tmp_path / "a.json", bom + json.dumps(SESSION, indent=1))
    jsonl = write(tmp_path / "b.jsonl", bom + json.dumps(SESSION) + "\n" + json.dumps(SESSION))
    form = write(tmp_path / "c.form", bom + "mode=payment&x=1\n")
    curl = write(tmp_path / "d.curl", bom + "curl https://a.test/v1/x -d mode=payment\n")
    items = read(json_doc, jsonl, form, curl)
    assert all(isinstance(i, RawPayload) for i in items), items
    assert [i.data["mode"] for i in payloads(items)] == ["payment"] * 5


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file_is_one_problem(tmp_path: Path, content: str) -> None:
    (item,) = read(write(tmp_path / "empty.json", content))
    assert isinstance(item, InputProblem)
    assert item.message == "file is empty"


def test_missing_file_is_a_problem_and_the_next_path_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", json.dumps(SESSION))
    missing, item = read(tmp_path / "nope.jsonl", good)
    assert isinstance(missing, InputProblem)
    assert missing.message == "file not found"
    assert missing.source.format == "jsonl"
    assert isinstance(item, RawPayload)


def test_binary_files_are_one_problem_each(tmp_path: Path) -> None:
    png = tmp_path / "img.json"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"abc\x00def\n")
    latin = tmp_path / "latin.form"
    latin.write_bytes("mode=payment\nname=caf\xe9\n".encode("latin-1"))
    items = read(png, nul, latin)
    assert [(i.source.file, type(i).__name__) for i in items] == [
        (str(png), "InputProblem"),
        (str(nul), "InputProblem"),
        (str(latin), "InputProblem"),
    ]
    png_problem, nul_problem, latin_problem = problems(items)
    assert "UTF-8" in png_problem.message
    assert "binary" in nul_problem.message
    assert "UTF-8" in latin_problem.message


def test_permission_denied_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.json", json.dumps(SESSION))
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    (item,) = read(path)
    assert isinstance(item, InputProblem)
    assert item.message == "permission denied"


def test_folder_where_a_file_is_needed_is_a_problem(tmp_path: Path) -> None:
    (item,) = read_file(tmp_path, label="dir")
    assert isinstance(item, InputProblem)
    assert (item.source.file, item.message) == ("dir", "is a folder, not a file")


@pytest.mark.parametrize(
    "text",
    ["Just some notes about payments.\n", "stripe>=16.1,<17\nmode=payment\n", "requests==2.0\n"],
)
def test_unrecognised_content_is_a_problem(tmp_path: Path, text: str) -> None:
    (item,) = read(write(tmp_path / "notes.txt", text))
    assert isinstance(item, InputProblem)
    assert "unrecognised" in item.message


# Folders and stdin ------------------------------------------------------------------------


def test_folder_recursion_in_sorted_order_skipping_noise(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for rel in [
        "b/z.json",
        "a.jsonl",
        "b/a.form",
        "c.curl",
        ".hidden/x.json",
        ".x.json",
        "node_modules/pkg/x.json",
        ".git/x.json",
        "__pycache__/x.json",
        "venv/x.json",
        ".venv/x.json",
        "src/__pycache__/x.json",
        "README.md",
        "app.py",
    ]:
        content = "mode=payment\n" if rel.endswith(".form") else json.dumps(SESSION)
        if rel.endswith(".curl"):
            content = "curl https://a.test/v1/x -d mode=payment\n"
        write(root / rel, content)
    items = read(root)
    assert all(isinstance(i, RawPayload) for i in items), items
    assert [i.source.file for i in items] == [
        str(root / "a.jsonl"),
        str(root / "b" / "a.form"),
        str(root / "b" / "z.json"),
        str(root / "c.curl"),
    ]


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty" / "node_modules").mkdir(parents=True)
    write(tmp_path / "empty" / "node_modules" / "x.json", "{}")
    (item,) = read(tmp_path / "empty")
    assert isinstance(item, InputProblem)
    assert "no payload files" in item.message


def test_stdin_json_lines_and_curl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jsonl = io.StringIO("\ufeff" + json.dumps(SESSION) + "\nnot json\n" + json.dumps(SESSION))
    items = read("-", stdin=jsonl)
    assert [(type(i).__name__, i.source.file, i.source.line) for i in items] == [
        ("RawPayload", "-", 1),
        ("InputProblem", "-", 2),
        ("RawPayload", "-", 3),
    ]
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "body.form", "mode=setup")
    (item,) = read("-", stdin=io.StringIO("$ curl https://a.test/v1/x -d @body.form\n"))
    assert isinstance(item, RawPayload)
    assert (item.data, item.source.file) == ({"mode": "setup"}, "-")


def test_stdin_empty_is_a_problem() -> None:
    (item,) = read("-", stdin=io.StringIO(""))
    assert isinstance(item, InputProblem)
    assert item.source.file == "-"


def test_snapshot_yields_only_its_recorded_sessions(tmp_path: Path) -> None:
    """A stripe2dodo snapshot is JSON Lines; translate reads its checkout sessions only."""
    lines = [
        {"object": "stripe2dodo.snapshot", "format": 1},
        {"object": "product", "id": "prod_1"},
        {"object": "checkout.session", "id": "cs_1", "mode": "payment"},
        {"object": "price", "id": "price_1"},
        {"object": "checkout.session", "id": "cs_2", "mode": "payment"},
        {"object": "stripe2dodo.snapshot_end", "counts": {}},
    ]
    path = write(tmp_path / "snap.jsonl", "".join(json.dumps(x) + "\n" for x in lines))
    items = payloads(read(path))
    assert [(i.source.line, i.data["id"]) for i in items] == [(3, "cs_1"), (5, "cs_2")]

"""Hostile payloads (nested too deep, numbers too long) are one unreadable item each, located
by file, line and JSON path; every other item is read as usual."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.readers.base import InputProblem, RawPayload
from migrate.readers.form import FormParseError, parse_form
from migrate.readers.limits import MAX_DEPTH, LimitError, check, loads
from migrate.readers.payloads import iter_inputs

Item = RawPayload | InputProblem
GOOD = {"mode": "payment", "success_url": "https://x.test/ok"}
GOOD_LINE = json.dumps(GOOD)


def nested(depth: int, inner: str = "1") -> str:
    """JSON text of ``depth`` objects one inside the other (``{"a":{"a":...}}``)."""
    return '{"a":' * depth + inner + "}" * depth


def read(*paths: Path) -> list[Item]:
    return list(iter_inputs([str(p) for p in paths]))


def only_problem(items: list[Item]) -> InputProblem:
    found = [i for i in items if isinstance(i, InputProblem)]
    assert len(found) == 1, found
    return found[0]


def good_items(items: list[Item]) -> list[dict[str, object]]:
    return [i.data for i in items if isinstance(i, RawPayload)]


def test_a_json_document_nested_100k_deep_is_one_problem_at_its_line_and_column(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.json").write_text(GOOD_LINE)
    (tmp_path / "b.json").write_text("\n" + "[" * 100_000 + "]" * 100_000)
    (tmp_path / "c.json").write_text(GOOD_LINE)
    items = read(tmp_path)
    problem = only_problem(items)
    assert problem.source.label() == f"{tmp_path}/b.json:2:{MAX_DEPTH + 1}"
    assert problem.message == "nested deeper than 64 levels"
    assert "fix or remove this item" in problem.hint
    assert good_items(items) == [GOOD, GOOD]


def test_a_deep_value_inside_a_payload_is_named_by_its_json_path(tmp_path: Path) -> None:
    deep = json.loads(nested(70))  # decodes, but past the limit
    doc = [GOOD, {**GOOD, "metadata": {"k": "v"}, "custom_fields": [deep]}, GOOD]
    path = tmp_path / "array.json"
    path.write_text(json.dumps(doc))
    items = read(path)
    problem = only_problem(items)
    assert problem.source.index == 1
    assert problem.source.path is not None
    assert problem.source.path.startswith("custom_fields[0].a.a.a")
    assert good_items(items) == [GOOD, GOOD]


def test_depth_64_is_read_and_65_is_not() -> None:
    assert loads(nested(MAX_DEPTH - 1, "{}")) is not None  # 64 objects
    with pytest.raises(LimitError, match="nested deeper than 64 levels"):
        loads(nested(MAX_DEPTH, "{}"))


def test_json_lines_keep_reading_past_hostile_records(tmp_path: Path) -> None:
    huge = '{"mode":"payment","amount_total":' + "9" * 5000 + "}"
    lines = [GOOD_LINE, nested(100_000), huge, GOOD_LINE]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = read(path)
    assert good_items(items) == [GOOD, GOOD]
    bad = [i for i in items if isinstance(i, InputProblem)]
    assert [(p.source.line, p.message) for p in bad] == [
        (2, "nested deeper than 64 levels"),
        (3, "number with more than 100 digits"),
    ]
    assert bad[1].source.column == huge.index("9") + 1


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("9" * 101, "number with more than 100 digits"),
        ("1e999999999", "number 1E+999999999 is out of range"),
        ('"1e999999999"', "number 1e999999999 is out of range"),
        ('"' + "9" * 5000 + '.5"', "number 999999999999...(5002 characters) is out of range"),
        ("1e-101", "number 1E-101 is out of range"),
    ],
)
def test_numbers_past_the_limit_are_named(value: str, shown: str) -> None:
    text = '{"line_items":[{"price_data":{"unit_amount_decimal":' + value + "}}]}"
    with pytest.raises(LimitError) as caught:
        loads(text)
    assert caught.value.message == shown
    assert caught.value.path == "line_items[0].price_data.unit_amount_decimal"


def test_numbers_inside_the_limits_and_metadata_text_are_kept() -> None:
    doc = loads(
        '{"a": ' + "9" * 100 + ', "b": 1e99, "c": "12.50", "d": "' + "9" * 100 + '",'
        ' "metadata": {"ref": "1e999999999", "hash": "' + "1" * 300 + '"}, "e": "release 1e9"}'
    )
    assert doc["a"] == 10**100 - 1 and doc["b"] == Decimal("1e99")
    assert doc["metadata"]["ref"] == "1e999999999"


def test_a_form_key_with_10k_brackets_is_one_problem_naming_its_line(tmp_path: Path) -> None:
    body = "mode=payment&metadata" + "[a]" * 10_000 + "=x"
    path = tmp_path / "bodies.form"
    path.write_text("mode=payment&success_url=x\n" + body + "\nmode=payment&cancel_url=y\n")
    items = read(path)
    problem = only_problem(items)
    assert problem.source.line == 2
    assert "nests deeper than 64 levels" in problem.message
    assert len(problem.one_line()) < 300
    assert len(good_items(items)) == 2


def test_form_limits_on_brackets_and_list_indexes() -> None:
    assert parse_form("a" + "[b]" * (MAX_DEPTH - 1) + "=1")  # 64 containers deep
    with pytest.raises(FormParseError, match="nests deeper than 64 levels"):
        parse_form("a" + "[b]" * MAX_DEPTH + "=1")
    with pytest.raises(FormParseError, match="list index with more than 100 digits"):
        parse_form("line_items[" + "9" * 5000 + "][price]=p")


def test_form_values_that_are_numbers_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "b.form"
    path.write_text(
        "mode=payment&line_items[0][price_data][unit_amount_decimal]=1e999999999\n"
        "mode=payment&metadata[note]=1e999999999\n"
    )
    items = read(path)
    problem = only_problem(items)
    assert problem.one_line().startswith(
        f"{path}:1 line_items[0].price_data.unit_amount_decimal: number 1e999999999 is out of range"
    )
    assert good_items(items) == [{"mode": "payment", "metadata": {"note": "1e999999999"}}]


def test_curl_bodies_past_the_limits(tmp_path: Path) -> None:
    url = "curl https://api.stripe.com/v1/checkout/sessions -u sk_test_123456:"
    path = tmp_path / "calls.sh"
    path.write_text(
        f"{url} --json '{nested(2000)}'\n"
        f"{url} -d mode=payment -d 'metadata{'[a]' * 10_000}=x'\n"
        f"{url} -d mode=payment -d line_items[0][quantity]={'9' * 5000}\n"
        f"{url} -d mode=payment\n"
    )
    items = read(path)
    bad = [i for i in items if isinstance(i, InputProblem)]
    assert [p.source.index for p in bad] == [0, 1, 2]
    # at its column when the parser's recursion gives out first, else at its JSON path (a
    # process whose recursion limit another library raised, as mypy run in-process does)
    assert "JSON body at " in bad[0].message and "nested deeper" in bad[0].message
    assert "nests deeper than 64 levels" in bad[1].message
    assert bad[2].source.path == "line_items[0].quantity"
    assert good_items(items) == [{"mode": "payment"}]


def test_a_curl_command_too_long_to_tokenise_is_a_problem(tmp_path: Path) -> None:
    url = "curl https://api.stripe.com/v1/checkout/sessions"
    path = tmp_path / "calls.sh"
    path.write_text(f"{url} --json '{nested(100_000)}'\n{url} -d mode=payment\n")
    items = read(path)
    problem = only_problem(items)
    assert problem.source.line == 1
    assert problem.message == "curl command longer than 100,000 characters"
    assert good_items(items) == [{"mode": "payment"}]


_EXPONENT_TEXT = re.compile(r"[-+]?[0-9]*\.?[0-9]*[eE][-+]?[0-9]+")
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    # text, but not a number written with an exponent: such text is a number out of range
    # when its exponent is (a form value), which the tests above check on their own
    | st.text(max_size=8).filter(lambda t: _EXPONENT_TEXT.fullmatch(t.strip()) is None),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=20,
)


@pytest.mark.property
@settings(max_examples=150, deadline=None)
@given(JSON_VALUES)
def test_values_within_the_limits_decode_as_json_does(value: object) -> None:
    text = json.dumps(value)
    assert loads(text) == json.loads(text)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=MAX_DEPTH + 1, max_value=5000), st.sampled_from(["[", '{"k":']))
def test_any_nesting_past_the_limit_is_a_limit_error(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    with pytest.raises(LimitError):
        loads(opener * depth + "0" + closer * depth)


@pytest.mark.property
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]":,0123456789eE.-+ abtrunl\\', max_size=300))
def test_any_text_is_json_a_syntax_error_or_a_limit_error(text: str) -> None:
    try:
        value = loads(text)
    except LimitError:
        return
    except json.JSONDecodeError:
        return
    assert check(value) is None


def test_short_commands_on_a_long_line_are_read(tmp_path: Path) -> None:
    prose = "Lorem ipsum dolor sit amet. " * 5000  # 140,000 characters
    url = "https://api.stripe.com/v1/checkout/sessions"
    path = tmp_path / "page.sh"
    path.write_text(f"curl {url} -d mode=payment | jq . # {prose}\ncurl {url} -d mode=setup\n")
    assert [i.data for i in read(path) if isinstance(i, RawPayload)] == [
        {"mode": "payment"},
        {"mode": "setup"},
    ]


def test_long_text_is_checked_in_one_pass() -> None:
    """Blanks and digits by the million (the check once backtracked over every blank, in time
    growing with the square of their number: this took hours)."""
    blanks = " " * 1_000_000
    long_fraction = check({"c": "1." + "1" * 1_000_000})
    assert long_fraction is not None and "out of range" in long_fraction.message
    found = check({"description": blanks + "1e999999999" + blanks})
    assert found is not None and found.path == "description"
    assert check({"description": blanks + "x"}) is None
    assert check({"description": "1" * 1_000_000 + "x"}) is None

"""The memo of ``translate`` by payload shape (``migrate/commands/memo.py``) gives what the
engine gives, byte for byte: every rule that declares ``copies`` is held to it on every sample
payload with values drawn at random, and a rule that broke its declaration would be caught."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from migrate.cli import main
from migrate.commands import memo as memo_module
from migrate.commands import translate as translating
from migrate.commands.memo import MAX_SEEN, Memo, copied_fields
from migrate.commands.translate import RenderJob, render_batch
from migrate.findings import Outcome
from migrate.mapping.translate import Options, Translation
from migrate.readers.base import RawPayload, SourceRef
from migrate.readers.payloads import iter_inputs

ROOT = Path(__file__).resolve().parent.parent
PLAIN = string.ascii_letters + string.digits + "_.@+-"


def sample_payloads() -> list[dict[str, Any]]:
    """Every payload under ``samples/payloads`` (current, legacy, recorded, the calls around
    Checkout), as the readers give them."""
    items = iter_inputs([str(ROOT / "samples" / "payloads")])
    return [item.data for item in items if isinstance(item, RawPayload)]


SAMPLES = sample_payloads()


def with_values(doc: dict[str, Any], values: list[str]) -> dict[str, Any]:
    """``doc`` with a value of each field the rules only copy (three values: the client
    reference, the email, a metadata value; a field the payload has keeps its other keys)."""
    out = dict(doc)
    out["client_reference_id"] = values[0]
    out["customer_email"] = values[1]
    out["metadata"] = {**(doc.get("metadata") or {}), "order": values[2]}
    return out


def engine(doc: dict[str, Any], line: int, job: RenderJob) -> str:
    """What the engine alone renders for ``doc`` read from line ``line`` (no memo)."""
    from migrate.mapping.stream import translate_guarded

    item = RawPayload(SourceRef("in.jsonl", "jsonl", line), doc)
    return job.renderer().item(translate_guarded(item, job.opts))


def memoised(docs: list[dict[str, Any]], job: RenderJob) -> list[str]:
    """``docs`` read from lines 1, 2... through ``render_batch`` (the memo on)."""
    translating._MEMO = None
    items = [RawPayload(SourceRef("in.jsonl", "jsonl", n), d) for n, d in enumerate(docs, 1)]
    return [text for text, _outline in render_batch(list(items), job)]


def same_length(value: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=PLAIN, min_size=len(value), max_size=len(value))


JOBS = [
    RenderJob(Options(), "jsonl"),
    RenderJob(Options(), "jsonl", full=True),
    RenderJob(Options(), "text", verbose=True),
]


def test_the_rules_declare_which_fields_are_only_copied() -> None:
    assert copied_fields() == ("client_reference_id", "customer_email", "metadata")


@pytest.mark.property
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SAMPLES),
    st.sampled_from(JOBS),
    st.tuples(*(st.sampled_from([6, 7, 12, 40]) for _ in range(3))),
    st.data(),
)
def test_a_shape_filled_with_other_values_is_what_the_engine_gives(
    doc: dict[str, Any], job: RenderJob, lengths: tuple[int, int, int], data: st.DataObject
) -> None:
    """Two payloads of a shape make its template; a third of it with values drawn at random
    (same lengths) is filled in: it must be the engine's own translation of that payload."""
    first = [data.draw(same_length("x" * n)) for n in lengths]
    second = [data.draw(same_length(v)) for v in first]
    third = [data.draw(same_length(v)) for v in first]
    docs = [with_values(doc, first), with_values(doc, second), with_values(doc, third)]
    if len({*first}) != len({*second}) or len({*first}) != len({*third}):
        return  # values that are equal make another shape: drawn as often as needed below
    texts = memoised(docs, job)
    assert texts == [engine(d, n, job) for n, d in enumerate(docs, 1)]


def test_most_of_a_stream_of_one_shape_is_filled_in() -> None:
    job = RenderJob(Options(), "jsonl")
    docs = [
        with_values(SAMPLES[0], [f"order_{i:04}", "ada@example.com", "abcdef"]) for i in range(50)
    ]
    texts = memoised(docs, job)
    memo = translating._MEMO[1] if translating._MEMO else None
    # one template per number of digits of the line number (lines 1-9, 10-50)
    assert memo is not None and len([t for t in memo.templates.values() if t]) == 2
    assert texts == [engine(d, n, job) for n, d in enumerate(docs, 1)]
    assert json.loads(texts[-1])["dodo"]["metadata"]["client_reference_id"] == "order_0049"


def test_values_that_are_not_plain_are_part_of_the_shape() -> None:
    """A value with a blank, a quote or a non-ASCII letter, or shorter than six characters,
    is kept in the key: each is translated by the engine."""
    memo = Memo(copied_fields(), lambda item: pytest.fail("no template is made"))
    for value in ["two words", 'say "hi"', "café_order", "abc"]:
        item = RawPayload(SourceRef("in.jsonl", "jsonl", 1), {"client_reference_id": value})
        found = memo.key(item)
        assert found is not None and found[1] == ["1"], value
        assert repr(value) in found[0][0]


def test_a_rule_that_reads_a_copied_value_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were ``client_reference_id`` read for more than a copy (here: a warning when it holds
    an ``A``), the memo would give the first payloads' translation to the next one: the
    comparison of the property test above finds it."""
    from migrate.mapping import checkout
    from migrate.mapping.table import TRANSFORMS

    real = checkout._client_reference_id

    def reads(cart: Any, rule: Any, path: str, value: Any) -> Outcome | None:
        if isinstance(value, str) and "A" in value:
            cart.trace.emit("C003", path)
        return real(cart, rule, path, value)

    monkeypatch.setitem(TRANSFORMS._by_subject["checkout"], "client_reference_id", reads)
    job = RenderJob(Options(), "jsonl")
    docs = [
        with_values(SAMPLES[0], [v, "ada@example.com", "abcdef"])
        for v in ("bench1", "bench2", "Abench")
    ]
    assert memoised(docs, job)[2] != engine(docs[2], 3, job)


def test_a_shape_whose_template_does_not_give_its_payload_is_not_memoised() -> None:
    """The template is used only when, filled with its own payload's values, it gives that
    payload's real output (here the output depends on the value's text)."""

    def render(item: RawPayload) -> tuple[Translation, str]:
        result = Translation(item.source, "translated")
        return result, json.dumps(item.data["client_reference_id"][::-1])

    memo = Memo(("client_reference_id",), render)
    for n, value in enumerate(["order1", "order2", "order3"], 1):
        item = RawPayload(SourceRef("in.jsonl", "jsonl", n), {"client_reference_id": value})
        hit, found = memo.lookup(item, None)
        assert hit is None
        result, text = render(item)
        memo.learn(item, found, result, text)
    assert list(memo.templates.values()) == [None]


def test_memory_stays_flat_over_many_shapes() -> None:
    memo = Memo(copied_fields(), lambda item: pytest.fail("no shape is seen twice"))
    result = Translation(SourceRef("in.jsonl", "jsonl", 1), "translated")
    for n in range(MAX_SEEN * 3):
        item = RawPayload(SourceRef("in.jsonl", "jsonl", 1), {"mode": f"m{n}"})
        memo.learn(item, memo.key(item), result, "text")
        assert len(memo.seen) <= MAX_SEEN
    assert memo.templates == {}
    assert memo_module.MAX_BYTES // 16 >= 64 * 1024  # one large result still fits


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "jsonl"],
        ["--format", "json", "--refs"],
        ["--format", "jsonl", "--full"],
        ["--format", "text", "-v"],
    ],
)
def test_the_command_writes_what_it_writes_without_the_memo(
    tmp_path: Path, args: list[str]
) -> None:
    """``--traceback`` turns the memo off: the output is the same with it and without."""
    path = tmp_path / "in.jsonl"
    with path.open("w") as out:
        for i in range(300):
            doc = SAMPLES[i % len(SAMPLES)]
            out.write(
                json.dumps(with_values(doc, [f"ref_{i:05}", f"u{i:04}@x.io", "abcdef"])) + "\n"
            )
    runner = CliRunner()
    fast = runner.invoke(main, ["translate", str(path), "--jobs", "1", *args])
    slow = runner.invoke(main, ["translate", str(path), "--jobs", "1", "--traceback", *args])
    assert fast.exit_code == slow.exit_code
    assert fast.stdout == slow.stdout
    assert fast.stdout.count("ref_00299") >= 1


def test_a_stream_whose_shapes_do_not_repeat_stops_paying_for_keys() -> None:
    """After ``PROBE`` payloads that made no template, the memo stands aside (no key is
    computed for the rest); one template made keeps it on."""
    result = Translation(SourceRef("in.jsonl", "jsonl", 1), "translated")

    def run(memo: Memo, n: int) -> None:
        for i in range(n):
            item = RawPayload(SourceRef("in.jsonl", "jsonl", 1), {"mode": f"m{i}"})
            _hit, found = memo.lookup(item, None)
            memo.learn(item, found, result, "text")

    unique = Memo(copied_fields(), lambda item: pytest.fail("no shape is seen twice"))
    run(unique, memo_module.PROBE + 10)
    assert unique.off
    assert unique.lookup(RawPayload(SourceRef("in.jsonl", "jsonl", 1), {}), None) == (None, None)

    def render(item: RawPayload) -> tuple[Translation, str]:
        return result, "text"

    kept = Memo(copied_fields(), render)
    for _ in range(2):  # one shape seen twice: a template
        item = RawPayload(SourceRef("in.jsonl", "jsonl", 1), {"mode": "payment"})
        kept.learn(item, kept.key(item), result, "text")
    run(kept, memo_module.PROBE + 10)
    assert not kept.off

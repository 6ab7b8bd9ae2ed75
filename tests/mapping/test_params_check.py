"""The pydantic-free fast path of the Checkout Session params check (mapping/params_check.py):
it accepts only what the pydantic validator returns unchanged, in the validator's key order,
and its compiled spec is cached."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.translate_bench import sample_payloads
from migrate.mapping import params_check
from migrate.mapping.normalise import normalise
from migrate.mapping.stripe_params import PARAM_PATHS, CheckoutSessionCreate
from migrate.mapping.stripe_params import validate_lenient as full
from migrate.mapping.table import load_table
from migrate.mapping.trace import Trace
from migrate.readers.idmap import IdMap

SPEC = params_check.compile_spec(CheckoutSessionCreate)


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same key order and the same types all the way down."""
    return json.dumps(a, default=repr) == json.dumps(b, default=repr) and _types(a) == _types(b)


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return [(k, _types(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


def _documents() -> list[dict[str, Any]]:
    docs = []
    for doc in sample_payloads():
        docs.append(doc)
        norm = normalise(doc, {}, Trace(load_table()), IdMap.empty())
        docs.append(norm.params)
    for rule in load_table():
        if rule.example.stripe:
            docs.append(rule.example.stripe)
    return docs


def test_what_the_fast_path_accepts_the_validator_returns_unchanged() -> None:
    accepted = 0
    for doc in _documents():
        if params_check.plain(doc, SPEC):
            accepted += 1
            fast, invalid = params_check.validate_lenient(doc)
            assert invalid == []
            assert _same(fast, full(doc)[0]), doc
            assert fast is not doc
    assert accepted > 50  # most sample payloads take the fast path


@pytest.mark.parametrize(
    "doc",
    [
        {"line_items": [{"price": "price_1", "quantity": "2"}]},  # a form string for an int
        {"line_items": [{"price": "price_1", "quantity": True}]},  # a bool is not an int
        {"metadata": {"order": 42}},  # a number in metadata becomes a string
        {"line_items": [{"price_data": {"currency": "usd", "unit_amount_decimal": "1.5"}}]},
        {"mode": "bogus"},  # not a mode Stripe knows
        {"success_url": 5},  # a number for a string
        {"line_items": "price_1"},  # not a list
        {"allow_promotion_codes": "true"},
    ],
)
def test_values_to_coerce_or_reject_go_to_the_validator(doc: dict[str, Any]) -> None:
    assert not params_check.plain(doc, SPEC)
    fast, invalid = params_check.validate_lenient(doc)
    slow, slow_invalid = full(doc)
    assert _same(fast, slow)
    assert invalid == slow_invalid


def test_unknown_keys_follow_the_declared_ones_as_the_validator_orders_them() -> None:
    doc = {
        "zzz": 1,
        "success_url": "https://x.test/ok",
        "mode": "payment",
        "line_items": [{"quantity": 1, "legacy": "x", "price": "price_1"}],
    }
    fast, _ = params_check.validate_lenient(doc)
    assert list(fast) == ["line_items", "mode", "success_url", "zzz"]
    assert list(fast["line_items"][0]) == ["price", "quantity", "legacy"]
    assert _same(fast, full(doc)[0])


def test_the_compiled_spec_is_cached_and_rebuilt_when_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = params_check.compiled(tmp_path)
    assert first.paths == PARAM_PATHS
    (cached,) = tmp_path.glob("params-*.pickle")

    def no_build() -> None:
        raise AssertionError("built again although cached")

    monkeypatch.setattr(params_check, "_build", no_build)
    assert params_check.compiled(tmp_path) == first
    monkeypatch.undo()
    cached.write_bytes(b"not a pickle")
    assert params_check.compiled(tmp_path) == first
    assert cached.read_bytes() != b"not a pickle"


@pytest.mark.slow
def test_one_payload_translates_without_pydantic(tmp_path: Path) -> None:
    payload = tmp_path / "one.json"
    payload.write_text(json.dumps(sample_payloads()[0]))
    code = (
        "import sys\n"
        "from migrate.cli import main\n"
        "try:\n"
        "    main(['translate', sys.argv[1], '--format', 'json', '--jobs', '1',\n"
        "          '-o', sys.argv[2]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('pydantic' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "STRIPE2DODO_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(payload), str(tmp_path / "out.json")],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        for _ in range(2)
    ]
    assert runs[0].stderr.strip().endswith("True")  # the first run builds and caches
    assert runs[1].stderr.strip().endswith("False"), runs[1].stderr
    out = (tmp_path / "out.json").read_text()
    assert out.startswith("{"), (out, runs[1].stderr, runs[1].stdout)
    assert json.loads(out)["results"][0]["status"] == "translated"


class _Key(str):
    """A ``str`` subclass as a key (never from JSON; from code that builds params)."""


def test_the_one_walk_check_and_copy_is_the_two_walk_one() -> None:
    """``plain_copy`` (what ``validate_lenient`` runs) is ``_copy`` when ``plain``, else
    not plain: the same answer, the same copy in the same key order, on every sample, its
    keys reversed, and documents that are not plain."""
    docs = _documents()
    docs += [dict(reversed(list(doc.items()))) for doc in docs]
    docs += [
        {"line_items": [{"quantity": 1, "price": "price_1"}], "zzz": [{"a": 1}], "mode": "payment"},
        {"line_items": [{"price": "price_1", "quantity": "2"}]},
        {"metadata": {"order": 42}},
        {1: "a"},
    ]
    not_plain = 0
    for doc in docs:
        copied = params_check.plain_copy(doc, SPEC)
        if params_check.plain(doc, SPEC):
            assert _same(copied, params_check._copy(doc, SPEC)), doc
        else:
            not_plain += 1
            assert copied is params_check._NOT_PLAIN, doc
    assert not_plain >= 3


def test_a_str_subclass_key_is_checked_and_copied_the_two_walk_way() -> None:
    doc = {_Key("mode"): "payment", "success_url": "https://x.test/ok"}
    with pytest.raises(LookupError):
        params_check.plain_copy(doc, SPEC)
    fast, invalid = params_check.validate_lenient(doc)
    assert invalid == []
    assert fast == {"mode": "payment", "success_url": "https://x.test/ok"}
    assert [type(k) for k in fast] == [str, str], "the model's own key, as before"


def test_the_compiled_spec_cache_key_follows_the_python_that_reads_the_models(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from migrate.mapping import params_check

    before = params_check._key()
    monkeypatch.setattr(params_check.sys, "version", "3.99.0 (another build)")
    assert params_check._key() != before

"""Payloads read from files hold no run-time values (``Expr``): the translation of a reader item
skips the search for them; a document built from code is still searched."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.mapping import translate as translating
from migrate.mapping.expr import Expr, has_expr
from migrate.mapping.translate import translate_item, translate_params
from migrate.readers.base import RawPayload, SourceRef
from migrate.readers.payloads import iter_inputs

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_no_reader_yields_a_run_time_value() -> None:
    """What makes skipping the search right: every reader (JSON, JSON Lines, form bodies,
    curl commands, snapshots) yields plain data."""
    read = 0
    for folder in ("payloads", "form", "curl", "snapshot.jsonl"):
        for item in iter_inputs([str(SAMPLES / folder)]):
            if isinstance(item, RawPayload):
                read += 1
                assert not has_expr(item.data), item.source
    assert read > 100


def test_a_reader_item_is_not_searched_for_run_time_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def searched(value: object) -> bool:
        raise AssertionError("a payload read from a file was searched for Expr")

    monkeypatch.setattr(translating, "has_expr", searched)
    doc = {"mode": "payment", "line_items": [{"price": "price_1", "quantity": 1}]}
    result = translate_item(RawPayload(SourceRef("x.json", "json"), doc))
    assert result.status == "translated"
    assert not result.review


def test_a_document_from_code_is_still_searched() -> None:
    doc = {"mode": "payment", "line_items": [{"price": Expr("p", "line_items[0].price")}]}
    result = translate_params(doc, SourceRef("app.py", "json"))
    assert result.review

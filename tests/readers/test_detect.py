"""Format detection: content decides, the extension breaks ties."""

from __future__ import annotations

import pytest

from migrate.readers.detect import (
    PAYLOAD_SUFFIXES,
    format_for_suffix,
    json_family,
    starts_json,
    text_format,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [('{"a": 1}', True), ("  [", True), ("mode=payment", False), ("curl https://x", False)],
)
def test_starts_json(line: str, expected: bool) -> None:
    assert starts_json(line) is expected


@pytest.mark.parametrize(
    ("parses", "more", "suffix", "expected"),
    [
        (True, True, ".json", "jsonl"),
        (True, True, ".txt", "jsonl"),
        (True, False, ".json", "json"),
        (True, False, ".JSONL", "jsonl"),
        (False, False, ".json", "json"),
        (False, False, ".ndjson", "jsonl"),
        (False, False, "", "json"),
    ],
)
def test_json_family(parses: bool, more: bool, suffix: str, expected: str) -> None:
    assert json_family(first_line_parses=parses, more_follows=more, suffix=suffix) == expected


@pytest.mark.parametrize(
    ("text", "suffix", "expected"),
    [
        ("curl https://api.stripe.com/v1/checkout/sessions -d mode=payment\n", ".txt", "curl"),
        ("$ curl https://a.test\n", ".form", "curl"),
        ("echo hi\n  curl\n", ".txt", "curl"),
        ("#### curl ```bash curl https://api.stripe.com/v1/prices \\ -d a=1", ".txt", "curl"),
        ("# comment\n\nmode=payment&expand[]=x\n", ".txt", "form"),
        ("line_items%5B0%5D%5Bprice%5D=price_1\n", ".json", "form"),
        ("metadata[order]=\n", ".txt", "form"),
        ("requests==2.31\n", ".txt", None),
        ("stripe>=16\n", ".txt", None),
        ("Some prose. Use curl to call the API.\n", ".txt", None),
        ("#!/bin/sh\nmake\n", ".sh", "curl"),
        ("nothing here\n", ".curl", "curl"),
    ],
)
def test_text_format(text: str, suffix: str, expected: str | None) -> None:
    assert text_format(text, text.split("\n"), suffix) == expected


def test_format_for_suffix_and_scanned_suffixes() -> None:
    assert [format_for_suffix(s) for s in (".jsonl", ".NDJSON", ".form", ".sh", ".txt")] == [
        "jsonl",
        "jsonl",
        "form",
        "curl",
        "json",
    ]
    assert {".json", ".jsonl", ".ndjson", ".form", ".txt", ".curl", ".sh"} == PAYLOAD_SUFFIXES

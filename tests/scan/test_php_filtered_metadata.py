# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""PHP metadata merged from a request's object with its nulls filtered out reaches Dodo.

Read in a Symfony form-builder API: ``'metadata' => array_merge(['user_id' => ...],
array_filter($dto->metadata, fn ($value) => $value !== null))``. The filtered object was no
value the scanner could merge (RT012): only ``user_id`` reached the Dodo call, the request's
metadata lost. One method below, ``array_filter(array_merge([...], $dto->metadata), ...)`` was
merged, the filter dropped: the nulls it removed would be sent. Both now merge
``array_filter($dto->metadata, <the callback>)`` into the Dodo call's metadata (RT010).
"""

from __future__ import annotations

import shutil

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import php_lint

SOURCE = """<?php
use Stripe\\Checkout\\Session;

function inner($user, $dto) {
    return Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $dto->priceId, 'quantity' => 1]],
        'success_url' => 'https://x.test/ok',
        'metadata' => array_merge(['user_id' => (string) $user->getId()], array_filter($dto->metadata, fn ($value) => $value !== null)),
    ]);
}

function outer($user, $dto) {
    return Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $dto->priceId, 'quantity' => 1]],
        'success_url' => 'https://x.test/ok',
        'metadata' => array_filter(array_merge(['user_id' => (string) $user->getId()], $dto->metadata), fn ($v) => $v !== null),
    ]);
}
"""

MERGED = """$dodoBody->{{'metadata'}} = (object) array_merge(
    [
        'user_id' => strval((string) $user->getId()),
    ],
    (array) array_filter($dto->metadata, {callback}),
);"""


def _sites() -> list[CallSite]:
    return [s for s in scan_source(SOURCE, "billing.php", BY_NAME["php"]) if s.kind == "create"]


def test_a_filtered_object_merged_into_the_metadata_reaches_the_dodo_call() -> None:
    inner, outer = _sites()
    assert MERGED.format(callback="fn ($value) => $value !== null") in (inner.suggestion or "")
    assert MERGED.format(callback="fn ($v) => $v !== null") in (outer.suggestion or "")
    for site in (inner, outer):
        codes = [f.code for f in site.findings]
        assert "RT010" in codes and "RT012" not in codes


def test_the_suggestions_parse_as_php() -> None:
    if shutil.which("php") is None:
        pytest.skip("php is not installed: the suggestions are not linted")
    for site in _sites():
        assert php_lint(site.suggestion or "") == ""

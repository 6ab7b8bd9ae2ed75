"""Shell scripts without a suffix (told by their shebang) and the Stripe CLI in shell scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME, is_shell_script
from migrate.scan.scan import ScanStats, scan_source

CURL = (
    'curl https://api.stripe.com/v1/checkout/sessions -u "$STRIPE_KEY:" \\\n'
    "  -d mode=payment -d 'line_items[0][price]=price_1Script' -d 'line_items[0][quantity]=1' \\\n"
    "  -d success_url=https://example.com/ok\n"
)


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("head", "shell"),
    [
        (b"#!/bin/sh\n", True),
        (b"#!/usr/bin/env bash\n", True),
        (b"#!/bin/zsh -e\n", True),
        (b"#!/usr/bin/env -S bash -eu\n", True),
        (b"#!/bin/dash", True),
        (b"#! /usr/local/bin/bash\r\n", True),
        (b"#!/usr/bin/env python3\n", False),
        (b"#!/usr/bin/env node\n", False),
        (b"#!/bin/shell\n", False),
        (b"# a comment, no shebang\n", False),
        (b"", False),
    ],
)
def test_a_shell_shebang_is_told_from_other_first_lines(head: bytes, shell: bool) -> None:
    assert is_shell_script(head) is shell


def test_a_script_without_a_suffix_is_scanned_when_its_shebang_is_a_shell(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "bin/checkout": "#!/usr/bin/env bash\nset -e\n" + CURL,
            "bin/report": "#!/usr/bin/env python3\n" + CURL,  # not a shell script
            "Makefile": "checkout:\n\t" + CURL,
            "LICENSE": "stripe\n",
        },
    )
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert [(Path(s.file).name, s.line, s.kind) for s in sites] == [("checkout", 3, "create")]
    assert sites[0].params["line_items"] == [{"price": "price_1Script", "quantity": 1}]
    assert stats.files == 1 and stats.problems == []


def test_a_script_named_on_the_command_line_is_read_and_other_suffixless_files_refused(
    tmp_path: Path,
) -> None:
    _tree(tmp_path, {"checkout": "#!/bin/sh\n" + CURL, "notes": "stripe\n"})
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path / "checkout"), str(tmp_path / "notes")], stats=stats))
    assert [(s.line, s.kind) for s in sites] == [(2, "create")]
    assert len(stats.problems) == 1
    assert stats.problems[0].endswith(
        "notes: not a file the scanner reads: no suffix, not a shell script"
    )


def _cli(script: str) -> list[tuple[int, str, str, dict[str, object], str | None]]:
    sites = scan_source(script, "checkout.sh", BY_NAME["bash"])
    return [(s.line, s.kind, s.callee, s.params, s.rule) for s in sites]


def test_the_stripe_cli_resource_command_is_a_checkout_session_creation() -> None:
    script = (
        "stripe checkout sessions create \\\n"
        "  --mode payment --payment-method-types card \\\n"
        '  --line_items \'[{"price":"price_1Cli","quantity":2}]\' \\\n'
        '  --success-url "https://example.com/ok" --api-key "$STRIPE_KEY" --live \\\n'
        "  -d 'metadata[order]=42'\n"
    )
    assert _cli(script) == [
        (
            1,
            "create",
            "stripe POST /v1/checkout/sessions",
            {
                "metadata": {"order": "42"},
                "mode": "payment",
                "payment_method_types": ["card"],
                "line_items": [{"price": "price_1Cli", "quantity": 2}],
                "success_url": "https://example.com/ok",
            },
            None,
        )
    ]


def test_stripe_post_to_the_sessions_path_is_a_creation_with_run_time_values() -> None:
    script = (
        'stripe post /v1/checkout/sessions -d mode=payment -d "line_items[0][price]=$PRICE" '
        "-d line_items[0][quantity]=1 -d success_url=https://example.com/ok\n"
    )
    sites = list(scan_source(script, "checkout.sh", BY_NAME["bash"]))
    assert len(sites) == 1
    site = sites[0]
    assert site.kind == "create" and site.callee == "stripe POST /v1/checkout/sessions"
    assert site.params["line_items"] == [{"price": "$PRICE", "quantity": 1}]
    assert [(d.path, d.source) for d in site.dynamic] == [("line_items[0].price", "$PRICE")]


def test_stripe_cli_reads_and_other_commands_are_not_creations() -> None:
    script = (
        "stripe checkout sessions retrieve cs_test_1\n"
        "stripe get /v1/checkout/sessions/cs_test_1\n"
        "stripe checkout sessions expire cs_test_1\n"
        "stripe checkout sessions list --limit 3\n"
        "stripe listen --forward-to localhost:4242/webhook\n"
        "stripe trigger checkout.session.completed\n"
        "stripe customers create --email a@example.com\n"
        "stripe login\n"
    )
    assert [(line, kind, rule) for line, kind, _, _, rule in _cli(script)] == [
        (1, "related", "X001"),
        (2, "related", "X001"),
        (3, "related", "X011"),
    ]


def test_stripe_cli_payment_intent_is_translated_like_curl() -> None:
    script = (
        "stripe payment_intents create --amount 2000 --currency usd "
        '-d "customer=$CUS" -d "payment_method=$PM" -d off_session=true -d confirm=true\n'
    )
    sites = list(scan_source(script, "charge.sh", BY_NAME["bash"]))
    assert len(sites) == 1
    t = sites[0].translation
    assert t is not None and t.request is not None
    assert t.request[1].endswith("/charge")  # an on-demand charge on the subscription

"""A Stripe secret written in a code file's string is CF003 there, never shown.

Read in a Kotlin cinema service and two ASP.NET apps: ``Stripe.apiKey = "sk_test_..."`` and
``StripeConfiguration.ApiKey = "sk_live_..."`` in the source. A secret in a configuration file
was CF003; one in code was not reported at all. Each is now a related site at its place
(``migrate/scan/code_secrets.py``), its value shown only as its prefix; Stripe's public
documentation key is none, nor a secret-looking word outside a string.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

LIVE = "sk_live_" + "51HxYzABCDEFGHIJKLMNOPqrstu"
TEST = "sk_test_" + "51HxYzQRSTUVWXYZabcdefghijk"

JAVA = f"""import com.stripe.Stripe;

class CreatePrice {{
    static {{ Stripe.apiKey = "{TEST}"; }}
}}
"""

PHP = f"""<?php
$config = [
    "secret" => "{LIVE}",
];
\\Stripe\\Stripe::setApiKey("sk_test_4eC39HqLyjWDarjtT1zdp7dc");
// the key looks like {LIVE[:12]}
"""


def test_a_secret_in_a_code_string_is_cf003_at_its_place() -> None:
    (java,) = scan_source(JAVA, "CreatePrice.java", BY_NAME["java"])
    assert (java.kind, java.line, java.rule, java.callee) == (
        "related",
        4,
        "CF003",
        "Stripe.apiKey",
    )
    assert java.findings[0].message.startswith(
        "`Stripe.apiKey` holds what looks like a Stripe secret (sk_test_…"
    )
    (php,) = scan_source(PHP, "config.php", BY_NAME["php"])  # the documented key is none
    assert (php.line, php.callee) == (3, "secret")


def test_the_secret_is_in_no_output(tmp_path: Path) -> None:
    (tmp_path / "CreatePrice.java").write_text(JAVA, encoding="utf-8")
    (tmp_path / "config.php").write_text(PHP, encoding="utf-8")
    for fmt in ("json", "text"):
        result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", fmt, "--no-cache"])
        assert LIVE not in result.output and TEST not in result.output
        assert LIVE[8:] not in result.output and TEST[8:] not in result.output
    data = json.loads(
        CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json", "--no-cache"]).output
    )
    assert sorted(s["line"] for s in data["sites"]) == [3, 4]

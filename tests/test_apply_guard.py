"""apply and sessions create against what goes wrong around them: a second run on the same
ledger, a hand-edited plan, a base URL that means live mode, and items only a person can fix.
The real CLI against the local Dodo server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.errors import ExitCode

from .test_apply_e2e import KEY


def run(*args: str, base: str | None = None, **extra_env: str) -> tuple[int, str, str]:
    environment = {"DODO_PAYMENTS_API_KEY": KEY, **extra_env}
    if base is not None:
        environment["DODO_PAYMENTS_BASE_URL"] = base
    result = CliRunner().invoke(cli.main, list(args), env=environment, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- 20: a base URL on Dodo's live host is live mode ----------------------------------------

LIVE_SPELLINGS = (
    "https://live.dodopayments.com",
    "https://live.dodopayments.com/",
    "HTTPS://LIVE.DODOPAYMENTS.COM",
    "https://Live.DodoPayments.com:443/",
    "https://live.dodopayments.com:8443",
    "http://live.dodopayments.com",
    "https://live.dodopayments.com./",
    "  https://live.dodopayments.com//  ",
    "https://live%2Edodopayments.com",
)


@pytest.mark.parametrize("url", LIVE_SPELLINGS)
def test_a_live_base_url_needs_the_live_confirmation(url: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "stripe2dodo.plan/v1", "inputs": {}, "operations": []}))
    code, _, err = run("apply", str(plan), "--apply", "--force", base=url)
    assert code == ExitCode.INPUT and "live mode without a terminal needs --yes" in err, err
    assert err.count("\n") == 1
    code, _, err = run("apply", str(plan), "--apply", "--force", "--dodo-base-url", url)
    assert code == ExitCode.INPUT and "live mode without a terminal needs --yes" in err, err


def test_a_live_base_url_with_yes_goes_on(tmp_path: Path) -> None:
    """An empty plan sends nothing, so --yes on a live URL only shows that the question is
    answered; the sandbox and test hosts never ask."""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"format": "stripe2dodo.plan/v1", "inputs": {}, "operations": []}))
    code, _, err = run(
        "apply", str(plan), "--apply", "--force", "--yes", base="https://LIVE.dodopayments.com/"
    )
    assert code == ExitCode.CLEAN, err
    for url in ("https://test.dodopayments.com", "http://127.0.0.1:9", "https://live.example"):
        code, _, err = run("apply", str(plan), "--apply", "--force", base=url)
        assert code == ExitCode.CLEAN, (url, err)

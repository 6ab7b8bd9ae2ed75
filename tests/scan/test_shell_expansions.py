"""Shell expansions inside curl data (``-d "metadata[run]=E2E-$(date +%s)"``,
``order-${ORDER_ID}``, ``$((N + 1))``): the shell replaces them before curl runs, so their text is
no form data (the ``+`` of ``date +%s`` is no encoded blank) and the value is known only at run
time. It was decoded as form data (``E2E-$(date  %s)``) and written as a literal inside the Dodo
command's single-quoted JSON, where no shell expands it: the metadata held the command's text."""

from __future__ import annotations

import subprocess
from pathlib import Path

from migrate.readers.curl import CurlCommand, iter_curl_commands
from migrate.scan import scan_paths
from migrate.scan.scan import ScanStats

SCRIPT = """\
#!/usr/bin/env bash
set -eu
curl -s -X POST https://api.stripe.com/v1/checkout/sessions \\
  -u "${STRIPE_KEY}:" \\
  -d mode=payment \\
  -d "line_items[0][price]=price_1Ticket" \\
  -d "line_items[0][quantity]=$((SEATS + 1))" \\
  -d "client_reference_id=order-${ORDER_ID}" \\
  -d "metadata[run]=E2E-$(date +%s)" \\
  -d "metadata[plain]=a+b" \\
  --data-urlencode "metadata[who]=a+b $(whoami)" \\
  -d "success_url=https://example.com/ok"
"""


def _command() -> CurlCommand:
    (command,) = [c for c in iter_curl_commands(SCRIPT) if isinstance(c, CurlCommand)]
    return command


def test_the_reader_keeps_each_expansion_as_written_and_decodes_the_rest() -> None:
    data = _command().data
    assert data["line_items"] == [{"price": "price_1Ticket", "quantity": "$((SEATS + 1))"}]
    assert data["client_reference_id"] == "order-${ORDER_ID}"
    assert data["metadata"] == {
        "run": "E2E-$(date +%s)",
        "plain": "a b",  # form data: `+` is a blank
        "who": "a+b $(whoami)",  # --data-urlencode: sent as written
    }


def test_a_value_holding_an_expansion_is_a_run_time_value_the_dodo_command_expands(
    tmp_path: Path,
) -> None:
    script = tmp_path / "bin" / "smoke"
    script.parent.mkdir()
    script.write_text(SCRIPT, encoding="utf-8")
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    sources = {d.path: d.source for d in site.dynamic}
    assert sources["metadata.run"] == "E2E-$(date +%s)"
    assert sources["client_reference_id"] == "order-${ORDER_ID}"
    suggestion = site.suggestion or ""
    assert '--arg v "E2E-$(date +%s)"' in suggestion
    assert '--arg v "order-${ORDER_ID}"' in suggestion
    assert '"plain": "a b"' in suggestion
    assert "date  %s" not in suggestion
    # the single-quoted JSON is closed around each expansion: bash reads the command as a whole
    checked = subprocess.run(
        ["bash", "-n"], input=suggestion, text=True, capture_output=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


def test_a_key_written_inside_an_expansion_is_redacted_too() -> None:
    key = "sk_test_51AbCdEfGhIjKlMnOpQrStUv"
    text = (
        f'curl https://api.stripe.com/v1/checkout/sessions -u "{key}:" '
        f'-d "metadata[k]=$(echo {key})" -d mode=payment'
    )
    (command,) = [c for c in iter_curl_commands(text) if isinstance(c, CurlCommand)]
    assert command.data["metadata"] == {"k": "$(echo [redacted])"}
    assert key not in repr(command)

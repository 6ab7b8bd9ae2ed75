"""A suggestion's lines end alike when the file's end with ``\\r\\n``.

Read in a Spring car-sharing app written on Windows: a value copied from the source into the
Dodo call kept its ``\\r\\n`` line ends among the suggestion's own ``\\n``, a suggestion of mixed
line ends in the JSON and text reports. Its lines now end with ``\\n`` throughout; ``--fix``
writes the file's own line ends, as before.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths

SOURCE = (
    "import stripe\r\n\r\n"
    "def buy(request):\r\n"
    "    return stripe.checkout.Session.create(\r\n"
    '        mode="payment",\r\n'
    '        line_items=[{"price": request.POST["price"], "quantity": 1}],\r\n'
    "        success_url=(\r\n"
    '            "https://x.test/ok"\r\n'
    '            + request.GET.get("next", "")\r\n'
    "        ),\r\n"
    "    )\r\n"
)


def test_a_value_copied_from_a_crlf_file_ends_its_lines_as_the_suggestion(tmp_path: Path) -> None:
    (tmp_path / "pay.py").write_bytes(SOURCE.encode("utf-8"))
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    text = site.suggestion or ""
    assert "\r" not in text
    assert 'return_url=(\n            "https://x.test/ok"\n            + request.GET' in text

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A curl command whose host is a placeholder in brackets is read, not an internal error.

Read in a SaaS's deployment notes (Markdown): ``curl http://[VPS-IP]:5001/api/health``. Python's
``urlsplit`` refuses a bracketed host that is no IPv6 address (ValueError), and the whole file
was reported as an internal error ("check this one by hand"). Such a URL is split by its parts
as written (``migrate/readers/curl.py``), and a Checkout creation to such a host is read.
"""

from __future__ import annotations

from pathlib import Path

from migrate.readers.curl import iter_curl_commands, split_url
from migrate.scan import scan_paths
from migrate.scan.scan import ScanStats

NOTES = """# Deploy

```bash
curl http://[VPS-IP]:5001/api/health
```

```bash
curl https://[API-HOST]/v1/checkout/sessions -u "$STRIPE_KEY:" -d mode=payment -d "line_items[0][price]=price_1Pro" -d "line_items[0][quantity]=1" -d success_url=https://app.test/ok
```
"""


def test_a_bracketed_placeholder_host_is_split_as_written() -> None:
    parts = split_url("http://[VPS-IP]:5001/v1/checkout/sessions?x=1#top")
    assert (parts.scheme, parts.netloc, parts.path, parts.query, parts.fragment) == (
        "http",
        "[VPS-IP]:5001",
        "/v1/checkout/sessions",
        "x=1",
        "top",
    )


def test_a_document_with_such_a_curl_is_scanned_without_an_error(tmp_path: Path) -> None:
    (tmp_path / "DEPLOY.md").write_text(NOTES, encoding="utf-8")
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert stats.problems == []
    (site,) = [s for s in sites if s.kind == "create"]
    assert site.params["line_items"][0]["price"] == "price_1Pro"
    (health,) = iter_curl_commands("curl http://[VPS-IP]:5001/api/health")
    assert health.url == "http://[VPS-IP]:5001/api/health"

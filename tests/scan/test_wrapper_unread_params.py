"""A call of a creation wrapper whose params are all passed on at run time (``return
_open(**kwargs)`` in a dispatcher, the wrapper's own call ``stripe.checkout.Session.create(
**params)``) is a Checkout Session with an unknown cart, blocked (RT007) as the wrapper's own call
is. It was ``skipped``: "not a Checkout Session create request (no Checkout Session parameter in
it)" (G012), with no Dodo call (seen in a Django REST subscription library whose public function
dispatches to the per-customer helper with ``**kwargs``)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import ScanStats

CODE = """\
import stripe


def _params(customer_id, price_id=None):
    return {"customer": customer_id, "mode": "subscription",
            "line_items": [{"price": price_id, "quantity": 1}],
            "success_url": "https://example.com/done"}


def _open_for_customer(customer_id, **kwargs):
    params = _params(customer_id, **kwargs)
    return stripe.checkout.Session.create(**params)


def open_session(**kwargs):
    return _open_for_customer(**kwargs)
"""


def test_a_call_passing_every_param_on_is_blocked_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "billing.py").write_text(CODE, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    (via,) = [s for s in sites if s.via is not None]
    assert via.translation is not None
    assert via.translation.status == "translated"
    codes = {f.code for f in via.translation.findings}
    assert "G012" not in codes and "RT007" in codes
    assert "client.checkout_sessions.create(" in via.suggestion
    assert "no Dodo equivalent" not in via.suggestion

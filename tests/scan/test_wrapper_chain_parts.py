"""A wrapper of a wrapper (a route calling an orchestrator that calls the billing helper) whose
cart is a choice (the base line, and a seat line added under an if) writes that choice's parts in
the route's terms: the orchestrator's locals written out (``price_for(req.tier)``), or
``TODO_<local>`` with an X021 at ``line_items`` when the route cannot write them. The parts were
kept as the orchestrator wrote them: the route's Dodo call named the orchestrator's locals
(``dodo_product_id(price)``, ``if seat and extra > 0``), undefined there, with no finding (seen
in a Python SaaS: route -> checkout orchestrator -> billing helper)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

HELPER = """\
import stripe


def open_session(customer, plan_price, seat_price=None, seats=0):
    items = [{"price": plan_price, "quantity": 1}]
    if seat_price and seats > 0:
        items.append({"price": seat_price, "quantity": seats})
    return stripe.checkout.Session.create(mode="subscription", customer=customer,
                                          line_items=items, success_url="https://example.com/done")
"""
ORCHESTRATOR = """\
from helper import open_session


def orchestrate(user, tier, extra):
    price = price_for(tier)
    seat = None
    if extra > 0:
        seat = seat_price_for(tier)
    return open_session(user.customer_id, price, seat_price=seat, seats=extra)
"""
ROUTE = """\
from orchestrator import orchestrate


def create(req):
    return orchestrate(req.user, req.tier, req.extra)
"""


def _route(root: Path) -> CallSite:
    files = {"helper.py": HELPER, "orchestrator.py": ORCHESTRATOR, "route.py": ROUTE}
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    found = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    (site,) = [s for s in found if s.file.endswith("route.py")]
    return site


def test_the_choice_s_parts_are_written_in_the_route_s_terms(tmp_path: Path) -> None:
    site = _route(tmp_path)
    text = site.suggestion
    assert '"product_id": dodo_product_id(price_for(req.tier)),' in text
    assert '"product_id": dodo_product_id(TODO_seat),' in text
    assert '"quantity": req.extra,' in text
    assert "] if TODO_seat and req.extra > 0 else []" in text
    assert "dodo_product_id(price)" not in text and "(seat)" not in text
    unseen = [f for f in site.findings if f.code == "X021"]
    assert [f.path for f in unseen] == ["line_items"]
    assert "`seat`" in unseen[0].message

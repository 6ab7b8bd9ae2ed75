"""Kotlin overloads of a wrapper (``migrate/scan/kotlin_overloads.py``, bound by
``migrate/scan/overloads.py``): two ``fun checkout(...)`` of a class, or of a file, each a
wrapper; a call reaches the one its arguments fit (their count, their names, the literal
types), the one that fills no default between equals, and none when the scan cannot tell."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree


def _session(mode: str, url: str, extra: str, seats: str) -> str:
    return (
        "Session.create(\n"
        f"        SessionCreateParams.builder().setMode(SessionCreateParams.Mode.{mode})\n"
        f'            .setSuccessUrl("{url}"){extra}\n'
        "            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId)"
        f".setQuantity({seats}).build())\n"
        "            .build()\n    )"
    )


BILLING = f"""\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Billing {{
    fun checkout(priceId: String): Session = {
    _session("PAYMENT", "https://s.example/one", "", "1L")
}

    fun checkout(priceId: String, seats: Long, email: String = "team@s.example"): Session = {
    _session("SUBSCRIPTION", "https://s.example/team", ".setCustomerEmail(email)", "seats")
}

    fun checkout(priceId: String, note: Int): Session = {
    _session("PAYMENT", "https://s.example/int", "", "1L")
}
}}

fun open(priceId: String): Session = {_session("PAYMENT", "https://s.example/open", "", "1L")}

fun open(priceId: String, seats: Long = 3): Session = {
    _session("PAYMENT", "https://s.example/open-seats", "", "seats")
}
"""
SHOP = """\
package shop.web

import shop.billing.Billing
import shop.billing.open

class Shop(private val billing: Billing) {
    fun a() = billing.checkout("price_one")
    fun b() = billing.checkout("price_team", 5, "a@s.example")
    fun c() = billing.checkout(priceId = "price_named", seats = 2)
    fun d() = billing.checkout("price_long", 7L)
    fun e() = billing.checkout("price_int", 7)
    fun f(n: Long) = billing.checkout("price_unknown", n)
    fun g() = open("price_open")
    fun h() = open("price_open_seats", 4)
}
"""


def _bound(site: CallSite) -> tuple[int, object, object]:
    return site.line, site.params["success_url"], site.params["line_items"]


def test_a_kotlin_call_reaches_the_overload_its_arguments_fit(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Billing.kt": BILLING, "src/Shop.kt": SHOP})
    sites = [s for s in _creates(top) if s.via]
    assert [_bound(s) for s in sites] == [
        (7, "https://s.example/one", [{"price": "price_one", "quantity": 1}]),
        (8, "https://s.example/team", [{"price": "price_team", "quantity": 5}]),
        # by name, the email left to its default
        (9, "https://s.example/team", [{"price": "price_named", "quantity": 2}]),
        # a Long literal is no Int: the Long overload
        (10, "https://s.example/team", [{"price": "price_long", "quantity": 7}]),
        # an Int literal fits both: the Int overload is the exact one
        (11, "https://s.example/int", [{"price": "price_int", "quantity": 1}]),
        # top-level overloads: open(priceId) fills no default, open(priceId, seats) takes 4
        (13, "https://s.example/open", [{"price": "price_open", "quantity": 1}]),
        (14, "https://s.example/open-seats", [{"price": "price_open_seats", "quantity": 4}]),
    ]
    assert sites[1].params["customer_email"] == "a@s.example"
    assert sites[2].params["customer_email"] == "team@s.example"


def test_a_kotlin_call_fitting_two_overloads_is_not_followed(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Billing.kt": BILLING, "src/Shop.kt": SHOP})
    assert 12 not in [s.line for s in _creates(top) if s.via]  # f(n): Long or Int, untold
    unbound = [s for s in scan_paths([str(top)]) if s.line == 12 and s.file.endswith("Shop.kt")]
    assert [f.code for s in unbound for f in s.findings][:1] == ["X030"]
    assert "Billing.checkout(priceId: String, note: Int)" in unbound[0].findings[0].message

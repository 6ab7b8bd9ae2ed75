# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Line items written as a list built in a loop joined to a list in place (``line_items=lines
+ [fee_line]``, or ``all_lines = lines + [...]`` then ``line_items=all_lines``: a FastAPI
marketplace adding a platform fee line to the cart rows). Only ``[*lines, fee_line]`` was read
as two lists one after the other: with ``+`` the list was opaque, so the call was blocked
(RT015), or, through a name, translated with each element's product read from a ``price`` the
elements do not have (RT003) and every inline amount silently dropped. ``+`` of lists is read as
the spliced list now."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems

ROWS = """\
import stripe


def checkout(order, catalog, fee):
    rows = []
    for entry in order.entries:
        product = catalog[entry.sku]
        rows.append({
            "quantity": entry.count,
            "price_data": {"currency": "usd", "unit_amount": product.cents, "product_data": {"name": product.title}},
        })
    fee_line = {"quantity": 1, "price_data": {"currency": "usd", "unit_amount": fee, "product_data": {"name": "Platform fee"}}}
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=LINES,
        success_url=order.back_url,
    )
    return session.url
"""


def one(lines: str, before: str = "") -> CallSite:
    code = ROWS.replace("    session =", before + "    session =").replace("LINES", lines)
    (site,) = [s for s in scan_source(code, "pay.py", BY_NAME["python"]) if s.kind == "create"]
    return site


def _carried(site: CallSite) -> None:
    text = site.suggestion or ""
    assert '"quantity": entry.count,' in text and '"amount": catalog[entry.sku].cents,' in text
    assert "for entry in order.entries" in text
    assert '"amount": fee,' in text
    assert 'item["price"]' not in text  # not read through fields the elements lack
    found = {f.code for f in site.findings}
    assert not found & {"RT003", "RT007", "RT015"}, site.findings
    assert site.verdict != "blocked"


def test_a_loop_built_list_joined_to_a_written_one_reaches_the_cart() -> None:
    _carried(one("rows + [fee_line]"))


def test_the_joined_list_through_a_name_reaches_the_cart() -> None:
    _carried(one("every_line", before="    every_line = rows + [fee_line]\n"))


def test_a_written_list_first_keeps_its_order() -> None:
    text = one("[fee_line] + rows").suggestion or ""
    assert text.index('"amount": fee,') < text.index("for entry in order.entries")


def test_a_sum_of_unknown_lists_stays_opaque() -> None:
    site = one("order.lines + order.extra")
    assert "RT003" in {f.code for f in site.findings}


def test_the_joined_cart_type_checks_with_mypy(tmp_path: Path) -> None:
    suggestion = one("rows + [fee_line]").suggestion or ""
    signature = "def pay(order: Any, catalog: Any, fee: int) -> str | None"
    problems = mypy_problems(tmp_path, suggestion, signature)
    assert not problems, problems

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Line items written as a list built in a loop joined to a list in place (``line_items=lines
+ [fee_line]``, or ``all_lines = lines + [...]`` then ``line_items=all_lines``: a FastAPI
marketplace adding a platform fee line to the cart rows). Only ``[*lines, fee_line]`` was read
as two lists one after the other: with ``+`` the list was opaque, so the call was blocked
(RT015), or, through a name, translated with each element's product read from a ``price`` the
elements do not have (RT003) and every inline amount silently dropped. ``+`` of lists is read as
the spliced list now."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

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
    mypy_api = pytest.importorskip("mypy.api")
    site = one("rows + [fee_line]")
    lines = [x for x in (site.suggestion or "").splitlines() if not x.startswith("#")]
    imports = "".join(x + "\n" for x in lines if x.startswith(("from ", "import ")))
    call = "\n".join(x for x in lines if not x.startswith(("from ", "import "))).strip()
    code = (
        "from typing import Any\n\nfrom dodopayments import DodoPayments\n" + imports + "\n"
        'client = DodoPayments(bearer_token="t", environment="test_mode")\n\n\n'
        "def pay(order: Any, catalog: Any, fee: int) -> str | None:\n"
        "    session = " + call.replace("\n", "\n    ") + "\n"
        "    return session.checkout_url\n"
    )
    path = tmp_path / "check.py"
    path.write_text(code, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    out, err, status = mypy_api.run(
        [
            *("--config-file", str(tmp_path / "mypy.ini"), "--strict", "--no-incremental"),
            *("--cache-dir", os.devnull, str(path)),
        ]
    )
    assert status == 0, out + err + code

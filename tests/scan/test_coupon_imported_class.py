"""A coupon the code creates in Stripe at run time blocks (RT052): it is in no id map and the
discount it gives is not carried. A Python file importing the class from the package (``from
stripe import Coupon``, seen in a Django shop's ``get_discount`` helper returning
``Coupon.create(percent_off=discount.value, ...)``) names no ``stripe`` receiver, so the
creation was not seen: the call read as translated, the discount silently lost behind
``dodo_discount_code(Coupon.create(...))``."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SHOP = """from stripe import {imported}
from stripe.checkout import Session


def discount_for(order):
    if order.discount is None:
        return None
    return {made}(percent_off=order.discount.percent, duration="once")


def pay(order):
    return Session.create(
        line_items=[{{"price": "price_BOOK", "quantity": 1}}],
        discounts=[{{"coupon": discount_for(order)}}],
        mode="payment",
        success_url="https://books.example/ok",
    )
"""


@pytest.mark.parametrize(
    ("imported", "made"),
    [
        ("Coupon", "Coupon.create"),
        ("Coupon as StripeCoupon", "StripeCoupon.create"),
        ("(\n    Coupon,\n    Price,\n)", "Coupon.create"),
    ],
)
def test_a_coupon_made_with_a_class_imported_from_stripe_blocks(
    tmp_path: Path, imported: str, made: str
) -> None:
    path = tmp_path / "pay.py"
    path.write_text(SHOP.format(imported=imported, made=made), encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    found = {f.code: f.message for f in site.findings}
    assert "RT052" in found, site.findings
    assert f"from {made}(...) in discount_for" in found["RT052"]
    assert "percent_off order.discount.percent" in found["RT052"]
    assert site.verdict == "blocked"


def test_an_app_class_of_that_name_is_not_stripe_s(tmp_path: Path) -> None:
    path = tmp_path / "pay.py"
    text = SHOP.format(imported="Price", made="Coupon.create").replace(
        "from stripe import Price\n", "from stripe import Price\nfrom .models import Coupon\n"
    )
    path.write_text(text, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    assert "RT052" not in {f.code for f in site.findings}


READ = """from stripe import Price
from stripe.checkout import Session


def pay(plan):
    price = Price.retrieve(plan.stripe_price)
    return Session.create(
        line_items=[{"price": price.id, "quantity": 1}],
        mode="subscription",
        success_url="https://books.example/ok",
    )
"""


def test_a_price_read_with_a_class_imported_from_stripe_is_a_stripe_read(tmp_path: Path) -> None:
    # the same import: the read stays a call to Stripe after the move (X023)
    path = tmp_path / "pay.py"
    path.write_text(READ, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    found = {f.code: f.message for f in site.findings}
    assert "X023" in found and "from Price.retrieve(...)" in found["X023"]

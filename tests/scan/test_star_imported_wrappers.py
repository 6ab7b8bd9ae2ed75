"""A Python wrapper of a Checkout creation called through ``from module import *`` is found at
its call, with the caller's values: a Flask app's routes file star-imports its payments module
and calls ``process_payment(str(price), ...)``.

Before, only ``from m import f`` (or the wrapper's own file) reached the wrapper: the route's
call was no site at all, the amount the route computes (``tool.price * 100``) was never seen,
and the wrapper's site said only "set by the caller". A file that defines a function of the
same name, or imports that name from elsewhere, still calls its own."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

PAYMENTS = """import stripe


def start_booking(cents, quantity, user):
    session = stripe.checkout.Session.create(
        mode="payment",
        customer_email=user.email,
        line_items=[{
            "price_data": {
                "currency": "sek", "unit_amount": cents, "product_data": {"name": "Booking"}
            },
            "quantity": quantity,
        }],
        success_url="https://tools.test/ok",
    )
    return session.url
"""

ROUTES = """from flask import request

from payments import *


def book(tool, user):
    price = tool.price * 100
    return start_booking(str(price), request.get_json()["quantity"], user)
"""

SHADOWING = """from payments import *


def start_booking(cents, quantity, user):
    return None


def book(tool, user):
    return start_booking(tool.price, 1, user)
"""


def _sites(tmp_path: Path, files: dict[str, str]) -> list:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]


def test_a_wrapper_called_through_a_star_import_is_a_site_with_the_callers_amount(
    tmp_path: Path,
) -> None:
    sites = _sites(tmp_path, {"payments.py": PAYMENTS, "routes.py": ROUTES})
    (caller,) = [s for s in sites if s.file.endswith("routes.py")]
    assert caller.callee == "start_booking"
    suggestion = caller.suggestion or ""
    assert '"amount": price,' in suggestion
    assert """"quantity": request.get_json()["quantity"],""" in suggestion
    (product,) = caller.translation.requires
    assert product["product"]["price"]["currency"] == "SEK"


def test_a_function_of_the_same_name_defined_in_the_calling_file_is_its_own(
    tmp_path: Path,
) -> None:
    sites = _sites(tmp_path, {"payments.py": PAYMENTS, "routes.py": SHADOWING})
    assert not [s for s in sites if s.file.endswith("routes.py")]

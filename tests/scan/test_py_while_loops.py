"""Line items appended in a Python counting ``while`` loop (``i = 0`` / ``while i <
len(rows): ...; i += 1``). Only ``for`` loops were read: a Python ``while`` stopped the reading,
so a list built in a helper that counts this way was a run-time value mapped through each
element's ``price`` (RT003), and with inline prices the whole cart was blocked (RT015,
``TODO_product_id``) though every amount, currency and quantity was in the code. The loop runs
its body once per index of the list, as ``for i in range(len(rows))`` does, so the cart is mapped
from ``range(len(rows))`` now. A ``while`` that counts otherwise (from 1, by 2, to ``len - 1``, its
step not the body's last statement, a ``continue`` that skips the step, an ``else`` that runs
after it, the index changed in the body) stays what it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems

SHOP = """\
import stripe


def cart_lines(rows):
    lines = []
    i = 0
    while i < len(rows):
        row = rows[i]
        lines.append(
            {
                "price_data": {
                    "currency": "sek",
                    "unit_amount": row["ore"],
                    "product_data": {"name": row["title"]},
                },
                "quantity": row["count"],
            }
        )
        i += 1
    return lines


def buy(rows, email):
    lines = cart_lines(rows)
    session = stripe.checkout.Session.create(
        mode="payment",
        customer_email=email,
        line_items=lines,
        success_url="https://fika.example/tack",
    )
    return session.url
"""

IDS = """\
import stripe


def buy(order):
    picked = []
    n = 0
    # one line per chosen plan
    while n < len(order.plans):
        picked.append({"price": order.plans[n].stripe_price, "quantity": order.plans[n].seats})
        n = n + 1
    return stripe.checkout.Session.create(
        mode="payment", line_items=picked, success_url="https://seats.example/ok"
    ).url
"""


def _site(code: str) -> CallSite:
    sites = [s for s in scan_source(code, "shop.py", BY_NAME["python"]) if s.kind == "create"]
    (site,) = sites
    return site


def test_inline_lines_of_a_helpers_counting_while_carry_each_amount() -> None:
    site = _site(SHOP)
    codes = {f.code for f in site.findings}
    assert "RT015" not in codes and "RT003" not in codes, site.findings
    assert site.verdict != "blocked"
    text = site.suggestion or ""
    assert '"amount": rows[i]["ore"],' in text
    assert '"quantity": rows[i]["count"],' in text
    assert "for i in range(len(rows))" in text
    assert "L112" in codes  # the pay-what-you-want line, in SEK
    assert site.translation is not None
    [product] = [r for r in site.translation.requires if r.get("kind") == "product"]
    assert product["product"]["price"]["currency"] == "SEK"
    assert product["product"]["price"]["pay_what_you_want"] is True


def test_price_ids_of_a_counting_while_are_looked_up_per_index() -> None:
    site = _site(IDS)
    text = site.suggestion or ""
    assert '"product_id": dodo_product_id(order.plans[n].stripe_price),' in text
    assert '"quantity": order.plans[n].seats,' in text
    assert "for n in range(len(order.plans))" in text
    assert "RT003" not in {f.code for f in site.findings}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    i = 0\n", "    i = 1\n"),  # from 1
        ("        i += 1\n", "        i += 2\n"),  # by 2
        ("while i < len(rows):", "while i < len(rows) - 1:"),  # not to the end
        ("        row = rows[i]\n", "        row = rows[i]\n        i += 0\n"),  # changed in it
        (
            "        row = rows[i]\n",
            "        row = rows[i]\n        if not row:\n            continue\n",
        ),  # skips the step
        ("        i += 1\n", "        i += 1\n    else:\n        lines.append({'price': 'p'})\n"),
        (
            "        i += 1\n    return",
            "        print(i)\n        i += 1\n        x = 1\n    return",
        ),
    ],
)
def test_a_while_that_counts_otherwise_stays_a_run_time_list(old: str, new: str) -> None:
    code = SHOP.replace(old, new, 1)
    assert code != SHOP
    site = _site(code)
    codes = {f.code for f in site.findings}
    assert "RT015" in codes, site.findings  # inline prices in a list read only at run time
    assert site.verdict == "blocked"
    assert "range(len(rows))" not in (site.suggestion or "")


@pytest.mark.slow
def test_the_counting_while_suggestion_type_checks(tmp_path: Path) -> None:
    for code, signature in (
        (SHOP, "def buy(rows: Any, email: Any) -> str | None"),
        (IDS, "def buy(order: Any) -> str | None"),
    ):
        text = _site(code).suggestion or ""
        stub = tmp_path / "dodo_ids.py"
        stub.write_text("def dodo_product_id(price_id: str) -> str:\n    return price_id\n")
        assert mypy_problems(tmp_path, text, signature) == ""

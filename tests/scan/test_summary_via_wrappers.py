"""The summary counts the creations made through the project's wrappers apart (``via_wrappers``):
a wrapper's own creation and each call of it are creations, so three calls of one wrapper read
as four creations for one Stripe call in the code (a NestJS app: 6 for 2)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main
from tests.scan.trees import write_tree

WRAPPER = """import stripe


def start(price_id):
    return stripe.checkout.Session.create(
        mode="payment", line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://shop.test/ok",
    )
"""

CALLS = """from billing import start


def a():
    return start("price_1A")


def b():
    return start("price_1B")
"""


def test_the_summary_counts_wrapper_calls_apart(tmp_path: Path) -> None:
    write_tree(tmp_path, {"billing.py": WRAPPER, "views.py": CALLS})
    runner = CliRunner()
    done = runner.invoke(main, ["scan", str(tmp_path), "--format", "json", "--no-cache"])
    summary = json.loads(done.output)["summary"]
    assert (summary["creates"], summary["via_wrappers"]) == (3, 2)
    text = runner.invoke(main, ["scan", str(tmp_path), "--no-cache"]).output
    assert "3 checkout creation(s) (2 of them calls of the project's wrappers)," in text


AROUND = """import stripe


def charge(amount):
    return stripe.PaymentIntent.create(amount=amount, currency="usd")
"""

AROUND_CALLS = """from payments import charge


def tip():
    return charge(500)
"""


def test_calls_of_a_wrapper_of_a_call_around_checkout_are_no_creations(tmp_path: Path) -> None:
    # read on real projects: "0 checkout creation(s) (13 of them calls of the project's
    # wrappers)": every wrapper call was counted, subscription cancels and PaymentIntents too
    write_tree(tmp_path, {"payments.py": AROUND, "tips.py": AROUND_CALLS})
    done = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json", "--no-cache"])
    summary = json.loads(done.output)["summary"]
    assert (summary["creates"], summary["via_wrappers"], summary["calls"]) == (0, 0, 2)

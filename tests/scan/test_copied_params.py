"""Params started from a copy of a module's defaults and filled in before the call: Python's
``params = DEFAULTS.copy()`` / ``line = copy.deepcopy(LINE)`` then ``params["..."] = ...``, and
JavaScript's ``structuredClone(DEFAULTS)``.

Probe after the Ruby ``.dup``/``.compact`` and Python dict-filter fixes: a call on a copy was a
run-time value as a whole, so ``Session.create(**params)`` was blocked with an unknown cart
(RT007) though the defaults and every later key are in the file. A copy is now read as the
value it copies, the writes after it applied to the copy only (the constant, sold as it is
elsewhere, keeps its quantity)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems

PY = """\
import copy

import stripe

DEFAULTS = {"mode": "subscription", "success_url": "https://team.test/welcome"}
SEAT = {"price": "price_1Seat", "quantity": 1}


def team(email, seats):
    params = DEFAULTS.copy()
    params["customer_email"] = email
    line = copy.deepcopy(SEAT)
    line["quantity"] = seats
    params["line_items"] = [line]
    return stripe.checkout.Session.create(**params)


def solo():
    return stripe.checkout.Session.create(**DEFAULTS, line_items=[SEAT])
"""

TS = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
const DEFAULTS = { mode: "subscription" as const, success_url: "https://team.test/welcome" };

export async function team(email: string, seats: number) {
  const params = structuredClone(DEFAULTS);
  const session = await stripe.checkout.sessions.create({
    ...params,
    customer_email: email,
    line_items: [{ price: "price_1Seat", quantity: seats }],
  });
  return session.url;
}
"""


def _sites(source: str, name: str, language: str) -> list[CallSite]:
    return [s for s in scan_source(source, name, BY_NAME[language]) if s.kind == "create"]


def test_a_copied_dict_filled_in_is_the_params() -> None:
    team, solo = _sites(PY, "billing.py", "python")
    assert "RT007" not in {f.code for f in team.findings}
    assert '"quantity": seats,' in team.suggestion
    assert '"email": email,' in team.suggestion
    assert 'return_url="https://team.test/welcome",' in team.suggestion
    # the copy's write leaves the constant as it is
    assert '"quantity": 1,' in solo.suggestion


def test_a_javascript_structured_clone_is_the_params() -> None:
    (site,) = _sites(TS, "team.ts", "typescript")
    assert "RT006" not in {f.code for f in site.findings}  # nothing spread in at run time
    assert 'return_url: "https://team.test/welcome",' in site.suggestion


@pytest.mark.slow
def test_the_python_dodo_call_type_checks_with_mypy(tmp_path: Path) -> None:
    team, _ = _sites(PY, "billing.py", "python")
    problems = mypy_problems(
        tmp_path, team.suggestion, "def pay(email: str, seats: int) -> str | None"
    )
    assert not problems, problems

"""An `off_session` chosen at run time between values that are all false (`False if retry
else None`, `retry ? false : undefined`, a wrapper's `off_session if off_session else False`
called with such a value) means the buyer is always present: the call is the plain
customer-present checkout, and nothing is left to set. The suggestion still began with
`# TODO: set from False if retry else None (Stripe off_session)`; a raw request to Stripe also
kept the `{customer}` stand-in as the Dodo customer id."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_source


def one(code: str, language: str = "python") -> CallSite:
    suffix = {"python": "py", "typescript": "ts"}[language]
    (site,) = [s for s in scan_source(code, f"x.{suffix}", BY_NAME[language]) if s.kind == "create"]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


PY = """\
import stripe


def charge(customer_id, pm_id, cents, retry):
    return stripe.PaymentIntent.create(
        amount=cents,
        currency="usd",
        customer=customer_id,
        payment_method=pm_id,
        off_session=OFF,
        confirm=True,
    )
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe("sk_test_x");
export async function charge(customerId: string, pm: string, cents: number, retry: boolean) {
  return stripe.paymentIntents.create({
    amount: cents, currency: "usd", customer: customerId, payment_method: pm,
    off_session: retry ? false : undefined, confirm: true,
  });
}
"""
RAW = """\
import httpx


def charge(customer_id, cents, retry):
    return httpx.post(
        "https://api.stripe.com/v1/payment_intents",
        data={"amount": cents, "currency": "usd", "customer": customer_id,
              "off_session": False if retry else None, "confirm": True},
    )
"""


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (PY.replace("OFF", "False if retry else None"), "python"),
        (PY.replace("OFF", "None if retry else False"), "python"),
        (TS, "typescript"),
        (RAW, "python"),
    ],
)
def test_an_always_false_off_session_is_the_plain_checkout(code: str, language: str) -> None:
    site = one(code, language)
    assert site.translation is not None
    assert site.translation.kind in ("upsell", "checkout_session")
    assert "TODO: set from" not in site.suggestion
    assert "RT035" not in codes(site)
    assert "{customer}" not in site.suggestion
    assert "customer_id" in site.suggestion


def test_an_always_true_off_session_is_the_charge_without_a_comment() -> None:
    site = one(PY.replace("OFF", "True if retry else True"))
    assert site.translation is not None and site.translation.kind == "on_demand_charge"
    assert "TODO: set from" not in site.suggestion


def test_an_off_session_only_run_time_decides_is_still_said() -> None:
    """A choice that may be true or false keeps RT035 (and its value is reported, no TODO)."""
    site = one(PY.replace("OFF", "retry"))
    assert "RT035" in codes(site)


def test_a_wrapper_called_with_an_always_false_choice(tmp_path: Path) -> None:
    (tmp_path / "billing.py").write_text(
        "import stripe\n\n\ndef charge(customer_id, pm_id, cents, off_session=None):\n"
        "    return stripe.PaymentIntent.create(amount=cents, currency='usd',"
        " customer=customer_id, payment_method=pm_id,"
        " off_session=off_session if off_session else False, confirm=True)\n",
        encoding="utf-8",
    )
    (tmp_path / "shop.py").write_text(
        "from billing import charge\n\n\ndef pay(customer_id, pm_id, retry):\n"
        "    return charge(customer_id, pm_id, 700, False if retry else None)\n",
        encoding="utf-8",
    )
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    (caller,) = [s for s in sites if s.file.endswith("shop.py")]
    assert caller.translation is not None and caller.translation.kind == "upsell"
    assert "TODO: set from" not in caller.suggestion

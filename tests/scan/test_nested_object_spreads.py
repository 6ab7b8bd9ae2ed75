"""The keys written in ``subscription_data`` beside an object spread into it are carried.

Read in a course platform (TypeScript): ``subscription_data = { ...(trialDays ? {
trial_period_days: trialDays } : {}), ...extra, metadata }``. One spread of an object the scan
cannot read made the whole object a run-time value: the trial and metadata were lost with an
RT001 warning, the subscriber charged at once. As in ``metadata``, the keys the code writes
are read beside the spread, which is reported (RT012) (``migrate/scan/metadata_wholes.py``).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.K!);
export async function sub(price: string, trialDays: number | null, extra: Record<string, string>) {
  const subscription_data = {
    ...(trialDays ? { trial_period_days: trialDays } : {}),
    ...extra,
    metadata: { plan: price },
  };
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price, quantity: 1 }],
    subscription_data,
    success_url: "https://x.test/ok",
  });
}
"""

PY = """import stripe


def sub(price, trial_days, extra):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price, "quantity": 1}],
        subscription_data={"trial_period_days": trial_days, **extra},
        success_url="https://x.test/ok",
    )
"""


def _site(source: str, path: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(source, path, BY_NAME[language]) if s.kind == "create"]
    return site


def test_a_trial_beside_a_spread_in_subscription_data_is_carried() -> None:
    site = _site(TS, "sub.ts", "typescript")
    assert "trial_period_days: trialDays ? trialDays : null," in (site.suggestion or "")
    codes = {(f.code, f.path) for f in site.findings}
    assert ("RT012", "subscription_data") in codes and ("RT001", "subscription_data") not in codes


def test_the_same_in_python() -> None:
    site = _site(PY, "sub.py", "python")
    assert '"trial_period_days": trial_days,' in (site.suggestion or "")
    assert ("RT012", "subscription_data") in {(f.code, f.path) for f in site.findings}

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""Keys set on a dict that a branch of an ``if`` made reach the Dodo call (the trial).

Read in a Firebase extension's checkout function: ``if (mode === 'subscription') {
params.subscription_data = { metadata }; if (trialDays) { params.subscription_data
.trial_period_days = trialDays; } params.subscription_data.default_tax_rates = taxRates; }``.
The dict was a choice (set in one branch), and a key set on it afterwards was "held by the
run-time value": nothing carried it, nothing said so. The trial was lost, every subscriber
charged at once. Such a change is now made in each branch that holds the dict
(``migrate/scan/follow.py``, ``follow_pairs.keyed_choice``): the trial is carried, the tax rates
reported (RT001), in TypeScript and Python.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function create(mode: "subscription" | "payment", price: string, trialDays: number | undefined, taxRates: string[]) {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode,
    line_items: [{ price, quantity: 1 }],
    success_url: "https://app.test/ok",
  };
  if (mode === "subscription") {
    params.subscription_data = { metadata: { source: "ext" } };
    if (trialDays) {
      params.subscription_data.trial_period_days = trialDays;
    }
    params.subscription_data.default_tax_rates = taxRates;
  }
  const session = await stripe.checkout.sessions.create(params);
  return session.url;
}
"""

PY = """import stripe


def create(mode, price, trial_days, tax_rates):
    params = {"mode": mode, "line_items": [{"price": price, "quantity": 1}], "success_url": "https://app.test/ok"}
    if mode == "subscription":
        params["subscription_data"] = {"metadata": {"source": "ext"}}
        if trial_days:
            params["subscription_data"]["trial_period_days"] = trial_days
        params["subscription_data"]["default_tax_rates"] = tax_rates
    return stripe.checkout.Session.create(**params)
"""


def _site(source: str, path: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(source, path, BY_NAME[language]) if s.kind == "create"]
    return site


def test_a_trial_set_on_a_branchs_dict_reaches_the_dodo_call(tmp_path: Path) -> None:
    site = _site(TS, "checkout.ts", "typescript")
    text = site.suggestion or ""
    assert (
        'trial_period_days: (mode === "subscription") ? trialDays ? trialDays : null : null,'
        in text
    ), text
    assert "subscription_data.default_tax_rates" in [
        f.path for f in site.findings if f.code == "RT001"
    ]
    cut = "  const params: Stripe.Checkout.SessionCreateParams = {"
    checked = TS[: TS.index(cut)].replace('import Stripe from "stripe";\n', "")
    checked = checked.replace("const stripe = new Stripe(process.env.STRIPE_KEY!);\n", "")
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    call = "  const session = await stripe.checkout.sessions.create("
    assert tsc_problems(tmp_path, checked + call + "\n", text, files=ids) == ""


def test_the_same_in_python() -> None:
    site = _site(PY, "checkout.py", "python")
    text = site.suggestion or ""
    assert (
        '"trial_period_days": (trial_days if trial_days else None) if mode == "subscription" else None,'
        in text
    )
    assert "subscription_data.default_tax_rates" in [
        f.path for f in site.findings if f.code == "RT001"
    ]

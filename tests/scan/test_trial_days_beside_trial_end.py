"""Stripe's ``trial_period_days`` and ``trial_end`` both land in Dodo's one
``subscription_data.trial_period_days``. Code that may send either (an ASP.NET subscription
service setting the days when the request has them, else the end; a ternary each way) had the
later field overwrite the earlier: a subscription asked with 14 trial days was sent with none
(``days ? null : end``), only a ``TODO`` comment saying so, the site "translated". Stripe refuses
both at once, so where one of them gives nothing under a condition, the other fills it; two plain
run-time values that cannot be told apart are reported (RT002), in either order. Python and
TypeScript shapes are type-checked in test_suggest_types.py (``trial-days-or-end``)."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CS = """\
using Stripe;

public sealed class Plans
{
    private readonly SubscriptionService _subs = new SubscriptionService();

    public Subscription Start(StartRequest req)
    {
        var options = new SubscriptionCreateOptions
        {
            Customer = req.CustomerId,
            Items = new List<SubscriptionItemOptions>
            {
                new SubscriptionItemOptions { Price = req.PriceId },
            },
        };
        if (req.TrialDays.HasValue)
        {
            options.TrialPeriodDays = req.TrialDays;
        }
        else if (req.TrialEndsAt.HasValue)
        {
            options.TrialEnd = req.TrialEndsAt.Value;
        }
        return _subs.Create(options);
    }
}
"""

PY_SUB = """\
import stripe


def start(customer_id, price_id, days=None, ends_at=None):
    return stripe.Subscription.create(
        customer=customer_id,
        items=[{"price": price_id}],
        TRIAL
    )
"""

TS_CHECKOUT = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function subscribe(req: { days?: number; endsAt?: number }) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: "price_1Team", quantity: 1 }],
    success_url: "https://example.com/ok",
    subscription_data: {
      TRIAL
    },
  });
}
"""


def one(code: str, path: str, language: str) -> CallSite:
    sites = [s for s in scan_source(code, path, BY_NAME[language]) if s.translation is not None]
    assert len(sites) == 1, sites
    return sites[0]


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_csharp_days_or_end_keeps_the_days() -> None:
    site = one(CS, "Plans.cs", "csharp")
    assert "RT002" not in codes(site) and "RT055" in codes(site)
    (line,) = {
        line.strip()
        for line in site.suggestion.splitlines()
        if line.strip().startswith('dodoBody["subscription_data"]')
    }
    assert line.startswith(
        'dodoBody["subscription_data"]!["trial_period_days"] = JsonSerializer.SerializeToNode('
        "(req.TrialDays.HasValue ? req.TrialDays : (req.TrialEndsAt.HasValue ? Math.Max(0,"
    )
    assert "TODO: set from" not in site.suggestion


@pytest.mark.parametrize(
    "trial",
    [
        "trial_period_days=days if days else None,\n        trial_end=None if days else ends_at,",
        "trial_end=None if days else ends_at,\n        trial_period_days=days if days else None,",
    ],
)
def test_python_subscription_days_or_end_in_either_order(trial: str) -> None:
    site = one(PY_SUB.replace("TRIAL", trial), "plans.py", "python")
    assert "RT002" not in codes(site) and "RT055" in codes(site)
    assert site.verdict != "blocked"
    text = " ".join(site.suggestion.split())
    assert (
        '"trial_period_days": days if days else max(0, math.ceil((ends_at - time.time())'
        " / 86400))," in text
    )
    assert "TODO: set from" not in site.suggestion


def test_typescript_checkout_days_or_end() -> None:
    trial = (
        "trial_period_days: req.days ? req.days : undefined,\n"
        "      trial_end: req.days ? undefined : req.endsAt,"
    )
    site = one(TS_CHECKOUT.replace("TRIAL", trial), "subscribe.ts", "typescript")
    assert "RT002" not in codes(site) and "RT055" in codes(site)
    assert site.verdict != "blocked"
    assert (
        "trial_period_days: req.days ? req.days : Math.max(0, Math.ceil((req.endsAt"
        in site.suggestion
    )


@pytest.mark.parametrize(
    "trial",
    [
        "trial_period_days=days,\n        trial_end=ends_at,",
        "trial_end=ends_at,\n        trial_period_days=days,",
    ],
)
def test_two_plain_values_are_reported_in_either_order(trial: str) -> None:
    site = one(PY_SUB.replace("TRIAL", trial), "plans.py", "python")
    (finding,) = [f for f in site.findings if f.code == "RT002"]
    assert "both become Dodo's one `trial_period_days`" in finding.message
    assert site.verdict == "blocked"

"""A ``subscription_data.trial_end`` known only at run time (a Unix time the code computes or
reads) was blocked (RT002), though Dodo's ``trial_period_days`` can carry it: the Dodo call now
sends the whole days from when the session is created until it, rounded up and never below 0,
computed in the file's own language, with RT055 saying the trial counts from then (not to the
exact timestamp). Python and TypeScript shapes are type-checked in test_suggest_types.py."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """\
import stripe

def subscribe(account):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": "price_1Pro", "quantity": 1}],
        success_url="https://example.com/ok",
        subscription_data={"trial_end": TRIAL},
    )
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function subscribe(account: { trialEnd: number }) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: "price_1Pro", quantity: 1 }],
    success_url: "https://example.com/ok",
    subscription_data: { trial_end: TRIAL },
  });
}
"""
RB = """\
require "stripe"

def subscribe(account)
  Stripe::Checkout::Session.create(
    mode: "subscription",
    line_items: [{ price: "price_1Pro", quantity: 1 }],
    success_url: "https://example.com/ok",
    subscription_data: { trial_end: account.trial_ends_at.to_i },
  )
end
"""
PHP = """\
<?php
function subscribe($stripe, $trialEnd) {
    return $stripe->checkout->sessions->create([
        'mode' => 'subscription',
        'line_items' => [['price' => 'price_1Pro', 'quantity' => 1]],
        'success_url' => 'https://example.com/ok',
        'subscription_data' => ['trial_end' => $trialEnd],
    ]);
}
"""
GO = """\
package billing

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func Subscribe(trialEnd int64) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("subscription"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String("price_1Pro"), Quantity: stripe.Int64(1)},
\t\t},
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\tSubscriptionData: &stripe.CheckoutSessionSubscriptionDataParams{
\t\t\tTrialEnd: stripe.Int64(trialEnd),
\t\t},
\t}
\treturn session.New(params)
}
"""
JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class Billing {
  Session subscribe(long trialEnd) throws Exception {
    SessionCreateParams params = SessionCreateParams.builder()
      .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
      .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_1Pro").setQuantity(1L).build())
      .setSuccessUrl("https://example.com/ok")
      .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().setTrialEnd(trialEnd).build())
      .build();
    return Session.create(params);
  }
}
"""
KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun subscribe(trialEnd: Long): Session {
  val params = SessionCreateParams.builder()
    .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
    .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_1Pro").setQuantity(1L).build())
    .setSuccessUrl("https://example.com/ok")
    .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().setTrialEnd(trialEnd).build())
    .build()
  return Session.create(params)
}
"""
CS = """\
using System;
using Stripe.Checkout;

public class Billing
{
    public Session Subscribe(DateTime trialEnd)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = new() { new SessionLineItemOptions { Price = "price_1Pro", Quantity = 1 } },
            SuccessUrl = "https://example.com/ok",
            SubscriptionData = new SessionSubscriptionDataOptions { TrialEnd = trialEnd },
        };
        return new SessionService().Create(options);
    }
}
"""
SH = """\
#!/bin/sh
curl https://api.stripe.com/v1/checkout/sessions -u "$STRIPE_SECRET_KEY:" \\
  -d mode=subscription -d "line_items[0][price]=price_1Pro" -d "line_items[0][quantity]=1" \\
  -d success_url=https://example.com/ok -d "subscription_data[trial_end]=$TRIAL_END"
"""


def one(code: str, path: str, language: str) -> CallSite:
    sites = [s for s in scan_source(code, path, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    return sites[0]


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


@pytest.mark.parametrize(
    ("code", "path", "language", "days"),
    [
        (
            PY.replace("TRIAL", "account.trial_end"),
            "billing.py",
            "python",
            '"trial_period_days": max(0, math.ceil((account.trial_end - time.time()) / 86400)),',
        ),
        (
            TS.replace("TRIAL", "account.trialEnd"),
            "billing.ts",
            "typescript",
            "trial_period_days: Math.max(0, Math.ceil((account.trialEnd - Date.now() / 1000)"
            " / 86400)),",
        ),
        (
            RB,
            "billing.rb",
            "ruby",
            "[0, ((account.trial_ends_at.to_i - Time.now.to_i) / 86400.0).ceil].max",
        ),
        (PHP, "billing.php", "php", "max(0, (int) ceil(("),
        (
            GO,
            "billing.go",
            "go",
            "math.Max(0, math.Ceil((float64(trialEnd)-float64(time.Now().Unix()))/86400))",
        ),
        (
            JAVA,
            "Billing.java",
            "java",
            "Math.max(0L, (long) Math.ceil((trialEnd - System.currentTimeMillis() / 1000.0)"
            " / 86400))",
        ),
        (
            KOTLIN,
            "Billing.kt",
            "kotlin",
            "maxOf(0L, Math.ceil((trialEnd - System.currentTimeMillis() / 1000.0)"
            " / 86400).toLong())",
        ),
        (
            CS,
            "Billing.cs",
            "csharp",
            "Math.Max(0, (int)Math.Ceiling(((DateTime)(trialEnd) - DateTime.UtcNow).TotalDays))",
        ),
        (SH, "checkout.sh", "bash", '$(( ("$TRIAL_END" - $(date +%s) + 86399) / 86400 ))'),
    ],
)
def test_a_run_time_trial_end_is_sent_as_the_days_until_it(
    code: str, path: str, language: str, days: str
) -> None:
    site = one(code, path, language)
    assert "RT002" not in codes(site)
    assert "RT055" in codes(site)
    (finding,) = [f for f in site.findings if f.code == "RT055"]
    assert finding.path == "subscription_data.trial_end"
    assert "from when the session is created" in finding.message
    assert "trial_period_days" in site.suggestion
    assert days in site.suggestion


def test_the_python_call_imports_what_the_day_count_needs() -> None:
    site = one(PY.replace("TRIAL", "account.trial_end"), "billing.py", "python")
    assert "import math\nimport time\n" in site.suggestion


def test_the_go_call_imports_math_and_time() -> None:
    site = one(GO, "billing.go", "go")
    (imports,) = [line for line in site.suggestion.splitlines() if "// imports:" in line]
    assert '"math"' in imports and '"time"' in imports


def test_a_choice_keeps_a_literal_trial_end_as_days_and_no_trial_as_none() -> None:
    site = one(
        PY.replace("TRIAL", "account.trial_end if account.trialing else None"),
        "billing.py",
        "python",
    )
    assert "RT055" in codes(site) and "RT002" not in codes(site)
    assert (
        '"trial_period_days": max(0, math.ceil((account.trial_end - time.time()) / 86400))'
        " if account.trialing else None," in site.suggestion
    )


def test_trial_end_beside_trial_period_days_still_blocks() -> None:
    code = PY.replace('{"trial_end": TRIAL}', '{"trial_end": account.end, "trial_period_days": 7}')
    site = one(code, "billing.py", "python")
    assert "RT002" in codes(site)
    assert "math.ceil" not in site.suggestion

# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Stripe billing portal session (the "manage billing" button beside the checkout) is related
code (X036): Dodo's customer portal session replaces it. It was not reported at all, so a team
moving to Dodo kept sending its customers to Stripe's portal. It is no creation."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CASES = [
    (
        "python",
        "portal.py",
        "import stripe\n\ndef manage(user):\n"
        "    return stripe.billing_portal.Session.create(customer=user.stripe_id,"
        " return_url='https://app.test/account').url\n",
    ),
    (
        "python",
        "client.py",
        "def manage(client, user):\n"
        "    return client.v1.billing_portal.sessions.create(params={'customer': user.stripe_id})\n",
    ),
    (
        "typescript",
        "portal.ts",
        "export async function manage(stripe: any, customer: string) {\n"
        "  return (await stripe.billingPortal.sessions.create({ customer })).url;\n}\n",
    ),
    (
        "ruby",
        "portal.rb",
        "def manage\n  Stripe::BillingPortal::Session.create({ customer: current_user.stripe_id })\nend\n",
    ),
    (
        "php",
        "portal.php",
        "<?php\n$s = $stripe->billingPortal->sessions->create(['customer' => $id]);\n"
        "$t = \\Stripe\\BillingPortal\\Session::create(['customer' => $id]);\n",
    ),
    (
        "go",
        "portal.go",
        "package main\n\nfunc manage(sc *stripe.Client, p *stripe.BillingPortalSessionCreateParams) {\n"
        "\tsc.V1BillingPortalSessions.Create(ctx, p)\n}\n",
    ),
]


@pytest.mark.parametrize(("language", "name", "code"), CASES)
def test_a_billing_portal_session_is_related_code(language: str, name: str, code: str) -> None:
    sites = list(scan_source(code, name, BY_NAME[language]))
    assert sites, code
    assert all(s.kind == "related" and s.rule == "X036" for s in sites)
    assert all("customer_portal" in (s.suggestion or "") for s in sites)

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
    (
        # Stripe.net: the portal's SessionService shares its name with Checkout's; the file's
        # `using Stripe.BillingPortal;` (and no Stripe.Checkout) says which
        "csharp",
        "Portal.cs",
        "using Stripe;\nusing Stripe.BillingPortal;\n\npublic class Portal {\n"
        "    public string Open(string customerId) {\n"
        '        var options = new SessionCreateOptions { Customer = customerId, ReturnUrl = "https://app.test/account" };\n'
        "        var service = new SessionService();\n"
        "        return service.Create(options).Url;\n    }\n}\n",
    ),
    (
        "csharp",
        "Qualified.cs",
        "using Stripe;\n\npublic class Portal {\n"
        "    public async Task<string> Open(string customerId) {\n"
        "        var options = new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId };\n"
        "        return (await new Stripe.BillingPortal.SessionService().CreateAsync(options)).Url;\n    }\n}\n",
    ),
    (
        "csharp",
        "Client.cs",
        "using Stripe;\n\npublic class Portal {\n    private readonly StripeClient _client;\n"
        "    public string Open(string customerId) {\n"
        "        return _client.V1.BillingPortal.Sessions.Create(new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId }).Url;\n"
        "    }\n}\n",
    ),
]


@pytest.mark.parametrize(("language", "name", "code"), CASES)
def test_a_billing_portal_session_is_related_code(language: str, name: str, code: str) -> None:
    sites = list(scan_source(code, name, BY_NAME[language]))
    assert sites, code
    assert all(s.kind == "related" and s.rule == "X036" for s in sites)
    if language in ("python", "typescript"):  # the official SDK's call
        assert all("customer_portal.create(" in (s.suggestion or "") for s in sites)
    else:  # no Dodo SDK in the language: the REST call, not a Python or Node one
        for site in sites:
            assert "POST /customers/{customer_id}/customer-portal/session" in site.suggestion
            assert "client.customers" not in site.suggestion


def test_a_csharp_checkout_session_beside_a_portal_session_is_still_a_creation() -> None:
    code = (
        "using Stripe;\nusing Stripe.Checkout;\n\npublic class Pay {\n"
        "    public string Go(string price) {\n"
        '        var options = new SessionCreateOptions { Mode = "payment", SuccessUrl = "https://app.test/ok",\n'
        "            LineItems = new List<SessionLineItemOptions> { new SessionLineItemOptions { Price = price, Quantity = 1 } } };\n"
        "        var session = new SessionService().Create(options);\n"
        '        var portal = new Stripe.BillingPortal.SessionService().Create(new Stripe.BillingPortal.SessionCreateOptions { Customer = "cus_1" });\n'
        "        return session.Url + portal.Url;\n    }\n}\n"
    )
    sites = list(scan_source(code, "Pay.cs", BY_NAME["csharp"]))
    assert [(s.line, s.kind, s.rule) for s in sites] == [
        (8, "create", None),
        (9, "related", "X036"),
    ]

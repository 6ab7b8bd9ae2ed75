"""A PaymentIntent (or SetupIntent) that becomes a Dodo checkout, with its `payment_method` known
only at run time: the Stripe method is lost (the buyer enters one on Dodo's checkout), as a
literal one is (PI004). It was only a `TODO: set from method` comment in the suggestion, with no
finding at `payment_method`; now RT030 says what is lost there, and the comment is gone."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"python": "py", "typescript": "ts", "csharp": "cs"}

PI = {
    "python": "import stripe\n\ndef pay(customer_id, method):\n"
    "    return stripe.PaymentIntent.create(amount=1500, currency='usd',"
    " customer=customer_id, payment_method=method)\n",
    "typescript": "import Stripe from 'stripe';\nconst stripe = new Stripe('k');\n"
    "export async function pay(customerId: string, method: string) {\n"
    "  return stripe.paymentIntents.create({ amount: 1500, currency: 'usd',"
    " customer: customerId, payment_method: method });\n}\n",
    "csharp": "using System.Threading.Tasks;\nusing Stripe;\npublic class C {\n"
    "  public async Task<PaymentIntent> Pay(string customerId, string method) {\n"
    "    var service = new PaymentIntentService();\n"
    "    return await service.CreateAsync(new PaymentIntentCreateOptions { Amount = 1500,"
    ' Currency = "usd", Customer = customerId, PaymentMethod = method });\n  }\n}\n',
}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language])
        if s.translation is not None
    ]
    return site


def found(site: CallSite) -> dict[tuple[str, str], str]:
    return {(f.code, f.path): f.message for f in site.findings}


@pytest.mark.parametrize("language", sorted(PI))
def test_a_run_time_method_on_a_checkout_payment_is_reported_at_its_path(language: str) -> None:
    s = one(PI[language], language)
    assert s.translation is not None and s.translation.kind == "checkout_session"
    message = found(s)[("RT030", "payment_method")]
    assert "the buyer enters a method on Dodo's checkout" in message
    assert "TODO: set from" not in s.suggestion
    assert "TODO_payment_method_id" not in s.suggestion  # a checkout needs no method id


def test_a_literal_method_still_gets_pi004_and_no_rt030() -> None:
    s = one(PI["python"].replace("payment_method=method", "payment_method='pm_1'"), "python")
    assert ("PI004", "payment_method") in found(s)
    assert not any(code == "RT030" for code, _ in found(s))


def test_a_run_time_method_on_a_setup_intent_is_reported_at_its_path() -> None:
    code = (
        "import stripe\n\ndef save(customer_id, method):\n"
        "    return stripe.SetupIntent.create(customer=customer_id, payment_method=method)\n"
    )
    s = one(code, "python")
    assert s.translation is not None and s.translation.kind == "on_demand_mandate"
    assert "authorises a method on Dodo's checkout" in found(s)[("RT030", "payment_method")]
    assert "TODO: set from" not in s.suggestion

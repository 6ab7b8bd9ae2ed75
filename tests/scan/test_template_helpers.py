"""A success or cancel URL a helper of the same file returns with Stripe's
``{CHECKOUT_SESSION_ID}`` (``success_url=build_success_url()``, the helper's f-string or literal
holding it) got no C003: the Dodo call carried the helper's URL with a placeholder Dodo does not
fill in, and nothing said so. C003 now names the helper, as it names a local holding the
template; a helper whose return holds none (a comment does not count) gets none."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """\
import os

import stripe


HELPER


def open_session(price_id):
    return stripe.checkout.Session.create(
        mode="subscription",
        success_url=build_success_url(),
        line_items=[{"price": price_id, "quantity": 1}],
    )
"""

TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

HELPER

export async function openSession(priceId: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    success_url: "https://shop.example.com/done",
    cancel_url: cancelUrl("https://shop.example.com"),
    line_items: [{ price: priceId, quantity: 1 }],
  });
}
"""

RUBY = """\
require "stripe"

class Billing
  def success_url
    "#{ENV['DOMAIN']}/done?session_id={CHECKOUT_SESSION_ID}"
  end

  def open(price_id)
    Stripe::Checkout::Session.create(
      mode: "subscription",
      success_url: success_url,
      line_items: [{ price: price_id, quantity: 1 }]
    )
  end
end
"""

PHP = """\
<?php
class Billing {
    private function successUrl() {
        return getenv('DOMAIN') . '/done?session_id={CHECKOUT_SESSION_ID}';
    }

    public function open($priceId) {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'success_url' => $this->successUrl(),
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
        ]);
    }
}
"""

GO = """\
package pay

import (
\t"os"

\tstripe "github.com/stripe/stripe-go/v82"
\tcheckoutsession "github.com/stripe/stripe-go/v82/checkout/session"
)

func successURL() string {
\treturn os.Getenv("DOMAIN") + "/done?session_id={CHECKOUT_SESSION_ID}"
}

func Open(priceID string) (string, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tSuccessURL: stripe.String(successURL()),
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\ts, err := checkoutsession.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""

KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Plans {
    private fun successUrl(): String =
        System.getenv("DOMAIN") + "/done?session_id={CHECKOUT_SESSION_ID}"

    fun open(priceId: String): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl(successUrl())
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build()
            )
            .build()
        return Session.create(params).url
    }
}
"""

CSHARP = """\
using System;
using System.Collections.Generic;
using Stripe.Checkout;

public class Checkout
{
    private static string SuccessUrl() =>
        Environment.GetEnvironmentVariable("DOMAIN") + "/done?session_id={CHECKOUT_SESSION_ID}";

    public Session Open(string priceId)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            SuccessUrl = SuccessUrl(),
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = priceId, Quantity = 1 },
            },
        };
        return new SessionService().Create(options);
    }
}
"""


def _site(code: str, name: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


def _c003(site: CallSite) -> list[tuple[str, str]]:
    return [(f.path, f.message) for f in site.findings if f.code == "C003"]


@pytest.mark.parametrize(
    "helper",
    [
        "def build_success_url():\n"
        "    return f\"{os.environ['DOMAIN']}/done?session_id={{CHECKOUT_SESSION_ID}}\"",
        "def build_success_url():\n"
        '    url = os.environ["DOMAIN"] + "/done?session_id={CHECKOUT_SESSION_ID}"\n'
        "    return url",
    ],
    ids=["f-string", "a local it returns"],
)
def test_a_python_helper_returning_the_template_gets_c003_naming_it(helper: str) -> None:
    site = _site(PY.replace("HELPER", helper), "app.py", "python")
    ((path, message),) = _c003(site)
    assert path == "success_url"
    assert "it is in what `build_success_url` returns: remove it there by hand" in message


def test_a_helper_whose_return_holds_no_template_gets_no_c003() -> None:
    helper = (
        "def build_success_url():\n"
        "    # Stripe got ?session_id={CHECKOUT_SESSION_ID} here\n"
        "    return f\"{os.environ['DOMAIN']}/done\""
    )
    assert _c003(_site(PY.replace("HELPER", helper), "app.py", "python")) == []


@pytest.mark.parametrize(
    "helper",
    [
        "function cancelUrl(base: string): string {\n"
        "  return `${base}/cancel?sid={CHECKOUT_SESSION_ID}`;\n}",
        "const cancelUrl = (base: string) => `${base}/cancel?sid={CHECKOUT_SESSION_ID}`;",
    ],
    ids=["function", "arrow"],
)
def test_a_typescript_helper_returning_the_template_gets_c003(helper: str) -> None:
    site = _site(TS.replace("HELPER", helper), "app.ts", "typescript")
    ((path, message),) = _c003(site)
    assert path == "cancel_url"
    assert "what `cancelUrl` returns" in message


@pytest.mark.parametrize(
    ("code", "name", "family", "helper"),
    [
        (RUBY, "billing.rb", "ruby", "success_url"),
        (PHP, "Billing.php", "php", "successUrl"),
        (GO, "pay.go", "go", "successURL"),
        (KOTLIN, "Plans.kt", "kotlin", "successUrl"),
        (CSHARP, "Checkout.cs", "csharp", "SuccessUrl"),
    ],
    ids=["ruby", "php", "go", "kotlin", "csharp"],
)
def test_a_helper_of_the_file_in_each_language_gets_c003(
    code: str, name: str, family: str, helper: str
) -> None:
    ((path, message),) = _c003(_site(code, name, family))
    assert path == "success_url"
    assert f"what `{helper}` returns" in message

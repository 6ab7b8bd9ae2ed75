"""A ``customer`` that is an optional parameter of the function around the call: ``def
open_plan(plan, account=None)``, TypeScript's ``account?: string``, Ruby's ``account = nil``, PHP's
``?string $account = null``, C#'s ``string? account``. A caller that has no Stripe customer
leaves it out, and Stripe's SDKs drop the unset param: a guest checkout. The wrapper's suggested
Dodo call wrote ``customer: {customer_id: <id map look-up of account>}`` unconditionally, and the
look-up of nothing throws (UnknownStripeIdError): every guest checkout failed on Dodo. The Dodo
customer is now given only when the parameter is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.sdk_checks import CUT, tsc_problems

PY = """import stripe


def open_plan(plan: str, account: str | None = None):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": plan, "quantity": 1}],
        customer=account,
        success_url="https://club.test/welcome",
    )


def join(request):
    return open_plan("price_club")


def rejoin(request):
    return open_plan("price_club", request.member.stripe_ref)
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
declare function dodoProductId(id: string | null | undefined): string;
declare function dodoCustomerId(id: string | null | undefined): string;

export async function openPlan(plan: string, account?: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: plan, quantity: 1 }],
    customer: account,
    success_url: "https://club.test/welcome",
  });
  return session.url;
}
"""

RB = """class Club
  def self.open_plan(plan, account = nil)
    Stripe::Checkout::Session.create(
      mode: "subscription",
      line_items: [{ price: plan, quantity: 1 }],
      customer: account,
      success_url: "https://club.test/welcome"
    )
  end
end
"""

PHP = """<?php
class Club {
    public function openPlan(string $plan, ?string $account = null) {
        return \\Stripe\\Checkout\\Session::create([
            'mode' => 'subscription',
            'line_items' => [['price' => $plan, 'quantity' => 1]],
            'customer' => $account,
            'success_url' => 'https://club.test/welcome',
        ]);
    }
}
"""

CS = """using Stripe.Checkout;

public class Club
{
    public async Task<Session> OpenPlan(string plan, string? account)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = plan, Quantity = 1 },
            },
            Customer = account,
            SuccessUrl = "https://club.test/welcome",
        };
        return await new SessionService().CreateAsync(options);
    }

    public async Task<Session> Member(string plan, string account)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = plan, Quantity = 1 },
            },
            Customer = account,
            SuccessUrl = "https://club.test/welcome",
        };
        return await new SessionService().CreateAsync(options);
    }
}
"""


def _sites(text: str, name: str, language: str) -> dict[int, str]:
    return {s.line: s.suggestion or "" for s in scan_source(text, name, BY_NAME[language])}


def test_an_optional_python_customer_is_a_dodo_customer_only_when_set() -> None:
    sites = _sites(PY, "club.py", "python")
    wrapper = sites[5]
    assert (
        '    customer={\n        "customer_id": dodo_customer_id(account),\n'
        "    } if account else None,\n"
    ) in wrapper
    # the callers: a guest one gives no customer, a member's gives theirs when the member has
    # one (a record's attribute: unset for a member who never paid)
    assert "customer" not in sites[14]
    assert (
        '"customer_id": dodo_customer_id(request.member.stripe_ref),\n'
        "    } if request.member.stripe_ref else None,\n"
    ) in sites[18]


def test_an_optional_typescript_customer_is_a_dodo_customer_only_when_set() -> None:
    (text,) = _sites(TS, "club.ts", "typescript").values()
    assert "customer: account ? {\n" in text
    assert "customer_id: dodoCustomerId(account)," in text


def test_an_optional_ruby_or_php_customer_is_a_dodo_customer_only_when_set() -> None:
    (ruby,) = _sites(RB, "club.rb", "ruby").values()
    assert "dodo_body['customer'] = (account ? {\n" in ruby
    assert '"customer_id" => DodoIds.customer_id(account),' in ruby
    (php,) = _sites(PHP, "Club.php", "php").values()
    assert "$dodoBody->{'customer'} = (isset($account) ? [\n" in php
    assert "'customer_id' => \\DodoIds::customerId($account)," in php


def test_a_nullable_csharp_customer_is_a_dodo_customer_only_when_set() -> None:
    sites = _sites(CS, "Club.cs", "csharp")
    nullable, plain = sites[17], sites[32]
    assert (  # an empty id is no customer either (as z-unset tests a C# `string?` value)
        'dodoBody["customer"] = JsonSerializer.SerializeToNode(((!string.IsNullOrEmpty(account))'
        " ? new Dictionary<string, object?>\n"
    ) in nullable
    assert '["customer_id"] = DodoIds.CustomerId(account),' in nullable
    # a parameter the code declares non-nullable is given as it is
    assert (
        'dodoBody["customer"]!["customer_id"] = '
        "JsonSerializer.SerializeToNode(DodoIds.CustomerId(account));"
    ) in plain


@pytest.mark.slow
def test_the_typescript_suggestion_type_checks(tmp_path: Path) -> None:
    (text,) = _sites(TS, "club.ts", "typescript").values()
    assert CUT in TS
    assert tsc_problems(tmp_path, TS, text) == ""


JAVA = """package club;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Club {
    public Session openPlan(String plan, String account) throws Exception {
        SessionCreateParams.Builder b = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://club.test/welcome")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(plan).setQuantity(1L).build());
        if (account != null) {
            b.setCustomer(account);
        }
        return Session.create(b.build());
    }
}
"""

KOTLIN = """package club

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Club {
    fun openPlan(plan: String, account: String?): Session {
        val b = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://club.test/welcome")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(plan).setQuantity(1L).build())
        if (account != null) {
            b.setCustomer(account)
        }
        return Session.create(b.build())
    }
}
"""

GO = """package club

import (
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/checkout/session"
)

func OpenPlan(plan string, account string) (*stripe.CheckoutSession, error) {
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModeSubscription)),
		SuccessURL: stripe.String("https://club.test/welcome"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(plan), Quantity: stripe.Int64(1)},
		},
	}
	if account != "" {
		params.Customer = stripe.String(account)
	}
	return session.New(params)
}
"""


def test_a_java_kotlin_or_go_customer_that_may_be_unset_is_a_dodo_customer_only_when_set() -> None:
    """stripe-java's ``setCustomer(null)`` and an unset Go ``*string`` leave the customer out (a
    guest checkout); the Dodo body sent the id map's look-up of null, or of ``""``."""
    (java,) = _sites(JAVA, "Club.java", "java").values()
    assert (
        '.replace("\\"@stripe2dodo:1@\\"", ((account != null && !account.isEmpty()) ? '
        '"{\\"customer_id\\":" + DodoJson.of(DodoIds.customerId(account)) + "}" : "null"))'
    ) in java
    (kotlin,) = _sites(KOTLIN, "Club.kt", "kotlin").values()
    assert '(if (!account.isNullOrEmpty()) "{\\"customer_id\\":" + dodoJson(' in kotlin
    (go,) = _sites(GO, "club.go", "go").values()
    assert 'dodoPayload["customer"] = func() any {\n\tif account != "" {\n' in go
    assert '"customer_id": dodoids.CustomerID(account),' in go


ATTRIBUTE_TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
declare function dodoProductId(id: string | null | undefined): string;
declare function dodoCustomerId(id: string | null | undefined): string;

export async function upgrade(user: { stripeCustomerId?: string | null }, priceId: string) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    customer: user.stripeCustomerId ?? undefined,
    success_url: "https://club.test/welcome",
  });
}
"""

ATTRIBUTE_RUBY = """class CheckoutController < ApplicationController
  def create
    session = Stripe::Checkout::Session.create(
      customer: current_user.stripe_customer_id,
      line_items: [{ price: params[:price], quantity: 1 }],
      mode: "subscription",
      success_url: posts_url,
    )
    redirect_to session.url
  end
end
"""

ATTRIBUTE_PHP = """<?php
function upgrade($user, $price) {
    return \\Stripe\\Checkout\\Session::create([
        'customer' => $user->stripe_id,
        'line_items' => [['price' => $price, 'quantity' => 1]],
        'mode' => 'subscription',
        'success_url' => 'https://club.test/welcome',
    ]);
}
"""


def test_a_customer_read_from_a_record_is_a_dodo_customer_only_when_set() -> None:
    """`customer: current_user.stripe_customer_id`: a user who never paid has none, Stripe made
    a guest checkout, and the id map's look-up of nothing threw on Dodo (a bare parameter the
    code fills in when missing stays as it was: test_parameter_defaults)."""
    (ts,) = _sites(ATTRIBUTE_TS, "upgrade.ts", "typescript").values()
    assert "customer: user.stripeCustomerId ? {\n" in ts, ts
    assert "customer_id: dodoCustomerId(user.stripeCustomerId)," in ts
    (ruby,) = _sites(ATTRIBUTE_RUBY, "checkout_controller.rb", "ruby").values()
    assert "dodo_body['customer'] = (current_user.stripe_customer_id ? {" in ruby, ruby
    (php,) = _sites(ATTRIBUTE_PHP, "upgrade.php", "php").values()
    assert "(!empty($user->stripe_id) ? [" in php, php


@pytest.mark.slow
def test_the_guarded_record_customer_type_checks(tmp_path: Path) -> None:
    (ts,) = _sites(ATTRIBUTE_TS, "upgrade.ts", "typescript").values()
    source = ATTRIBUTE_TS.replace("  return stripe.checkout.sessions.create({", CUT, 1)
    assert tsc_problems(tmp_path, source, ts) == ""

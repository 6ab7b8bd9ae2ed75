# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A Stripe customer created just before the checkout from an email the code holds
(``customer = stripe.Customer.create(email=user.email)`` then ``customer=customer.id``): the Dodo
call looked the new id up in the id map, which never holds a customer made after the move, so
every checkout threw (X020). It passes the email as Dodo's new customer instead (``customer:
{email}``, matched or created by Dodo) and X035 says the Stripe creation goes. A customer made
without an email stays X020."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.codegen.python import render as render_python
from migrate.codegen.table import id_table
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import mypy_problems, tsc_problems

PY = """import stripe


def checkout(user, price_id):
    customer = stripe.Customer.create(email=user.email, name=user.name)
    session = stripe.checkout.Session.create(
        customer=customer.id,
        line_items=[{"price": price_id, "quantity": 1}],
        mode="subscription",
        success_url="https://app.test/ok",
    )
    return session.url


def no_email(user, price_id):
    customer = stripe.Customer.create(metadata={"user": user.id})
    session = stripe.checkout.Session.create(
        customer=customer["id"],
        line_items=[{"price": price_id, "quantity": 1}],
        mode="subscription",
        success_url="https://app.test/ok",
    )
    return session.url
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function checkout(email: string, priceId: string) {
  const customer = await stripe.customers.create({ email, metadata: { app: "x" } });
  const session = await stripe.checkout.sessions.create({
    customer: customer.id,
    line_items: [{ price: priceId, quantity: 1 }],
    mode: "subscription",
    success_url: "https://app.test/ok",
  });
  return session.url;
}
"""

RUBY = """class StripeProvider
  def create_checkout_session(plan:, family_email:, success_url:)
    customer = client.v1.customers.create(email: family_email, metadata: { plan: plan })
    session = client.v1.checkout.sessions.create(
      customer: customer.id,
      line_items: [{ price: price_id_for(plan), quantity: 1 }],
      mode: "subscription",
      success_url: success_url,
    )
    session.url
  end
end
"""

PHP = """<?php
function checkout($user, $priceId) {
    $stripe = new \\Stripe\\StripeClient(getenv('STRIPE_SECRET_KEY'));
    $customer = $stripe->customers->create(['email' => $user->email, 'name' => $user->name]);
    $session = $stripe->checkout->sessions->create([
        'customer' => $customer->id,
        'line_items' => [['price' => $priceId, 'quantity' => 1]],
        'mode' => 'subscription',
        'success_url' => 'https://app.test/ok',
    ]);
    return $session->url;
}
"""

GO = """package main

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
	"github.com/stripe/stripe-go/v76/customer"
)

func Checkout(email string, priceID string) (string, error) {
	c, err := customer.New(&stripe.CustomerParams{Email: stripe.String(email)})
	if err != nil {
		return "", err
	}
	s, err := session.New(&stripe.CheckoutSessionParams{
		Customer:   stripe.String(c.ID),
		Mode:       stripe.String("subscription"),
		LineItems:  []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(priceID), Quantity: stripe.Int64(1)}},
		SuccessURL: stripe.String("https://app.test/ok"),
	})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""

JAVA = """import com.stripe.model.Customer;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    public String checkout(String email, String priceId) throws Exception {
        Customer customer = Customer.create(CustomerCreateParams.builder().setEmail(email).build());
        SessionCreateParams params = SessionCreateParams.builder()
            .setCustomer(customer.getId())
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .setSuccessUrl("https://app.test/ok")
            .build();
        return Session.create(params).getUrl();
    }
}
"""


def creations(code: str, name: str, language: str) -> list[CallSite]:
    return [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


@pytest.mark.parametrize(
    ("code", "name", "language", "email", "written"),
    [
        (PY, "pay.py", "python", "user.email", '"email": user.email,'),
        (TS, "pay.ts", "typescript", "email", "email: email,"),
        (RUBY, "provider.rb", "ruby", "family_email", '"email" => family_email,'),
        (PHP, "pay.php", "php", "$user->email", "'email' => $user->email,"),
        (GO, "main.go", "go", "email", '"email": email,'),
        (JAVA, "Pay.java", "java", "email", '"{\\"email\\":" + DodoJson.of(email) + "}"'),
    ],
)
def test_the_email_a_customer_is_made_from_is_the_dodo_customer(
    code: str, name: str, language: str, email: str, written: str
) -> None:
    site = creations(code, name, language)[0]
    assert "X035" in codes(site) and "X020" not in codes(site)
    assert [d.source for d in site.dynamic if d.path == "customer_email"] == [email]
    assert not [d for d in site.dynamic if d.path == "customer"]
    suggestion = site.suggestion or ""
    assert written in suggestion, suggestion
    assert "customer_id" not in suggestion.lower().replace("dodo_customer_id", "")


def test_a_customer_made_without_an_email_is_still_x020() -> None:
    site = creations(PY, "pay.py", "python")[1]
    assert "X020" in codes(site) and "X035" not in codes(site)
    assert 'dodo_customer_id(customer["id"])' in (site.suggestion or "")


@pytest.mark.slow
def test_the_dodo_calls_type_check(tmp_path: Path) -> None:
    (tmp_path / "py").mkdir()
    (tmp_path / "ts").mkdir()
    python = creations(PY, "pay.py", "python")[0].suggestion or ""
    ids_module = render_python(id_table(IdMap({})), "stripe2dodo ledger ids")
    (tmp_path / "py" / "dodo_ids.py").write_text(ids_module, encoding="utf-8")
    signature = "def pay(user: Any, price_id: str) -> str | None"
    assert mypy_problems(tmp_path / "py", python, signature) == ""
    node = creations(TS, "pay.ts", "typescript")[0].suggestion or ""
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    assert tsc_problems(tmp_path / "ts", TS, node, files=ids) == ""


HELPER = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

async function getOrCreateCustomer(email: string, userId: string) {
  const found = await stripe.customers.list({ email, limit: 1 });
  if (found.data.length) return found.data[0].id;
  const made = await stripe.customers.create({ email, metadata: { userId } });
  return made.id;
}

async function findCustomer(email: string) {
  return (await stripe.customers.list({ email, limit: 1 })).data[0]?.id;
}

async function ensureCustomer(user: { email: string }) {
  return (await stripe.customers.create({ email: user.email })).id;
}

export async function bound(user: { email: string; id: string }, priceId: string) {
  const customerId = await getOrCreateCustomer(user.email, user.id);
  return stripe.checkout.sessions.create({ customer: customerId, line_items: [{ price: priceId, quantity: 1 }], mode: "subscription", success_url: "https://app.test/ok" });
}

export async function inline(user: { email: string; id: string }, priceId: string) {
  return stripe.checkout.sessions.create({ customer: await getOrCreateCustomer(user.email, user.id), line_items: [{ price: priceId, quantity: 1 }], mode: "subscription", success_url: "https://app.test/ok" });
}

export async function lookedUp(user: { email: string }, priceId: string) {
  const customerId = await findCustomer(user.email);
  return stripe.checkout.sessions.create({ customer: customerId, line_items: [{ price: priceId, quantity: 1 }], mode: "subscription", success_url: "https://app.test/ok" });
}

export async function noEmail(user: { email: string }, priceId: string) {
  const customerId = await ensureCustomer(user);
  return stripe.checkout.sessions.create({ customer: customerId, line_items: [{ price: priceId, quantity: 1 }], mode: "subscription", success_url: "https://app.test/ok" });
}
"""


def test_a_get_or_create_helper_given_an_email_is_that_email() -> None:
    """``customerId = await getOrCreateCustomer(user.email, user.id)``: a helper of the file
    that creates the Stripe customer when there is none (X020's), given the email: the Dodo
    customer is that email (X035), bound first or called in place; so is the email a helper
    given the user reads of it. A helper that only looks a customer up keeps the id-map
    look-up."""
    bound, inline, looked_up, no_email = creations(HELPER, "billing.ts", "typescript")
    for site in (bound, inline):
        assert "X035" in codes(site) and "X020" not in codes(site)
        assert [d.source for d in site.dynamic if d.path == "customer_email"] == ["user.email"]
        assert "email: user.email," in (site.suggestion or "")
    assert "X035" not in codes(looked_up)
    assert "dodoCustomerId(customerId)" in (looked_up.suggestion or "")
    # given the user, not an email: the email the helper reads of it, in the call's terms
    assert "X035" in codes(no_email) and "X020" not in codes(no_email)
    assert [d.source for d in no_email.dynamic if d.path == "customer_email"] == ["user.email"]

"""A wrapper that gives one of its parameters another value before its Stripe call (``seats =
max(seats, 3)``, ``if seats < 3 { seats = 3 }``) sends what it made of the caller's argument, not
the argument: each call's site writes that value in the caller's terms (``max((2), 3)``), or,
when it cannot (a value set under a branch), a name defined nowhere (``TODO_seats``, X021),
never the argument passed through (review: ``team(2)`` was a quantity of 2 for a cart of 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats


def _caller_site(root: Path, name: str, text: str) -> CallSite:
    (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create" and s.via]
    assert stats.problems == []
    return max(sites, key=lambda s: s.line)  # the call at the end: of the wrapper's wrapper


PY = """\
import stripe


def team(seats):
    seats = max(seats, 3)
    return stripe.checkout.Session.create(
        mode="subscription", success_url="https://example.com/ok",
        line_items=[{"price": "price_team", "quantity": seats}],
    )


def go():
    return team(2)
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export function team(seats: number) {
  seats = Math.max(seats, 3);
  return stripe.checkout.sessions.create({
    mode: "subscription",
    success_url: "https://example.com/ok",
    line_items: [{ price: "price_team", quantity: seats }],
  });
}
export const go = () => team(2);
"""
RB = """\
class Billing
  def team(seats)
    seats = [seats, 3].max
    Stripe::Checkout::Session.create(
      mode: "subscription", success_url: "https://example.com/ok",
      line_items: [{ price: "price_team", quantity: seats }]
    )
  end

  def go
    team(2)
  end
end
"""
PHP = """\
<?php
class Billing
{
    public function team($seats)
    {
        $seats = max($seats, 3);
        $client = new \\Stripe\\StripeClient('sk');
        return $client->checkout->sessions->create([
            'mode' => 'subscription',
            'success_url' => 'https://example.com/ok',
            'line_items' => [['price' => 'price_team', 'quantity' => $seats]],
        ]);
    }
    public function go() { return $this->team(2); }
}
"""
GO = """\
package billing

import (
\tstripe "github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

func Team(seats int64) (*stripe.CheckoutSession, error) {
\tif seats < 3 {
\t\tseats = 3
\t}
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("subscription"),
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String("price_team"), Quantity: stripe.Int64(seats)},
\t\t},
\t})
}

func Go() { Team(2) }
"""
TS_RAW = """\
async function callStripe(path: string, body: Record<string, string>) {
  return fetch("https://api.stripe.com/v1" + path, {
    method: "POST",
    body: new URLSearchParams(body),
  });
}

export function startCheckout(priceId: string, seats = 1) {
  return callStripe("/checkout/sessions", {
    mode: "subscription",
    "line_items[0][price]": priceId,
    "line_items[0][quantity]": String(seats),
  });
}

export function teamCheckout(seats: number) {
  seats = Math.max(seats, 3);
  return startCheckout("price_team", seats);
}

export const go = () => teamCheckout(2);
"""


@pytest.mark.parametrize(
    ("name", "text", "quantity"),
    [
        ("billing.py", PY, "max((2), 3)"),
        ("checkout.ts", TS, "Math.max((2), 3)"),
        ("billing.rb", RB, "[(2), 3].max"),
        ("Billing.php", PHP, "max((2), 3)"),
        ("chain.ts", TS_RAW, "String(Math.max((2), 3))"),
    ],
    ids=["python", "typescript", "ruby", "php", "typescript-raw-http-chain"],
)
def test_a_reassigned_parameter_is_written_as_the_wrapper_makes_it(
    tmp_path: Path, name: str, text: str, quantity: str
) -> None:
    site = _caller_site(tmp_path, name, text)
    got = site.params["line_items"][0]["quantity"]
    assert got not in (2, "2")  # before: the caller's argument passed straight through
    assert got == {"$dynamic": quantity}


def test_a_parameter_reassigned_under_a_branch_is_no_value_a_caller_can_write(
    tmp_path: Path,
) -> None:
    site = _caller_site(tmp_path, "billing.go", GO)
    assert site.params["line_items"][0]["quantity"] == {"$dynamic": "TODO_seats"}
    assert "X021" in [f.code for f in site.findings]

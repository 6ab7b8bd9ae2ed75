"""A Stripe call made on a client looked up among several at run time says so (X038).

Read in a photo-storage service (Go): ``stripeClient = c.StripeClients[country]``, one client per
Stripe account by the subscriber's country, then ``stripeClient.CheckoutSessions.New(params)``:
nothing said that the Dodo call, with its one API key, would charge everyone in one business.
X038, said of a per-call key chosen among the platform's accounts, is said of such a client too
(``migrate/scan/client_accounts.py``); a client chosen by a condition alone (test or live) is not.
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

GO = """package billing

import (
\t"github.com/stripe/stripe-go/v72"
\t"github.com/stripe/stripe-go/v72/client"
)

type Controller struct{ StripeClients map[string]*client.API }

func (c *Controller) Checkout(country string, priceID string) (string, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("subscription"),
\t\tSuccessURL: stripe.String("https://app.test/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\tvar stripeClient *client.API
\tif country != "" {
\t\tstripeClient = c.StripeClients[country]
\t} else {
\t\tstripeClient = c.StripeClients["US"]
\t}
\ts, err := stripeClient.CheckoutSessions.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""

TS = """import Stripe from "stripe";

const clients: Record<string, Stripe> = {
  usd: new Stripe(process.env.STRIPE_US_KEY!),
  eur: new Stripe(process.env.STRIPE_EU_KEY!),
};
const live = new Stripe(process.env.STRIPE_LIVE_KEY!);
const test = new Stripe(process.env.STRIPE_TEST_KEY!);

export async function pay(currency: string, priceId: string) {
  return clients[currency].checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.test/ok",
  });
}

export async function modes(isLive: boolean, priceId: string) {
  const stripe = isLive ? live : test;
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.test/ok",
  });
}
"""


def _x038(site: CallSite) -> list[str]:
    return [f.message.split(" picks ")[0] for f in site.findings if f.code == "X038"]


def test_a_go_client_picked_from_a_map_by_a_run_time_key_is_x038() -> None:
    (site,) = [s for s in scan_source(GO, "billing.go", BY_NAME["go"]) if s.kind == "create"]
    assert _x038(site) == ["`stripeClient` (c.StripeClients[country])"]


def test_a_client_looked_up_in_the_call_is_x038_and_a_test_or_live_choice_is_not() -> None:
    pay, modes = [s for s in scan_source(TS, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    assert _x038(pay) == ["`clients[currency]` (clients[currency])"]
    assert _x038(modes) == []

"""Go code takes a param's address with another module's helper as often as with stripe-go's
(``lo.ToPtr(string(stripe.CheckoutSessionModeSetup))``, ``ptr.To(customerID)``): the value is
its argument, as for ``stripe.String(x)``. The mode was "chosen at run time" (RT005) and a
setup-mode session saving a card was blocked for a cart it has no need of (RT007), instead of
becoming the Dodo mandate (seen in a Go metering service's Stripe app client)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

CODE = """\
package billing

import (
\t"github.com/samber/lo"
\t"github.com/stripe/stripe-go/v80"
\t"github.com/stripe/stripe-go/v80/client"
\t"k8s.io/utils/ptr"
)

type Client struct{ api *client.API }

func (c *Client) SaveCard(customerID string, back string) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tCustomer:   ptr.To(customerID),
\t\tMode:       lo.ToPtr(string(stripe.CheckoutSessionModeSetup)),
\t\tSuccessURL: lo.ToPtr(back),
\t}
\treturn c.api.CheckoutSessions.New(params)
}
"""


def site() -> CallSite:
    (found,) = [s for s in scan_source(CODE, "cards.go", BY_NAME["go"]) if s.kind == "create"]
    return found


def test_go_pointer_helpers_of_other_modules_give_their_argument() -> None:
    s = site()
    codes = [f.code for f in s.findings]
    assert "RT007" not in codes and "RT005" not in codes
    assert "S100" in codes  # setup mode: the Dodo mandate
    assert s.verdict != "blocked"
    assert '"mandate_only": true' in s.suggestion
    assert "dodoids.CustomerID(customerID)" in s.suggestion
    assert 'dodoPayload["return_url"] = back' in s.suggestion

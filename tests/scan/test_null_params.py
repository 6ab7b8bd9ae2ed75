"""Params written as each language's null (``subscription.Cancel(id, nil)`` in Go,
``->cancel($id, null)`` in PHP, ``cancel(id, undefined)`` in JavaScript): a call with no params.
They were read as a params object built at run time (RT034, a blocker: "what it changes is not
in the code"), though a cancel without params is whole: the Dodo PATCH is fully known."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

GO = """\
package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/subscription"
)

func CancelPlan(id string) (*stripe.Subscription, error) {
	return subscription.Cancel(id, nil)
}
"""

PHP = """\
<?php
function cancel_plan(string $id) {
    $stripe = new \\Stripe\\StripeClient(getenv('STRIPE_SECRET_KEY'));
    return $stripe->subscriptions->cancel($id, null);
}
"""

JS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);
export async function cancelPlan(id) {
  return stripe.subscriptions.cancel(id, undefined);
}
"""


@pytest.mark.parametrize(
    ("code", "name", "language"),
    [(GO, "billing.go", "go"), (PHP, "billing.php", "php"), (JS, "billing.js", "javascript")],
)
def test_a_cancel_with_null_params_is_translated_whole(code: str, name: str, language: str) -> None:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.translation is not None]
    assert len(sites) == 1, sites
    site = sites[0]
    codes = {f.code for f in site.findings}
    assert "RT034" not in codes
    assert not [d for d in site.dynamic if not d.path]  # nothing read as run-time params
    assert site.status == "translated"
    assert '"cancelled"' in site.suggestion or "'cancelled'" in site.suggestion

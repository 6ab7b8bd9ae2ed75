"""A local left unset on one path (Go's ``var customer *string``, nil until an ``if`` points it
at the account's id; Java's ``String customer = null`` set under an ``if``) and passed as
``customer``: Stripe leaves a nil customer out and makes a new one, but the suggestion looked
the name up in the id map, which throws (Go: panics) on nil, so every buyer without a saved
Stripe customer got a failing checkout. The choice is kept: the Dodo call sends the customer
only where the code set one."""

from __future__ import annotations

import textwrap

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

GO = """\
package billing

import (
\tstripe "github.com/stripe/stripe-go/v82"
\tcheckoutsession "github.com/stripe/stripe-go/v82/checkout/session"
)

type Account struct {
\tID         string
\tCustomerID string
}

func Subscribe(acct *Account, priceID string, back string) (string, error) {
\tvar customerID *string
\tif acct.CustomerID != "" {
\t\tcustomerID = &acct.CustomerID
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tCustomer:          customerID,
\t\tClientReferenceID: &acct.ID,
\t\tSuccessURL:        &back,
\t\tMode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
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

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Billing {
    public String subscribe(Account acct, String priceId, String back) throws Exception {
        String customer = null;
        if (acct.isBillable()) {
            customer = acct.getStripeId();
        }
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(customer)
            .setSuccessUrl(back)
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(priceId).setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }
}
"""


def _site(code: str, name: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


def test_a_go_pointer_set_only_under_an_if_sends_the_customer_only_there() -> None:
    site = _site(GO, "billing.go", "go")
    text = site.suggestion or ""
    assert "dodoids.CustomerID(customerID)" not in text  # a nil pointer: the look-up panics
    assert 'if acct.CustomerID != "" {' in text
    assert '"customer_id": dodoids.CustomerID(acct.CustomerID)' in text
    assert "return nil" in text
    # the pointer's target was read as an entry of `customer` the scan could not place
    assert "RT012" not in [f.code for f in site.findings]


def test_a_java_local_null_until_an_if_sends_the_customer_only_there() -> None:
    site = _site(textwrap.dedent(JAVA), "Billing.java", "java")
    text = site.suggestion or ""
    assert "DodoIds.customerId(customer)" not in text  # null: the look-up throws
    assert (
        '(acct.isBillable() ? "{\\"customer_id\\":" + '
        'DodoJson.of(DodoIds.customerId(acct.getStripeId())) + "}" : "null")'
    ) in text

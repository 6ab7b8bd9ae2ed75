"""A ``switch`` whose ``default`` returns or throws: after it, one of the other arms ran.

Read in a Go SaaS's billing service: ``var priceID string``, then ``switch tier { case TierPro:
priceID = ...; case TierEnterprise: priceID = ...; default: return nil, fmt.Errorf(...) }``.
The last arm's value was a choice with the value from before the ``switch`` (no price), so the
Dodo call ended in ``return TODO_product_id`` with a false blocker (RT007, "no line item in one
branch"), and the ``switch``'s whole text stood in the params as a run-time value. When the
``default`` leaves, the last arm that does not is taken when none before it was
(``migrate/scan/cases.py``), in every language whose ``switch`` the scanner reads.
"""

from __future__ import annotations

from migrate.scan.extract import CHOICE
from tests.scan.test_branch_reach import scan
from tests.scan.test_switch_arms import choice, price

GO = """\
package billing

import (
\t"fmt"

\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

func Checkout(tier string) (*stripe.CheckoutSession, error) {
\tvar priceID string
\tswitch tier {
\tcase "pro":
\t\tpriceID = "price_pro"
\tcase "enterprise":
\t\tpriceID = "price_enterprise"
\tdefault:
\t\treturn nil, fmt.Errorf("invalid tier: %s", tier)
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("subscription"),
\t\tSuccessURL: stripe.String("https://shop.test/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\treturn session.New(params)
}
"""

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

class A {
  Session f(String plan) throws Exception {
    String price;
    switch (plan) {
      case "pro":
        price = "price_pro";
        break;
      case "team":
        price = "price_team";
        break;
      default:
        throw new IllegalArgumentException("unknown plan " + plan);
    }
    return Session.create(SessionCreateParams.builder()
        .setSuccessUrl("https://shop.test/ok")
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
        .build());
  }
}
"""


def _codes(site: object) -> list[str]:
    return [f.code for f in site.findings]  # type: ignore[attr-defined]


def test_a_go_switch_whose_default_returns_chooses_between_its_other_arms() -> None:
    (site,) = scan(GO, "go")
    assert price(site) == choice('tier == "pro"', "price_pro", "price_enterprise")
    text = site.suggestion or ""
    assert "TODO_product_id" not in text and "switch tier" not in str(site.params)
    assert "RT007" not in _codes(site)


def test_a_java_switch_whose_default_throws_chooses_between_its_other_arms() -> None:
    (site,) = scan(JAVA, "java")
    assert price(site) == choice('"pro".equals(plan)', "price_pro", "price_team")
    assert "RT007" not in _codes(site) and "TODO_product_id" not in (site.suggestion or "")


def test_a_default_that_sets_a_price_is_still_an_arm_of_the_choice() -> None:
    sets = GO.replace(
        '\t\treturn nil, fmt.Errorf("invalid tier: %s", tier)', '\t\tpriceID = "price_basic"'
    )
    (site,) = scan(sets, "go")
    assert price(site) == choice(
        'tier == "pro"',
        "price_pro",
        choice('tier == "enterprise"', "price_enterprise", "price_basic"),
    )


def test_with_no_default_the_value_from_before_the_switch_is_still_a_branch() -> None:
    none = GO.replace('\tdefault:\n\t\treturn nil, fmt.Errorf("invalid tier: %s", tier)\n', "")
    (site,) = scan(none, "go")
    value = site.params["line_items"][0]["price"]
    assert CHOICE in value and "RT007" in _codes(site)  # no price when no arm ran: said

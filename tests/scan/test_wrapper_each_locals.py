"""A wrapper's line items built in a loop over one of its parameters, at a call of the wrapper:
the element names the loop's own variable as itself (the Dodo call's loop binds it), and the
loop's locals the element does not need are no names the call cannot see (no X021 for them)
(``migrate/scan/wrapper_args.py``: ``_each_own``)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

WRAPPER = """\
package pay

import (
\t"fmt"

\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

type Seat struct {
\tRow   int
\tExtra int64
}

type Cart struct {
\tBase  int64
\tSeats []Seat
}

func Checkout(cart Cart) (*stripe.CheckoutSession, error) {
\tvar lineItems []*stripe.CheckoutSessionLineItemParams
\tfor _, seat := range cart.Seats {
\t\tlabel := fmt.Sprintf("Row %d", seat.Row)
\t\tcents := cart.Base + seat.Extra
\t\titem := &stripe.CheckoutSessionLineItemParams{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tUnitAmount:  stripe.Int64(cents),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String(label),
\t\t\t\t},
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}
\t\tlineItems = append(lineItems, item)
\t}
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tLineItems:  lineItems,
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t})
}
"""
CALLER = """\
package pay

func Buy(order Cart) error {
\t_, err := Checkout(order)
\treturn err
}
"""


def _call(root: Path) -> CallSite:
    (root / "pay.go").write_text(WRAPPER, encoding="utf-8")
    (root / "buy.go").write_text(CALLER, encoding="utf-8")
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create" and s.via]
    assert stats.problems == []
    return site


def test_the_element_names_the_loop_variable_as_itself(tmp_path: Path) -> None:
    site = _call(tmp_path)
    each = site.params["line_items"]["$each"]
    assert each["over"] == "order.Seats"
    assert each["as"] == "seat"
    assert each["item"]["price_data"]["unit_amount"] == {"$dynamic": "order.Base + seat.Extra"}
    assert "TODO_seat" not in (site.suggestion or "")
    assert "order.Base + seat.Extra" in (site.suggestion or "")


def test_the_loop_locals_the_element_does_not_need_are_no_unseen_names(tmp_path: Path) -> None:
    site = _call(tmp_path)
    assert [f for f in site.findings if f.code == "X021"] == []

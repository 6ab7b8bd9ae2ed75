"""A Go cart filled by index in a range loop (``lines := make([]*T, len(req.Items))`` then
``lines[i] = &T{...}`` in ``for i, item := range req.Items``) is one line per element of the
collection, as the same loop appending is. It was a run-time list mapped through each element's
``Price`` (RT003), and at a call of the function making it the Dodo call named ``TODO_lines``,
defined nowhere (X021; seen in a Go Stripe microservice's cart checkout)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

CART = """\
package cart

import (
\t"github.com/stripe/stripe-go/v81"
\tcs "github.com/stripe/stripe-go/v81/checkout/session"
)

type Item struct {
\tPriceID  string
\tQuantity int64
}

type Request struct {
\tItems []Item
\tDone  string
}

func openCart(req Request, customer string) (*stripe.CheckoutSession, error) {
\tlines := make([]*stripe.CheckoutSessionLineItemParams, len(req.Items))
\tfor i, item := range req.Items {
\t\tlines[i] = &stripe.CheckoutSessionLineItemParams{
\t\t\tPrice:    stripe.String(item.PriceID),
\t\t\tQuantity: stripe.Int64(item.Quantity),
\t\t}
\t}
\treturn cs.New(&stripe.CheckoutSessionParams{
\t\tCustomer:   stripe.String(customer),
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems:  lines,
\t\tSuccessURL: stripe.String(req.Done),
\t})
}
"""

HANDLER = """\
package cart

func Handle(req Request, customer string) error {
\t_, err := openCart(req, customer)
\treturn err
}
"""


def sites(tmp_path: Path) -> list[CallSite]:
    (tmp_path / "cart.go").write_text(CART, encoding="utf-8")
    (tmp_path / "handler.go").write_text(HANDLER, encoding="utf-8")
    stats = ScanStats()
    found = [s for s in scan_paths([str(tmp_path)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return found


CART_LOOP = """\
\tfor _, item := range req.Items {
\t\tdodoList = append(dodoList, map[string]any{
\t\t\t"product_id": dodoids.ProductID(item.PriceID),
\t\t\t"quantity": item.Quantity,
\t\t})
\t}"""


def test_go_lines_set_by_index_in_a_range_are_one_per_element(tmp_path: Path) -> None:
    own, call = sorted(sites(tmp_path), key=lambda s: s.via is not None)
    for site in (own, call):
        codes = [f.code for f in site.findings]
        assert "RT003" not in codes and "X021" not in codes
        assert CART_LOOP in site.suggestion
    assert "TODO_lines" not in call.suggestion

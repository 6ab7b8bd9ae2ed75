"""A cart filled in a for-each loop whose body first changes a field of the element
(``if item.Quantity <= 0 { item.Quantity = 1 }``) and then reads it (``Quantity:
stripe.Int64(item.Quantity)``). Seen in a Go payments server's cart service. The list was
written as the collection mapped reading ``item.Quantity`` as the caller sent it: a line sent
with quantity 0 reached Dodo as 0 where Stripe was asked for 1, a silent wrong cart. A field
of a name the loop's body assigns is carried from one turn to the next as a counter is: such a
list stays the variable, mapped at run time (RT003)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

GO = """\
package shop

import (
	stripe "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

type Row struct {
	PriceRef string
	Units    int64
}

func Open(rows []Row) (*stripe.CheckoutSession, error) {
	var lines []*stripe.CheckoutSessionLineItemParams
	for _, row := range rows {
		if row.Units <= 0 {
			row.Units = 1
		}
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.PriceRef),
			Quantity: stripe.Int64(row.Units),
		})
	}
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL: stripe.String("https://shop.example/ok"),
		LineItems:  lines,
	}
	return session.New(params)
}

func Plain(rows []Row) (*stripe.CheckoutSession, error) {
	var lines []*stripe.CheckoutSessionLineItemParams
	for _, row := range rows {
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.PriceRef),
			Quantity: stripe.Int64(row.Units),
		})
	}
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL: stripe.String("https://shop.example/ok"),
		LineItems:  lines,
	}
	return session.New(params)
}
"""

PY = """\
import stripe


def open_cart(rows):
    lines = []
    for row in rows:
        if not row.units:
            row.units = 1
        lines.append({"price": row.price_ref, "quantity": row.units})
    return stripe.checkout.Session.create(mode="payment", line_items=lines, success_url="https://shop.example/ok")
"""


def _sites(code: str, name: str, lang: str) -> list[CallSite]:
    found = scan_source(code, name, BY_NAME[lang])
    return sorted((s for s in found if s.kind == "create"), key=lambda s: s.line)


def test_a_field_the_loop_changes_is_not_read_as_sent() -> None:
    changed, plain = _sites(GO, "shop.go", "go")
    text = changed.suggestion or ""
    assert '"quantity": row.Units' not in text  # never the quantity before the default
    assert "RT003" in {f.code for f in changed.findings}
    assert "lines" in text
    # a loop that changes nothing is still written as the collection mapped
    assert '"quantity": row.Units' in (plain.suggestion or "")


def test_a_python_attribute_the_loop_changes_is_not_read_as_sent() -> None:
    (site,) = _sites(PY, "shop.py", "python")
    text = site.suggestion or ""
    assert '"quantity": row.units' not in text
    assert "RT003" in {f.code for f in site.findings}

"""Go: line items appended inside a function literal the code passes to a call whose result
it uses (``err := db.Transaction(func(tx *gorm.DB) error { for ... { lines = append(lines,
...) } })``) are the function's cart: the literal runs before the call returns. They were not
seen, and the cart was blocked as unknown (RT007). A literal handed to a call made as a
statement (a route's handler) keeps its own scope. Seen in a Go event-ticket service creating the
order rows and the Stripe lines in one transaction; written here in that shape."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

TICKETS = """\
package tickets

import (
	"context"

	"github.com/stripe/stripe-go/v82"
	"gorm.io/gorm"
)

type Seat struct {
	PriceID string
	Count   int
}

type Shop struct {
	db *gorm.DB
	sc *stripe.Client
}

func (s *Shop) Checkout(ctx context.Context, seats []Seat, back string) (string, error) {
	params := stripe.CheckoutSessionCreateParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL: stripe.String(back),
	}
	var lines []*stripe.CheckoutSessionCreateLineItemParams
	err := s.db.Transaction(func(tx *gorm.DB) error {
		for _, seat := range seats {
			lines = append(lines, &stripe.CheckoutSessionCreateLineItemParams{
				Price:    stripe.String(seat.PriceID),
				Quantity: stripe.Int64(int64(seat.Count)),
			})
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	params.LineItems = lines
	sess, err := s.sc.V1CheckoutSessions.Create(ctx, &params)
	if err != nil {
		return "", err
	}
	return sess.URL, nil
}
"""


def test_lines_appended_in_a_transaction_closure_are_the_cart(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"tickets/shop.go": TICKETS})
    (site,) = _creates(top)
    codes = [f.code for f in site.findings]
    assert "RT007" not in codes and site.status != "blocked"
    text = site.suggestion or ""
    assert "for _, seat := range seats" in text
    assert "dodoids.ProductID(seat.PriceID)" in text and "int64(seat.Count)" in text

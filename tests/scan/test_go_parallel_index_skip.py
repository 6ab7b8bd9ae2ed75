"""A Go loop that skips an element on a value it reads through the loop's index (``for idx, row
:= range rows { if !picks[idx] { continue } ... }``): the index was not bound in the loop the
suggestion writes (``for _, row := range``), so the skip could not be written there and the
list was known only at run time (RT003; RT015, blocked, with inline prices). The loop the
suggestion writes now binds the index when the element or the skip reads it."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

BILLING = """package billing

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func picked(rows []Row, picks []bool) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	for idx, row := range rows {
		if !picks[idx] {
			continue
		}
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:   stripe.String("usd"),
				UnitAmount: stripe.Int64(row.Cents),
			},
			Quantity: stripe.Int64(row.Units),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	})
}

func unread(rows []Row) (*stripe.CheckoutSession, error) {
	lines := []*stripe.CheckoutSessionLineItemParams{}
	for i, row := range rows {
		if row.Hidden {
			continue
		}
		lines = append(lines, &stripe.CheckoutSessionLineItemParams{
			Price:    stripe.String(row.PriceID),
			Quantity: stripe.Int64(row.Units),
		})
	}
	return session.New(&stripe.CheckoutSessionParams{
		LineItems:  lines,
		Mode:       stripe.String("payment"),
		SuccessURL: stripe.String("https://billing.example/ok"),
	})
}
"""


def test_a_skip_read_through_the_loops_index_is_written_in_the_go_loop(tmp_path: Path) -> None:
    picked, unread = creates(write_tree(tmp_path, {"billing.go": BILLING}))
    text = picked.suggestion
    assert "for idx, row := range rows {" in text, text
    assert "if !picks[idx] {" in text and "continue" in text
    assert '"amount": row.Cents' in text or '"amount":' in text
    codes = {f.code for f in picked.findings}
    assert not codes & {"RT003", "RT015"}, picked.findings
    assert picked.verdict != "blocked"
    # an index the element and the skip do not read is not bound (Go rejects an unused one)
    assert "for _, row := range rows {" in unread.suggestion, unread.suggestion
    assert "if row.Hidden {" in unread.suggestion

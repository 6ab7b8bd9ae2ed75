"""A Go ``var custID *string`` given by address to a call (``row.Scan(&email, &custID)``)
holds what the call wrote: a test of it against nil is decided at run time. It was read as
always nil, so ``if custID == nil { ... } else { params.Customer = custID }`` lost the
customer of every member who has one, with no finding."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

GO = """package club

import (
\t"database/sql"

\t"github.com/stripe/stripe-go/v78"
\t"github.com/stripe/stripe-go/v78/checkout/session"
)

func Join(db *sql.DB, memberID int64, priceID string) (string, error) {
\tvar email string
\tvar custID *string
\trow := db.QueryRow("SELECT email, customer FROM members WHERE id = ?", memberID)
\tif err := row.Scan(&email, &custID); err != nil {
\t\treturn "", err
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("subscription"),
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)}},
\t}
\tif custID == nil {
\t\tparams.CustomerEmail = &email
\t} else {
\t\tparams.Customer = custID
\t}
\ts, err := session.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""


def test_a_pointer_a_call_fills_is_not_nil(tmp_path: Path) -> None:
    (tmp_path / "club.go").write_text(GO)
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert site.params["customer"]["$choice"]["if"] == "custID == nil"
    assert '"customer_id": dodoids.CustomerID(custID)' in (site.suggestion or "")
    assert '"email": email' in (site.suggestion or "")


def test_a_pointer_no_call_fills_is_still_nil(tmp_path: Path) -> None:
    text = GO.replace(", &custID)", ")")
    (tmp_path / "club.go").write_text(text)
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert "customer" not in site.params  # nil: the else branch never runs
    assert "CustomerID(custID)" not in (site.suggestion or "")

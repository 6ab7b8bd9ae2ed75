"""A Go cart filled in a range loop by index (``lineItems[i] = &stripe.CheckoutSessionLineItem
Params{Price: ...}``) whose fields the loop sets after (``lineItems[i].Quantity = ...``, under
an ``if`` too) carries them: the quantity was dropped (each line sold once, with a false L116
saying the line had none) and an adjustable quantity set so, silently."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

GO = """package store

import (
\t"github.com/stripe/stripe-go/v78"
\t"github.com/stripe/stripe-go/v78/checkout/session"
)

type Item struct {
\tPriceID string
\tQty     int64
\tMaxQty  int64
}

func Buy(items []Item) (string, error) {
\tlineItems := make([]*stripe.CheckoutSessionLineItemParams, len(items))
\tfor i, it := range items {
\t\tlineItems[i] = &stripe.CheckoutSessionLineItemParams{
\t\t\tPrice: stripe.String(it.PriceID),
\t\t}
\t\tlineItems[i].Quantity = stripe.Int64(it.Qty)
\t\tif it.MaxQty > 0 {
\t\t\tlineItems[i].AdjustableQuantity = &stripe.CheckoutSessionLineItemAdjustableQuantityParams{
\t\t\t\tEnabled: stripe.Bool(true),
\t\t\t\tMaximum: stripe.Int64(it.MaxQty),
\t\t\t}
\t\t}
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\tLineItems:  lineItems,
\t}
\ts, err := session.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""


def test_fields_set_on_a_line_after_it_is_made_by_index_are_carried(tmp_path: Path) -> None:
    (tmp_path / "store.go").write_text(GO)
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    codes = {(f.code, f.path) for f in site.findings}
    assert not any(code == "L116" for code, _ in codes)  # the line has its quantity
    assert '"quantity": it.Qty' in (site.suggestion or "")
    # the adjustable quantity, set under an if, is reported lost (L017's field), not dropped
    lost = {path for code, path in codes if code == "RT001"}
    assert "line_items[].adjustable_quantity.maximum" in lost

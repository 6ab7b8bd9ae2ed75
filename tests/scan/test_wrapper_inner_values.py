# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""X015 names the values a wrapper computes that its call writes as statements before it.

Read in a Go payments helper: ``cents, err := toCents(price)`` in the wrapper, written at the
caller as ``cents, err := toCents(r.FormValue("price"))`` before the Dodo call, while X015 said
"values computed inside the wrapper: none", and a reader took ``cents`` for a name leaked from
the wrapper. X015 lists it now.
"""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

GO = """package main

import (
\t"net/http"
\t"strconv"

\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func toCents(s string) (int64, error) {
\tf, err := strconv.ParseFloat(s, 64)
\treturn int64(f * 100), err
}

func NewCheckout(price, plan string) (string, error) {
\tcents, err := toCents(price)
\tif err != nil {
\t\treturn "", err
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String(plan)},
\t\t\t\tUnitAmount:  stripe.Int64(cents),
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}},
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t}
\ts, err := session.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}

func handler(w http.ResponseWriter, r *http.Request) {
\turl, _ := NewCheckout(r.FormValue("price"), r.FormValue("plan"))
\thttp.Redirect(w, r, url, http.StatusSeeOther)
}
"""


def test_a_value_written_as_a_statement_before_the_call_is_named_by_x015(tmp_path: Path) -> None:
    top = write_tree(tmp_path, {"main.go": GO})
    (site,) = [s for s in creates(top) if s.via]
    assert 'cents, err := toCents(r.FormValue("price"))' in (site.suggestion or "")
    (said,) = [f for f in site.findings if f.code == "X015"]
    assert said.message.endswith("(values computed inside the wrapper: cents).")

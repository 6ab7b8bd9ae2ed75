"""A Go helper whose return names its own locals is read as one value only when each local can
be written at the call. ``var cents float64`` (its zero value, then filled through
``fmt.Sscanf(s, "%f", &cents)``) was written as its type (the amount became ``float64 * 100``),
and ``cents, err := strconv.ParseFloat(s, 64)`` as the call of two results in one place: the
caller's own name for the helper's result is what the Dodo call carries. ``int64(price * 100)``
keeps its conversion: it truncates, as the Stripe amount did (seen in a Go handler converting
a request's price string into minor units)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

HEAD = """\
package shop

import (
\t"fmt"
\t"net/http"
\t"strconv"

\t"github.com/stripe/stripe-go/v84"
\t"github.com/stripe/stripe-go/v84/checkout/session"
)

func scanned(text string) (int64, error) {
\tvar major float64
\tif _, err := fmt.Sscanf(text, "%f", &major); err != nil {
\t\treturn 0, err
\t}
\treturn int64(major * 100), nil
}

func parsed(text string) (int64, error) {
\tmajor, err := strconv.ParseFloat(text, 64)
\tif err != nil {
\t\treturn 0, err
\t}
\treturn int64(major * 100), nil
}

"""


def _sites(body: str) -> list[CallSite]:
    sites = [s for s in scan_source(HEAD + body, "x.go", BY_NAME["go"]) if s.kind == "create"]
    assert sites and all(s.suggestion is not None for s in sites)
    return sites


def _handler(helper: str) -> str:
    return f"""\
func Pay(w http.ResponseWriter, r *http.Request) {{
\tminor, err := {helper}(r.FormValue("price"))
\tif err != nil {{
\t\treturn
\t}}
\ts, _ := session.New(&stripe.CheckoutSessionParams{{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{{
\t\t\t\t\tName: stripe.String("Plan"),
\t\t\t\t}},
\t\t\t\tUnitAmount:  stripe.Int64(minor),
\t\t\t}},
\t\t\tQuantity: stripe.Int64(1),
\t\t}}}},
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t}})
\thttp.Redirect(w, r, s.URL, http.StatusSeeOther)
}}
"""


def test_a_helper_local_filled_through_its_address_leaves_the_callers_name() -> None:
    (site,) = _sites(_handler("scanned"))
    assert site.params["line_items"][0]["price_data"]["unit_amount"] == {"$dynamic": "minor"}
    suggestion = site.suggestion or ""
    assert '["amount"] = minor\n' in suggestion
    assert "float64" not in suggestion and "TODO_" not in suggestion
    assert not [f for f in site.findings if f.code == "X021"]


def test_a_helper_local_taking_one_of_several_results_leaves_the_callers_name() -> None:
    (site,) = _sites(_handler("parsed"))
    suggestion = site.suggestion or ""
    assert '["amount"] = minor\n' in suggestion
    assert "ParseFloat" not in suggestion  # two results in one place, and parsed again


def test_a_wrappers_local_of_several_results_is_bound_at_its_caller() -> None:
    # was TODO_minor (X021); the caller sees parsed (same package): its statement and the
    # wrapper's error check are written before the Dodo call (wrapper_statements.py)
    wrapper = """\
func Checkout(plan, price string) (*stripe.CheckoutSession, error) {
\tminor, err := parsed(price)
\tif err != nil {
\t\treturn nil, err
\t}
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String(plan),
\t\t\t\t},
\t\t\t\tUnitAmount:  stripe.Int64(minor),
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}},
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t})
}

func Handle(w http.ResponseWriter, r *http.Request) {
\t_, _ = Checkout("Pro", r.FormValue("price"))
}
"""
    sites = _sites(wrapper)
    caller = next(s for s in sites if 'Checkout("Pro"' in s.source_line)
    suggestion = caller.suggestion or ""
    assert '["amount"] = minor\n' in suggestion
    # the caller is an HTTP handler: its error is answered as handlers do
    handled = "\thttp.Error(w, err.Error(), http.StatusInternalServerError); return"
    assert 'minor, err := parsed(r.FormValue("price"))\nif err != nil {\n' + handled in suggestion
    assert "ParseFloat" not in suggestion and "TODO_" not in suggestion
    assert not [f for f in caller.findings if f.code == "X021"]


def test_an_integer_conversion_of_a_run_time_amount_is_kept() -> None:
    body = """\
func Buy(price float64, seats int) (*stripe.CheckoutSession, error) {
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:   stripe.String("usd"),
\t\t\t\tUnitAmount: stripe.Int64(int64(price * 100)),
\t\t\t},
\t\t\tQuantity: stripe.Int64(int64(seats)),
\t\t}},
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t})
}
"""
    (site,) = _sites(body)
    suggestion = site.suggestion or ""
    assert '["amount"] = int64(price * 100)\n' in suggestion  # 19.99 * 100 truncates to 1998
    assert '["quantity"] = int64(seats)\n' in suggestion

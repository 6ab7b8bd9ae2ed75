"""A Go success URL that holds Stripe's {CHECKOUT_SESSION_ID} template out of the call's sight:
built with ``:=`` before the call, or joined from a route the package keeps as a constant or a
package variable in another file (a server keeping its paths in one ``var ( ... )`` block).
Dodo fills no template in, so the return URL would carry the placeholder's text to the success
page, which reads the session id from it; the scan only said, as an info, that a run-time URL
might hold one (RT008). It now warns (C003) and names what to change."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

ROUTES = """\
package web

var (
\tbillingSuccessPath = "/v1/account/billing/success/{CHECKOUT_SESSION_ID}"
\taccountPath        = "/account"
)
"""

BILLING = """\
package web

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

const donePath = "/done?sid={CHECKOUT_SESSION_ID}"

type Server struct{ baseURL string }

func (s *Server) Subscribe(userID string, priceID string) (string, error) {
\tsuccessURL := s.baseURL + billingSuccessPath
\tparams := &stripe.CheckoutSessionParams{
\t\tClientReferenceID: &userID,
\t\tSuccessURL:        &successURL,
\t\tMode:              stripe.String(string(stripe.CheckoutSessionModeSubscription)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
\tsess, err := session.New(params)
\tif err != nil {
\t\treturn "", err
\t}
\treturn sess.URL, nil
}

func (s *Server) Tip(amount int64) (string, error) {
\tsess, err := session.New(&stripe.CheckoutSessionParams{
\t\tSuccessURL: stripe.String(s.baseURL + donePath),
\t\tCancelURL:  stripe.String(s.baseURL + accountPath),
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("usd"),
\t\t\t\tUnitAmount:  stripe.Int64(amount),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String("Tip"),
\t\t\t\t},
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}},
\t})
\tif err != nil {
\t\treturn "", err
\t}
\treturn sess.URL, nil
}
"""


def _messages(tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    top = write_tree(tmp_path / "app", {"web/routes.go": ROUTES, "web/billing.go": BILLING})
    return {
        site.wrapper or site.callee: [
            (f.path, f.message) for f in site.findings if f.code == "C003"
        ]
        for site in creates(top)
    }


def test_a_url_built_with_a_short_declaration_from_a_package_route_is_warned(
    tmp_path: Path,
) -> None:
    found = _messages(tmp_path)
    (subscribe,) = [v for k, v in found.items() if k.startswith("Server.Subscribe")]
    assert subscribe == [
        (
            "success_url",
            "`success_url` uses the {CHECKOUT_SESSION_ID} template, which Dodo does not fill "
            "in: it is in `successURL`, built before the call: remove it there by hand.",
        )
    ]


def test_a_url_joined_from_a_constant_names_the_constant_and_only_that_url(
    tmp_path: Path,
) -> None:
    found = _messages(tmp_path)
    (tip,) = [v for k, v in found.items() if k.startswith("Server.Tip")]
    assert tip == [
        (
            "success_url",
            "`success_url` uses the {CHECKOUT_SESSION_ID} template, which Dodo does not fill "
            "in: it is in `donePath`, set at the top of the module: remove it there by hand.",
        )
    ]  # the cancel URL's route holds no template: no warning there

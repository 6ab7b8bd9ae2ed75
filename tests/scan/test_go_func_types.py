"""Go function types injecting the Stripe call: a factory's closure of ``type NewSession
func(*stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error)`` is the wrapper (X014),
and a call of a struct field, parameter or variable of that type is a creation through it with
the params built at the call (``migrate/scan/go_func_types.py``)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

TYPES = """\
package billing

import (
\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

type NewSession func(params *stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error)

func StripeNewSession() NewSession {
\treturn func(p *stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error) {
\t\treturn session.New(p)
\t}
}
"""
SERVICE = """\
package billing

import (
\t"context"

\t"github.com/stripe/stripe-go/v82"
)

type Service struct {
\tnewSession NewSession
}

func (s *Service) Checkout(ctx context.Context, userID, priceID string) (string, error) {
\tsess, err := s.newSession(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String(string(stripe.CheckoutSessionModeSubscription)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t\tClientReferenceID: stripe.String(userID),
\t\tSuccessURL:        stripe.String("https://example.com/ok"),
\t})
\tif err != nil {
\t\treturn "", err
\t}
\treturn sess.URL, nil
}

func Donate(ns NewSession) (*stripe.CheckoutSession, error) {
\treturn ns(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String("price_1Donation"), Quantity: stripe.Int64(3)},
\t\t},
\t\tSuccessURL: stripe.String("https://example.com/thanks"),
\t})
}
"""


def _sites(root: Path, files: dict[str, str]) -> list[CallSite]:
    for name, code in files.items():
        (root / name).write_text(code, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return sites


def test_a_call_of_a_field_or_parameter_of_the_func_type_is_a_creation(tmp_path: Path) -> None:
    sites = _sites(tmp_path, {"stripe.go": TYPES, "service.go": SERVICE})
    called = {s.callee: s for s in sites if s.via}
    assert sorted(called) == ["ns", "s.newSession"]
    field, param = called["s.newSession"], called["ns"]
    assert field.via is not None and field.via.startswith("NewSession at ")
    assert field.params == {
        "mode": "subscription",
        "line_items": [{"price": {"$dynamic": "priceID"}, "quantity": 1}],
        "client_reference_id": {"$dynamic": "userID"},
        "success_url": "https://example.com/ok",
    }
    assert "dodoids.ProductID(priceID)" in (field.suggestion or "")
    assert param.params == {
        "mode": "payment",
        "line_items": [{"price": "price_1Donation", "quantity": 3}],
        "success_url": "https://example.com/thanks",
    }
    assert not [f for f in param.findings if f.level == "blocker"]


def test_the_closure_says_it_is_the_wrapper(tmp_path: Path) -> None:
    sites = _sites(tmp_path, {"stripe.go": TYPES, "service.go": SERVICE})
    (closure,) = [s for s in sites if s.callee == "session.New"]
    assert closure.wrapper == "NewSession(p)"
    assert "X014" in [f.code for f in closure.findings]


def test_a_field_of_another_type_is_not_the_closure(tmp_path: Path) -> None:
    other = SERVICE.replace("newSession NewSession", "newSession OtherSession")
    sites = _sites(tmp_path, {"stripe.go": TYPES, "service.go": other})
    assert [s.callee for s in sites if s.via] == ["ns"]


def test_a_handler_factory_closure_is_no_wrapper(tmp_path: Path) -> None:
    # `func Checkout() http.HandlerFunc { return func(w, r) {...} }`: the site is its own
    handler = """\
package billing

import (
\t"net/http"

\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

func Checkout(priceID string) http.HandlerFunc {
\treturn func(w http.ResponseWriter, r *http.Request) {
\t\tsession.New(&stripe.CheckoutSessionParams{
\t\t\tMode: stripe.String("payment"),
\t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t\t{Price: stripe.String(r.FormValue("price")), Quantity: stripe.Int64(1)},
\t\t\t},
\t\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\t})
\t}
}
"""
    (site,) = _sites(tmp_path, {"handler.go": handler})
    assert site.wrapper is None

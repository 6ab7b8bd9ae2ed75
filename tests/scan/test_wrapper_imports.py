"""Go: a call of a wrapper whose values name a package the wrapper's file imports and the
caller's does not (``math.Round`` written at the caller) lists that import in its suggestion's
``// imports:`` line, aliased as the wrapper's file aliases it
(``migrate/scan/wrapper_imports.py``)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

WRAPPER = """\
package pay

import (
\t"math"

\tstripe "github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
\tnum "strconv"
)

func Checkout(euros float64, order int) (*stripe.CheckoutSession, error) {
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{
\t\t\tPriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
\t\t\t\tCurrency:    stripe.String("eur"),
\t\t\t\tUnitAmount:  stripe.Int64(int64(math.Round(euros * 100))),
\t\t\t\tProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
\t\t\t\t\tName: stripe.String("Order"),
\t\t\t\t},
\t\t\t},
\t\t\tQuantity: stripe.Int64(1),
\t\t}},
\t\tClientReferenceID: stripe.String(num.Itoa(order)),
\t\tSuccessURL:        stripe.String("https://example.com/ok"),
\t})
}
"""
CALLER = """\
package pay

import "fmt"

func Buy(total float64) error {
\t_, err := Checkout(total, 7)
\tfmt.Println(err)
\treturn err
}
"""


def _call(root: Path) -> CallSite:
    (root / "pay.go").write_text(WRAPPER, encoding="utf-8")
    (root / "buy.go").write_text(CALLER, encoding="utf-8")
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create" and s.via]
    assert stats.problems == []
    return site


def test_the_wrapper_packages_the_caller_does_not_import_are_listed(tmp_path: Path) -> None:
    site = _call(tmp_path)
    assert site.suggestion is not None
    head, _, body = site.suggestion.partition("\n")
    assert "math.Round(total * 100)" in body
    assert "num.Itoa((7))" in body
    imports = [i.strip() for i in head.removeprefix("// imports: ").split(",")]
    assert '"math"' in imports
    assert 'num "strconv"' in imports
    assert imports.count('"fmt"') <= 1  # the caller's own import is not listed again

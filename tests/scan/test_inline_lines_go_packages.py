"""RT015 for a Go handler whose line items come from a function of another package of its module
(``LineItems: catalog.StripeLines(items)``, the ``catalog`` package building pre-Prices lines
with ``Amount``/``Currency`` or ``PriceData``) or of another file of its own package. The other
package was never read for Go: the call said RT003 (a warning, "translated") and its cart
looked up a ``price`` the lines do not have. A function that returns price ids stays RT003."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import blocker_message, only_site

GO_MOD = "module example.com/shop\n\ngo 1.21\n"
HANDLER = """\
package web

import (
	"net/http"

	"example.com/shop/internal/catalog"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(w http.ResponseWriter, r *http.Request, rows []catalog.Row) {
	lines := catalog.StripeLines(rows)
	s, err := session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems:  lines,
		SuccessURL: stripe.String("https://shop.test/ok"),
	})
	if err != nil {
		return
	}
	http.Redirect(w, r, s.URL, http.StatusSeeOther)
}
"""
CATALOG = """\
package catalog

import "github.com/stripe/stripe-go/v76"

type Row struct {
	Title string
	Cents int64
	Price string
	Count int64
}

func StripeLines(rows []Row) []*stripe.CheckoutSessionLineItemParams {
	var out []*stripe.CheckoutSessionLineItemParams
	for _, row := range rows {
		out = append(out, &stripe.CheckoutSessionLineItemParams{
			BODY
			Quantity: stripe.Int64(row.Count),
		})
	}
	return out
}
"""
LEGACY = "Name: stripe.String(row.Title),\n\t\t\tAmount: stripe.Int64(row.Cents),\n\t\t\t" + (
    'Currency: stripe.String("usd"),'
)
PRICE_DATA = (
    "PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{\n"
    '\t\t\t\tCurrency: stripe.String("eur"),\n\t\t\t\tUnitAmount: stripe.Int64(row.Cents),\n'
    "\t\t\t},"
)
PRICE = "Price: stripe.String(row.Price),"


site = only_site


def rt015(found: CallSite) -> str:
    return blocker_message(found, "RT015")


def test_pre_prices_lines_of_another_package_block(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "web/pay.go": HANDLER,
            "internal/catalog/lines.go": CATALOG.replace("BODY", LEGACY),
        },
    )
    assert found.verdict == "blocked"
    message = rt015(found)
    assert "a pre-Prices line's own `amount` and `currency` in catalog.StripeLines" in message
    assert "in lines.go" in message


def test_price_data_lines_of_another_file_of_the_package_block(tmp_path: Path) -> None:
    handler = HANDLER.replace("catalog.StripeLines(rows)", "stripeLines(rows)")
    helper = CATALOG.replace("package catalog", "package web").replace(
        "func StripeLines", "func stripeLines"
    )
    found = site(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "web/pay.go": handler,
            "web/lines.go": helper.replace("BODY", PRICE_DATA),
            "internal/catalog/rows.go": "package catalog\n\ntype Row struct{}\n",
        },
    )
    assert "`price_data` in stripeLines, in lines.go" in rt015(found)


def test_price_ids_of_another_package_stay_a_warning(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "web/pay.go": HANDLER,
            "internal/catalog/lines.go": CATALOG.replace("BODY", PRICE),
        },
    )
    codes = {f.code: f.level.value for f in found.findings}
    assert "RT015" not in codes
    assert codes.get("RT003") == "warning"


def test_a_method_of_the_package_s_type_building_the_line_is_followed(tmp_path: Path) -> None:
    catalog = CATALOG.replace(
        "out = append(out, &stripe.CheckoutSessionLineItemParams{\n\t\t\tBODY\n"
        "\t\t\tQuantity: stripe.Int64(row.Count),\n\t\t})",
        "out = append(out, rows[i].StripeLine())",
    ).replace("for _, row := range rows {", "for i := range rows {")
    method = (
        'package catalog\n\nimport "github.com/stripe/stripe-go/v76"\n\n'
        "func (row *Row) StripeLine() *stripe.CheckoutSessionLineItemParams {\n"
        "\treturn &stripe.CheckoutSessionLineItemParams{\n\t\t"
        + LEGACY.replace("\t\t\t", "\t\t")
        + "\n\t\tQuantity: stripe.Int64(row.Count),\n\t}\n}\n"
    )
    assert "rows[i].StripeLine()" in catalog
    found = site(
        tmp_path,
        {
            "go.mod": GO_MOD,
            "web/pay.go": HANDLER,
            "internal/catalog/lines.go": catalog,
            "internal/catalog/row.go": method,
        },
    )
    assert "`amount` and `currency` in catalog.StripeLines, in lines.go" in rt015(found)

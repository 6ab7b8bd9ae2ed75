"""Go string constants other files of the scanned tree declare (``migrate/scan/tree_constants.py``):
a ``const`` of another file of the same folder (package), one or in a ``const ( ... )`` block,
and an exported one of another package (``config.ProPriceID``) are their values, as Python's,
Ruby's, PHP's, Java's and C#'s constants of other files are: a price id of the id map is then
the Dodo product itself, not a run-time look-up."""

from __future__ import annotations

from pathlib import Path

from migrate.mapping.cart import Options
from migrate.readers.idmap import IdMap
from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

CONFIG = """package config

// ProPriceID is the Stripe price of the Pro plan.
const ProPriceID = "price_1ProMonthly"

const (
	TeamPriceID        = "price_1TeamMonthly"
	internalPrice string = "price_1Hidden"
)
"""
CONSTS = """package billing

const (
	BasicPriceID = "price_1BasicMonthly" // the entry plan
	ReturnURL    = `https://shop.example/back`
)
"""
OTHER = """package other

const ProPriceID = "price_1SomethingElse"
"""
CHECKOUT = """package billing

import (
	"example.com/shop/internal/config"

	"github.com/stripe/stripe-go/v83"
	"github.com/stripe/stripe-go/v83/checkout/session"
)

func create(price string) (*stripe.CheckoutSession, error) {
	return session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String("subscription"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(price), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String(ReturnURL),
	})
}

func Basic() (*stripe.CheckoutSession, error) { return create(BasicPriceID) }

func Pro() (*stripe.CheckoutSession, error) { return create(config.ProPriceID) }

func Team() (*stripe.CheckoutSession, error) { return create(config.TeamPriceID) }

func Hidden() (*stripe.CheckoutSession, error) { return create(config.internalPrice) }

func Shadowed(BasicPriceID string) (*stripe.CheckoutSession, error) { return create(BasicPriceID) }
"""


def _sites(top: Path, options: Options | None = None) -> dict[int, CallSite]:
    stats = ScanStats()
    sites = list(scan_paths([str(top)], stats=stats, options=options, jobs=1))
    assert stats.problems == []
    return {s.line: s for s in sites if s.kind == "create" and s.file.endswith("checkout.go")}


def _tree(root: Path) -> Path:
    files = {
        "go.mod": "module example.com/shop\n",
        "internal/config/prices.go": CONFIG,
        "internal/billing/consts.go": CONSTS,
        "internal/other/prices.go": OTHER,
        "internal/billing/checkout.go": CHECKOUT,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_go_constants_of_other_files_are_their_values(tmp_path: Path) -> None:
    sites = _sites(_tree(tmp_path))
    prices = {line: s.params["line_items"][0].get("price") for line, s in sites.items()}
    assert prices[20] == "price_1BasicMonthly"  # same package, a const block of another file
    assert prices[22] == "price_1ProMonthly"  # config.ProPriceID (not other.ProPriceID)
    assert prices[24] == "price_1TeamMonthly"
    assert prices[26] == {"$dynamic": "config.internalPrice"}  # unexported: not visible there
    assert prices[28] == {"$dynamic": "BasicPriceID"}  # a parameter of that name hides it
    assert sites[20].params["success_url"] == "https://shop.example/back"  # a raw string


def test_a_go_constant_price_of_the_id_map_is_the_dodo_product(tmp_path: Path) -> None:
    ids = IdMap.from_json({"price_1ProMonthly": "pdt_pro", "price_1BasicMonthly": "pdt_basic"})
    sites = _sites(_tree(tmp_path), Options(ids=ids))
    for line, product in ((20, "pdt_basic"), (22, "pdt_pro")):
        text = sites[line].suggestion
        assert f'"product_id": "{product}"' in text
        assert "dodoids.ProductID(" not in text

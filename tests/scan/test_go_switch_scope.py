"""A Go name out of scope at the call is never written in the Dodo call: a nested type switch
reusing the bound name (``switch v := v.Inner.(type)``) is written from the outer switch's
subject, and a name declared in an arm or an ``if`` header (``if s, ok := ...``, ``v2 := v``,
``v := v.Inner.(string)``) is its value there or ``TODO_<name>`` with X021
(``migrate/scan/go_scope.py``, ``cases.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

HEAD = """\
package billing

import (
	stripe "github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/checkout/session"
)

type GoldPlan struct{ PriceID string }
type Wrapper struct{ Inner any }

"""
CALL = """
	params := &stripe.CheckoutSessionParams{
		Mode: stripe.String("subscription"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(price), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String("https://example.com/ok"),
	}
	return session.New(params)
}
"""
NESTED = """\
func Nested(p any) (*stripe.CheckoutSession, error) {
	price := "price_small"
	switch v := p.(type) {
	case Wrapper:
		switch v := v.Inner.(type) {
		case string:
			price = v
		case GoldPlan:
			price = v.PriceID
		}
	case string:
		price = v
	}
"""
SHADOW = """\
func Shadow(p any) (*stripe.CheckoutSession, error) {
	price := "price_small"
	switch v := p.(type) {
	case Wrapper:
		if s, ok := v.Inner.(string); ok {
			price = s
		}
	case GoldPlan:
		v2 := v
		price = v2.PriceID
	}
"""
REDECLARED = """\
func Redeclared(p any) (*stripe.CheckoutSession, error) {
	price := "price_small"
	switch v := p.(type) {
	case Wrapper:
		v := v.Inner.(string)
		price = v
	}
"""


def _site(root: Path, body: str) -> CallSite:
    (root / "billing.go").write_text(HEAD + body + CALL, encoding="utf-8")
    stats = ScanStats()
    (site,) = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return site


def _product_ids(site: CallSite) -> list[str]:
    assert site.suggestion is not None
    return re.findall(r"ProductID\((.*)\)\s*$", site.suggestion, re.MULTILINE)


@pytest.mark.parametrize(
    ("body", "written"),
    [
        (
            NESTED,
            [
                "(p.(Wrapper).Inner).(string)",
                "(p.(Wrapper).Inner).(GoldPlan).PriceID",
                "p.(string)",
            ],
        ),
        (SHADOW, ["TODO_s", "p.(GoldPlan).PriceID"]),
        (REDECLARED, ["(p.(Wrapper).Inner.(string))"]),
    ],
    ids=["nested-type-switch", "arm-locals", "redeclared-in-arm"],
)
def test_no_name_out_of_scope_is_written_at_the_call(
    tmp_path: Path, body: str, written: list[str]
) -> None:
    site = _site(tmp_path, body)
    assert _product_ids(site) == written


def test_a_local_with_no_one_value_is_todo_with_x021(tmp_path: Path) -> None:
    site = _site(tmp_path, SHADOW)
    (unseen,) = [f for f in site.findings if f.code == "X021"]
    assert "`s`" in unseen.message and "`TODO_s`" in unseen.message

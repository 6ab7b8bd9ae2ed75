"""A Go type switch's subject is evaluated once by the Stripe code: the Dodo call never writes it
again where that would be another value (``loadPlan(id)`` runs again and may return another
plan; ``plan = nil`` after the switch makes ``plan.(GoldPlan)`` panic). After the switch the
Dodo call reads the local the arms set (``price``); inside the arm it names the switch's own
bound name (``p.PriceID``); a params field set in such an arm is ``TODO_p`` with X021
(``migrate/scan/cases.py``: ``go_subject_once``)."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import go_parts, vet_go_module

HEAD = """\
package billing

import (
\tstripe "github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

type GoldPlan struct {
\tPriceID string
\tSeats   int64
}

type SilverPlan struct{ PriceID string }

func loadPlan(id string) any { return GoldPlan{"price_gold", 2} }

"""
AFTER = """\
func Buy(id string) (*stripe.CheckoutSession, error) {
\tprice := "price_default"
\tqty := int64(1)
\tswitch p := loadPlan(id).(type) {
\tcase GoldPlan:
\t\tprice = p.PriceID
\t\tqty = p.Seats
\tcase SilverPlan:
\t\tprice = p.PriceID
\t}
\tparams := &stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(qty)},
\t\t},
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t}
\treturn session.New(params)
}
"""
IN_ARM = """\
func Buy(id string) (*stripe.CheckoutSession, error) {
\tswitch p := loadPlan(id).(type) {
\tcase GoldPlan:
\t\tparams := &stripe.CheckoutSessionParams{
\t\t\tMode: stripe.String("payment"),
\t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t\t{Price: stripe.String(p.PriceID), Quantity: stripe.Int64(p.Seats)},
\t\t\t},
\t\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\t}
\t\treturn session.New(params)
\t}
\treturn nil, nil
}
"""
RESET = """\
func Buy(plan any) (*stripe.CheckoutSession, error) {
\tprice := "price_default"
\tswitch p := plan.(type) {
\tcase GoldPlan:
\t\tprice = p.PriceID
\t}
\tplan = nil
\tparams := &stripe.CheckoutSessionParams{
\t\tMode: stripe.String("payment"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t},
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t}
\treturn session.New(params)
}
"""
FIELD = """\
func Buy(id string) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t}
\tswitch p := loadPlan(id).(type) {
\tcase GoldPlan:
\t\tparams.LineItems = []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(p.PriceID), Quantity: stripe.Int64(1)},
\t\t}
\t}
\treturn session.New(params)
}
"""


def _site(body: str) -> CallSite:
    (site,) = [s for s in scan_source(HEAD + body, "x.go", BY_NAME["go"]) if s.kind == "create"]
    assert site.suggestion is not None
    return site


def _set(site: CallSite, key: str) -> str:
    assert site.suggestion is not None
    (line,) = re.findall(rf'\["{key}"\] = (.*)', site.suggestion)
    return str(line)


def test_after_the_switch_the_dodo_call_reads_the_locals_the_arms_set() -> None:
    site = _site(AFTER)
    assert _set(site, "product_id") == "dodoids.ProductID(price)"
    assert _set(site, "quantity") == "qty"
    assert "loadPlan" not in (site.suggestion or "")  # the subject never runs again


def test_inside_the_arm_the_dodo_call_names_the_switch_bound_value() -> None:
    site = _site(IN_ARM)
    assert _set(site, "product_id") == "dodoids.ProductID(p.PriceID)"
    assert _set(site, "quantity") == "p.Seats"
    assert "loadPlan" not in (site.suggestion or "")


def test_a_subject_given_a_value_after_the_switch_is_not_written_again() -> None:
    site = _site(RESET)
    assert _set(site, "product_id") == "dodoids.ProductID(price)"
    assert "plan.(GoldPlan)" not in (site.suggestion or "")  # nil there: it would panic


def test_a_params_field_set_in_such_an_arm_is_todo_with_x021() -> None:
    site = _site(FIELD)
    assert "loadPlan" not in (site.suggestion or "")
    assert "TODO_p.PriceID" in (site.suggestion or "")
    (unseen,) = [f for f in site.findings if f.code == "X021"]
    assert "`TODO_p`" in unseen.message


def test_a_plain_subject_not_written_again_keeps_its_arms_values() -> None:
    site = _site(RESET.replace("\tplan = nil\n", ""))
    assert "dodoids.ProductID(plan.(GoldPlan).PriceID)" in (site.suggestion or "")


@pytest.mark.slow
@pytest.mark.parametrize("body", [AFTER, IN_ARM, RESET], ids=["after", "in-arm", "reset"])
def test_the_suggestion_compiles_in_place(tmp_path: Path, body: str) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the values are read above")
    site = _site(body)
    assert site.suggestion is not None
    imports, dodo = go_parts(site.suggestion)
    call = "\treturn session.New(params)\n"
    indent = "\t\t" if body is IN_ARM else "\t"
    source = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + ")\n\ntype Session struct{ URL string }\n"
        + HEAD.split(")\n", 1)[1]
        + body.replace("*stripe.CheckoutSession", "*Session")
        .replace(
            indent + call.lstrip("\t"),
            textwrap.indent(dodo, indent) + f"\n{indent}_ = dodoSession\n{indent}return nil, nil\n",
        )
        .replace(call, "")
    )
    literal = r"(?s)\n\t+params := &stripe\.CheckoutSessionParams\{.*?\n\t+\}\n"
    source = re.sub(literal, "\n", source)
    source = re.sub(r"(?s)\n\t+params\.LineItems = .*?\n\t+\}\n", "\n", source)
    done = vet_go_module(tmp_path, {"app.go": source})
    assert done.returncode == 0, done.stderr + "\n" + source


STRUCTS = """\
func Buy(id string) (*stripe.CheckoutSession, error) {
\tvar params *stripe.CheckoutSessionParams
\tswitch p := loadPlan(id).(type) {
\tcase GoldPlan:
\t\tparams = &stripe.CheckoutSessionParams{
\t\t\tMode: stripe.String("payment"),
\t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t\t{Price: stripe.String(p.PriceID), Quantity: stripe.Int64(1)},
\t\t\t},
\t\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\t}
\tdefault:
\t\tparams = &stripe.CheckoutSessionParams{
\t\t\tMode: stripe.String("payment"),
\t\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t\t{Price: stripe.String("price_basic"), Quantity: stripe.Int64(1)},
\t\t\t},
\t\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t\t}
\t}
\treturn session.New(params)
}
"""


def test_params_built_in_such_arms_keep_their_carts_under_conditions_never_picked() -> None:
    # the structs' keys are read arm by arm; each arm's test is a name defined nowhere, not
    # loadPlan(id) run again
    site = _site(STRUCTS)
    text = site.suggestion or ""
    assert "loadPlan" not in text
    assert "TODO_case_line" in text
    assert "dodoids.ProductID(TODO_p.PriceID)" in text
    assert re.search(r'"product_id": "s2d_pdt_\w+"', text)  # the default arm's price_basic

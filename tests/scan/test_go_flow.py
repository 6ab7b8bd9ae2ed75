"""Go: params structs followed the way a reader does: built over statements under branches and
loops, line items appended in a range loop, import aliases, helper functions, mocks."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import go_parts, vet_go_module

HEAD = """\
package billing

import (
\t"os"

\tstripe "github.com/stripe/stripe-go/v82"
\tcheckoutsession "github.com/stripe/stripe-go/v82/checkout/session"
)

"""


def creates(body: str, head: str = HEAD) -> list[CallSite]:
    code = head + textwrap.dedent(body)
    return [s for s in scan_source(code, "x.go", BY_NAME["go"]) if s.kind == "create"]


def one(body: str, head: str = HEAD) -> CallSite:
    (site,) = creates(body, head)
    return site


def dyn(source: str) -> dict[str, str]:
    return {"$dynamic": source}


def choice(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    return {"$dynamic": source, "$choice": {"if": cond, "then": then, "else": else_}}


def test_a_cart_appended_in_a_range_loop_is_an_each() -> None:
    site = one(
        """
        func Checkout(cart []Item) (*stripe.CheckoutSession, error) {
        \titems := []*stripe.CheckoutSessionLineItemParams{}
        \tfor _, it := range cart {
        \t\titems = append(items, &stripe.CheckoutSessionLineItemParams{
        \t\t\tPrice:    stripe.String(it.PriceID),
        \t\t\tQuantity: stripe.Int64(it.Qty),
        \t\t})
        \t}
        \treturn checkoutsession.New(&stripe.CheckoutSessionParams{
        \t\tMode:      stripe.String(string(stripe.CheckoutSessionModePayment)),
        \t\tLineItems: items,
        \t})
        }
        """
    )
    each = site.params["line_items"]
    assert each["$dynamic"].startswith("for _, it := range cart {")
    assert each["$each"] == {
        "over": "cart",
        "as": "it",
        "item": {"price": dyn("it.PriceID"), "quantity": dyn("it.Qty")},
    }
    assert site.params["mode"] == "payment"
    assert [d.path for d in site.dynamic] == ["line_items"]


def test_params_appended_in_a_loop_and_under_an_if() -> None:
    site = one(
        """
        func Checkout(cart []Item, express bool) {
        \tparams := &stripe.CheckoutSessionParams{
        \t\tSuccessURL: stripe.String(os.Getenv("DOMAIN") + "/ok"),
        \t}
        \tfor _, it := range cart {
        \t\tparams.LineItems = append(params.LineItems, &stripe.CheckoutSessionLineItemParams{
        \t\t\tPrice: stripe.String(it.PriceID),
        \t\t})
        \t}
        \tif express {
        \t\tparams.LineItems = append(params.LineItems, &stripe.CheckoutSessionLineItemParams{
        \t\t\tPrice: stripe.String("price_express"),
        \t\t})
        \t\tparams.AddMetadata("express", "yes")
        \t}
        \tcheckoutsession.New(params)
        }
        """
    )
    loop, express = site.params["line_items"]
    assert loop["$each"] == {"over": "cart", "as": "it", "item": {"price": dyn("it.PriceID")}}
    assert express["$dynamic"] == 'if express { {price: "price_express"} } else { nil }'
    assert express["$choice"] == {
        "if": "express",
        "then": {"price": "price_express"},
        "else": None,
    }
    said = 'if express { "yes" } else { nil }'  # the choice, not the whole if statement
    assert site.params["metadata"] == {"express": choice(said, "express", "yes", None)}
    assert site.params["success_url"] == dyn('os.Getenv("DOMAIN") + "/ok"')


def test_a_price_set_in_both_branches_is_a_choice() -> None:
    site = one(
        """
        func Checkout(yearly bool) {
        \tvar price string
        \tif yearly {
        \t\tprice = "price_yearly"
        \t} else {
        \t\tprice = "price_monthly"
        \t}
        \tcheckoutsession.New(&stripe.CheckoutSessionParams{
        \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{{Price: stripe.String(price)}},
        \t})
        }
        """
    )
    assert site.params["line_items"] == [
        {"price": choice("price", "yearly", "price_yearly", "price_monthly")}
    ]


def test_params_bound_in_both_branches_keep_the_changes_made_after_them() -> None:
    """Params bound in both branches, then a field set on them: the field is carried (it was
    dropped with no finding at all)."""
    site = one(
        """
        func Checkout(planID string, email string) {
        \tvar params *stripe.CheckoutSessionParams
        \tif planID == "" {
        \t\tparams = &stripe.CheckoutSessionParams{Mode: stripe.String("payment")}
        \t} else {
        \t\tparams = &stripe.CheckoutSessionParams{Mode: stripe.String("subscription")}
        \t}
        \tparams.CustomerEmail = stripe.String(email)
        \tcheckoutsession.New(params)
        }
        """
    )
    assert site.params == {
        "mode": choice("params", 'planID == ""', "payment", "subscription"),
        "customer_email": dyn("email"),
    }
    assert [d.path for d in site.dynamic] == ["customer_email", "mode"]


def test_a_default_when_empty_stays_the_variable() -> None:
    site = one(
        """
        func Checkout(req Request) {
        \tsuccessURL := req.SuccessURL
        \tif successURL == "" {
        \t\tsuccessURL = "https://shop.example/ok"
        \t}
        \tcheckoutsession.New(&stripe.CheckoutSessionParams{SuccessURL: stripe.String(successURL)})
        }
        """
    )
    assert site.params == {"success_url": dyn("successURL")}


def test_the_stripe_package_under_an_alias() -> None:
    head = """\
package billing

import (
\tstripesdk "github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/client"
)

"""
    site = one(
        """
        func (s *Service) Checkout(sc *client.API, plan Plan) {
        \tparams := &stripesdk.CheckoutSessionParams{
        \t\tMode:       stripesdk.String(string(stripesdk.CheckoutSessionModeSubscription)),
        \t\tSuccessURL: stripesdk.String(plan.SuccessURL),
        \t\tLineItems: []*stripesdk.CheckoutSessionLineItemParams{
        \t\t\t{Price: stripesdk.String(plan.PriceID), Quantity: stripesdk.Int64(1)},
        \t\t},
        \t}
        \tsc.CheckoutSessions.New(params)
        }
        """,
        head,
    )
    assert site.params == {
        "mode": "subscription",
        "success_url": dyn("plan.SuccessURL"),
        "line_items": [{"price": dyn("plan.PriceID"), "quantity": 1}],
    }


def test_helper_functions_speak_the_callers_terms() -> None:
    site = one(
        """
        func (h *Handler) Checkout(order Order) {
        \tcheckoutsession.New(h.params(order, os.Getenv("APP_URL")))
        }

        func (h *Handler) params(o Order, base string) *stripe.CheckoutSessionParams {
        \tp := &stripe.CheckoutSessionParams{
        \t\tSuccessURL:        stripe.String(base + "/orders/" + o.ID),
        \t\tClientReferenceID: stripe.String(o.ID),
        \t\tLineItems:         lineItems(o.Items),
        \t}
        \treturn p
        }

        func lineItems(items []Item) []*stripe.CheckoutSessionLineItemParams {
        \tvar out []*stripe.CheckoutSessionLineItemParams
        \tfor _, item := range items {
        \t\tline := &stripe.CheckoutSessionLineItemParams{Price: stripe.String(item.Price)}
        \t\tout = append(out, line)
        \t}
        \treturn out
        }
        """
    )
    assert site.params["success_url"] == dyn('os.Getenv("APP_URL") + "/orders/" + order.ID')
    assert site.params["client_reference_id"] == dyn("order.ID")
    assert site.params["line_items"]["$each"] == {
        "over": "order.Items",
        "as": "item",
        "item": {"price": dyn("item.Price")},
    }


def test_gomock_expectations_are_not_creations() -> None:
    assert (
        creates(
            """
            func TestCheckout(t *testing.T) {
            \tsc.CheckoutSessions.New(gomock.Any())
            \tm.On("New", mock.Anything)
            \tcheckoutsession.New(mock.Anything)
            }
            """
        )
        == []
    )


def test_a_stripe_go_package_imported_under_an_alias_is_that_package() -> None:
    """``stripesub "…/subscription"``: ``stripesub.New`` is stripe-go's subscription.New (it
    was no site at all), ``pi.New`` a PaymentIntent; a local package of the same last name
    that is not stripe-go stays out."""
    head = """\
package billing

import (
\t"github.com/stripe/stripe-go/v83"
\tstripesub "github.com/stripe/stripe-go/v83/subscription"
\tpi "github.com/stripe/stripe-go/v83/paymentintent"
\tmine "example.com/app/subscription"
)

"""
    code = head + textwrap.dedent(
        """
        func Start(customerID, priceID string) {
        \tstripesub.New(&stripe.SubscriptionParams{
        \t\tCustomer: stripe.String(customerID),
        \t\tItems:    []*stripe.SubscriptionItemsParams{{Price: stripe.String(priceID)}},
        \t})
        \tpi.New(&stripe.PaymentIntentParams{
        \t\tAmount: stripe.Int64(500), Currency: stripe.String("usd"),
        \t})
        \tmine.New(customerID)
        }
        """
    )
    sites = list(scan_source(code, "x.go", BY_NAME["go"]))
    reported = sorted((s.line, s.callee) for s in sites)
    assert [callee for _, callee in reported] == ["stripesub.New", "pi.New"]
    start, intent = sorted(sites, key=lambda s: s.line)
    assert start.translation is not None and start.translation.request == ("POST", "/checkouts")
    assert start.params["customer"] == dyn("customerID")
    assert intent.params["amount"] == 500


def test_a_field_of_a_line_item_set_by_index_is_that_line_items() -> None:
    """``params.LineItems[0].Price = ...`` changes the first line's price (it was ignored: the
    cart charged the price the literal was written with); at an index only run time knows,
    the list is a run-time value, never the list as written."""
    site = one(
        """\
        func pro() {
        \tparams := &stripe.CheckoutSessionParams{
        \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
        \t\t\t{Price: stripe.String("price_basic"), Quantity: stripe.Int64(1)},
        \t\t},
        \t}
        \tparams.LineItems[0].Price = stripe.String("price_pro")
        \tparams.LineItems[0].Quantity = stripe.Int64(3)
        \tcheckoutsession.New(params)
        }
        """
    )
    assert site.params["line_items"] == [{"price": "price_pro", "quantity": 3}]
    site = one(
        """\
        func seats(i int) {
        \tparams := &stripe.CheckoutSessionParams{
        \t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
        \t\t\t{Price: stripe.String("price_basic"), Quantity: stripe.Int64(1)},
        \t\t},
        \t}
        \tparams.LineItems[i].Price = stripe.String("price_pro")
        \tcheckoutsession.New(params)
        }
        """
    )
    assert site.params["line_items"] == dyn("params.LineItems")
    assert any(d.path == "line_items" for d in site.dynamic)


TYPE_SWITCH = """\
package billing

import (
\t"fmt"

\tstripe "github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
)

type GoldPlan struct{ PriceID string }

func TypeSwitch(p any) (*stripe.CheckoutSession, error) {
\tprice := "price_small"
\tswitch v := p.(type) {
\tcase GoldPlan:
\t\tprice = v.PriceID
\tcase string:
\t\tprice = v
\tcase fmt.Stringer, error:
\t\tprice = fmt.Sprint(v)
\t}
\t//@CALL
\tparams := &stripe.CheckoutSessionParams{
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},
\t\t},
\t\tSuccessURL: stripe.String("https://example.com/ok"),
\t}
\treturn session.New(params)
}
"""


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict) and "$choice" in value:
        return [*_leaves(value["$choice"]["then"]), *_leaves(value["$choice"]["else"])]
    return [value]


def test_a_type_switch_name_is_written_as_its_value_after_the_switch() -> None:
    # review: `price = v` under `case string:` of `switch v := p.(type)` was ProductID(v) in
    # the Dodo call after the switch, where v is out of scope (go build: undefined: v)
    (site,) = [s for s in scan_source(TYPE_SWITCH, "x.go", BY_NAME["go"]) if s.kind == "create"]
    assert _leaves(site.params["line_items"][0]["price"]) == [
        dyn("p.(GoldPlan).PriceID"),  # one type: the value as that type
        dyn("p.(string)"),
        dyn("fmt.Sprint(p)"),  # several types: the value itself
        "price_small",
    ]
    assert "(v)" not in site.suggestion and "v." not in site.suggestion


@pytest.mark.slow
def test_a_type_switch_suggestion_compiles_after_the_switch(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the values are read above")
    (site,) = [s for s in scan_source(TYPE_SWITCH, "x.go", BY_NAME["go"]) if s.kind == "create"]
    imports, body = go_parts(site.suggestion)
    function = TYPE_SWITCH.split("type GoldPlan", 1)[1].split("\t//@CALL\n", 1)[0]
    source = (
        "package app\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports | {"fmt"}))
        + ")\n\ntype Session struct{ URL string }\n\ntype GoldPlan"
        + function.replace("*stripe.CheckoutSession", "*Session")
        + "\t_ = price\n"
        + textwrap.indent(body, "\t")
        + "\n\t_ = dodoSession\n\treturn nil, nil\n}\n"
    )
    done = vet_go_module(tmp_path, {"app.go": source})
    assert done.returncode == 0, done.stderr + "\n" + source

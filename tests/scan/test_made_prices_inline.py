"""A checkout line's price that the code creates in Stripe just before, from params an inline
price can say, is read as that inline price (RT042): the amount and currency reach the Dodo
call (a pay-what-you-want line's ``amount``) instead of a blocker that carries nothing.

Seen in a Go job board (``price.New(&stripe.PriceParams{Currency: string(stripe.CurrencyGBP),
UnitAmount: total, ProductData: ...})`` then ``Price: priceResult.ID``) and a Spring shop
(``PriceCreateParams`` built in a local, ``Price.create(priceParams)``, then
``setPrice(price.getId())``): both were X026 blockers with the amount dropped. A creation the
inline price cannot say (tiers, params spread in from a value not read) still blocks."""

from __future__ import annotations

from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import scan_paths

GO_BOARD = """package listings

import (
	"fmt"
	"net/http"

	"github.com/stripe/stripe-go/v80"
	"github.com/stripe/stripe-go/v80/checkout/session"
	"github.com/stripe/stripe-go/v80/price"
)

type Form struct {
	Days  int
	Tier  string
	Email string
	Back  string
}

func Checkout(w http.ResponseWriter, f Form) {
	pence := f.Days * 120
	label := fmt.Sprintf("%s listing", f.Tier)
	pp := &stripe.PriceParams{
		Currency:    stripe.String(string(stripe.CurrencyGBP)),
		UnitAmount:  stripe.Int64(int64(pence)),
		ProductData: &stripe.PriceProductDataParams{Name: stripe.String(label)},
	}
	made, err := price.New(pp)
	if err != nil {
		return
	}
	s, err := session.New(&stripe.CheckoutSessionParams{
		Mode:          stripe.String(string(stripe.CheckoutSessionModePayment)),
		CustomerEmail: stripe.String(f.Email),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(made.ID), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String(f.Back),
	})
	if err != nil {
		return
	}
	http.Redirect(w, nil, s.URL, http.StatusSeeOther)
}
"""

JAVA_SHOP = """package shop.pay;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class OrderPayments {
    public String pay(OrderForm form) throws Exception {
        PriceCreateParams priceParams = PriceCreateParams.builder()
                .setUnitAmount(form.getTotalCents())
                .setCurrency("usd")
                .setProductData(PriceCreateParams.ProductData.builder().setName("Order").build())
                .build();
        Price price = Price.create(priceParams);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price.getId()).setQuantity(1L).build())
                .setSuccessUrl("https://shop.test/done")
                .putMetadata("order", form.getRef())
                .build();
        return Session.create(params).getUrl();
    }
}
"""

PY_BLOCKED = """import stripe


def tiered(plan):
    price = stripe.Price.create(
        currency="eur",
        billing_scheme="tiered",
        tiers_mode="volume",
        tiers=plan.tiers,
        product_data={"name": "Seats"},
    )
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price.id, "quantity": plan.seats}],
        success_url="https://club.test/ok",
    )


def opaque(opts):
    price = stripe.Price.create(**opts)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price.id, "quantity": 1}],
        success_url="https://club.test/ok",
    )
"""


def _sites(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text)
    return list(scan_paths([str(path)]))


def test_a_go_price_made_just_before_is_carried_inline(tmp_path: Path) -> None:
    sites = _sites(tmp_path, "checkout.go", GO_BOARD)
    (site,) = [s for s in sites if s.kind == "create"]
    codes = {f.code: f for f in site.findings}
    assert "X026" not in codes
    assert codes["RT042"].level is Level.WARNING
    assert "made.ID, from price.New(...)" in codes["RT042"].message
    (product,) = site.translation.requires
    assert product["product"]["price"]["currency"] == "GBP"
    assert product["product"]["price"]["pay_what_you_want"] is True
    assert '["amount"] = int64(pence)' in site.suggestion
    assert site.verdict != "blocked"
    # the creation RT042 names is not said again as a catalog write (X031)
    assert not [s for s in sites if any(f.code == "X031" for f in s.findings)]


def test_a_java_price_built_in_a_local_is_carried_inline(tmp_path: Path) -> None:
    (site,) = [s for s in _sites(tmp_path, "OrderPayments.java", JAVA_SHOP) if s.kind == "create"]
    assert [f.code for f in site.findings if f.code in ("X026", "RT042")] == ["RT042"]
    assert {d.path: d.source for d in site.dynamic}["line_items[0].price_data.unit_amount"] == (
        "form.getTotalCents()"
    )
    (product,) = site.translation.requires
    assert product["product"]["price"]["currency"] == "USD"
    assert "DodoJson.of(form.getTotalCents())" in site.suggestion
    assert site.verdict != "blocked"


def test_a_price_an_inline_price_cannot_say_still_blocks(tmp_path: Path) -> None:
    sites = [s for s in _sites(tmp_path, "plans.py", PY_BLOCKED) if s.kind == "create"]
    assert len(sites) == 2
    for site in sites:
        made = [f for f in site.findings if f.code == "X026"]
        assert [(f.path, f.level) for f in made] == [("line_items[0].price", Level.BLOCKER)]
        assert "RT042" not in {f.code for f in site.findings}
        assert site.verdict == "blocked"


def test_a_price_local_set_another_way_too_is_not_read_inline(tmp_path: Path) -> None:
    """Made in one branch, read from Stripe in the other: which price the checkout sells is
    known at run time only, so the line is not read as the created one (that would charge the
    created amount on both branches)."""
    text = """import stripe


def buy(order, existing):
    price = None
    if existing is None:
        price = stripe.Price.create(
            unit_amount=order.total, currency="usd", product_data={"name": "Order"}
        )
    else:
        price = stripe.Price.retrieve(existing)
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price.id, "quantity": 1}],
        success_url="https://x.test/ok",
    )
"""
    (site,) = [s for s in _sites(tmp_path, "buy.py", text) if s.kind == "create"]
    assert "RT042" not in {f.code for f in site.findings}
    assert {d.path: d.source for d in site.dynamic}["line_items[0].price"] == "price.id"


_KEYED = {
    "courses.py": """\
import stripe


def enrol_url(course, learner):
    made = stripe.Price.create(
        currency="eur",
        unit_amount=course.fee * 100,
        product_data={"name": course.title},
    )
    session = stripe.checkout.Session.create(
        mode="payment",
        customer_email=learner.email,
        line_items=[{"price": made["id"], "quantity": 1}],
        success_url="https://school.example/enrolled",
    )
    return session["url"]
""",
    "courses.php": """<?php
function enrol_url($course) {
    $made = \\Stripe\\Price::create([
        'currency' => 'eur',
        'unit_amount' => $course->fee * 100,
        'product_data' => ['name' => $course->title],
    ]);
    $session = \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $made['id'], 'quantity' => 1]],
        'success_url' => 'https://school.example/enrolled',
    ]);
    return $session->url;
}
""",
}


def test_a_created_price_whose_id_is_read_as_a_key_is_inlined(tmp_path: Path) -> None:
    """Read in several Django course APIs: ``stripe.Price.create(...)`` then ``"price":
    price["id"]``. The id read as a key was not known as the created price's, so the line stayed
    an X026 blocker carrying no amount; it is read as the inline price, as ``price.id`` is."""
    for name, text in _KEYED.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
        codes = {f.code: f.level for f in site.findings}
        assert "X026" not in codes, name
        assert codes.get("RT042") == Level.WARNING, name
        assert "course" in (site.suggestion or "") and "fee * 100" in (site.suggestion or ""), name

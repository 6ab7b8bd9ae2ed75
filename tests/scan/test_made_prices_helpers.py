"""A checkout line's price that a helper of the file creates in Stripe (``Price price =
rentalPrice(days, fee);`` with the helper returning ``Price.create(...)``) is read as that
inline price (RT042), as a creation made in the checkout's own function is: the amount the
helper computes, written in the caller's terms, reaches the Dodo call.

Seen in a Spring car-rental service (a private ``getPrice(product, payment)`` returning
``Price.create(PriceCreateParams...setUnitAmount(countTotal(payment) * MULTIPLIER))`` and
``setPrice(price.getId())``): the line was translated as an id-map lookup of a price made at
run time, in no id map, with the rental's amount dropped and no blocker."""

from __future__ import annotations

from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import scan_paths

JAVA_RENTAL = """package rent.pay;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class RentalCheckout {
    private static final long CENTS = 100L;

    public Session pay(Rental rental, String back) throws Exception {
        Price price = rentalPrice(rental.getDays(), rental.getCar().getDailyFee());
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price.getId())
                        .setQuantity(1L)
                        .build())
                .setSuccessUrl(back)
                .build();
        return Session.create(params);
    }

    private Price rentalPrice(long days, long fee) throws Exception {
        long total = days * fee;
        PriceCreateParams p = PriceCreateParams.builder()
                .setCurrency("eur")
                .setProductData(PriceCreateParams.ProductData.builder().setName("Rental").build())
                .setUnitAmount(total * CENTS)
                .build();
        try {
            return Price.create(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
"""

GO_ORDER = """package pay

import (
	"github.com/stripe/stripe-go/v80"
	"github.com/stripe/stripe-go/v80/checkout/session"
	"github.com/stripe/stripe-go/v80/price"
)

func orderPrice(cents int64) (*stripe.Price, error) {
	return price.New(&stripe.PriceParams{
		Currency:    stripe.String("usd"),
		UnitAmount:  stripe.Int64(cents),
		ProductData: &stripe.PriceProductDataParams{Name: stripe.String("Order")},
	})
}

func Pay(total int64, back string) (*stripe.CheckoutSession, error) {
	p, err := orderPrice(total * 100)
	if err != nil {
		return nil, err
	}
	return session.New(&stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(p.ID), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String(back),
	})
}
"""

CSHARP_ORDER = """using System.Collections.Generic;
using Stripe;
using Stripe.Checkout;

public class OrderCheckout
{
    private Price OrderPrice(long cents)
    {
        var made = new PriceCreateOptions { Currency = "gbp", UnitAmount = cents, Product = "p" };
        return new PriceService().Create(made);
    }

    public Session Start(Order order)
    {
        var price = OrderPrice(order.Total * 100);
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions> {
                new SessionLineItemOptions { Price = price.Id, Quantity = 1 },
            },
            SuccessUrl = "https://shop.test/ok",
        };
        return new SessionService().Create(options);
    }
}
"""

JAVA_TWO_RETURNS = """package rent.pay;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class PlanCheckout {
    public Session pay(Plan plan) throws Exception {
        Price price = planPrice(plan);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price.getId())
                        .setQuantity(1L)
                        .build())
                .setSuccessUrl("https://plans.test/ok")
                .build();
        return Session.create(params);
    }

    private Price planPrice(Plan plan) throws Exception {
        if (plan.isFree()) {
            return Price.retrieve("price_free");
        }
        return Price.create(PriceCreateParams.builder()
                .setCurrency("usd")
                .setProduct("prod_plan")
                .setUnitAmount(plan.getCents())
                .build());
    }
}
"""


def _create(tmp_path: Path, name: str, text: str) -> tuple[object, list]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sites = list(scan_paths([str(path)]))
    (site,) = [s for s in sites if s.kind == "create"]
    return site, sites


def test_a_java_helper_made_price_is_carried_inline_in_the_callers_terms(
    tmp_path: Path,
) -> None:
    site, sites = _create(tmp_path, "RentalCheckout.java", JAVA_RENTAL)
    codes = {f.code: f.level for f in site.findings}
    assert codes.get("RT042") is Level.WARNING
    assert "L113" not in codes and "X026" not in codes
    amount = {d.path: d.source for d in site.dynamic}["line_items[0].price_data.unit_amount"]
    assert amount == "rental.getDays() * rental.getCar().getDailyFee() * CENTS"
    (product,) = site.translation.requires
    assert product["product"]["price"]["currency"] == "EUR"
    assert "DodoJson.of(rental.getDays() * rental.getCar().getDailyFee() * CENTS)" in (
        site.suggestion or ""
    )
    assert "DodoIds" not in (site.suggestion or "")
    # the creation RT042 names is not said again as a catalog write (X031)
    assert not [s for s in sites if any(f.code == "X031" for f in s.findings)]


def test_go_and_csharp_helper_made_prices_are_carried_inline(tmp_path: Path) -> None:
    for name, text, amount, currency in (
        ("pay.go", GO_ORDER, "total * 100", "USD"),
        ("OrderCheckout.cs", CSHARP_ORDER, "order.Total * 100", "GBP"),
    ):
        site, _ = _create(tmp_path, name, text)
        assert "RT042" in {f.code for f in site.findings}, name
        dynamic = {d.path: d.source for d in site.dynamic}
        assert dynamic["line_items[0].price_data.unit_amount"] == amount, name
        (product,) = site.translation.requires
        assert product["product"]["price"]["currency"] == currency, name
        assert amount in (site.suggestion or ""), name


def test_a_helper_with_two_returns_is_not_read_as_one_made_price(tmp_path: Path) -> None:
    """A helper that returns a created price on one path and a retrieved one on another has
    no one price: the line is not read as the created one (which would charge the free plan's
    buyers the paid amount)."""
    site, _ = _create(tmp_path, "PlanCheckout.java", JAVA_TWO_RETURNS)
    assert "RT042" not in {f.code for f in site.findings}
    assert not site.translation.requires
    assert "DodoIds.productId(price.getId())" in (site.suggestion or "")


JAVA_WRAPPED = """package rent.pay;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class LeaseCheckout {
    public String start(Lease lease) throws Exception {
        return open(lease).getUrl();
    }

    private Session open(Lease lease) throws Exception {
        Price price = leasePrice(lease);
        return session(price);
    }

    private Session session(Price price) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(price.getId())
                        .setQuantity(1L)
                        .build())
                .setSuccessUrl("https://lease.test/ok")
                .build();
        return Session.create(params);
    }

    private Price leasePrice(Lease lease) throws Exception {
        return Price.create(PriceCreateParams.builder()
                .setCurrency("usd")
                .setProduct("prod_lease")
                .setUnitAmount(lease.getMonths() * lease.getMonthlyCents())
                .build());
    }
}
"""


def test_a_made_price_handed_to_a_wrapper_is_carried_at_its_callers(tmp_path: Path) -> None:
    """The Spring shape itself: the checkout is a wrapper taking the price, its caller binds
    the price from the helper that creates it. Each caller's Dodo call carries the lease's
    amount instead of looking a run-time price up in the id map."""
    path = tmp_path / "LeaseCheckout.java"
    path.write_text(JAVA_WRAPPED, encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    callers = [s for s in sites if s.line in (10, 15)]
    assert len(callers) == 2
    for site in callers:
        dynamic = {d.path: d.source for d in site.dynamic}
        assert dynamic["line_items[0].price_data.unit_amount"] == (
            "lease.getMonths() * lease.getMonthlyCents()"
        ), site.line
        assert "DodoIds" not in (site.suggestion or ""), site.line
        assert not any(f.code == "L113" for f in site.findings), site.line
    (opened,) = [s for s in callers if s.line == 15]
    assert "RT042" in {f.code for f in opened.findings}


KOTLIN_TICKETS = """package tickets.pay

import com.stripe.model.Price
import com.stripe.model.checkout.Session
import com.stripe.param.PriceCreateParams
import com.stripe.param.checkout.SessionCreateParams

class TicketCheckout {
    private fun seatPrice(cents: Long): Price =
        Price.create(
            PriceCreateParams.builder()
                .setCurrency("chf")
                .setUnitAmount(cents)
                .setProduct("prod_seat")
                .build()
        )

    fun seats(show: Show, count: Long): Session {
        val price = seatPrice(show.seatCents)
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(price.id).setQuantity(count).build()
            )
            .setSuccessUrl("https://tickets.test/ok")
            .build()
        return Session.create(params)
    }

    fun donation(cents: Long): Session {
        val gift = Price.create(
            PriceCreateParams.builder().setCurrency("chf").setUnitAmount(cents).setProduct("prod_gift").build()
        )
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(gift.id).setQuantity(1L).build())
            .setSuccessUrl("https://tickets.test/thanks")
            .build()
        return Session.create(params)
    }
}
"""


def test_kotlin_made_prices_are_carried_inline(tmp_path: Path) -> None:
    """Kotlin's calls keep their arguments in a call suffix, which the made-price reader did
    not look in: a price made in the checkout's own function was an X026 blocker, one made by
    a helper an id-map lookup dropping the amount. Both are read inline now."""
    path = tmp_path / "TicketCheckout.kt"
    path.write_text(KOTLIN_TICKETS, encoding="utf-8")
    sites = sorted((s for s in scan_paths([str(path)]) if s.kind == "create"), key=lambda s: s.line)
    assert len(sites) == 2
    for site, amount in zip(sites, ("show.seatCents", "cents"), strict=True):
        codes = {f.code for f in site.findings}
        assert "RT042" in codes and "X026" not in codes and "L113" not in codes, site.line
        dynamic = {d.path: d.source for d in site.dynamic}
        assert dynamic["line_items[0].price_data.unit_amount"] == amount, site.line
        (product,) = site.translation.requires
        assert product["product"]["price"]["currency"] == "CHF", site.line
        assert site.verdict != "blocked", site.line


PHP_LEVEL = """<?php
use Stripe\\Checkout\\Session as Stripe_Checkout_Session;

class Gateway
{
    private function priceFor($product, $amount)
    {
        return \\Stripe\\Price::create(['product' => $product, 'currency' => 'usd',
            'unit_amount' => $amount]);
    }

    public function pay($level)
    {
        $items = [];
        $price = $this->priceFor('prod_1', $level->amount);
        $items[] = ['price' => $price->id, 'quantity' => 1];
        $s = Stripe_Checkout_Session::create(['line_items' => $items, 'mode' => 'payment',
            'success_url' => 'https://x.test/ok']);
        return $s->url;
    }
}
"""
RUBY_LEVEL = """class Gateway
  def pay(level)
    price = price_for("prod_1", level.amount)
    Stripe::Checkout::Session.create(line_items: [{ price: price.id, quantity: 1 }],
      mode: "payment", success_url: "https://x.test/ok")
  end

  private

  def price_for(product, amount)
    Stripe::Price.create(product: product, currency: "usd", unit_amount: amount)
  end
end
"""


def test_php_and_ruby_helper_made_prices_are_carried_inline(tmp_path: Path) -> None:
    """PMPro's "get or create a price for this amount" helper: the line was an id-map lookup
    of a price made a moment before, in no id map, with no blocker."""
    for name, text, amount in (
        ("Gateway.php", PHP_LEVEL, "$level->amount"),
        ("gateway.rb", RUBY_LEVEL, "level.amount"),
    ):
        site, _ = _create(tmp_path, name, text)
        codes = {f.code for f in site.findings}
        assert "RT042" in codes and "L113" not in codes, name
        dynamic = {d.path: d.source for d in site.dynamic}
        assert dynamic["line_items[0].price_data.unit_amount"] == amount, name
        (product,) = site.translation.requires
        assert product["product"]["price"]["currency"] == "USD", name
        assert "productId" not in (site.suggestion or "") and "product_id(" not in (
            site.suggestion or ""
        ), name


def test_php_and_ruby_helper_made_prices_that_cannot_be_inline_block(tmp_path: Path) -> None:
    for name, text in (
        ("Gateway.php", PHP_LEVEL.replace("'unit_amount' => $amount]", "'lookup_key' => 'x']")),
        ("gateway.rb", RUBY_LEVEL.replace("unit_amount: amount)", "lookup_key: 'x')")),
    ):
        site, _ = _create(tmp_path, name, text)
        found = [f for f in site.findings if f.code == "X026"]
        assert [f.path for f in found] == ["line_items[0].price"], name
        assert " in price" in found[0].message, name  # names the helper: priceFor / price_for
        assert site.verdict == "blocked", name

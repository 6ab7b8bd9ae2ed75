"""A cart built into a list first, then handed to the params one element at a time, as it is
(``for (LineItem line : lines) builder.addLineItem(line);``, Kotlin's ``.also { b ->
lines.forEach { b.addLineItem(it) } }``, ``for line in lines: items.append(line)``): the loop
adds the list itself, as ``addAllLineItem(lines)`` does. The reader made of it one opaque
element per element of ``lines``: the inline prices built into ``lines`` were lost, the cart
was blocked (RT015) and the Dodo call named ``TODO_product_id``. Each language's shape is read
through now (``migrate/scan/copied_loops.py``); a loop that changes or filters the elements it
adds is read as before."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import javac

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.ArrayList;
import java.util.List;

public class Tickets {
    public String buy(List<Seat> seats, String site) throws Exception {
        List<SessionCreateParams.LineItem> picked = new ArrayList<>();
        for (Seat seat : seats) {
            picked.add(SessionCreateParams.LineItem.builder()
                .setQuantity(seat.getCount())
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency("sek")
                    .setUnitAmount(seat.getOre())
                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName("Seat").build())
                    .build())
                .build());
        }
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(site + "/thanks");
        for (SessionCreateParams.LineItem one : picked) {
            params.addLineItem(one);
        }
        return Session.create(params.build()).getUrl();
    }
}
"""

KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

fun buy(seats: List<Seat>, site: String): String {
    val picked = mutableListOf<SessionCreateParams.LineItem>()
    seats.forEach { seat ->
        val ore = seat.kronor * 100
        picked.add(
            SessionCreateParams.LineItem.builder()
                .setQuantity(seat.count)
                .setPriceData(
                    SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency("sek")
                        .setUnitAmount(ore)
                        .setProductData(
                            SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                .setName("Seat").build()
                        )
                        .build()
                )
                .build()
        )
    }
    val session = Session.create(
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("$site/thanks")
            .also { b -> picked.forEach { b.addLineItem(it) } }
            .build()
    )
    return session.url
}

fun again(seats: List<Seat>, site: String): String {
    val picked = mutableListOf<SessionCreateParams.LineItem>()
    for (seat in seats) {
        picked.add(
            SessionCreateParams.LineItem.builder()
                .setQuantity(seat.count)
                .setPriceData(
                    SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency("sek")
                        .setUnitAmount(seat.ore)
                        .build()
                )
                .build()
        )
    }
    val params = SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("$site/thanks")
    for (one in picked) {
        params.addLineItem(one)
    }
    return Session.create(params.build()).url
}
"""

CSHARP = """\
using System.Collections.Generic;
using Stripe.Checkout;

public class Tickets
{
    public string Buy(List<Seat> seats, string site)
    {
        var picked = new List<SessionLineItemOptions>();
        foreach (var seat in seats)
        {
            picked.Add(new SessionLineItemOptions
            {
                PriceData = new SessionLineItemPriceDataOptions
                {
                    UnitAmount = seat.Ore,
                    Currency = "sek",
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Seat" },
                },
                Quantity = seat.Count,
            });
        }
        var options = new SessionCreateOptions
        {
            LineItems = new List<SessionLineItemOptions>(),
            Mode = "payment",
            SuccessUrl = site + "/thanks",
        };
        foreach (var one in picked)
        {
            options.LineItems.Add(one);
        }
        return new SessionService().Create(options).Url;
    }
}
"""

GO = """\
package tickets

import (
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/checkout/session"
)

type Seat struct {
	Ore   int64
	Count int64
}

func Buy(seats []Seat, site string) (string, error) {
	picked := []*stripe.CheckoutSessionLineItemParams{}
	for _, seat := range seats {
		picked = append(picked, &stripe.CheckoutSessionLineItemParams{
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:   stripe.String("sek"),
				UnitAmount: stripe.Int64(seat.Ore),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{
					Name: stripe.String("Seat"),
				},
			},
			Quantity: stripe.Int64(seat.Count),
		})
	}
	params := &stripe.CheckoutSessionParams{
		Mode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL: stripe.String(site + "/thanks"),
	}
	for _, one := range picked {
		params.LineItems = append(params.LineItems, one)
	}
	s, err := session.New(params)
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""

PYTHON = """\
import stripe


def buy(seats, site):
    picked = []
    for seat in seats:
        picked.append({
            "price_data": {
                "currency": "sek", "product_data": {"name": "Seat"}, "unit_amount": seat["ore"]
            },
            "quantity": seat["count"],
        })
    params = {"mode": "payment", "success_url": site + "/thanks", "line_items": []}
    for one in picked:
        params["line_items"].append(one)
    return stripe.checkout.Session.create(**params)


def kept(seats, site):
    picked = []
    for seat in seats:
        picked.append({
            "price_data": {
                "currency": "sek", "product_data": {"name": "Seat"}, "unit_amount": seat["ore"]
            },
            "quantity": seat["count"],
        })
    params = {"mode": "payment", "success_url": site + "/thanks", "line_items": []}
    for one in picked:
        if one["quantity"] > 0:
            params["line_items"].append(one)
    return stripe.checkout.Session.create(**params)
"""

TYPESCRIPT = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function buy(seats: { ore: number; count: number }[], site: string) {
  const picked: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  for (const seat of seats) {
    picked.push({
      price_data: { currency: "sek", product_data: { name: "Seat" }, unit_amount: seat.ore },
      quantity: seat.count,
    });
  }
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    success_url: site + "/thanks",
    line_items: [],
  };
  for (const one of picked) {
    params.line_items!.push(one);
  }
  return stripe.checkout.sessions.create(params);
}
"""

TS_CHECK = (
    """\
export async function buy(seats: { ore: number; count: number }[], site: string) {
"""
    + CUT
)

JAVA_CHANGED = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;

public class Plans {
    private SessionCreateParams.LineItem doubled(SessionCreateParams.LineItem line) {
        return SessionCreateParams.LineItem.builder()
            .setPrice(line.getPrice()).setQuantity(line.getQuantity() * 2).build();
    }

    public String buy(List<SessionCreateParams.LineItem> picked) throws Exception {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://plans.example/thanks");
        for (SessionCreateParams.LineItem one : picked) {
            params.addLineItem(doubled(one));
        }
        return Session.create(params.build()).getUrl();
    }
}
"""


def _sites(code: str, path: str, family: str) -> list[CallSite]:
    return [s for s in scan_source(code, path, BY_NAME[family]) if s.kind == "create"]


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_a_java_for_each_adding_built_lines_as_they_are_is_the_built_cart() -> None:
    (site,) = _sites(JAVA, "Tickets.java", "java")
    suggestion = site.suggestion
    assert "RT015" not in _codes(site)
    assert "TODO_product_id" not in suggestion
    assert "seats.stream().map(seat -> " in suggestion
    assert '\\"quantity\\":" + DodoJson.of(seat.getCount())' in suggestion
    assert '\\"amount\\":" + DodoJson.of(seat.getOre())' in suggestion


def test_kotlin_also_foreach_and_for_in_adding_built_lines_are_the_built_cart() -> None:
    sites = _sites(KOTLIN, "Tickets.kt", "kotlin")
    assert len(sites) == 2
    for site in sites:
        assert "RT015" not in _codes(site)
        assert "TODO_product_id" not in site.suggestion
        assert 'seats.joinToString(",", "[", "]") { seat -> ' in site.suggestion
        assert '\\"quantity\\":" + dodoJson(seat.count)' in site.suggestion
    assert '\\"amount\\":" + dodoJson(seat.kronor * 100)' in sites[0].suggestion
    assert '\\"amount\\":" + dodoJson(seat.ore)' in sites[1].suggestion


def test_a_csharp_foreach_adding_built_lines_as_they_are_is_the_built_cart() -> None:
    (site,) = _sites(CSHARP, "Tickets.cs", "csharp")
    suggestion = site.suggestion
    assert "RT015" not in _codes(site)
    assert "TODO_product_id" not in suggestion
    assert "seats.Select(seat => new Dictionary<string, object?>" in suggestion
    assert '["quantity"] = seat.Count,' in suggestion
    assert '["amount"] = seat.Ore,' in suggestion


def test_a_go_range_appending_built_lines_as_they_are_is_the_built_cart() -> None:
    (site,) = _sites(GO, "tickets.go", "go")
    suggestion = site.suggestion
    assert "RT015" not in _codes(site)
    assert "TODO_product_id" not in suggestion
    assert "for _, seat := range seats {" in suggestion
    assert '"quantity": seat.Count,' in suggestion
    assert '"amount":   seat.Ore,' in suggestion or '"amount": seat.Ore,' in suggestion


def test_python_and_typescript_loops_appending_built_lines_are_the_built_cart() -> None:
    (py, kept) = _sites(PYTHON, "tickets.py", "python")
    assert "RT015" not in _codes(py)
    assert "TODO_product_id" not in py.suggestion
    assert '"amount": seat["ore"],' in py.suggestion
    assert "for seat in seats" in py.suggestion
    (ts,) = _sites(TYPESCRIPT, "tickets.ts", "typescript")
    assert "RT015" not in _codes(ts)
    assert "TODO_product_id" not in ts.suggestion
    assert "product_cart: seats.map((seat: any): DodoPayments.ProductItemReq => ({" in (
        ts.suggestion
    )
    assert "amount: seat.ore," in ts.suggestion
    # a loop that keeps only some of the lines is no copy of the list: read as before
    assert 'for one in ([one for one in picked if one["quantity"] > 0])' in kept.suggestion


def test_a_loop_adding_changed_lines_is_read_as_before() -> None:
    (site,) = _sites(JAVA_CHANGED, "Plans.java", "java")
    suggestion = site.suggestion
    assert "picked.stream().map(one -> " in suggestion
    assert "DodoIds.productId(one.getPrice())" in suggestion
    assert "one.getQuantity() * 2" in suggestion


@pytest.mark.slow
def test_the_python_dodo_call_type_checks(tmp_path: Path) -> None:
    (py, _) = _sites(PYTHON, "tickets.py", "python")
    problems = mypy_problems(
        tmp_path, py.suggestion, "def buy(seats: Any, site: str) -> str | None"
    )
    assert not problems, problems


@pytest.mark.slow
def test_the_typescript_dodo_call_type_checks(tmp_path: Path) -> None:
    (ts,) = _sites(TYPESCRIPT, "tickets.ts", "typescript")
    problems = tsc_problems(tmp_path, TS_CHECK, ts.suggestion)
    assert not problems, problems


@pytest.mark.slow
def test_the_java_dodo_call_compiles_where_its_call_was(tmp_path: Path) -> None:
    if shutil.which("javac") is None:
        pytest.skip("no JDK: the suggestion's text is read above")
    (site,) = _sites(JAVA, "Tickets.java", "java")
    _, _, body = site.suggestion.partition("\n")  # the imports comment
    code = textwrap.indent(body + "\nSystem.out.println(dodoResponse.body());", " " * 8)
    source = (
        "import java.util.List;\nimport java.net.URI;\n"
        "import java.net.http.HttpClient;\nimport java.net.http.HttpRequest;\n"
        "import java.net.http.HttpResponse;\n\n"
        "class Seat {\n    long getCount() { return 1; }\n    long getOre() { return 100; }\n}\n\n"
        "public class Tickets {\n    void buy(List<Seat> seats, String site) throws Exception {\n"
        f"{code}\n    }}\n}}\n"
    )
    done = javac(tmp_path, "Tickets.java", source)
    assert done.returncode == 0, done.stderr + "\n" + source


RUBY = """\
def buy(seats, site)
  picked = []
  seats.each do |seat|
    picked << {
      price_data: { currency: "sek", unit_amount: seat.ore, product_data: { name: "Seat" } },
      quantity: seat.count,
    }
  end
  params = { mode: "payment", success_url: site + "/thanks", line_items: [] }
  picked.each { |one| params[:line_items] << one }
  Stripe::Checkout::Session.create(params)
end

def kept(seats, site)
  picked = []
  seats.each do |seat|
    picked << {
      price_data: { currency: "sek", unit_amount: seat.ore, product_data: { name: "Seat" } },
      quantity: seat.count,
    }
  end
  params = { mode: "payment", success_url: site + "/thanks", line_items: [] }
  picked.each { |one| params[:line_items] << one if one[:quantity] > 0 }
  Stripe::Checkout::Session.create(params)
end
"""

PHP = """\
<?php
function buy($seats, $site) {
    $picked = [];
    foreach ($seats as $seat) {
        $picked[] = [
            'price_data' => ['currency' => 'sek', 'unit_amount' => $seat->ore,
                             'product_data' => ['name' => 'Seat']],
            'quantity' => $seat->count,
        ];
    }
    $params = ['mode' => 'payment', 'success_url' => $site . '/thanks', 'line_items' => []];
    foreach ($picked as $one) {
        $params['line_items'][] = $one;
    }
    return \\Stripe\\Checkout\\Session::create($params);
}
"""


def test_ruby_and_php_loops_appending_built_lines_are_the_built_cart() -> None:
    """`picked.each { |one| items << one }`, `foreach ($picked as $one) $items[] = $one;`: the
    lines built into `picked` (SEK amounts on the pay-what-you-want product), where each element
    was one opaque line (Ruby: mapped through a `price` it lacks, RT003; PHP: RT015)."""
    ruby, kept = _sites(RUBY, "tickets.rb", "ruby")
    (php,) = _sites(PHP, "tickets.php", "php")
    for site in (ruby, php):
        assert not _codes(site) & {"RT003", "RT015", "RT007"}, site.findings
        assert "L112" in _codes(site)
        assert site.translation is not None
        (product,) = site.translation.requires
        assert product["product"]["price"]["currency"] == "SEK"
    assert '"amount" => seat.ore,' in ruby.suggestion
    assert "'amount' => (filter_var($seat->ore, FILTER_VALIDATE_INT" in php.suggestion
    assert "seats.map" in ruby.suggestion and "[...$seats]" in php.suggestion
    assert "RT003" in _codes(kept)  # filtered as it is copied: read as before

"""A price a helper of the file creates in Stripe (``String price = makePrice(title, amount)``,
the helper calling ``Price.create`` / ``price.New`` and returning its id) is a price the code
creates at run time, in Java, Kotlin, Go and C# as in Python: it is in no id map, so the Dodo call
cannot look it up (X026, a blocker). The checkout was "translated" with the id map's look-up of
an id that is never in it (seen in a real Kotlin payment service). In C#, the line's own
``{ Price = price, Quantity = 1 }`` was read as the binding ``price, Quantity = 1``."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

JAVA = """\
import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    static String makePrice(String title, long amount) throws Exception {
        PriceCreateParams params = PriceCreateParams.builder()
            .setCurrency("eur")
            .setUnitAmount(amount * 100L)
            .setProductData(PriceCreateParams.ProductData.builder().setName(title).build())
            .build();
        Price price = Price.create(params);
        return price.getId();
    }

    public String pay(String title, long amount) throws Exception {
        String price = makePrice(title, amount);
        SessionCreateParams params = SessionCreateParams.builder()
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://x.example/ok")
            .build();
        return Session.create(params).getUrl();
    }
}
"""

KOTLIN = """\
import com.stripe.model.Price
import com.stripe.model.checkout.Session
import com.stripe.param.PriceCreateParams
import com.stripe.param.checkout.SessionCreateParams

fun makePrice(title: String, amount: Long): String {
    val params = PriceCreateParams.builder()
        .setCurrency("eur")
        .setUnitAmount(amount * 100L)
        .setProductData(PriceCreateParams.ProductData.builder().setName(title).build())
        .build()
    val price = Price.create(params)
    return price.id
}

fun pay(title: String, amount: Long): String {
    val price: String = makePrice(title, amount)
    val params = SessionCreateParams.builder()
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1).build())
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setSuccessUrl("https://x.example/ok")
        .build()
    return Session.create(params).url
}
"""

CSHARP = """\
using System.Collections.Generic;
using Stripe;
using Stripe.Checkout;

public class Pay
{
    private string MakePrice(string title, long amount)
    {
        var options = new PriceCreateOptions
        {
            Currency = "eur",
            UnitAmount = amount * 100,
            ProductData = new PriceProductDataOptions { Name = title },
        };
        var price = new PriceService().Create(options);
        return price.Id;
    }

    public string Start(string title, long amount)
    {
        var price = MakePrice(title, amount);
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = price, Quantity = 1 },
            },
            SuccessUrl = "https://x.example/ok",
        };
        return new SessionService().Create(options).Url;
    }
}
"""

GO = """\
package pay

import (
\t"github.com/stripe/stripe-go/v82"
\t"github.com/stripe/stripe-go/v82/checkout/session"
\t"github.com/stripe/stripe-go/v82/price"
)

func makePrice(title string, amount int64) (string, error) {
\tp, err := price.New(&stripe.PriceParams{
\t\tCurrency:    stripe.String("eur"),
\t\tUnitAmount:  stripe.Int64(amount * 100),
\t\tProductData: &stripe.PriceProductDataParams{Name: stripe.String(title)},
\t})
\tif err != nil {
\t\treturn "", err
\t}
\treturn p.ID, nil
}

func Start(title string, amount int64) (string, error) {
\tpriceID, err := makePrice(title, amount)
\tif err != nil {
\t\treturn "", err
\t}
\ts, err := session.New(&stripe.CheckoutSessionParams{
\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t\tSuccessURL: stripe.String("https://x.example/ok"),
\t})
\tif err != nil {
\t\treturn "", err
\t}
\treturn s.URL, nil
}
"""


@pytest.mark.parametrize(
    ("name", "source", "helper"),
    [
        ("Pay.java", JAVA, "makePrice"),
        ("Pay.kt", KOTLIN, "makePrice"),
        ("pay.go", GO, "makePrice"),
        ("Pay.cs", CSHARP, "MakePrice"),
    ],
)
def test_a_price_a_helper_of_the_file_creates_blocks(
    tmp_path: Path, name: str, source: str, helper: str
) -> None:
    (tmp_path / name).write_text(source)
    (site,) = [s for s in scan_paths([str(tmp_path)], stats=ScanStats()) if s.kind == "create"]
    found = [f for f in site.findings if f.code == "X026"]
    assert [f.path for f in found] == ["line_items[0].price"], site.findings
    assert f" in {helper}" in found[0].message
    assert site.verdict == "blocked"


def test_the_site_of_the_price_creation_is_still_reported(tmp_path: Path) -> None:
    (tmp_path / "Pay.java").write_text(JAVA)
    sites: list[CallSite] = list(scan_paths([str(tmp_path)], stats=ScanStats()))
    assert [s.rule for s in sites if s.kind != "create"] == ["X031"]

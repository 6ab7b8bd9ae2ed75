"""RT015 for a Java, Kotlin or C# service whose line items come from a method of an object the
code declares as a class of the project, kept in another module (a Spring processor's
``addAllLineItem(checkoutRequest.getStripeLineItems())``, the request a DTO of the ``api``
module building pre-Prices lines with ``setAmount``/``setCurrency``; a Kotlin service's
``basket.toStripeLines()``; an ASP.NET controller's ``cart.ToLineItems()``). The other file was
looked for only in Python, JavaScript, Ruby and PHP: the call said RT003 (a warning, "translated")
and its cart looked up a ``price`` the lines do not have, so every checkout would fail. A method
that returns price ids stays RT003."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import blocker_message, only_site

JAVA_SERVICE = """\
package shop.service;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import shop.dto.TicketOrder;

public class TicketCheckout {
    public String open(List<Ticket> tickets) throws Exception {
        TicketOrder order = new TicketOrder(tickets, "https://tickets.test/done");
        SessionCreateParams params = new SessionCreateParams.Builder()
            .addAllLineItem(order.stripeLines())
            .setSuccessUrl(order.doneUrl())
            .build();
        return Session.create(params).getId();
    }
}
"""
JAVA_DTO = """\
package shop.dto;

import com.stripe.param.checkout.SessionCreateParams;
import java.util.ArrayList;
import java.util.List;

public class TicketOrder {
    private final List<Ticket> tickets;

    public List<SessionCreateParams.LineItem> stripeLines() {
        List<SessionCreateParams.LineItem> lines = new ArrayList<>();
        for (Ticket t : tickets) {
            lines.add(line(t));
        }
        return lines;
    }

    private SessionCreateParams.LineItem line(Ticket t) {
        return new SessionCreateParams.LineItem.Builder()
            BODY
            .setQuantity(Long.valueOf(t.count()))
            .build();
    }
}
"""
JAVA_LEGACY = (
    '.setName(t.title())\n            .setAmount(t.cents())\n            .setCurrency("usd")'
)
JAVA_PRICE = ".setPrice(t.stripePriceId())"

KOTLIN_SERVICE = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class BasketCheckout {
    fun open(basket: Basket): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addAllLineItem(basket.toStripeLines())
            .setSuccessUrl("https://basket.test/ok")
            .build()
        return Session.create(params).url
    }
}
"""
KOTLIN_BASKET = """\
package shop.model

import com.stripe.param.checkout.SessionCreateParams

data class Basket(val rows: List<Row>) {
    fun toStripeLines(): List<SessionCreateParams.LineItem> = rows.map { row ->
        SessionCreateParams.LineItem.builder()
            .setQuantity(row.qty)
            .setPriceData(
                SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency("eur")
                    .setUnitAmount(row.cents)
                    .build()
            )
            .build()
    }
}
"""

CSHARP_CONTROLLER = """\
using Stripe.Checkout;

public class PayController : Controller
{
    public IActionResult Pay(int id)
    {
        var cart = new CartSummary(_db.Carts.Find(id));
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = cart.ToLineItems(),
            SuccessUrl = "https://cart.test/ok",
        };
        var session = new SessionService().Create(options);
        return Redirect(session.Url);
    }
}
"""
CSHARP_CART = """\
using Stripe.Checkout;

namespace Shop.Models
{
    public class CartSummary
    {
        public List<SessionLineItemOptions> ToLineItems()
        {
            return Rows.Select(r => new SessionLineItemOptions
            {
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = "usd",
                    UnitAmount = r.Cents,
                },
                Quantity = r.Count,
            }).ToList();
        }
    }
}
"""


site = only_site


def rt015(found: CallSite) -> str:
    return blocker_message(found, "RT015")


def test_a_java_dto_of_another_module_building_pre_prices_lines_blocks(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "pom.xml": "<project/>",
            "service/src/main/java/shop/service/TicketCheckout.java": JAVA_SERVICE,
            "api/src/main/java/shop/dto/TicketOrder.java": JAVA_DTO.replace("BODY", JAVA_LEGACY),
        },
    )
    assert found.verdict == "blocked"
    message = rt015(found)
    assert "a pre-Prices line's own `amount` and `currency` in stripeLines" in message
    assert "in TicketOrder.java" in message


def test_a_java_dto_building_price_ids_stays_a_warning(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "service/src/main/java/shop/service/TicketCheckout.java": JAVA_SERVICE,
            "api/src/main/java/shop/dto/TicketOrder.java": JAVA_DTO.replace("BODY", JAVA_PRICE),
        },
    )
    codes = {f.code: f.level.value for f in found.findings}
    assert "RT015" not in codes
    assert codes.get("RT003") == "warning"


def test_a_kotlin_parameter_s_class_with_price_data_blocks(tmp_path: Path) -> None:
    found = site(
        tmp_path,
        {
            "billing/src/main/kotlin/shop/billing/BasketCheckout.kt": KOTLIN_SERVICE,
            "model/src/main/kotlin/shop/model/Basket.kt": KOTLIN_BASKET,
        },
    )
    assert "`price_data` in toStripeLines, in Basket.kt" in rt015(found)


def test_a_csharp_local_made_with_new_whose_class_builds_price_data_blocks(
    tmp_path: Path,
) -> None:
    found = site(
        tmp_path,
        {
            "Web/Controllers/PayController.cs": CSHARP_CONTROLLER,
            "Core/Models/CartSummary.cs": CSHARP_CART,
        },
    )
    assert "`price_data` in ToLineItems, in CartSummary.cs" in rt015(found)

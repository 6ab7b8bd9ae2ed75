"""A checkout line's price made by a helper of the file that returns the created price's id
(``return Price.create(params).getId();`` in Java, ``Price.create(params).id`` in Kotlin, the
params a builder local of the helper): only a helper returning the creation itself was read, so
the line stayed a look-up of a price id no id map can hold (L113, "translated"; every checkout
would fail). The creation is now read through the id: the line is that price inline (RT042),
the amount the caller passes carried. A recurring price whose amount is known only at run time
still blocks (L114). Seen in a Kotlin OCR app's billing utilities."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

JAVA = """\
package shop;

import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

public class Tickets {
    private String ticketPrice(long cents) throws Exception {
        PriceCreateParams params = PriceCreateParams.builder()
            .setCurrency("gbp")
            .setUnitAmount(cents)
            RECURRING.setProductData(PriceCreateParams.ProductData.builder().setName("Ticket").build())
            .build();
        return Price.create(params).getId();
    }

    public String sell(long fare) throws Exception {
        String price = ticketPrice(fare);
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.MODE)
            .setSuccessUrl("https://tickets.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(2L).build())
            .build();
        return Session.create(params).getUrl();
    }
}
"""
KOTLIN = """\
package shop

import com.stripe.model.Price
import com.stripe.model.checkout.Session
import com.stripe.param.PriceCreateParams
import com.stripe.param.checkout.SessionCreateParams

class Tickets {
    private fun ticketPrice(cents: Long): String {
        val params = PriceCreateParams.builder()
            .setCurrency("gbp")
            .setUnitAmount(cents)
            .setProductData(PriceCreateParams.ProductData.builder().setName("Ticket").build())
            .build()
        return Price.create(params).id
    }

    fun sell(fare: Long): String {
        val price = ticketPrice(fare)
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://tickets.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(2L).build())
            .build()
        return Session.create(params).url
    }
}
"""
ONE_TIME = JAVA.replace("RECURRING", "").replace("MODE", "PAYMENT")
MONTHLY = JAVA.replace(
    "RECURRING",
    ".setRecurring(PriceCreateParams.Recurring.builder()"
    ".setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())\n            ",
).replace("MODE", "SUBSCRIPTION")


def one(code: str, name: str, language: str) -> CallSite:
    sites = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    assert len(sites) == 1, sites
    return sites[0]


@pytest.mark.parametrize(
    ("code", "name", "language", "amount"),
    [
        (ONE_TIME, "Tickets.java", "java", "DodoJson.of(fare)"),
        (KOTLIN, "Tickets.kt", "kotlin", "dodoJson(fare)"),
    ],
)
def test_a_helper_returning_the_made_price_s_id_is_read_inline(
    code: str, name: str, language: str, amount: str
) -> None:
    site = one(code, name, language)
    codes = {f.code for f in site.findings}
    assert "RT042" in codes and "L113" not in codes
    (finding,) = [f for f in site.findings if f.code == "RT042"]
    assert "from Price.create(...)" in finding.message
    assert amount in site.suggestion
    assert site.verdict != "blocked"


def test_a_made_recurring_price_with_a_run_time_amount_blocks() -> None:
    site = one(MONTHLY, "Tickets.java", "java")
    codes = {f.code: f.level.value for f in site.findings}
    assert codes.get("L114") == "blocker"
    assert "L113" not in codes

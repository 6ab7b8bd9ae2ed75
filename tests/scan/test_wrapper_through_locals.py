"""A wrapper whose parameters reach its Stripe call only through its locals (``url =
"https://" + host``, ``chosen = price_id.strip()``) is a wrapper: its callers are creation
sites, the locals written out in their terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan import scan_paths

PYTHON = """\
import stripe


def checkout(price_id, host):
    url = "https://" + host + "/ok"
    chosen = price_id.strip()
    return stripe.checkout.Session.create(
        mode="payment", success_url=url, line_items=[{"price": chosen, "quantity": 1}]
    )


def buy():
    return checkout("price_abc", "shop.example")
"""

GO = """\
package billing

import (
\t"strings"

\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func Checkout(priceID string, host string) (*stripe.CheckoutSession, error) {
\turl := "https://" + host + "/ok"
\tchosen := strings.TrimSpace(priceID)
\treturn session.New(&stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String(url),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(chosen), Quantity: stripe.Int64(1)},
\t\t},
\t})
}

func Buy() { Checkout("price_abc", "shop.example") }
"""

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Billing {
    public String checkout(String priceId, String host) throws Exception {
        String url = "https://" + host + "/ok";
        String chosen = priceId.trim();
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(url)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(chosen).setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }
}

class Shop {
    private final Billing billing = new Billing();

    String buy() throws Exception {
        return billing.checkout("price_abc", "shop.example");
    }
}
"""


KOTLIN = """\
package shop.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Billing {
    fun checkout(priceId: String, host: String): String {
        val url = "https://" + host + "/ok"
        val chosen = priceId.trim()
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(url)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(chosen).setQuantity(1L).build())
            .build()
        return Session.create(params).url
    }
}

class Shop(private val billing: Billing) {
    fun buy() = billing.checkout("price_abc", "shop.example")
}
"""


@pytest.mark.parametrize(
    ("name", "code", "price"),
    [
        ("billing.py", PYTHON, '"price_abc".strip()'),
        ("billing.go", GO, 'strings.TrimSpace("price_abc")'),
        ("Billing.java", JAVA, '"price_abc".trim()'),
        ("Billing.kt", KOTLIN, '"price_abc".trim()'),  # its val locals written out too
    ],
)
def test_a_wrapper_s_parameters_through_its_locals_reach_its_callers(
    tmp_path: Path, name: str, code: str, price: str
) -> None:
    (tmp_path / name).write_text(code, encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    wrapper, call = sites
    assert wrapper.via is None and call.via is not None
    assert any(f.code == "X014" for f in wrapper.findings)  # the wrapper says it is one
    assert call.params["success_url"] == {"$dynamic": '"https://" + "shop.example" + "/ok"'}
    assert call.params["line_items"] == [{"price": {"$dynamic": price}, "quantity": 1}]

"""A return URL joined from a class constant that holds Stripe's {CHECKOUT_SESSION_ID}
template (Java's ``private static final String``, C#'s ``const string``): the call shows
``base + SUCCESS``, a run-time value, so the Dodo return URL kept the placeholder's text with
only an info (RT008). Now C003 names the constant, as it does a module's or a Go package's."""

from __future__ import annotations

import textwrap

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

JAVA = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Billing {
    private static final String PAID_PATH = "/billing/paid?sid={CHECKOUT_SESSION_ID}";
    private static final String BACK_PATH = "/billing";

    public String open(String host, String priceId) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl(host + PAID_PATH)
            .setCancelUrl(host + BACK_PATH)
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(priceId).setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }
}
"""

CSHARP = """\
using Stripe.Checkout;

public class Billing
{
    private const string PaidPath = "/billing/paid?sid={CHECKOUT_SESSION_ID}";

    public async Task<string> Open(string host, string priceId)
    {
        var options = new SessionCreateOptions
        {
            Mode = "subscription",
            SuccessUrl = host + PaidPath,
            LineItems = new List<SessionLineItemOptions>
            {
                new() { Price = priceId, Quantity = 1 },
            },
        };
        var session = await new SessionService().CreateAsync(options);
        return session.Url;
    }
}
"""


def _c003(code: str, name: str, family: str) -> list[tuple[str, str]]:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    assert isinstance(site, CallSite)
    return [(f.path, f.message) for f in site.findings if f.code == "C003"]


def _said(name: str) -> str:
    return (
        "`success_url` uses the {CHECKOUT_SESSION_ID} template, which Dodo does not fill in: "
        f"it is in `{name}`, a constant of its class: remove it there by hand."
    )


def test_a_java_static_final_path_with_the_template_is_warned_at_its_url_only() -> None:
    found = _c003(textwrap.dedent(JAVA), "Billing.java", "java")
    assert [(p, m.split(" Set by the caller")[0]) for p, m in found] == [
        ("success_url", _said("PAID_PATH"))
    ]


def test_a_csharp_const_path_with_the_template_is_warned() -> None:
    found = _c003(CSHARP, "Billing.cs", "csharp")
    assert [(p, m.split(" Set by the caller")[0]) for p, m in found] == [
        ("success_url", _said("PaidPath"))
    ]


def test_a_local_of_another_function_is_no_constant_of_the_class() -> None:
    """``url`` is bound with the template in another function only: the URL the call is given
    is the parameter, said nothing of."""
    code = (
        "const stripe = require('stripe')('sk_test_x');\n"
        "function sample() { const url = 'https://x.example/ok?sid={CHECKOUT_SESSION_ID}';"
        " return url; }\n"
        "async function open(url, price) {\n"
        "  return stripe.checkout.sessions.create({\n"
        "    mode: 'payment', success_url: url, line_items: [{ price, quantity: 1 }],\n"
        "  });\n"
        "}\n"
        "module.exports = { sample, open };\n"
    )
    assert _c003(code, "pay.js", "javascript") == []

"""A URL builder's link adding ``{CHECKOUT_SESSION_ID}`` as a query parameter is removed.

Read in a Spring car-sharing app: ``setSuccessUrl(uriBuilder.scheme("http").host("localhost")
.port(8080).path("/payments/success").queryParam("session_id", "{CHECKOUT_SESSION_ID}").build()
.toString())``. C003 said the suggestion could not remove the template (remove it by hand), and
the Dodo call sent Dodo the literal text. The builder's link that adds it (Spring's
``queryParam``, Apache's ``addParameter``, Android's ``appendQueryParameter``) now goes, as a
query parameter written in a string does (``migrate/mapping/url_templates.py``).
"""

from __future__ import annotations

from migrate.mapping.url_templates import without_session_template
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SOURCE = """package demo;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.springframework.web.util.UriComponentsBuilder;

public class StripeService {
    public String pay() throws Exception {
        UriComponentsBuilder uriBuilder = UriComponentsBuilder.newInstance();
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl(uriBuilder.scheme("http").host("localhost").port(8080).path("/payments/success")
                        .queryParam("session_id", "{CHECKOUT_SESSION_ID}").build().toString())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_rental").setQuantity(1L).build())
                .build();
        return Session.create(params).getUrl();
    }
}
"""


def test_a_spring_builders_query_param_link_with_the_template_goes() -> None:
    (site,) = [
        s for s in scan_source(SOURCE, "StripeService.java", BY_NAME["java"]) if s.kind == "create"
    ]
    text = site.suggestion or ""
    assert (
        'DodoJson.of(uriBuilder.scheme("http").host("localhost").port(8080).path("/payments/success").build().toString())'
        in text
    )
    assert "CHECKOUT_SESSION_ID" not in text
    (c003,) = [f.message for f in site.findings if f.code == "C003"]
    assert c003.endswith("it was removed.")


def test_other_builders_links_go_too() -> None:
    assert (
        without_session_template(
            'new URIBuilder(base).addParameter("sid", "{CHECKOUT_SESSION_ID}").build().toString()'
        )
        == "new URIBuilder(base).build().toString()"
    )
    assert (
        without_session_template(
            'Uri.parse(base).buildUpon().appendQueryParameter("s", "{CHECKOUT_SESSION_ID}").build()'
        )
        == "Uri.parse(base).buildUpon().build()"
    )

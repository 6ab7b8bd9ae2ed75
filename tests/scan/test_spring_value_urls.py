"""A Spring Boot service's return URL is a field injected with ``@Value("${...}")``, and the
property sets Stripe's {CHECKOUT_SESSION_ID} template (``application.properties``), or the
annotation's default does. The call shows only the field's name, so the Dodo return URL kept
the placeholder's text with no more than an info (RT008): the success page, which reads the
session id from the URL, got ``{CHECKOUT_SESSION_ID}``. Now C003 names the property and where
it is set, as it does for a Django setting or a Laravel config read."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from tests.scan.trees import creates, write_tree

PROPERTIES = """\
server.port=8080
billing.stripe.success-url=https://shop.example.com/paid?session_id={CHECKOUT_SESSION_ID}
billing.stripe.cancel-url=https://shop.example.com/cart
"""

JAVA = """\
package shop.billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

@Service
public class CheckoutService {
    @Value("${billing.stripe.success-url}")
    private String successUrl;

    @Value("${billing.stripe.cancel-url}")
    private String cancelUrl;

    public String open(String priceId) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(successUrl)
            .setCancelUrl(cancelUrl)
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(priceId).setQuantity(1L).build())
            .build();
        return Session.create(params).getUrl();
    }
}
"""

KOTLIN = """\
package shop.plans

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Service

@Service
class PlanCheckout(
    @Value("\\${plans.done-url:https://plans.example.com/done?sid={CHECKOUT_SESSION_ID}}")
    private val doneUrl: String,
) {
    fun open(priceId: String): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl(doneUrl)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build()
            )
            .build()
        return Session.create(params).url
    }
}
"""


def _c003(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str]]:
    (site,) = creates(write_tree(tmp_path / "app", files))
    return [(f.path, f.message) for f in site.findings if f.code == "C003"]


def test_a_value_field_whose_property_holds_the_template_is_warned(tmp_path: Path) -> None:
    found = _c003(
        tmp_path,
        {
            "src/main/resources/application.properties": PROPERTIES,
            "src/main/java/shop/billing/CheckoutService.java": JAVA,
        },
    )
    ((path, message),) = found  # the cancel URL's property holds none: nothing said there
    assert path == "success_url"
    assert message.startswith(
        "`success_url` uses the {CHECKOUT_SESSION_ID} template, which Dodo does not fill in: "
        "it is in the setting `billing.stripe.success-url` (read as `successUrl`), set in "
    )
    assert message.endswith("application.properties:2: remove it there by hand.")


def test_a_kotlin_constructor_value_whose_default_holds_the_template_is_warned(
    tmp_path: Path,
) -> None:
    found = _c003(tmp_path, {"src/main/kotlin/shop/plans/PlanCheckout.kt": KOTLIN})
    assert found == [
        (
            "success_url",
            "`success_url` uses the {CHECKOUT_SESSION_ID} template, which Dodo does not fill in: "
            "it is in the setting `plans.done-url` (read as `doneUrl`), set in the default of "
            "its `@Value` on `doneUrl`: remove it there by hand.",
        )
    ]


def test_application_properties_is_read_as_configuration(tmp_path: Path) -> None:
    """Spring keeps its settings in ``application.properties``: read like its YAML twin (the
    template above, and the Stripe ids it holds, CF002 without an id map)."""
    top = write_tree(
        tmp_path / "app",
        {"src/main/resources/application.properties": "billing.price-pro=price_1QProMonthly\n"},
    )
    sites = list(scan_paths([str(top)]))
    assert [(s.line, [f.code for f in s.findings]) for s in sites] == [(1, ["CF002"])]
    assert (
        "billing.price-pro holds the Stripe id price_1QProMonthly" in sites[0].findings[0].message
    )

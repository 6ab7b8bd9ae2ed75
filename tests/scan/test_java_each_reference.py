"""A Java cart built in a list and handed to the builder through a method reference:
``lines.forEach(params::addLineItem)`` (seen in a Spring shop's Stripe service, after a ``for``
loop that fills ``lines`` from the order). The reference was read as nothing, so the call was
blocked with no cart at all (RT007); it adds each element, as ``params.addAllLineItem(lines)``."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SHOP = """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.ArrayList;
import java.util.List;

public class Register {
    public String open(Order order) throws Exception {
        List<SessionCreateParams.LineItem> lines = new ArrayList<>();
        for (OrderRow row : order.getRows()) {
            SessionCreateParams.LineItem line = SessionCreateParams.LineItem.builder()
                .setPrice(row.getStripePrice())
                .setQuantity((long) row.getUnits())
                .build();
            lines.add(line);
        }
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://register.example/paid")
            .setClientReferenceId(order.getRef());
        lines.forEach(params::addLineItem);
        return Session.create(params.build()).getUrl();
    }
}
"""


def test_a_list_added_through_a_method_reference_is_the_cart(tmp_path: Path) -> None:
    (site,) = creates(write_tree(tmp_path, {"Register.java": SHOP}))
    codes = [f.code for f in site.findings]
    assert "RT007" not in codes and site.status == "translated", codes
    assert (
        'order.getRows().stream().map(row -> "{\\"product_id\\":" + '
        "DodoJson.of(DodoIds.productId(row.getStripePrice()))"
    ) in site.suggestion
    assert "DodoJson.of((long) row.getUnits())" in site.suggestion
    assert "order.getRef()" in site.suggestion

"""Java's grammar names its comments ``line_comment`` and ``block_comment``, not ``comment``: a
comment among the arguments of a call to a wrapper (``null, // not supported yet``) was read as
an argument, and every later argument moved one parameter along (a quantity given as the coupon,
the metadata map as null). Comments of every grammar are now left out where arguments, elements
and statements are counted (``migrate/scan/nodes.py``). Seen in a Spring payment gateway that
calls its Stripe service with nine positional arguments, one followed by a comment; written here
in that shape."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

SERVICE = """\
package shop.pay;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Checkouts {
    public Session open(String priceId, Long seats, String coupon, String ref) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(seats).build())
            .setClientReferenceId(ref)
            .setSuccessUrl("https://shop.example.com/done");
        if (coupon != null) {
            builder.addDiscount(SessionCreateParams.Discount.builder().setCoupon(coupon).build());
        }
        return Session.create(builder.build());
    }
}
"""

CALLER = """\
package shop.pay;

public class Orders {
    private final Checkouts checkouts = new Checkouts();

    public String teamPlan(String orderId) throws Exception {
        return checkouts.open(
            "price_team_plan", // the plan every team starts on
            4L, /* four seats */
            null, // no coupon on this path
            orderId).getUrl();
    }
}
"""


def test_a_comment_among_java_arguments_moves_no_argument(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Checkouts.java": SERVICE, "src/Orders.java": CALLER})
    (call,) = [s for s in _creates(top) if s.file.endswith("Orders.java")]
    text = call.suggestion or ""
    assert '"quantity": 4' in text  # the seats, not the comment after the price
    assert "plan every team" not in text and "four seats" not in text
    assert "orderId" in text  # client_reference_id: the fourth argument, still the fourth
    assert "discountCode" not in text  # the coupon is null: no code, not the seats

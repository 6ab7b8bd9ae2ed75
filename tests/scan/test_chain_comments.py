"""A comment between the calls of a builder chain (``// read by the webhook`` above
``.setClientReferenceId(..)``) is part of the chain's syntax in Kotlin's tree: the chain is still
read, its cart and values reach the Dodo call (``migrate/scan/lang/kotlin_nodes.py``). Seen in a
Kotlin seller-billing service whose subscription checkout carried such a comment and was blocked
with no cart (RT007); written here in that shape."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

BILLING = """\
package market.billing

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class PlanCheckout(private val urls: Urls) {
    fun upgrade(member: Member): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(member.billingId)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(3L)
                    // one seat per member of the team
                    .setPrice("price_team_seat")
                    .build(),
            )
            // the webhook finds the member by this
            .setClientReferenceId(member.id.toString())
            /* back to the plans page */ .setSuccessUrl(urls.plans)
            .build()
        return Session.create(params).url
    }
}
"""


def test_a_comment_inside_a_kotlin_builder_chain_keeps_the_cart(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/PlanCheckout.kt": BILLING})
    (site,) = _creates(top)
    codes = [f.code for f in site.findings]
    assert "RT007" not in codes and site.status != "blocked"
    text = site.suggestion or ""
    assert '"quantity": 3' in text
    assert "member.id.toString()" in text  # client_reference_id, set after the comment
    assert "urls.plans" in text  # return_url, after a block comment
    assert "member.billingId" in text

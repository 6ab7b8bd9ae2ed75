"""A Kotlin inline price whose currency is a safe-call chain with a default (``pack.currency?
.lowercase() ?: "czk"``): the Dodo product is looked up by the currency upper-cased, and a call on
a nullable value compiles in Kotlin only as ``!!.`` (smart casts skip calls, even under the
choice's ``!= null``); it was ``pack.currency?.lowercase().uppercase()``. Seen in a Kotlin
Spring credit-pack checkout; written here in that shape."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

CREDITS = """\
package gym.credits

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class CreditCheckout(private val packs: Packs) {
    fun buy(packId: String): String {
        val pack = packs.find(packId)
        val price = SessionCreateParams.LineItem.PriceData.builder()
            .setCurrency(pack.currency?.lowercase() ?: "czk")
            .setUnitAmount(pack.crowns.toLong() * 100)
            .setProductData(
                SessionCreateParams.LineItem.PriceData.ProductData.builder().setName("Credits").build()
            )
            .build()
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://gym.example.com/credits")
            .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L).setPriceData(price).build())
            .build()
        return Session.create(params).url
    }
}
"""


def test_a_safe_call_currency_is_upper_cased_with_a_non_null_assertion(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/CreditCheckout.kt": CREDITS})
    (site,) = _creates(top)
    text = site.suggestion or ""
    assert "pack.currency?.lowercase()!!.uppercase()" in text
    assert "?.lowercase().uppercase()" not in text

"""A Kotlin subscription service that attaches the saved customer, or else lets Stripe create
one with the email when the request has one (``request.email?.let { builder.setCustomerEmail(it)
}``): the email is a choice whose run-time side may be null. The Dodo call sent ``{"email":
null}`` for a request with no email, which Dodo refuses (Stripe asked the buyer for it); a
plain run-time email was already sent only when set. Now each run-time email of the choice is
guarded the same way."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

KOTLIN = """\
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Plans {
    fun checkout(request: PlanRequest): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl(request.doneUrl)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(request.priceId)
                    .setQuantity(1L)
                    .build()
            )
        val saved = request.stripeCustomer
        if (saved != null) {
            builder.setCustomer(saved)
        } else {
            request.email?.let { builder.setCustomerEmail(it) }
        }
        return Session.create(builder.build()).url
    }
}
"""


def test_a_choice_of_customer_and_a_nullable_email_sends_the_email_only_when_set() -> None:
    (site,) = [s for s in scan_source(KOTLIN, "Plans.kt", BY_NAME["kotlin"]) if s.kind == "create"]
    text = site.suggestion or ""
    assert (
        '(if (saved != null) "{\\"customer_id\\":" + dodoJson(DodoIds.customerId(saved)) + "}"'
        ' else (if (request.email != null) "{\\"email\\":" + dodoJson(request.email) + "}"'
        ' else "null"))'
    ) in text
    # the email was sent whatever it held
    assert 'else "{\\"email\\":" + dodoJson(request.email) + "}")' not in text

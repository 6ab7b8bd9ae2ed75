"""A Kotlin value set only when a property is not null (``request.trialPeriodDays?.let { days ->
...setTrialPeriodDays(days.toLong()) }``) is written ``if (request.trialPeriodDays != null) ...``
in the Dodo call: a property is no smart cast (one declared in another module never is), so
``request.trialPeriodDays.toLong()`` did not compile (seen in a Kotlin billing library). The
property is asserted where the test made it safe (``request.trialPeriodDays!!.toLong()``); a
local is smart-cast and stays as it is."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

SERVICE = """import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Service {
    fun checkout(request: CheckoutSessionRequest): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://app.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(request.priceId).setQuantity(1L).build())
        request.trialPeriodDays?.let { days ->
            builder.setSubscriptionData(
                SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(days.toLong()).build()
            )
        }
        return Session.create(builder.build()).url
    }

    fun local(priceId: String, trial: Int?): String {
        val builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl("https://app.test/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        trial?.let { days ->
            builder.setSubscriptionData(
                SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(days.toLong()).build()
            )
        }
        return Session.create(builder.build()).url
    }
}
"""


def test_a_property_tested_not_null_is_asserted_in_the_dodo_call() -> None:
    sites = [s for s in scan_source(SERVICE, "Service.kt", BY_NAME["kotlin"]) if s.kind == "create"]
    prop, local = (s.suggestion or "" for s in sites)
    assert (
        "(if (request.trialPeriodDays != null) dodoJson(request.trialPeriodDays!!.toLong())" in prop
    )
    assert "(if (trial != null) dodoJson(trial.toLong())" in local
    assert "!!" not in local.split("fun dodoJson")[0]

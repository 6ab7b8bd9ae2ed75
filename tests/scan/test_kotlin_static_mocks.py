"""A Kotlin test of a checkout service that stubs Stripe's static ``Session.create`` with
Mockito's ``MockedStatic``: ``mocked.`when`<Session> { Session.create(Mockito.any(
SessionCreateParams::class.java)) }.thenReturn(session)`` and ``mocked.verify {
Session.create(Mockito.any(...)) }`` (seen in a Spring Boot shop's service test). Only MockK's
and mockito-kotlin's bare ``every`` / ``whenever`` / ``verify`` and unqualified matchers were
read as stubs, so both lines were reported as Checkout Session creations, blocked for a cart
nobody writes (RT007). A call given a qualified Mockito matcher (``Mockito.any(...)``,
``ArgumentMatchers.eq(...)``), or named in a ``MockedStatic``'s ``when`` / ``verify`` block,
creates nothing."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

TEST = """\
package shop.payments

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams
import org.junit.jupiter.api.Test
import org.mockito.ArgumentMatchers
import org.mockito.MockedStatic
import org.mockito.Mockito

class CheckoutServiceTest {
    private val service = CheckoutService()

    @Test
    fun `opens a session`() {
        val session = Mockito.mock(Session::class.java)
        val mocked: MockedStatic<Session> = Mockito.mockStatic(Session::class.java)
        mocked.use { static ->
            static.`when`<Session> {
                Session.create(Mockito.any(SessionCreateParams::class.java))
            }.thenReturn(session)
            service.open(listOf("price_tee"))
            static.verify {
                Session.create(ArgumentMatchers.any(SessionCreateParams::class.java))
            }
        }
    }
}
"""

SERVICE = """\
package shop.payments

import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class CheckoutService {
    fun open(prices: List<String>): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice("price_tee").setQuantity(1L).build())
            .build()
        return Session.create(params).url
    }
}
"""


def _creates(code: str, name: str) -> list[CallSite]:
    return [s for s in scan_source(code, name, BY_NAME["kotlin"]) if s.kind == "create"]


def test_a_static_stub_and_verification_create_nothing() -> None:
    assert _creates(TEST, "CheckoutServiceTest.kt") == []


def test_the_service_call_is_still_a_creation() -> None:
    (site,) = _creates(SERVICE, "CheckoutService.kt")
    assert site.line == 13

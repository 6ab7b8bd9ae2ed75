package com.example.shop

import com.stripe.model.checkout.Session
import com.stripe.net.Webhook
import com.stripe.param.checkout.SessionCreateParams
import io.ktor.server.application.*
import io.ktor.server.request.*
import io.ktor.server.response.*
import io.ktor.server.routing.*

data class PlanRequest(val priceId: String, val email: String? = null)
data class CartLine(val priceId: String, val quantity: Long)
data class Cart(val id: String, val items: List<CartLine>, val couponCode: String?, val giftWrap: Boolean)

private val domain = System.getenv("APP_DOMAIN") ?: "http://localhost:8080"

fun planParams(priceId: String, quantity: Long = 1, email: String? = null): SessionCreateParams =
    SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .setSuccessUrl("$domain/welcome?session_id={CHECKOUT_SESSION_ID}")
        .setCancelUrl("$domain/pricing")
        .setCustomerEmail(email)
        .addLineItem(
            SessionCreateParams.LineItem.builder()
                .setPrice(priceId)
                .setQuantity(quantity)
                .build()
        )
        .build()

fun Route.checkoutRoutes() {
    post("/checkout/plan") {
        val request = call.receive<PlanRequest>()
        val session = Session.create(planParams(email = request.email, priceId = request.priceId))
        call.respond(mapOf("url" to session.url))
    }

    post("/checkout/cart") {
        val cart = call.receive<Cart>()
        val params = SessionCreateParams.builder().apply {
            setMode(SessionCreateParams.Mode.PAYMENT)
            setSuccessUrl("$domain/orders/${cart.id}")
            addAllLineItem(cart.items.map { line ->
                SessionCreateParams.LineItem.builder()
                    .setPrice(line.priceId)
                    .setQuantity(line.quantity)
                    .build()
            })
            addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(System.getenv("SHIPPING_PRICE"))
                    .setQuantity(1L)
                    .build()
            )
            putMetadata("cart_id", cart.id)
        }
        cart.couponCode?.let {
            params.addDiscount(SessionCreateParams.Discount.builder().setPromotionCode(it).build())
        }
        if (cart.giftWrap) {
            params.addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(System.getenv("GIFT_WRAP_PRICE") ?: "price_1QKtGiftWrap")
                    .setQuantity(1L)
                    .build()
            )
        }
        val session = Session.create(params.build())
        call.respond(mapOf("url" to session.url))
    }

    // Not a Checkout Session: the customer portal, from its own package.
    post("/billing/portal") {
        val portal = com.stripe.model.billingportal.Session.create(
            com.stripe.param.billingportal.SessionCreateParams.builder()
                .setCustomer(call.parameters["customer"])
                .setReturnUrl("$domain/account")
                .build()
        )
        call.respond(mapOf("url" to portal.url))
    }

    post("/stripe/webhook") {
        val event = Webhook.constructEvent(
            call.receiveText(),
            call.request.header("Stripe-Signature"),
            System.getenv("STRIPE_WEBHOOK_SECRET"),
        )
        if (event.type == "checkout.session.completed") {
            val session = event.dataObjectDeserializer.`object`.get() as Session
            fulfil(session.clientReferenceId)
        }
        call.respond(HttpStatusCode.OK)
    }
}

"""An e-commerce checkout: the cart is read from the database rows by helper methods."""

import os

import stripe

SUCCESS_URL = os.getenv("SHOP_SUCCESS_URL", "https://shop.example.com/thanks")


class CheckoutService:
    def _line_items(self, order):
        return [
            {"price": line.product.stripe_price_id, "quantity": line.quantity}
            for line in order.lines.all()
            if line.quantity > 0
        ]

    def _session_params(self, order, **extra):
        params = {
            "mode": "payment",
            "line_items": self._line_items(order),
            "success_url": SUCCESS_URL,
            "cancel_url": "https://shop.example.com/cart",
            "metadata": {"order_id": str(order.pk)},
        }
        if order.gift_message:
            params["metadata"]["gift_message"] = order.gift_message
        return {**params, **extra}

    def checkout(self, order):
        return stripe.checkout.Session.create(
            **self._session_params(order, customer_email=order.email)
        )

    def reorder(self, order):
        items = []
        for line in order.lines.all():
            items.append({"price": line.product.stripe_price_id, "quantity": line.quantity})
        return stripe.checkout.Session.create(
            mode="payment",
            line_items=items,
            customer=order.customer.stripe_id,
            success_url=SUCCESS_URL,
        )


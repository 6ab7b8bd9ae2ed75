"""A wrapper method that computes a value with another method of its class
(``setUnitAmount(toMinorUnits(amount))``), called on an object the caller holds
(``payments.checkout(order.getTotal(), "eur")``): the caller's Dodo call named the method bare,
as if the caller's class had it (it does not compile there). Seen in a Java order listener
calling a payment service. Like a field, the method is the receiver's where the caller can call
it (public), else ``TODO_<method>`` with X021 naming the method (Java, C#, Kotlin)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates, write_tree

SERVICE = """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class PaymentService {
    public String checkout(long amount, String label) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setQuantity(1L)
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                    .setCurrency("eur")
                    .setUnitAmount(label.isEmpty() ? this.minor(amount) : toMinorUnits(amount))
                    .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName("Order").build())
                    .build())
                .build())
            .build();
        return Session.create(params).getUrl();
    }

    private long toMinorUnits(long amount) {
        return amount * 100;
    }

    public long minor(long amount) {
        return amount * 100;
    }
}
"""
LISTENER = """public class OrderListener {
    private final PaymentService payments;

    public OrderListener(PaymentService payments) {
        this.payments = payments;
    }

    public String onOrder(Order order) throws Exception {
        return payments.checkout(order.getTotal(), order.getNumber());
    }
}
"""
KOTLIN = """import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Payments {
    fun checkout(amount: Long): String {
        val params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(
                SessionCreateParams.LineItem.builder().setQuantity(1L).setPriceData(
                    SessionCreateParams.LineItem.PriceData.builder().setCurrency("eur").setUnitAmount(cents(amount))
                        .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName("Order").build())
                        .build()
                ).build()
            )
            .build()
        return Session.create(params).url
    }

    private fun cents(amount: Long): Long = amount * 100
}

class Listener(private val payments: Payments) {
    fun onOrder(order: Order): String = payments.checkout(order.total)
}
"""


def _caller(tmp_path: Path, files: dict[str, str], name: str) -> CallSite:
    sites = creates(write_tree(tmp_path, files))
    return next(s for s in sites if Path(s.file).name == name and s.via)


def test_a_private_method_of_the_wrapper_is_unseen_and_a_public_one_the_receivers(
    tmp_path: Path,
) -> None:
    site = _caller(
        tmp_path,
        {"PaymentService.java": SERVICE, "OrderListener.java": LISTENER},
        "OrderListener.java",
    )
    text = site.suggestion or ""
    assert "TODO_toMinorUnits(order.getTotal())" in text
    assert "payments.minor(order.getTotal())" in text
    assert "toMinorUnits(" not in text.replace("TODO_toMinorUnits(", "")
    messages = [f.message for f in site.findings if f.code == "X021"]
    assert any("from its method `toMinorUnits`" in m for m in messages), messages


def test_a_private_kotlin_method_of_the_wrapper_is_unseen(tmp_path: Path) -> None:
    site = _caller(tmp_path, {"Payments.kt": KOTLIN}, "Payments.kt")
    assert "TODO_cents(order.total)" in (site.suggestion or ""), site.suggestion
    assert "X021" in {f.code for f in site.findings}

"""A desktop shop's cart controller calls a static checkout helper of another package that it
imports whole (``import services.*;``), passing the cart total in cents: the call was not
reported (only the helper was, its amount "set by the caller"), because a Java file's
on-demand import was read as an import of a class named ``*``. A Java file sees the names of a
package it imports whole, as a Kotlin file does; an import of one class of another package
still does not make the package's other classes visible."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

HELPER = """\
package billing;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Payments {
    public static String open(long cents, String currency) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://garage.example/paid")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency(currency)
                                .setUnitAmount(cents)
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData
                                        .builder().setName("Parts").build())
                                .build())
                        .build())
                .build();
        return Session.create(params).getUrl();
    }
}
"""

CALLER = """\
package ui;

import billing.*;
import java.util.List;

public class Basket {
    public String checkout(List<Double> prices) throws Exception {
        double total = 0;
        for (Double p : prices) {
            total += p;
        }
        long totalCents = Math.round(total * 100);
        return Payments.open(totalCents, "usd");
    }
}
"""


def test_a_call_into_a_package_imported_whole_is_found(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {"src/billing/Payments.java": HELPER, "src/ui/Basket.java": CALLER})
    (call,) = [s for s in creates(root) if s.via is not None]
    assert call.file.endswith("Basket.java")
    assert "DodoJson.of(totalCents)" in call.suggestion


def test_a_single_class_import_does_not_open_its_package(tmp_path: Path) -> None:
    other = CALLER.replace("import billing.*;", "import billing.Invoices;")
    root = write_tree(tmp_path, {"src/billing/Payments.java": HELPER, "src/ui/Basket.java": other})
    assert [s for s in creates(root) if s.via is not None] == []

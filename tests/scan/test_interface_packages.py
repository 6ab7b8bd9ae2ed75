"""A Spring controller calls its checkout service through the interface (``private final
CheckoutService checkoutService``), declared in ``service`` while the class implementing it
is in ``service.impl``: the call reaches the wrapper, the interface being the one its file
imports. It was not found: the interface was looked for in the implementing class's package
(seen in a Spring shop's checkout controller)."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SERVICE = """\
package shop.service;

import com.stripe.model.checkout.Session;

public interface CheckoutService {
    Session open(Long orderId, String currency) throws Exception;
}
"""

IMPL = """\
package shop.service.impl;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import org.springframework.stereotype.Service;
import shop.service.CheckoutService;

@Service
public class CheckoutServiceImpl implements CheckoutService {
    @Override
    public Session open(Long orderId, String currency) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://shop.example/paid")
                .setClientReferenceId(orderId.toString())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPrice("price_1OrderFlatFee")
                        .build())
                .build();
        return Session.create(params);
    }
}
"""

CONTROLLER = """\
package shop.web;

import lombok.RequiredArgsConstructor;
import org.springframework.web.bind.annotation.*;
import shop.service.CheckoutService;

@RestController
@RequiredArgsConstructor
public class CheckoutController {
    private final CheckoutService checkoutService;

    @PostMapping("/pay")
    public String pay(@RequestParam Long orderId) throws Exception {
        return checkoutService.open(orderId, "EUR").getUrl();
    }
}
"""


def test_java_call_through_an_interface_of_another_package_is_found(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "src/main/java/shop/service/CheckoutService.java": SERVICE,
            "src/main/java/shop/service/impl/CheckoutServiceImpl.java": IMPL,
            "src/main/java/shop/web/CheckoutController.java": CONTROLLER,
        },
    )
    (call,) = [s for s in creates(root) if s.via is not None]
    assert call.file.endswith("CheckoutController.java")
    assert "DodoJson.of(orderId.toString())" in call.suggestion

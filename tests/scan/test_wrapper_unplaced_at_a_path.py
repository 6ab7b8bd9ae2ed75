"""What a caller's argument holds that its reading cannot place is said at the call (RT012)
wherever the wrapper passes that parameter on whole, also as one of its params
(``putAllMetadata(metadata)``), not only as all of them.

Read in a document-extraction API (Java): the gateway fills a ``HashMap`` from the request's
metadata in a ``forEach`` and then ``put``s two keys, and passes the map to the service's
``createCheckoutSession(..., metadata)``. At the gateway's call only the two ``put`` keys
reached the Dodo call; every key copied in the ``forEach`` was dropped with no word. The
wrapper's own site and a creation reading the map directly said RT012 already."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

JAVA = {
    "StripeService.java": """\
package shop;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;
public class StripeService {
    public Session createCheckoutSession(String priceId, Map<String, String> metadata)
            throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(priceId).setQuantity(1L).build())
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .putAllMetadata(metadata)
                .setSuccessUrl("https://x.example/ok")
                .build();
        return Session.create(params);
    }
}
""",
    "Gateway.java": """\
package shop;
import java.util.HashMap;
import java.util.Map;
public class Gateway {
    private final StripeService stripeService = new StripeService();
    public String pay(Request request, String planPrice, String planId) throws Exception {
        Map<String, String> metadata = new HashMap<>();
        if (request.getMetadata() != null) {
            request.getMetadata().forEach((k, v) -> metadata.put(k, String.valueOf(v)));
        }
        metadata.put("plan_id", planId);
        return stripeService.createCheckoutSession(planPrice, metadata).getUrl();
    }
}
""",
}

PYTHON = {
    "billing.py": """\
import stripe


def open_checkout(price_id, metadata):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        metadata=metadata,
        success_url="https://x.example/ok",
    )
""",
    "views.py": """\
from billing import open_checkout


def buy(request, price_id, plan_id):
    metadata = {"plan_id": plan_id}
    for key, value in request.extra.items():
        metadata[key] = str(value)
    return open_checkout(price_id, metadata)
""",
}


@pytest.mark.parametrize(("files", "caller"), [(JAVA, "Gateway.java"), (PYTHON, "views.py")])
def test_the_callers_unplaced_entries_are_said_at_the_call(
    tmp_path: Path, files: dict[str, str], caller: str
) -> None:
    (site,) = [s for s in creates(write_tree(tmp_path, files)) if s.file.endswith(caller)]
    (lost,) = [f for f in site.findings if f.code == "RT012"]
    assert lost.path == "metadata"
    assert "plan_id" in str(site.as_dict()["dodo"]["metadata"])  # the key it does read stays

"""A map known only at run time put whole into a builder's empty metadata (stripe-java's
``putAllMetadata(map)``, under a condition or not) is that map: the Dodo call carries it as its
``metadata`` (S010's "a whole object is carried whole"), no longer an entry the scan cannot place
(RT012, dropped). Seen in a Spring Stripe service taking the caller's metadata map as a parameter
(``if (metadata != null && !metadata.isEmpty()) builder.putAllMetadata(metadata)``); written here
in that shape."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite
from tests.scan.trees import creates as _creates
from tests.scan.trees import write_tree as _tree

SERVICE = """\
package shop.pay;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;

public class Billing {
    public Session subscribe(String priceId, Map<String, String> tags) throws Exception {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .setSuccessUrl("https://shop.example.com/done");
        if (tags != null && !tags.isEmpty()) {
            builder.putAllMetadata(tags);
        }
        return Session.create(builder.build());
    }

    public Session donate(String priceId, Map<String, String> tags) throws Exception {
        return Session.create(SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .setSuccessUrl("https://shop.example.com/done")
            .putAllMetadata(tags)
            .build());
    }
}
"""


def _codes(site: CallSite) -> list[str]:
    return [f.code for f in site.findings]


def test_a_run_time_map_put_whole_into_the_metadata_is_carried(tmp_path: Path) -> None:
    top = _tree(tmp_path, {"src/Billing.java": SERVICE})
    subscribe, donate = sorted(_creates(top), key=lambda s: s.line)
    for site in (subscribe, donate):
        assert "RT012" not in _codes(site)
        assert '"metadata": "@stripe2dodo:' in (site.suggestion or "")
    assert "(tags != null && !tags.isEmpty()) ? DodoJson.of(tags)" in (subscribe.suggestion or "")
    assert "DodoJson.of(tags))" in (donate.suggestion or "")

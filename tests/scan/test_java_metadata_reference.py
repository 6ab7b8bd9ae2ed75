"""A Java service that adds a caller's extra metadata to the session through a method
reference: ``if (extra != null) { extra.forEach(params::putMetadata); }`` after
``.putMetadata("orderId", ...)`` on the builder (seen in a Spring payment microservice fed by a
message queue). The reference was read as nothing: the extra keys were dropped from the Dodo
call without a word. ``map.forEach(b::putMetadata)`` puts every entry, as
``b.putAllMetadata(map)`` does; any other method reference to the builder in a ``forEach`` is a
change known only at run time, never dropped."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

SERVICE = """import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import java.util.Map;

public class Payments {
    public String open(Ticket ticket, Map<String, String> tags) throws Exception {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://tickets.example/paid")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(ticket.getPriceRef()).setQuantity(1L).build())
            .putMetadata("ticket", ticket.getCode());
        if (tags != null) {
            tags.forEach(params::putMetadata);
        }
        return Session.create(params.build()).getUrl();
    }

    public String methods(Ticket ticket, List<String> kinds) throws Exception {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://tickets.example/paid")
            .addLineItem(SessionCreateParams.LineItem.builder()
                .setPrice(ticket.getPriceRef()).setQuantity(1L).build());
        kinds.forEach(params::setLocale);
        return Session.create(params.build()).getUrl();
    }
}
"""


def test_metadata_put_through_a_method_reference_is_carried(tmp_path: Path) -> None:
    site, _ = creates(write_tree(tmp_path, {"Payments.java": SERVICE}))
    assert site.status == "translated"
    text = site.suggestion or ""
    assert "putAll(tags)" in text  # the caller's extra keys reach the Dodo metadata
    assert 'put("ticket", java.util.Objects.toString(ticket.getCode(), ""))' in text


def test_another_reference_to_the_builder_is_a_run_time_change(tmp_path: Path) -> None:
    _, site = creates(write_tree(tmp_path, {"Payments.java": SERVICE}))
    assert "RT006" in {f.code for f in site.findings}

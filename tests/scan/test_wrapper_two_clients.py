"""A Java service that creates the session with the client object when one is injected and
through the static API otherwise (``client != null ? client.checkout().sessions().create(p) :
Session.create(p)``, the same params both ways): its caller's call was reported twice, each
Dodo call with RT051 saying the function chooses between two creations at run time, though both
make the same one. Sibling creations the same from the same params are one Dodo call, reported
once; creations from different params still carry RT051 each."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

_SERVICE = """package shop.billing;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Checkouts {
    private StripeClient client;

    public String open(String priceId, String member) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://club.example/paid")
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPrice(priceId)
                        .build())
                .putMetadata("member", member)
                .build();
        Session session = (client != null)
                ? client.checkout().sessions().create(%FIRST%)
                : Session.create(params);
        return session.getUrl();
    }
}
"""

_CONTROLLER = """package shop.web;

import shop.billing.Checkouts;

public class JoinController {
    private Checkouts checkouts;

    public String join(String memberId) throws Exception {
        return checkouts.open("price_1Gold", memberId);
    }
}
"""


def _at_controller(tmp_path: Path, first: str) -> list:
    tree = {
        "src/shop/billing/Checkouts.java": _SERVICE.replace("%FIRST%", first),
        "src/shop/web/JoinController.java": _CONTROLLER,
    }
    sites = creates(write_tree(tmp_path / "app", tree))
    return [s for s in sites if s.file.endswith("JoinController.java")]


def test_two_clients_making_the_same_call_are_one_dodo_call_at_the_caller(
    tmp_path: Path,
) -> None:
    (site,) = _at_controller(tmp_path, "params")
    assert "RT051" not in [f.code for f in site.findings]
    assert "memberId" in (site.suggestion or "")


def test_two_creations_from_different_params_are_still_each_reported(tmp_path: Path) -> None:
    first = (
        "SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)"
        '.setSuccessUrl("https://club.example/other")'
        ".addLineItem(SessionCreateParams.LineItem.builder().setQuantity(2L)"
        ".setPrice(priceId).build()).build()"
    )
    sites = _at_controller(tmp_path, first)
    assert len(sites) == 2
    assert all("RT051" in [f.code for f in s.findings] for s in sites)

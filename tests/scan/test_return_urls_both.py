"""A success URL and an (embedded) return URL the code both sets, each where it is not null
(``if (successUrl != null) b.setSuccessUrl(successUrl); if (returnUrl != null)
b.setReturnUrl(returnUrl);``, a Java wrapper library's builder), are Dodo's one ``return_url``
as whichever is set: it was the return URL alone, null in the hosted flow, while RT008 said the
success URL was kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

SOURCES = {
    "Pay.java": """package shop;

import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class Pay {
    private String successUrl;
    private String returnUrl;

    public String start(String priceId) throws Exception {
        SessionCreateParams.Builder b = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build());
        if (successUrl != null) {
            b.setSuccessUrl(successUrl);
        }
        if (returnUrl != null) {
            b.setReturnUrl(returnUrl);
        }
        return Session.create(b.build()).getUrl();
    }
}
""",
    "pay.py": """import stripe


def start(price_id, success=None, back=None):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=success,
        return_url=back,
    )
""",
}
EXPECTED = {
    "Pay.java": "(returnUrl != null ? DodoJson.of(returnUrl) : DodoJson.of(successUrl))",
    "pay.py": "back if back is not None else success",
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_both_urls_are_the_one_that_is_set(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(SOURCES[name])
    (site,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and not s.via]
    assert EXPECTED[name] in (site.suggestion or "")

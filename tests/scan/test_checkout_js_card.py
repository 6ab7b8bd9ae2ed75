"""A legacy checkout.js form opened with no amount (read in a foundation's donation site: a
"change card" button): it returns a card token to save or update the card on file and sells
nothing, so it is related code (RT046), not a Checkout Session creation needing a
pay-what-you-want product and a Dodo call with no amount (whose suggestion did not parse)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source, site_kind

_CARD_FORM = """var handler = StripeCheckout.configure({
  key: form.data('key'),
  panelLabel: 'Save card',
  token: function (token) { $.post('/billing/card', {token: token.id}); },
});
$('.save-card').on('click', function () {
  handler.open({ name: 'Gardening club', currency: 'EUR', email: member.email });
});
"""


def _sites(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (s.kind, site_kind(s), s.rule) for s in scan_source(text, "card.js", BY_NAME["javascript"])
    ]


def test_checkout_js_without_an_amount_is_a_card_form_not_a_creation() -> None:
    assert _sites(_CARD_FORM) == [("related", "related", "RT046")]


def test_checkout_js_with_an_amount_in_configure_or_open_is_still_a_purchase() -> None:
    in_open = _CARD_FORM.replace("email: member.email", "email: member.email, amount: 1500")
    in_configure = _CARD_FORM.replace("panelLabel: 'Save card',", "amount: cents,")
    for text in (in_open, in_configure):
        (site,) = scan_source(text, "pay.js", BY_NAME["javascript"])
        assert site.kind == "create" and site_kind(site) == "create"
        assert "X009" in {f.code for f in site.findings}

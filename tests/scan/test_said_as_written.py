"""Two things a suggestion or a finding said other than the code wrote: a Ruby value that is
already text (``(a + b).to_s``) was made text again (``((a + b).to_s).to_s``); C031 named the
``ui_mode`` the translator renamed (``embedded_page``) where the code wrote ``embedded``."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

RUBY = """\
require 'stripe'

def buy(order, user)
  Stripe::Checkout::Session.create(
    mode: 'payment',
    line_items: [{ price: 'price_1Book', quantity: 1 }],
    success_url: 'https://shop.example/ok',
    client_reference_id: (user.id + 1).to_s,
    metadata: { order: (order.id || order.ref).to_s, count: order.count.to_s, n: (order.n) }
  )
end
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_a_ruby_value_already_text_is_not_made_text_twice() -> None:
    text = _site(RUBY, "buy.rb", "ruby").suggestion or ""
    assert "['order'] = (order.id || order.ref).to_s\n" in text
    assert "['client_reference_id'] = (user.id + 1).to_s\n" in text
    assert "['count'] = order.count.to_s\n" in text
    assert "['n'] = (order.n).to_s\n" in text  # not text yet: made so once
    assert ".to_s).to_s" not in text


def test_c031_says_the_ui_mode_the_code_wrote() -> None:
    for written in ("embedded", "embedded_page"):
        code = (
            "import stripe\n\ndef buy():\n    return stripe.checkout.Session.create("
            f"mode='payment', ui_mode='{written}', line_items=[{{'price': 'price_1', "
            "'quantity': 1}], return_url='https://x.com/ok')\n"
        )
        (c031,) = [f for f in _site(code, "buy.py", "python").findings if f.code == "C031"]
        assert c031.message.startswith(f"`ui_mode={written}` embeds Checkout"), c031.message

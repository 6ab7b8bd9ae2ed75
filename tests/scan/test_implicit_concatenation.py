"""Adjacent string literals, some f-strings and some plain, in parentheses over several lines
(``success_url=(f"{DOMAIN}/ok" "?session_id={CHECKOUT_SESSION_ID}")``), are one text in
Python, as one f-string is. Of the file's constants they were a run-time value (a single
f-string of them is the literal text): now the text, each part read as its own kind (the plain
part's ``{{x}}`` stays doubled, its ``{CHECKOUT_SESSION_ID}`` is Stripe's template, removed
with C003, not a placeholder of the f-string). Of run-time values they are carried as written,
and the removal of the template left an empty literal last (``(f"{base}/ok"\\n "")``, Ruby's
``"#{base}/ok" \\\\\\n ""``): gone now."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY_CONSTANTS = """\
import stripe

DOMAIN = "https://shop.example"


def pay(price_id):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=(f"{DOMAIN}/ok"
                     "?session_id={CHECKOUT_SESSION_ID}"),
        cancel_url=(f"{DOMAIN}/cart"  # back to the cart
                    "/{{x}}"),
        client_reference_id=("web-" f"{DOMAIN}"),
        metadata={"tag": ("a{b}"
                          f"-{DOMAIN}")},
    )
"""

PY_RUN_TIME = """\
import stripe


def pay(price_id, base, uid):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url=(f"{base}/ok"
                     "?session_id={CHECKOUT_SESSION_ID}"),
        metadata={"ref": (f"{uid}"
                          "-{{x}}")},
    )
"""

RUBY_RUN_TIME = """\
require "stripe"

def pay(price_id, base)
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price: price_id, quantity: 1 }],
    success_url: "#{base}/ok" \\
      "?session_id={CHECKOUT_SESSION_ID}"
  )
end
"""


def _site(code: str, name: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


def test_python_adjacent_literals_of_constants_are_one_text() -> None:
    site = _site(PY_CONSTANTS, "pay.py", "python")
    text = site.suggestion or ""
    assert 'return_url="https://shop.example/ok",' in text
    assert 'cancel_url="https://shop.example/cart/{{x}}",' in text
    assert '"client_reference_id": "web-https://shop.example",' in text
    assert '"tag": "a{b}-https://shop.example",' in text
    assert "C003" in [f.code for f in site.findings]
    assert not [d for d in site.dynamic if "url" in d.path or "metadata" in d.path]


def test_python_adjacent_literals_of_run_time_values_lose_only_the_template() -> None:
    site = _site(PY_RUN_TIME, "pay.py", "python")
    text = site.suggestion or ""
    assert 'return_url=(f"{base}/ok"),' in text
    assert '""' not in text
    assert '"ref": str((f"{uid}"' in text and '"-{{x}}")),' in text
    assert "C003" in [f.code for f in site.findings]


def test_ruby_adjacent_literals_lose_only_the_template() -> None:
    site = _site(RUBY_RUN_TIME, "pay.rb", "ruby")
    text = site.suggestion or ""
    assert "dodo_body['return_url'] = \"#{base}/ok\"\n" in text
    assert '""' not in text

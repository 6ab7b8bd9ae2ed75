"""A return URL kept in a local the code builds with ``{CHECKOUT_SESSION_ID}`` (``$success =
home_url('/thanks') . '?session_id={CHECKOUT_SESSION_ID}'`` and then ``'success_url' =>
$success``) reached the Dodo call with the placeholder as written, with only RT008's info that
a run-time URL *may* hold one (read in a WordPress checkout plugin, whose success URL gets the
template through ``add_query_arg($args, $url)``). Where the local's binding before the call
shows the template (itself, or through a local it reads), C003 warns at the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import scan_paths

PHP = """<?php
function pay_page($price) {
    $success = home_url('/thanks') . '?session_id={CHECKOUT_SESSION_ID}';
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment', 'success_url' => $success, 'cancel_url' => home_url('/cart'),
        'line_items' => [['price' => 'price_Mug', 'quantity' => 1]],
    ]);
}
"""

RUBY = """\
def start(order)
  done = "#{root_url}orders/#{order.id}?sid={CHECKOUT_SESSION_ID}"
  Stripe::Checkout::Session.create(mode: "payment", success_url: done,
                                   line_items: [{ price: "price_Mug", quantity: 1 }])
end
"""

PYTHON = """\
import stripe


def start(base):
    plain = base + "/thanks"
    hint = "{CHECKOUT_SESSION_ID} is filled in by Stripe"
    query = {
        "session_id": "{CHECKOUT_SESSION_ID}",
    }
    back = with_query(base + "/cart", query)
    return stripe.checkout.Session.create(
        mode="payment",
        success_url=plain,
        cancel_url=back,
        line_items=[{"price": "price_Mug", "quantity": 1}],
    )
"""


RAW = """<?php
function pay_raw($base, $key) {
    $args = array(
        'session_id' => '{CHECKOUT_SESSION_ID}',
    );
    $back = add_query_arg($args, $base . '/thanks');
    return wp_remote_post('https://api.stripe.com/v1/checkout/sessions', [
        'headers' => ['Authorization' => 'Bearer ' . $key],
        'body' => ['mode' => 'payment', 'success_url' => $back,
                   'line_items' => [['price' => 'price_Mug', 'quantity' => 1]]],
    ]);
}
"""


@pytest.mark.parametrize(
    ("name", "text", "field", "local"),
    [
        ("pay.php", PHP, "success_url", "$success"),
        ("raw.php", RAW, "success_url", "$back"),  # a raw-HTTP call, the template one local up
        ("start.rb", RUBY, "success_url", "done"),
        ("start.py", PYTHON, "cancel_url", "back"),
    ],
)
def test_a_local_built_with_the_template_is_named(
    tmp_path: Path, name: str, text: str, field: str, local: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    c003 = [f for f in site.findings if f.code == "C003"]
    assert [(f.path, f.level) for f in c003] == [(field, Level.WARNING)]  # `plain`: none
    assert f"it is in `{local}`, built before the call: remove it there by hand" in (
        c003[0].message
    )

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


SERVICE = """\
import stripe


def open_checkout(done_url: str, back_url: str, email: str, plan: str):
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": plan, "quantity": 1}],
        success_url=done_url,
        cancel_url=back_url,
        customer_email=email,
    )
"""

ROUTE = """\
from service import open_checkout

SITE = "https://example.test"


async def subscribe(body, user):
    thanks = f"{SITE}/welcome/{user.id}?sid={{CHECKOUT_SESSION_ID}}"
    session = open_checkout(
        done_url=thanks,
        back_url=f"{SITE}/pricing",
        email=user.email,
        plan=body.plan,
    )
    return {"url": session.url}
"""


def test_a_templated_local_the_caller_passes_to_a_wrapper_is_named(tmp_path: Path) -> None:
    """Read in a FastAPI router: the route builds its success URL (an f-string whose ``{{...}}``
    writes the template) and hands it to a service function that makes the session. The
    service's own call sees a parameter; the route's call is where the local is, and says so."""
    (tmp_path / "service.py").write_text(SERVICE, encoding="utf-8")
    (tmp_path / "route.py").write_text(ROUTE, encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    by_file = {Path(s.file).name: s for s in sites}
    assert [f.code for f in by_file["service.py"].findings if f.code == "C003"] == []
    c003 = [f for f in by_file["route.py"].findings if f.code == "C003"]
    assert [(f.path, f.level) for f in c003] == [("success_url", Level.WARNING)]
    assert "it is in `thanks`, built before the call: remove it there by hand" in c003[0].message


MODULE_CONSTANTS = """\
import os

import stripe

SITE = os.environ.get("SITE_URL", "http://localhost:5000")
THANKS = f"{SITE}/thanks?sid={{CHECKOUT_SESSION_ID}}"
BACK = SITE + "/cart"


def donate(amount_price: str):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": amount_price, "quantity": 1}],
        success_url=THANKS,
        cancel_url=BACK,
    )


def donate_again(amount_price: str):
    THANKS = SITE + "/thanks"
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": amount_price, "quantity": 1}],
        success_url=THANKS,
    )
"""


def test_a_module_constant_built_with_the_template_is_named(tmp_path: Path) -> None:
    """Read in Flask donation pages: the success URL is a constant at the module's top, so the
    call shows only its name and the Dodo call kept the placeholder. A function that binds the
    name itself reads its own value: nothing is said there."""
    path = tmp_path / "donate.py"
    path.write_text(MODULE_CONSTANTS, encoding="utf-8")
    first, second = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    c003 = [f for f in first.findings if f.code == "C003"]
    assert [(f.path, f.level) for f in c003] == [("success_url", Level.WARNING)]  # BACK: none
    assert "it is in `THANKS`, set at the top of the module: remove it there by hand" in (
        c003[0].message
    )
    assert [f for f in second.findings if f.code == "C003"] == []

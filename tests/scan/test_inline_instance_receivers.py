"""A wrapper method called on an instance made at the call is a creation there.

Read in a WordPress donation plugin: ``give(CheckoutSession::class)->create($args)`` (a plugin's
service container), and in Laravel code ``app(X::class)->create(...)`` and ``(new
X())->create(...)``: the wrapper's own site said "each call of it in the scanned tree is
reported as a creation too", and none was (only a named receiver, ``$this->sessions``, was).
Python's ``CheckoutService(user).create(price)`` likewise (Ruby's ``X.new.create`` was read).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import creates, write_tree

INNER = """<?php
class StripeSessions
{
    public function create($args)
    {
        return \\Stripe\\Checkout\\Session::create($args);
    }
}
"""

CALLER = """<?php
function pay($order)
{
    $args = [
        'mode' => 'payment',
        'line_items' => [['price' => $order->price_id, 'quantity' => 1]],
        'success_url' => 'https://shop.example/ok',
    ];
    return RECEIVER->create($args);
}
"""

SERVICE = """import stripe


class CheckoutService:
    def __init__(self, user):
        self.user = user

    def create(self, price_id):
        return stripe.checkout.Session.create(
            mode="subscription",
            line_items=[{"price": price_id, "quantity": 1}],
            success_url="https://shop.example/ok",
        )
"""

VIEW = """from svc import CheckoutService


def buy(request):
    session = CheckoutService(request.user).create(request.POST["price"])
    return session.url
"""


@pytest.mark.parametrize(
    "receiver",
    [
        "(new StripeSessions())",
        "(new \\StripeSessions)",
        "app(StripeSessions::class)",
        "give(StripeSessions::class)",
        "$this->app->make(StripeSessions::class)",
    ],
)
def test_a_php_wrapper_called_on_a_new_or_container_made_instance_is_a_creation(
    tmp_path: Path, receiver: str
) -> None:
    top = write_tree(
        tmp_path,
        {"src/StripeSessions.php": INNER, "src/pay.php": CALLER.replace("RECEIVER", receiver)},
    )
    (caller,) = [s for s in creates(top) if s.via]
    assert Path(caller.file).name == "pay.php"
    assert "\\DodoIds::productId($order->price_id)" in (caller.suggestion or "")


def test_a_php_call_on_another_class_s_instance_is_no_call_of_the_wrapper(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {
            "src/StripeSessions.php": INNER,
            "src/pay.php": CALLER.replace("RECEIVER", "(new Mailer())"),
        },
    )
    assert [s for s in creates(top) if s.via] == []


def test_a_python_wrapper_called_on_an_instance_made_at_the_call_is_a_creation(
    tmp_path: Path,
) -> None:
    top = write_tree(tmp_path, {"svc.py": SERVICE, "views.py": VIEW})
    (caller,) = [s for s in creates(top) if s.via]
    assert Path(caller.file).name == "views.py"
    assert 'dodo_product_id(request.POST["price"])' in (caller.suggestion or "")


GLOBAL_CLASS = """<?php
class Give_Stripe_Sessions
{
    public function create($args)
    {
        return \\Stripe\\Checkout\\Session::create($args);
    }
}
"""

NAMESPACED_CALLER = """<?php

namespace Give\\Gateways\\Stripe;

use Give_Stripe_Sessions;

class CheckoutSession
{
    public function open($donation)
    {
        $args = [
            'mode' => 'payment',
            'line_items' => [['price' => $donation->price_id, 'quantity' => 1]],
            'success_url' => 'https://give.example/ok',
        ];
        return give(Give_Stripe_Sessions::class)->create($args);
    }
}
"""


def test_a_global_class_a_namespaced_file_uses_is_the_wrapper_s(tmp_path: Path) -> None:
    # a WordPress plugin's legacy class (no namespace), imported with `use X;` by its new code:
    # its namespace was read as the class name, so the call never reached the wrapper
    top = write_tree(
        tmp_path,
        {
            "includes/class-give-stripe-sessions.php": GLOBAL_CLASS,
            "src/Gateways/Stripe/CheckoutSession.php": NAMESPACED_CALLER,
        },
    )
    (caller,) = [s for s in creates(top) if s.via]
    assert Path(caller.file).name == "CheckoutSession.php"
    assert "\\DodoIds::productId($donation->price_id)" in (caller.suggestion or "")

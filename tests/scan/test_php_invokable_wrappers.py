"""A PHP *action* (an invokable class: its ``__invoke`` method creates the Checkout Session from
its parameters) called by calling the object. Seen in a Statamic donation add-on: a controller
is injected with ``CreateSingleDonation $createSingleDonation`` and calls
``$createSingleDonation(stripeCustomerId: ..., amount: ...)`` in a ``match``. The action's own
site said (X014) that each call of it is reported as a creation with the caller's arguments,
but no call was: ``$action(...)`` names no method, so it reached no wrapper.

A call of an object typed or made as the class (``$action(...)``, ``(new Action(...))(...)``)
is a call of its ``__invoke``: reported via the wrapper, its arguments (by position or by name)
in place. A closure called the same way reaches no wrapper."""

from __future__ import annotations

from pathlib import Path

from tests.scan.trees import creates, write_tree

ACTION = """<?php

namespace Shop\\Actions;

use Stripe\\StripeClient;

class OpenGiftCheckout
{
    public function __construct(private readonly StripeClient $stripe) {}

    public function __invoke(string $customer, int $pounds): \\Stripe\\Checkout\\Session
    {
        return $this->stripe->checkout->sessions->create([
            'customer' => $customer,
            'line_items' => [[
                'price_data' => [
                    'currency' => 'gbp',
                    'unit_amount' => $pounds * 100,
                    'product_data' => ['name' => 'Gift'],
                ],
                'quantity' => 1,
            ]],
            'mode' => 'payment',
            'success_url' => 'https://gifts.example/thanks',
        ]);
    }
}
"""

CONTROLLER = """<?php

namespace Shop\\Http;

use Shop\\Actions\\OpenGiftCheckout;

class GiftController
{
    public function store(GiftRequest $request, OpenGiftCheckout $openGiftCheckout)
    {
        $form = $request->validated();
        $session = match ($form['kind']) {
            'custom' => $openGiftCheckout(pounds: $form['pounds'], customer: $form['buyer']),
            'fixed' => (new OpenGiftCheckout($this->stripe))($form['buyer'], $form['size']),
        };
        $thanks = function ($who) { return 'thanks ' . $who; };
        $thanks($form['buyer']);
        return redirect($session->url);
    }
}
"""


def test_calls_of_an_invokable_action_are_creations(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path,
        {"src/Actions/OpenGiftCheckout.php": ACTION, "src/Http/GiftController.php": CONTROLLER},
    )
    sites = creates(top)
    called = sorted(
        (s for s in sites if s.file.endswith("GiftController.php")), key=lambda s: s.line
    )
    assert [s.line for s in called] == [13, 14]
    named, made = called
    for site in called:
        assert site.via is not None and "OpenGiftCheckout.__invoke" in site.via
        assert site.translation is not None
        assert "$form['buyer']" in site.suggestion  # the customer, from the caller
        assert "L112" in {f.code for f in site.translation.findings}
    # by name: pounds is the second parameter though the caller gives it first
    assert "$form['pounds'] * 100" in named.suggestion
    assert "$form['size'] * 100" in made.suggestion


HOLDER = """<?php

namespace Shop\\Http;

use Shop\\Actions\\OpenGiftCheckout;

class GiftDesk
{
    public function __construct(private OpenGiftCheckout $open) {}

    public function held(array $form)
    {
        return ($this->open)($form['buyer'], $form['pounds']);
    }

    public function resolved(array $form)
    {
        return app(OpenGiftCheckout::class)($form['buyer'], $form['size']);
    }
}
"""


def test_an_action_held_in_a_property_or_made_by_the_container(tmp_path: Path) -> None:
    top = write_tree(
        tmp_path, {"src/Actions/OpenGiftCheckout.php": ACTION, "src/Http/GiftDesk.php": HOLDER}
    )
    called = sorted(
        (s for s in creates(top) if s.file.endswith("GiftDesk.php")), key=lambda s: s.line
    )
    assert [s.line for s in called] == [13, 18]
    held, resolved = called
    assert "$form['pounds'] * 100" in held.suggestion
    assert "$form['size'] * 100" in resolved.suggestion

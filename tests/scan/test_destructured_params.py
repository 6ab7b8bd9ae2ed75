"""Params taken out of a list a helper returns: ``list($params, $options) = match ($mode) {
'payment' => $this->payment($data), 'subscription' => $this->subscription($data) }`` then
``create($params, $options)`` (seen in a Slim donation API; each helper returns ``[$params,
$options]``). A name bound by destructuring was no binding the scanner read: the params were one
run-time value, the cart unknown (RT007), the call blocked though each helper writes its cart.

A name in a destructuring pattern (PHP ``[...]``/``list(...)``, Python ``a, b = ...``,
JavaScript ``const [a, b] = ...``, Ruby ``a, b = ...``) holds its element of the right side's
value, a choice's branches each theirs; its run-time values stay at the params' paths."""

from __future__ import annotations

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PHP = """<?php
use Stripe\\StripeClient;

class Donate
{
    public function __invoke($request, string $kind)
    {
        $form = $request->getParsedBody();
        [$params, $options] = match ($kind) {
            'once' => $this->once($form),
            'monthly' => $this->monthly($form),
        };
        return $this->stripe->checkout->sessions->create($params, $options);
    }

    private function once(array $form): array
    {
        $params = [
            'mode' => 'payment',
            'success_url' => $form['back'],
            'line_items' => [[
                'quantity' => 1,
                'price_data' => [
                    'currency' => 'eur',
                    'unit_amount' => $form['cents'],
                    'product_data' => ['name' => 'Gift'],
                ],
            ]],
        ];
        return [$params, []];
    }

    private function monthly(array $form): array
    {
        $params = [
            'mode' => 'subscription',
            'success_url' => $form['back'],
            'line_items' => [['price' => 'price_monthly_gift', 'quantity' => $form['units']]],
        ];
        return [$params, []];
    }
}
"""

PY = """import stripe


def _once(form):
    params = {
        "mode": "payment",
        "success_url": form["back"],
        "line_items": [{"price": "price_gift", "quantity": form["units"]}],
    }
    return params, {"idempotency_key": form["key"]}


def donate(form):
    params, options = _once(form)
    return stripe.checkout.Session.create(**params, **options)
"""

JS = """const stripe = require("stripe")(process.env.STRIPE_KEY);

function once(form) {
  const params = {
    mode: "payment",
    success_url: form.back,
    line_items: [{ price: "price_gift", quantity: form.units }],
  };
  return [params, {}];
}

async function donate(form) {
  const [params, options] = once(form);
  return stripe.checkout.sessions.create(params, options);
}
"""

RUBY = """class Donations
  def once(form)
    params = {
      mode: "payment",
      success_url: form[:back],
      line_items: [{ price: "price_gift", quantity: form[:units] }]
    }
    [params, {}]
  end

  def donate(form)
    params, options = once(form)
    Stripe::Checkout::Session.create(params, options)
  end
end
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("code", "name", "language", "units"),
    [
        (PY, "donate.py", "python", 'form["units"]'),
        (JS, "donate.js", "javascript", "form.units"),
        (RUBY, "donations.rb", "ruby", "form[:units]"),
    ],
)
def test_the_destructured_params_are_read(code: str, name: str, language: str, units: str) -> None:
    site = _site(code, name, language)
    assert site.translation is not None
    assert "RT007" not in {f.code for f in site.findings}
    assert site.verdict != "blocked"
    (gift,) = [r for r in site.translation.requires if r["stripe"] == {"price": "price_gift"}]
    assert gift["id"] in site.suggestion
    assert units in site.suggestion
    assert any(d.path == "line_items[0].quantity" for d in site.dynamic)


def test_a_choice_of_helpers_gives_each_branch_its_params() -> None:
    site = _site(PHP, "Donate.php", "php")
    assert site.translation is not None
    assert "RT007" not in {f.code for f in site.findings}
    assert "RT005" in {f.code for f in site.findings}  # the mode is chosen at run time
    text = site.suggestion
    assert "$form['cents']" in text  # the one-off gift's amount
    (monthly,) = [
        r for r in site.translation.requires if r["stripe"] == {"price": "price_monthly_gift"}
    ]
    assert monthly["id"] in text and "$form['units']" in text
    assert "($kind === 'once')" in text

"""A return or cancel URL read from a setting (Django `settings.X`, Rails
`Rails.configuration.x...`, `process.env.X`, Laravel `config('...')`, Go `os.Getenv`) whose
value, as the tree configures it, carries Stripe's {CHECKOUT_SESSION_ID} template: Dodo fills
no template in, so the buyer's return page would get the template's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import only_site

TEMPLATED = "https://example.com/thanks?session_id={CHECKOUT_SESSION_ID}"
PLAIN = "https://example.com/cart"

DJANGO = {
    "shop/settings.py": f'STRIPE_SUCCESS_URL = "{TEMPLATED}"\nSTRIPE_CANCEL_URL = "{PLAIN}"\n',
    "shop/views.py": (
        "import stripe\nfrom django.conf import settings\n\n\ndef buy(request):\n"
        "    return stripe.checkout.Session.create(\n"
        '        mode="payment",\n'
        '        line_items=[{"price": "price_1Example", "quantity": 1}],\n'
        "        success_url=settings.STRIPE_SUCCESS_URL,\n"
        "        cancel_url=settings.STRIPE_CANCEL_URL,\n    )\n"
    ),
}
RAILS = {
    "config/application.rb": (
        "module Shop\n  class Application < Rails::Application\n"
        f'    config.x.stripe.success_url = "{TEMPLATED}"\n'
        f'    config.x.stripe.cancel_url = "{PLAIN}"\n  end\nend\n'
    ),
    "app/controllers/checkouts_controller.rb": (
        "class CheckoutsController < ApplicationController\n  def create\n"
        "    session = Stripe::Checkout::Session.create(\n"
        '      mode: "payment",\n'
        '      line_items: [{ price: "price_1Example", quantity: 1 }],\n'
        "      success_url: Rails.configuration.x.stripe.success_url,\n"
        "      cancel_url: Rails.configuration.x.stripe.cancel_url\n    )\n"
        "    redirect_to session.url, allow_other_host: true\n  end\nend\n"
    ),
}
NODE = {
    ".env.example": f"STRIPE_SUCCESS_URL={TEMPLATED}\nSTRIPE_CANCEL_URL={PLAIN}\n",
    "src/checkout.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.STRIPE_KEY!);\n'
        "export async function buy() {\n  return stripe.checkout.sessions.create({\n"
        '    mode: "payment",\n    line_items: [{ price: "price_1Example", quantity: 1 }],\n'
        "    success_url: process.env.STRIPE_SUCCESS_URL!,\n"
        "    cancel_url: process.env.STRIPE_CANCEL_URL,\n  });\n}\n"
    ),
}
LARAVEL = {
    "config/services.php": (
        "<?php\n\nreturn [\n    'stripe' => [\n"
        f"        'success_url' => env('STRIPE_SUCCESS_URL', '{TEMPLATED}'),\n"
        f"        'cancel_url' => '{PLAIN}',\n    ],\n];\n"
    ),
    "app/Http/Controllers/CheckoutController.php": (
        "<?php\n\nnamespace App\\Http\\Controllers;\n\nuse Stripe\\Checkout\\Session;\n\n"
        "class CheckoutController extends Controller\n{\n    public function store()\n    {\n"
        "        return Session::create([\n"
        "            'mode' => 'payment',\n"
        "            'line_items' => [['price' => 'price_1Example', 'quantity' => 1]],\n"
        "            'success_url' => config('services.stripe.success_url'),\n"
        "            'cancel_url' => config('services.stripe.cancel_url'),\n"
        "        ]);\n    }\n}\n"
    ),
}
GO = {
    "docker-compose.yml": (
        "services:\n  web:\n    environment:\n"
        f'      - "SUCCESS_URL={TEMPLATED}"\n      - "CANCEL_URL={PLAIN}"\n'
    ),
    "main.go": (
        'package main\n\nimport (\n\t"os"\n\n\t"github.com/stripe/stripe-go/v76"\n'
        '\t"github.com/stripe/stripe-go/v76/checkout/session"\n)\n\n'
        "func buy() (*stripe.CheckoutSession, error) {\n"
        "\tparams := &stripe.CheckoutSessionParams{\n"
        '\t\tMode: stripe.String("payment"),\n'
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{\n"
        '\t\t\t{Price: stripe.String("price_1Example"), Quantity: stripe.Int64(1)},\n\t\t},\n'
        '\t\tSuccessURL: stripe.String(os.Getenv("SUCCESS_URL")),\n'
        '\t\tCancelURL:  stripe.String(os.Getenv("CANCEL_URL")),\n\t}\n'
        "\treturn session.New(params)\n}\n"
    ),
}


@pytest.mark.parametrize(
    ("files", "where"),
    [
        (DJANGO, "shop/settings.py:1"),
        (RAILS, "config/application.rb:3"),
        (NODE, ".env.example:1"),
        (LARAVEL, "config/services.php:5"),
        (GO, "docker-compose.yml:4"),
    ],
    ids=["django", "rails", "node", "laravel", "go"],
)
def test_configured_template_is_said_where_it_is_set(
    tmp_path: Path, files: dict[str, str], where: str
) -> None:
    """The call showed only `settings.X` (or the like) and was translated with an info that
    a run-time URL *may* hold a template (RT008); the setting's value, in the tree, holds
    it: a C003 warning at the field names where, and a literal URL without it is not said."""
    site = only_site(tmp_path, files)
    (finding,) = [f for f in site.findings if f.code == "C003"]
    assert finding.path == "success_url"
    assert finding.level.value == "warning"
    assert where in finding.message and "remove it there by hand" in finding.message
    assert not [f for f in site.findings if f.code == "RT008" and f.path == "success_url"]
    assert not [f for f in site.findings if f.path == "cancel_url"]


def test_configured_url_without_template_is_not_flagged(tmp_path: Path) -> None:
    files = {**DJANGO, "shop/settings.py": f'STRIPE_SUCCESS_URL = "{PLAIN}"\n'}
    site = only_site(tmp_path, files)
    assert "C003" not in {f.code for f in site.findings}
    assert "RT008" in {f.code for f in site.findings}  # still: a run-time URL, check it


def test_a_wrapper_caller_passing_the_setting_is_told_too(tmp_path: Path) -> None:
    """The URL reaches the creation through a wrapper's parameter: the caller's site says it
    (the wrapper's own site shows only its parameter)."""
    from tests.scan.trees import creates, write_tree

    files = {
        "shop/settings.py": f'STRIPE_SUCCESS_URL = "{TEMPLATED}"\n',
        "shop/pay.py": (
            "import stripe\n\n\ndef pay(url):\n"
            "    return stripe.checkout.Session.create(mode='payment', success_url=url,\n"
            "        line_items=[{'price': 'price_1Example', 'quantity': 1}])\n"
        ),
        "shop/views.py": (
            "from django.conf import settings\nfrom shop.pay import pay\n\n\n"
            "def buy(request):\n    return pay(settings.STRIPE_SUCCESS_URL)\n"
        ),
    }
    found = creates(write_tree(tmp_path, files))
    (by_caller,) = [s for s in found if s.via is not None]
    (finding,) = [f for f in by_caller.findings if f.code == "C003"]
    assert "shop/settings.py:1" in finding.message
    (own,) = [s for s in found if s.via is None]
    assert "C003" not in {f.code for f in own.findings}

"""``cancel_url`` loses Stripe's ``{CHECKOUT_SESSION_ID}`` template as ``success_url`` does
(C003, a warning at ``cancel_url``): Dodo fills no template in, so a cancel handler that reads
the session id would get the template's text. Literal URLs, and URLs built at run time whose
source shows the template in a string, in every language the scanner reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.mapping.translate import translate_params
from migrate.readers.base import SourceRef
from migrate.scan.scan import scan_paths

OK = "https://app.example.com/ok?session_id={CHECKOUT_SESSION_ID}"
BACK = "https://app.example.com/cancel?session_id={CHECKOUT_SESSION_ID}&from=checkout"


def test_a_literal_cancel_url_loses_the_template_with_a_warning() -> None:
    t = translate_params(
        {
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": 500,
                        "product_data": {"name": "Mug"},
                    },
                    "quantity": 1,
                }
            ],
            "success_url": OK,
            "cancel_url": BACK,
        },
        SourceRef("t.json", "json"),
    )
    assert t.dodo is not None
    assert t.dodo["cancel_url"] == "https://app.example.com/cancel?from=checkout"
    assert t.dodo["return_url"] == "https://app.example.com/ok"
    found = {f.path: f for f in t.findings if f.code == "C003"}
    assert set(found) == {"success_url", "cancel_url"}
    assert found["cancel_url"].level is Level.WARNING
    assert found["cancel_url"].message.startswith("`cancel_url` uses the {CHECKOUT_SESSION_ID}")
    assert t.fields["cancel_url"][0].value == "approximated"


CASES = {
    "pay.py": (
        "import stripe\n\ndef buy(base):\n    return stripe.checkout.Session.create(\n"
        "        mode='payment', line_items=[{'price': 'price_A', 'quantity': 1}],\n"
        "        success_url='https://x.example/ok',\n"
        "        cancel_url=f'{base}/cancel?session_id={{CHECKOUT_SESSION_ID}}',\n    )\n",
        "cancel_url=f'{base}/cancel'",
    ),
    "pay.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe("k");\n'
        "export async function buy(base: string) {\n"
        '  return stripe.checkout.sessions.create({ mode: "payment",\n'
        '    line_items: [{ price: "price_A", quantity: 1 }], success_url: "https://x.example/ok",\n'
        "    cancel_url: `${base}/cancel?session_id={CHECKOUT_SESSION_ID}&x=1` });\n}\n",
        "cancel_url: `${base}/cancel?x=1`",
    ),
    "pay.rb": (
        "def buy(base)\n  Stripe::Checkout::Session.create(mode: 'payment',\n"
        "    line_items: [{price: 'price_A', quantity: 1}], success_url: 'https://x.example/ok',\n"
        '    cancel_url: "#{base}/cancel?session_id={CHECKOUT_SESSION_ID}")\nend\n',
        "dodo_body['cancel_url'] = \"#{base}/cancel\"",
    ),
    "Pay.cs": (
        "using Stripe.Checkout;\nclass C { void Buy(string b) {\n"
        '  var options = new SessionCreateOptions { Mode = "payment",\n'
        '    SuccessUrl = "https://x.example/ok",\n'
        '    CancelUrl = $"{b}/cancel?session_id={{CHECKOUT_SESSION_ID}}",\n'
        "    LineItems = new List<SessionLineItemOptions> {\n"
        '      new SessionLineItemOptions { Price = "price_A", Quantity = 1 } } };\n'
        "  new SessionService().Create(options);\n} }\n",
        'dodoBody["cancel_url"] = JsonSerializer.SerializeToNode($"{b}/cancel");',
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_run_time_cancel_url_loses_the_template_its_source_shows(
    tmp_path: Path, name: str
) -> None:
    code, written = CASES[name]
    (tmp_path / name).write_text(code)
    (site,) = [s for s in scan_paths([str(tmp_path / name)]) if s.kind == "create"]
    (c003,) = [f for f in site.findings if f.code == "C003"]
    assert c003.path == "cancel_url" and c003.level is Level.WARNING
    assert written in site.suggestion
    assert "CHECKOUT_SESSION_ID" not in site.suggestion

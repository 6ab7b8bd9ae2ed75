"""A PaymentIntent (or SetupIntent) for a Stripe Terminal reader (``card_present``,
``interac_present``) cannot become a Dodo call: Dodo takes payments online only. The scan
blocks it (PI032), whether the code names the reader's method as a literal or in a run-time
choice between the reader and the web; online methods stay an info (PI014)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import scan_paths

READER = {
    "pos.py": (
        "import stripe\n\ndef reader_intent(amount):\n"
        "    return stripe.PaymentIntent.create(amount=amount, currency='usd',\n"
        "        payment_method_types=['card_present'], capture_method='manual')\n"
    ),
    "pos.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe("sk");\n'
        "export async function readerIntent(amount: number, inStore: boolean) {\n"
        "  return stripe.paymentIntents.create({ amount, currency: 'cad',\n"
        "    payment_method_types: inStore\n"
        "      ? ['card_present', 'interac_present'] : ['card'] });\n}\n"
    ),
    "pos.rb": (
        "def reader_intent(amount)\n"
        "  Stripe::PaymentIntent.create(amount: amount, currency: 'usd',\n"
        "    payment_method_types: ['card_present'])\nend\n"
    ),
    "pos.php": (
        "<?php\nfunction reader_intent($stripe, $amount) {\n"
        "    return $stripe->paymentIntents->create(['amount' => $amount, 'currency' => 'usd',\n"
        "        'payment_method_types' => ['card_present']]);\n}\n"
    ),
    "save.py": (
        "import stripe\n\ndef save_card_at_counter(customer):\n"
        "    return stripe.SetupIntent.create(customer=customer,\n"
        "        payment_method_types=['card_present'])\n"
    ),
}


def _site(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text)
    (site,) = [s for s in scan_paths([str(path)]) if s.kind in ("create", "around")]
    return site


@pytest.mark.parametrize("name", sorted(READER))
def test_a_reader_payment_is_blocked(tmp_path: Path, name: str) -> None:
    site = _site(tmp_path, name, READER[name])
    found = [f for f in site.findings if f.code == "PI032"]
    assert [(f.level, f.path) for f in found] == [(Level.BLOCKER, "payment_method_types")]
    assert "present`" in found[0].message
    assert site.verdict == "blocked"


def test_an_online_payment_is_not_blocked(tmp_path: Path) -> None:
    text = READER["pos.py"].replace("card_present", "card").replace(", capture_method='manual'", "")
    site = _site(tmp_path, "web.py", text)
    assert "PI032" not in {f.code for f in site.findings}
    assert site.verdict != "blocked"


def test_methods_filtered_of_the_reader_s_are_not_blocked(tmp_path: Path) -> None:
    """Code naming the reader's methods to leave them out takes the payment online (review:
    the source text of any expression was searched)."""
    text = (
        'import Stripe from "stripe";\nconst stripe = new Stripe("sk");\n'
        "export async function online(order: any, methods: string[]) {\n"
        "  return stripe.paymentIntents.create({ amount: 2500, currency: 'usd',\n"
        "    customer: order.customerId, payment_method_types: methods.filter(\n"
        "      (m) => m !== 'card_present' && m !== 'interac_present') });\n}\n"
    )
    site = _site(tmp_path, "online.ts", text)
    assert "PI032" not in {f.code for f in site.findings}

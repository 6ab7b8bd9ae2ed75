"""A Connect seller account, platform fee or transfer the code computes at run time blocks the
call (RT013) as the same field with a literal value does (P009/P011/PI017...): on Dodo the
platform would keep the whole amount and the seller get nothing. A field blocked only for some
values (``capture_method``) keeps its own finding, and a dropped one (``transfer_group``) stays
a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import scan_paths


def _sites(tmp_path: Path, name: str, text: str) -> list:
    path = tmp_path / name
    path.write_text(text)
    return [s for s in scan_paths([str(path)]) if s.kind in ("create", "around")]


def _codes(site) -> dict[str, tuple[str, Level]]:
    return {f.path: (f.code, f.level) for f in site.findings if f.code.startswith("RT")}


SESSION = {
    "buy.py": (
        "import stripe\n\ndef buy(seller, fee, group):\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        line_items=[{'price': 'price_1Listing', 'quantity': 1}],\n"
        "        payment_intent_data={'application_fee_amount': fee,\n"
        "            'on_behalf_of': seller, 'transfer_group': group,\n"
        "            'transfer_data': {'destination': seller}},\n"
        "        success_url='https://x/ok')\n"
    ),
    "buy.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe("sk");\n'
        "export async function buy(seller: string, fee: number, group: string) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment',\n"
        "    line_items: [{ price: 'price_1Listing', quantity: 1 }],\n"
        "    payment_intent_data: { application_fee_amount: fee, on_behalf_of: seller,\n"
        "      transfer_group: group, transfer_data: { destination: seller } },\n"
        "    success_url: 'https://x/ok' });\n}\n"
    ),
    "buy.rb": (
        "def buy(seller, fee, group)\n"
        "  Stripe::Checkout::Session.create(mode: 'payment',\n"
        "    line_items: [{ price: 'price_1Listing', quantity: 1 }],\n"
        "    payment_intent_data: { application_fee_amount: fee, on_behalf_of: seller,\n"
        "      transfer_group: group, transfer_data: { destination: seller } },\n"
        "    success_url: 'https://x/ok')\nend\n"
    ),
    "buy.php": (
        "<?php\nfunction buy($stripe, $seller, $fee, $group) {\n"
        "    return $stripe->checkout->sessions->create(['mode' => 'payment',\n"
        "        'line_items' => [['price' => 'price_1Listing', 'quantity' => 1]],\n"
        "        'payment_intent_data' => ['application_fee_amount' => $fee,\n"
        "            'on_behalf_of' => $seller, 'transfer_group' => $group,\n"
        "            'transfer_data' => ['destination' => $seller]],\n"
        "        'success_url' => 'https://x/ok']);\n}\n"
    ),
}


@pytest.mark.parametrize("name", sorted(SESSION))
def test_a_run_time_connect_account_or_fee_blocks_a_session(tmp_path: Path, name: str) -> None:
    (site,) = _sites(tmp_path, name, SESSION[name])
    assert _codes(site) == {
        "payment_intent_data.application_fee_amount": ("RT013", Level.BLOCKER),
        "payment_intent_data.on_behalf_of": ("RT013", Level.BLOCKER),
        "payment_intent_data.transfer_data.destination": ("RT013", Level.BLOCKER),
        "payment_intent_data.transfer_group": ("RT001", Level.WARNING),  # dropped: a label
    }
    assert site.verdict == "blocked"
    fee = next(f for f in site.findings if f.path.endswith("application_fee_amount"))
    assert "(P009 (application-fee-amount))" in fee.message
    assert "the platform keeps the whole amount and the seller gets nothing" in fee.message


INTENT = {
    "pay.py": (
        "import stripe\n\ndef pay(seller, amount, fee, capture):\n"
        "    return stripe.PaymentIntent.create(amount=amount, currency='usd',\n"
        "        on_behalf_of=seller, application_fee_amount=fee, capture_method=capture,\n"
        "        transfer_data={'destination': seller, 'amount': amount - fee})\n"
    ),
    "pay.ts": (
        'import Stripe from "stripe";\nconst stripe = new Stripe("sk");\n'
        "export async function pay(seller: string, amount: number, fee: number, capture: any) {\n"
        "  return stripe.paymentIntents.create({ amount, currency: 'usd', on_behalf_of: seller,\n"
        "    application_fee_amount: fee, capture_method: capture,\n"
        "    transfer_data: { destination: seller, amount: amount - fee } });\n}\n"
    ),
    "pay.rb": (
        "def pay(seller, amount, fee, capture)\n"
        "  Stripe::PaymentIntent.create(amount: amount, currency: 'usd', on_behalf_of: seller,\n"
        "    application_fee_amount: fee, capture_method: capture,\n"
        "    transfer_data: { destination: seller, amount: amount - fee })\nend\n"
    ),
    "pay.php": (
        "<?php\nfunction pay($seller, $amount, $fee, $capture) {\n"
        "    return \\Stripe\\PaymentIntent::create(['amount' => $amount, 'currency' => 'usd',\n"
        "        'on_behalf_of' => $seller, 'application_fee_amount' => $fee,\n"
        "        'capture_method' => $capture,\n"
        "        'transfer_data' => ['destination' => $seller, 'amount' => $amount - $fee]]);\n}\n"
    ),
}


@pytest.mark.parametrize("name", sorted(INTENT))
def test_a_run_time_connect_account_or_fee_blocks_a_payment_intent(
    tmp_path: Path, name: str
) -> None:
    (site,) = _sites(tmp_path, name, INTENT[name])
    codes = _codes(site)
    for path in ("on_behalf_of", "application_fee_amount", "transfer_data.destination"):
        assert codes[path] == ("RT013", Level.BLOCKER), path
    # blocked only for `manual`: its own money finding, not RT013
    assert codes["capture_method"] == ("RT002", Level.BLOCKER)
    assert site.verdict == "blocked"

# ruff: noqa: E501  (the fixture is Python code written as an application writes it)
"""Raw HTTP to the endpoints of the calls around Checkout read as the SDK's calls are: an
immediate cancellation (DELETE), a meter event, a re-priced PaymentIntent, a subscription
update that moves the trial or only sets the payment method (``update_kind``, one rule for both
readings), and a URL built on a constant base without ``/v1/`` written out."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

RAW = """import requests

STRIPE_API = "https://api.stripe.com/v1"


def report(customer_id, qty):
    return requests.post(
        "https://api.stripe.com/v1/billing/meter_events",
        data={"event_name": "api_calls", "payload[stripe_customer_id]": customer_id,
              "payload[value]": qty, "identifier": "x1"},
    )


def cancel(sub_id):
    return requests.delete("https://api.stripe.com/v1/subscriptions/" + sub_id, data={"prorate": "true"})


def reprice(pi_id):
    return requests.post(STRIPE_API + "/payment_intents/" + pi_id, data={"amount": 900, "currency": "usd"})


def describe(pi_id):
    return requests.post(STRIPE_API + "/payment_intents/" + pi_id, data={"description": "x"})


def extend(sub_id):
    return requests.post("https://api.stripe.com/v1/subscriptions/" + sub_id, data={"trial_end": 1893456000})


def card(sub_id, pm):
    return requests.post("https://api.stripe.com/v1/subscriptions/" + sub_id, data={"default_payment_method": pm})


def note(sub_id):
    return requests.post("https://api.stripe.com/v1/subscriptions/" + sub_id, data={"metadata[k]": "v"})


def charge(amount):
    return requests.post(f"{STRIPE_API}/payment_intents", data={"amount": amount, "currency": "usd"})
"""


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def test_raw_http_calls_around_checkout_are_read_as_the_sdks(tmp_path: Path) -> None:
    path = tmp_path / "billing.py"
    path.write_text(RAW)
    stats = ScanStats()
    sites = {s.line: s for s in scan_paths([str(path)], stats=stats)}
    assert stats.problems == []
    assert sorted(sites) == [7, 15, 19, 27, 31, 39]  # the description and metadata updates: none
    meter, cancel, reprice, extend, card, charge = (sites[n] for n in (7, 15, 19, 27, 31, 39))
    assert meter.translation is not None and meter.translation.kind == "usage_event"
    assert "SX101" in _codes(cancel)
    assert "PI112" in _codes(reprice)
    assert "SU019" in _codes(extend)
    assert card.kind == "related" and _codes(card) == {"X028"}
    assert charge.translation is not None and charge.params["currency"] == "usd"


HEADERS = {
    "pay.py": (
        "import requests\n\n"
        "def pay(seller, key):\n"
        "    return requests.post('https://api.stripe.com/v1/payment_intents',\n"
        "        data={'amount': 500, 'currency': 'usd'},\n"
        "        headers={'Stripe-Account': seller.acct, 'Idempotency-Key': key})\n"
    ),
    "pay.js": (
        "export async function pay(seller) {\n"
        "  return fetch('https://api.stripe.com/v1/checkout/sessions', {\n"
        "    method: 'POST',\n"
        "    headers: { 'Stripe-Account': seller.acct },\n"
        "    body: new URLSearchParams({ mode: 'payment', 'line_items[0][price]': 'price_1',"
        " 'line_items[0][quantity]': '1', success_url: 'https://x.test/ok' }),\n"
        "  });\n"
        "}\n"
    ),
    "pay.php": (
        "<?php\n"
        "function pay($acct) {\n"
        "  $ch = curl_init('https://api.stripe.com/v1/payment_intents');\n"
        "  curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query(['amount' => 500,"
        " 'currency' => 'usd']));\n"
        "  curl_setopt($ch, CURLOPT_HTTPHEADER, ['Stripe-Account: ' . $acct]);\n"
        "  return curl_exec($ch);\n"
        "}\n"
    ),
}


def test_a_connected_account_sent_as_a_header_is_x017(tmp_path: Path) -> None:
    # a raw request on a connected account (the Stripe-Account header) was translated as the
    # platform's own: the seller's money to the platform
    for name, code in HEADERS.items():
        (tmp_path / name).write_text(code)
    stats = ScanStats()
    sites = list(scan_paths([str(tmp_path)], stats=stats))
    assert stats.problems == [] and len(sites) == 3
    for site in sites:
        assert "X017" in _codes(site), site.file
    py = next(s for s in sites if s.file.endswith(".py"))
    assert "X018" in _codes(py)

"""Request options sent as headers through an SDK call: stripe-python takes ``headers=`` among
a resource call's keywords (and in StripeClient's ``options``), sends them with the request,
and ``Stripe-Account`` / ``Idempotency-Key`` there are the connected account and the
idempotency key as the options are. They are X017 / X018 as the same headers on a raw request
(``migrate/scan/http_site.py``), never a Checkout param (C090 / RT001, a warning about an
unknown field: a call on a connected seller's account translated as the platform's own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.scan.scan import CallSite, scan_paths

_SESSION = (
    "mode='payment', success_url='https://example.com/ok',\n"
    "        line_items=[{'price': 'price_1Example', 'quantity': 1}]"
)
_PARAMS = (
    "params={'mode': 'payment', 'success_url': 'https://example.com/ok',\n"
    "            'line_items': [{'price': 'price_1Example', 'quantity': 1}]}"
)

SHAPES = {
    "resource keyword": (
        "def pay(acct, key):\n"
        f"    return stripe.checkout.Session.create({_SESSION},\n"
        "        headers={'Stripe-Account': acct, 'Idempotency-Key': key})\n",
        {("X017", "stripe_account", Level.BLOCKER), ("X018", "idempotency_key", Level.WARNING)},
    ),
    "a dict bound above": (
        "def pay(acct):\n"
        "    extra = {'Stripe-Account': acct, 'X-Trace': 'on'}\n"
        f"    return stripe.checkout.Session.create({_SESSION}, headers=extra)\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "in a spread": (
        "def pay(acct):\n"
        "    opts = {'headers': {'Stripe-Account': acct}}\n"
        f"    return stripe.checkout.Session.create({_SESSION}, **opts)\n",
        {("X017", "stripe_account", Level.BLOCKER)},
    ),
    "StripeClient options": (
        "client = stripe.StripeClient('sk_test_x')\n\n"
        "def pay(acct, key):\n"
        "    return client.checkout.sessions.create(\n"
        f"        {_PARAMS},\n"
        "        options={'headers': {'Stripe-Account': acct, 'Idempotency-Key': key}})\n",
        {("X017", "stripe_account", Level.BLOCKER), ("X018", "idempotency_key", Level.WARNING)},
    ),
    "headers from a parameter": (
        "def pay(extra_headers):\n"
        f"    return stripe.checkout.Session.create({_SESSION}, headers=extra_headers)\n",
        {("X022", "", Level.WARNING)},  # may hold either: not carried, said so
    ),
}


def _site(tmp_path: Path, body: str) -> CallSite:
    path = tmp_path / "pay.py"
    path.write_text(f"import stripe\n\n{body}", encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create" and s.via is None]
    return site


def _options(site: CallSite) -> set[tuple[str, str, Level]]:
    codes = ("X017", "X018", "X019", "X022")
    return {(f.code, f.path, f.level) for f in site.findings if f.code in codes}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_sdk_headers_are_request_options(tmp_path: Path, shape: str) -> None:
    body, expected = SHAPES[shape]
    site = _site(tmp_path, body)
    assert _options(site) == expected
    assert "headers" not in site.params  # no Checkout param
    assert not [f for f in site.findings if f.path.startswith("headers")]
    assert not [d for d in site.dynamic if d.path.startswith("headers")]
    assert site.params["line_items"] == [{"price": "price_1Example", "quantity": 1}]
    if any(code == "X017" for code, _, _ in expected):
        assert site.verdict == "blocked"


def test_an_account_header_names_its_source(tmp_path: Path) -> None:
    site = _site(tmp_path, SHAPES["resource keyword"][0])
    (found,) = [f for f in site.findings if f.code == "X017"]
    assert "(`stripe_account`: acct)" in found.message


def test_a_caller_s_account_through_a_wrapper_s_headers(tmp_path: Path) -> None:
    """A wrapper passing its parameter as the header: each caller's site says whose account."""
    path = tmp_path / "pay.py"
    path.write_text(
        "import stripe\n\n"
        "def open_checkout(price, acct):\n"
        "    return stripe.checkout.Session.create(mode='payment',\n"
        "        success_url='https://example.com/ok',\n"
        "        line_items=[{'price': price, 'quantity': 1}],\n"
        "        headers={'Stripe-Account': acct})\n\n"
        "def buy(seller):\n"
        "    return open_checkout('price_1Example', seller.stripe_id)\n",
        encoding="utf-8",
    )
    (call,) = [s for s in scan_paths([str(path)]) if s.via is not None]
    (found,) = [f for f in call.findings if f.code == "X017"]
    assert "seller.stripe_id" in found.message
    assert not [f for f in call.findings if f.path.startswith("headers")]

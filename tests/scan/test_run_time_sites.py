"""Issue 14: every Checkout Session creation in code becomes a Dodo call, whatever its params.

A call whose params the scanner cannot read (a variable, ``**kwargs``, ``$data``) is a session
all the same: blocked, with a finding saying the cart is unknown, never "skipped: not a
Checkout Session create request". A site says what the reader needs: ``translated``,
``translated, run-time values: review`` or ``blocked``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migrate.findings import Level
from migrate.formats import format_for
from migrate.scan.patterns import BY_NAME
from migrate.scan.result import ScanResult
from migrate.scan.scan import CallSite, ScanStats, scan_source

WHOLE_PARAMS = {
    "python": (
        "import stripe\n\ndef pay(**kwargs):\n    return stripe.checkout.Session.create(**kwargs)\n"
    ),
    "javascript": (
        "const stripe = require('stripe')('sk_test_x');\n"
        "export async function pay(args) { return stripe.checkout.sessions.create(args); }\n"
    ),
    "ruby": (
        "require 'stripe'\n\ndef pay(params)\n  Stripe::Checkout::Session.create(params)\nend\n"
    ),
    "php": (
        "<?php\nfunction pay($data) {\n    return \\Stripe\\Checkout\\Session::create($data);\n}\n"
    ),
}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s for s in scan_source(code, f"x.{language}", BY_NAME[language]) if s.kind == "create"
    ]
    return site


@pytest.mark.parametrize("language", sorted(WHOLE_PARAMS))
def test_params_built_in_a_variable_are_a_session_not_a_skipped_one(language: str) -> None:
    site = one(WHOLE_PARAMS[language], language)
    assert site.translation is not None
    assert site.status == "translated" and site.verdict != "skipped"
    assert "G012" not in {f.code for f in site.findings}  # not "not a Checkout Session"
    # the function's own parameter, passed on whole: the Dodo call forwards it (X039), the
    # cart each caller's (tests/scan/test_wrapper_forward.py)
    (x039,) = [f for f in site.findings if f.code == "X039"]
    assert x039.level is Level.WARNING
    assert site.translation.dodo is not None
    forwarded = {"python": "kwargs", "javascript": "args", "ruby": "params", "php": "$data"}
    assert site.as_dict()["dodo"] == {"$dynamic": forwarded[language]}
    assert site.translation.review


def test_params_read_from_the_request_whole_are_a_blocked_session() -> None:
    code = (
        "import stripe\n\ndef pay(request):\n"
        "    return stripe.checkout.Session.create(**request.json)\n"
    )
    site = one(code, "python")
    assert site.status == "translated" and site.verdict == "blocked"
    (rt007,) = [f for f in site.findings if f.code == "RT007"]
    assert rt007.level is Level.BLOCKER
    assert site.translation is not None and site.translation.dodo is not None
    (line,) = site.translation.dodo["product_cart"]
    assert line["product_id"].missing == "product_id"


def _render(sites: list[CallSite], fmt: str) -> str:
    return format_for(fmt).render(ScanResult(tuple(sites), ScanStats(files=1, parsed=1)))


def test_the_text_output_says_translated_review_or_blocked() -> None:
    code = (
        "import stripe\n\n"
        "def a():\n"
        "    return stripe.checkout.Session.create(mode='payment', success_url='https://x.example/ok',"
        " line_items=[{'price': 'price_1A', 'quantity': 1}])\n\n"
        "def b(request):\n"  # a framework's request: not a wrapper's parameter
        "    return stripe.checkout.Session.create(mode='payment', success_url='https://x.example/ok',"
        " line_items=[{'price': request.form['price'], 'quantity': 1}])\n\n"
        "def c(request):\n"
        "    return stripe.checkout.Session.create(**request.json)\n"
    )
    sites = [s for s in scan_source(code, "x.py", BY_NAME["python"]) if s.kind == "create"]
    assert [s.verdict for s in sites] == [
        "translated",
        "translated, run-time values: review",
        "blocked",
    ]
    text = _render(sites, "text")
    assert "-> translated\n" in text
    assert "-> translated, run-time values: review\n" in text
    assert "-> blocked\n" in text
    doc = json.loads(_render(sites, "json"))
    assert ["review" in s for s in doc["sites"]] == [False, True, True]
    assert all(s["status"] == "translated" for s in doc["sites"])


def test_a_call_with_a_run_time_list_is_rewritten_only_with_unsafe_fixes(tmp_path: Path) -> None:
    # issue 15: the list is mapped element by element (RT003 is a decision: --unsafe-fixes)
    from migrate.scan.fix import plan_fixes, safety
    from migrate.scan.scan import scan_paths

    code = (
        "import stripe\n\n"
        "def buy(items):\n"
        "    return stripe.checkout.Session.create(mode='payment',"
        " success_url='https://x.example/ok', line_items=items)\n"
    )
    site = one(code, "python")
    assert site.verdict == "translated, run-time values: review"
    assert safety(site)[0] == "unsafe"
    path = tmp_path / "buy.py"
    path.write_text(code)
    (fix,) = plan_fixes(list(scan_paths([str(path)])), unsafe=True)
    assert '"product_id": dodo_product_id(item["price"]),' in fix.after
    assert "for item in items" in fix.after
    assert "# stripe2dodo RT003 (warning)" in fix.after


def test_run_time_invoice_text_is_not_a_money_blocker() -> None:
    """Read from a real application (chatwoot): `invoice_creation.invoice_data.description` and
    its metadata, known at run time, blocked the session (RT002, "decides what the buyer
    pays"). Dodo invoices every payment itself and `invoice_creation` is dropped (C039) whatever
    it holds: such values are a warning each (RT001), and the cart translates."""
    site = one(
        "import stripe\n\ndef topup(account, credits):\n"
        "    return stripe.checkout.Session.create(mode='payment', customer='cus_1',"
        " line_items=[{'price': 'price_1Topup', 'quantity': 1}],"
        " success_url='https://x.example/ok', invoice_creation={'enabled': True,"
        " 'invoice_data': {'description': f'{credits} credits',"
        " 'metadata': {'account': str(account.id)}}})\n",
        "python",
    )
    codes = {(f.code, f.path) for f in site.findings}
    assert ("RT001", "invoice_creation.invoice_data.description") in codes
    assert not any(code == "RT002" for code, _ in codes)
    assert site.translation is not None and site.translation.status == "translated"


@pytest.mark.parametrize(
    ("code", "language", "where"),
    [
        (  # a get-or-create over two statements (a team's billing, read from a SaaS app)
            "export async function upgrade(team: any, priceId: string) {\n"
            "  let customerId = team.stripeCustomerId;\n"
            "  if (!customerId) {\n"
            "    const customer = await createForTeam(team.id);\n"
            "    customerId = customer.id;\n"
            "  }\n"
            "  return stripe.checkout.sessions.create({ mode: 'subscription', customer: customerId,"
            " line_items: [{ price: priceId, quantity: 1 }], success_url: 'https://x.example' });\n"
            "}\n\n"
            "async function createForTeam(id: string) {\n"
            "  return stripe.customers.create({ metadata: { team: id } });\n"
            "}\n",
            "typescript",
            "in createForTeam",
        ),
        (
            "import stripe\n\ndef ensure(user):\n    if user.customer_id:\n"
            "        return user.customer_id\n"
            "    made = stripe.Customer.create(metadata={'u': user.id})\n"
            "    save(user, made.id)\n    return made.id\n\ndef buy(user):\n"
            "    return stripe.checkout.Session.create(mode='payment', customer=ensure(user),"
            " line_items=[{'price': 'price_1A', 'quantity': 1}], success_url='https://x.example')\n",
            "python",
            "in ensure",
        ),
        (  # made inline from no email (one made from an email is X035's: test_customer_emails)
            "export async function buy(user: any) {\n  return stripe.checkout.sessions.create({"
            " mode: 'payment', customer: (await stripe.customers.create({ name: user.name })).id,"
            " line_items: [{ price: 'price_1A', quantity: 1 }],"
            " success_url: 'https://x.example' });\n}\n",
            "typescript",
            "",
        ),
        (  # read from a FastAPI boilerplate: created when missing, then saved on the org
            "import stripe\n\nasync def buy(org, db):\n    if not org.customer_id:\n"
            "        org.customer_id = stripe.Customer.create(email=org.email).id\n"
            "        await db.commit()\n"
            "    return stripe.checkout.Session.create(mode='payment', customer=org.customer_id,"
            " line_items=[{'price': 'price_1A', 'quantity': 1}], success_url='https://x.example')\n",
            "python",
            "earlier in the same function",
        ),
        (  # the helper's result held in a local first (a SvelteKit monorepo's stripe package)
            "async function customerFor(db: any, stripe: any, id: string) {\n"
            "  const row = await db.user(id);\n  if (row.cus) return row.cus;\n"
            "  const made = await stripe.customers.create({ email: row.email });\n"
            "  await db.save(id, made.id);\n  return made.id;\n}\n\n"
            "export async function upgrade(db: any, stripe: any, id: string) {\n"
            "  const cus = await customerFor(db, stripe, id);\n"
            "  return stripe.checkout.sessions.create({ mode: 'subscription', customer: cus,"
            " line_items: [{ price: 'price_1Pro', quantity: 1 }],"
            " success_url: 'https://x.example' });\n}\n",
            "typescript",
            "in customerFor",
        ),
        (
            "import stripe\n\ndef ensure(user):\n    if user.customer_id:\n"
            "        return user.customer_id\n"
            "    return stripe.Customer.create(metadata={'u': user.id}).id\n\ndef buy(user):\n"
            "    customer_id = ensure(user)\n"
            "    return stripe.checkout.Session.create(mode='payment', customer=customer_id,"
            " line_items=[{'price': 'price_1A', 'quantity': 1}], success_url='https://x.example')\n",
            "python",
            "in ensure",
        ),
    ],
)
def test_a_customer_created_in_stripe_at_run_time_is_said(
    code: str, language: str, where: str
) -> None:
    """Read from real applications (AutoGPT, postiz): the checkout's customer comes from a
    helper that creates the Stripe customer when there is none, or is created inline. The
    suggested call looks it up in the id map, which knows no customer made after the move:
    X020 says so at `customer` (naming the helper), where it was silent."""
    site = one(code, language)
    (found,) = [f for f in site.findings if f.code == "X020"]
    assert found.path == "customer" and where in found.message


def test_a_saved_customer_id_is_not_said_to_be_created() -> None:
    site = one(
        "import stripe\n\ndef ensure(user):\n"
        "    return stripe.Customer.create(email=user.email).id\n\ndef buy(user):\n"
        "    return stripe.checkout.Session.create(mode='payment',"
        " customer=user.customer_id, line_items=[{'price': 'price_1A', 'quantity': 1}],"
        " success_url='https://x.example')\n",
        "python",
    )
    assert "X020" not in {f.code for f in site.findings}

"""Values known only at run time (issue 12, items 1 and 2).

A run-time value in scanned code travels as an expression (``migrate.mapping.expr.Expr``)
through the translator into the Dodo call wherever the Dodo field is the same value: ``amount`` ->
``product_price`` (or a pay-what-you-want line's ``amount``), ``currency`` ->
``product_currency`` upper-cased, ``description``, ``metadata``, a run-time price id -> the
id-map look-up. A required value the code does not pass is a name defined nowhere. An amount
known only at run time never empties a cart: it sells a one-time pay-what-you-want product.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from dodopayments.types import CheckoutSessionCreateParams, ProductCreateParams

from migrate.findings import Level
from migrate.mapping.cart import PWYW_MINIMUM, check_body
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.expr import Expr, exprs_in
from migrate.mapping.table import load_enums, load_table
from migrate.mapping.trace import Trace
from migrate.mapping.translate import Translation, translate_params
from migrate.plan.planner import CatalogPlanner, MemorySource
from migrate.readers.base import SourceRef
from migrate.sandbox.server import Sandbox
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source
from tests.dodo_contract import REQUEST_TYPES, concrete, contract_errors

ROOT = Path(__file__).resolve().parents[2]
SOURCE = SourceRef("x", "json")
PI = {"endpoint": "/v1/payment_intents"}


def one(code: str, language: str = "python") -> CallSite:
    (site,) = [s for s in scan_source(code, "x", BY_NAME[language]) if s.kind == "create"]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def translation(site: CallSite) -> Translation:
    assert site.translation is not None and site.translation.dodo is not None
    return site.translation


def blocked(findings: Any) -> bool:
    return any(f.level is Level.BLOCKER for f in findings)


# -- item 1: the amount (and the other same-value fields) reach the Dodo call ----------------


def test_a_run_time_amount_is_the_charges_product_price_in_node() -> None:
    s = one(
        "const stripe = require('stripe')('sk_test_x');\n"
        "async function later(cents, customer) {\n"
        "  return stripe.paymentIntents.create({amount: cents, currency: 'usd',\n"
        "    customer, payment_method: pm, off_session: true, confirm: true});\n"
        "}\n",
        "javascript",
    )
    t = translation(s)
    assert t.kind == "on_demand_charge"
    assert t.dodo == {
        "product_price": Expr("cents", "amount", type="int"),
        "product_currency": "USD",
    }
    assert "product_price: cents," in s.suggestion
    assert "TODO: set from cents" not in s.suggestion  # carried, not left to wire by hand
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []
    assert t.as_dict()["dodo"]["product_price"] == {"$dynamic": "cents"}


def test_a_legacy_charge_of_a_run_time_amount_in_python() -> None:
    s = one(
        "import stripe\n"
        "def usage(customer_id, cents):\n"
        "    return stripe.Charge.create(amount=cents, currency='usd', customer=customer_id)\n"
    )
    assert translation(s).kind == "on_demand_charge"
    assert "    product_price=cents,\n" in s.suggestion


def test_currency_description_and_metadata_travel_as_expressions() -> None:
    s = one(
        "import stripe\n"
        "def charge(cents, currency, note, tags):\n"
        "    return stripe.PaymentIntent.create(amount=cents, currency=currency,\n"
        "        customer='cus_1', off_session=True, confirm=True, description=note,\n"
        "        metadata=tags)\n"
    )
    t = translation(s)
    assert t.dodo is not None
    assert t.dodo["product_currency"] == Expr("currency", "currency", "upper", "str")
    assert t.dodo["product_description"] == Expr("note", "description", type="str")
    assert t.dodo["metadata"] == Expr("tags", "metadata", type="metadata")
    assert 'product_currency=cast("Currency", currency.upper()),' in s.suggestion
    assert "from dodopayments.types import Currency" in s.suggestion
    assert "product_description=note," in s.suggestion and "metadata={**tags}," in s.suggestion
    assert "TODO: set from" not in s.suggestion
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []


def test_a_metadata_value_known_at_run_time_keeps_its_key() -> None:
    s = one(
        "const stripe = require('stripe')('sk');\n"
        "stripe.paymentIntents.create({amount: 900, currency: 'eur', customer: 'cus_1',"
        " off_session: true, confirm: true, metadata: {order: order.id, channel: 'web'}});\n",
        "javascript",
    )
    t = translation(s)
    assert t.dodo is not None
    assert t.dodo["metadata"] == {
        "order": Expr("order.id", "metadata.order", "str", "str"),  # text, as Dodo takes it
        "channel": "web",
    }
    assert "order: String(order.id)," in s.suggestion  # Dodo metadata values are text


def test_a_charge_without_any_amount_names_a_placeholder_that_cannot_run() -> None:
    s = one("import stripe\nstripe.PaymentIntent.create(**params, off_session=True)\n")
    t = translation(s)
    assert t.kind == "on_demand_charge"
    assert "PI106" in codes(s)  # kept, though the params are spread (it is about that)
    assert "    product_price=TODO_product_price,\n" in s.suggestion
    client = SimpleNamespace(subscriptions=SimpleNamespace(charge=lambda *a, **k: None))
    namespace: dict[str, Any] = {"client": client}
    with pytest.raises(NameError, match="TODO_product_price"):
        exec(compile(s.suggestion, "<suggestion>", "exec"), namespace)
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) != []


def test_a_run_time_value_no_rule_carries_is_still_left_out() -> None:
    s = one(
        "import stripe\n"
        "stripe.PaymentIntent.create(amount=900, currency='usd', customer='cus_1',"
        " off_session=True, confirm=True, statement_descriptor=label)\n"
    )
    t = translation(s)
    assert not any(True for _ in exprs_in(t.dodo))
    # what is lost is said once, by a finding at its path, not again as a comment in the code
    (lost,) = [f for f in t.findings if f.code == "RT001"]
    assert lost.path == "statement_descriptor" and "(label)" in lost.message
    assert "label" not in s.suggestion


# -- item 2: a run-time amount sells a pay-what-you-want product --------------------------------


def _pwyw(t: Translation, pid: str) -> dict[str, Any]:
    (req,) = [r for r in t.requires if r["id"] == pid]
    product = req["product"]
    assert product["price"]["pay_what_you_want"] is True
    assert product["price"]["type"] == "one_time_price"
    assert product["price"]["price"] == PWYW_MINIMUM
    errors = contract_errors({**product, "tax_category": "saas"}, ProductCreateParams)
    assert errors == []
    return product  # type: ignore[no-any-return]


def test_a_one_time_payment_intent_of_a_run_time_amount_is_a_pwyw_line() -> None:
    s = one(
        "const stripe = require('stripe')('sk');\n"
        "export const pay = (cents) => stripe.paymentIntents.create({amount: cents,"
        " currency: 'eur'});\n",
        "javascript",
    )
    t = translation(s)
    assert t.kind == "checkout_session" and t.dodo is not None
    (line,) = t.dodo["product_cart"]
    assert line["amount"] == Expr("cents", "amount", type="int") and line["quantity"] == 1
    assert _pwyw(t, line["product_id"])["price"]["currency"] == "EUR"
    assert "PI110" in codes(s)
    assert "amount: cents," in s.suggestion
    assert contract_errors(concrete(t.dodo), CheckoutSessionCreateParams) == []


def test_one_pwyw_product_per_currency_serves_every_amount() -> None:
    a = one("import stripe\nstripe.PaymentIntent.create(amount=x, currency='usd')\n")
    b = one("import stripe\nstripe.PaymentIntent.create(amount=y * 2, currency='usd')\n")
    c = one("import stripe\nstripe.PaymentIntent.create(amount=x, currency='gbp')\n")
    ids = [translation(s).dodo["product_cart"][0]["product_id"] for s in (a, b, c)]  # type: ignore[index]
    assert ids[0] == ids[1] != ids[2]


def test_an_upsell_of_a_run_time_amount_and_its_fallback_are_pwyw_lines() -> None:
    s = one(
        "import stripe\n"
        "stripe.PaymentIntent.create(amount=price, currency='usd', customer=c,"
        " payment_method=pm, confirm=True)\n"
    )
    t = translation(s)
    assert t.kind == "upsell" and t.dodo is not None and t.fallback is not None
    assert t.dodo["product_cart"] == t.fallback["product_cart"]
    assert t.dodo["product_cart"][0]["amount"] == Expr("price", "amount", type="int")
    assert s.suggestion.count('"amount": price,') == 2


def test_a_charge_and_save_of_a_run_time_amount_is_its_initial_charge() -> None:
    s = one(
        "import stripe\n"
        "stripe.PaymentIntent.create(amount=fee, currency='usd', customer=c,"
        " setup_future_usage='off_session')\n"
    )
    t = translation(s)
    assert t.kind == "on_demand_mandate" and t.dodo is not None
    on_demand = t.dodo["subscription_data"]["on_demand"]
    assert on_demand["product_price"] == Expr("fee", "amount", type="int")
    assert contract_errors(concrete(t.dodo), CheckoutSessionCreateParams) == []


def test_inline_price_data_with_a_run_time_unit_amount_keeps_its_product() -> None:
    s = one(
        "import stripe\n"
        "def checkout(cents, n):\n"
        "    return stripe.checkout.Session.create(mode='payment',"
        " success_url='https://x.example/ok', line_items=[{'price_data': {'currency': 'usd',"
        " 'unit_amount': cents, 'product_data': {'name': 'Print', 'images': ['https://x.example/p.png']}},"
        " 'quantity': 3}])\n"
    )
    t = translation(s)
    assert t.dodo is not None
    (line,) = t.dodo["product_cart"]
    assert line["quantity"] == 3  # `amount` is per unit, as `unit_amount` is
    assert line["amount"] == Expr("cents", "line_items[0].price_data.unit_amount", type="int")
    product = _pwyw(t, line["product_id"])
    assert product["name"] == "Print"
    assert "L112" in codes(s) and "L106" not in codes(s)
    assert '"amount": cents,' in s.suggestion


def test_a_legacy_inline_item_with_a_run_time_amount_is_a_pwyw_line() -> None:
    s = one(
        "import stripe\n"
        "stripe.checkout.Session.create(success_url='https://x.example/ok',"
        " line_items=[{'name': 'Ebook', 'amount': cents, 'currency': 'eur', 'quantity': 1}])\n"
    )
    t = translation(s)
    assert t.dodo is not None
    (line,) = t.dodo["product_cart"]
    assert line["amount"] == Expr("cents", "line_items[0].amount", type="int")
    assert _pwyw(t, line["product_id"])["name"] == "Ebook"
    assert "TODO: set from cents" not in s.suggestion


def test_a_recurring_price_of_a_run_time_amount_is_blocked_not_emptied() -> None:
    s = one(
        "import stripe\n"
        "stripe.checkout.Session.create(mode='subscription', success_url='https://x.example/ok',"
        " line_items=[{'price_data': {'currency': 'usd', 'unit_amount': cents,"
        " 'recurring': {'interval': 'month'}, 'product_data': {'name': 'Box'}}, 'quantity': 1}])\n"
    )
    t = translation(s)
    assert "L114" in codes(s) and blocked(s.findings)
    assert t.dodo is not None and t.dodo["product_cart"][0]["product_id"] == Expr.absent(
        "product_id", "str", "line_items[0].price_data.unit_amount"
    )
    assert '"product_id": TODO_product_id,' in s.suggestion


def test_a_run_time_price_is_looked_up_not_dropped() -> None:
    s = one(
        "import stripe\n"
        "def buy(order):\n"
        "    return stripe.checkout.Session.create(mode='payment',"
        " success_url='https://x.example/ok', line_items=[{'price': order.price_id,"
        " 'quantity': 1}])\n"
    )
    t = translation(s)
    assert t.dodo is not None
    assert t.dodo["product_cart"] == [
        {
            "product_id": Expr("order.price_id", "line_items[0].price", "product_id", "str"),
            "quantity": 1,
        }
    ]
    assert '"product_id": dodo_product_id(order.price_id),' in s.suggestion
    assert "L113" in codes(s)


def test_a_run_time_currency_in_a_checkout_sells_the_product_of_that_currency() -> None:
    """A charge in a currency the code passes was blocked (PI111, `TODO_product_id`): it sells
    the one-time product at that amount made in that currency, looked up by currency."""
    s = one("import stripe\nstripe.PaymentIntent.create(amount=500, currency=cur)\n")
    t = translation(s)
    assert "PI111" in codes(s) and not blocked(s.findings)
    assert t.dodo is not None
    chosen = t.dodo["product_cart"][0]["product_id"]
    assert (chosen.source, chosen.op) == ("cur", "product_in_currency")
    (need,) = [r for r in t.requires if r["id"] == chosen.key]
    assert need["per_currency"] and need["product"]["price"]["price"] == 500
    assert 'dodo_product_id("s2d_pdt_' in s.suggestion and '." + cur.upper())' in s.suggestion


def test_a_run_time_currency_without_an_amount_still_blocks() -> None:
    s = one("import stripe\nstripe.PaymentIntent.create(currency=cur, customer='cus_1')\n")
    t = translation(s)
    assert blocked(s.findings) and "PI111" in codes(s)
    assert t.dodo is not None and t.dodo["product_cart"][0]["product_id"].missing == "product_id"


# -- JSON payloads: an amount that is missing where a cart needs one ---------------------------


def test_a_payment_intent_without_amount_is_a_pwyw_line_not_an_empty_cart() -> None:
    t = translate_params({"currency": "usd"}, SOURCE, meta=PI)
    assert t.dodo is not None
    (line,) = t.dodo["product_cart"]
    assert "amount" not in line  # unknown: PI106 blocks, so it is never sent
    _pwyw(t, line["product_id"])
    found = {f.code for f in t.findings}
    assert {"PI106", "PI110"} <= found and blocked(t.findings)
    assert contract_errors(t.dodo, CheckoutSessionCreateParams) == []


def test_price_data_without_unit_amount_is_a_pwyw_line_not_an_empty_cart() -> None:
    doc = {
        "mode": "payment",
        "line_items": [
            {"price_data": {"currency": "usd", "product_data": {"name": "Gift"}}, "quantity": 1}
        ],
    }
    t = translate_params(doc, SOURCE)
    assert t.dodo is not None
    (line,) = t.dodo["product_cart"]
    assert _pwyw(t, line["product_id"])["name"] == "Gift"
    assert {"L106", "L112"} <= {f.code for f in t.findings} and blocked(t.findings)
    assert t.money is not None and t.money["status"] == "unverified"


def test_a_pwyw_product_is_planned_like_any_required_product() -> None:
    t = translate_params({"currency": "usd"}, SourceRef("pi.json", "json"), meta=PI)
    ops = list(CatalogPlanner(MemorySource(()), PlanOptions(tax_default="saas"), inline=[t]).plan())
    (op,) = ops
    assert op.dodo_id == t.dodo["product_cart"][0]["product_id"]  # type: ignore[index]
    assert op.action == "create" and op.request is not None
    assert op.request["body"]["price"]["pay_what_you_want"] is True
    assert contract_errors(op.request["body"], ProductCreateParams) == []


def test_the_sandbox_charges_the_line_amount_of_a_planned_pwyw_product() -> None:
    """The product we plan, created in the local Dodo sandbox, charges what the line says."""
    s = one("import stripe\nstripe.PaymentIntent.create(amount=cents, currency='usd')\n")
    t = translation(s)
    (req,) = t.requires
    with (
        Sandbox(seed=3) as sandbox,
        httpx.Client(
            base_url=sandbox.url, headers={"Authorization": "Bearer sk_test_x"}, timeout=5.0
        ) as client,
    ):
        created = client.post("/products", json={**req["product"], "tax_category": "saas"})
        assert created.status_code in (200, 201), created.text
        pid = created.json()["product_id"]
        cart = [{**t.dodo["product_cart"][0], "product_id": pid, "amount": 1234}]  # type: ignore[index]
        preview = client.post("/checkouts/preview", json={"product_cart": cart})
        assert preview.status_code == 200, preview.text
        (line,) = preview.json()["product_cart"]
        assert line["og_price"] == 1234
        assert client.post("/checkouts", json={"product_cart": cart}).status_code in (200, 201)


# -- no emitted body has an empty cart ---------------------------------------------------------


def test_the_final_body_check_blocks_an_empty_cart() -> None:
    trace = Trace(load_table())
    check_body({"product_cart": []}, trace, load_enums())
    assert [(f.code, f.level) for f in trace.findings] == [("D004", Level.BLOCKER)]
    trace = Trace(load_table())
    check_body({"product_cart": [], "product_collection_id": "pdc_1"}, trace, load_enums())
    assert trace.findings == []


def _bodies(value: Any) -> list[dict[str, Any]]:
    """Every Dodo body inside a golden document (``dodo`` and ``fallback`` values)."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("dodo", "fallback") and isinstance(item, dict) and "product_cart" in item:
                found.append(item)
            else:
                found.extend(_bodies(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_bodies(item))
    return found


def _empty_cart(body: dict[str, Any]) -> bool:
    return body.get("product_cart") == [] and not body.get("product_collection_id")


def test_no_sample_or_golden_has_an_empty_cart() -> None:
    from migrate.commands import translate_paths
    from migrate.mapping.translate import Options

    results = list(translate_paths([str(ROOT / "samples")], Options()))
    bodies = [b for r in results for b in (r.dodo, r.fallback) if b is not None]
    sites = [s for s in scan_paths([str(ROOT / "samples" / "code")]) if s.translation]
    bodies += [
        b
        for s in sites
        for b in (s.translation.dodo, s.translation.fallback)
        if b is not None  # type: ignore[union-attr]
    ]
    for path in (ROOT / "tests" / "golden").rglob("*.json"):
        bodies += [b for doc in _documents(path.read_text(encoding="utf-8")) for b in _bodies(doc)]
    assert len(bodies) > 150
    assert [b for b in bodies if _empty_cart(b)] == []


def _documents(text: str) -> list[Any]:
    """The JSON documents of a golden file (test_samples' goldens hold one per translation)."""
    decoder, out, at = json.JSONDecoder(), [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return out
        doc, at = decoder.raw_decode(text, at)
        out.append(doc)


def test_looking_for_run_time_values_does_not_recurse() -> None:
    # every translation looks for run-time values first: hostile nesting must not make that
    # look-up the thing that fails (a recursive walk stops near 1,000 levels)
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(20_000):
        node["a"] = {}
        node = node["a"]
    node["x"] = [Expr("cents", "x", type="int")]
    assert list(exprs_in(deep)) == [Expr("cents", "x", type="int")]


def test_an_f_string_placeholder_in_a_url_is_code_not_a_stripe_template() -> None:
    # `{FRONTEND}` in an f-string is the application's own value; only {CHECKOUT_SESSION_ID}
    # is a Stripe template (C003 removes that one)
    s = one(
        "import stripe\n"
        "stripe.checkout.Session.create(mode='payment', line_items=[{'price': 'price_1A',"
        " 'quantity': 1}], success_url=f'{FRONTEND}/welcome?s={{CHECKOUT_SESSION_ID}}')\n"
    )
    t = translation(s)
    assert t.dodo is not None
    url = t.dodo["return_url"]
    assert isinstance(url, Expr) and url.source == "f'{FRONTEND}/welcome?s={{CHECKOUT_SESSION_ID}}'"
    assert "f'{FRONTEND}/welcome'" in s.suggestion
    c003 = [f for f in t.findings if f.code == "C003"]
    assert len(c003) == 1 and "{FRONTEND}" not in c003[0].message


def test_a_price_absent_in_one_branch_blocks_the_site() -> None:
    # Stripe rejects an item without a price; the Dodo call would name no product in that
    # branch: the site is blocked and says which choice (L103 alone is a static check)
    s = one(
        'const stripe = require("stripe")("sk");\n'
        "const priceId = tier === 'A' ? process.env.PRICE_A : undefined;\n"
        "stripe.checkout.sessions.create({mode: 'subscription', success_url: 'https://x.example/ok',"
        " line_items: [{price: priceId, quantity: 1}]});\n",
        "javascript",
    )
    (blocker,) = [f for f in s.findings if f.level is Level.BLOCKER]
    assert blocker.code == "RT007" and "one branch of `priceId`" in blocker.message
    assert s.verdict == "blocked"
    assert "TODO_product_id" in s.suggestion  # the branch names no product: it cannot compile


def test_a_plan_change_carries_its_run_time_price_and_quantity() -> None:
    # the new price is looked up as a Dodo product, the new quantity kept: neither is lost
    s = one(
        "import os\nimport stripe\n"
        "def upgrade(sub, data):\n"
        "    return stripe.Subscription.modify(sub.id, proration_behavior='always_invoice',"
        " items=[{'id': sub.item_id, 'price': os.getenv(data['price']),"
        " 'quantity': data['seats']}])\n"
    )
    t = translation(s)
    assert t.kind == "change_plan" and t.dodo is not None
    product, quantity = t.dodo["product_id"], t.dodo["quantity"]
    assert isinstance(product, Expr) and product.op == "product_id"
    assert product.source == "os.getenv(data['price'])"
    assert isinstance(quantity, Expr) and quantity.source == "data['seats']"
    assert "product_id=dodo_product_id(os.getenv(data['price']))," in s.suggestion
    assert "quantity=data['seats']," in s.suggestion
    assert not [f for f in t.findings if f.code == "RT001"]


# -- legacy subscription items known only at run time (RT036) -------------------------------


def test_a_legacy_subscription_item_known_at_run_time_is_its_plans_cart_line_in_ruby() -> None:
    # a Rails app keeps the item in a method of its model: {plan: price_id, quantity: seats}
    s = one(
        "def checkout\n"
        "  attrs = {subscription_data: {items: [@subscription.stripe_item]},\n"
        "           success_url: root_url}\n"
        "  Stripe::Checkout::Session.create(attrs)\n"
        "end\n",
        "ruby",
    )
    t = translation(s)
    assert {"RT036", "G005"} <= codes(s) and not blocked(s.findings)
    assert "RT002" not in codes(s) and "RT007" not in codes(s)
    ((line,),) = [t.dodo["product_cart"]]
    assert (line["product_id"].form, line["product_id"].key) == ("field", "plan")
    assert line["product_id"].var == "@subscription.stripe_item"
    assert line["product_id"].op == "product_id"
    assert (line["quantity"].key, line["quantity"].default) == ("quantity", 1)
    assert (
        "DodoIds.product_id((@subscription.stripe_item[:plan]"
        ' || @subscription.stripe_item["plan"]))' in s.suggestion
    )
    assert (
        '(@subscription.stripe_item[:quantity] || @subscription.stripe_item["quantity"] || 1)'
        in s.suggestion
    )


def test_a_legacy_subscription_item_list_known_at_run_time_maps_each_plan_in_python() -> None:
    s = one(
        "import stripe\n"
        "def renew(account):\n"
        "    return stripe.checkout.Session.create(\n"
        "        subscription_data={'items': account.items, 'trial_period_days': 7},\n"
        "        success_url='https://example.com/ok')\n"
    )
    assert "RT036" in codes(s) and "RT002" not in codes(s) and "RT007" not in codes(s)
    # several subscription products: each its own subscription on Dodo (RT014, as line_items)
    assert "RT014" in codes(s)
    assert '"product_id": dodo_product_id(item["plan"]),' in s.suggestion
    assert "for item in account.items" in s.suggestion
    assert '"quantity": item.get("quantity", 1),' in s.suggestion
    assert '"trial_period_days": 7,' in s.suggestion


def test_a_legacy_subscription_item_in_php_built_over_statements() -> None:
    s = one(
        "<?php\n"
        "function subscribe($plan, $seats) {\n"
        "    $args = ['success_url' => home_url('/ok')];\n"
        "    $args['subscription_data'] = ['items' => [$plan->item()]];\n"
        "    return \\Stripe\\Checkout\\Session::create($args);\n"
        "}\n",
        "php",
    )
    assert "RT036" in codes(s) and not blocked(s.findings)
    assert "\\DodoIds::productId($plan->item()['plan'])" in s.suggestion


def test_legacy_subscription_items_inside_a_choice_are_never_dropped_silently() -> None:
    # the plan of one branch is a cart line present only then (G002, as outside a choice),
    # beside the fee: several products in a subscription checkout block (D002)
    s = one(
        "import stripe\n"
        "def pay(sub, is_sub):\n"
        "    return stripe.checkout.Session.create(success_url='https://example.com/ok',\n"
        "        line_items=[{'price': 'price_fee', 'quantity': 1}],\n"
        "        subscription_data={'items': [{'plan': sub.plan_id}]} if is_sub else None)\n"
    )
    assert "G002" in codes(s) and "D002" in codes(s) and blocked(s.findings)
    assert "RT002" not in codes(s) and "RT036" not in codes(s)
    assert "dodo_product_id(sub.plan_id)" in s.suggestion


def test_an_inline_price_computed_as_a_whole_says_so() -> None:
    """``price_data`` from a model method: its fields have rules, the whole object none; the
    blocker says Dodo needs the fields, not that the field is unknown (C090)."""
    s = one(
        "import stripe\n"
        "def pay(item):\n"
        "    return stripe.checkout.Session.create(success_url='https://example.com/ok',\n"
        "        mode='payment', line_items=[{'price_data': item.price_data(), 'quantity': 1}])\n"
    )
    (money,) = [f for f in s.findings if f.code == "RT002"]
    assert money.path == "line_items[0].price_data" and blocked(s.findings)
    assert "a whole object known only at run time" in money.message
    assert "no rule maps" not in money.message

"""The ids a call around Checkout names at run time reach its Dodo call as code in the file's
language (the subscription through ``dodo_subscription_id``, a customer through
``dodo_customer_id``), or a finding says what is lost: never a bare TODO comment."""

from __future__ import annotations

import pytest

from migrate.mapping.expr import Expr
from migrate.mapping.translate import Options
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from migrate.scan.suggest import suggestion

CHANGE = "/subscriptions/{subscription_id}/change-plan"
BODY = {"product_id": "pdt_1", "quantity": 1, "proration_billing_mode": "do_not_bill"}
SUB = Expr("sub_id", "subscription", "subscription_id", "str")


def one(code: str, language: str = "python", options: Options | None = None) -> CallSite:
    suffix = {"python": "py", "typescript": "ts", "javascript": "js"}[language]
    (site,) = scan_source(code, f"x.{suffix}", BY_NAME[language], options=options)
    return site


@pytest.mark.parametrize(
    ("family", "path_code", "loads"),
    [
        (
            "python",
            "    dodo_subscription_id(sub_id),\n",
            "from dodo_ids import dodo_subscription_id",
        ),
        (
            "node",
            "client.subscriptions.changePlan(dodoSubscriptionId(sub_id), {",
            "dodoSubscriptionId",
        ),
        (
            "ruby",
            '/subscriptions/#{DodoIds.subscription_id(sub_id)}/change-plan")',
            "require_relative",
        ),
        (
            "php",
            "'/subscriptions/' . \\DodoIds::subscriptionId(sub_id) . '/change-plan');",
            "DodoIds.php",
        ),
        (
            "go",
            'dodoBaseURL+"/subscriptions/"+dodoids.SubscriptionID(sub_id)+"/change-plan"',
            "/dodoids",
        ),
        (
            "java",
            'dodoBaseUrl + "/subscriptions/" + DodoIds.subscriptionId(sub_id) + "/change-plan"',
            "dodo.DodoIds",
        ),
        (
            "kotlin",
            'dodoBaseUrl + "/subscriptions/" + DodoIds.subscriptionId(sub_id) + "/change-plan"',
            "dodo.DodoIds",
        ),
        (
            "csharp",
            'dodoBaseUrl + "/subscriptions/" + DodoIds.SubscriptionId(sub_id) + "/change-plan"',
            ", Dodo",
        ),
        (
            "shell",
            '/subscriptions/""$(dodo_subscription_id sub_id)""/change-plan"',
            ". ./dodo_ids.sh",
        ),
    ],
)
def test_the_subscription_in_the_path_is_looked_up_in_every_language(
    family: str, path_code: str, loads: str
) -> None:
    code = suggestion(family, BODY, (), path=CHANGE, ident=SUB)
    assert path_code in code, code
    assert loads in code  # the id module is loaded where the lookup is called
    assert "{subscription_id}" not in code


def test_a_run_time_subscription_becomes_the_lookup_and_no_todo_is_left() -> None:
    s = one(
        "import stripe\n"
        "def up(sub_id, item_id):\n"
        "    return stripe.Subscription.modify(sub_id,"
        " items=[{'id': item_id, 'price': 'price_1'}], proration_behavior='none')\n"
    )
    assert "    dodo_subscription_id(sub_id),\n" in s.suggestion
    assert "from dodo_ids import dodo_subscription_id" in s.suggestion
    assert "TODO" not in s.suggestion  # the item id needs nothing on Dodo (SU004: unneeded)


def test_a_preview_takes_its_subscription_param_and_its_items_price_in_node() -> None:
    s = one(
        "const s = require('stripe')('sk');\n"
        "async function p(subId, priceId) {\n"
        "  return s.invoices.retrieveUpcoming({ subscription: subId,"
        " subscription_items: [{ price: priceId, quantity: 2 }] });\n"
        "}\n",
        "javascript",
    )
    assert s.translation is not None and s.translation.kind == "change_plan_preview"
    assert "client.subscriptions.previewChangePlan(dodoSubscriptionId(subId), {" in s.suggestion
    assert "product_id: dodoProductId(priceId)," in s.suggestion
    assert "quantity: 2," in s.suggestion
    assert "SU106" not in {f.code for f in s.findings}
    assert "TODO" not in s.suggestion


def test_a_literal_subscription_in_the_id_map_is_inlined() -> None:
    ids = IdMap.from_json({"sub_1Stripe": "sub_Dodo9", "price_1": "pdt_1"})
    s = one(
        "import stripe\n"
        "stripe.Subscription.modify('sub_1Stripe', items=[{'id': 'si_1', 'price': 'price_1'}],"
        " proration_behavior='none')\n",
        options=Options(ids=ids),
    )
    assert s.translation is not None and s.translation.request == (
        "POST",
        "/subscriptions/sub_Dodo9/change-plan",
    )
    assert '    "sub_Dodo9",\n' in s.suggestion and "dodo_subscription_id" not in s.suggestion


def test_a_subscription_item_update_carries_its_run_time_quantity() -> None:
    s = one(
        "import stripe\n"
        "def seats(item_id, n):\n"
        "    return stripe.SubscriptionItem.modify(item_id, quantity=n,"
        " proration_behavior='none')\n"
    )
    assert s.translation is not None and s.translation.dodo is not None
    quantity = s.translation.dodo["quantity"]
    assert isinstance(quantity, Expr) and quantity.source == "n"  # it was silently 1
    assert "    quantity=n,\n" in s.suggestion
    # the item names no Dodo object: the subscription is a name defined nowhere, and RT032 says so
    assert "    TODO_subscription_id,\n" in s.suggestion
    assert "RT032" in {f.code for f in s.findings}
    assert "TODO: set from" not in s.suggestion


def test_a_customer_the_call_cannot_use_is_reported_not_left_as_a_todo() -> None:
    s = one(
        "import stripe\n"
        "def p(customer_id, price_id):\n"
        "    return stripe.Invoice.upcoming(customer=customer_id,"
        " subscription_items=[{'price': price_id}])\n"
    )
    assert ("RT001", "customer") in {(f.code, f.path) for f in s.findings}
    assert "TODO: set from" not in s.suggestion

"""Subscription items added or removed on a live subscription (``SubscriptionItem.create`` /
``.delete``, ``subscriptionitem.New`` / ``Del``...) are calls around Checkout in every language
the scanner reads: Dodo's change-plan of the item's subscription, blocked until the current plan
is read (SU110, SU111), the added line an addon (SU112), the proration mapped as for any plan
change (SU011). Found by a reviewer in libops/api, where none of these calls was reported."""

from __future__ import annotations

import textwrap

import pytest

from migrate.mapping.expr import Expr
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source, site_kind
from tests.scan.test_lifecycle_parity import SUFFIX

ADD = {
    "python": "import stripe\n\ndef add(sub_id):\n    return stripe.SubscriptionItem.create("
    "subscription=sub_id, price='price_1Seat', quantity=2,\n"
    "        proration_behavior='always_invoice', metadata={'project': 'a'})\n",
    "javascript": "const stripe = require('stripe')(key);\nasync function add(subId) {\n"
    "  await stripe.subscriptionItems.create({ subscription: subId, price: 'price_1Seat',"
    " quantity: 2, proration_behavior: 'always_invoice', metadata: { project: 'a' } });\n}\n",
    "ruby": "def add(sub_id)\n  Stripe::SubscriptionItem.create({subscription: sub_id, price:"
    " 'price_1Seat', quantity: 2, proration_behavior: 'always_invoice',"
    " metadata: {project: 'a'}})\nend\n",
    "php": "<?php\nfunction add($stripe, $subId) {\n  $stripe->subscriptionItems->create(["
    "'subscription' => $subId, 'price' => 'price_1Seat', 'quantity' => 2,"
    " 'proration_behavior' => 'always_invoice', 'metadata' => ['project' => 'a']]);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v84"\n'
    '\t"github.com/stripe/stripe-go/v84/subscriptionitem"\n)\n\n'
    "func add(subID string) error {\n"
    "\t_, err := subscriptionitem.New(&stripe.SubscriptionItemParams{\n"
    '\t\tSubscription: stripe.String(subID), Price: stripe.String("price_1Seat"),\n'
    '\t\tQuantity: stripe.Int64(2), ProrationBehavior: stripe.String("always_invoice"),\n'
    '\t\tMetadata: map[string]string{"project": "a"},\n\t})\n\treturn err\n}\n',
    "java": "import com.stripe.model.SubscriptionItem;\n"
    "import com.stripe.param.SubscriptionItemCreateParams;\n"
    "class A {\n  void add(String subId) throws Exception {\n"
    "    SubscriptionItem.create(SubscriptionItemCreateParams.builder().setSubscription(subId)\n"
    '      .setPrice("price_1Seat").setQuantity(2L).putMetadata("project", "a")\n'
    "      .setProrationBehavior(SubscriptionItemCreateParams.ProrationBehavior.ALWAYS_INVOICE)\n"
    "      .build());\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Add(string subId) {\n"
    "    var service = new SubscriptionItemService();\n"
    "    service.Create(new SubscriptionItemCreateOptions { Subscription = subId,"
    ' Price = "price_1Seat", Quantity = 2, ProrationBehavior = "always_invoice",'
    ' Metadata = new Dictionary<string, string> { { "project", "a" } } });\n  }\n}\n',
}

REMOVE = {
    "python": "import stripe\n\ndef remove(item_id):\n"
    "    stripe.SubscriptionItem.delete(item_id, proration_behavior='create_prorations')\n",
    "javascript": "const stripe = require('stripe')(key);\nasync function remove(itemId) {\n"
    "  await stripe.subscriptionItems.del(itemId, { proration_behavior: 'create_prorations' });\n"
    "}\n",
    "ruby": "def remove(item_id)\n  Stripe::SubscriptionItem.delete(item_id,"
    " {proration_behavior: 'create_prorations'})\nend\n",
    "php": "<?php\nfunction remove($stripe, $itemId) {\n  $stripe->subscriptionItems->delete("
    "$itemId, ['proration_behavior' => 'create_prorations']);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v84"\n'
    '\t"github.com/stripe/stripe-go/v84/subscriptionitem"\n)\n\n'
    "func remove(itemID string) error {\n"
    "\t_, err := subscriptionitem.Del(itemID, &stripe.SubscriptionItemParams{"
    'ProrationBehavior: stripe.String("create_prorations")})\n\treturn err\n}\n',
    "java": "import com.stripe.model.SubscriptionItem;\n"
    "import com.stripe.param.SubscriptionItemDeleteParams;\n"
    "class A {\n  void remove(String itemId) throws Exception {\n"
    "    SubscriptionItem item = SubscriptionItem.retrieve(itemId);\n"
    "    item.delete(SubscriptionItemDeleteParams.builder().setProrationBehavior(\n"
    "      SubscriptionItemDeleteParams.ProrationBehavior.CREATE_PRORATIONS).build());\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Remove(string itemId) {\n"
    "    var service = new SubscriptionItemService();\n"
    "    service.Delete(itemId, new SubscriptionItemDeleteOptions"
    ' { ProrationBehavior = "create_prorations" });\n  }\n}\n',
}


def scan(code: str, language: str) -> list[CallSite]:
    return list(scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language]))


def _codes(site: CallSite) -> dict[str, str]:
    return {f.code: f.level.value for f in site.findings}


def _missing(value: object) -> str:
    assert isinstance(value, Expr)
    return value.missing


@pytest.mark.parametrize("language", sorted(ADD))
def test_an_item_added_to_a_live_subscription_is_a_blocked_plan_change(language: str) -> None:
    """The reviewer's libops/api shape: a priced item added with always_invoice (a prorated
    charge now) was no site at all. It is Dodo's change-plan of the subscription, the item an
    addon, the current product and quantity named by values defined nowhere, blocked (SU110)."""
    (s,) = scan(ADD[language], language)
    t = s.translation
    assert site_kind(s) == "call" and t is not None
    assert t.kind == "change_plan"
    assert t.request == ("POST", "/subscriptions/{subscription_id}/change-plan")
    assert t.dodo is not None
    assert _missing(t.dodo["product_id"]) == "current_product_id"
    assert _missing(t.dodo["quantity"]) == "current_quantity"
    assert t.dodo["proration_billing_mode"] == "prorated_immediately_keep_cycle"
    (addon,) = t.dodo["addons"]
    assert _missing(addon["addon_id"]) == "addon_id" and addon["quantity"] == 2
    codes = _codes(s)
    assert codes["LC013"] == "info" and codes["SU011"] == "warning"
    assert codes["SU110"] == "blocker" and codes["SU112"] == "blocker"
    assert codes["SU007"] == "info"  # the item's metadata: Dodo has no items
    assert t.money is not None and t.money["status"] == "unverified"
    # the subscription is looked up; the suggestion names what the scan cannot know
    assert "TODO_current_product_id" in s.suggestion and "TODO_addon_id" in s.suggestion
    assert "TODO_subscription_id" not in s.suggestion


@pytest.mark.parametrize("language", sorted(REMOVE))
def test_an_item_removed_from_a_live_subscription_is_a_blocked_plan_change(
    language: str,
) -> None:
    """subscriptionitem.Del with create_prorations (a credit) was no site at all. It is Dodo's
    change-plan without that addon: the current plan and the item's addon are read at run time
    (SU111); the item names no Dodo subscription (RT032)."""
    (s,) = scan(REMOVE[language], language)
    t = s.translation
    assert site_kind(s) == "call" and t is not None and t.dodo is not None
    assert (t.kind, t.request) == (
        "change_plan",
        ("POST", "/subscriptions/{subscription_id}/change-plan"),
    )
    assert _missing(t.dodo["addons"]) == "remaining_addons"
    assert _missing(t.dodo["product_id"]) == "current_product_id"
    assert t.dodo["proration_billing_mode"] == "prorated_immediately_keep_cycle"
    codes = _codes(s)
    assert codes["LC014"] == "info" and codes["SU111"] == "blocker"
    assert codes["SU011"] == "warning" and codes["RT032"] == "warning"
    assert "TODO_remaining_addons" in s.suggestion and "TODO_subscription_id" in s.suggestion


def test_the_added_item_is_the_addon_its_price_maps_to() -> None:
    """With the price mapped to a Dodo addon the addon is exact (SU107, no SU112); the current
    plan still blocks. `none` maps to do_not_bill, `payment_behavior` to on_payment_failure."""
    doc = {
        "subscription": "sub_1",
        "price": "price_1Seat",
        "quantity": 3,
        "proration_behavior": "none",
        "payment_behavior": "pending_if_incomplete",
    }
    ids = IdMap.from_json({"price_1Seat": "adn_seat", "sub_1": "sub_dodo"})
    meta = {"endpoint": "/v1/subscription_items"}
    t = translate_params(doc, SourceRef("x", "json"), Options(ids=ids), meta)
    assert t.request == ("POST", "/subscriptions/sub_dodo/change-plan")
    assert t.dodo is not None and t.dodo["addons"] == [{"addon_id": "adn_seat", "quantity": 3}]
    assert t.dodo["proration_billing_mode"] == "do_not_bill"
    assert t.dodo["on_payment_failure"] == "prevent_change"
    codes = [f.code for f in t.findings]
    assert "SU107" in codes and "SU110" in codes and "SU112" not in codes
    # a price mapped to a product is not an addon: a second product cannot be added
    ids = IdMap.from_json({"price_1Seat": "pdt_seat"})
    t = translate_params(doc, SourceRef("x", "json"), Options(ids=ids), meta)
    assert "SU112" in [f.code for f in t.findings]


def test_a_curl_delete_of_an_item_is_routed_as_its_removal() -> None:
    meta = {"endpoint": "/v1/subscription_items/si_1", "method": "DELETE"}
    t = translate_params({"proration_behavior": "always_invoice"}, SourceRef("x", "sh"), None, meta)
    assert t.kind == "change_plan" and t.request is not None
    assert t.request[1].endswith("/change-plan") and t.request[1].startswith("/subscriptions/s2d_")
    assert "SU111" in [f.code for f in t.findings]
    # a GET of the same path (a retrieve) stays out
    got = translate_params({}, SourceRef("x", "sh"), None, {**meta, "method": "GET"})
    assert got.kind != "change_plan"


# (a usage record is a usage report now, Dodo's usage event: tests/scan/test_around_more.py)
LOOKALIKES = {
    "python": "import stripe\nfrom unittest.mock import MagicMock\n\ndef f(item_id, sub_id):\n"
    "    stripe.SubscriptionItem.retrieve(item_id)\n"
    "    stripe.SubscriptionItem.list(subscription=sub_id)\n"
    "    mock_stripe = MagicMock()\n"
    "    mock_stripe.SubscriptionItem.create(subscription=sub_id, price='price_1')\n",
    "javascript": "async function f(stripe, itemId, subId) {\n"
    "  await stripe.subscriptionItems.retrieve(itemId);\n"
    "  await stripe.subscriptionItems.list({ subscription: subId });\n"
    "}\n",
    "ruby": "def f(item_id, user)\n  Stripe::SubscriptionItem.retrieve(item_id)\n"
    "  user.subscription_items.create(price: 'price_1')\n"
    "  SubscriptionItem.delete(item_id)\nend\n",
    "php": "<?php\nfunction f($stripe, $itemId, $user) {\n"
    "  $stripe->subscriptionItems->retrieve($itemId);\n"
    "  $stripe->subscriptionItems->all(['subscription' => 'sub_1']);\n"
    "  $user->subscriptionItems()->create(['price' => 'price_1']);\n}\n",
    "go": 'package b\n\nimport "example.com/shop/subscriptionitem"\n\n'
    "func f(id string) {\n\tsubscriptionitem.New(nil)\n\tsubscriptionitem.Del(id, nil)\n}\n",
    "java": "import com.stripe.model.SubscriptionItem;\nclass A {\n"
    "  void f(String id, Cache cache) throws Exception {\n"
    "    SubscriptionItem.retrieve(id);\n    cache.delete(id);\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void F(string id, CacheService cache) {\n"
    "    new SubscriptionItemService().Get(id);\n    cache.Delete(id);\n  }\n}\n",
}


@pytest.mark.parametrize("language", sorted(LOOKALIKES))
def test_item_look_alikes_are_not_an_item_change(language: str) -> None:
    assert scan(textwrap.dedent(LOOKALIKES[language]), language) == []


@pytest.mark.parametrize(
    "method", ["create(subscription=sub_id, price='price_1'", "modify(item_id"]
)
def test_run_time_item_metadata_is_said_lost_as_the_items(method: str) -> None:
    """The call's own `metadata` is its item's (SU007: Dodo has no items); a run-time value
    there said it was lost under the subscription's metadata rule (SU015), which Dodo carries."""
    code = (
        "import stripe\n\ndef f(sub_id, item_id, project):\n"
        f"    stripe.SubscriptionItem.{method}, quantity=2, metadata={{'project': project}})\n"
    )
    (s,) = scan(code, "python")
    (lost,) = [f for f in s.findings if f.code == "RT001"]
    assert lost.path == "metadata.project"
    assert "SU007 (item-metadata)" in lost.message and "SU015" not in lost.message


@pytest.mark.parametrize("table", [ADD, REMOVE], ids=["added", "removed"])
def test_an_item_change_is_the_same_dodo_call_in_every_language(
    table: dict[str, str],
) -> None:
    translated = {}
    for language, code in table.items():
        (s,) = scan(code, language)
        t = s.translation
        assert t is not None
        codes = sorted(f.code for f in t.findings)
        translated[language] = (t.kind, t.request, t.dodo, codes, t.requires)
    assert all(t == translated["python"] for t in translated.values()), translated

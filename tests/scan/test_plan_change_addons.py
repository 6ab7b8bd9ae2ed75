"""A plan change never drops a subscription's addons silently. Dodo's change-plan replaces the
whole plan, and the SDK says of its ``addons``: "Leaving this empty would remove any existing
addons"; Stripe's update keeps every item it does not change. A price or quantity change sent
without ``addons`` billed a subscription of several items (migrated as product + addons) less,
with no finding. Now: SU113 (warning) when the call changes items and cannot see the others,
SU114 (blocker, the current addons a value defined nowhere) when the call names items it keeps,
SU115 (warning) when it deletes items. In every language the scanner reads, and curl."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from migrate.mapping.expr import Expr
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source
from tests.dodo_contract import REQUEST_TYPES, concrete, contract_errors
from tests.scan.test_lifecycle_parity import SUFFIX

# a quantity-only change of one item: the subscription's other items are out of sight
ITEM_QUANTITY = {
    "python": "import stripe\n\ndef seats(n):\n"
    "    stripe.SubscriptionItem.modify('si_1', quantity=n, proration_behavior='none')\n",
    "javascript": "const stripe = require('stripe')(key);\nasync function seats(n) {\n"
    "  await stripe.subscriptionItems.update('si_1', { quantity: n,"
    " proration_behavior: 'none' });\n}\n",
    "ruby": "def seats(n)\n  Stripe::SubscriptionItem.update('si_1', {quantity: n,"
    " proration_behavior: 'none'})\nend\n",
    "php": "<?php\nfunction seats($stripe, $n) {\n  $stripe->subscriptionItems->update('si_1',"
    " ['quantity' => $n, 'proration_behavior' => 'none']);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v84"\n'
    '\t"github.com/stripe/stripe-go/v84/subscriptionitem"\n)\n\n'
    "func seats(n int64) error {\n"
    '\t_, err := subscriptionitem.Update("si_1", &stripe.SubscriptionItemParams{\n'
    '\t\tQuantity: stripe.Int64(n), ProrationBehavior: stripe.String("none"),\n\t})\n'
    "\treturn err\n}\n",
    "java": "import com.stripe.model.SubscriptionItem;\n"
    "import com.stripe.param.SubscriptionItemUpdateParams;\n"
    "class A {\n  void seats(StripeClient client, long n) throws Exception {\n"
    '    client.subscriptionItems().update("si_1", SubscriptionItemUpdateParams.builder()\n'
    "      .setQuantity(n)\n"
    "      .setProrationBehavior(SubscriptionItemUpdateParams.ProrationBehavior.NONE)\n"
    "      .build());\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Seats(long n) {\n"
    '    new SubscriptionItemService().Update("si_1", new SubscriptionItemUpdateOptions'
    ' { Quantity = n, ProrationBehavior = "none" });\n  }\n}\n',
}

# a price change of one item that names a second item it keeps (its seats, an addon on Dodo)
KEPT = {
    "python": "import stripe\n\ndef upgrade():\n"
    "    stripe.Subscription.modify('sub_123', items=[{'id': 'si_1', 'price': 'price_2'},"
    " {'id': 'si_seats'}], proration_behavior='none')\n",
    "javascript": "const stripe = require('stripe')(key);\nasync function upgrade() {\n"
    "  await stripe.subscriptions.update('sub_123', { items: [{ id: 'si_1', price: 'price_2' },"
    " { id: 'si_seats' }], proration_behavior: 'none' });\n}\n",
    "ruby": "def upgrade\n  Stripe::Subscription.update('sub_123', {items: [{id: 'si_1',"
    " price: 'price_2'}, {id: 'si_seats'}], proration_behavior: 'none'})\nend\n",
    "php": "<?php\nfunction upgrade($stripe) {\n  $stripe->subscriptions->update('sub_123',"
    " ['items' => [['id' => 'si_1', 'price' => 'price_2'], ['id' => 'si_seats']],"
    " 'proration_behavior' => 'none']);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v84"\n'
    '\t"github.com/stripe/stripe-go/v84/subscription"\n)\n\n'
    "func upgrade() error {\n"
    '\t_, err := subscription.Update("sub_123", &stripe.SubscriptionParams{\n'
    "\t\tItems: []*stripe.SubscriptionItemsParams{\n"
    '\t\t\t{ID: stripe.String("si_1"), Price: stripe.String("price_2")},\n'
    '\t\t\t{ID: stripe.String("si_seats")},\n\t\t},\n'
    '\t\tProrationBehavior: stripe.String("none"),\n\t})\n\treturn err\n}\n',
    "java": "import com.stripe.model.Subscription;\n"
    "import com.stripe.param.SubscriptionUpdateParams;\n"
    "class A {\n  void upgrade(StripeClient client) throws Exception {\n"
    '    client.subscriptions().update("sub_123", SubscriptionUpdateParams.builder()\n'
    '      .addItem(SubscriptionUpdateParams.Item.builder().setId("si_1").setPrice("price_2")'
    ".build())\n"
    '      .addItem(SubscriptionUpdateParams.Item.builder().setId("si_seats").build())\n'
    "      .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE)\n"
    "      .build());\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Upgrade() {\n"
    '    new SubscriptionService().Update("sub_123", new SubscriptionUpdateOptions {\n'
    "      Items = new List<SubscriptionItemOptions> {\n"
    '        new SubscriptionItemOptions { Id = "si_1", Price = "price_2" },\n'
    '        new SubscriptionItemOptions { Id = "si_seats" },\n      },\n'
    '      ProrationBehavior = "none",\n    });\n  }\n}\n',
}

# the old price's item deleted, the new price added (a swap): the deleted item is removed
DELETED = {
    "python": "import stripe\n\ndef swap():\n"
    "    stripe.Subscription.modify('sub_123', items=[{'id': 'si_old', 'deleted': True},"
    " {'price': 'price_2', 'quantity': 1}], proration_behavior='none')\n",
    "javascript": "const stripe = require('stripe')(key);\nasync function swap() {\n"
    "  await stripe.subscriptions.update('sub_123', { items: [{ id: 'si_old', deleted: true },"
    " { price: 'price_2', quantity: 1 }], proration_behavior: 'none' });\n}\n",
    "ruby": "def swap\n  Stripe::Subscription.update('sub_123', {items: [{id: 'si_old',"
    " deleted: true}, {price: 'price_2', quantity: 1}], proration_behavior: 'none'})\nend\n",
    "php": "<?php\nfunction swap($stripe) {\n  $stripe->subscriptions->update('sub_123',"
    " ['items' => [['id' => 'si_old', 'deleted' => true], ['price' => 'price_2',"
    " 'quantity' => 1]], 'proration_behavior' => 'none']);\n}\n",
    "go": 'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v84"\n'
    '\t"github.com/stripe/stripe-go/v84/subscription"\n)\n\n'
    "func swap() error {\n"
    '\t_, err := subscription.Update("sub_123", &stripe.SubscriptionParams{\n'
    "\t\tItems: []*stripe.SubscriptionItemsParams{\n"
    '\t\t\t{ID: stripe.String("si_old"), Deleted: stripe.Bool(true)},\n'
    '\t\t\t{Price: stripe.String("price_2"), Quantity: stripe.Int64(1)},\n\t\t},\n'
    '\t\tProrationBehavior: stripe.String("none"),\n\t})\n\treturn err\n}\n',
    "java": "import com.stripe.model.Subscription;\n"
    "import com.stripe.param.SubscriptionUpdateParams;\n"
    "class A {\n  void swap(StripeClient client) throws Exception {\n"
    '    client.subscriptions().update("sub_123", SubscriptionUpdateParams.builder()\n'
    '      .addItem(SubscriptionUpdateParams.Item.builder().setId("si_old").setDeleted(true)'
    ".build())\n"
    '      .addItem(SubscriptionUpdateParams.Item.builder().setPrice("price_2").setQuantity(1L)'
    ".build())\n"
    "      .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.NONE)\n"
    "      .build());\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Swap() {\n"
    '    new SubscriptionService().Update("sub_123", new SubscriptionUpdateOptions {\n'
    "      Items = new List<SubscriptionItemOptions> {\n"
    '        new SubscriptionItemOptions { Id = "si_old", Deleted = true },\n'
    '        new SubscriptionItemOptions { Price = "price_2", Quantity = 1 },\n      },\n'
    '      ProrationBehavior = "none",\n    });\n  }\n}\n',
}


def scan(code: str, language: str) -> CallSite:
    (site,) = scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language])
    return site


def _levels(site: CallSite) -> dict[str, str]:
    return {f.code: f.level.value for f in site.findings}


@pytest.mark.parametrize("language", sorted(ITEM_QUANTITY))
def test_a_quantity_change_without_addons_says_dodo_drops_them(language: str) -> None:
    """The quantity change is still the same runnable change-plan (it fits the SDK), and a
    warning says that addons left out are removed and how to keep them."""
    s = scan(ITEM_QUANTITY[language], language)
    t = s.translation
    assert t is not None and t.kind == "change_plan" and t.dodo is not None
    assert "addons" not in t.dodo
    levels = _levels(s)
    assert levels["SU113"] == "warning"
    assert not {"SU114", "SU115"} & set(levels)
    (finding,) = [f for f in s.findings if f.code == "SU113"]
    assert "removes every addon left out" in finding.message
    assert "client.subscriptions.retrieve(subscription_id)" in finding.suggestion
    assert "blocker" not in levels.values()
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []


@pytest.mark.parametrize("language", sorted(KEPT))
def test_an_item_the_update_keeps_blocks_a_change_that_would_drop_it(language: str) -> None:
    """`items` names si_seats without changing it: Stripe keeps it, Dodo would remove it. The
    change is blocked and its addons are the subscription's current ones, read at run time."""
    s = scan(KEPT[language], language)
    t = s.translation
    assert t is not None and t.kind == "change_plan" and t.dodo is not None
    addons = t.dodo["addons"]
    assert isinstance(addons, Expr) and addons.missing == "current_addons"
    assert _levels(s)["SU114"] == "blocker" and "SU113" not in _levels(s)
    (finding,) = [f for f in s.findings if f.code == "SU114"]
    assert "items[1] (si_seats)" in finding.message
    assert "TODO_current_addons" in s.suggestion


@pytest.mark.parametrize("language", sorted(DELETED))
def test_a_deleted_item_is_said_to_remove_every_addon_left_out(language: str) -> None:
    s = scan(DELETED[language], language)
    t = s.translation
    assert t is not None and t.dodo is not None and "addons" not in t.dodo
    levels = _levels(s)
    assert levels["SU115"] == "warning" and not {"SU113", "SU114"} & set(levels)
    (finding,) = [f for f in s.findings if f.code == "SU115"]
    assert "items[0] (si_old)" in finding.message and "not only the deleted one" in finding.message


@pytest.mark.parametrize("table", [ITEM_QUANTITY, KEPT, DELETED], ids=["quantity", "kept", "del"])
def test_the_addons_finding_is_the_same_in_every_language(table: dict[str, str]) -> None:
    got = {}
    for language, code in table.items():
        s = scan(textwrap.dedent(code), language)
        assert s.translation is not None
        got[language] = (
            sorted((f.code, f.level.value, f.message) for f in s.findings if f.code[:4] == "SU11"),
            s.translation.dodo and repr(s.translation.dodo.get("addons")),
        )
    assert got["python"][0], got  # a finding about the addons, the same one everywhere
    assert all(g == got["python"] for g in got.values()), got


def test_a_curl_plan_change_and_its_form_fields(tmp_path: Path) -> None:
    """curl's form fields: a price change names the finding; `deleted=true` (text) is a
    deletion, `deleted=false` deletes nothing, and an item named with its id only is kept."""
    script = tmp_path / "change.sh"
    script.write_text(
        "curl https://api.stripe.com/v1/subscriptions/sub_1 -u sk_test_x: \\\n"
        "  -d 'items[0][id]'=si_1 -d 'items[0][price]'=price_2 -d proration_behavior=none\n",
        encoding="utf-8",
    )
    (site,) = scan_paths([str(script)])
    assert _levels(site)["SU113"] == "warning"
    meta = {"endpoint": "/v1/subscriptions/sub_1"}

    def codes(items: list[dict[str, str]]) -> dict[str, str]:
        doc = {"items": items, "proration_behavior": "none"}
        t = translate_params(doc, SourceRef("x", "sh"), None, meta)
        return {f.code: f.level.value for f in t.findings if f.code[:4] == "SU11"}

    new = {"price": "price_2", "quantity": "1"}
    assert codes([{"id": "si_old", "deleted": "true"}, new]) == {"SU115": "warning"}
    assert codes([{"id": "si_1", "deleted": "false", **new}]) == {"SU113": "warning"}
    assert codes([{"id": "si_1", **new}, {"id": "si_2"}]) == {"SU114": "blocker"}


def test_listed_addons_are_not_all_the_subscriptions() -> None:
    """An item added as a mapped addon is sent; the addons the subscription already has, which
    Stripe keeps, are not: still said (SU113), with what is sent."""
    doc = {
        "items": [{"id": "si_1", "price": "price_1X"}, {"price": "price_1A", "quantity": 2}],
        "proration_behavior": "none",
    }
    ids = IdMap.from_json({"price_1X": "pdt_x", "price_1A": "adn_a"})
    t = translate_params(doc, SourceRef("x", "json"), Options(ids=ids), {})
    assert t.dodo is not None and t.dodo["addons"] == [{"addon_id": "adn_a", "quantity": 2}]
    (finding,) = [f for f in t.findings if f.code == "SU113"]
    assert "only the 1 addon(s) it lists" in finding.message


def test_a_change_that_carries_the_current_addons_is_no_finding() -> None:
    """Adding or removing an item already names the addons (SU110/SU111): no second finding."""
    meta = {"endpoint": "/v1/subscription_items/si_1", "method": "DELETE"}
    t = translate_params({"proration_behavior": "none"}, SourceRef("x", "sh"), None, meta)
    codes = {f.code for f in t.findings}
    assert "SU111" in codes and not {"SU113", "SU114", "SU115"} & codes

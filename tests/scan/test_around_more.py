"""Calls around Checkout a reviewer found unreported in real code (/work/rv-reports/f/): usage
reports that bill a metered subscription (typebot's hourly createUsageRecord, Gitpod's
UsageRecords.New), immediate cancellations with or without proration (podkrepi-bg's
subscriptions.cancel) and a PaymentIntent re-priced when the cart changes (smartstore's
PaymentIntentService.UpdateAsync, openedx's PaymentIntent.modify). Each was no site at all; each
is now a call around Checkout in every language the scanner reads, with Dodo's counterpart:
POST /events/ingest (UE100), PATCH /subscriptions/{id} with status cancelled (SX100, SX101,
SX102), a new checkout for the new cart (PI112, a blocker)."""

from __future__ import annotations

import textwrap

import pytest

from migrate.mapping.expr import Expr
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source, site_kind
from tests.dodo_contract import REQUEST_TYPES, concrete, contract_errors

SUFFIX = {
    "python": "py",
    "javascript": "js",
    "typescript": "ts",
    "ruby": "rb",
    "php": "php",
    "go": "go",
    "java": "java",
    "kotlin": "kt",
    "csharp": "cs",
}
GO_HEAD = (
    'package b\n\nimport (\n\t"github.com/stripe/stripe-go/v81"\n'
    '\t"github.com/stripe/stripe-go/v81/{pkg}"\n)\n\n'
)

USAGE_RECORD = {
    "python": "import stripe\n\ndef report(item_id, n):\n    return stripe.SubscriptionItem"
    ".create_usage_record(item_id, quantity=n, timestamp='now', action='increment')\n",
    "typescript": "import Stripe from 'stripe';\nconst stripe = new Stripe('k');\n"
    "export async function report(itemId: string, n: number) {\n"
    "  return stripe.subscriptionItems.createUsageRecord(itemId,"
    " { quantity: n, timestamp: 'now', action: 'increment' });\n}\n",
    "ruby": "def report(item_id, n)\n  Stripe::SubscriptionItem.create_usage_record(item_id,"
    " {quantity: n, timestamp: 'now', action: 'increment'})\nend\n",
    "php": "<?php\nfunction report($stripe, $itemId, $n) {\n"
    "  return $stripe->subscriptionItems->createUsageRecord($itemId,"
    " ['quantity' => $n, 'timestamp' => 'now', 'action' => 'increment']);\n}\n",
    "go": GO_HEAD.format(pkg="usagerecord") + "func report(itemID string, n int64) error {\n"
    "\t_, err := usagerecord.New(&stripe.UsageRecordParams{SubscriptionItem:"
    ' stripe.String(itemID), Quantity: stripe.Int64(n), Action: stripe.String("increment")})\n'
    "\treturn err\n}\n",
    "java": "import com.stripe.model.UsageRecord;\n"
    "import com.stripe.param.UsageRecordCreateOnSubscriptionItemParams;\n"
    "class A {\n  void report(String itemId, long n) throws Exception {\n"
    "    UsageRecord.createOnSubscriptionItem(itemId,"
    " UsageRecordCreateOnSubscriptionItemParams.builder().setQuantity(n)"
    ".setAction(UsageRecordCreateOnSubscriptionItemParams.Action.INCREMENT).build());\n"
    "  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Report(string itemId, long n) {\n"
    "    var service = new UsageRecordService();\n"
    "    service.Create(itemId, new UsageRecordCreateOptions { Quantity = n,"
    ' Action = "increment" });\n  }\n}\n',
}

METER_EVENT = {
    "python": "import stripe\n\ndef meter(customer_id, n, key):\n"
    "    return stripe.billing.MeterEvent.create(event_name='ai_tokens', identifier=key,"
    " payload={'stripe_customer_id': customer_id, 'value': n})\n",
    "typescript": "import Stripe from 'stripe';\nconst stripe = new Stripe('k');\n"
    "export async function meter(customerId: string, n: string, key: string) {\n"
    "  return stripe.billing.meterEvents.create({ event_name: 'ai_tokens', identifier: key,"
    " payload: { stripe_customer_id: customerId, value: n } });\n}\n",
    "ruby": "def meter(customer_id, n, key)\n  Stripe::Billing::MeterEvent.create({event_name:"
    " 'ai_tokens', identifier: key, payload: {stripe_customer_id: customer_id, value: n}})\n"
    "end\n",
    "php": "<?php\nfunction meter($stripe, $customerId, $n, $key) {\n"
    "  return $stripe->billing->meterEvents->create(['event_name' => 'ai_tokens',"
    " 'identifier' => $key, 'payload' => ['stripe_customer_id' => $customerId,"
    " 'value' => $n]]);\n}\n",
    "go": GO_HEAD.format(pkg="billing/meterevent")
    + "func meter(customerID string, n string, key string) error {\n"
    "\t_, err := meterevent.New(&stripe.BillingMeterEventParams{EventName:"
    ' stripe.String("ai_tokens"), Identifier: stripe.String(key), Payload:'
    ' map[string]string{"stripe_customer_id": customerID, "value": n}})\n'
    "\treturn err\n}\n",
    "java": "import com.stripe.model.billing.MeterEvent;\n"
    "import com.stripe.param.billing.MeterEventCreateParams;\n"
    "class A {\n  void meter(String customerId, String n, String key) throws Exception {\n"
    '    MeterEvent.create(MeterEventCreateParams.builder().setEventName("ai_tokens")'
    '.setIdentifier(key).putPayload("stripe_customer_id", customerId)'
    '.putPayload("value", n).build());\n  }\n}\n',
    "csharp": "using Stripe;\nusing Stripe.Billing;\nclass A {\n"
    "  void Meter(string customerId, string n, string key) {\n"
    "    var service = new MeterEventService();\n"
    '    service.Create(new MeterEventCreateOptions { EventName = "ai_tokens",'
    " Identifier = key, Payload = new Dictionary<string, string>"
    ' { { "stripe_customer_id", customerId }, { "value", n } } });\n  }\n}\n',
}

CANCEL = {
    "python": "import stripe\n\ndef stop(sub_id):\n"
    "    return stripe.Subscription.cancel(sub_id, prorate=True, invoice_now=True)\n",
    "typescript": "import Stripe from 'stripe';\nconst stripe = new Stripe('k');\n"
    "export async function stop(subId: string) {\n"
    "  return stripe.subscriptions.cancel(subId, { prorate: true, invoice_now: true });\n}\n",
    "ruby": "def stop(sub_id)\n  Stripe::Subscription.cancel(sub_id,"
    " {prorate: true, invoice_now: true})\nend\n",
    "php": "<?php\nfunction stop($stripe, $subId) {\n"
    "  return $stripe->subscriptions->cancel($subId, ['prorate' => true,"
    " 'invoice_now' => true]);\n}\n",
    "go": GO_HEAD.format(pkg="subscription") + "func stop(subID string) error {\n"
    "\t_, err := subscription.Cancel(subID, &stripe.SubscriptionCancelParams{"
    "Prorate: stripe.Bool(true), InvoiceNow: stripe.Bool(true)})\n\treturn err\n}\n",
    "java": "import com.stripe.model.Subscription;\n"
    "import com.stripe.param.SubscriptionCancelParams;\n"
    "class A {\n  void stop(String subId) throws Exception {\n"
    "    Subscription sub = Subscription.retrieve(subId);\n"
    "    sub.cancel(SubscriptionCancelParams.builder().setProrate(true).setInvoiceNow(true)"
    ".build());\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void Stop(string subId) {\n"
    "    var service = new SubscriptionService();\n"
    "    service.Cancel(subId, new SubscriptionCancelOptions { Prorate = true,"
    " InvoiceNow = true });\n  }\n}\n",
}

REPRICE = {
    "python": "import stripe\n\ndef reprice(intent_id, cents):\n"
    "    return stripe.PaymentIntent.modify(intent_id, amount=cents, currency='usd')\n",
    "typescript": "import Stripe from 'stripe';\nconst stripe = new Stripe('k');\n"
    "export async function reprice(intentId: string, cents: number) {\n"
    "  return stripe.paymentIntents.update(intentId, { amount: cents, currency: 'usd' });\n}\n",
    "ruby": "def reprice(intent_id, cents)\n  Stripe::PaymentIntent.update(intent_id,"
    " {amount: cents, currency: 'usd'})\nend\n",
    "php": "<?php\nfunction reprice($stripe, $intentId, $cents) {\n"
    "  return $stripe->paymentIntents->update($intentId, ['amount' => $cents,"
    " 'currency' => 'usd']);\n}\n",
    "go": GO_HEAD.format(pkg="paymentintent") + "func reprice(intentID string, cents int64)"
    " error {\n\t_, err := paymentintent.Update(intentID, &stripe.PaymentIntentParams{"
    'Amount: stripe.Int64(cents), Currency: stripe.String("usd")})\n\treturn err\n}\n',
    "java": "import com.stripe.model.PaymentIntent;\n"
    "import com.stripe.param.PaymentIntentUpdateParams;\n"
    "class A {\n  void reprice(String intentId, long cents) throws Exception {\n"
    "    PaymentIntent intent = PaymentIntent.retrieve(intentId);\n"
    "    intent.update(PaymentIntentUpdateParams.builder().setAmount(cents)"
    '.setCurrency("usd").build());\n  }\n}\n',
    "csharp": "using Stripe;\nclass A {\n  void Reprice(string intentId, long cents) {\n"
    "    var service = new PaymentIntentService();\n"
    "    service.Update(intentId, new PaymentIntentUpdateOptions { Amount = cents,"
    ' Currency = "usd" });\n  }\n}\n',
}


def scan(code: str, language: str) -> list[CallSite]:
    return list(scan_source(code, f"x.{SUFFIX[language]}", BY_NAME[language]))


def _codes(site: CallSite) -> dict[str, str]:
    return {f.code: f.level.value for f in site.findings}


def _missing(value: object) -> str:
    assert isinstance(value, Expr)
    return value.missing


@pytest.mark.parametrize("language", sorted(USAGE_RECORD))
def test_a_usage_record_is_a_dodo_usage_event(language: str) -> None:
    """typebot's hourly createUsageRecord (Gitpod's UsageRecords.New) was no site: the metered
    price it bills would be lost. It is POST /events/ingest, the quantity in the event's
    metadata; the customer and meter event name it lacks block (UE101)."""
    (s,) = scan(USAGE_RECORD[language], language)
    t = s.translation
    assert site_kind(s) == "call" and t is not None and t.dodo is not None
    assert (t.kind, t.request) == ("usage_event", ("POST", "/events/ingest"))
    (event,) = t.dodo["events"]
    assert _missing(event["customer_id"]) == "customer_id"
    assert _missing(event["event_name"]) == "event_name"
    assert _missing(event["event_id"]) == "event_id"
    quantity = event["metadata"]["quantity"]
    assert isinstance(quantity, Expr) and quantity.source.lstrip("$") == "n"
    codes = _codes(s)
    assert codes["UE100"] == "warning" and codes["UE101"] == "blocker"
    assert codes["UE102"] == "blocker" and "UE103" not in codes
    assert "TODO_customer_id" in s.suggestion and "TODO_event_name" in s.suggestion
    assert (
        "/events/ingest" in s.suggestion
        or "usage_events.ingest" in s.suggestion
        or ("usageEvents.ingest" in s.suggestion)
    )


@pytest.mark.parametrize("language", sorted(METER_EVENT))
def test_a_meter_event_is_a_dodo_usage_event(language: str) -> None:
    """billing.meterEvents.create was no site: it is the Dodo event of the same name, its
    Stripe customer looked up as the Dodo one, its identifier the event_id."""
    (s,) = scan(METER_EVENT[language], language)
    t = s.translation
    assert site_kind(s) == "call" and t is not None and t.dodo is not None
    assert (t.kind, t.request) == ("usage_event", ("POST", "/events/ingest"))
    (event,) = t.dodo["events"]
    assert event["event_name"] == "ai_tokens"
    customer = event["customer_id"]
    assert isinstance(customer, Expr) and customer.op == "customer_id"
    assert isinstance(event["event_id"], Expr) and not event["event_id"].missing
    assert set(event["metadata"]) == {"value"}
    codes = _codes(s)
    assert codes["UE100"] == "warning"
    assert not {c for c, level in codes.items() if level == "blocker"}
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []


@pytest.mark.parametrize("language", sorted(CANCEL))
def test_an_immediate_cancel_is_dodos_patch_to_cancelled(language: str) -> None:
    """podkrepi-bg's subscriptions.cancel(id, {prorate}) was no site: cancelled in code that is
    not migrated, the Dodo subscription goes on billing. It is PATCH /subscriptions/{id} with
    status cancelled; prorate and invoice_now move money Dodo does not move: blockers."""
    (s,) = scan(CANCEL[language], language)
    t = s.translation
    assert site_kind(s) == "call" and t is not None
    assert (t.kind, t.request) == (
        "subscription_patch",
        ("PATCH", "/subscriptions/{subscription_id}"),
    )
    assert t.dodo == {"status": "cancelled"}
    assert contract_errors(concrete(t.dodo), REQUEST_TYPES[t.kind]) == []
    codes = _codes(s)
    assert codes["SX100"] == "info"
    assert codes["SX101"] == "blocker" and codes["SX102"] == "blocker"
    assert "SX090" not in codes
    assert "cancelled" in s.suggestion and "TODO_subscription_id" not in s.suggestion


@pytest.mark.parametrize("language", sorted(REPRICE))
def test_a_repriced_payment_intent_is_a_new_checkout_and_blocks(language: str) -> None:
    """smartstore's PaymentIntentService.UpdateAsync(id, {Amount}) was no site: the
    cart-changed path stayed on Stripe. A Dodo checkout cannot be re-priced: the new cart is a
    new checkout (the suggested call) and PI112 blocks."""
    (s,) = scan(REPRICE[language], language)
    t = s.translation
    assert site_kind(s) == "call" and t is not None and t.dodo is not None
    assert (t.kind, t.request) == ("checkout_session", ("POST", "/checkouts"))
    (line,) = t.dodo["product_cart"]
    assert isinstance(line["amount"], Expr) and line["amount"].source.lstrip("$") == "cents"
    codes = _codes(s)
    assert codes["PI112"] == "blocker" and codes["PI110"] == "warning"


@pytest.mark.parametrize(
    "table", [USAGE_RECORD, METER_EVENT, CANCEL, REPRICE], ids=["usage", "meter", "cancel", "price"]
)
def test_each_call_is_the_same_dodo_call_in_every_language(table: dict[str, str]) -> None:
    translated = {}
    for language, code in table.items():
        (s,) = scan(code, language)
        t = s.translation
        assert t is not None
        codes = sorted(f.code for f in t.findings if f.code != "X018")
        translated[language] = (t.kind, t.request, concrete(t.dodo), codes, t.requires)
    assert all(v == translated["python"] for v in translated.values()), translated


def test_the_reviewers_files_are_reported() -> None:
    """The three reproductions, as the reviewer wrote them (shapes of typebot, podkrepi-bg and
    smartstore)."""
    ts = (
        "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.K!);\n"
        "export async function reportChats(id: string, chats: number, key: string) {\n"
        "  return stripe.subscriptionItems.createUsageRecord(\n    id,\n"
        "    { quantity: chats, timestamp: 'now', action: 'increment' },\n"
        "    { idempotencyKey: key },\n  );\n}\n"
    )
    (s,) = scan(ts, "typescript")
    assert s.translation is not None and s.translation.kind == "usage_event"
    # the retry the key made safe is safe on Dodo: the key is the event's event_id (UE014),
    # where X018 said to send it there
    assert s.translation.dodo is not None
    event_id = s.translation.dodo["events"][0]["event_id"]
    assert isinstance(event_id, Expr) and event_id.source == "key"
    assert "UE014" in _codes(s) and "X018" not in _codes(s)
    py = (
        "import stripe\n\n\ndef stop_legacy(sub_id):\n"
        "    return stripe.Subscription.delete(sub_id)\n"
        "\n\ndef stop_at_renewal(sub_id):\n"
        "    return stripe.Subscription.modify(sub_id, cancel_at_period_end=True)\n"
    )
    legacy, renewal = scan(py, "python")
    assert legacy.translation is not None and legacy.translation.dodo == {"status": "cancelled"}
    assert _codes(legacy) == {"X024": "info", "SX100": "info"}
    assert renewal.translation is not None
    assert renewal.translation.dodo == {"cancel_at_next_billing_date": True}
    cs = (
        "using System.Threading.Tasks;\nusing Stripe;\npublic class C {\n"
        "  public async Task<PaymentIntent> Reprice(string intentId, long newTotal) {\n"
        "    var service = new PaymentIntentService();\n"
        "    return await service.UpdateAsync(intentId, new PaymentIntentUpdateOptions"
        " { Amount = newTotal });\n  }\n}\n"
    )
    (s,) = scan(cs, "csharp")
    assert s.translation is not None and s.translation.kind == "checkout_session"
    assert _codes(s)["PI112"] == "blocker"
    assert "TODO_product_id" in s.suggestion and "TODO: set from" not in s.suggestion


LOOKALIKES = {
    "python": "import stripe\nfrom unittest.mock import MagicMock\n\ndef f(sub_id, pi, item):\n"
    "    stripe.Subscription.retrieve(sub_id)\n"
    "    stripe.Subscription.list(customer='cus_1')\n"
    "    stripe.PaymentIntent.retrieve(pi)\n"
    "    stripe.PaymentIntent.modify(pi, metadata={'order': '1'})\n"  # not re-priced
    "    stripe.SubscriptionItem.list_usage_record_summaries(item)\n"
    "    stripe.billing.Meter.list()\n"
    "    # stripe.Subscription.cancel(sub_id)\n"
    "    mock_stripe = MagicMock()\n"
    "    mock_stripe.Subscription.cancel(sub_id)\n",
    "typescript": "export async function f(stripe: any, subId: string, pi: string) {\n"
    "  await stripe.subscriptions.retrieve(subId);\n"
    "  await stripe.paymentIntents.update(pi, { metadata: { order: '1' } });\n"
    "  await stripe.billing.meters.list();\n"
    "  // await stripe.subscriptions.cancel(subId);\n"
    "  const order = { cancel: () => 1 };\n  order.cancel();\n}\n",
    "ruby": "def f(sub_id, user)\n  Stripe::Subscription.retrieve(sub_id)\n"
    "  user.subscriptions.cancel(sub_id)\n  Stripe::PaymentIntent.retrieve('pi_1')\nend\n",
    "php": "<?php\nfunction f($stripe, $subId, $user) {\n"
    "  $stripe->subscriptions->retrieve($subId);\n"
    "  $user->subscriptions()->cancel($subId);\n"
    "  $stripe->paymentIntents->update('pi_1', ['metadata' => ['a' => 'b']]);\n}\n",
    "go": 'package b\n\nimport "example.com/shop/subscription"\n\n'
    "func f(id string) {\n\tsubscription.Cancel(id, nil)\n}\n",
    "java": "import com.stripe.model.Subscription;\nclass A {\n"
    "  void f(String id, Job job) throws Exception {\n"
    "    Subscription.retrieve(id);\n    job.cancel();\n  }\n}\n",
    "csharp": "using Stripe;\nclass A {\n  void F(string id, JobService jobs) {\n"
    "    new SubscriptionService().Get(id);\n    jobs.Cancel(id);\n  }\n}\n",
}


@pytest.mark.parametrize("language", sorted(LOOKALIKES))
def test_look_alikes_stay_out(language: str) -> None:
    assert scan(textwrap.dedent(LOOKALIKES[language]), language) == []


def test_a_set_usage_record_and_a_late_timestamp_are_said() -> None:
    meta = {"endpoint": "/v1/subscription_items/si_1/usage_records"}
    t = translate_params(
        {"quantity": 40, "action": "set", "timestamp": 1_767_225_600},
        SourceRef("x", "json"),
        None,
        meta,
    )
    codes = {f.code: f.level.value for f in t.findings}
    assert codes["UE103"] == "blocker" and codes["UE104"] == "warning"
    assert t.fields["action"][0].value == "blocked"
    assert t.dodo is not None and "timestamp" not in t.dodo["events"][0]


def test_a_cancel_carries_the_reason_and_a_mapped_subscription() -> None:
    ids = IdMap.from_json({"sub_1": "sub_dodo"})
    t = translate_params(
        {"prorate": False, "cancellation_details": {"feedback": "unused", "comment": "bye"}},
        SourceRef("x", "json"),
        Options(ids=ids),
        {"endpoint": "/v1/subscriptions/sub_1", "method": "DELETE"},
    )
    assert t.request == ("PATCH", "/subscriptions/sub_dodo")
    assert t.dodo == {
        "status": "cancelled",
        "cancellation_feedback": "unused",
        "cancellation_comment": "bye",
    }
    assert not [f for f in t.findings if f.level.value == "blocker"]
    assert contract_errors(t.dodo, REQUEST_TYPES["subscription_patch"]) == []

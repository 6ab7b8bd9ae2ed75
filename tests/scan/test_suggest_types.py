"""The Python and JS/TS calls a scan suggests type-check against the official SDKs: mypy --strict
against the PyPI ``dodopayments`` package, and tsc --strict --noEmit against the npm
``dodopayments`` package (pinned in tests/scan/npm/, installed by .ci/run; see node_sdk.py).

Checked: every suggested call for the samples (Python; JavaScript, TypeScript and the scripts of
the HTML samples), calls whose values are known only at run time (issue 12, item 1), and bodies
holding every form of run-time value (choices, lists mapped over a collection, fields of a
run-time list, every op: runtime_cases.py). Each suggestion is the body of a function whose
parameters are the names the site's own code defines (``Any``/``any``, or the type the translator
gave a plain name); the id-map look-ups are declared with their real signatures (a ``dodo_ids``
stub module for Python, ``declare function dodoProductId(id: string): string`` for TS/JS). A
required value the Stripe call does not give (``TODO_product_price``) is a name defined nowhere:
the checkers must flag exactly those lines, so such code cannot compile silently. One mypy run and
one tsc run check everything, the negative cases too: a missing required field and an unknown
field must fail the check."""

from __future__ import annotations

import ast
import builtins
import os
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ast_grep_py import SgRoot

from migrate.mapping.expr import Expr, exprs_in
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source
from migrate.scan.suggest import suggestion
from tests.scan import node_sdk
from tests.scan.runtime_cases import CHARGE, MISSING, bodies

ROOT = Path(__file__).resolve().parents[2]

RUN_TIME = {
    # metadata values the code may leave unset: the empty text then, never "None"
    "metadata-unset": "stripe.checkout.Session.create(mode='payment', success_url=url,"
    " line_items=[{'price': 'price_1', 'quantity': 1}],"
    " metadata={'ref': args.get('ref'), 'who': who or None})",
    # the Firebase extension's document from a Python server (X032)
    "firebase-extension": "db.collection('customers').document(uid)"
    ".collection('checkout_sessions').add({'price': price_id, 'success_url': url,"
    " 'mode': 'payment', 'metadata': {'order': order_id}, 'promotion_code': promo})",
    "charge": "stripe.PaymentIntent.create(amount=cents, currency=currency, customer='cus_1',"
    " off_session=True, confirm=True, description=note, metadata=tags)",
    "charge-literal-currency": "stripe.Charge.create(amount=cents, currency='usd',"
    " customer=customer_id, metadata={'order': order_id})",
    "charge-and-save": "stripe.PaymentIntent.create(amount=cents, currency=currency,"
    " customer=customer_id, setup_future_usage='off_session', description=note)",
    "one-time": "stripe.PaymentIntent.create(amount=cents, currency='eur')",
    "metadata-or-empty": "stripe.PaymentIntent.create(amount=cents, currency='eur',"
    " metadata=tags or {})",
    "metadata-merged-or-empty": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " metadata={**(tags or {}), 'source': 'web'})",
    "upsell": "stripe.PaymentIntent.create(amount=cents, currency='usd', customer=customer_id,"
    " payment_method=pm, confirm=True)",
    "price-data": "stripe.checkout.Session.create(mode='payment', success_url='https://x.example',"
    " line_items=[{'price_data': {'currency': 'usd', 'unit_amount': cents,"
    " 'product_data': {'name': 'Print'}}, 'quantity': 2}])",
    "run-time-price": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': order.price_id, 'quantity': 1}])",
    "no-amount": "stripe.PaymentIntent.create(**params, off_session=True, customer='cus_1')",
    "run-time-currency": "stripe.PaymentIntent.create(amount=500, currency=currency)",
    # collection settings known at run time: the same booleans as Dodo's feature flags
    "run-time-flags": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " phone_number_collection={'enabled': shop.phone}, tax_id_collection={'enabled': b2b},"
    " allow_promotion_codes=promo)",
    # a decimal amount computed at run time: whole minor units through the conversion (RT037)
    "decimal-amount": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price_data': {'currency': 'usd',"
    " 'unit_amount_decimal': str(order.total * 100), 'product_data': {'name': 'Order'}},"
    " 'quantity': order.qty}])",
    # an inline price in the shop's currency: its product looked up by currency (RT011)
    "inline-currency": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price_data': {'currency':"
    " settings['CURRENCY'], 'unit_amount': cents, 'product_data': {'name': 'Order'}},"
    " 'quantity': 1}])",
    # legacy subscription items known only at run time: each one's plan and quantity (RT036)
    "legacy-item": "stripe.checkout.Session.create(success_url='https://x.example',"
    " subscription_data={'items': [account.stripe_item()]})",
    "legacy-items": "stripe.checkout.Session.create(success_url='https://x.example',"
    " subscription_data={'items': account.items})",
    # a mapped list spliced into a literal cart, and a line added under a condition
    "spliced-list": "stripe.checkout.Session.create(mode='payment', success_url='https://x.example',"
    " line_items=[*[{'price_data': {'currency': 'usd', 'unit_amount': r.cents, 'product_data':"
    " {'name': 'Print'}}, 'quantity': r.qty} for r in cart], {'price': 'price_1Ship',"
    " 'quantity': 1}])",
    # a list the scanner cannot read, spliced beside a literal line: one line per element
    "spliced-unread": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example',"
    " line_items=[*items, {'price': 'price_1Ship', 'quantity': 1}])",
    # one line or another of a different shape: an inline run-time amount, or a price id
    "line-shapes": "stripe.checkout.Session.create(mode='payment', success_url='https://x.example',"
    " line_items=[{'price_data': {'currency': 'usd', 'unit_amount': cents, 'product_data':"
    " {'name': 'Credits'}}, 'quantity': 1} if cents else {'price': price_id, 'quantity': 1}])",
    "optional-line": "stripe.checkout.Session.create(mode='payment', success_url='https://x.example',"
    " line_items=[{'price': 'price_1A', 'quantity': 1}, {'price': 'price_1Gift', 'quantity': 1}]"
    " if gift else [{'price': 'price_1A', 'quantity': 1}])",
    # a literal cart or a mapped one, chosen at run time
    "mapped-choice": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1Gift', 'quantity': 1}]"
    " if gift else [{'price': r.price_id, 'quantity': r.qty} for r in cart])",
    # a choice between literals decided when translating: the same choice at the Dodo field
    "literal-choice": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " billing_address_collection='required' if taxed else 'auto')",
    # a cancel-only update: Dodo's PATCH /subscriptions/{id} (subscriptions.update)
    "cancel-at-renewal": "stripe.Subscription.modify(sub_id, cancel_at_period_end=flag)",
    # a subscription created on a saved card: a confirmed checkout, the fallback after it
    "subscription-create": "stripe.Subscription.create(customer=customer_id,"
    " items=[{'price': price_id, 'quantity': seats}], default_payment_method=pm,"
    " trial_period_days=days, metadata={'org': org_id})",
    # an item added to / removed from a live subscription: a change-plan whose current plan is
    # a name defined nowhere (blocked: SU110, SU111)
    "item-add": "stripe.SubscriptionItem.create(subscription=sub_id, price=price_id,"
    " quantity=seats, proration_behavior='always_invoice')",
    "item-remove": "stripe.SubscriptionItem.delete(item_id, proration_behavior='none')",
    # a plan change that names an item it keeps: the subscription's current addons are a name
    # defined nowhere (blocked: SU114)
    "plan-change-keeps-item": "stripe.Subscription.modify(sub_id, items=[{'id': item_id,"
    " 'price': price_id, 'quantity': seats}, {'id': seats_item}], proration_behavior='none')",
    # usage reports: Dodo's usage_events.ingest (a usage record lacks the customer, the event
    # name and id: names defined nowhere, UE101/UE102)
    "usage-record": "stripe.SubscriptionItem.create_usage_record(item_id, quantity=n,"
    " timestamp='now')",
    "meter-event": "stripe.billing.MeterEvent.create(event_name='tokens', identifier=key,"
    " payload={'stripe_customer_id': customer_id, 'value': n})",
    # the call's idempotency key is the event's event_id (UE014)
    "meter-event-keyed": "stripe.billing.MeterEvent.create(event_name='tokens',"
    " payload={'stripe_customer_id': customer_id, 'value': n}, idempotency_key=f'use-{req}')",
    # an immediate cancellation: subscriptions.update(id, status="cancelled", ...)
    "cancel-now": "stripe.Subscription.cancel(sub_id, cancellation_details={'comment': why,"
    " 'feedback': 'unused'})",
    # a PaymentIntent re-priced: a new checkout for the new amount (PI112)
    "reprice": "stripe.PaymentIntent.modify(intent_id, amount=cents, currency='usd')",
    # numbers a form body sends as text, chosen at run time: numbers in every branch
    "form-choice": "requests.post('https://api.stripe.com/v1/checkout/sessions', data={"
    "'mode': 'subscription', 'line_items[0][price]': price_id, 'line_items[0][quantity]':"
    " '5' if big else '1', 'subscription_data[trial_period_days]': '14' if trial else '0',"
    " 'success_url': 'https://x.example'})",
    # a run-time metadata object beside keys written in the code: merged (RT010)
    "metadata-merge": "stripe.checkout.Session.create(mode='subscription',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " client_reference_id=user_id, metadata={'plan': 'pro'},"
    " subscription_data={'metadata': tags})",
    # a key written before a run-time object spread in, and after one: the same winner
    "metadata-key-then-spread": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " metadata={'user_id': uid, **extra})",
    "metadata-spread-then-key": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " metadata={**extra, 'user_id': uid})",
    # a number beside a spread: written as text, Dodo's metadata being text to text
    "metadata-number-and-spread": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " metadata={'user_id': 5, 'plan': 2.5, **extra})",
    # a trial end known only at run time: the whole days until it (RT055)
    "trial-end": "stripe.checkout.Session.create(mode='subscription',"
    " success_url='https://x.example', line_items=[{'price': 'price_1A', 'quantity': 1}],"
    " subscription_data={'trial_end': account.trial_end})",
    # a subscription's trial end known only at run time: the whole days until it (RT055)
    "subscription-trial-end": "stripe.Subscription.create(customer=customer_id,"
    " items=[{'price': price_id}], trial_end=account.trial_end)",
    # a saved-method charge whose customer only some calls name: no customer in the others
    "upsell-customer-choice": "stripe.PaymentIntent.create(amount=cents, currency='usd',"
    " customer=opts.customer_id if opts else None,"
    " payment_method=opts.method_id if opts else None, confirm=True)",
    # trial days or a trial end, each left unset when the other is given: one Dodo field
    "trial-days-or-end": "stripe.Subscription.create(customer=customer_id,"
    " items=[{'price': price_id}], trial_period_days=days if days else None,"
    " trial_end=None if days else account.trial_end)",
    # a fixed shipping rate beside a cart built at run time: the mapped lines, then shipping
    "run-time-cart-shipping": "stripe.checkout.Session.create(mode='payment',"
    " success_url='https://x.example', line_items=basket.stripe_lines(),"
    " shipping_options=[{'shipping_rate_data': {'type': 'fixed_amount', 'display_name': 'Post',"
    " 'fixed_amount': {'amount': 450, 'currency': 'usd'}}}])",
}
NODE_RUN_TIME = {
    # metadata values the code may leave unset: the empty text then, never "undefined"
    "metadata-unset": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price: 'price_1', quantity: 1 }],"
    " metadata: { userId: user?.id, ref: ref || undefined, tag: tag ?? null } })",
    # the Firebase extension's document (X032): the session its fields make
    "firebase-extension": "addDoc(collection(db, 'customers', uid, 'checkout_sessions'),"
    " { price: priceId, success_url: url, cancel_url: url, metadata: { plan },"
    " trial_period_days: days, promotion_code: promo })",
    "charge": "stripe.paymentIntents.create({ amount: cents, currency, customer: 'cus_1',"
    " off_session: true, confirm: true, description: note, metadata: tags })",
    "run-time-price": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price: order.priceId, quantity: 1 }] })",
    # a saved-method charge whose customer only some calls name: no customer in the others
    "upsell-customer-choice": "stripe.paymentIntents.create({ amount: cents, currency: 'usd',"
    " customer: opts ? opts.customerId : undefined,"
    " payment_method: opts ? opts.methodId : undefined, confirm: true })",
    # trial days or a trial end, each left unset when the other is given: one Dodo field
    "trial-days-or-end": "stripe.checkout.sessions.create({ mode: 'subscription',"
    " success_url: url, line_items: [{ price: 'price_1A', quantity: 1 }],"
    " subscription_data: { trial_period_days: days ? days : undefined,"
    " trial_end: days ? undefined : account.trialEnd } })",
    "price-data": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price_data: { currency: 'usd', unit_amount: cents,"
    " product_data: { name: 'Print' } }, quantity: 2 }] })",
    "decimal-amount": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price_data: { currency: 'usd', unit_amount_decimal: (total * 100).toFixed(2),"
    " product_data: { name: 'Order' } }, quantity: qty }] })",
    "run-time-flags": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price: 'price_1A', quantity: 1 }], phone_number_collection: { enabled:"
    " shop.phone }, tax_id_collection: { enabled: b2b }, allow_promotion_codes: promo })",
    "inline-currency": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price_data: { currency: shop.currency, unit_amount: cents,"
    " product_data: { name: 'Order' } }, quantity: 1 }] })",
    "spliced-list": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [...cart.map((r: any) => ({ price_data: { currency: 'usd',"
    " unit_amount: r.cents, product_data: { name: 'Print' } }, quantity: r.qty })),"
    " { price: 'price_1Ship', quantity: 1 }] })",
    "spliced-unread": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [...items, { price: 'price_1Ship', quantity: 1 }] })",
    "run-time-cart-shipping": "stripe.checkout.sessions.create({ mode: 'payment',"
    " success_url: url, line_items: rows.map((r: any) => ({ price: r.priceId, quantity: r.qty })),"
    " shipping_options: [{ shipping_rate_data: { type: 'fixed_amount', display_name: 'Post',"
    " fixed_amount: { amount: 450, currency: 'usd' } } }] })",
    "line-shapes": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [cents ? { price_data: { currency: 'usd', unit_amount: cents * 100,"
    " product_data: { name: 'Credits' } }, quantity: 1 } : { price: priceId, quantity: 1 }] })",
    "optional-line": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: gift ? [{ price: 'price_1A', quantity: 1 },"
    " { price: 'price_1Gift', quantity: 1 }] : [{ price: 'price_1A', quantity: 1 }] })",
    "mapped-choice": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: gift ? [{ price: 'price_1Gift', quantity: 1 }] : cart.map((r: any) =>"
    " ({ price: r.priceId, quantity: r.qty })) })",
    "literal-choice": "stripe.checkout.sessions.create({ mode: 'payment', success_url: url,"
    " line_items: [{ price: 'price_1A', quantity: 1 }],"
    " billing_address_collection: taxed ? 'required' : 'auto' })",
    "cancel-at-renewal": "stripe.subscriptions.update(subId, { cancel_at_period_end: flag })",
    "subscription-create": "stripe.subscriptions.create({ customer: customerId, items: [{ price:"
    " priceId, quantity: seats }], default_payment_method: pm, trial_period_days: days,"
    " metadata: { org: orgId } })",
    "item-add": "stripe.subscriptionItems.create({ subscription: subId, price: priceId,"
    " quantity: seats, proration_behavior: 'always_invoice' })",
    "item-remove": "stripe.subscriptionItems.del(itemId, { proration_behavior: 'none' })",
    "plan-change-keeps-item": "stripe.subscriptions.update(subId, { items: [{ id: itemId,"
    " price: priceId, quantity: seats }, { id: seatsItem }], proration_behavior: 'none' })",
    "usage-record": "stripe.subscriptionItems.createUsageRecord(itemId, { quantity: n,"
    " timestamp: 'now' })",
    "meter-event": "stripe.billing.meterEvents.create({ event_name: 'tokens', identifier: key,"
    " payload: { stripe_customer_id: customerId, value: n } })",
    "meter-event-keyed": "stripe.billing.meterEvents.create({ event_name: 'tokens',"
    " payload: { stripe_customer_id: customerId, value: n } }, { idempotencyKey: `use-${req}` })",
    "cancel-now": "stripe.subscriptions.cancel(subId, { cancellation_details: { comment: why,"
    " feedback: 'unused' } })",
    "reprice": "stripe.paymentIntents.update(intentId, { amount: cents, currency: 'usd' })",
    "form-choice": "fetch('https://api.stripe.com/v1/checkout/sessions', { method: 'POST',"
    " body: new URLSearchParams({ mode: 'subscription', 'line_items[0][price]': priceId,"
    " 'line_items[0][quantity]': big ? '5' : '1', 'subscription_data[trial_period_days]':"
    " trial ? '14' : '0', success_url: 'https://x.example' }) })",
    "metadata-merge": "stripe.checkout.sessions.create({ mode: 'subscription', success_url: url,"
    " line_items: [{ price: 'price_1A', quantity: 1 }], client_reference_id: userId,"
    " metadata: { plan: 'pro' }, subscription_data: { metadata: tags } })",
    "metadata-key-then-spread": "stripe.checkout.sessions.create({ mode: 'payment',"
    " success_url: url, line_items: [{ price: 'price_1A', quantity: 1 }],"
    " metadata: { user_id: uid, ...extra } })",
    "metadata-spread-then-key": "stripe.checkout.sessions.create({ mode: 'payment',"
    " success_url: url, line_items: [{ price: 'price_1A', quantity: 1 }],"
    " metadata: { ...extra, user_id: uid } })",
    "metadata-number-and-spread": "stripe.checkout.sessions.create({ mode: 'payment',"
    " success_url: url, line_items: [{ price: 'price_1A', quantity: 1 }],"
    " metadata: { user_id: 5, trial: true, ...extra } })",
    "trial-end": "stripe.checkout.sessions.create({ mode: 'subscription', success_url: url,"
    " line_items: [{ price: 'price_1A', quantity: 1 }], subscription_data: { trial_end:"
    " user.trialEnd ? user.trialEnd : undefined } })",
}
WRAPPED = {
    # a project wrapper of a call around Checkout and its callers (reported via the wrapper,
    # the caller's arguments in place): an off-session charge, a plan change by a run-time id,
    # an update that passes on whatever its caller gives (restrict-content's shape)
    "python": """\
import stripe


def charge_saved_card(customer_id, cents, currency="usd", **tags):
    return stripe.PaymentIntent.create(amount=cents, currency=currency, customer=customer_id,
        payment_method="pm_1Saved", off_session=True, confirm=True, metadata=tags)


def change_plan(sub_id, item_id, price_id, seats):
    return stripe.Subscription.modify(sub_id, items=[{"id": item_id, "price": price_id,
        "quantity": seats}], proration_behavior="always_invoice")


def create_retried(price_id, seats):  # the creation in a callback passed to a helper
    return with_retry(lambda: stripe.checkout.Session.create(mode="subscription",
        success_url="https://x.example/ok", line_items=[{"price": price_id, "quantity": seats}]))


def renew(account, invoice):
    charge_saved_card(account.customer_id, invoice.total, invoice.currency, order=invoice.id)
    create_retried("price_1Retried", invoice.retried_seats)
    return change_plan(account.subscription_id, "si_1", "price_1Pro", invoice.seats)


def update_subscription(sub_id, **args):
    return stripe.Subscription.modify(sub_id, **args)


def upgrade(account, price_id):
    update_subscription(account.subscription_id, default_payment_method=account.pm)
    return update_subscription(account.subscription_id, items=[{"id": account.item_id,
        "price": price_id, "quantity": account.seats}], proration_behavior="none")
""",
    "typescript": """\
import Stripe from "stripe";
const stripe = new Stripe("k");

async function chargeSavedCard(customerId: string, cents: number, orderId: string) {
  return stripe.paymentIntents.create({ amount: cents, currency: "eur", customer: customerId,
    payment_method: "pm_1Saved", off_session: true, confirm: true, metadata: { orderId } });
}

async function changePlan(subId: string, priceId: string) {
  return stripe.subscriptions.update(subId, { items: [{ id: "si_1", price: priceId,
    quantity: 1 }], proration_behavior: "always_invoice" });
}

async function createRetried(priceId: string, seats: number) {
  return withRetry(() => stripe.checkout.sessions.create({ mode: "subscription",
    success_url: "https://x.example/ok", line_items: [{ price: priceId, quantity: seats }] }));
}

export async function renew(account: any, invoice: any) {
  await chargeSavedCard(account.customerId, invoice.total, invoice.id);
  await createRetried("price_1Retried", invoice.retriedSeats);
  return changePlan(account.subscriptionId, invoice.priceId);
}

async function updateSubscription(id: string, args: Stripe.SubscriptionUpdateParams) {
  return stripe.subscriptions.update(id, args);
}

export async function upgrade(account: any, priceId: string) {
  await updateSubscription(account.subscriptionId, { default_payment_method: account.pm });
  return updateSubscription(account.subscriptionId, { items: [{ id: account.itemId,
    price: priceId, quantity: account.seats }], proration_behavior: "none" });
}
""",
}
"""Calls through a project wrapper: their suggestions are checked as a direct call's."""
RAW_WRAPPED = {
    # a project's raw-HTTP wrapper (a request to the Stripe API at the path its caller gives)
    # and its callers: a Checkout Session, an off-session charge, a plan change
    "python": """\
import requests

STRIPE_API = "https://api.stripe.com/v1"


def stripe_request(method, path, data=None):
    return requests.request(method, f"{STRIPE_API}{path}", data=data, auth=(KEY, "")).json()


def renew(account, invoice):
    stripe_request("POST", "/checkout/sessions", {"mode": "payment",
        "line_items[0][price]": invoice.price_id, "line_items[0][quantity]": invoice.seats,
        "customer_email": account.email, "success_url": "https://app.example.com/ok"})
    stripe_request("POST", "/payment_intents", {"amount": invoice.total, "currency": "usd",
        "customer": account.customer_id, "off_session": "true", "confirm": "true"})
    return stripe_request("POST", f"/subscriptions/{account.subscription_id}",
        {"items[0][id]": "si_1", "items[0][price]": "price_1Pro", "proration_behavior": "none"})
""",
    "typescript": """\
const STRIPE_API = "https://api.stripe.com/v1";

async function stripeFetch(path: string, params: Record<string, string>, method = "POST") {
  const res = await fetch(`${STRIPE_API}${path}`, { method, body: new URLSearchParams(params) });
  return res.json();
}

export async function renew(account: any, invoice: any) {
  await stripeFetch("/checkout/sessions", { mode: "payment",
    "line_items[0][price]": invoice.priceId, "line_items[0][quantity]": "1",
    success_url: "https://app.example.com/ok" });
  await stripeFetch("/payment_intents", { amount: invoice.total, currency: "eur",
    customer: account.customerId, off_session: "true", confirm: "true" });
  return stripeFetch(`/subscriptions/${account.subscriptionId}`, { "items[0][id]": "si_1",
    "items[0][price]": "price_1Pro", proration_behavior: "none" });
}
""",
}
"""Calls through a raw-HTTP wrapper: their suggestions are checked as a direct call's."""
CATALOG = {
    # writes to the Stripe catalog (X031): the Dodo products.create / products.update they become
    "python": """\
import stripe


def publish(course, plan, price_id):
    product = stripe.Product.create(name=course.title, description=course.summary)
    stripe.Price.create(product=product.id, unit_amount=course.price * 100, currency="usd")
    stripe.Price.create(unit_amount=plan.cents, currency=plan.currency, recurring={"interval":
        "year" if plan.yearly else "month", "interval_count": plan.months},
        product_data={"name": plan.title}, tax_behavior="inclusive", metadata={"plan": "pro"})
    stripe.Price.modify(price_id, metadata={"retired": "yes"})
    stripe.Plan.create(amount=plan.cents, currency="usd", interval="week", product=product.id,
        trial_period_days=plan.trial_days)
""",
    "typescript": """\
import Stripe from "stripe";
const stripe = new Stripe("k");

export async function publish(course: any, plan: any, priceId: string) {
  const product = await stripe.products.create({ name: course.title });
  await stripe.prices.create({ product: product.id, unit_amount: course.price * 100,
    currency: "usd" });
  await stripe.prices.create({ unit_amount: plan.cents, currency: plan.currency, recurring: {
    interval: plan.yearly ? "year" : "month" }, product_data: { name: plan.title } });
  await stripe.prices.update(priceId, { metadata: { retired: "yes" } });
}
""",
}
"""Catalog writes: their suggested Dodo calls are checked too."""


def _catalog_call(site: CallSite) -> bool:
    """A catalog write whose suggestion is a Dodo call (not words: a product made without a
    price is made in Dodo where its price is)."""
    return site.rule == "X031" and site.suggestion != site.findings[0].suggestion


PLACEHOLDER = re.compile(r"\bTODO_[A-Za-z_]+\b")
TYPES = {"int": "int", "str": "str", "bool": "bool", "metadata": "dict[str, str]", "list": "Any"}
LOOKUPS = ("product_id", "customer_id", "discount_code", "subscription_id")

GOOD = {
    "product_cart": [{"product_id": "pdt_1", "quantity": 1}],
    "return_url": "https://example.com/thanks",
}
ITEMS_WITHOUT_QUANTITY = Expr(
    "items",
    "line_items",
    form="each",
    over="items",
    var="item",
    item={"product_id": Expr("item.price", "line_items", "product_id", "str")},
)
NEGATIVE: dict[str, tuple[dict[str, Any], str, str]] = {
    # name: (body, path, what the checker must say)
    "missing-product-price": ({"product_currency": "USD"}, CHARGE, "product_price"),
    "missing-product-cart": ({"return_url": "https://example.com"}, "/checkouts", "product_cart"),
    "unknown-field": ({**GOOD, "success_url": "https://example.com"}, "/checkouts", "success_url"),
    "unknown-item-field": (
        {
            "product_cart": Expr(
                "items",
                "line_items",
                form="each",
                over="items",
                var="item",
                item={
                    "product_id": Expr(
                        "", "line_items", "product_id", "str", form="field", var="item", key="price"
                    ),
                    "quantity": 1,
                    "price": "price_1",
                },
            )
        },
        "/checkouts",
        "price",
    ),
    "missing-item-field": ({"product_cart": ITEMS_WITHOUT_QUANTITY}, "/checkouts", "quantity"),
}
"""Suggestions the checkers must refuse: a required field missing, a field the SDK lacks."""
TSC_MISSES = {
    "typescript": frozenset(),
    "javascript": frozenset({"unknown-item-field", "missing-item-field"}),
}
"""JavaScript declares no types: a list mapped over a collection the site's code defines (``any``)
is ``any``, so tsc cannot check its elements in a JS file. A TypeScript suggestion declares the
element's SDK type as the callback's return type (``(item: any): DodoPayments.ProductItemReq =>``)
and tsc checks every element; mypy checks both."""
JS_IMPLICIT_ANY = "TS7006"
"""JavaScript has no parameter types: an each's element parameter (``(item) => ...``) is
implicitly ``any`` when the collection is (the site's own names are declared ``any``); checkJs
reports it under --strict, and the check does not count it as an error of the Dodo call."""


@dataclass
class Site:
    label: str
    code: str
    language: str
    typed: dict[str, str] = field(default_factory=dict)
    """Plain names the translator typed (``cents``: int), for Python."""


@dataclass
class Checked:
    errors: dict[int, list[str]]
    where: dict[int, str]
    expected: set[int]
    negatives: dict[str, range]
    text: str

    def unexpected(self) -> dict[str, list[str]]:
        inside = {n for lines in self.negatives.values() for n in lines}
        return {
            self.where.get(k, "?"): v
            for k, v in self.errors.items()
            if k not in self.expected and k not in inside
        }


def _typed(site: CallSite) -> dict[str, str]:
    if site.rule == "X031":  # a catalog write: its values are the site's own names (Any)
        return {}
    assert site.translation is not None
    return {
        e.source: TYPES[e.type]
        for e in exprs_in([site.translation.dodo, site.translation.fallback])
        if isinstance(e, Expr) and e.source.isidentifier() and e.type
    }


def _scanned(folders: list[str], code: dict[str, str], language: str) -> list[Site]:
    found = [
        s
        for s in scan_paths([str(ROOT / "samples" / "code" / f) for f in folders])
        if (s.kind == "create" and s.translation is not None) or _catalog_call(s)
    ]
    ext = {"python": "py", "typescript": "ts"}[language]
    for name, call in code.items():
        if language == "python":
            text = f"import stripe\n\n\ndef {name.replace('-', '_')}():\n    return {call}\n"
        else:
            text = f"import Stripe from 'stripe';\nconst stripe = new Stripe('k');\n{call};\n"
        found += scan_source(text, f"{name}.{ext}", BY_NAME[language])
    wrapped = scan_source(WRAPPED[language], f"wrapped.{ext}", BY_NAME[language])
    found += [s for s in wrapped if s.kind == "create"]  # a related site suggests in words
    raw = [
        s
        for s in scan_source(RAW_WRAPPED[language], f"raw_wrapped.{ext}", BY_NAME[language])
        if s.kind == "create"
    ]
    assert [s.via is not None for s in raw] == [True, True, True]
    found += raw
    writes = [
        s
        for s in scan_source(CATALOG[language], f"catalog.{ext}", BY_NAME[language])
        if _catalog_call(s)
    ]
    assert len(writes) == {"python": 4, "typescript": 3}[language], [w.callee for w in writes]
    found += writes
    return [Site(s.label(), s.suggestion, s.language, _typed(s)) for s in found]


# -- Python: mypy --strict --------------------------------------------------------------------

STUB = "".join(f"def dodo_{op}(x: object) -> str: ...\n" for op in LOOKUPS) + (
    "def dodo_whole_amount(value: object) -> int: ...\n"  # as the generated module has it
)


def _python_sites() -> list[Site]:
    sites = _scanned(["python"], RUN_TIME, "python")
    for name, (body, path) in bodies("python").items():
        sites.append(Site(f"run-time {name}", suggestion("python", body, (), path=path), "python"))
    missing = suggestion("python", MISSING, (), path=CHARGE)
    sites.append(Site("run-time missing amount", missing, "python"))
    return sites


def _python_free(site: Site) -> list[str]:
    """The names the suggestion uses but does not bind: the site's own, as parameters."""
    tree = ast.parse(site.code)
    bound = {"client", *dir(builtins)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom | ast.Import):
            bound |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)  # a comprehension's element
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    names = sorted(n for n in used - bound if not PLACEHOLDER.fullmatch(n))
    return [f"{n}: {site.typed.get(n, 'Any')}" for n in names]


def _python_module(sites: list[Site], negatives: dict[str, str]) -> tuple[list[str], Checked]:
    lines = [
        "from typing import Any",
        "",
        "from dodopayments import DodoPayments",
        "",
        'client = DodoPayments(bearer_token="test", environment="test_mode")',
        "",
    ]
    checked = Checked({}, {}, set(), {}, "")
    every = [*sites, *(Site(f"negative {k}", v, "python") for k, v in negatives.items())]
    for n, site in enumerate(every):
        lines += ["", f"def site_{n}({', '.join(_python_free(site))}) -> None:"]
        first = len(lines) + 1
        for text in textwrap.indent(site.code, "    ").splitlines():
            lines.append(text)
            checked.where[len(lines)] = site.label
            if PLACEHOLDER.search(text) and not text.lstrip().startswith("#"):
                checked.expected.add(len(lines))
        if site.label.startswith("negative "):
            checked.negatives[site.label.removeprefix("negative ")] = range(first, len(lines) + 1)
    return lines, checked


@pytest.fixture(scope="module")
def python_check(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    mypy_api = pytest.importorskip("mypy.api")
    folder = tmp_path_factory.mktemp("mypy")
    negatives = {
        name: suggestion("python", body, (), path=path)
        for name, (body, path, _) in NEGATIVE.items()
    }
    lines, checked = _python_module(_python_sites(), negatives)
    module = folder / "suggested.py"
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "dodo_ids.pyi").write_text(STUB, encoding="utf-8")
    out, err, _ = mypy_api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(folder / "cache"), str(module)]
    )
    assert not err, err
    for line in out.splitlines():
        m = re.match(rf"{re.escape(str(module))}:(\d+): error: (.*)", line)
        if m:
            checked.errors.setdefault(int(m[1]), []).append(m[2])
    checked.text = "\n".join(lines)
    return checked


@pytest.mark.slow
def test_python_suggestions_type_check_against_the_sdk(python_check: Checked) -> None:
    assert len({label for label in python_check.where.values()}) >= 20
    assert python_check.unexpected() == {}, python_check.text
    # each placeholder is flagged: it is defined nowhere, so the code cannot run silently
    flagged = {k for k in python_check.errors if k in python_check.expected}
    assert python_check.expected and flagged == python_check.expected
    assert all("[name-defined]" in e for k in flagged for e in python_check.errors[k])


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_mypy_refuses_a_missing_or_unknown_field(python_check: Checked, name: str) -> None:
    lines = python_check.negatives[name]
    said = [e for n in lines for e in python_check.errors.get(n, [])]
    assert said, f"mypy accepted the {name} suggestion"
    assert any(f'"{NEGATIVE[name][2]}"' in e for e in said), said


@pytest.mark.slow
def test_every_form_and_op_reaches_the_python_check() -> None:
    code = "\n".join(s.code for s in _python_sites())
    for needle in (
        " for item in cart.items",  # each
        ' if plan == "pro" else ',  # choice
        'item.get("quantity", 1)',  # field with a default
        "*([\n",  # concat: an element present under a condition
        "ProductItemReqParam({",  # concat: a spliced line, typed
        "dodo_product_id(",
        "dodo_customer_id(",
        "dodo_discount_code(",
        "dodo_subscription_id(",  # the subscription a plan change acts on, in its path
        'cast("Currency", ',  # upper
        "str(user.id)",  # str
        'f"{base}/thanks?from=app"',  # return_url without the template
        "TODO_product_price",  # missing
        "product_price=invoice.total,",  # an off-session charge through a wrapper
        "client.products.create(",  # a catalog write (X031)
        '"payment_frequency_interval": "Year" if plan.yearly else "Month",',
        "client.products.update(",
        '"trial_period_days": plan.trial_days,',  # a legacy plan's trial, at run time
        "dodo_subscription_id(account.subscription_id),",  # a plan change through a wrapper
        '"quantity": invoice.retried_seats,',  # through a wrapper creating in a callback
        "max(0, math.ceil((account.trial_end - time.time()) / 86400))",  # trial_days
    ):
        assert needle in code, needle


# -- JavaScript and TypeScript: tsc --strict --noEmit -----------------------------------------

JS_GLOBALS = frozenset(
    {
        "undefined",
        "NaN",
        "Infinity",
        "String",
        "Number",
        "Boolean",
        "BigInt",
        "Symbol",
        "Object",
        "Array",
        "JSON",
        "Math",
        "Date",
        "RegExp",
        "Error",
        "Promise",
        "Map",
        "Set",
        "parseInt",
        "parseFloat",
        "encodeURIComponent",
        "URL",
        "URLSearchParams",
        "globalThis",
        "DodoPayments",
        "client",
    }
)
DECLARATIONS = (
    "".join(
        f"declare function {name}(id: string): string;\n"
        for name in ("dodoProductId", "dodoCustomerId", "dodoDiscountCode", "dodoSubscriptionId")
    )
    + "declare function dodoWholeAmount(value: number | string | bigint): number;\n"
)
HEADER = (
    'import DodoPayments from "dodopayments";\n\n'
    'const client = new DodoPayments({ bearerToken: "test", environment: "test_mode" });\n'
)
LOOKUP_NAMES = frozenset(
    {"dodoProductId", "dodoCustomerId", "dodoDiscountCode", "dodoSubscriptionId", "dodoWholeAmount"}
)


def _node_sites() -> list[Site]:
    sites = _scanned(["node", "web"], NODE_RUN_TIME, "typescript")
    for name, (body, path) in bodies("node").items():
        for language, ts in (("typescript", True), ("javascript", False)):
            code = suggestion("node", body, (), path=path, typescript=ts)
            sites.append(Site(f"run-time {name} ({language})", code, language))
    for language, ts in (("typescript", True), ("javascript", False)):
        missing = suggestion("node", MISSING, (), path=CHARGE, typescript=ts)
        sites.append(Site(f"run-time missing amount ({language})", missing, language))
    return sites


def _typescript(site: Site) -> bool:
    return site.language in ("typescript", "tsx")


def _node_free(site: Site) -> list[str]:
    """The names the suggestion uses but does not bind (the site's own), read with ast-grep."""
    root = SgRoot(site.code, "typescript" if _typescript(site) else "javascript").root()
    used: set[str] = set()
    bound: set[str] = set()
    for node in root.find_all(kind="identifier"):
        parent = node.parent()
        kind = parent.kind() if parent is not None else ""
        # `const body = ...`: a local the suggestion binds (an argument read once)
        declared = parent is not None and kind == "variable_declarator"
        declared = declared and parent is not None and parent.field("name") == node
        if kind in ("required_parameter", "formal_parameters", "arrow_function") or declared:
            bound.add(node.text())
        else:
            used.add(node.text())
    used |= {n.text() for n in root.find_all(kind="shorthand_property_identifier")}
    return sorted(
        n for n in used - bound - JS_GLOBALS - LOOKUP_NAMES if not PLACEHOLDER.fullmatch(n)
    )


def _node_files(
    sites: list[Site], negatives: list[Site]
) -> tuple[dict[str, str], dict[str, Checked]]:
    out: dict[str, str] = {}
    checks: dict[str, Checked] = {}
    for name, ts in (("suggested.ts", True), ("suggested.js", False)):
        lines = HEADER.splitlines()
        checked = Checked({}, {}, set(), {}, "")
        every = [s for s in [*sites, *negatives] if _typescript(s) == ts]
        for n, site in enumerate(every):
            free = _node_free(site)
            lines.append("")
            if ts:
                lines.append(f"export function site_{n}({', '.join(f'{p}: any' for p in free)}) {{")
            else:
                lines += ["/**", *(f" * @param {{any}} {p}" for p in free), " */"]
                lines.append(f"export function site_{n}({', '.join(free)}) {{")
            first = len(lines) + 1
            for text in textwrap.indent(site.code, "  ").splitlines():
                lines.append(text)
                checked.where[len(lines)] = site.label
                if PLACEHOLDER.search(text) and not text.lstrip().startswith("//"):
                    checked.expected.add(len(lines))
            lines.append("}")
            if site.label.startswith("negative "):
                key = site.label.removeprefix("negative ")
                checked.negatives[key] = range(first, len(lines) + 1)
        out[name] = "\n".join(lines) + "\n"
        checked.text = out[name]
        checks[name] = checked
    return out, checks


TSCONFIG = """{
  "compilerOptions": {
    "strict": true,
    "noEmit": true,
    "target": "ES2022",
    "lib": ["ES2022", "DOM"],
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "allowJs": true,
    "checkJs": true,
    "skipLibCheck": true,
    "types": []
  },
  "files": ["dodo-ids.d.ts", "suggested.ts", "suggested.js"]
}
"""


def _tsc(folder: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One tsc run over ``files`` (and the look-ups' declarations), against the pinned SDK."""
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the JS/TS suggestions are not type-checked")
    sdk = node_sdk.install()
    (folder / "node_modules").symlink_to(sdk / "node_modules", target_is_directory=True)
    (folder / "tsconfig.json").write_text(TSCONFIG, encoding="utf-8")
    (folder / "dodo-ids.d.ts").write_text(DECLARATIONS, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    return subprocess.run(
        [node, str(node_sdk.tsc(sdk)), "-p", str(folder / "tsconfig.json"), "--pretty", "false"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
        env={**os.environ, "NODE_OPTIONS": ""},
    )


def _node_negatives() -> list[Site]:
    out = []
    for name, (body, path, _) in NEGATIVE.items():
        for language, ts in (("typescript", True), ("javascript", False)):
            if name in TSC_MISSES[language]:
                continue
            code = suggestion("node", body, (), path=path, typescript=ts)
            out.append(Site(f"negative {name} ({language})", code, language))
    return out


@pytest.fixture(scope="module")
def node_check(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Checked]:
    folder = tmp_path_factory.mktemp("tsc")
    files, checks = _node_files(_node_sites(), _node_negatives())
    done = _tsc(folder, files)
    last: list[str] = []
    for line in done.stdout.splitlines():
        m = re.match(r"(suggested\.[jt]s)\((\d+),\d+\): error (TS\d+: .*)", line)
        if m:
            if m[1] == "suggested.js" and m[3].startswith(JS_IMPLICIT_ANY):
                last = []
                continue
            last = checks[m[1]].errors.setdefault(int(m[2]), [])
            last.append(m[3])
        elif line.startswith(" ") and last:
            last[-1] += "\n" + line.strip()  # the error's explanation
        else:
            assert not line.strip(), done.stdout
    assert done.returncode in (0, 2), done.stdout + done.stderr  # 2: errors were reported
    return checks


@pytest.mark.slow
@pytest.mark.parametrize("name", ["suggested.ts", "suggested.js"])
def test_node_suggestions_type_check_against_the_sdk(
    node_check: dict[str, Checked], name: str
) -> None:
    checked = node_check[name]
    assert checked.unexpected() == {}, checked.text
    flagged = {k for k in checked.errors if k in checked.expected}
    assert checked.expected and flagged == checked.expected
    # cannot find name (TS2552: the same, with a "did you mean" a look-up of a similar name)
    assert all(e.startswith(("TS2304", "TS2552")) for k in flagged for e in checked.errors[k])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "language"),
    [
        (name, language)
        for name in sorted(NEGATIVE)
        for language in ("typescript", "javascript")
        if name not in TSC_MISSES[language]
    ],
)
def test_tsc_refuses_a_missing_or_unknown_field(
    node_check: dict[str, Checked], name: str, language: str
) -> None:
    checked = node_check["suggested.ts" if language == "typescript" else "suggested.js"]
    lines = checked.negatives[f"{name} ({language})"]
    said = [e for n in lines for e in checked.errors.get(n, [])]
    assert said, f"tsc accepted the {name} suggestion ({language})"
    assert any(f"'{NEGATIVE[name][2]}'" in e for e in said), said


@pytest.mark.slow
def test_every_sample_and_form_reaches_the_node_check() -> None:
    sites = _node_sites()
    languages = {s.language for s in sites}
    assert {"typescript", "javascript", "html"} <= languages
    code = "\n".join(s.code for s in sites)
    for needle in (
        ".map((item: any): DodoPayments.ProductItemReq => ({",  # each, TypeScript
        ".map((item) => ({",  # each, JavaScript
        '(plan === "pro") ? ',  # choice
        "(item.quantity ?? 1)",  # field with a default
        "    ...cart.items.map((item: any): DodoPayments.ProductItemReq => ({",  # concat, each
        "    ...(yearly ? [",  # concat: an element present under a condition
        "dodoProductId(",
        "dodoCustomerId(",
        "dodoDiscountCode(",
        "dodoSubscriptionId(",  # the subscription a plan change acts on, in its path
        "as DodoPayments.Currency)",  # upper, TypeScript
        '/** @type {import("dodopayments").DodoPayments.Currency} */',  # upper, JavaScript
        "String(user.id)",  # str
        "`${origin}/thanks?from=app`",  # return_url without the template
        "TODO_product_price",  # missing
        "product_price: invoice.total,",  # an off-session charge through a wrapper
        "dodoSubscriptionId(account.subscriptionId),",  # a plan change through a wrapper
        "quantity: invoice.retriedSeats,",  # through a wrapper creating in a callback
        "Math.max(0, Math.ceil((user.trialEnd - Date.now() / 1000) / 86400))",  # trial_days
    ):
        assert needle in code, needle


def test_the_pinned_sdk_is_the_one_installed_by_ci() -> None:
    """.ci/run installs the pins before the tests, with the same module the tests use."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tests/scan/node_sdk.py" in ci
    pins = (ROOT / "tests" / "scan" / "npm" / "package.json").read_text(encoding="utf-8")
    assert re.search(r'"dodopayments": "\d+\.\d+\.\d+"', pins)  # exact, not a range
    assert re.search(r'"typescript": "\d+\.\d+\.\d+"', pins)


def test_an_email_that_may_be_missing_type_checks_where_the_site_types_it(
    tmp_path: Path,
) -> None:
    """`customer_email: email` with `email: string | undefined` (NextAuth's session.user.email,
    an optional form field): the Dodo call gives a customer only when there is an email. It
    was `customer: { email }`, which tsc refuses (TS2322) and Dodo refuses without an email."""
    code = (
        "import Stripe from 'stripe';\nconst stripe = new Stripe('sk_test_x');\n"
        "export async function pay(email: string | undefined) {\n"
        "  return stripe.checkout.sessions.create({ mode: 'payment', success_url:"
        " 'https://x.example', line_items: [{ price: 'price_1A', quantity: 1 }],"
        " customer_email: email });\n}\n"
    )
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    call = "\n".join(
        line for line in (site.suggestion or "").splitlines() if not line.startswith("//")
    )
    assert "customer: email ? {" in call
    text = HEADER + (
        "\nexport async function pay(email: string | undefined) {\n  return "
        + textwrap.indent(call, "  ").lstrip()
        + ";\n}\n"
    )
    done = _tsc(tmp_path, {"suggested.ts": text, "suggested.js": ""})
    assert done.returncode == 0, done.stdout + text

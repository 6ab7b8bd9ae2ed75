"""The Stripe -> Dodo webhook event table (mappings/_webhooks.yaml)."""

from __future__ import annotations

import typing

from dodopayments.types import WebhookEventType

from migrate.mapping.webhooks import by_squashed, load_events, squashed

DODO_EVENTS = frozenset(typing.get_args(WebhookEventType))

# The Stripe events ../shared/reference/stripe-api.md section 6 lists for Checkout integrations,
# plus the refund and dispute events a checkout integration handles.
REFERENCE = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "checkout.session.expired",
    "invoice.paid",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "invoice.payment_action_required",
    "invoice.upcoming",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.trial_will_end",
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "customer.subscription.pending_update_applied",
    "customer.subscription.pending_update_expired",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.processing",
    "payment_intent.canceled",
    "payment_intent.requires_action",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.closed",
    "refund.created",
    "refund.failed",
    "product.created",
    "product.updated",
    "price.created",
    "price.updated",
    "plan.created",
    "plan.updated",
}


def test_every_dodo_event_named_exists_in_the_sdk() -> None:
    for entry in load_events().values():
        unknown = set(entry.dodo) - DODO_EVENTS
        assert not unknown, f"{entry.stripe}: {unknown} are not Dodo webhook event types"


def test_the_table_covers_the_reference_events() -> None:
    assert set(load_events()) >= REFERENCE, REFERENCE - set(load_events())


def test_match_agrees_with_the_dodo_events() -> None:
    for entry in load_events().values():
        if entry.match == "none":
            assert entry.dodo == (), entry.stripe
        else:
            assert entry.dodo, entry.stripe
        if entry.match == "exact":
            assert len(entry.dodo) == 1, entry.stripe
        assert entry.note.strip()


def test_sdk_constant_names_find_their_event() -> None:
    squashed_names = by_squashed()
    assert squashed("checkout.session.completed") == "checkoutsessioncompleted"
    assert squashed_names["checkoutsessioncompleted"].stripe == "checkout.session.completed"
    assert squashed_names["invoicepaymentfailed"].stripe == "invoice.payment_failed"
    assert len(squashed_names) == len(load_events())  # no two events squash to one name

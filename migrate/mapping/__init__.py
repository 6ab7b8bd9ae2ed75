"""Map: Stripe documents -> Dodo calls, field by field, by the rules of ``mappings/*.yaml``.

Importing the package registers every transform a rule may name (checkout sessions, the calls
around Checkout, catalog objects, subscriptions), so the rule table is checked against all of
them whenever it loads (``migrate/mapping/table.py``).
"""

from migrate.mapping import (
    catalog,
    checkout,
    feature_flags,
    intents,
    plan_change,
    subscribers,
    subscription_cancel,
    subscription_create,
    trials,
    usage_events,
)

__all__ = [
    "catalog",
    "checkout",
    "feature_flags",
    "intents",
    "plan_change",
    "subscribers",
    "subscription_cancel",
    "subscription_create",
    "trials",
    "usage_events",
]

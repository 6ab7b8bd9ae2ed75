"""The kinds of rule and the subjects a rule applies to (shared by the table and the checks of
the YAML, :mod:`migrate.mapping.rule_spec`)."""

from __future__ import annotations

from typing import Literal

RuleKind = Literal["param", "legacy", "recorded", "check", "default", "code"]
Subject = Literal[
    "checkout",
    "price",
    "product",
    "coupon",
    "promotion_code",
    "customer",
    "code",
    "payment_intent",
    "setup_intent",
    "subscription_update",
    "subscription_create",
    "subscription_cancel",
    "usage_event",
    "subscription",
]

__all__ = ["RuleKind", "Subject"]

from typing import Any

from dodopayments.types import (
    CheckoutSessionCreateParams,
    SubscriptionChangePlanParams,
    SubscriptionChargeParams,
    SubscriptionPreviewChangePlanParams,
    SubscriptionUpdateParams,
    UsageEventIngestParams,
)

from migrate.dodo.contract import contract_errors  # moved into the package
from migrate.mapping.expr import Expr

__all__ = ["REQUEST_TYPES", "concrete", "contract_errors"]

REQUEST_TYPES: dict[str, Any] = {
    "checkout_session": CheckoutSessionCreateParams,
    "on_demand_mandate": CheckoutSessionCreateParams,
    "upsell": CheckoutSessionCreateParams,
    "on_demand_charge": SubscriptionChargeParams,
    "change_plan": SubscriptionChangePlanParams,
    "change_plan_preview": SubscriptionPreviewChangePlanParams,
    "subscription_patch": SubscriptionUpdateParams,
    "usage_event": UsageEventIngestParams,
    "saved_method_subscription": CheckoutSessionCreateParams,
}
"""The official SDK's request type for each kind of Dodo call a translation makes."""


_AT_RUN_TIME: dict[str, Any] = {
    "int": 2500,
    "str": "text",
    "bool": True,
    "metadata": {"key": "value"},
}
_LOOKED_UP: dict[str, Any] = {
    "upper": "USD",
    "product_id": "pdt_looked_up",
    "customer_id": "cus_looked_up",
    "discount_code": "CODE10",
    "subscription_id": "sub_looked_up",
    "return_url": "https://example.com/done",
    "str": "text",
}


def concrete(value: Any, branch: str = "then") -> Any:
    """``value`` with each run-time expression (``migrate.mapping.expr.Expr``) replaced by a
    value of the type the translator says the code passes there (an upper-cased currency for
    ``upper``, an id for a look-up), so a body from scanned code can be checked against the SDK
    types. A choice becomes its ``then`` branch (``branch="else"``: its other one), a list
    mapped over a collection one element (its item template, made concrete), a list built of
    parts the list of their concrete elements (an element absent in the branch left out), a
    field of a run-time element a value of its type. A missing required value, or one without a
    type, stays as it is and fails the check."""
    if isinstance(value, Expr):
        if value.missing:
            return value
        if value.form == "choice":
            return concrete(value.then if branch == "then" else value.else_, branch)
        if value.form == "each":
            return [concrete(value.item, branch)]
        if value.form == "concat":  # each part's elements: one per each, none for an absent one
            out = []
            for part in value.parts:
                got = concrete(part, branch)
                if isinstance(part, Expr) and part.form == "each":
                    out.extend(got)
                elif got is not None:
                    out.append(got)
            return out
        if value.op in _LOOKED_UP:
            return _LOOKED_UP[value.op]
        if value.type is None:
            return value
        return _AT_RUN_TIME[value.type]
    if isinstance(value, dict):
        out = {k: concrete(v, branch) for k, v in value.items()}
        # a metadata value (made text: op "str") whose branch is nothing is no key there
        return {k: v for k, v in out.items() if v is not None or not _text_choice(value[k])}
    if isinstance(value, list):
        return [concrete(v, branch) for v in value]
    return value


def _text_choice(value: Any) -> bool:
    return isinstance(value, Expr) and value.form == "choice" and value.op == "str"

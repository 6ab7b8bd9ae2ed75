from typing import Any

from dodopayments.types import (
    CheckoutSessionCreateParams,
    SubscriptionChangePlanParams,
    SubscriptionChargeParams,
    SubscriptionPreviewChangePlanParams,
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
}
"""The official SDK's request type for each kind of Dodo call a translation makes."""


_AT_RUN_TIME: dict[str, Any] = {"int": 2500, "str": "text", "metadata": {"key": "value"}}


def concrete(value: Any) -> Any:
    """``value`` with each run-time expression (``migrate.mapping.expr.Expr``) replaced by a
    value of the type the translator says the code passes there (an upper-cased currency for
    ``upper``, an id for the id-map look-up), so a body from scanned code can be checked against
    the SDK types. A missing required value, or one without a type, stays as it is and fails the
    check."""
    if isinstance(value, Expr):
        if value.missing or value.type is None:
            return value
        if value.op == "upper":
            return "USD"
        if value.op == "product_id":
            return "pdt_looked_up"
        return _AT_RUN_TIME[value.type]
    if isinstance(value, dict):
        return {k: concrete(v) for k, v in value.items()}
    if isinstance(value, list):
        return [concrete(v) for v in value]
    return value

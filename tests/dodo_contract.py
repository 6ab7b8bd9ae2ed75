from typing import Any

from dodopayments.types import (
    CheckoutSessionCreateParams,
    SubscriptionChangePlanParams,
    SubscriptionChargeParams,
    SubscriptionPreviewChangePlanParams,
)

from migrate.dodo.contract import contract_errors  # moved into the package

__all__ = ["REQUEST_TYPES", "contract_errors"]

REQUEST_TYPES: dict[str, Any] = {
    "checkout_session": CheckoutSessionCreateParams,
    "on_demand_mandate": CheckoutSessionCreateParams,
    "upsell": CheckoutSessionCreateParams,
    "on_demand_charge": SubscriptionChargeParams,
    "change_plan": SubscriptionChangePlanParams,
    "change_plan_preview": SubscriptionPreviewChangePlanParams,
}
"""The official SDK's request type for each kind of Dodo call a translation makes."""

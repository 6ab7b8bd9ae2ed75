"""The sandbox's subscriptions: what a completed checkout makes, so a whole subscriber campaign
(links, conversions, status, cutover) can be rehearsed offline.

A checkout is completed by the buyer's action on its page: ``POST /session/{id}/complete``
(no API key, like the page itself; body ``{}``). The sandbox has no card form: completing
stands for the subscriber paying. It then makes, at the sandbox's clock:

* the customer (the attached one, the one with the checkout's email, or a new one);
* one payment (``pay_``), recorded on the checkout (``GET /checkouts/{id}`` shows it);
* one subscription (``sub_``) per subscription product of the cart: ``active``, the
  checkout's ``metadata``, its billing address, ``trial_period_days`` from
  ``subscription_data`` (else the product's), ``next_billing_date`` the completion plus the
  trial days (24 h each) or, without a trial, plus one billing period, ``discounts`` with the
  cycles each code has (``discount_cycles_remaining``), and ``recurring_pre_tax_amount`` what
  each renewal charges (the checkout's quote after discounts).

A checkout completes once (409 ``CHECKOUT_ALREADY_COMPLETED``), and not after its 24 hours
(410 ``CHECKOUT_SESSION_EXPIRED``). Subscriptions are listed (``GET /subscriptions``, filters
``status``, ``customer_id``, ``product_id``, ``cancel_at_next_billing_date``), read and
updated (``PATCH /subscriptions/{id}``: ``cancel_at_next_billing_date``, ``next_billing_date``,
``status`` ``cancelled``, ``metadata``) like Dodo's.
"""

from __future__ import annotations

import calendar
import copy
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from migrate.sandbox.validate import (
    ApiError,
    bool_query,
    check_contract,
    check_metadata,
    invalid,
    json_object,
    not_found,
    page,
    parse_time,
)

SESSION_LIFETIME = timedelta(hours=24)
STATUSES = ("pending", "active", "on_hold", "paused", "cancelled", "failed", "expired", "past_due")

_Result = tuple[int, Any]


class Billing:
    """Subscriptions and payments, mixed into ``SandboxApp`` (whose state and helpers the
    endpoints use: they run under its state lock)."""

    if TYPE_CHECKING:
        _store: dict[Any, dict[str, dict[str, Any]]]
        business_id: str

        def _new_id(self, kind: Any) -> str: ...
        def _now(self) -> str: ...
        def _clock_aware(self) -> datetime: ...
        def _stored(self, kind: Any, object_id: str, what: str) -> dict[str, Any]: ...
        def _product(self, product_id: str, *, in_body: bool = False) -> dict[str, Any]: ...
        def _discount_for(self, code: str) -> dict[str, Any] | None: ...

    # -- the buyer completes a checkout ---------------------------------------------------------

    def _complete_checkout(self, call: Any) -> _Result:
        record = self._store["checkout"].get(call.params[0])
        if record is None:
            raise not_found("Checkout session")
        if record["payment_id"] is not None:
            raise ApiError(409, "CHECKOUT_ALREADY_COMPLETED", "The checkout is already completed")
        now = self._clock_aware()
        if parse_time(record["created_at"]) + SESSION_LIFETIME <= now:
            raise ApiError(410, "CHECKOUT_SESSION_EXPIRED", "The checkout session has expired")
        body = record["request"]
        customer = self._buyer(body.get("customer"))
        quote = record["quote"]
        codes = body.get("discount_codes") or (
            [body["discount_code"]] if body.get("discount_code") else []
        )
        discounts = [d for d in (self._discount_for(c) for c in codes) if d is not None]
        for discount in discounts:
            discount["times_used"] += 1
        made = [
            self._subscribe(body, item, line, customer=customer, discounts=discounts, now=now)
            for item, line in zip(body["product_cart"], quote["product_cart"], strict=True)
            if line["is_subscription"]
        ]
        trial = quote.get("trial_period_days") or 0
        payment_id = self._new_id("payment")
        self._store["payment"][payment_id] = {
            "payment_id": payment_id,
            "business_id": self.business_id,
            "checkout_session_id": record["id"],
            "subscription_id": made[0]["subscription_id"] if made else None,
            "customer": _limited(customer),
            "currency": quote["currency"],
            "total_amount": 0 if trial else quote["total_price"],
            "status": "succeeded",
            "metadata": dict(body.get("metadata") or {}),
            "created_at": self._now(),
        }
        record.update(
            payment_id=payment_id,
            payment_status="succeeded",
            customer_email=customer["email"],
            customer_name=customer["name"],
        )
        return 200, {
            "session_id": record["id"],
            "payment_id": payment_id,
            "customer_id": customer["customer_id"],
            "subscription_ids": [s["subscription_id"] for s in made],
        }

    def _buyer(self, given: Any) -> dict[str, Any]:
        """The checkout's customer: attached, matched by email, or new."""
        if isinstance(given, dict) and "customer_id" in given:
            return self._stored("customer", given["customer_id"], "Customer")
        email = given.get("email") if isinstance(given, dict) else None
        email = email or f"buyer-{len(self._store['customer']) + 1}@sandbox.invalid"
        for known in self._store["customer"].values():
            if known["email"].lower() == email.lower():
                return known
        customer_id = self._new_id("customer")
        customer: dict[str, Any] = {
            "customer_id": customer_id,
            "business_id": self.business_id,
            "created_at": self._now(),
            "email": email,
            "name": (given or {}).get("name") or email.split("@", 1)[0],
            "phone_number": (given or {}).get("phone_number"),
            "metadata": {},
            "preferred_locale": None,
            "blocked_at": None,
        }
        self._store["customer"][customer_id] = customer
        return customer

    def _subscribe(
        self,
        body: dict[str, Any],
        item: dict[str, Any],
        line: dict[str, Any],
        *,
        customer: dict[str, Any],
        discounts: list[dict[str, Any]],
        now: datetime,
    ) -> dict[str, Any]:
        product = self._product(item["product_id"])
        price = product["price"]
        trial = (body.get("subscription_data") or {}).get("trial_period_days")
        if trial is None:
            trial = price.get("trial_period_days") or 0
        interval = price.get("payment_frequency_interval") or "Month"
        count = int(price.get("payment_frequency_count") or 1)
        first = now + timedelta(days=trial) if trial else _add(now, interval, count)
        applied = [
            d
            for d in discounts
            if not d["restricted_to"] or product["product_id"] in d["restricted_to"]
        ]
        subscription_id = self._new_id("subscription")
        address = body.get("billing_address") or {"country": "US"}
        subscription = {
            "subscription_id": subscription_id,
            "status": "active",
            "product_id": product["product_id"],
            "product_name": product.get("name"),
            "quantity": item["quantity"],
            "currency": line["currency"],
            "recurring_pre_tax_amount": line["discounted_price"] * item["quantity"],
            "tax_inclusive": bool(price.get("tax_inclusive")),
            "payment_frequency_count": count,
            "payment_frequency_interval": interval,
            "subscription_period_count": int(price.get("subscription_period_count") or 20),
            "subscription_period_interval": price.get("subscription_period_interval") or "Year",
            "trial_period_days": int(trial),
            "created_at": self._now(),
            "previous_billing_date": _iso(now),
            "next_billing_date": _iso(first),
            "cancel_at_next_billing_date": False,
            "cancelled_at": None,
            "cancelled_by": None,
            "on_demand": False,
            "has_payment_method": True,
            "metadata": dict(body.get("metadata") or {}),
            "customer": _limited(customer),
            "billing": {
                k: address.get(k) for k in ("country", "city", "state", "street", "zipcode")
            },
            "discounts": [
                {
                    "discount_id": d["discount_id"],
                    "discount_cycles_remaining": d["subscription_cycles"],
                }
                for d in applied
            ],
            "discount_id": applied[0]["discount_id"] if applied else None,
            "discount_cycles_remaining": applied[0]["subscription_cycles"] if applied else None,
            "addons": [],
            "meters": [],
            "brand_id": product["brand_id"],
            "tax_id": body.get("tax_id"),
            "customer_business_name": body.get("customer_business_name"),
            "paused_at": None,
            "payment_method_id": None,
            "scheduled_change": None,
            "trial_amount": None,
        }
        self._store["subscription"][subscription_id] = subscription
        return subscription

    # -- subscriptions ------------------------------------------------------------------------

    def _list_subscriptions(self, call: Any) -> _Result:
        status = call.query.get("status")
        if status is not None and status not in STATUSES:
            raise ApiError(
                422, "INVALID_QUERY_PARAMS", f"status must be one of {', '.join(STATUSES)}"
            )
        cancelling = bool_query(call.query, "cancel_at_next_billing_date")
        customer = call.query.get("customer_id")
        product = call.query.get("product_id")
        items = [
            s
            for s in self._store["subscription"].values()
            if (status is None or s["status"] == status)
            and (cancelling is None or s["cancel_at_next_billing_date"] == cancelling)
            and (customer is None or s["customer"]["customer_id"] == customer)
            and (product is None or s["product_id"] == product)
        ]
        return 200, page(items, call.query)

    def _get_subscription(self, call: Any) -> _Result:
        return 200, self._detail(self._stored("subscription", call.params[0], "Subscription"))

    def _detail(self, subscription: dict[str, Any]) -> dict[str, Any]:
        """A stored subscription as ``GET /subscriptions/{id}`` answers it (``Subscription``:
        each discount in full, with its cycles left; the list has the short form)."""
        out = copy.deepcopy(subscription)
        details = []
        for position, short in enumerate(subscription["discounts"]):
            found = self._store["discount"].get(short["discount_id"])
            if found is None:
                continue
            detail = {
                k: found.get(k)
                for k in (
                    "amount",
                    "business_id",
                    "code",
                    "created_at",
                    "discount_id",
                    "metadata",
                    "preserve_on_plan_change",
                    "restricted_to",
                    "times_used",
                    "type",
                    "expires_at",
                    "name",
                    "subscription_cycles",
                    "usage_limit",
                )
            }
            detail.update(position=position, cycles_remaining=short["discount_cycles_remaining"])
            details.append(detail)
        out.update(discounts=details, credit_entitlement_cart=[], meter_credit_entitlement_cart=[])
        return out

    def _update_subscription(self, call: Any) -> _Result:
        subscription = self._stored("subscription", call.params[0], "Subscription")
        body = json_object(call.body, "subscription_update")
        check_contract(body, "subscription_update")
        check_metadata(body.get("metadata"))
        if subscription["status"] in ("cancelled", "expired", "failed"):
            raise ApiError(
                422, "SUBSCRIPTION_INACTIVE", f"The subscription is {subscription['status']}"
            )
        changes: dict[str, Any] = {}
        status = body.get("status")
        if status is not None and status != "cancelled":
            raise invalid("$.status: the sandbox takes only cancelled")
        if body.get("next_billing_date") is not None:
            when = parse_time(str(body["next_billing_date"]))
            if when <= self._clock_aware():
                raise invalid("$.next_billing_date: must be in the future")
            changes["next_billing_date"] = _iso(when)
        if body.get("cancel_at_next_billing_date") is not None:
            changes["cancel_at_next_billing_date"] = bool(body["cancel_at_next_billing_date"])
        if isinstance(body.get("metadata"), dict):
            changes["metadata"] = dict(body["metadata"])
        if status == "cancelled":
            changes.update(status="cancelled", cancelled_at=self._now(), cancelled_by="merchant")
        subscription.update(changes)
        return 200, self._detail(subscription)


def _limited(customer: dict[str, Any]) -> dict[str, Any]:
    return {
        "customer_id": customer["customer_id"],
        "email": customer["email"],
        "name": customer["name"],
        "metadata": dict(customer.get("metadata") or {}),
        "phone_number": customer.get("phone_number"),
    }


def _add(moment: datetime, interval: str, count: int) -> datetime:
    if interval == "Day":
        return moment + timedelta(days=count)
    if interval == "Week":
        return moment + timedelta(weeks=count)
    months = count * (12 if interval == "Year" else 1)
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

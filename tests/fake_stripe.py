"""An in-process fake of the Stripe API's list endpoints, plugged in as the SDK's HTTP client.

``FakeStripe`` subclasses ``stripe.HTTPClient`` (pass it as ``http_client=``) and serves
``GET /v1/<kind>`` from in-memory catalogs with Stripe's cursor pagination (``limit`` 1-100,
default 10, ``starting_after`` / ``ending_before``, ``has_more``, ``url``) and expansion:

* *includable* fields (``price.tiers``, ``price.currency_options``, ``coupon.applies_to``,
  ``coupon.currency_options``, ``customer.tax_ids``) are left out unless
  ``expand[]=data.<field>``;
* *expandable* fields stored as ids (``item.price``, ``price.product``,
  ``subscription.customer``, ``subscription.default_payment_method``, each id of
  ``subscription.discounts``, a discount's ``source.coupon``) are replaced by the object from
  the catalog when expanded, to any depth;
* any other expand path is refused with 400, as Stripe does.

Subscriptions: ``GET /v1/subscriptions`` filters by ``status`` (one value, or ``all``; without
it every subscription but the canceled and expired ones, as Stripe lists them),
``GET /v1/subscription_items?subscription=ID`` lists one subscription's items,
``GET /v1/subscriptions/{id}`` retrieves one, and ``POST /v1/subscriptions/{id}`` takes
``cancel_at_period_end`` (the only write the fake accepts; each is kept in ``writes``).
``subscription_account(n)`` builds an account of ``n`` subscribers with the mix a migration meets.

Every request is recorded (method, full URL, path from ``/v1``, query, headers) so
tests can count them; error pages (any status, Stripe's error JSON) or connection errors can be
injected for a path pattern or for the n-th request. Retries the SDK makes do not sleep.
No network is touched.
"""

from __future__ import annotations

import calendar
import contextlib
import copy
import fnmatch
import json
import random
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import stripe

ROUTES = {
    "/v1/subscriptions": "subscription",
    "/v1/subscription_items": "subscription_item",
    "/v1/products": "product",
    "/v1/prices": "price",
    "/v1/plans": "plan",
    "/v1/coupons": "coupon",
    "/v1/promotion_codes": "promotion_code",
    "/v1/customers": "customer",
    "/v1/checkout/sessions": "checkout.session",
}
INCLUDABLE: dict[str, tuple[str, ...]] = {
    "price": ("tiers", "currency_options"),
    "coupon": ("applies_to", "currency_options"),
    "customer": ("tax_ids",),
}
EXPANDABLE: dict[str, dict[str, str]] = {  # object -> field (dotted) -> kind of the id(s)
    "item": {"price": "price"},
    "price": {"product": "product"},
    "plan": {"product": "product"},
    "subscription": {
        "customer": "customer",
        "default_payment_method": "payment_method",
        "discounts": "discount",
    },
    "discount": {"source.coupon": "coupon"},
}
LISTED_BY_DEFAULT = frozenset({"active", "trialing", "past_due", "unpaid", "paused", "incomplete"})
"""The subscription statuses Stripe lists without a ``status`` filter."""
ERROR_MESSAGES = {
    400: ("invalid_request_error", "Invalid request"),
    401: ("invalid_request_error", "Invalid API Key provided: sk_test_****1234"),
    403: (
        "invalid_request_error",
        "The provided key 'rk_test_****1234' does not have the required permissions for this "
        "endpoint on account 'acct_1Fake'. Having the 'rak_customer_read' permission would "
        "allow this request to continue.",
    ),
    404: ("invalid_request_error", "Unrecognized request URL"),
    429: ("invalid_request_error", "Request rate limit exceeded."),
    500: ("api_error", "An unknown error occurred"),
}


@dataclass(frozen=True)
class Request:
    method: str
    url: str
    path: str  # from "/v1", without the query
    query: dict[str, list[str]]
    headers: dict[str, str]

    def expand(self) -> list[str]:
        keys = sorted((k for k in self.query if k.startswith("expand[")), key=_index)
        return [v for k in keys for v in self.query[k]]

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


def _index(key: str) -> int:
    inside = key[len("expand[") : -1]
    return int(inside) if inside.isdigit() else 0


@dataclass
class Failure:
    status: int  # 0: raise a connection error instead of answering
    path: str | None = None  # fnmatch pattern on the path from /v1
    nth: int | None = None  # 1-based number of the request
    times: int | None = 1  # None: every time
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def matches(self, number: int, path: str) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.nth is not None and self.nth != number:
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path)


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(
        self,
        catalogs: Mapping[str, Sequence[dict[str, Any]]] | None = None,
        *,
        line_items: Mapping[str, Sequence[dict[str, Any]]] | None = None,
        record: bool = True,
    ) -> None:
        super().__init__()
        self.catalogs: dict[str, Sequence[dict[str, Any]]] = dict(catalogs or {})
        self.line_items: dict[str, Sequence[dict[str, Any]]] = dict(line_items or {})
        self.record = record  # False: count requests without keeping them (memory tests)
        self.requests: list[Request] = []
        self.request_count = 0
        self.failures: list[Failure] = []
        self.sleeps = 0
        self.writes: list[tuple[str, dict[str, str]]] = []
        self._indexes: dict[int, dict[str, int]] = {}
        for items in self.catalogs.values():  # index up front: not part of what tests measure
            self._position_index(items)

    # ------------------------------------------------------------------ test controls

    def fail(
        self,
        status: int,
        *,
        path: str | None = None,
        nth: int | None = None,
        times: int | None = 1,
        message: str | None = None,
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the matching request(s) with an error page (Stripe's error JSON by default)."""
        if body is None:
            kind, default = ERROR_MESSAGES.get(status, ("api_error", "Something went wrong"))
            error: dict[str, Any] = {"type": kind, "message": message or default}
            if status == 429:
                error["code"] = "rate_limit"
            body = json.dumps({"error": error})
        self.failures.append(Failure(status, path, nth, times, body, dict(headers or {})))

    def disconnect(
        self, *, path: str | None = None, nth: int | None = None, times: int | None = 1
    ) -> None:
        """Raise a (retryable) connection error for the matching request(s)."""
        self.failures.append(Failure(0, path, nth, times))

    def count(self, pattern: str = "*") -> int:
        return sum(1 for r in self.requests if fnmatch.fnmatchcase(r.path, pattern))

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    # ------------------------------------------------------------------ stripe.HTTPClient

    def _sleep_time_seconds(self, num_retries: int) -> float:
        self.sleeps += 1
        return 0.0

    def close(self) -> None:
        pass

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        post_data: Any = None,
        *,
        _usage: list[str] | None = None,
    ) -> tuple[str, int, Mapping[str, str]]:
        parts = urlsplit(url)
        start = parts.path.find("/v1/")
        path = parts.path[start:] if start >= 0 else parts.path
        query = parse_qs(parts.query)
        if post_data:
            text = post_data.decode() if isinstance(post_data, bytes) else str(post_data)
            query = {**query, **parse_qs(text)}
        request = Request(method.upper(), url, path, query, dict(headers or {}))
        self.request_count += 1
        number = self.request_count
        if self.record:
            self.requests.append(request)
        rheaders = {"request-id": f"req_fake_{number}", "content-type": "application/json"}

        for failure in self.failures:
            if failure.matches(number, path):
                if failure.times is not None:
                    failure.times -= 1
                if failure.status == 0:
                    raise stripe.APIConnectionError(
                        "Unexpected error communicating with Stripe. (Network error: "
                        "ConnectionError: connection refused)",
                        should_retry=True,
                    )
                return failure.body or "", failure.status, {**rheaders, **failure.headers}

        try:
            body = self._serve(request)
        except _Refused as refused:
            kind, default = ERROR_MESSAGES.get(refused.status, ("invalid_request_error", ""))
            error = {"type": kind, "message": refused.message or default}
            return json.dumps({"error": error}), refused.status, rheaders
        return json.dumps(body), 200, rheaders

    # ------------------------------------------------------------------ serving

    def _serve(self, request: Request) -> dict[str, Any]:
        path = request.path
        one = path.startswith("/v1/subscriptions/") and path.count("/") == 3
        if request.method == "POST" and one:
            return self._update_subscription(path.rsplit("/", 1)[1], request)
        if request.method != "GET":
            raise _Refused(400, f"the fake serves GET only, not {request.method}")
        if one:
            found = self._subscription(path.rsplit("/", 1)[1])
            return self._render(found, "subscription", self._expand_paths(request, ""))
        if path in ROUTES:
            kind = ROUTES[path]
            items: Sequence[dict[str, Any]] = self.catalogs.get(kind, ())
            if kind == "subscription":
                items = self._by_status(items, request.param("status"))
            elif kind == "subscription_item":
                owner = request.param("subscription")
                if owner is None:
                    raise _Refused(400, "Missing required param: subscription.")
                stored = self.catalogs.get("subscription_item")  # all items, when held apart
                items = (
                    [i for i in stored if i.get("subscription") == owner]
                    if stored is not None
                    else self._subscription(owner)["items"]["data"]
                )
        elif path.startswith("/v1/checkout/sessions/") and path.endswith("/line_items"):
            session_id = path[len("/v1/checkout/sessions/") : -len("/line_items")]
            if session_id not in self.line_items and not any(
                s.get("id") == session_id for s in self.catalogs.get("checkout.session", ())
            ):
                raise _Refused(404, f"No such checkout.session: '{session_id}'")
            kind = "item"
            items = self.line_items.get(session_id, ())
        else:
            raise _Refused(404, f"Unrecognized request URL (GET: {path})")

        limit_text = request.param("limit") or "10"
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 100:
            raise _Refused(400, "Invalid integer: limit must be between 1 and 100")
        limit = int(limit_text)
        after, before = request.param("starting_after"), request.param("ending_before")
        if after is not None:
            start = self._position(items, after) + 1
            page = items[start : start + limit]
            has_more = start + limit < len(items)
        elif before is not None:
            end = self._position(items, before)
            page = items[max(0, end - limit) : end]
            has_more = end - limit > 0
        else:
            page = items[:limit]
            has_more = limit < len(items)

        paths = self._expand_paths(request, "data.")
        self._check_expand(kind, paths)
        data = [self._render(obj, kind, paths) for obj in page]
        return {"object": "list", "data": data, "has_more": has_more, "url": path}

    def _expand_paths(self, request: Request, prefix: str) -> set[str]:
        paths = set()
        for spec in request.expand():
            if not spec.startswith(prefix):
                raise _Refused(400, f"This property cannot be expanded ({spec}).")
            paths.add(spec[len(prefix) :])
        return paths

    def _by_status(
        self, items: Sequence[dict[str, Any]], status: str | None
    ) -> Sequence[dict[str, Any]]:
        if status == "all":
            return items
        if status is None:
            return [s for s in items if s.get("status") in LISTED_BY_DEFAULT]
        known = LISTED_BY_DEFAULT | {"canceled", "incomplete_expired", "ended"}
        if status not in known:
            raise _Refused(400, f"Invalid status: must be one of {', '.join(sorted(known))}")
        if status == "ended":
            return [s for s in items if s.get("status") in ("canceled", "incomplete_expired")]
        return [s for s in items if s.get("status") == status]

    def _subscription(self, subscription_id: str) -> dict[str, Any]:
        catalog = self.catalogs.get("subscription", ())
        index = self._position_index(catalog)
        if subscription_id not in index:
            raise _Refused(404, f"No such subscription: '{subscription_id}'")
        return catalog[index[subscription_id]]

    def _update_subscription(self, subscription_id: str, request: Request) -> dict[str, Any]:
        found = self._subscription(subscription_id)
        params = {k: v[0] for k, v in request.query.items() if not k.startswith("expand")}
        unknown = sorted(set(params) - {"cancel_at_period_end"})
        if unknown:
            raise _Refused(400, f"Received unknown parameter: {unknown[0]}")
        if found.get("status") in ("canceled", "incomplete_expired"):
            raise _Refused(400, "A canceled subscription can only update its cancellation_details")
        if "cancel_at_period_end" in params:
            flag = params["cancel_at_period_end"] == "true"
            found["cancel_at_period_end"] = flag
            found["cancel_at"] = _period_end(found) if flag else None
        self.writes.append((subscription_id, dict(params)))
        return self._render(found, "subscription", self._expand_paths(request, ""))

    def _position_index(self, items: Sequence[dict[str, Any]]) -> dict[str, int]:
        index = self._indexes.get(id(items))
        if index is None:
            index = {str(obj.get("id")): n for n, obj in enumerate(items)}
            self._indexes[id(items)] = index
        return index

    def _position(self, items: Sequence[dict[str, Any]], object_id: str) -> int:
        index = self._position_index(items)
        if object_id not in index:
            raise _Refused(404, f"No such object: '{object_id}'")
        return index[object_id]

    def _split(self, kind: str, spec: str) -> tuple[str, str | None, str]:
        """(field, kind of the id it holds or None for an includable field, rest of the path)
        of an expand path on ``kind``; refused when the object has no such field."""
        for name, target in sorted(EXPANDABLE.get(kind, {}).items(), key=lambda kv: -len(kv[0])):
            if spec == name or spec.startswith(name + "."):
                return name, target, spec[len(name) + 1 :]
        head, _, rest = spec.partition(".")
        if head in INCLUDABLE.get(kind, ()) and not rest:
            return head, None, ""
        raise _Refused(400, f"This property cannot be expanded ({head}).")

    def _check_expand(self, kind: str, paths: set[str]) -> None:
        """Refuse expand paths the resource does not have, as Stripe does (also on an empty
        page)."""
        for spec in paths:
            _, target, rest = self._split(kind, spec)
            if rest:
                if target is None:
                    raise _Refused(400, f"This property cannot be expanded ({spec}).")
                self._check_expand(target, {rest})

    def _render(self, obj: dict[str, Any], kind: str, paths: set[str]) -> dict[str, Any]:
        wanted: dict[str, set[str]] = {}
        targets: dict[str, str | None] = {}
        for spec in paths:
            name, target, rest = self._split(kind, spec)
            wanted.setdefault(name, set())
            targets[name] = target
            if rest:
                if target is None:
                    raise _Refused(400, f"This property cannot be expanded ({spec}).")
                wanted[name].add(rest)
        includable = INCLUDABLE.get(kind, ())
        out = {k: v for k, v in obj.items() if k not in includable or k in wanted}
        for name, sub in wanted.items():
            target = targets[name]
            if target is None:
                continue
            *parents, last = name.split(".")
            holder: Any = out
            for parent in parents:  # copied on the way down: the catalog is never changed
                inner = holder.get(parent) if isinstance(holder, dict) else None
                if not isinstance(inner, dict):
                    holder = None
                    break
                holder[parent] = holder = copy.copy(inner)
            if not isinstance(holder, dict):
                continue
            value = holder.get(last)
            catalog = self.catalogs.get(target, ())
            if isinstance(value, str):
                holder[last] = self._render(catalog[self._position(catalog, value)], target, sub)
            elif isinstance(value, list):
                holder[last] = [
                    self._render(catalog[self._position(catalog, v)], target, sub)
                    if isinstance(v, str)
                    else v
                    for v in value
                ]
        return out


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --------------------------------------------------------------------------- builders


def product(n: int, *, active: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"prod_{n:06d}",
        "object": "product",
        "active": active,
        "name": f"Product {n}",
        "description": None,
        "metadata": {},
        "livemode": False,
        "created": 1_700_000_000 + n,
        **extra,
    }


def price(
    n: int, product_id: str, *, active: bool = True, recurring: bool = False, **extra: Any
) -> dict[str, Any]:
    return {
        "id": f"price_{n:06d}",
        "object": "price",
        "active": active,
        "product": product_id,
        "currency": "usd",
        "unit_amount": 100 + n,
        "unit_amount_decimal": str(100 + n),
        "billing_scheme": "per_unit",
        "type": "recurring" if recurring else "one_time",
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"}
        if recurring
        else None,
        "livemode": False,
        "metadata": {},
        **extra,
    }


def plan(plan_id: str, product_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": plan_id,
        "object": "plan",
        "active": True,
        "amount": 1500,
        "currency": "usd",
        "interval": "month",
        "interval_count": 1,
        "product": product_id,
        "livemode": False,
        **extra,
    }


def coupon(coupon_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": coupon_id,
        "object": "coupon",
        "percent_off": 10,
        "duration": "once",
        "valid": True,
        "livemode": False,
        **extra,
    }


def promotion_code(code_id: str, coupon_id: str, code: str) -> dict[str, Any]:
    return {
        "id": code_id,
        "object": "promotion_code",
        "code": code,
        "active": True,
        "promotion": {"type": "coupon", "coupon": coupon_id},
        "livemode": False,
    }


def customer(n: int) -> dict[str, Any]:
    return {
        "id": f"cus_{n:06d}",
        "object": "customer",
        "email": f"c{n}@example.com",
        "livemode": False,
    }


def session(n: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"cs_test_{n:06d}",
        "object": "checkout.session",
        "mode": "payment",
        "status": "complete",
        "livemode": False,
        **extra,
    }


def line_item(n: int, price_id: str, quantity: int = 1) -> dict[str, Any]:
    return {
        "id": f"li_{n:06d}",
        "object": "item",
        "price": price_id,
        "quantity": quantity,
        "amount_total": 100 * quantity,
        "currency": "usd",
    }


# --------------------------------------------------------------------------- subscriptions

DAY = 86_400
NOW = 1_795_341_600  # 2026-11-22T10:00:00Z: the reference time of the generated accounts
_INTERVAL_SECONDS = {"day": DAY, "week": 7 * DAY, "month": 30 * DAY, "year": 365 * DAY}


def _period_end(sub: Mapping[str, Any]) -> int | None:
    items = (sub.get("items") or {}).get("data") or []
    ends = [i["current_period_end"] for i in items if isinstance(i.get("current_period_end"), int)]
    return min(ends) if ends else None


def subscription_item(
    n: int,
    subscription_id: str,
    price_obj: dict[str, Any],
    *,
    start: int,
    end: int,
    quantity: int = 1,
) -> dict[str, Any]:
    """A subscription item as the API returns it: the whole price, this period's bounds."""
    return {
        "id": f"si_{n:06d}",
        "object": "subscription_item",
        "price": price_obj,
        "quantity": quantity,
        "current_period_start": start,
        "current_period_end": end,
        "discounts": [],
        "metadata": {},
        "subscription": subscription_id,
        "created": start,
    }


def subscription(
    n: int,
    customer_id: str,
    items: list[dict[str, Any]],
    *,
    status: str = "active",
    **extra: Any,
) -> dict[str, Any]:
    """A subscription (API 2026-10-28: the period bounds live on its items)."""
    sub_id = f"sub_{n:06d}"
    start = min(i["current_period_start"] for i in items)
    for item in items:
        item["subscription"] = sub_id
    out: dict[str, Any] = {
        "id": sub_id,
        "object": "subscription",
        "status": status,
        "customer": customer_id,
        "currency": items[0]["price"]["currency"],
        "items": {
            "object": "list",
            "data": items,
            "has_more": False,
            "total_count": len(items),
            "url": f"/v1/subscription_items?subscription={sub_id}",
        },
        "cancel_at_period_end": False,
        "cancel_at": None,
        "canceled_at": None,
        "ended_at": None,
        "collection_method": "charge_automatically",
        "created": start - 40 * DAY,
        "start_date": start - 40 * DAY,
        "billing_cycle_anchor": start,
        "default_payment_method": None,
        "discounts": [],
        "latest_invoice": f"in_{n:06d}",
        "livemode": False,
        "metadata": {},
        "pause_collection": None,
        "trial_start": None,
        "trial_end": None,
        "automatic_tax": {"enabled": False, "liability": None},
        "billing_mode": {"type": "classic"},
        "invoice_settings": {"account_tax_ids": None, "issuer": {"type": "self"}},
        "days_until_due": None,
        "description": None,
    }
    out.update(extra)
    return out


def discount(
    discount_id: str, coupon_id: str, subscription_id: str, *, start: int, end: int | None
) -> dict[str, Any]:
    return {
        "id": discount_id,
        "object": "discount",
        "source": {"type": "coupon", "coupon": coupon_id},
        "start": start,
        "end": end,
        "subscription": subscription_id,
        "subscription_item": None,
        "promotion_code": None,
        "customer": None,
        "checkout_session": None,
        "invoice": None,
        "invoice_item": None,
    }


def payment_method(pm_id: str, kind: str = "card") -> dict[str, Any]:
    out: dict[str, Any] = {"id": pm_id, "object": "payment_method", "type": kind, "livemode": False}
    if kind == "card":
        out["card"] = {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030}
    return out


def add_months(moment: int, months: int) -> int:
    """``moment`` plus whole calendar months (UTC), the day clamped to the month's last."""
    at = datetime.fromtimestamp(moment, UTC)
    index = at.month - 1 + months
    year, month = at.year + index // 12, index % 12 + 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return int(at.replace(year=year, month=month, day=day).timestamp())


def _back(end: int, interval: str, count: int) -> int:
    if interval == "month":
        return add_months(end, -count)
    if interval == "year":
        return add_months(end, -12 * count)
    return end - _INTERVAL_SECONDS[interval] * count


SHAPES: tuple[tuple[str, int], ...] = (
    ("monthly", 30),
    ("yearly", 9),
    ("weekly", 4),
    ("quarterly", 4),
    ("trialing", 9),
    ("coupon_repeating", 6),
    ("coupon_forever", 3),
    ("coupon_once", 2),
    ("cancel_at_period_end", 5),
    ("past_due", 4),
    ("multi_item", 3),
    ("paused", 2),
    ("metered", 2),
    ("tiered", 1),
    ("legacy_price", 4),
    ("eur", 3),
    ("gbp_option", 1),
    ("sepa", 2),
    ("renewing_now", 1),
    ("no_email", 1),
    ("quantity", 4),
)
"""The mix of a generated account: (shape, weight)."""


def subscription_account(
    n: int = 1_000, *, seed: int = 17, now: int = NOW
) -> dict[str, list[dict[str, Any]]]:
    """A Stripe account with ``n`` subscriptions in the mix a migration meets (``SHAPES``):
    monthly, yearly, weekly and quarterly plans, trials in progress, coupons with cycles left
    (repeating, forever, once), pending cancellations, past_due, multi-item, paused collection,
    metered and tiered prices, prices changed since the subscriber joined, other currencies,
    non-card payment methods, one renewing right now, a customer without an email, quantities.
    Period ends fall anywhere in the coming year, at any second (the trial rounding is
    exercised); each subscription has its own customer (with an address, and sometimes a VAT
    number). Deterministic for a ``seed``."""
    rng = random.Random(seed)
    products = [
        product(1, name="Basic"),
        product(2, name="Pro"),
        product(3, name="Team"),
        product(4, name="API calls"),
        product(5, name="Seats"),
        product(6, name="Priority support"),
    ]

    def recurring_price(
        price_id: str,
        product_id: str,
        amount: int,
        interval: str = "month",
        count: int = 1,
        **extra: Any,
    ) -> dict[str, Any]:
        body = price(0, product_id, recurring=True, **extra)
        body.update(
            id=price_id,
            unit_amount=amount,
            unit_amount_decimal=str(amount),
            recurring={"interval": interval, "interval_count": count, "usage_type": "licensed"},
        )
        body.update(extra)
        return body

    prices = {
        "basic_m": recurring_price("price_basic_m", "prod_000001", 900),
        "basic_y": recurring_price("price_basic_y", "prod_000001", 9000, "year"),
        "pro_m": recurring_price("price_pro_m", "prod_000002", 2900),
        "pro_w": recurring_price("price_pro_w", "prod_000002", 700, "week"),
        "team_q": recurring_price("price_team_q", "prod_000003", 12000, "month", 3),
        "pro_old": recurring_price("price_pro_m_2024", "prod_000002", 2500, active=False),
        "pro_eur": recurring_price("price_pro_eur", "prod_000002", 2700, currency="eur"),
        "basic_co": recurring_price(
            "price_basic_co",
            "prod_000001",
            1000,
            currency_options={"gbp": {"unit_amount": 800, "tax_behavior": "exclusive"}},
        ),
        "metered": recurring_price("price_api_metered", "prod_000004", 2),
        "tiered": recurring_price(
            "price_seats_tiered",
            "prod_000005",
            0,
            billing_scheme="tiered",
            tiers_mode="volume",
            tiers=[{"up_to": 10, "unit_amount": 800}, {"up_to": None, "unit_amount": 600}],
        ),
        "support_m": recurring_price("price_support_m", "prod_000006", 500),
    }
    prices["metered"]["recurring"]["usage_type"] = "metered"
    prices["metered"]["recurring"]["meter"] = "mtr_1"
    prices["tiered"]["unit_amount"] = None
    prices["tiered"]["unit_amount_decimal"] = None
    coupons = [
        coupon("SAVE20", percent_off=20, duration="repeating", duration_in_months=6),
        coupon("FOREVER10", percent_off=10, duration="forever"),
        coupon("WELCOME5", percent_off=None, amount_off=500, currency="usd", duration="once"),
    ]
    out: dict[str, list[dict[str, Any]]] = {
        "product": products,
        "price": list(prices.values()),
        "coupon": coupons,
        "customer": [],
        "subscription": [],
        "discount": [],
        "payment_method": [],
    }
    countries = [
        ("US", "CA", "94107"),
        ("DE", None, "10115"),
        ("GB", None, "EC1A 1BB"),
        ("FR", None, "75001"),
    ]
    names = [shape for shape, weight in SHAPES for _ in range(weight)]
    for i in range(n):
        shape = names[i % len(names)]
        cus = customer(i)
        cus["name"] = f"Subscriber {i}"
        country, state, postal = countries[i % len(countries)]
        if i % 11 != 5:
            cus["address"] = {
                "country": country,
                "state": state,
                "city": "Springfield",
                "line1": f"{i} Main Street",
                "line2": "Apt 2" if i % 3 == 0 else None,
                "postal_code": postal,
            }
        else:
            cus["address"] = None
        cus["tax_ids"] = {
            "object": "list",
            "data": [
                {
                    "id": f"txi_{i:06d}",
                    "object": "tax_id",
                    "type": "eu_vat",
                    "value": f"DE{100000000 + i}",
                }
            ]
            if country == "DE" and i % 2 == 0
            else [],
            "has_more": False,
        }
        if shape == "no_email":
            cus["email"] = None
        pm = payment_method(f"pm_{i:06d}", "sepa_debit" if shape == "sepa" else "card")
        out["payment_method"].append(pm)
        out["customer"].append(cus)
        key = {
            "yearly": "basic_y",
            "weekly": "pro_w",
            "quarterly": "team_q",
            "legacy_price": "pro_old",
            "eur": "pro_eur",
            "gbp_option": "basic_co",
            "metered": "metered",
            "tiered": "tiered",
        }.get(shape, "pro_m" if i % 2 else "basic_m")
        chosen = prices[key]
        interval = chosen["recurring"]["interval"]
        count = chosen["recurring"]["interval_count"]
        span = {"day": DAY, "week": 7 * DAY, "month": 28 * DAY, "year": 360 * DAY}[interval] * count
        end = now + rng.randrange(3600, span)  # any second of the coming period
        if shape == "renewing_now":
            end = now - 600  # the period ended ten minutes ago: Stripe is invoicing
        start = _back(end, interval, count)
        quantity = rng.choice((2, 3, 5)) if shape in ("quantity", "tiered") else 1
        items = [
            subscription_item(
                2 * i, f"sub_{i:06d}", chosen, start=start, end=end, quantity=quantity
            )
        ]
        if shape == "multi_item":
            items.append(
                subscription_item(
                    2 * i + 1, f"sub_{i:06d}", prices["support_m"], start=start, end=end
                )
            )
        extra: dict[str, Any] = {"default_payment_method": pm["id"]}
        if shape == "gbp_option":
            extra["currency"] = "gbp"
        status = "active"
        if shape == "trialing":
            status = "trialing"
            extra["trial_start"] = start
            extra["trial_end"] = end
        elif shape == "past_due":
            status = "past_due"
        elif shape == "cancel_at_period_end":
            extra["cancel_at_period_end"] = True
            extra["cancel_at"] = end
        elif shape == "paused":
            extra["pause_collection"] = {"behavior": "void", "resumes_at": None}
        sub = subscription(i, cus["id"], items, status=status, **extra)
        if shape.startswith("coupon_"):
            coupon_id = {"coupon_repeating": "SAVE20", "coupon_forever": "FOREVER10"}.get(
                shape, "WELCOME5"
            )
            began = start - rng.choice((0, 1, 2)) * 30 * DAY
            ends = add_months(began, 6) if coupon_id == "SAVE20" else None
            if ends is not None and ends <= now:
                began, ends = start, add_months(start, 6)
            dsc = discount(f"di_{i:06d}", coupon_id, sub["id"], start=began, end=ends)
            out["discount"].append(dsc)
            sub["discounts"] = [dsc["id"]]
        out["subscription"].append(sub)
    return out


@contextlib.contextmanager
def serve(fake: FakeStripe) -> Iterator[str]:
    """Serve ``fake`` over HTTP on 127.0.0.1 (GET and POST, as the SDK sends them), for a CLI
    run or a subprocess; yields the base URL (``STRIPE_API_BASE``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else None
            text, status, headers = fake.request(
                self.command.lower(), f"http://127.0.0.1{self.path}", dict(self.headers), body
            )
            data = text.encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_POST = do_GET

        def log_message(self, *_: object) -> None:
            return

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()

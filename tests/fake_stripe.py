"""An in-process fake of the Stripe API's list endpoints, plugged in as the SDK's HTTP client.

``FakeStripe`` subclasses ``stripe.HTTPClient`` (pass it as ``http_client=``) and serves
``GET /v1/<kind>`` from in-memory catalogs with Stripe's cursor pagination (``limit`` 1-100,
default 10, ``starting_after`` / ``ending_before``, ``has_more``, ``url``) and expansion:

* *includable* fields (``price.tiers``, ``price.currency_options``, ``coupon.applies_to``,
  ``coupon.currency_options``) are left out unless ``expand[]=data.<field>``;
* *expandable* fields stored as ids (``item.price``, ``price.product``) are replaced by the
  object from the catalog when expanded;
* any other expand path is refused with 400, as Stripe does.

Every request is recorded (method, full URL, path from ``/v1``, query, headers) so
tests can count them; error pages (any status, Stripe's error JSON) or connection errors can be
injected for a path pattern or for the n-th request. Retries the SDK makes do not sleep.
No network is touched.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import stripe

ROUTES = {
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
}
EXPANDABLE: dict[str, dict[str, str]] = {  # object -> field -> kind of the id it holds
    "item": {"price": "price"},
    "price": {"product": "product"},
    "plan": {"product": "product"},
}
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
        request = Request(method.upper(), url, path, parse_qs(parts.query), dict(headers or {}))
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
        if request.method != "GET":
            raise _Refused(400, f"the fake serves GET only, not {request.method}")
        path = request.path
        if path in ROUTES:
            kind = ROUTES[path]
            items: Sequence[dict[str, Any]] = self.catalogs.get(kind, ())
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

        paths = set()
        for spec in request.expand():
            if not spec.startswith("data."):
                raise _Refused(400, f"This property cannot be expanded ({spec}).")
            paths.add(spec[len("data.") :])
        self._check_expand(kind, paths)
        data = [self._render(obj, kind, paths) for obj in page]
        return {"object": "list", "data": data, "has_more": has_more, "url": path}

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

    def _check_expand(self, kind: str, paths: set[str]) -> None:
        """Refuse expand paths the resource does not have, as Stripe does."""
        for spec in paths:
            head, _, rest = spec.partition(".")
            if head in INCLUDABLE.get(kind, ()) and not rest:
                continue
            target = EXPANDABLE.get(kind, {}).get(head)
            if target is None:
                raise _Refused(400, f"This property cannot be expanded ({head}).")
            if rest:
                self._check_expand(target, {rest})

    def _render(self, obj: dict[str, Any], kind: str, paths: set[str]) -> dict[str, Any]:
        includable = INCLUDABLE.get(kind, ())
        expandable = EXPANDABLE.get(kind, {})
        heads = {p.split(".", 1)[0] for p in paths}
        out = {k: v for k, v in obj.items() if k not in includable or k in heads}
        for name, target in expandable.items():
            value = out.get(name)
            if name in heads and isinstance(value, str):
                sub = {p.split(".", 1)[1] for p in paths if p.startswith(name + ".")}
                catalog = self.catalogs.get(target, ())
                out[name] = self._render(catalog[self._position(catalog, value)], target, sub)
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

"""A local, in-memory Dodo-compatible API server (the "sandbox") for tests and rehearsals.

It speaks the part of the Dodo REST API that stripe2dodo calls, on 127.0.0.1 only, and answers
with the SDK's response shapes (``Product``, ``Discount``, ``Customer``, ``LocalizedPrice``,
``CheckoutSessionResponse``, ``CheckoutSessionStatus``, ``CheckoutSessionPreviewResponse``).

=======  =====================================  ==========================================
method   path                                   answer
=======  =====================================  ==========================================
POST     /products                              201 ``Product``
GET      /products                              page of flattened ``ProductListResponse``
GET      /products/{id}                         ``Product``
PATCH    /products/{id}                         200, empty body (like Dodo)
POST     /products/{id}/localized-prices        201 ``LocalizedPrice``
GET      /products/{id}/localized-prices        ``{"items": [...]}`` (not paginated)
POST     /discounts                             201 ``Discount``
GET      /discounts                             page of ``Discount``
GET      /discounts/{id}                        ``Discount``
GET      /discounts/code/{code}                 ``Discount`` (case-insensitive)
POST     /customers                             201 ``Customer``
GET      /customers                             page of ``Customer`` (filters ``email``, ``name``)
GET      /customers/{id}                        ``Customer``
POST     /checkouts                             201 ``{session_id, checkout_url, ...}``
POST     /checkouts/preview                     price breakdown; creates nothing
GET      /checkouts/{id}                        ``CheckoutSessionStatus``
GET      /session/{id}                          a small HTML page (the ``checkout_url``)
POST     /session/{id}/complete                 the buyer completes it (``sandbox.billing``)
GET      /subscriptions                         page of ``SubscriptionListResponse``
GET      /subscriptions/{id}                    ``Subscription``
PATCH    /subscriptions/{id}                    ``Subscription``
=======  =====================================  ==========================================

Lists take ``page_number`` (0-based, default 0) and ``page_size`` (default 10, at most 100)
and answer ``{"items": [...]}``, newest first, with no total or cursor. Every ``/session`` call
(the buyer's) is unauthenticated; every other call needs ``Authorization: Bearer <any
non-empty key>``. The key is never stored, logged or echoed.

Bodies and queries are checked like Dodo checks them (``migrate.sandbox.validate``, whose
docstring lists the error codes); previews and prices are ``migrate.sandbox.quote``; the HTTP
server on 127.0.0.1 and the ``stripe2dodo sandbox`` command are ``migrate.sandbox.server``.

Faults (latency, rate limits, 5xx before or after the commit, lost answers, throttling) are
``migrate.sandbox.faults``.

Ids look like Dodo's (``pdt_``, ``dsc_``, ``cus_``, ``cks_`` + 21 letters and digits) and come
from a per-kind counter and ``seed``, so a test run is reproducible; ``created_at`` strictly
increases. The in-process ``SandboxApp.transport()`` serves the same app through an
``httpx.MockTransport`` without a socket.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import html
import json
import logging
import threading
import time
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from migrate.sandbox.billing import Billing
from migrate.sandbox.faults import FaultDice, Faults, TokenBucket
from migrate.sandbox.quote import discount_active, preview
from migrate.sandbox.validate import (
    ApiError,
    bool_query,
    check_checkout,
    check_customer,
    check_discount,
    check_discount_code,
    check_localized_price,
    not_found,
    page,
    parse_json,
    price_out,
    product_body,
    product_list_item,
)

__all__ = ["KINDS", "Faults", "Kind", "Reply", "SandboxApp"]

log = logging.getLogger(__name__)

Kind = Literal[
    "product", "localized_price", "discount", "customer", "checkout", "subscription", "payment"
]
KINDS: tuple[Kind, ...] = typing.get_args(Kind)

_PREFIXES: dict[Kind, str] = {
    "product": "pdt",
    "localized_price": "lpr",
    "discount": "dsc",
    "customer": "cus",
    "checkout": "cks",
    "subscription": "sub",
    "payment": "pay",
}
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ID_LENGTH = 21
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


# ---- configuration and answers -------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """One answer of the sandbox app. ``lost``: close the connection without answering."""

    status: int
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    lost: bool = False

    @classmethod
    def json(cls, status: int, payload: Any, headers: Iterable[tuple[str, str]] = ()) -> Reply:
        extra = tuple(headers)
        if payload is None:
            return cls(status, b"", extra)
        body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return cls(status, body, (("Content-Type", "application/json"), *extra))

    @classmethod
    def error(
        cls, status: int, code: str, message: str, headers: Iterable[tuple[str, str]] = ()
    ) -> Reply:
        return cls.json(status, {"code": code, "message": message}, headers)


@dataclass(frozen=True)
class _Incoming:
    """One request as the pipeline sees it (headers stay here, never in logs or state)."""

    method: str
    route: _Route | None
    params: tuple[str, ...]
    known_path: bool
    query: str
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)

    @property
    def label(self) -> str:
        return f"{self.method} {self.route.pattern if self.route else '<unknown>'}"


@dataclass(frozen=True)
class _Call:
    params: tuple[str, ...]
    query: dict[str, str]
    body: Any


_Result = tuple[int, Any]


@dataclass(frozen=True)
class _Route:
    method: str
    pattern: str
    endpoint: Callable[[SandboxApp, _Call], _Result]
    creates: bool = False
    """A POST that creates an object: faults may commit it and fail, or drop the answer."""
    mutates: bool = False
    auth: bool = True
    bodyless: bool = False
    """A POST that may come without a body (read as ``{}``)."""

    @functools.cached_property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.pattern.strip("/").split("/"))

    def match(self, segments: list[str]) -> tuple[str, ...] | None:
        if len(segments) != len(self.segments):
            return None
        params: list[str] = []
        for want, got in zip(self.segments, segments, strict=True):
            if want.startswith("{"):
                if not got:
                    return None
                params.append(unquote(got))
            elif want != got:
                return None
        return tuple(params)


# ---- the app: state, faults, endpoints ------------------------------------------------------


class SandboxApp(Billing):
    """The sandbox API without HTTP: ``handle(method, target, headers, body) -> Reply``.

    Thread-safe: endpoints run under one state lock, which is never held while sleeping.
    ``base_url`` is used for ``checkout_url`` (``Sandbox`` sets it once bound).
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        faults: Faults | None = None,
        clock: Callable[[], datetime] | None = None,
        base_url: str = "http://sandbox.invalid",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.seed = seed
        self.base_url = base_url.rstrip("/")
        self._clock = clock or _utcnow
        self._sleep = sleep
        self._lock = threading.Lock()
        self._meta_lock = threading.Lock()
        self._faults = faults or Faults()
        self._bucket = self._new_bucket(self._faults)
        self._dice = FaultDice(seed)
        self.business_id = "bus_" + _token(f"{seed}:business")
        self.brand_id = "bus_" + _token(f"{seed}:brand")
        self._store: dict[Kind, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
        self._codes: dict[str, str] = {}
        self._serial: Counter[str] = Counter()
        self._last_time: datetime | None = None
        self._requests: Counter[str] = Counter()
        self._faults_seen: Counter[str] = Counter()

    # -- inspection (tests) ----------------------------------------------------------------

    @property
    def settings(self) -> Faults:
        """The fault knobs in force."""
        return self._faults

    def configure(self, faults: Faults) -> None:
        """Replace the fault knobs (the rate limiter starts afresh)."""
        with self._meta_lock:
            self._faults = faults
            self._bucket = self._new_bucket(faults)

    def objects(self, kind: Kind) -> list[dict[str, Any]]:
        """Deep copies of the stored objects of ``kind``, oldest first."""
        with self._lock:
            return copy.deepcopy(list(self._kind(kind).values()))

    def count(self, kind: Kind) -> int:
        with self._lock:
            return len(self._kind(kind))

    def requests(self) -> dict[str, int]:
        """Requests received, by ``"METHOD /path/{pattern}"`` (``<unknown>`` for no route)."""
        with self._meta_lock:
            return dict(self._requests)

    def faults(self) -> dict[str, int]:
        """Faults injected, by kind: ``latency`` (requests delayed), ``rate_limited`` (429),
        ``error`` (5xx, nothing changed), ``error_after_commit`` (5xx, change committed),
        ``lost`` (committed, connection closed without an answer)."""
        with self._meta_lock:
            return dict(self._faults_seen)

    def reset(self) -> None:
        """Forget every object and counter; ids and random draws start again from ``seed``."""
        with self._lock, self._meta_lock:
            for objects in self._store.values():
                objects.clear()
            self._codes.clear()
            self._serial.clear()
            self._last_time = None
            self._requests.clear()
            self._faults_seen.clear()
            self._dice = FaultDice(self.seed)
            self._bucket = self._new_bucket(self._faults)

    def transport(self) -> httpx.MockTransport:
        """This app as an in-process httpx transport (no socket; latency still sleeps)."""

        def handler(request: httpx.Request) -> httpx.Response:
            headers = {k.lower(): v for k, v in request.headers.items()}
            reply = self.handle(
                request.method, request.url.raw_path.decode("ascii"), headers, request.read()
            )
            if reply.lost:
                raise httpx.RemoteProtocolError(
                    "Server disconnected without sending a response.", request=request
                )
            return httpx.Response(reply.status, headers=list(reply.headers), content=reply.body)

        return httpx.MockTransport(handler)

    # -- the request pipeline --------------------------------------------------------------

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """Answer one request. ``target`` is the path with its query; ``headers`` have lower
        case names. Never logs the body, the headers or the query string."""
        started = time.monotonic()
        with self._meta_lock:
            faults, bucket = self._faults, self._bucket
        if faults.latency > 0:
            self._sleep(faults.latency)
        split = urlsplit(target)
        path = split.path.strip("/")
        method = method.upper()
        route, params, known_path = _find_route(method, path.split("/") if path else [])
        req = _Incoming(method, route, params, known_path, split.query, headers, body)
        with self._meta_lock:
            self._requests[req.label] += 1
            if faults.latency > 0:
                self._faults_seen["latency"] += 1
        reply = self._dispatch(req, faults, bucket)
        log.debug(
            "%s -> %s in %.0f ms",
            req.label,
            "connection closed" if reply.lost else reply.status,
            (time.monotonic() - started) * 1000,
        )
        return reply

    def _dispatch(self, req: _Incoming, faults: Faults, bucket: TokenBucket | None) -> Reply:
        route = req.route
        if route is not None and not route.auth:
            return self._run(route, req)
        if not _authorized(req.headers):
            return Reply.error(401, "UNAUTHORIZED", "You are not authorised to perform this action")
        limit_headers: tuple[tuple[str, str], ...] = ()
        if bucket is not None:
            allowed, remaining, wait = bucket.take()
            limit_headers = bucket.headers(remaining, wait)
            if not allowed:
                self._note_fault("rate_limited", req)
                retry = (("Retry-After", bucket.retry_after(wait)), *limit_headers)
                return Reply.error(429, "TOO_MANY_REQUESTS", "Too many requests", retry)
        if self._dice.throttled(faults):
            self._note_fault("rate_limited", req)
            pause = (("Retry-After", "1"), ("retry-after-ms", "50"), *limit_headers)
            return Reply.error(429, "TOO_MANY_REQUESTS", "Too many requests", pause)
        if route is None:
            if req.known_path:
                return Reply.error(405, "METHOD_NOT_ALLOWED", f"{req.method} is not allowed here")
            return Reply.error(404, "NOT_FOUND", "Item not found")

        failure, commit = self._dice.failure(faults, changes=route.creates or route.mutates)
        if failure is not None and not commit:
            self._note_fault("error", req)
            return _fault_reply(failure, limit_headers)

        reply = self._run(route, req, limit_headers)
        succeeded = 200 <= reply.status < 300
        if failure is not None:  # the change (if valid) is committed, the client sees a 5xx
            self._note_fault("error_after_commit" if succeeded else "error", req)
            return _fault_reply(failure, limit_headers)
        if succeeded and route.creates and self._dice.lost(faults):
            self._note_fault("lost", req)
            return Reply(reply.status, lost=True)
        return reply

    def _run(
        self, route: _Route, req: _Incoming, headers: tuple[tuple[str, str], ...] = ()
    ) -> Reply:
        try:
            empty = route.bodyless and not req.body.strip()
            parsed = parse_json(req.body) if route.method in ("POST", "PATCH") and not empty else {}
            call = _Call(req.params, dict(parse_qsl(req.query, keep_blank_values=True)), parsed)
            with self._lock:
                status, payload = route.endpoint(self, call)
        except ApiError as exc:
            return Reply.error(exc.status, exc.code, exc.message, headers)
        except Exception:  # a sandbox bug: answer like Dodo would, keep serving
            log.exception("sandbox error in %s", req.label)
            return Reply.error(500, "INTERNAL_SERVER_ERROR", "Internal server error", headers)
        if isinstance(payload, Reply):
            return payload
        return Reply.json(status, payload, headers)

    def _note_fault(self, kind: str, req: _Incoming) -> None:
        with self._meta_lock:
            self._faults_seen[kind] += 1
        log.info("sandbox fault %s on %s", kind, req.label)

    @staticmethod
    def _new_bucket(faults: Faults) -> TokenBucket | None:
        return TokenBucket(faults.rate_limit) if faults.rate_limit else None

    # -- helpers over state (called under the state lock) ------------------------------------

    def _kind(self, kind: Kind) -> dict[str, dict[str, Any]]:
        if kind not in self._store:
            raise ValueError(f"unknown sandbox object kind {kind!r}; one of {', '.join(KINDS)}")
        return self._store[kind]

    def _new_id(self, kind: Kind) -> str:
        prefix = _PREFIXES[kind]
        self._serial[prefix] += 1
        return f"{prefix}_{_token(f'{self.seed}:{prefix}:{self._serial[prefix]}')}"

    def _now(self) -> str:
        now = self._clock()
        now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
        if self._last_time is not None and now <= self._last_time:
            now = self._last_time + timedelta(microseconds=1)
        self._last_time = now
        return _iso(now)

    def _stored(self, kind: Kind, object_id: str, what: str) -> dict[str, Any]:
        """The stored object, or Dodo's 404 naming ``what``."""
        found = self._store[kind].get(object_id)
        if found is None:
            raise not_found(what)
        return found

    def _product(self, product_id: str, *, in_body: bool = False) -> dict[str, Any]:
        return self._stored(
            "product", product_id, f"Product {product_id}" if in_body else "Product"
        )

    # -- products --------------------------------------------------------------------------

    def _create_product(self, call: _Call) -> _Result:
        body = product_body(call.body, "product_create")
        now = self._now()
        price = price_out(body["price"])
        product: dict[str, Any] = {
            "product_id": self._new_id("product"),
            "business_id": self.business_id,
            "brand_id": body.get("brand_id") or self.brand_id,
            "created_at": now,
            "updated_at": now,
            "is_recurring": price["type"] != "one_time_price",
            "license_key_enabled": bool(body.get("license_key_enabled")),
            "metadata": dict(body.get("metadata") or {}),
            "price": price,
            "tax_category": body["tax_category"],
            "entitlements": [],
            "credit_entitlements": [],
            "name": body["name"],
            "description": body.get("description"),
            "image": None,
            "addons": [],
            "pricing_mode": body.get("pricing_mode"),
            "product_collection_id": None,
            "digital_product_delivery": None,
            "license_key_activation_message": body.get("license_key_activation_message"),
            "license_key_activations_limit": body.get("license_key_activations_limit"),
            "license_key_duration": body.get("license_key_duration"),
        }
        self._store["product"][product["product_id"]] = product
        return 201, product

    def _list_products(self, call: _Call) -> _Result:
        archived = bool_query(call.query, "archived")
        recurring = bool_query(call.query, "recurring")
        brand = call.query.get("brand_id")
        items = [
            product_list_item(p)
            for p in self._store["product"].values()
            if not archived
            and (recurring is None or p["is_recurring"] == recurring)
            and (brand is None or p["brand_id"] == brand)
        ]
        return 200, page(items, call.query)

    def _get_product(self, call: _Call) -> _Result:
        return 200, self._product(call.params[0])

    def _update_product(self, call: _Call) -> _Result:
        product = self._product(call.params[0])
        body = product_body(call.body, "product_update")
        if body.get("image_id") is not None:
            raise not_found(f"Image {body['image_id']}")
        changes: dict[str, Any] = {}
        for key, value in body.items():
            if key in ("addons", "entitlements", "credit_entitlements", "image_id"):
                continue  # empty or null (checked above): nothing to attach
            if key == "digital_product_delivery":
                continue
            if value is None and key in ("name", "price", "tax_category", "metadata"):
                continue  # null leaves a required field as it is
            changes[key] = value
        if "price" in changes:
            changes["price"] = price_out(changes["price"])
            changes["is_recurring"] = changes["price"]["type"] != "one_time_price"
        if "pricing_mode" in changes and changes["pricing_mode"] != product["pricing_mode"]:
            stale = [
                lp_id
                for lp_id, lp in self._store["localized_price"].items()
                if lp["product_id"] == product["product_id"]
            ]
            for lp_id in stale:  # Dodo archives the localized rules when the mode changes
                del self._store["localized_price"][lp_id]
        product.update(changes)
        product["updated_at"] = self._now()
        return 200, None

    def _create_localized_price(self, call: _Call) -> _Result:
        product = self._product(call.params[0])
        existing = self._store["localized_price"].values()
        body = check_localized_price(call.body, product, existing)
        mode, country = product["pricing_mode"], body.get("country_code")
        now = self._now()
        price = {
            "id": self._new_id("localized_price"),
            "amount": body["amount"],
            "created_at": now,
            "currency": body["currency"],
            "mode": mode,
            "product_id": product["product_id"],
            "updated_at": now,
            "country_code": country,
        }
        self._store["localized_price"][price["id"]] = price
        return 201, price

    def _list_localized_prices(self, call: _Call) -> _Result:
        product = self._product(call.params[0])
        items = [
            lp
            for lp in self._store["localized_price"].values()
            if lp["product_id"] == product["product_id"]
        ]
        return 200, {"items": items}

    # -- discounts -------------------------------------------------------------------------

    def _create_discount(self, call: _Call) -> _Result:
        terms = check_discount(call.body)
        body, rows, starts, expires = terms.body, terms.rows, terms.starts, terms.expires
        kind, amount = body.get("type"), body["amount"]
        restricted = list(body.get("restricted_to") or [])
        for product_id in restricted:
            self._product(product_id, in_body=True)
        code = self._discount_code(body.get("code"))
        discount: dict[str, Any] = {
            "discount_id": self._new_id("discount"),
            "business_id": self.business_id,
            "code": code,
            "amount": amount,
            "type": kind,
            "times_used": 0,
            "restricted_to": restricted,
            "customer_eligibility": body.get("customer_eligibility") or "any",
            "preserve_on_plan_change": bool(body.get("preserve_on_plan_change")),
            "metadata": dict(body.get("metadata") or {}),
            "created_at": self._now(),
            "name": body.get("name"),
            "expires_at": _iso(expires) if expires else None,
            "starts_at": _iso(starts) if starts else None,
            "usage_limit": body.get("usage_limit"),
            "per_customer_usage_limit": body.get("per_customer_usage_limit"),
            "subscription_cycles": body.get("subscription_cycles"),
            "currency_options": rows,
        }
        self._store["discount"][discount["discount_id"]] = discount
        self._codes[code] = discount["discount_id"]
        return 201, discount

    def _discount_code(self, given: str | None) -> str:
        if given is None:
            serial = 0
            while True:
                serial += 1
                digest = hashlib.sha256(
                    f"{self.seed}:code:{len(self._codes)}:{serial}".encode()
                ).digest()
                code = "".join(_CODE_ALPHABET[b % len(_CODE_ALPHABET)] for b in digest[:16])
                if code not in self._codes:
                    return code
        code = check_discount_code(given)
        if code in self._codes:
            raise ApiError(422, "DISCOUNT_CODE_ALREADY_EXISTS", "Discount Code already exists")
        return code

    def _list_discounts(self, call: _Call) -> _Result:
        active = bool_query(call.query, "active")
        code = call.query.get("code", "").upper()
        kind = call.query.get("discount_type")
        product = call.query.get("product_id")
        now = self._clock_aware()
        items = [
            d
            for d in self._store["discount"].values()
            if code in d["code"]
            and (kind is None or d["type"] == kind)
            and (product is None or product in d["restricted_to"])
            and (active is None or discount_active(d, now) == active)
        ]
        return 200, page(items, call.query)

    def _get_discount(self, call: _Call) -> _Result:
        return 200, self._stored("discount", call.params[0], "Discount")

    def _get_discount_by_code(self, call: _Call) -> _Result:
        discount_id = self._codes.get(call.params[0].strip().upper())
        if discount_id is None:
            raise not_found("Discount")
        return 200, self._store["discount"][discount_id]

    # -- customers -------------------------------------------------------------------------

    def _create_customer(self, call: _Call) -> _Result:
        body = check_customer(call.body)
        customer = {
            "customer_id": self._new_id("customer"),
            "business_id": self.business_id,
            "created_at": self._now(),
            "email": body["email"],
            "name": body["name"],
            "phone_number": body.get("phone_number"),
            "metadata": dict(body.get("metadata") or {}),
            "preferred_locale": body.get("preferred_locale"),
            "blocked_at": None,
        }
        self._store["customer"][customer["customer_id"]] = customer
        return 201, customer

    def _list_customers(self, call: _Call) -> _Result:
        email = call.query.get("email")
        name = call.query.get("name", "").lower()
        items = [
            c
            for c in self._store["customer"].values()
            if (email is None or c["email"].lower() == email.lower()) and name in c["name"].lower()
        ]
        return 200, page(items, call.query)

    def _get_customer(self, call: _Call) -> _Result:
        return 200, self._stored("customer", call.params[0], "Customer")

    # -- checkout sessions -----------------------------------------------------------------

    def _create_checkout(self, call: _Call) -> _Result:
        body = self._checkout_body(call.body)
        quote = self._quote(body)
        session_id = self._new_id("checkout")
        email, name = self._session_customer(body.get("customer"))
        url = None if body.get("payment_method_id") else f"{self.base_url}/session/{session_id}"
        record = {
            "id": session_id,
            "created_at": self._now(),
            "checkout_url": url,
            "customer_email": email,
            "customer_name": name,
            "payment_id": None,
            "payment_status": None,
            "metadata": dict(body.get("metadata") or {}),
            "request": copy.deepcopy(body),
            "quote": quote,
        }
        self._store["checkout"][session_id] = record
        return 201, {
            "session_id": session_id,
            "checkout_url": url,
            "client_secret": None,
            "payment_id": None,
            "publishable_key": None,
        }

    def _preview_checkout(self, call: _Call) -> _Result:
        return 200, self._quote(self._checkout_body(call.body))

    def _get_checkout(self, call: _Call) -> _Result:
        record = self._stored("checkout", call.params[0], "Checkout session")
        fields = ("id", "created_at", "customer_email", "customer_name", "payment_id")
        return 200, {**{k: record[k] for k in fields}, "payment_status": record["payment_status"]}

    def _session_page(self, call: _Call) -> _Result:
        record = self._store["checkout"].get(call.params[0])
        if record is None:
            return 404, Reply(404, b"no such checkout session\n", (("Content-Type", "text/plain"),))
        quote = record["quote"]
        text = (
            "<!doctype html><title>Dodo sandbox checkout</title>"
            f"<h1>Sandbox checkout {html.escape(record['id'])}</h1>"
            f"<p>Total: {quote['total_price']} {html.escape(quote['currency'])} (minor units). "
            "This is a local sandbox: nothing can be paid here.</p>"
        )
        return 200, Reply(200, text.encode(), (("Content-Type", "text/html; charset=utf-8"),))

    def _checkout_body(self, raw: Any) -> dict[str, Any]:
        return check_checkout(raw, customer_exists=self._store["customer"].__contains__)

    def _session_customer(self, customer: Any) -> tuple[str | None, str | None]:
        if not isinstance(customer, dict):
            return None, None
        if "customer_id" in customer:
            known = self._store["customer"][customer["customer_id"]]
            return known["email"], known["name"]
        return customer.get("email"), customer.get("name")

    def _quote(self, body: dict[str, Any]) -> dict[str, Any]:
        """The preview (``CheckoutSessionPreviewResponse``) of a checked body."""
        products = [
            self._product(item["product_id"], in_body=True) for item in body["product_cart"]
        ]
        return preview(
            body,
            products,
            localized=self._store["localized_price"].values(),
            discount_for=self._discount_for,
            now=self._clock_aware(),
        )

    def _discount_for(self, code: str) -> dict[str, Any] | None:
        discount_id = self._codes.get(code.strip().upper())
        return None if discount_id is None else self._store["discount"][discount_id]

    def _clock_aware(self) -> datetime:
        now = self._clock()
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now


# ---- answers and routes --------------------------------------------------------------------


def _authorized(headers: Mapping[str, str]) -> bool:
    scheme, _, key = headers.get("authorization", "").strip().partition(" ")
    return scheme.lower() == "bearer" and bool(key.strip())


def _fault_reply(status: int, headers: tuple[tuple[str, str], ...]) -> Reply:
    if status == 500:
        return Reply.error(500, "INTERNAL_SERVER_ERROR", "Internal server error", headers)
    page = f"<html><body><h1>{status} {_REASONS[status]}</h1></body></html>\n"
    return Reply(status, page.encode(), (("Content-Type", "text/html"), *headers))


def _token(seed: str) -> str:
    """21 letters and digits derived from ``seed``."""
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    chars = []
    for _ in range(_ID_LENGTH):
        number, digit = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[digit])
    return "".join(chars)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_ROUTES: tuple[_Route, ...] = (
    _Route("POST", "/products", SandboxApp._create_product, creates=True),
    _Route("GET", "/products", SandboxApp._list_products),
    _Route("GET", "/products/{id}", SandboxApp._get_product),
    _Route("PATCH", "/products/{id}", SandboxApp._update_product, mutates=True),
    _Route(
        "POST", "/products/{id}/localized-prices", SandboxApp._create_localized_price, creates=True
    ),
    _Route("GET", "/products/{id}/localized-prices", SandboxApp._list_localized_prices),
    _Route("POST", "/discounts", SandboxApp._create_discount, creates=True),
    _Route("GET", "/discounts", SandboxApp._list_discounts),
    _Route("GET", "/discounts/code/{code}", SandboxApp._get_discount_by_code),
    _Route("GET", "/discounts/{id}", SandboxApp._get_discount),
    _Route("POST", "/customers", SandboxApp._create_customer, creates=True),
    _Route("GET", "/customers", SandboxApp._list_customers),
    _Route("GET", "/customers/{id}", SandboxApp._get_customer),
    _Route("POST", "/checkouts/preview", SandboxApp._preview_checkout),
    _Route("POST", "/checkouts", SandboxApp._create_checkout, creates=True),
    _Route("GET", "/checkouts/{id}", SandboxApp._get_checkout),
    _Route("GET", "/session/{id}", SandboxApp._session_page, auth=False),
    _Route(
        "POST",
        "/session/{id}/complete",
        SandboxApp._complete_checkout,
        mutates=True,
        auth=False,
        bodyless=True,
    ),
    _Route("GET", "/subscriptions", SandboxApp._list_subscriptions),
    _Route("GET", "/subscriptions/{id}", SandboxApp._get_subscription),
    _Route("PATCH", "/subscriptions/{id}", SandboxApp._update_subscription, mutates=True),
)


def _find_route(method: str, segments: list[str]) -> tuple[_Route | None, tuple[str, ...], bool]:
    """(route, its parameters, whether any route has this path for another method)."""
    known = False
    for route in _ROUTES:
        params = route.match(segments)
        if params is None:
            continue
        if route.method == method:
            return route, params, True
        known = True
    return None, (), known

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
=======  =====================================  ==========================================

Lists take ``page_number`` (0-based, default 0) and ``page_size`` (default 10, at most 100)
and answer ``{"items": [...]}``, newest first, with no total or cursor. Every ``/session`` call
is unauthenticated; every other call needs ``Authorization: Bearer <any non-empty key>``. The
key is never stored, logged or echoed.

Validation, like Dodo's: a body must fit the SDK's request TypedDict exactly (no unknown
fields, right JSON types, enums), then Dodo's documented rules. Errors are
``{"code", "message"}``; the codes are those of Dodo's error-code reference:

============  ==========================================  ======================================
status        code                                        when
============  ==========================================  ======================================
401           UNAUTHORIZED                                no ``Authorization: Bearer <key>``
404           NOT_FOUND                                   unknown path or id, also an id named in
                                                          a body (``product_cart``,
                                                          ``restricted_to``, ``customer_id``)
405           METHOD_NOT_ALLOWED                          known path, other method (sandbox code)
413           INVALID_REQUEST_BODY                        body larger than 1 MiB
422           INVALID_REQUEST_BODY                        not JSON, not the SDK type (message:
                                                          the first error, with its JSON path),
                                                          a metadata key/value, a length or range
422           INVALID_QUERY_PARAMS                        bad ``page_number``/``page_size``/bool
422           INVALID_REQUEST_PARAMETERS                  ``starts_at`` >= ``expires_at``,
                                                          per-customer limit > usage limit
422           MAXIMUM_KEYS_REACHED                        more than 50 metadata pairs
422           UNSUPPORTED_CURRENCY                        an ISO-looking code (``XYZ``) that is
                                                          not a Dodo currency (``usd`` is
                                                          INVALID_REQUEST_BODY: bad shape)
422           UNSUPPORTED_TAX_CATEGORY                    a tax category outside the enum
422           UNSUPPORTED_DISCOUNT_TYPE                   a discount type other than percentage,
                                                          flat
422           INVALID_PERCENTAGE                          percentage ``amount`` outside 1..10000
422           DISCOUNT_CODE_ALREADY_EXISTS                code taken (compared upper-cased)
422           DISCOUNT_CURRENCY_OPTION_INVALID            duplicate rows, two defaults, a flat
                                                          discount without a default row
422           INVALID_SUGGESTED_PRICE                     PWYW ``suggested_price`` < ``price``
422           MISSING_ADDON_IDS / MISSING_METER_IDS       the sandbox has no addons or meters
422           PRODUCT_PRICING_MODE_REQUIRED               localized price, product without
                                                          ``pricing_mode``
422           LOCALIZED_PRICE_SHAPE_MISMATCH              ``country_code`` vs ``pricing_mode``
422           LOCALIZED_PRICE_DUPLICATES_BASE             same currency as the base price
422           LOCALIZED_PRICE_ALREADY_EXISTS              same product and currency/country
422           PRODUCT_CART_EMTPY                          (sic, Dodo's spelling) empty cart
422           INVALID_QUANTITY                            usage-based product with quantity != 1
422           BRAND_MISMATCH                              cart products of different brands
422           REQUEST_AMOUNT_BELOW_MINIMUM                PWYW ``amount`` below the price
422           EXCHANGE_RATE_NOT_FOUND                     cart needs a currency conversion (the
                                                          sandbox has no exchange rates)
422           INVALID_DISCOUNT_CODE                       unknown code, or fits no cart product
422           DISCOUNT_CODE_EXPIRED / DISCOUNT_NOT_YET_ACTIVE / DISCOUNT_CODE_USAGE_LIMIT_EXCEEDED
422           DISCOUNT_MINIMUM_SUBTOTAL_NOT_MET           below the currency row's minimum
429           TOO_MANY_REQUESTS                           rate limit (``Retry-After`` seconds)
500           INTERNAL_SERVER_ERROR                       injected fault (502/503: an HTML body,
                                                          as a gateway would send)
============  ==========================================  ======================================

Prices in previews are exact integer arithmetic in minor units: no tax (``tax_rate`` 0), no
exchange rates, trials do not change the amount due. Discount codes apply in order to the
eligible lines: a percentage takes ``line * bps // 10000`` of each line (capped in total by the
currency row's ``max_amount_possible``), a flat code takes its currency row's
``max_amount_possible`` (or ``amount`` when its default row is in the cart currency) from the
eligible lines in cart order. Per line, ``og_price`` is the unit price and
``discounted_price`` the unit price after discounts (rounded down); the line subtotal is
``og_price * quantity``.

Faults (``Faults``; constructor keywords and ``configure``), decided per request in this order:

1. ``latency`` seconds are slept in the request's own thread (requests are served concurrently;
   no lock is held while sleeping), before anything else.
2. ``rate_limit`` requests per second across all clients (a token bucket holding one second's
   worth): beyond it, 429 ``TOO_MANY_REQUESTS`` with ``Retry-After`` in whole seconds (>= 1).
   Every answer then carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
   ``X-RateLimit-Reset`` (seconds until a request is allowed again).
3. ``error_rate``: the probability of a 500, 502 or 503 answer. For a request that changes
   state (POST creating something, PATCH) a coin flip decides whether the change was committed
   before the failure: half of the time nothing happened, the other half the object exists
   although the client saw a 5xx (a crash after the commit). Counted as ``error`` and
   ``error_after_commit``; a 429 as ``rate_limited``, a delayed request as ``latency``.
4. ``lost_rate``: the probability that a successful create is committed and the connection is
   then closed without any answer (the client sees a disconnect / ``RemoteProtocolError``).
   Counted as ``lost``.
5. ``throttle_rate``: the probability of a 429 ``TOO_MANY_REQUESTS`` whatever the rate (with
   ``Retry-After: 1`` and ``retry-after-ms: 50``); nothing is carried out. Counted as
   ``rate_limited``.

Ids look like Dodo's (``pdt_``, ``dsc_``, ``cus_``, ``cks_`` + 21 letters and digits) and come
from a per-kind counter and ``seed``, so a test run is reproducible; ``created_at`` strictly
increases. The in-process ``SandboxApp.transport()`` serves the same app through an
``httpx.MockTransport`` without a socket.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import html
import json
import logging
import math
import random
import re
import socket
import socketserver
import sys
import threading
import time
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, Self
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

from migrate.dodo.contract import contract_errors
from migrate.errors import ConfigError

__all__ = [
    "KINDS",
    "Faults",
    "Kind",
    "Reply",
    "Sandbox",
    "SandboxApp",
    "ready_message",
    "serve",
]

log = logging.getLogger(__name__)

Kind = Literal["product", "localized_price", "discount", "customer", "checkout"]
KINDS: tuple[Kind, ...] = typing.get_args(Kind)

HOST = "127.0.0.1"
MAX_BODY = 1 << 20
PAGE_SIZE_DEFAULT = 10
PAGE_SIZE_MAX = 100
MAX_METADATA_KEYS = 50
MAX_METADATA_KEY = 40
MAX_METADATA_VALUE = 500
MAX_CART = 20
MAX_DISCOUNT_CODES = 20
MAX_CUSTOM_FIELDS = 5
FAULT_STATUSES = (500, 502, 503)
_PREFIXES: dict[Kind, str] = {
    "product": "pdt",
    "localized_price": "lpr",
    "discount": "dsc",
    "customer": "cus",
    "checkout": "cks",
}
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ID_LENGTH = 21
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")
_METADATA_KEY = re.compile(r"[A-Za-z0-9_-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_INTERVAL_DAYS = {"Day": 1, "Week": 7, "Month": 31, "Year": 366}
_MAX_SUBSCRIPTION_DAYS = 20 * 366
_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


# ---- configuration and answers -------------------------------------------------------------


@dataclass(frozen=True)
class Faults:
    """The fault knobs (see the module docstring). ``ConfigError`` for values out of range."""

    latency: float = 0.0
    """Seconds added to every request (a sleep in the request's thread)."""
    rate_limit: float | None = None
    """Requests per second across all clients; None or 0 for no limit."""
    error_rate: float = 0.0
    """Probability of a 500/502/503 answer (committed or not, for a change: half each)."""
    lost_rate: float = 0.0
    """Probability that a successful create is committed but answered by a closed connection."""
    throttle_rate: float = 0.0
    """Probability of a 429 answer (with ``Retry-After`` and ``retry-after-ms``), whatever the
    rate: bursts of throttling without waiting for a real limit to be reached."""

    def __post_init__(self) -> None:
        if not _finite(self.latency) or self.latency < 0:
            raise ConfigError(f"sandbox latency must be >= 0 seconds, got {self.latency!r}")
        if self.rate_limit is not None and (not _finite(self.rate_limit) or self.rate_limit < 0):
            raise ConfigError(
                f"sandbox rate limit must be >= 0 requests per second (0: none), "
                f"got {self.rate_limit!r}"
            )
        for name in ("error_rate", "lost_rate", "throttle_rate"):
            value = getattr(self, name)
            if not _finite(value) or not 0.0 <= value <= 1.0:
                raise ConfigError(
                    f"sandbox {name.replace('_', ' ')} must be between 0 and 1, got {value!r}"
                )


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


class _ApiError(Exception):
    """Raised inside an endpoint: answered as ``{"code", "message"}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _invalid(message: str) -> _ApiError:
    return _ApiError(422, "INVALID_REQUEST_BODY", message)


def _not_found(what: str) -> _ApiError:
    return _ApiError(404, "NOT_FOUND", f"{what} not found")


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


class _TokenBucket:
    """``rate`` tokens per second, holding at most max(1, rate): thread-safe."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._tokens = self.capacity
        self._clock = clock
        self._last = clock()
        self._lock = threading.Lock()

    def take(self) -> tuple[bool, int, float]:
        """(allowed, whole tokens left, seconds until the next token is available)."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            allowed = self._tokens >= 1.0
            if allowed:
                self._tokens -= 1.0
            wait = max(0.0, (1.0 - self._tokens) / self.rate)
            return allowed, int(self._tokens), wait


# ---- the app: state, validation, faults ----------------------------------------------------


class SandboxApp:
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
        self._rng = random.Random(seed)
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
            self._rng = random.Random(self.seed)
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

    def _dispatch(self, req: _Incoming, faults: Faults, bucket: _TokenBucket | None) -> Reply:
        route = req.route
        if route is not None and not route.auth:
            return self._run(route, req)
        if not _authorized(req.headers):
            return Reply.error(401, "UNAUTHORIZED", "You are not authorised to perform this action")
        limit_headers: tuple[tuple[str, str], ...] = ()
        if bucket is not None:
            allowed, remaining, wait = bucket.take()
            limit_headers = (
                ("X-RateLimit-Limit", _number(bucket.rate)),
                ("X-RateLimit-Remaining", str(remaining)),
                ("X-RateLimit-Reset", f"{wait:.3f}"),
            )
            if not allowed:
                self._note_fault("rate_limited", req)
                retry = (("Retry-After", str(max(1, math.ceil(wait)))), *limit_headers)
                return Reply.error(429, "TOO_MANY_REQUESTS", "Too many requests", retry)
        if faults.throttle_rate > 0:
            with self._meta_lock:
                throttled = self._rng.random() < faults.throttle_rate
            if throttled:
                self._note_fault("rate_limited", req)
                pause = (("Retry-After", "1"), ("retry-after-ms", "50"), *limit_headers)
                return Reply.error(429, "TOO_MANY_REQUESTS", "Too many requests", pause)
        if route is None:
            if req.known_path:
                return Reply.error(405, "METHOD_NOT_ALLOWED", f"{req.method} is not allowed here")
            return Reply.error(404, "NOT_FOUND", "Item not found")

        failure: int | None = None
        commit = True
        if faults.error_rate > 0:
            with self._meta_lock:
                if self._rng.random() < faults.error_rate:
                    failure = self._rng.choice(FAULT_STATUSES)
                    commit = (route.creates or route.mutates) and self._rng.random() < 0.5
        if failure is not None and not commit:
            self._note_fault("error", req)
            return _fault_reply(failure, limit_headers)

        reply = self._run(route, req, limit_headers)
        succeeded = 200 <= reply.status < 300
        if failure is not None:  # the change (if valid) is committed, the client sees a 5xx
            self._note_fault("error_after_commit" if succeeded else "error", req)
            return _fault_reply(failure, limit_headers)
        if succeeded and route.creates and faults.lost_rate > 0:
            with self._meta_lock:
                lost = self._rng.random() < faults.lost_rate
            if lost:
                self._note_fault("lost", req)
                return Reply(reply.status, lost=True)
        return reply

    def _run(
        self, route: _Route, req: _Incoming, headers: tuple[tuple[str, str], ...] = ()
    ) -> Reply:
        try:
            parsed = _parse_json(req.body) if route.method in ("POST", "PATCH") else None
            call = _Call(req.params, dict(parse_qsl(req.query, keep_blank_values=True)), parsed)
            with self._lock:
                status, payload = route.endpoint(self, call)
        except _ApiError as exc:
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
    def _new_bucket(faults: Faults) -> _TokenBucket | None:
        return _TokenBucket(faults.rate_limit) if faults.rate_limit else None

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
            raise _not_found(what)
        return found

    def _product(self, product_id: str, *, in_body: bool = False) -> dict[str, Any]:
        return self._stored(
            "product", product_id, f"Product {product_id}" if in_body else "Product"
        )

    # -- products --------------------------------------------------------------------------

    def _create_product(self, call: _Call) -> _Result:
        body = _product_body(call.body, "product_create")
        now = self._now()
        price = _price_out(body["price"])
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
        archived = _bool_query(call.query, "archived")
        recurring = _bool_query(call.query, "recurring")
        brand = call.query.get("brand_id")
        items = [
            _product_list_item(p)
            for p in self._store["product"].values()
            if not archived
            and (recurring is None or p["is_recurring"] == recurring)
            and (brand is None or p["brand_id"] == brand)
        ]
        return 200, _page(items, call.query)

    def _get_product(self, call: _Call) -> _Result:
        return 200, self._product(call.params[0])

    def _update_product(self, call: _Call) -> _Result:
        product = self._product(call.params[0])
        body = _product_body(call.body, "product_update")
        if body.get("image_id") is not None:
            raise _not_found(f"Image {body['image_id']}")
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
            changes["price"] = _price_out(changes["price"])
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
        body = _body(call.body, "localized_price_create")
        _check_currency(body.get("currency"))
        _check_contract(body, "localized_price_create")
        if body["amount"] <= 0:
            raise _invalid("$.amount: must be greater than zero")
        mode = product.get("pricing_mode")
        if mode is None:
            raise _ApiError(
                422,
                "PRODUCT_PRICING_MODE_REQUIRED",
                "Product pricing_mode must be set before adding localized prices",
            )
        country = body.get("country_code")
        if (mode == "by_country") != (country is not None):
            raise _ApiError(
                422,
                "LOCALIZED_PRICE_SHAPE_MISMATCH",
                f"Localized price shape does not match the product's pricing_mode ({mode}): "
                + ("country_code is required" if mode == "by_country" else "omit country_code"),
            )
        if mode == "by_currency" and body["currency"] == product["price"]["currency"]:
            raise _ApiError(
                422,
                "LOCALIZED_PRICE_DUPLICATES_BASE",
                "Localized price duplicates the product's base currency/country",
            )
        for existing in self._store["localized_price"].values():
            same = (
                existing["country_code"] == country
                if mode == "by_country"
                else existing["currency"] == body["currency"]
            )
            if existing["product_id"] == product["product_id"] and same:
                raise _ApiError(
                    422,
                    "LOCALIZED_PRICE_ALREADY_EXISTS",
                    "A localized price for this product and country/currency already exists",
                )
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
        body = _body(call.body, "discount_create")
        for row in _list_of(body.get("currency_options")):
            _check_currency(row.get("currency") if isinstance(row, dict) else None)
        kind = body.get("type")
        if isinstance(kind, str) and kind not in _enums().discount_types:
            raise _ApiError(
                422,
                "UNSUPPORTED_DISCOUNT_TYPE",
                "Only percentage and flat discount codes are supported",
            )
        _check_contract(body, "discount_create")
        _check_metadata(body.get("metadata"))
        amount = body["amount"]
        if kind == "percentage" and not 1 <= amount <= 10000:
            raise _ApiError(
                422,
                "INVALID_PERCENTAGE",
                "Percentage amount cannot be more than 10000"
                if amount > 10000
                else "Percentage amount must be at least 1 (basis points)",
            )
        if kind == "flat" and amount < 1:
            raise _invalid("$.amount: a flat discount amount must be at least 1")
        rows = _currency_rows(body.get("currency_options"), flat=kind == "flat")
        _check_limits(body)
        starts, expires = _opt_time(body, "starts_at"), _opt_time(body, "expires_at")
        if starts is not None and expires is not None and starts >= expires:
            raise _ApiError(
                422, "INVALID_REQUEST_PARAMETERS", "starts_at must be before expires_at"
            )
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
        code = given.strip().upper()
        if len(code) < 3:
            raise _invalid("$.code: a discount code needs at least 3 characters")
        if len(code) > 16:
            raise _invalid("$.code: a discount code has at most 16 characters")
        if code in self._codes:
            raise _ApiError(422, "DISCOUNT_CODE_ALREADY_EXISTS", "Discount Code already exists")
        return code

    def _list_discounts(self, call: _Call) -> _Result:
        active = _bool_query(call.query, "active")
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
            and (active is None or _discount_active(d, now) == active)
        ]
        return 200, _page(items, call.query)

    def _get_discount(self, call: _Call) -> _Result:
        return 200, self._stored("discount", call.params[0], "Discount")

    def _get_discount_by_code(self, call: _Call) -> _Result:
        discount_id = self._codes.get(call.params[0].strip().upper())
        if discount_id is None:
            raise _not_found("Discount")
        return 200, self._store["discount"][discount_id]

    # -- customers -------------------------------------------------------------------------

    def _create_customer(self, call: _Call) -> _Result:
        body = _body(call.body, "customer_create")
        _check_contract(body, "customer_create")
        _check_metadata(body.get("metadata"))
        if not _EMAIL.fullmatch(body["email"]):
            raise _invalid(f"$.email: {body['email']!r} is not an email address")
        if not body["name"].strip():
            raise _invalid("$.name: must not be empty")
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
        return 200, _page(items, call.query)

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
        body = _body(raw, "checkout_create")
        _check_currency(body.get("billing_currency"))
        _check_contract(body, "checkout_create")
        _check_metadata(body.get("metadata"))
        cart = body["product_cart"]
        if not cart and not body.get("product_collection_id"):
            raise _ApiError(422, "PRODUCT_CART_EMTPY", "product_cart is empty")
        if len(cart) > MAX_CART:
            raise _invalid(f"$.product_cart: at most {MAX_CART} items")
        if body.get("product_collection_id"):
            raise _not_found(f"Product collection {body['product_collection_id']}")
        if body.get("discount_code") is not None and body.get("discount_codes") is not None:
            raise _invalid("$.discount_code: give discount_code or discount_codes, not both")
        if len(body.get("discount_codes") or []) > MAX_DISCOUNT_CODES:
            raise _invalid(f"$.discount_codes: at most {MAX_DISCOUNT_CODES} codes")
        if len(body.get("custom_fields") or []) > MAX_CUSTOM_FIELDS:
            raise _invalid(f"$.custom_fields: at most {MAX_CUSTOM_FIELDS} fields")
        methods = body.get("allowed_payment_method_types") or []
        if len(set(methods)) != len(methods):
            raise _invalid("$.allowed_payment_method_types: values must be unique")
        trial = _dig(body, "subscription_data", "trial_period_days")
        if isinstance(trial, int) and not 0 <= trial <= 10000:
            raise _invalid("$.subscription_data.trial_period_days: must be 0..10000")
        customer = body.get("customer")
        attached = isinstance(customer, dict) and "customer_id" in customer
        if attached:
            assert isinstance(customer, dict)
            if customer["customer_id"] not in self._store["customer"]:
                raise _not_found(f"Customer {customer['customer_id']}")
        elif isinstance(customer, dict) and not _EMAIL.fullmatch(customer["email"]):
            raise _invalid(f"$.customer.email: {customer['email']!r} is not an email address")
        if body.get("payment_method_id") and not (body.get("confirm") and attached):
            raise _invalid("$.payment_method_id: needs confirm=true and an existing customer_id")
        if body.get("tax_id") and not body.get("billing_address"):
            raise _invalid("$.tax_id: needs billing_address.country")
        if body.get("confirm") and not (customer and body.get("billing_address")):
            raise _invalid("$.confirm: confirm=true needs customer and billing_address")
        for i, item in enumerate(cart):
            if item["quantity"] < 1:
                raise _invalid(f"$.product_cart[{i}].quantity: must be at least 1")
            if item.get("addons"):
                raise _ApiError(
                    422,
                    "MISSING_ADDON_IDS",
                    "One or more addon IDs do not exist: "
                    + ", ".join(str(a.get("addon_id")) for a in item["addons"]),
                )
            if item.get("credit_entitlements"):
                ids = [c["credit_entitlement_id"] for c in item["credit_entitlements"]]
                raise _not_found(f"Credit entitlement {ids[0]}")
        return body

    def _session_customer(self, customer: Any) -> tuple[str | None, str | None]:
        if not isinstance(customer, dict):
            return None, None
        if "customer_id" in customer:
            known = self._store["customer"][customer["customer_id"]]
            return known["email"], known["name"]
        return customer.get("email"), customer.get("name")

    def _quote(self, body: dict[str, Any]) -> dict[str, Any]:
        """The preview (``CheckoutSessionPreviewResponse``) of a checked body."""
        cart: list[dict[str, Any]] = body["product_cart"]
        products = [self._product(item["product_id"], in_body=True) for item in cart]
        if len({p["brand_id"] for p in products}) > 1:
            raise _ApiError(
                422,
                "BRAND_MISMATCH",
                "All items in the product cart should belong to the same brand",
            )
        currency = self._cart_currency(products, body.get("billing_currency"))
        lines: list[_Line] = []
        for item, product in zip(cart, products, strict=True):
            price = product["price"]
            if price["type"] == "usage_based_price" and item["quantity"] != 1:
                raise _ApiError(
                    422, "INVALID_QUANTITY", "Only 1 quantity allowed in usage based price products"
                )
            base = self._price_in(product, currency)
            assert base is not None
            unit = base
            if price.get("pay_what_you_want"):
                if item.get("amount") is not None:
                    if item["amount"] < base:
                        raise _ApiError(
                            422,
                            "REQUEST_AMOUNT_BELOW_MINIMUM",
                            "Amount cannot be less than minimum amount specified for the product",
                        )
                    unit = item["amount"]
                elif currency == price["currency"] and price.get("suggested_price"):
                    unit = price["suggested_price"]
            lines.append(_Line(product, item["quantity"], unit))
        codes = body.get("discount_codes") or (
            [body["discount_code"]] if body.get("discount_code") else []
        )
        for code in codes:
            self._apply_discount(code, lines, currency)
        return _quote_payload(body, lines, currency)

    def _price_in(self, product: dict[str, Any], currency: str) -> int | None:
        price = product["price"]
        if price["currency"] == currency:
            return int(price.get("price", price.get("fixed_price", 0)))
        if product.get("pricing_mode") == "by_currency":
            for lp in self._store["localized_price"].values():
                if lp["product_id"] == product["product_id"] and lp["currency"] == currency:
                    return int(lp["amount"])
        return None

    def _cart_currency(self, products: list[dict[str, Any]], wanted: str | None) -> str:
        if wanted and all(self._price_in(p, wanted) is not None for p in products):
            return wanted
        currency = str(products[0]["price"]["currency"]) if products else (wanted or "USD")
        for product in products:
            if self._price_in(product, currency) is None:
                raise _ApiError(
                    422,
                    "EXCHANGE_RATE_NOT_FOUND",
                    f"Exchange rate not found to convert from {product['price']['currency']} to "
                    f"{currency} (the sandbox has no exchange rates)",
                )
        return currency

    def _apply_discount(self, given: str, lines: list[_Line], currency: str) -> None:
        discount_id = self._codes.get(given.strip().upper())
        if discount_id is None:
            raise _ApiError(422, "INVALID_DISCOUNT_CODE", "Invalid Discount Code")
        discount = self._store["discount"][discount_id]
        now = self._clock_aware()
        if discount["expires_at"] and _parse_time(discount["expires_at"]) <= now:
            raise _ApiError(422, "DISCOUNT_CODE_EXPIRED", "Discount code expired")
        if discount["starts_at"] and _parse_time(discount["starts_at"]) > now:
            raise _ApiError(
                422,
                "DISCOUNT_NOT_YET_ACTIVE",
                "Discount code is not yet active (starts_at is in the future)",
            )
        limit = discount["usage_limit"]
        if limit is not None and discount["times_used"] >= limit:
            raise _ApiError(
                422, "DISCOUNT_CODE_USAGE_LIMIT_EXCEEDED", "Discount code hit usage limit"
            )
        restricted = set(discount["restricted_to"])
        eligible = [ln for ln in lines if not restricted or ln.product["product_id"] in restricted]
        if not eligible:
            raise _ApiError(
                422,
                "INVALID_DISCOUNT_CODE",
                "Discount Code cannot be applied to any product in the cart",
            )
        rows = discount["currency_options"] or []
        row = next((r for r in rows if r["currency"] == currency), None)
        subtotal = sum(ln.amount for ln in eligible)
        if row is not None and row["minimum_subtotal"] and subtotal < row["minimum_subtotal"]:
            raise _ApiError(
                422,
                "DISCOUNT_MINIMUM_SUBTOTAL_NOT_MET",
                "Cart subtotal is below the discount's minimum required subtotal",
            )
        cap = row.get("max_amount_possible") if row is not None else None
        if discount["type"] == "percentage":
            remaining = cap if cap is not None else math.inf
            for ln in eligible:
                take = int(min(ln.amount * discount["amount"] // 10000, remaining))
                ln.amount -= take
                remaining -= take
                ln.percentages.append(discount["amount"])
            return
        if cap is not None:
            remaining_flat = int(cap)
        else:
            default = next((r for r in rows if r["is_default"]), rows[0] if rows else None)
            if default is None or default["currency"] != currency:
                raise _ApiError(
                    422,
                    "EXCHANGE_RATE_NOT_FOUND",
                    f"Exchange rate not found to convert the discount to {currency} "
                    "(the sandbox has no exchange rates)",
                )
            remaining_flat = int(discount["amount"])
        for ln in eligible:
            take = min(ln.amount, remaining_flat)
            ln.amount -= take
            remaining_flat -= take
            ln.flat = True

    def _clock_aware(self) -> datetime:
        now = self._clock()
        return now.replace(tzinfo=UTC) if now.tzinfo is None else now


@dataclass
class _Line:
    product: dict[str, Any]
    quantity: int
    unit: int
    amount: int = field(init=False)
    percentages: list[int] = field(default_factory=list)
    flat: bool = False

    def __post_init__(self) -> None:
        self.amount = self.unit * self.quantity


def _quote_payload(body: dict[str, Any], lines: list[_Line], currency: str) -> dict[str, Any]:
    cart = []
    for ln in lines:
        price = ln.product["price"]
        cart.append(
            {
                "product_id": ln.product["product_id"],
                "quantity": ln.quantity,
                "currency": currency,
                "og_currency": currency,
                "og_price": ln.unit,
                "discounted_price": ln.amount // ln.quantity,
                "discount_amount": ln.percentages[0]
                if len(ln.percentages) == 1 and not ln.flat
                else None,
                "is_subscription": price["type"] != "one_time_price",
                "is_usage_based": price["type"] == "usage_based_price",
                "tax_category": ln.product["tax_category"],
                "tax_inclusive": bool(price.get("tax_inclusive")),
                "tax_rate": 0,
                "tax": 0,
                "name": ln.product.get("name"),
                "description": ln.product.get("description"),
                "credit_entitlements": [],
                "meters": [],
                "addons": None,
            }
        )

    def breakup(chosen: list[_Line]) -> dict[str, int]:
        subtotal = sum(ln.unit * ln.quantity for ln in chosen)
        total = sum(ln.amount for ln in chosen)
        return {"subtotal": subtotal, "discount": subtotal - total, "total_amount": total, "tax": 0}

    current = breakup(lines)
    subscriptions = [ln for ln in lines if ln.product["price"]["type"] != "one_time_price"]
    trial = _dig(body, "subscription_data", "trial_period_days")
    if trial is None and len(subscriptions) == 1:
        trial = subscriptions[0].product["price"].get("trial_period_days")
    country = _dig(body, "billing_address", "country")
    return {
        "billing_country": country if isinstance(country, str) else "US",
        "currency": currency,
        "current_breakup": current,
        "recurring_breakup": breakup(subscriptions) if subscriptions else None,
        "is_byop": False,
        "payment_method_required": True,
        "product_cart": cart,
        "total_price": current["total_amount"],
        "total_tax": 0,
        "trial_period_days": trial if len(subscriptions) == 1 and trial else None,
    }


# ---- validation helpers --------------------------------------------------------------------


@dataclass(frozen=True)
class _Enums:
    currencies: frozenset[str]
    tax_categories: frozenset[str]
    discount_types: frozenset[str]


@functools.cache
def _enums() -> _Enums:
    from dodopayments.types import Currency, DiscountType, TaxCategory

    return _Enums(
        frozenset(typing.get_args(Currency)),
        frozenset(typing.get_args(TaxCategory)),
        frozenset(typing.get_args(DiscountType)),
    )


@functools.cache
def _param_types() -> dict[str, Any]:
    from dodopayments.types import (
        CheckoutSessionCreateParams,
        CustomerCreateParams,
        DiscountCreateParams,
        ProductCreateParams,
        ProductUpdateParams,
    )
    from dodopayments.types.products import LocalizedPriceCreateParams

    return {
        "product_create": ProductCreateParams,
        "product_update": ProductUpdateParams,
        "localized_price_create": LocalizedPriceCreateParams,
        "discount_create": DiscountCreateParams,
        "customer_create": CustomerCreateParams,
        "checkout_create": CheckoutSessionCreateParams,
    }


def _parse_json(raw: bytes) -> Any:
    if not raw.strip():
        raise _invalid("Your request body is invalid: the body is empty")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _invalid("Your request body is invalid: it is not JSON") from None


def _body(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _invalid(f"Your request body is invalid: expected a JSON object ({name})")
    return value


def _check_contract(body: dict[str, Any], name: str) -> None:
    errors = contract_errors(body, _param_types()[name])
    if errors:
        raise _invalid(errors[0])


def _product_body(raw: Any, name: str) -> dict[str, Any]:
    """A product create or update body, checked the way Dodo checks it."""
    body = _body(raw, name)
    _check_currency(_dig(body, "price", "currency"))
    _check_tax_category(body.get("tax_category"))
    _check_contract(body, name)
    _check_metadata(body.get("metadata"))
    _check_product_fields(body)
    return body


def _check_currency(value: Any) -> None:
    iso = isinstance(value, str) and _ISO_CURRENCY.fullmatch(value)
    if iso and value not in _enums().currencies:
        raise _ApiError(422, "UNSUPPORTED_CURRENCY", f"Currency {value} is not currently supported")


def _check_tax_category(value: Any) -> None:
    if isinstance(value, str) and value not in _enums().tax_categories:
        raise _ApiError(
            422, "UNSUPPORTED_TAX_CATEGORY", f"Category {value} currently not supported"
        )


def _check_metadata(metadata: Any) -> None:
    if not isinstance(metadata, dict):
        return
    if len(metadata) > MAX_METADATA_KEYS:
        raise _ApiError(422, "MAXIMUM_KEYS_REACHED", f"Exceeds {MAX_METADATA_KEYS} key-value pairs")
    for key, value in metadata.items():
        if len(key) > MAX_METADATA_KEY or not _METADATA_KEY.fullmatch(key):
            raise _invalid(
                f"$.metadata: key {key[:60]!r} must be 1-{MAX_METADATA_KEY} letters, digits, - or _"
            )
        if isinstance(value, str) and len(value) > MAX_METADATA_VALUE:
            raise _invalid(f"$.metadata.{key}: longer than {MAX_METADATA_VALUE} characters")
        if isinstance(value, float) and not _finite(value):
            raise _invalid(f"$.metadata.{key}: not a finite number")


def _check_product_fields(body: dict[str, Any]) -> None:
    name = body.get("name")
    if isinstance(name, str) and not 1 <= len(name) <= 100:
        raise _invalid("$.name: must have 1-100 characters")
    description = body.get("description")
    if isinstance(description, str) and len(description) > 1000:
        raise _invalid("$.description: at most 1000 characters")
    if body.get("addons"):
        raise _ApiError(
            422,
            "MISSING_ADDON_IDS",
            "One or more addon IDs do not exist: " + ", ".join(body["addons"]),
        )
    for key in ("entitlements", "credit_entitlements"):
        rows = body.get(key) or []
        if rows:
            first = rows[0]
            ident = first.get("entitlement_id") or first.get("credit_entitlement_id") or "?"
            raise _not_found(f"{key.replace('_', ' ').capitalize()[:-1]} {ident}")
    price = body.get("price")
    if isinstance(price, dict):
        _check_price(price)


def _check_price(price: dict[str, Any]) -> None:
    for key in ("price", "fixed_price"):
        if key in price and price[key] < 0:
            raise _invalid(f"$.price.{key}: must be 0 or more")
    if not 0 <= price.get("discount", 0) <= 100:
        raise _invalid("$.price.discount: must be 0..100 (percent)")
    bps = price.get("discount_bps")
    if bps is not None and not 0 <= bps <= 10000:
        raise _invalid("$.price.discount_bps: must be 0..10000")
    if price["type"] != "one_time_price":
        for key in ("payment_frequency_count", "subscription_period_count"):
            if price[key] < 1:
                raise _invalid(f"$.price.{key}: must be at least 1")
        days = (
            price["subscription_period_count"]
            * _INTERVAL_DAYS[price["subscription_period_interval"]]
        )
        if days > _MAX_SUBSCRIPTION_DAYS:
            raise _invalid("$.price.subscription_period_count: at most 20 years")
    if price["type"] == "usage_based_price" and price.get("meters"):
        ids = ", ".join(str(m.get("meter_id")) for m in price["meters"])
        raise _ApiError(422, "MISSING_METER_IDS", f"One or more meter IDs do not exist: {ids}")
    if price.get("pay_what_you_want"):
        suggested = price.get("suggested_price")
        if suggested is not None and suggested < price["price"]:
            raise _ApiError(
                422,
                "INVALID_SUGGESTED_PRICE",
                "Suggested Price cannot be lower than minimum price. In case of pay what you "
                "want, price is considered as minimum accepted amount",
            )
    trial = price.get("trial_period_days")
    if trial is not None and not 0 <= trial <= 10000:
        raise _invalid("$.price.trial_period_days: must be 0..10000")
    if price.get("trial_amount") is not None and not trial:
        raise _invalid("$.price.trial_amount: needs trial_period_days > 0")


def _price_out(price: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(price)
    out.setdefault("discount", 0)
    out.setdefault("purchasing_power_parity", False)
    return out


def _currency_rows(rows: Any, *, flat: bool) -> list[dict[str, Any]] | None:
    if rows is None:
        if flat:
            raise _ApiError(
                422,
                "DISCOUNT_CURRENCY_OPTION_INVALID",
                "A flat discount requires at least one currency option with a resolvable default",
            )
        return None
    out = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        if row["currency"] in seen:
            raise _ApiError(
                422,
                "DISCOUNT_CURRENCY_OPTION_INVALID",
                "Duplicate currency options are not allowed",
            )
        seen.add(row["currency"])
        most = row.get("max_amount_possible")
        if most is not None and most <= 0:
            raise _invalid(f"$.currency_options[{i}].max_amount_possible: must be greater than 0")
        if row.get("minimum_subtotal", 0) < 0:
            raise _invalid(f"$.currency_options[{i}].minimum_subtotal: must be 0 or more")
        out.append(
            {
                "currency": row["currency"],
                "is_default": bool(row.get("is_default")),
                "minimum_subtotal": row.get("minimum_subtotal", 0),
                "max_amount_possible": most,
            }
        )
    defaults = sum(1 for row in out if row["is_default"])
    if defaults > 1:
        raise _ApiError(
            422,
            "DISCOUNT_CURRENCY_OPTION_INVALID",
            "Only one currency option may be marked as default",
        )
    if flat and not (defaults == 1 or len(out) == 1):
        raise _ApiError(
            422,
            "DISCOUNT_CURRENCY_OPTION_INVALID",
            "A flat discount requires at least one currency option with a resolvable default",
        )
    return out


def _check_limits(body: dict[str, Any]) -> None:
    usage = body.get("usage_limit")
    if usage is not None and usage < 1:
        raise _invalid("$.usage_limit: must be at least 1")
    per_customer = body.get("per_customer_usage_limit")
    if per_customer is not None:
        if per_customer < 1:
            raise _invalid("$.per_customer_usage_limit: must be at least 1")
        if usage is not None and per_customer > usage:
            raise _ApiError(
                422,
                "INVALID_REQUEST_PARAMETERS",
                "per_customer_usage_limit cannot be more than usage_limit",
            )
    cycles = body.get("subscription_cycles")
    if cycles is not None and cycles < 1:
        raise _invalid("$.subscription_cycles: must be at least 1")


def _opt_time(body: dict[str, Any], key: str) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        return _parse_time(value)
    except ValueError:
        raise _invalid(f"$.{key}: {value!r} is not an ISO date-time") from None


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _discount_active(discount: dict[str, Any], now: datetime) -> bool:
    if discount["expires_at"] and _parse_time(discount["expires_at"]) <= now:
        return False
    if discount["starts_at"] and _parse_time(discount["starts_at"]) > now:
        return False
    limit = discount["usage_limit"]
    return limit is None or discount["times_used"] < limit


def _product_list_item(product: dict[str, Any]) -> dict[str, Any]:
    price = product["price"]
    return {
        "product_id": product["product_id"],
        "business_id": product["business_id"],
        "created_at": product["created_at"],
        "updated_at": product["updated_at"],
        "is_recurring": product["is_recurring"],
        "metadata": product["metadata"],
        "tax_category": product["tax_category"],
        "entitlements": product["entitlements"],
        "name": product["name"],
        "description": product["description"],
        "image": product["image"],
        "price": price.get("price", price.get("fixed_price")),
        "currency": price["currency"],
        "tax_inclusive": price.get("tax_inclusive"),
        "price_detail": price,
        "pricing_mode": product["pricing_mode"],
    }


def _page(items: list[dict[str, Any]], query: Mapping[str, str]) -> dict[str, Any]:
    """One page, newest first: ``page_number`` (0-based) and ``page_size`` (1-100)."""
    number = _int_query(query, "page_number", 0, minimum=0)
    size = _int_query(query, "page_size", PAGE_SIZE_DEFAULT, minimum=1)
    if size > PAGE_SIZE_MAX:
        raise _ApiError(422, "INVALID_QUERY_PARAMS", f"page_size must be at most {PAGE_SIZE_MAX}")
    newest = items[::-1]
    return {"items": newest[number * size : (number + 1) * size]}


def _int_query(query: Mapping[str, str], key: str, default: int, *, minimum: int) -> int:
    raw = query.get(key)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _ApiError(422, "INVALID_QUERY_PARAMS", f"{key} must be a whole number") from None
    if value < minimum:
        raise _ApiError(422, "INVALID_QUERY_PARAMS", f"{key} must be at least {minimum}")
    return value


def _bool_query(query: Mapping[str, str], key: str) -> bool | None:
    raw = query.get(key)
    if raw is None:
        return None
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise _ApiError(422, "INVALID_QUERY_PARAMS", f"{key} must be true or false")


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _list_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


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


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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


# ---- the HTTP server -----------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, port: int, app: SandboxApp) -> None:
        self.app = app
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__((HOST, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn), which can be slow
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("sandbox connection error: %s", type(sys.exc_info()[1]).__name__)

    def close_connections(self) -> None:
        with self.connections_lock:
            open_sockets = list(self.connections)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DodoSandbox/1"
    sys_version = ""
    timeout = 120  # an idle keep-alive connection is closed after this many seconds
    server: _Server

    def setup(self) -> None:
        super().setup()
        # headers and body are separate writes: without this, Nagle + delayed ACK add ~40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.connection)

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_GET

    def _serve(self) -> None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self._write(Reply.error(411, "INVALID_REQUEST_BODY", "send a Content-Length"))
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._write(
                Reply.error(413, "INVALID_REQUEST_BODY", "The request body is too large")
                if length > MAX_BODY
                else Reply.error(400, "INVALID_REQUEST_BODY", "Bad Content-Length")
            )
            return
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        reply = self.server.app.handle(self.command, self.path, headers, body)
        if reply.lost:
            self.close_connection = True  # committed, but the client gets no answer
            return
        self._write(reply)

    def _write(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and reply.body:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the app logs method, route pattern and status, never the query string."""


class Sandbox:
    """The sandbox on ``http://127.0.0.1:<port>`` (``port=0``: any free port).

    ``start()`` serves from a background thread; ``serve_forever()`` from the calling thread
    until ``stop()`` or Ctrl-C. Also a context manager (``with Sandbox() as sb: sb.url``).
    """

    def __init__(
        self,
        port: int = 0,
        *,
        latency: float = 0.0,
        rate_limit: float | None = None,
        error_rate: float = 0.0,
        lost_rate: float = 0.0,
        throttle_rate: float = 0.0,
        seed: int = 0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ConfigError(f"sandbox port must be 0..65535, got {port!r}")
        faults = Faults(latency, rate_limit, error_rate, lost_rate, throttle_rate)
        self.app = SandboxApp(seed=seed, faults=faults, clock=clock)
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._looping = threading.Event()

    def __repr__(self) -> str:
        where = self.url if self._server else "not started"
        return f"Sandbox({where}, {self.app.settings})"

    # -- lifecycle ---------------------------------------------------------------------------

    def bind(self) -> Self:
        """Open the listening socket (done by ``start``/``serve_forever`` when needed)."""
        if self._server is None:
            _param_types(), _enums()  # import the SDK types now, not in the first request
            try:
                self._server = _Server(self._port, self.app)
            except OSError as exc:
                raise ConfigError(
                    f"the sandbox cannot listen on {HOST}:{self._port}: {exc.strerror or exc}",
                    hint="choose another --port, or 0 for any free port",
                ) from None
            self.app.base_url = self.url
        return self

    def start(self) -> Self:
        """Serve from a daemon thread; returns at once."""
        if self._thread is not None:
            return self
        self.bind()
        self._looping.set()  # before the thread runs: stop() may come at once
        self._thread = threading.Thread(
            target=self._loop, args=(0.05,), name=f"dodo-sandbox-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from this thread until ``stop()`` is called from another one."""
        self.bind()
        self._looping.set()
        self._loop(0.2)

    def _loop(self, poll_interval: float) -> None:
        server = self._server
        assert server is not None
        try:
            server.serve_forever(poll_interval=poll_interval)
        finally:
            self._looping.clear()

    def stop(self) -> None:
        """Stop serving, drop open connections and close the socket. Safe to call twice."""
        server, thread = self._server, self._thread
        if server is None:
            return
        if self._looping.is_set():
            server.shutdown()  # waits for the serving loop to end
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not listening: call start()")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    # -- knobs and inspection ----------------------------------------------------------------

    @property
    def settings(self) -> Faults:
        """The fault knobs in force."""
        return self.app.settings

    def configure(self, **knobs: Any) -> Faults:
        """Change fault knobs while running: ``configure(error_rate=1.0)``."""
        faults = replace(self.app.settings, **knobs)
        self.app.configure(faults)
        return faults

    def objects(self, kind: Kind) -> list[dict[str, Any]]:
        return self.app.objects(kind)

    def count(self, kind: Kind) -> int:
        return self.app.count(kind)

    def reset(self) -> None:
        self.app.reset()

    def requests(self) -> dict[str, int]:
        """Requests received, by ``"METHOD /path/{pattern}"``."""
        return self.app.requests()

    def faults(self) -> dict[str, int]:
        """Faults injected, by kind (see ``SandboxApp.faults``)."""
        return self.app.faults()


def ready_message(url: str) -> str:
    """The one line to print when the sandbox is up."""
    return (
        f"Dodo sandbox listening on {url} (in memory; Ctrl-C stops it). Point stripe2dodo at "
        f"it with DODO_PAYMENTS_BASE_URL={url} and any non-empty DODO_PAYMENTS_API_KEY."
    )


def serve(
    port: int = 0,
    *,
    on_ready: Callable[[Sandbox], None] | None = None,
    latency: float = 0.0,
    rate_limit: float | None = None,
    error_rate: float = 0.0,
    lost_rate: float = 0.0,
    throttle_rate: float = 0.0,
    seed: int = 0,
) -> None:
    """Run a sandbox in the foreground until Ctrl-C (or ``stop()`` from ``on_ready``'s
    sandbox in another thread). ``on_ready(sandbox)`` is called once it listens; without it
    the ready line is logged at INFO."""
    sandbox = Sandbox(
        port,
        latency=latency,
        rate_limit=rate_limit,
        error_rate=error_rate,
        lost_rate=lost_rate,
        throttle_rate=throttle_rate,
        seed=seed,
    ).bind()
    try:
        if on_ready is not None:
            on_ready(sandbox)
        else:
            log.info("%s", ready_message(sandbox.url))
        sandbox.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()

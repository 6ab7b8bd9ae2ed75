"""Read a Stripe account through the official SDK and write it as a snapshot.

This is the only module that talks to Stripe. Every other command works offline from the
snapshot (see :mod:`migrate.readers.snapshot`). Three functions:

* :func:`make_client` builds a ``stripe.StripeClient`` (key from the caller, optional base URL
  for proxies and local mock servers, optional ``stripe.HTTPClient`` for tests);
* :func:`iter_account` streams every object as a plain dict, in snapshot order;
* :func:`export_snapshot` writes them with :class:`migrate.readers.snapshot.SnapshotWriter`.

Requests: each kind is listed with ``limit=100`` and the SDK's ``auto_paging_iter()``, so N
objects of a kind cost ``max(1, ceil(N / 100))`` list requests. A price's ``product`` stays an
id (products are listed first), so there is no request per product or per price. Only Checkout
Sessions cost one extra list request per session (at least), for their line items.

Subscriptions (when asked, by status: one list per status, Stripe's list takes one) come
expanded: the customer with its tax ids, the default payment method, each discount with its
coupon (``SUBSCRIPTION_EXPAND``); a subscription whose embedded item list has more costs one
list of its items. A subscription whose status changed between two lists is yielded once.

Memory: one page of each kind is held at a time, plus (a) the ids of the recurring prices, so
that legacy plans already returned as prices are not written twice, and the ids of the
subscriptions read, the sets that grow with the account, and (b) the line items of the one
session being read.

Errors: every ``stripe.StripeError`` is turned into a one-line
:class:`migrate.errors.ConfigError` at this boundary (see :func:`iter_account`). The API key is
never logged, stored or put into a message; text taken from Stripe's error messages has key-like
tokens (``sk_…``, ``rk_…``, ``pk_…``) removed.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import stripe

from migrate.errors import ConfigError
from migrate.readers.snapshot import SnapshotWriter

__all__ = [
    "DEFAULT_SUBSCRIPTION_STATUSES",
    "PAGE_SIZE",
    "SUBSCRIPTION_EXPAND",
    "SUBSCRIPTION_STATUSES",
    "OnSkip",
    "export_snapshot",
    "iter_account",
    "list_requests",
    "make_client",
]

OnSkip = Callable[[str, str, str], None]
"""``on_skip(kind, object_id, reason)``: called for each listed object not yielded."""

PAGE_SIZE = 100  # Stripe's maximum page size for list endpoints

_KEY_HINT = (
    "check STRIPE_API_KEY or --stripe-key; a restricted key with read access to products, "
    "prices, coupons, promotion codes (and customers, checkout sessions, subscriptions with "
    "payment methods if exported) is enough"
)
_BASE_HINT = "check the network and any proxy, or STRIPE_API_BASE / --stripe-api-base"
# Anything that looks like a Stripe key, masked or not: sk_test_****1234, rk_live_abc, pk_…
_KEY_TOKEN = re.compile(r"\b(?:sk|rk|pk)_[A-Za-z0-9_*]+")
_PERMISSION_ID = re.compile(r"\brak_[a-z0-9_]+\b")


@dataclass(frozen=True)
class _Resource:
    """One kind of list read: what error messages call it and which permission it needs."""

    label: str  # "promotion codes"
    permission: str  # the restricted-key permission, as the Dashboard names it
    optional: str | None = None  # read only when asked: what to export without


_PRODUCTS = _Resource("products", "Products")
_PRICES = _Resource("prices", "Prices")
_PLANS = _Resource("plans", "Plans")
_COUPONS = _Resource("coupons", "Coupons")
_PROMOTION_CODES = _Resource("promotion codes", "Promotion Codes")
_CUSTOMERS = _Resource("customers", "Customers", optional="customers")
_SESSIONS = _Resource("checkout sessions", "Checkout Sessions", optional="checkout sessions")
_LINE_ITEMS = _Resource(
    "checkout session line items", "Checkout Sessions", optional="checkout sessions"
)
_SUBSCRIPTIONS = _Resource(
    "subscriptions", "Subscriptions (and Customers, Payment Methods)", optional="subscriptions"
)
_SUBSCRIPTION_ITEMS = _Resource("subscription items", "Subscriptions", optional="subscriptions")

SUBSCRIPTION_STATUSES = (
    "active",
    "trialing",
    "past_due",
    "unpaid",
    "paused",
    "incomplete",
    "incomplete_expired",
    "canceled",
    "ended",
    "all",
)
"""What Stripe's subscription list takes as ``status`` (``ended``: canceled or expired)."""
DEFAULT_SUBSCRIPTION_STATUSES = ("active", "trialing", "past_due")
"""The subscriptions that still bill: the subscribers a migration moves."""
SUBSCRIPTION_EXPAND = [
    "data.customer",
    "data.customer.tax_ids",
    "data.default_payment_method",
    "data.discounts",
    "data.discounts.source.coupon",
]
"""What each listed subscription carries in full (at most four levels deep, Stripe's limit)."""


def make_client(
    api_key: str,
    *,
    api_base: str | None = None,
    http_client: stripe.HTTPClient | None = None,
    max_network_retries: int = 2,
) -> stripe.StripeClient:
    """A ``StripeClient`` for reading the account; makes no request.

    ``api_base`` replaces ``https://api.stripe.com`` (a proxy or a local mock server; give the
    server root, requests go to ``{api_base}/v1/...``). ``http_client`` replaces the SDK's HTTP
    client (tests pass an in-process fake). ``max_network_retries`` is the SDK's own retry
    count: it retries connection errors, 409, 5xx, and whatever Stripe marks
    ``Stripe-Should-Retry: true``, with exponential backoff. It does not retry a plain 429.

    Raises :class:`ConfigError` for a missing, publishable or malformed key, or a base URL that
    is not an http(s) URL. Neither the key nor the rejected base URL is quoted in the message.
    """
    key = (api_key or "").strip()
    if not key:
        raise ConfigError(
            "no Stripe API key", hint="set STRIPE_API_KEY or pass --stripe-key (sk_… or rk_…)"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in key):
        raise ConfigError(
            "the Stripe API key contains spaces or control characters",
            hint="check STRIPE_API_KEY or --stripe-key; copy the key again from the Dashboard",
        )
    if key.startswith("pk_"):
        raise ConfigError(
            "a publishable key (pk_…) cannot read the catalog",
            hint="use a secret key (sk_…) or a restricted key (rk_…) in STRIPE_API_KEY",
        )
    if max_network_retries < 0:
        raise ConfigError("max_network_retries must be 0 or more")
    base = _check_base(api_base) if api_base is not None else None
    return stripe.StripeClient(
        key,
        base_addresses={"api": base} if base is not None else None,
        http_client=http_client,
        max_network_retries=max_network_retries,
        stripe_version=stripe.api_version,
    )


def _check_base(api_base: str) -> str:
    base = api_base.strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            "the Stripe API base URL is not an http(s) URL with a host",
            hint="set STRIPE_API_BASE or --stripe-api-base to e.g. http://127.0.0.1:12111",
        )
    return base.rstrip("/")


def iter_account(
    client: stripe.StripeClient,
    *,
    include_customers: bool = False,
    include_sessions: bool = False,
    subscriptions: Sequence[str] = (),
    on_skip: OnSkip | None = None,
    catalog: bool = True,
) -> Iterator[dict[str, Any]]:
    """Every object of the account as a plain dict, in snapshot order, streamed.

    ``catalog=False`` leaves out products, prices, plans, coupons and promotion codes (for
    reading only customers, Checkout Sessions or subscriptions). ``subscriptions``: the
    statuses of the subscriptions to read (``SUBSCRIPTION_STATUSES``; none by default), last.

    Order: products (active and archived), prices (active and inactive, with ``tiers`` and
    ``currency_options``; ``product`` stays an id), plans the price list did not return,
    coupons (with ``applies_to`` and ``currency_options``), promotion codes, then customers
    and Checkout Sessions only when asked. Each session carries *all* its line items (price
    included) as ``line_items = {"object": "list", "data": [...], "has_more": False, "url": …}``.

    ``on_skip(kind, id, reason)`` is called for each listed object that is not yielded: a plan
    already yielded as a price, or an object of an unexpected type in a list.

    Raises :class:`ConfigError` (one line, no key material) when Stripe cannot be read:
    rejected key (401), missing permission (403, naming it), rate limit (429), server errors
    left after the SDK's retries (5xx), the API unreachable (naming the base URL), a request
    refused (400/404) or a server that does not answer like the Stripe API. The error can come
    after some objects were yielded: callers writing a file must treat it as incomplete.
    """
    reading = _Reading(_PRODUCTS)
    try:
        yield from _read(
            client,
            reading,
            include_customers=include_customers,
            include_sessions=include_sessions,
            on_skip=on_skip,
            catalog=catalog,
        )
        if subscriptions:
            yield from _read_subscriptions(
                client.v1, reading, _api_base(client), subscriptions, on_skip
            )
    except stripe.StripeError as exc:
        raise _translate(exc, reading.resource, _api_base(client)) from None


@dataclass
class _Reading:
    """What is being read, for error messages."""

    resource: _Resource


def _read(
    client: stripe.StripeClient,
    reading: _Reading,
    *,
    include_customers: bool,
    include_sessions: bool,
    on_skip: OnSkip | None,
    catalog: bool = True,
) -> Iterator[dict[str, Any]]:
    v1 = client.v1
    base = _api_base(client)
    if catalog:
        yield from _read_catalog(v1, reading, base, on_skip)
    yield from _read_people(
        v1,
        reading,
        base,
        on_skip,
        include_customers=include_customers,
        include_sessions=include_sessions,
    )


def _each(
    resource: _Resource, kind: str, first: object, base: str, on_skip: OnSkip | None
) -> Iterator[dict[str, Any]]:
    for obj in _objects(first, resource, base):
        if obj.get("object") != kind:
            if on_skip is not None:
                on_skip(kind, str(obj.get("id")), f"the list returned a {obj.get('object')!r}")
            continue
        yield obj


def _read_catalog(
    v1: Any, reading: _Reading, base: str, on_skip: OnSkip | None
) -> Iterator[dict[str, Any]]:

    def each(resource: _Resource, kind: str, first: object) -> Iterator[dict[str, Any]]:
        return _each(resource, kind, first, base, on_skip)

    reading.resource = _PRODUCTS
    yield from each(_PRODUCTS, "product", v1.products.list(params={"limit": PAGE_SIZE}))

    # The one structure that grows with the account: ids of recurring prices, which the plan
    # list returns again as plans. Each id is dropped when its plan is met.
    plan_ids: set[str] = set()
    reading.resource = _PRICES
    prices = v1.prices.list(
        params={"limit": PAGE_SIZE, "expand": ["data.tiers", "data.currency_options"]}
    )
    for price in each(_PRICES, "price", prices):
        if price.get("recurring"):
            plan_ids.add(str(price.get("id")))
        yield price

    reading.resource = _PLANS
    for plan in each(_PLANS, "plan", v1.plans.list(params={"limit": PAGE_SIZE})):
        plan_id = str(plan.get("id"))
        if plan_id in plan_ids:
            plan_ids.discard(plan_id)
            if on_skip is not None:
                on_skip("plan", plan_id, "already exported as a price with the same id")
            continue
        yield plan
    plan_ids.clear()

    reading.resource = _COUPONS
    coupons = v1.coupons.list(
        params={"limit": PAGE_SIZE, "expand": ["data.applies_to", "data.currency_options"]}
    )
    yield from each(_COUPONS, "coupon", coupons)

    reading.resource = _PROMOTION_CODES
    codes = v1.promotion_codes.list(params={"limit": PAGE_SIZE})
    yield from each(_PROMOTION_CODES, "promotion_code", codes)


def _read_people(
    v1: Any,
    reading: _Reading,
    base: str,
    on_skip: OnSkip | None,
    *,
    include_customers: bool,
    include_sessions: bool,
) -> Iterator[dict[str, Any]]:
    def each(resource: _Resource, kind: str, first: object) -> Iterator[dict[str, Any]]:
        return _each(resource, kind, first, base, on_skip)

    if include_customers:
        reading.resource = _CUSTOMERS
        yield from each(_CUSTOMERS, "customer", v1.customers.list(params={"limit": PAGE_SIZE}))

    if include_sessions:
        sessions_api = v1.checkout.sessions
        reading.resource = _SESSIONS
        for session in each(
            _SESSIONS, "checkout.session", sessions_api.list(params={"limit": PAGE_SIZE})
        ):
            session_id = str(session.get("id"))
            reading.resource = _LINE_ITEMS
            first = sessions_api.line_items.list(
                session_id, params={"limit": PAGE_SIZE, "expand": ["data.price"]}
            )
            items = list(_objects(first, _LINE_ITEMS, base))
            url = getattr(first, "url", None)
            if not isinstance(url, str):
                url = f"/v1/checkout/sessions/{session_id}/line_items"
            session["line_items"] = {"object": "list", "data": items, "has_more": False, "url": url}
            reading.resource = _SESSIONS
            yield session


def _read_subscriptions(
    v1: Any, reading: _Reading, base: str, statuses: Sequence[str], on_skip: OnSkip | None
) -> Iterator[dict[str, Any]]:
    unknown = [s for s in statuses if s not in SUBSCRIPTION_STATUSES]
    if unknown:
        raise ConfigError(
            f"unknown subscription status {unknown[0]!r}",
            hint=f"use {', '.join(SUBSCRIPTION_STATUSES)}",
        )
    wanted = ["all"] if "all" in statuses else list(dict.fromkeys(statuses))
    seen: set[str] = set()  # a subscription whose status changed between two lists
    for status in wanted:
        reading.resource = _SUBSCRIPTIONS
        params = {"limit": PAGE_SIZE, "status": status, "expand": SUBSCRIPTION_EXPAND}
        first = v1.subscriptions.list(params=params)
        for sub in _each(_SUBSCRIPTIONS, "subscription", first, base, on_skip):
            sub_id = str(sub.get("id"))
            if sub_id in seen:
                if on_skip is not None:
                    on_skip("subscription", sub_id, "listed twice: its status changed meanwhile")
                continue
            seen.add(sub_id)
            items = sub.get("items")
            if isinstance(items, dict) and items.get("has_more"):
                reading.resource = _SUBSCRIPTION_ITEMS
                rest = v1.subscription_items.list(
                    params={"subscription": sub_id, "limit": PAGE_SIZE}
                )
                items["data"] = list(_objects(rest, _SUBSCRIPTION_ITEMS, base))
                items["has_more"] = False
                reading.resource = _SUBSCRIPTIONS
            yield sub


def _objects(first: object, resource: _Resource, base: str) -> Iterator[dict[str, Any]]:
    """The objects of a list response and of all its following pages, as plain dicts."""
    if not isinstance(first, stripe.ListObject):
        raise ConfigError(
            f"the server at {_shown(base)} did not return a list of {resource.label}",
            hint="STRIPE_API_BASE / --stripe-api-base must point at the Stripe API or a "
            "compatible mock (the server root, without /v1)",
        )
    for obj in first.auto_paging_iter():
        yield obj.to_dict()


def export_snapshot(
    client: stripe.StripeClient,
    out: IO[str],
    *,
    include_customers: bool,
    include_sessions: bool,
    subscriptions: Sequence[str] = (),
    now: datetime | None = None,
    on_skip: OnSkip | None = None,
    on_object: Callable[[], None] | None = None,
) -> dict[str, int]:
    """Write a complete snapshot of the account to ``out``; return the count of each kind
    (``on_object`` is called after each object written: progress).

    The header records ``stripe.api_version`` (the version every request is made with),
    ``exported_at`` (``now``, default the current UTC time) and ``livemode`` of the first
    object read (``None`` for an empty account). The footer, which marks the file complete, is
    written only after the last object: if this raises (a :class:`ConfigError` from
    :func:`iter_account`, an ``OSError`` from ``out``, ``KeyboardInterrupt``…), ``out`` holds a
    header and some objects but no footer. ``read_info`` reports such a file as incomplete;
    the caller should still delete it (write to a temporary file in the target directory and
    rename it over the target only when this returns).
    """
    objects = iter_account(
        client,
        include_customers=include_customers,
        include_sessions=include_sessions,
        subscriptions=subscriptions,
        on_skip=on_skip,
    )
    first = next(objects, None)  # read before the header: it carries livemode
    livemode = first.get("livemode") if first is not None else None
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    writer = SnapshotWriter(
        out,
        api_version=stripe.api_version,
        exported_at=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        livemode=livemode if isinstance(livemode, bool) else None,
    )
    if first is not None:
        for obj in itertools.chain([first], objects):
            writer.write(obj)
            if on_object is not None:
                on_object()
    writer.close()
    return dict(writer.counts)


# --------------------------------------------------------------------------- errors


def _translate(exc: stripe.StripeError, resource: _Resource, base: str) -> ConfigError:
    """One line for a Stripe error met while reading ``resource``; never any key material."""
    status = exc.http_status
    reading = f"while reading {resource.label}"
    if isinstance(exc, stripe.AuthenticationError):
        return ConfigError("Stripe rejected the API key (401)", hint=_KEY_HINT)
    if isinstance(exc, stripe.PermissionError):
        found = _PERMISSION_ID.search(exc.user_message or "")
        which = f"{resource.permission}: Read" + (f", {found.group(0)}" if found else "")
        if resource.optional:
            hint = (
                f"give the restricted key the {resource.permission} read permission, "
                f"or export without {resource.optional}"
            )
        else:
            hint = (
                f"give the restricted key the {resource.permission} read permission; "
                "products, prices, plans, coupons and promotion codes are always read"
            )
        return ConfigError(
            f"the Stripe API key may not read {resource.label} (403, missing permission {which})",
            hint=hint,
        )
    if isinstance(exc, stripe.RateLimitError):
        return ConfigError(
            f"Stripe rate-limited the export {reading} (429)",
            hint="wait a minute and export again, when other integrations using this account "
            "are quiet (test mode allows fewer requests per second than live mode)",
        )
    if isinstance(exc, stripe.APIConnectionError):
        return ConfigError(
            f"cannot reach the Stripe API at {_shown(base)} {reading}", hint=_BASE_HINT
        )
    message = _clean(exc.user_message)
    if message.startswith("Invalid response"):  # the SDK's text for a body that is not JSON
        return ConfigError(
            f"the server at {_shown(base)} did not answer like the Stripe API "
            f"(HTTP {status}) {reading}",
            hint=_BASE_HINT,
        )
    if isinstance(exc, stripe.InvalidRequestError):
        return ConfigError(
            f"Stripe refused the request {reading} ({status}: {message})",
            hint="if STRIPE_API_BASE / --stripe-api-base points at a proxy or mock, check it "
            f"(the server root, without /v1) and that it speaks API version {stripe.api_version}",
        )
    if status is not None and status >= 500:
        return ConfigError(
            f"Stripe failed {reading} ({status}: {message}), also on retry",
            hint="Stripe may be having trouble (https://status.stripe.com); export again later",
        )
    return ConfigError(
        f"Stripe error {reading} ({status if status is not None else type(exc).__name__}: "
        f"{message})"
    )


def _clean(message: str | None, limit: int = 200) -> str:
    """Stripe's message on one line, key-like tokens removed, at most ``limit`` characters."""
    text = " ".join(_KEY_TOKEN.sub("[key]", message or "no message").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _api_base(client: stripe.StripeClient) -> str:
    """The API base URL the client sends requests to (only for error messages)."""
    requestor = getattr(client, "_requestor", None)
    bases = getattr(requestor, "base_addresses", None)
    api = bases.get("api") if isinstance(bases, dict) else None
    return api if isinstance(api, str) and api else stripe.DEFAULT_API_BASE


def _shown(url: str) -> str:
    """A URL without user name and password (a proxy URL may carry them)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def list_requests(count: int) -> int:
    """List requests needed for ``count`` objects of one kind (at least one, for the empty page)."""
    return max(1, math.ceil(count / PAGE_SIZE))

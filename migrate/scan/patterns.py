"""What the scanner looks for, per language: data, in one place.

Each language names the syntax-tree node kinds that are calls in its ast-grep grammar, and lists
the calls that matter as ``CallPattern`` entries (``migrate/scan/call_patterns.py``): the
callee a match must end with (dotted, once whitespace is removed and ``->``, ``::`` and ``\\``
are read as ``.``), whether it creates a Checkout Session or is *related* code a migration
touches (with the rule code in ``mappings/code.yaml``), and how the params are passed.
Look-alikes (``billing_portal``, related code X036; ``.retrieve``, ``paymentIntents``) never end
with a creation callee, so they never count as creations; where the callee alone is ambiguous
(Go's ``session.New``, Java's ``Session.create``, C#'s ``service.Create``) the language's
extractor also checks what the name refers to.

Adding a language means an entry here and an extractor in ``migrate/scan/lang/``.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Final

# the shapes, re-exported: the scanner imports them from here (``x as x`` says so to mypy)
from migrate.scan.call_patterns import CallPattern as CallPattern  # noqa: PLC0414
from migrate.scan.call_patterns import Family as Family  # noqa: PLC0414
from migrate.scan.call_patterns import Language as Language  # noqa: PLC0414
from migrate.scan.call_patterns import SiteKind as SiteKind  # noqa: PLC0414
from migrate.scan.catalog_calls import CATALOG_CALLS
from migrate.scan.type_arguments import CALL_PREFIX, without_type_arguments

_PY_REQUEST_OPTIONS: Final = frozenset(
    {"api_key", "stripe_account", "stripe_version", "idempotency_key", "stripe_context", "headers"}
)
"""What stripe-python's resource calls take out of their keywords as request options
(``headers``: sent with the request, ``Stripe-Account`` there is the connected account)."""

# Related code, the same in every language once callees are normalised (X codes are in
# mappings/code.yaml). Each language lists the callee spellings its SDK uses.
SESSION_READ: Final = "X001"
LINE_ITEMS_READ: Final = "X002"
WEBHOOK_SIGNATURE: Final = "X003"
WEBHOOK_EVENT: Final = "X004"
REDIRECT: Final = "X008"
CHECKOUT_JS: Final = "X009"
CHECKOUT_JS_CARD: Final = "RT046"
"""checkout.js opened with no amount anywhere: a card form, not a purchase."""
CLIENT_ONLY: Final = "X010"
FIREBASE_EXTENSION: Final = "X032"
"""A Checkout Session the Firebase extension makes from a Firestore document the app writes."""
SESSION_EXPIRE: Final = "X011"
BILLING_PORTAL: Final = "X036"
"""A Stripe billing portal session: Dodo's customer portal session replaces it."""
RETRY_LOOP: Final = "X012"
CONFIRM: Final = "X013"
"""Charges retried or batched against the safe retry policy (``migrate/scan/retry.py``)."""


def _related(rule: str, *callees: str, **kw: object) -> CallPattern:
    return CallPattern(callees, kind="related", rule=rule, **kw)  # type: ignore[arg-type]


def _catalog(family: str, ignored: frozenset[str] = frozenset()) -> tuple[CallPattern, ...]:
    """A family's writes to the Stripe catalog (X031, related code: ``catalog_calls.py``)."""
    return tuple(CallPattern(c, ignored_keywords=ignored, **f) for c, f in CATALOG_CALLS[family])  # type: ignore[arg-type]


_PLAN_CHANGE: Final = (
    "items",
    "proration_behavior",
    "payment_behavior",
    "proration_date",
    "cancel_at_period_end",
)
"""A subscription update is translated only when it touches one of these: a plan change, or a
cancellation at the period end (Dodo's PATCH)."""
PLAN_CHANGE: Final = _PLAN_CHANGE
_REPRICED: Final = ("amount", "currency")
"""A PaymentIntent update is a call around Checkout when it changes what it charges."""
_USAGE_RECORD: Final = "/v1/subscription_items/{id}/usage_records"
_METER_EVENT: Final = "/v1/billing/meter_events"
_CANCEL: Final[dict[str, object]] = {"id_arg": True, "method": "DELETE"}
_PI_UPDATE: Final[dict[str, object]] = {"id_arg": True, "needs": _REPRICED}
_SUBSCRIPTION_UPDATE: Final = (*_PLAN_CHANGE, "trial_end", "default_payment_method")
"""What makes a subscription update a call around Checkout: a plan change or a cancellation,
a trial moved (SU019: blocked), or the default payment method set (alone: related code, X028)."""
SUBSCRIPTION_UPDATE: Final = _SUBSCRIPTION_UPDATE


def _lifecycle_python() -> tuple[CallPattern, ...]:
    """stripe-python's calls around Checkout: the resource API (``stripe.PaymentIntent.create(
    amount=...)``) and StripeClient (``client.payment_intents.create(params={...})``)."""
    resource: dict[str, object] = {"args": "kwargs", "ignored_keywords": _PY_REQUEST_OPTIONS}
    client = {"params_keyword": "params", "ignored_keywords": frozenset({"options"})}
    table: list[tuple[str, str | None, str, dict[str, object]]] = [
        ("PaymentIntent.create", "payment_intents.create", "/v1/payment_intents", {}),
        ("PaymentIntent.modify", "payment_intents.update", "/v1/payment_intents/{id}", _PI_UPDATE),
        ("Charge.create", "charges.create", "/v1/charges", {}),
        ("SetupIntent.create", "setup_intents.create", "/v1/setup_intents", {}),
        ("Subscription.create", "subscriptions.create", "/v1/subscriptions", {}),
        (
            "Subscription.modify",
            "subscriptions.update",
            "/v1/subscriptions/{id}",
            {"id_arg": True, "needs": _SUBSCRIPTION_UPDATE},
        ),
        (
            "SubscriptionItem.modify",
            "subscription_items.update",
            "/v1/subscription_items/{id}",
            {"id_arg": True},
        ),
        ("SubscriptionItem.create", "subscription_items.create", "/v1/subscription_items", {}),
        (
            "SubscriptionItem.delete",
            "subscription_items.delete",
            "/v1/subscription_items/{id}",
            {"id_arg": True, "method": "DELETE"},
        ),
        ("Invoice.create_preview", "invoices.create_preview", "/v1/invoices/create_preview", {}),
        ("Invoice.upcoming", "invoices.upcoming", "/v1/invoices/upcoming", {"method": "GET"}),
        ("Subscription.cancel", "subscriptions.cancel", "/v1/subscriptions/{id}", _CANCEL),
        ("Subscription.delete", None, "/v1/subscriptions/{id}", _CANCEL),  # the legacy name
        (
            "SubscriptionItem.create_usage_record",
            "subscription_items.usage_records.create",
            _USAGE_RECORD,
            {"id_arg": True},
        ),
        ("billing.MeterEvent.create", "billing.meter_events.create", _METER_EVENT, {}),
    ]
    out: list[CallPattern] = []
    for resource_callee, client_callee, endpoint, extra in table:
        for callee, style in ((resource_callee, resource), (client_callee, client)):
            if callee is None:
                continue
            callees = (callee, f"{callee}_async")  # stripe-python 10+: the same call awaited
            out.append(CallPattern(callees, endpoint=endpoint, **style, **extra))  # type: ignore[arg-type]
    out.append(
        _related(
            CONFIRM,
            "PaymentIntent.confirm",
            "payment_intents.confirm",
            "PaymentIntent.confirm_async",
            "payment_intents.confirm_async",
        )
    )
    return tuple(out)


def _lifecycle_node() -> tuple[CallPattern, ...]:
    """stripe-node's calls around Checkout (``stripe.paymentIntents.create({...})``)."""
    return (
        CallPattern(("paymentIntents.create",), endpoint="/v1/payment_intents"),
        CallPattern(
            ("paymentIntents.update",),
            endpoint="/v1/payment_intents/{id}",
            id_arg=True,
            needs=_REPRICED,
        ),
        _related(CONFIRM, "paymentIntents.confirm"),
        CallPattern(("charges.create",), endpoint="/v1/charges"),
        CallPattern(("setupIntents.create",), endpoint="/v1/setup_intents"),
        CallPattern(("subscriptions.create",), endpoint="/v1/subscriptions"),
        CallPattern(
            ("subscriptions.update",),
            endpoint="/v1/subscriptions/{id}",
            id_arg=True,
            needs=_SUBSCRIPTION_UPDATE,
        ),
        CallPattern(
            ("subscriptionItems.update",), endpoint="/v1/subscription_items/{id}", id_arg=True
        ),
        CallPattern(("subscriptionItems.create",), endpoint="/v1/subscription_items"),
        CallPattern(
            ("subscriptionItems.del",),
            endpoint="/v1/subscription_items/{id}",
            id_arg=True,
            method="DELETE",
        ),
        CallPattern(("invoices.createPreview",), endpoint="/v1/invoices/create_preview"),
        CallPattern(("invoices.retrieveUpcoming",), endpoint="/v1/invoices/upcoming", method="GET"),
        CallPattern(
            ("subscriptions.cancel", "subscriptions.del"),
            endpoint="/v1/subscriptions/{id}",
            id_arg=True,
            method="DELETE",
        ),
        CallPattern(("subscriptionItems.createUsageRecord",), endpoint=_USAGE_RECORD, id_arg=True),
        CallPattern(("billing.meterEvents.create",), endpoint=_METER_EVENT),
    )


_STRIPE_CALLS: Final[tuple[tuple[str, str, dict[str, object]], ...]] = (
    # (what, Stripe endpoint, extra CallPattern fields): the calls around Checkout every
    # language translates; each language below spells their callees.
    ("payment_intent", "/v1/payment_intents", {}),
    ("charge", "/v1/charges", {}),
    ("setup_intent", "/v1/setup_intents", {}),
    ("subscription_create", "/v1/subscriptions", {}),
    (
        "subscription_update",
        "/v1/subscriptions/{id}",
        {"id_arg": True, "needs": _SUBSCRIPTION_UPDATE},
    ),
    ("subscription_item_update", "/v1/subscription_items/{id}", {"id_arg": True}),
    ("subscription_item_create", "/v1/subscription_items", {}),
    (
        "subscription_item_delete",
        "/v1/subscription_items/{id}",
        {"id_arg": True, "method": "DELETE"},
    ),
    ("invoice_preview", "/v1/invoices/create_preview", {}),
    ("invoice_upcoming", "/v1/invoices/upcoming", {"method": "GET"}),
    ("payment_intent_update", "/v1/payment_intents/{id}", _PI_UPDATE),
    ("subscription_cancel", "/v1/subscriptions/{id}", _CANCEL),
    ("usage_record", _USAGE_RECORD, {"id_arg": True}),
    ("meter_event", _METER_EVENT, {}),
)


Spellings = tuple[tuple[tuple[str, ...], dict[str, object]], ...]
"""How a language writes one call around Checkout: ``(callees, CallPattern fields)`` each."""


def _lifecycle(
    spellings: dict[str, Spellings],
    confirm: tuple[CallPattern, ...],
) -> tuple[CallPattern, ...]:
    """A language's calls around Checkout: for each of ``_STRIPE_CALLS``, its spellings (the
    callees and the CallPattern fields of each, a guard or an argument style), then its
    PaymentIntent confirms (related code, X013)."""
    out: list[CallPattern] = []
    for what, endpoint, extra in _STRIPE_CALLS:
        for callees, fields in spellings.get(what, ()):
            merged = {**extra, **fields}
            out.append(CallPattern(callees, endpoint=endpoint, **merged))  # type: ignore[arg-type]
    return (*out, *confirm)


def _lifecycle_ruby() -> tuple[CallPattern, ...]:
    """stripe-ruby: ``Stripe::PaymentIntent.create({...})`` (or bare ``amount: ...`` pairs) and
    StripeClient's ``client.v1.payment_intents.create(params)``. Without ``v1`` a
    ``user.charges.create`` is as likely an ActiveRecord association: not matched."""
    options: dict[str, object] = {"ignored_keywords": _RUBY_OPTIONS}
    resource: dict[str, object] = {"args": "kwargs", **options}

    def both(cls: str, method: str, service: str) -> Spellings:
        return (
            ((f"Stripe.{cls}.{method}",), resource),
            ((f"v1.{service}.{method}",), options),
        )

    return _lifecycle(
        {
            "payment_intent": both("PaymentIntent", "create", "payment_intents"),
            "charge": both("Charge", "create", "charges"),
            "setup_intent": both("SetupIntent", "create", "setup_intents"),
            "subscription_create": both("Subscription", "create", "subscriptions"),
            "subscription_update": both("Subscription", "update", "subscriptions"),
            "subscription_item_update": both("SubscriptionItem", "update", "subscription_items"),
            "subscription_item_create": both("SubscriptionItem", "create", "subscription_items"),
            "subscription_item_delete": both("SubscriptionItem", "delete", "subscription_items"),
            "invoice_preview": both("Invoice", "create_preview", "invoices"),
            "invoice_upcoming": both("Invoice", "upcoming", "invoices"),
            "payment_intent_update": both("PaymentIntent", "update", "payment_intents"),
            "subscription_cancel": (
                (("Stripe.Subscription.cancel", "Stripe.Subscription.delete"), resource),
                (("v1.subscriptions.cancel",), options),
            ),
            "usage_record": (
                (("Stripe.SubscriptionItem.create_usage_record",), resource),
                (("v1.subscription_items.usage_records.create",), options),
            ),
            "meter_event": both("Billing.MeterEvent", "create", "billing.meter_events"),
        },
        (_related(CONFIRM, "Stripe.PaymentIntent.confirm", "v1.payment_intents.confirm"),),
    )


def _lifecycle_php() -> tuple[CallPattern, ...]:
    """stripe-php: ``\\Stripe\\PaymentIntent::create([...])`` (the class imported or written in
    full: ``php_stripe``) and StripeClient's ``$stripe->paymentIntents->create([...])``
    (properties, not an Eloquent relation's ``->charges()``: ``php_client``)."""

    def both(cls: str, method: str, service: str) -> Spellings:
        return (
            ((f"{cls}.{method}",), {"guard": "php_stripe"}),
            ((f"{service}.{method}",), {"guard": "php_client"}),
        )

    return _lifecycle(
        {
            "payment_intent": both("PaymentIntent", "create", "paymentIntents"),
            "charge": both("Charge", "create", "charges"),
            "setup_intent": both("SetupIntent", "create", "setupIntents"),
            "subscription_create": both("Subscription", "create", "subscriptions"),
            "subscription_update": both("Subscription", "update", "subscriptions"),
            "subscription_item_update": both("SubscriptionItem", "update", "subscriptionItems"),
            "subscription_item_create": both("SubscriptionItem", "create", "subscriptionItems"),
            "subscription_item_delete": ((("subscriptionItems.delete",), {"guard": "php_client"}),),
            "invoice_preview": both("Invoice", "createPreview", "invoices"),
            "invoice_upcoming": both("Invoice", "upcoming", "invoices"),
            "payment_intent_update": both("PaymentIntent", "update", "paymentIntents"),
            "subscription_cancel": ((("subscriptions.cancel",), {"guard": "php_client"}),),
            "usage_record": both("SubscriptionItem", "createUsageRecord", "subscriptionItems"),
            "meter_event": both("MeterEvent", "create", "billing.meterEvents"),
        },
        (
            _related(CONFIRM, "PaymentIntent.confirm", guard="php_stripe"),
            _related(CONFIRM, "paymentIntents.confirm", guard="php_client"),
        ),
    )


def _lifecycle_go() -> tuple[CallPattern, ...]:
    """stripe-go: ``paymentintent.New(&stripe.PaymentIntentParams{...})`` (the package imported
    from stripe-go: ``go_stripe_package``), the client API's ``sc.V1PaymentIntents.Create(ctx,
    params)`` and the older ``sc.PaymentIntents.New(params)``; the params struct comes last."""
    struct: dict[str, object] = {"args": "struct"}
    package: dict[str, object] = {"args": "struct", "guard": "go_stripe_package"}

    def spell(pkg: str, service: str, new: str, create: str) -> Spellings:
        return (
            ((f"{pkg}.{new}",), package),
            ((f"V1{service}.{create}", f"{service}.{new}"), struct),
        )

    return _lifecycle(
        {
            "payment_intent": spell("paymentintent", "PaymentIntents", "New", "Create"),
            "charge": spell("charge", "Charges", "New", "Create"),
            "setup_intent": spell("setupintent", "SetupIntents", "New", "Create"),
            "subscription_create": spell("subscription", "Subscriptions", "New", "Create"),
            "subscription_update": spell("subscription", "Subscriptions", "Update", "Update"),
            "subscription_item_update": spell(
                "subscriptionitem", "SubscriptionItems", "Update", "Update"
            ),
            "subscription_item_create": spell(
                "subscriptionitem", "SubscriptionItems", "New", "Create"
            ),
            "subscription_item_delete": spell(
                "subscriptionitem", "SubscriptionItems", "Del", "Delete"
            ),
            "invoice_preview": spell("invoice", "Invoices", "CreatePreview", "CreatePreview"),
            "invoice_upcoming": (
                (("invoice.Upcoming",), package),
                (("Invoices.Upcoming",), struct),
            ),
            "payment_intent_update": spell("paymentintent", "PaymentIntents", "Update", "Update"),
            "subscription_cancel": spell("subscription", "Subscriptions", "Cancel", "Cancel"),
            "usage_record": ((("usagerecord.New",), package), (("UsageRecords.New",), struct)),
            "meter_event": spell("meterevent", "BillingMeterEvents", "New", "Create"),
        },
        (
            _related(CONFIRM, "paymentintent.Confirm", guard="go_stripe_package"),
            _related(CONFIRM, "V1PaymentIntents.Confirm", "PaymentIntents.Confirm"),
        ),
    )


def _lifecycle_java() -> tuple[CallPattern, ...]:
    """stripe-java: the static ``PaymentIntent.create(params)`` (``java_stripe_model``: the
    class from ``com.stripe.model``), a retrieved subscription's ``update(params)`` (what the
    receiver or the params builder is tells a subscription from a subscription item), and
    StripeClient's ``client.paymentIntents().create(params)`` / ``client.v1()...``."""
    builder: dict[str, object] = {"args": "builder"}
    model: dict[str, object] = {"args": "builder", "guard": "java_stripe_model"}

    def both(static: str, client: str) -> Spellings:
        """The model class's static call, and StripeClient's."""
        return (((static,), model), ((client,), builder))

    def held(method: str, guard: str, client: str) -> Spellings:
        """A retrieved object's call (``guard`` says which class it must be), and StripeClient's."""
        own: dict[str, object] = {"args": "builder", "guard": guard, "id_arg": False}
        return (((method,), own), ((client,), builder))

    return _lifecycle(
        {
            "payment_intent": both("PaymentIntent.create", "paymentIntents.create"),
            "charge": both("Charge.create", "charges.create"),
            "setup_intent": both("SetupIntent.create", "setupIntents.create"),
            "subscription_create": both("Subscription.create", "subscriptions.create"),
            "subscription_update": held("update", "java_subscription", "subscriptions.update"),
            "subscription_item_update": held(
                "update", "java_subscription_item", "subscriptionItems.update"
            ),
            "subscription_item_create": both("SubscriptionItem.create", "subscriptionItems.create"),
            "subscription_item_delete": held(
                "delete", "java_subscription_item_delete", "subscriptionItems.delete"
            ),
            "invoice_preview": both("Invoice.createPreview", "invoices.createPreview"),
            "invoice_upcoming": both("Invoice.upcoming", "invoices.upcoming"),
            "payment_intent_update": held(
                "update", "java_payment_intent_update", "paymentIntents.update"
            ),
            "subscription_cancel": held(
                "cancel", "java_subscription_cancel", "subscriptions.cancel"
            ),
            "usage_record": both(
                "UsageRecord.createOnSubscriptionItem", "subscriptionItems.usageRecords.create"
            ),
            "meter_event": both("MeterEvent.create", "billing.meterEvents.create"),
        },
        (
            _related(CONFIRM, "confirm", guard="java_payment_intent"),
            _related(CONFIRM, "paymentIntents.confirm"),
        ),
    )


def _lifecycle_csharp() -> tuple[CallPattern, ...]:
    """Stripe.net: ``new PaymentIntentService().Create(new PaymentIntentCreateOptions {...})``
    (and ``...Async``, a service held in a local, field or property, or StripeClient's
    ``client.V1.PaymentIntents``): the guard names the service."""

    def service(guard: str, *methods: str) -> Spellings:
        names = tuple(n for m in methods for n in (m, f"{m}Async"))
        return ((names, {"args": "options", "guard": guard}),)

    return _lifecycle(
        {
            "payment_intent": service("csharp_payment_intent_service", "Create"),
            "charge": service("csharp_charge_service", "Create"),
            "setup_intent": service("csharp_setup_intent_service", "Create"),
            "subscription_create": service("csharp_subscription_service", "Create"),
            "subscription_update": service("csharp_subscription_service", "Update"),
            "subscription_item_update": service("csharp_subscription_item_service", "Update"),
            "subscription_item_create": service("csharp_subscription_item_service", "Create"),
            "subscription_item_delete": service("csharp_subscription_item_service", "Delete"),
            "invoice_preview": service("csharp_invoice_service", "CreatePreview"),
            "invoice_upcoming": service("csharp_invoice_service", "Upcoming"),
            "payment_intent_update": service("csharp_payment_intent_service", "Update"),
            "subscription_cancel": service("csharp_subscription_service", "Cancel"),
            "usage_record": service("csharp_usage_record_service", "Create"),
            "meter_event": service("csharp_meter_event_service", "Create"),
        },
        (_related(CONFIRM, "Confirm", "ConfirmAsync", guard="csharp_payment_intent_service"),),
    )


_PYTHON_CALLS: Final = (
    # the Firebase extension: db.collection("customers").document(uid)
    #     .collection("checkout_sessions").add({...})
    CallPattern(("add",), guard="firestore_checkout", own_receiver=True),
    # stripe-python's resource API: stripe.checkout.Session.create(mode=..., line_items=[...])
    # (``create_async``: the same call awaited, stripe-python 10+)
    CallPattern(
        ("checkout.Session.create", "checkout.Session.create_async"),
        args="kwargs",
        ignored_keywords=_PY_REQUEST_OPTIONS,
    ),
    # StripeClient: client.checkout.sessions.create(params={...}) and client.v1.checkout...
    CallPattern(
        ("checkout.sessions.create", "checkout.sessions.create_async"),
        params_keyword="params",
        ignored_keywords=frozenset({"options"}),
    ),
    _related(SESSION_READ, "checkout.Session.retrieve", "checkout.sessions.retrieve"),
    _related(
        LINE_ITEMS_READ,
        "checkout.Session.list_line_items",
        "checkout.sessions.line_items.list",
        "checkout.Session.retrieve_line_items",
    ),
    _related(SESSION_EXPIRE, "checkout.Session.expire", "checkout.sessions.expire"),
    _related(
        BILLING_PORTAL,
        "billing_portal.Session.create",
        "billing_portal.Session.create_async",
        "billing_portal.sessions.create",
        "billing_portal.sessions.create_async",
    ),
    _related(WEBHOOK_SIGNATURE, "Webhook.construct_event", "construct_event", "parse_event"),
    # The calls around Checkout, translated into the Dodo calls that replace them.
    *_lifecycle_python(),
    *_catalog("python", _PY_REQUEST_OPTIONS | {"options"}),
)

_NODE_CALLS: Final = (
    # stripe-node: stripe.checkout.sessions.create({...}, {idempotencyKey}) (awaited or not)
    CallPattern(("checkout.sessions.create",)),
    # Stripe.js client-only Checkout (2019-2022): redirectToCheckout({lineItems, mode, ...})
    CallPattern(("redirectToCheckout",), guard="client_only"),
    # the Firebase extension: addDoc(collection(db, "customers", uid, "checkout_sessions"), {...})
    CallPattern(("addDoc", "add"), guard="firestore_checkout", own_receiver=True),
    # pre-2019 checkout.js: StripeCheckout.configure({...}) then handler.open({amount, ...})
    CallPattern(("open",), guard="checkout_js"),
    _related(CHECKOUT_JS_CARD, "open", guard="checkout_js_card"),  # no amount: a card form
    _related(REDIRECT, "redirectToCheckout", guard="session_redirect"),
    _related(SESSION_READ, "checkout.sessions.retrieve"),
    _related(LINE_ITEMS_READ, "checkout.sessions.listLineItems"),
    _related(SESSION_EXPIRE, "checkout.sessions.expire"),
    _related(BILLING_PORTAL, "billingPortal.sessions.create"),
    _related(
        WEBHOOK_SIGNATURE,
        "webhooks.constructEvent",
        "webhooks.constructEventAsync",
        "parseEventNotification",
    ),
    *_lifecycle_node(),
    *_catalog("node"),
)

_RUBY_OPTIONS: Final = frozenset(
    {"api_key", "stripe_account", "stripe_version", "idempotency_key", "stripe_context"}
)

_RUBY_CALLS: Final = (
    CallPattern(("Stripe.Checkout.Session.create",), args="kwargs", ignored_keywords=_RUBY_OPTIONS),
    CallPattern(("checkout.sessions.create",), ignored_keywords=_RUBY_OPTIONS),
    # a constant of the file bound to the class: CheckoutSession = Stripe::Checkout::Session
    CallPattern(
        ("create",), args="kwargs", ignored_keywords=_RUBY_OPTIONS, guard="ruby_checkout_alias"
    ),
    # the Pay gem: user.payment_processor.checkout(...), .checkout_charge(amount:, name:)
    CallPattern(
        ("checkout", "checkout_charge"), args="kwargs", guard="ruby_pay", own_receiver=True
    ),
    _related(SESSION_READ, "Stripe.Checkout.Session.retrieve", "checkout.sessions.retrieve"),
    _related(SESSION_READ, "retrieve", guard="ruby_checkout_alias"),
    _related(
        LINE_ITEMS_READ,
        "Stripe.Checkout.Session.list_line_items",
        "checkout.sessions.line_items.list",
    ),
    _related(SESSION_EXPIRE, "Stripe.Checkout.Session.expire", "checkout.sessions.expire"),
    _related(
        BILLING_PORTAL, "Stripe.BillingPortal.Session.create", "billing_portal.sessions.create"
    ),
    _related(WEBHOOK_SIGNATURE, "Stripe.Webhook.construct_event", "construct_event"),
    *_lifecycle_ruby(),
    *_catalog("ruby", _RUBY_OPTIONS),
)

_PHP_CALLS: Final = (
    CallPattern(("Stripe.Checkout.Session.create", "checkout.sessions.create")),
    # use Stripe\Checkout\Session [as X], class_alias(...), pre-namespace Stripe_Checkout_Session
    CallPattern(("create",), guard="php_checkout_import"),
    # call_user_func(array('\\Stripe\\' . $class, $fn), $args): strings the function names
    CallPattern(("call_user_func",), guard="php_dispatch", id_arg=True),
    # Laravel Cashier: $user->newSubscription(...)->checkout([...]), ->checkoutCharge(...),
    # Checkout::guest()->create(...)
    CallPattern(("checkout", "checkoutCharge", "create"), guard="php_cashier", own_receiver=True),
    _related(SESSION_READ, "Stripe.Checkout.Session.retrieve", "checkout.sessions.retrieve"),
    _related(SESSION_READ, "retrieve", guard="php_checkout_import"),
    _related(
        LINE_ITEMS_READ,
        "Stripe.Checkout.Session.allLineItems",
        "checkout.sessions.allLineItems",
    ),
    _related(LINE_ITEMS_READ, "allLineItems", guard="php_checkout_import"),
    _related(SESSION_EXPIRE, "checkout.sessions.expire"),
    _related(
        BILLING_PORTAL, "Stripe.BillingPortal.Session.create", "billingPortal.sessions.create"
    ),
    _related(WEBHOOK_SIGNATURE, "Stripe.Webhook.constructEvent", "Webhook.constructEvent"),
    *_lifecycle_php(),
    *_catalog("php"),
)

_GO_CALLS: Final = (
    # stripe-go: session.New(&stripe.CheckoutSessionParams{...}) from .../checkout/session
    CallPattern(("New",), args="struct", guard="go_checkout_session"),
    # stripe-go client API: sc.V1CheckoutSessions.Create(ctx, params), sc.CheckoutSessions.New
    CallPattern(("V1CheckoutSessions.Create", "CheckoutSessions.New"), args="struct"),
    _related(SESSION_READ, "Get", guard="go_checkout_session"),
    _related(SESSION_READ, "V1CheckoutSessions.Retrieve", "CheckoutSessions.Get"),
    _related(SESSION_EXPIRE, "Expire", guard="go_checkout_session"),
    _related(SESSION_EXPIRE, "V1CheckoutSessions.Expire", "CheckoutSessions.Expire"),
    _related(LINE_ITEMS_READ, "ListLineItems", guard="go_checkout_session"),
    _related(LINE_ITEMS_READ, "V1CheckoutSessions.ListLineItems"),
    _related(BILLING_PORTAL, "V1BillingPortalSessions.Create", "BillingPortalSessions.New"),
    _related(BILLING_PORTAL, "New", guard="go_portal_session"),  # .../billingportal/session
    _related(WEBHOOK_SIGNATURE, "webhook.ConstructEvent", "ConstructEvent"),
    *_lifecycle_go(),
    *_catalog("go"),
)

_JAVA_CALLS: Final = (
    # stripe-java: Session.create(SessionCreateParams.builder()...build()) or a params Map
    CallPattern(("Session.create",), args="builder", guard="java_checkout_session"),
    CallPattern(("checkout.sessions.create",), args="builder"),
    _related(SESSION_READ, "Session.retrieve", guard="java_checkout_session"),
    _related(SESSION_READ, "checkout.sessions.retrieve"),
    _related(SESSION_EXPIRE, "expire", guard="java_checkout_session"),
    _related(SESSION_EXPIRE, "checkout.sessions.expire"),
    _related(BILLING_PORTAL, "billingPortal.sessions.create"),
    # com.stripe.model.billingportal.Session.create(params), the class imported or in full
    _related(BILLING_PORTAL, "Session.create", guard="java_portal_session"),
    _related(LINE_ITEMS_READ, "listLineItems", guard="java_checkout_session"),
    _related(LINE_ITEMS_READ, "checkout.sessions.lineItems.list"),
    _related(WEBHOOK_SIGNATURE, "Webhook.constructEvent"),
    *_lifecycle_java(),
    *_catalog("java"),
)

_KOTLIN_CALLS: Final = (
    *_JAVA_CALLS,
    # import com.stripe.model.checkout.Session as CheckoutSession: CheckoutSession.create(...)
    CallPattern(("create",), args="builder", guard="kotlin_checkout_alias"),
    _related(SESSION_READ, "retrieve", guard="kotlin_checkout_alias"),
)

_CSHARP_CALLS: Final = (
    # Stripe.net: new SessionService().Create(new SessionCreateOptions {...}) / CreateAsync
    CallPattern(("Create", "CreateAsync"), args="options", guard="csharp_session_service"),
    _related(SESSION_READ, "Get", "GetAsync", guard="csharp_session_service"),
    _related(
        LINE_ITEMS_READ, "ListLineItems", "ListLineItemsAsync", guard="csharp_session_service"
    ),
    _related(SESSION_EXPIRE, "Expire", "ExpireAsync", guard="csharp_session_service"),
    _related(BILLING_PORTAL, "Create", "CreateAsync", guard="csharp_billing_portal"),
    _related(WEBHOOK_SIGNATURE, "EventUtility.ConstructEvent", "EventUtility.ParseEvent"),
    *_lifecycle_csharp(),
    *_catalog("csharp"),
)

_JS_CALL_KINDS: Final = ("call_expression",)

LANGUAGES: Final[tuple[Language, ...]] = (
    Language("python", "python", (".py",), ("call",), _PYTHON_CALLS),
    Language(
        "javascript",
        "node",
        (".js", ".mjs", ".cjs", ".jsx"),
        _JS_CALL_KINDS,
        _NODE_CALLS,
        string_kinds=("string", "template_string"),
    ),
    Language(
        "typescript",
        "node",
        (".ts", ".mts", ".cts"),
        _JS_CALL_KINDS,
        _NODE_CALLS,
        string_kinds=("string", "template_string"),
    ),
    Language(
        "tsx",
        "node",
        (".tsx",),
        _JS_CALL_KINDS,
        _NODE_CALLS,
        string_kinds=("string", "template_string"),
    ),
    Language("ruby", "ruby", (".rb",), ("call",), _RUBY_CALLS),
    Language(
        "php",
        "php",
        (".php",),
        ("member_call_expression", "scoped_call_expression", "function_call_expression"),
        _PHP_CALLS,
        string_kinds=("string", "encapsed_string"),
    ),
    Language(
        "go",
        "go",
        (".go",),
        ("call_expression",),
        _GO_CALLS,
        string_kinds=("interpreted_string_literal", "raw_string_literal"),
        event_constants=("stripe.EventType",),
        constant_kind="selector_expression",
    ),
    Language(
        "java",
        "java",
        (".java",),
        ("method_invocation",),
        _JAVA_CALLS,
        string_kinds=("string_literal",),
    ),
    Language(
        # stripe-java from Kotlin: the same calls, read by the Kotlin extractor
        "kotlin",
        "kotlin",
        (".kt", ".kts"),
        ("call_expression",),
        _KOTLIN_CALLS,
        string_kinds=("string_literal",),
    ),
    Language(
        "csharp",
        "csharp",
        (".cs",),
        ("invocation_expression",),
        _CSHARP_CALLS,
        string_kinds=("string_literal", "verbatim_string_literal"),
        event_constants=("EventTypes.", "Events.", "Stripe.EventTypes.", "Stripe.Events."),
        constant_kind="member_access_expression",
    ),
    Language("bash", "shell", (".sh", ".bash", ".zsh"), ("command",), ()),
)

BY_NAME: Final = {lang.name: lang for lang in LANGUAGES}

MARKDOWN_SUFFIXES: Final = (".md", ".markdown", ".mdx")
HTML_SUFFIXES: Final = (".html", ".htm")
ASTRO_SUFFIXES: Final = (".astro",)
"""Astro components: their frontmatter is TypeScript run on the server (``embedded.py``)."""

_BY_SUFFIX: Final = {suffix: lang for lang in LANGUAGES for suffix in lang.suffixes}

SUFFIXES: Final = (
    frozenset(_BY_SUFFIX)
    | frozenset(MARKDOWN_SUFFIXES)
    | frozenset(HTML_SUFFIXES)
    | frozenset(ASTRO_SUFFIXES)
)
"""Every file suffix the scanner reads."""

PREFILTER: Final = re.compile(
    rb"stripe|Stripe|STRIPE|checkout\.session|customer\.subscription|invoice\.pa|payment_intent\."
)
"""Bytes a file must contain (one match) to be worth parsing: every Stripe integration names
Stripe somewhere (an import, a package, the API host); webhook dispatch code split from it still
names event types."""


SHELL_SHEBANG: Final = re.compile(
    rb"\A(?:\xef\xbb\xbf)?#![ \t]*/\S*?/(?:env[ \t]+(?:-\S+[ \t]+)*)?"
    rb"(?:ba|z|da|k|a)?sh(?:[ \t\r\n]|\Z)"
)
"""The first line of a shell script without a suffix: ``#!/bin/sh``, ``#!/usr/bin/env bash``,
``#!/bin/zsh``, ``#!/bin/dash`` (read as Bash, like ``.sh`` files)."""


def is_shell_script(head: bytes) -> bool:
    """Whether a file's first bytes are a shell shebang (``SHELL_SHEBANG``)."""
    return SHELL_SHEBANG.match(head) is not None


def language_for(path: str | PurePath) -> Language | None:
    """The language of a source file, by suffix; None for other files (Markdown and HTML are
    containers, read by ``scan``)."""
    return _BY_SUFFIX.get(PurePath(path).suffix.lower())


def normalise_callee(text: str) -> str:
    """A callee's text as the table spells it: no whitespace, ``->``, ``::``, ``?.`` and ``\\``
    read as ``.``, empty ``()`` removed (Java's ``client.checkout().sessions()``), no leading
    dot or ``$``."""
    flat = "".join(CALL_PREFIX.sub("", text).split())  # `await f<T>(...)`: the call is f's
    for sep in ("?.", "->", "::", "\\"):
        flat = flat.replace(sep, ".")
    flat = without_type_arguments(flat.replace("()", ""))  # callStripe<Session>(...)
    return flat.lstrip(".$")


def callee_matches(call: CallPattern, callee: str) -> bool:
    """True when the normalised ``callee`` is one of the pattern's tails, or ends with one after
    a dot (``stripe``, ``self.client``, ``client.v1``, ``getStripe()`` as the receiver)."""
    return any(callee == tail or callee.endswith("." + tail) for tail in call.callees)


def snake(name: str) -> str:
    """``SuccessURL``, ``successUrl``, ``setSuccessUrl``'s ``SuccessUrl`` -> ``success_url``;
    ``ClientReferenceID`` -> ``client_reference_id``; snake_case stays as it is."""
    out = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    out = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", out)
    return out.lower()

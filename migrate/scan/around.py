"""The translation of a call around Checkout (a PaymentIntent or a charge, a SetupIntent, a
subscription's creation, plan change or its preview: the patterns with an ``endpoint`` in
``migrate/scan/patterns.py``) from its params, the same for the Stripe call itself
(``migrate/scan/file_scan.py``) and for a call that reaches it through a project wrapper
(``migrate/scan/wrappers.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

from migrate.findings import Level
from migrate.mapping.trace import short
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.readers.base import SourceRef
from migrate.scan.extract import DYNAMIC, Dynamic, is_dynamic
from migrate.scan.identity import Resolved, resolve
from migrate.scan.metadata_wholes import session_doc
from migrate.scan.patterns import SUBSCRIPTION_UPDATE
from migrate.scan.site import decided, related_finding, spread_meta, stand_ins, static_view

OFF_SESSION: Final = "RT035"

PAYMENT_METHOD_UPDATE: Final = "X028"
_SUBSCRIPTION: Final = re.compile(r"/v1/subscriptions/[^/]+")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where a call around Checkout goes: its Stripe endpoint (``{id}`` for an object id known
    only at run time, whose source is ``id_source``) and method."""

    path: str
    method: str = "POST"
    id_source: str | None = None

    @property
    def what(self) -> str:
        """The call, in words (``a PaymentIntent creation``)."""
        if self.method == "DELETE" and self.path.startswith("/v1/subscriptions/"):
            return "a subscription cancellation"
        if self.path.endswith("/usage_records") or self.path.endswith("/meter_events"):
            return "a usage report"
        template = self.path.split("/")
        key = "/".join(template[:3]) + ("/{id}" if len(template) > 3 else "")
        if key.startswith("/v1/invoices"):
            return "an invoice preview"
        return _WHAT.get(key, f"a call to {self.path}")


_WHAT: Final = {
    "/v1/payment_intents": "a PaymentIntent creation",
    "/v1/payment_intents/{id}": "a PaymentIntent update",
    "/v1/charges": "a charge",
    "/v1/setup_intents": "a SetupIntent creation",
    "/v1/subscriptions": "a subscription creation",
    "/v1/subscriptions/{id}": "a subscription update",
    "/v1/subscription_items/{id}": "a subscription item update",
}


def translate_around(
    params: dict[str, Any],
    dynamic: tuple[Dynamic, ...],
    *,
    source: SourceRef,
    options: Options | None,
    endpoint: Endpoint,
    told: Mapping[str, str] | None = None,
) -> Resolved:
    """The translation of a call around Checkout with ``params`` (run-time values as markers,
    listed in ``dynamic``), its run-time ids carried or reported (``migrate/scan/identity.py``);
    ``told``: what else the translator is told of the call (its idempotency key)."""
    doc = session_doc(params, dynamic)  # metadata maps merged with the keys written
    customer = doc.get("customer")  # before its stand-in: a choice keeps its branches
    doc.update(stand_ins(params))
    meta = {"endpoint": endpoint.path, "method": endpoint.method, **spread_meta(dynamic)}
    meta.update(told or {})
    translated = translate_params(doc, source, options, meta)
    if translated.kind == "on_demand_charge" and doc.get("off_session") is True:
        translated = _off_session_at_run_time(translated, params, doc, source, options, meta=meta)
    translation = static_view(translated, dynamic, params)
    done = resolve(
        translation,
        dynamic,
        endpoint=endpoint.path,
        id_source=endpoint.id_source,
        customer=customer,
    )
    flags = decided(params)  # `off_session=False if retry else None`: the call they chose
    return replace(done, handled=(*done.handled, *flags)) if flags else done


_KINDS: Final = {
    "checkout_session": "a checkout session the buyer pays (POST /checkouts)",
    "upsell": "a one-click payment with the customer's saved Dodo method (POST /checkouts)",
    "on_demand_mandate": "a checkout session that starts an on-demand subscription",
}


def _off_session_at_run_time(
    translated: Translation,
    params: dict[str, Any],
    doc: dict[str, Any],
    source: SourceRef,
    options: Options | None,
    *,
    meta: dict[str, str],
) -> Translation:
    """A charge whose ``off_session`` only run time knows (a parameter, a choice between true
    and false), translated as the off-session charge it is when true: RT035 says so and what
    the call is when false (the customer present); a blocker when the two charge differently."""
    value: Any = params.get("off_session")
    if not is_dynamic(value):
        return translated
    present = translate_params({**doc, "off_session": False}, source, options, meta)
    differs = present.money != translated.money
    finding = related_finding(
        OFF_SESSION,
        source=short(str(value[DYNAMIC])),
        other=_KINDS.get(present.kind, f"{present.kind} ({' '.join(present.request or ())})"),
        level=Level.BLOCKER if differs else None,
    )._replace(path="off_session")
    return translated._replace(findings=(*translated.findings, finding), review=True)


def update_kind(endpoint: Endpoint, params: dict[str, Any], dynamic: tuple[Dynamic, ...]) -> str:
    """What a subscription update (``endpoint``) with these params is: ``translate`` (a plan
    change, a cancellation, a trial moved, or params only run time knows), ``payment_method``
    (it only sets the default payment method: related code, X028) or ``none`` (nothing a
    migration touches: metadata, a description). Any other call, a cancellation (``DELETE``)
    and an update of any other field (a coupon, a billing anchor: each has its own outcome)
    are ``translate``."""
    if endpoint.method != "POST" or not _SUBSCRIPTION.fullmatch(endpoint.path):
        return "translate"
    keys = {str(k) for k in params} | {d.path.partition(".")[0].partition("[")[0] for d in dynamic}
    if "" in keys or keys & set(SUBSCRIPTION_UPDATE) - {"default_payment_method"}:
        return "translate"
    rest = keys - {"default_payment_method"}
    if not rest <= _QUIET:
        return "translate"
    return "payment_method" if "default_payment_method" in keys else "none"


_QUIET: Final = frozenset({"metadata", "expand", "description"})
"""The fields of a subscription update that change nothing a migration carries."""

"""The translation of a call around Checkout (a PaymentIntent or a charge, a SetupIntent, a
subscription's creation, plan change or its preview: the patterns with an ``endpoint`` in
``migrate/scan/patterns.py``) from its params, the same for the Stripe call itself
(``migrate/scan/file_scan.py``) and for a call that reaches it through a project wrapper
(``migrate/scan/wrappers.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.scan.extract import Dynamic, with_exprs
from migrate.scan.identity import Resolved, resolve
from migrate.scan.patterns import SUBSCRIPTION_UPDATE
from migrate.scan.site import spread_meta, stand_ins, static_view

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
        template = self.path.split("/")
        key = "/".join(template[:3]) + ("/{id}" if len(template) > 3 else "")
        if key.startswith("/v1/invoices"):
            return "an invoice preview"
        return _WHAT.get(key, f"a call to {self.path}")


_WHAT: Final = {
    "/v1/payment_intents": "a PaymentIntent creation",
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
) -> Resolved:
    """The translation of a call around Checkout with ``params`` (run-time values as markers,
    listed in ``dynamic``), its run-time ids carried or reported (``migrate/scan/identity.py``)."""
    doc = with_exprs(params)
    doc.update(stand_ins(params))
    meta = {"endpoint": endpoint.path, "method": endpoint.method, **spread_meta(dynamic)}
    translated = translate_params(doc, source, options, meta)
    translation = static_view(translated, dynamic, params)
    return resolve(translation, dynamic, endpoint=endpoint.path, id_source=endpoint.id_source)


def update_kind(endpoint: Endpoint, params: dict[str, Any], dynamic: tuple[Dynamic, ...]) -> str:
    """What a subscription update (``endpoint``) with these params is: ``translate`` (a plan
    change, a cancellation, a trial moved, or params only run time knows), ``payment_method``
    (it only sets the default payment method: related code, X028) or ``none`` (nothing a
    migration touches: a metadata update). Any other call is ``translate``."""
    if not _SUBSCRIPTION.fullmatch(endpoint.path):
        return "translate"
    keys = {str(k) for k in params} | {d.path.partition(".")[0].partition("[")[0] for d in dynamic}
    if "" in keys or keys & set(SUBSCRIPTION_UPDATE) - {"default_payment_method"}:
        return "translate"
    return "payment_method" if "default_payment_method" in keys else "none"

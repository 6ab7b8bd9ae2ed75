"""The Stripe endpoint a raw HTTP request names, and the site it makes (``migrate/scan/http.py``
finds the requests; a call to a project's raw-HTTP wrapper is translated here too, as the same
request written directly would be).

A ``POST /v1/checkout/sessions`` creates a Checkout Session; the calls around Checkout route by
their path (``migrate/mapping/lifecycle.py``); reads and expires of a session are related code.
"""

from __future__ import annotations

import re
from typing import Any, Final

from migrate.findings import Finding
from migrate.mapping import lifecycle
from migrate.mapping.translate import Options, Translation, translate_params
from migrate.readers.base import SourceRef
from migrate.scan.around import PAYMENT_METHOD_UPDATE, Endpoint, translate_around, update_kind
from migrate.scan.call_frame import call_frame
from migrate.scan.configured_urls import configured_templates
from migrate.scan.extract import Dynamic, Extractor, is_dynamic
from migrate.scan.http_bodies import body_params, markers
from migrate.scan.http_clients import Request
from migrate.scan.http_urls import Url
from migrate.scan.metadata_wholes import session_doc
from migrate.scan.options import HEADERS, idempotency_meta, keyed, request_option_findings
from migrate.scan.patterns import (
    CONFIRM,
    LINE_ITEMS_READ,
    SESSION_EXPIRE,
    SESSION_READ,
    Language,
)
from migrate.scan.site import (
    CallSite,
    located,
    related_site,
    session_meta,
    static_view,
)
from migrate.scan.suggest import ENDPOINT, suggestion
from migrate.scan.symbols import function_at
from migrate.scan.template_locals import templated_locals

SESSIONS: Final = "/v1/checkout/sessions"
_ENDPOINTS: Final = re.compile(
    r"^/v1/(?:checkout/sessions(?:/[^/]+(?:/expire|/line_items)?)?"
    r"|payment_intents(?:/[^/]+(?:/confirm)?)?|setup_intents|charges|subscriptions/[^/]+"
    r"|subscription_items/[^/]+(?:/usage_records)?|billing/meter_events"
    r"|invoices/(?:create_preview|upcoming))$"
)
_UNKNOWN: Final = "\x00"
_PI_UPDATE: Final = re.compile(r"/v1/payment_intents/[^/]+")


# -- what a URL is ----------------------------------------------------------------------------


def endpoint(url: Url, callee: str, generic: bool) -> str | None:
    """The Stripe API path a request URL names (``/v1/checkout/sessions``, ``{id}`` for a part
    known at run time), or None when it is not Stripe's (another host, another path, a
    project's own ``/checkout/sessions``). ``generic``: the request is made by a general HTTP
    client (``fetch``, ``axios``...), not a project's own Stripe request helper."""
    text = url.text.split("?", 1)[0].split("#", 1)[0]
    host = re.match(r"^https?://([^/\x00]*)(.*)$", text)
    if host is not None:
        if host.group(1).lower() != "api.stripe.com":
            return None
        path = host.group(2)
    elif text.startswith(_UNKNOWN):
        path = text.lstrip(_UNKNOWN)
        base = url.unknown[0].lower() if url.unknown else ""
        versioned = path.lstrip("/").startswith("v1/")
        if not versioned and "stripe" not in base and "stripe" not in callee.lower():
            return None
    else:
        path = text
        versioned = path.lstrip("/").startswith("v1/")
        bare = not path.startswith("/")
        if not versioned and "stripe" not in callee.lower() and (generic or not bare):
            return None
    path = "/" + path.lstrip("/")
    if not path.startswith("/v1/"):
        path = "/v1" + path
    path = re.sub(r"[^/]*\x00[^/]*", "{id}", path).rstrip("/")
    return path if _ENDPOINTS.match(path) else None


def id_source(url: Url) -> str | None:
    """The source of the object id a request's path holds at run time (``subscription_id`` in
    ``f"/v1/subscriptions/{subscription_id}"``): the part that is a whole segment of the path
    after the base (a base URL known at run time is none); None when there is none."""
    text = url.text.split("?", 1)[0].split("#", 1)[0]
    holes = 0
    if text.startswith(_UNKNOWN):  # the base URL, known at run time
        text, holes = text[1:], 1
    for segment in text.split("/"):
        if segment == _UNKNOWN and holes < len(url.unknown):
            return url.unknown[holes]
        holes += segment.count(_UNKNOWN)
    return None


# -- the site ---------------------------------------------------------------------------------
def merged(
    params: dict[str, Any], own: dict[str, Any], own_last: bool
) -> tuple[dict[str, Any], tuple[Dynamic, ...]]:
    """A caller's params with those a raw-HTTP wrapper adds (``own_last``: the wrapper's win
    where both set a key; maps are merged key by key), and the run-time values of the
    result."""
    first, then = (params, own) if own_last else (own, params)
    out = _deep(first, then)
    return out, tuple(markers(out, ""))


def _deep(first: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    out = dict(first)
    for key, value in then.items():
        before = out.get(key)
        if type(before) is dict and type(value) is dict:
            plain = not is_dynamic(before) and not is_dynamic(value)
            out[key] = _deep(before, value) if plain else value
        else:
            out[key] = value
    return out


def request_site(
    request: Request,
    where: str,
    *,
    callee: str,
    ex_type: type[Extractor],
    language: Language,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    own: tuple[dict[str, Any], bool] | None = None,
    spreads: tuple[Dynamic, ...] = (),
    ident: str | None = None,
) -> CallSite | None:
    """The site a request makes: a Checkout Session creation, a call around Checkout, related
    code, or None. ``own``: the params a raw-HTTP wrapper adds to its caller's body (and
    whether they win: :func:`merged`); ``spreads``: the maps known only at run time it merges
    into it (each a run-time spread of the params: RT006); ``ident``: the source of the object
    id the path holds at run time (``{id}``)."""
    method = request.method or ("POST" if request.body is not None else "GET")
    common: dict[str, Any] = {
        "file": path,
        **located(request.node, lines),
        "language": language.name,
        "callee": f"{callee} {method} {where}",
    }
    source = SourceRef(path, "code", line=common["line"])
    family = language.family
    frame = call_frame(request.node, family)
    if method == "POST" and where == SESSIONS:
        params, dynamic = _params(request, ex_type(source=text), own, spreads)
        meta = session_meta(dynamic)  # params spread in from a value not read: RT006
        doc = session_doc(params, dynamic)
        translation = static_view(translate_params(doc, source, options, meta), dynamic)
        kept = templated_locals(request.node, ex_type.functions, dynamic)  # a URL's local
        kept += configured_templates(dynamic)  # or its setting, set with a template
        return CallSite(
            kind="create",
            params=params,
            dynamic=dynamic,
            translation=translation,
            findings=(
                *translation.findings,
                *_headers(request, family, translation, text),
                *kept,
            ),
            suggestion=suggestion(
                family, translation.dodo, dynamic, findings=translation.findings, frame=frame
            ),
            **common,
        )
    meta = {"endpoint": where, "method": method}
    if method in ("POST", "DELETE") and lifecycle.route({}, meta) is not None:
        params, dynamic = _params(request, ex_type(source=text), own, spreads)
        # as the SDK's calls: a subscription update that changes nothing a migration carries
        # is no site, one that only sets the payment method is related code (X028); a
        # PaymentIntent update that changes neither amount nor currency is no re-price
        kind = update_kind(Endpoint(where, method), params, dynamic)
        if kind == "none":
            return None
        if kind == "payment_method":
            return related_site(PAYMENT_METHOD_UPDATE, common)
        if _PI_UPDATE.fullmatch(where) and not {"amount", "currency"} & set(params):
            return None
        # as the SDK's call is translated: its stand-ins resolved (a run-time customer is
        # looked up, not "{customer}"), its idempotency key a usage event's id
        told = idempotency_meta(_header_options(request, family))
        ids = translate_around(
            params,
            dynamic,
            source=source,
            options=options,
            endpoint=Endpoint(where, method, ident),
            told=told,
        )
        translation = ids.translation
        return CallSite(
            kind="create",
            params=params,
            dynamic=dynamic,
            translation=translation,
            findings=(*translation.findings, *_headers(request, family, translation, text)),
            suggestion=suggestion(
                family,
                translation.dodo,
                dynamic,
                path=translation.request[1] if translation.request else ENDPOINT,
                fallback=translation.fallback,
                findings=translation.findings,
                ident=ids.ident,
                handled=ids.handled,
                frame=frame,
            ),
            **common,
        )
    rule = _related_rule(where, method)
    if rule is None:
        return None
    return related_site(rule, common)


def _params(
    request: Request,
    ex: Extractor,
    own: tuple[dict[str, Any], bool] | None,
    spreads: tuple[Dynamic, ...],
) -> tuple[dict[str, Any], tuple[Dynamic, ...]]:
    """A request's body as params, with what a raw-HTTP wrapper adds to it (the maps it merges
    in at run time: ``spreads``)."""
    params, dynamic = body_params(request.body, ex)
    if own is None:
        return params, dynamic + spreads
    out, marked = merged(params, *own)
    return out, tuple(d for d in dynamic if not d.path) + spreads + marked


def _related_rule(where: str, method: str) -> str | None:
    if where.startswith(SESSIONS + "/"):
        if where.endswith("/line_items"):
            return LINE_ITEMS_READ
        if where.endswith("/expire"):
            return SESSION_EXPIRE
        return SESSION_READ if method == "GET" else None
    if method == "POST" and where.startswith("/v1/payment_intents/") and where.endswith("/confirm"):
        return CONFIRM
    return None


_HEADER: Final = re.compile(
    r"""(?P<name>Stripe-Account|Idempotency-Key)\s*(?::\s*(?P<inline>[^"'\n]*)["']"""
    r"""(?:\s*[.+]\s*(?P<joined>[^,\])\n;]+))?|["']\s*(?:=>|:|,)\s*(?P<value>[^,}\])\n]+))""",
    re.IGNORECASE,
)


def _headers(
    request: Request, family: str, translation: Translation, text: str
) -> tuple[Finding, ...]:
    """The findings of the request options a raw request sends as headers (``Stripe-Account``:
    a connected account, X017; ``Idempotency-Key``, X018, unless the Dodo call carries it)."""
    found = _header_options(request, family)
    kind = translation.kind
    return request_option_findings(found, kind, text, keyed=keyed(translation)) if found else ()


def _header_options(request: Request, family: str) -> list[tuple[str, str]]:
    """The request options a raw request sends as headers, as ``(option, source)``: written
    in its function (a headers dict, ``req.Header.Set(...)``, a curl header string) or,
    outside one, in its call."""
    function = function_at(request.node, family)
    scope = function.node.text() if function is not None else request.node.text()
    if "-account" not in scope.lower() and "idempotency-key" not in scope.lower():
        return []
    found = [
        (
            HEADERS[m["name"].lower()],
            ((m["inline"] or "").strip() or m["joined"] or m["value"] or "").strip(),
        )
        for m in _HEADER.finditer(scope)
    ]
    return [(k, v) for k, v in found if v]

"""The calls of a raw-HTTP wrapper (``migrate/scan/http_routes.py``: a helper joining Stripe's
base to a path its caller gives): each call is the request the wrapper makes, as written
directly, with the caller's params and what the wrapper adds to them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.mapping.translate import Options
from migrate.scan.around import Endpoint
from migrate.scan.extract import DYNAMIC, Dynamic, Extractor
from migrate.scan.http_routes import route_site
from migrate.scan.http_site import SESSIONS
from migrate.scan.patterns import Language
from migrate.scan.site import CallSite, related_finding
from migrate.scan.unseen_locals import unseen
from migrate.scan.wrapper_args import substitute
from migrate.scan.wrapper_binding import bind, call_arguments
from migrate.scan.wrapper_index import Wrapper
from migrate.scan.wrapper_receivers import wrapper_receiver

WRAPPER_CALL: Final = "X015"
AROUND_WRAPPER_CALL: Final = "X025"


def route_call(
    call: SgNode,
    wrapper: Wrapper,
    ex: Extractor,
    *,
    callee: str,
    language: Language,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
) -> tuple[CallSite, Endpoint | None] | None:
    """A call of a raw-HTTP wrapper: the request it makes, as written directly (None: its path
    or method cannot be told, or it is no request the scan reports), via the wrapper; the
    params the wrapper adds to the caller's with the caller's values for its parameters. With
    the site, the call around Checkout it makes (None: a Checkout Session creation, or related
    code)."""
    assert wrapper.route is not None
    own: dict[str, Any] = {}
    inner: list[str] = []
    hidden: list[str] = []
    spreads: tuple[Dynamic, ...] = ()
    if wrapper.body or wrapper.dynamic:
        bound, spread = bind(wrapper.params, call_arguments(call, ex.family), ex)
        state = (
            (wrapper.state, wrapper_receiver(call, wrapper, path, None, wrapper.state))
            if wrapper.state
            else None
        )
        own, dynamic, inner, hidden = substitute(wrapper, bound, spread=spread, own=state)
        spreads = tuple(d for d in dynamic if not d.path)  # maps it merges in at run time
    found = route_site(
        call,
        wrapper.route,
        wrapper.params,
        ex,
        callee=callee,
        language=language,
        text=text,
        path=path,
        lines=lines,
        options=options,
        own=own,
        spreads=spreads,
    )
    if found is None:
        return None
    site, where, method = found
    if site.kind != "create":
        return replace(site, via=wrapper.label), None
    said = ", ".join(inner) if inner else "none"
    around = None
    if where == SESSIONS:
        note = related_finding(WRAPPER_CALL, wrapper=wrapper.label, inner=said)
    else:
        around = Endpoint(where, method)
        what = around.what
        note = related_finding(AROUND_WRAPPER_CALL, call=what, wrapper=wrapper.label, inner=said)
    pairs = [(local, f"the wrapper {wrapper.label}") for local in hidden]
    fields = {n for n in hidden if n not in dict(wrapper.locals)}
    unseen_values = tuple(unseen(pairs, site.dynamic, fields=fields))
    said_site = replace(site, findings=(note, *unseen_values, *site.findings), via=wrapper.label)
    return said_site, around


def with_id(endpoint: Endpoint, ident: Any) -> Endpoint:
    """A wrapper's endpoint at one call: the object id the caller passes, in the path when it
    is a literal, else as its run-time source."""
    base = endpoint.path
    if type(ident) is str and ident and "/" not in ident:
        return replace(endpoint, path=base.replace("{id}", ident), id_source=None)
    if type(ident) is dict and DYNAMIC in ident:
        return replace(endpoint, id_source=str(ident[DYNAMIC]))
    return endpoint

"""A wrapper that passes its caller's params to Stripe whole (X039): the Dodo call forwards them.

``def create_checkout_session(**kwargs): return stripe.checkout.Session.create(**kwargs)``, a
Go ``NewCheckoutSession(params)`` returning ``session.New(params)``, a C# adapter's
``CreateAsync(options)``: the function builds nothing of its own. Translated alone, its call
was a Dodo call with a placeholder product and a blocker (RT007: no line item), though each of
its callers is reported with the cart its arguments make (X015). What it charges is each
caller's, so the Dodo call forwards the parameter as the Stripe call did: the SDK call with the
parameter as its params (Python ``create(**kwargs)``, Node ``create(params)``), or, in the
languages the suggestions call Dodo's REST API from, the parameter as the request's body (the
``dodoBody`` each caller's own Dodo code builds). The parameter's type changes with it, and its
callers pass Dodo params: the finding says so, and ``scan --fix`` leaves such a call alone (its
callers are not rewritten to pass Dodo params, so forwarding would break them).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Final, cast

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.expr import Expr
from migrate.scan.call_frame import CallFrame, call_frame
from migrate.scan.extract import Dynamic
from migrate.scan.patterns import Language
from migrate.scan.php_compat import decoded
from migrate.scan.site import CallSite, related_finding
from migrate.scan.suggest import ASYNC_CLIENT, imports
from migrate.scan.suggest_http import ENDPOINT, http_call, json_text, kotlin_raw, raw_block
from migrate.scan.wrapper_args import identifiers
from migrate.scan.wrapper_index import Wrapper

FORWARD: Final = "X039"
UNKNOWN_CART: Final = frozenset({"RT007", "RT004"})
"""The findings of a cart the call does not show: its callers show it."""

DODO_TYPE: Final = {
    "python": "a dict of `dodopayments.types.CheckoutSessionCreateParams`",
    "node": "`DodoPayments.CheckoutSessionCreateParams`",
    "ruby": "a Hash of the Dodo body, as `dodo_body` is built at each caller's site",
    "php": "an array or object of the Dodo body, as `$dodoBody` is built at each caller's site",
    "go": "`[]byte`: the JSON body, as `dodoBody` is built at each caller's site",
    "java": "`String`: the JSON body, as `dodoBody` is built at each caller's site",
    "kotlin": "`String`: the JSON body, as `dodoBody` is built at each caller's site",
    "csharp": "`string`: the JSON body, as `dodoBody` is built at each caller's site",
}
"""What the forwarded parameter holds after the move, in each family's terms."""

_NAME: Final = re.compile(r"[$]?[A-Za-z_]\w*")


def _forwarded(wrapper: Wrapper, params: Any, dynamic: tuple[Dynamic, ...]) -> str | None:
    """The wrapper's parameter its Checkout params are, whole and nothing else (``**kwargs``,
    ``...params``, ``$args``), in a family with a forward; None otherwise (own keys, a local,
    a field, a call around Checkout)."""
    whole = dynamic[0] if len(dynamic) == 1 else None
    if wrapper.endpoint is not None or params or whole is None or whole.path:
        return None
    name = whole.source.strip().lstrip("*.&")
    if wrapper.family not in DODO_TYPE or not _NAME.fullmatch(name):
        return None
    return name if any(n in wrapper.uses for n in identifiers(name, wrapper.family)) else None


def _said(wrapper: Wrapper, name: str) -> Finding:
    return related_finding(
        FORWARD, name=wrapper.name, param=name.lstrip("$"), dodo_type=DODO_TYPE[wrapper.family]
    )


def forward_said(wrapper: Wrapper) -> tuple[Finding, ...]:
    """X039 at a call of ``wrapper`` when the wrapper forwards its params whole: this call's
    arguments become the Dodo params it must pass (none otherwise)."""
    name = _forwarded(wrapper, wrapper.body, wrapper.dynamic)
    return (_said(wrapper, name),) if name is not None else ()


def forward_site(site: CallSite, wrapper: Wrapper, frame: CallFrame) -> CallSite:
    """``site`` (a wrapper's own creation, its findings said by :func:`as_wrapper`) as a call
    that forwards its parameter, when its params are that parameter and nothing else; else
    ``site`` as it is."""
    t = site.translation
    if t is None or t.dodo is None or t.request is not None:
        return site
    name = _forwarded(wrapper, site.params, site.dynamic)
    text = forward_call(wrapper.family, name, frame) if name is not None else None
    if name is None or text is None:
        return site
    kept = tuple(  # a call's own X039 (of the wrapper it calls): this one says it of both
        f
        for f in site.findings
        if not (f.code in UNKNOWN_CART and f.path == "line_items") and f.code != FORWARD
    )
    findings: tuple[Finding, ...] = (*kept[:1], _said(wrapper, name), *kept[1:])
    reason = f"the params are each caller's: the money is checked at each call of {wrapper.name}"
    money = {**t.money, "reason": reason} if t.money else t.money
    body = cast("dict[str, Any]", Expr(name, "", form="code"))  # the whole body, at run time
    translation = t._replace(dodo=body, money=money, findings=findings)
    return replace(site, translation=translation, findings=findings, suggestion=text)


def forwarded_via(site: CallSite, wrapper: Wrapper, call: SgNode, language: Language) -> CallSite:
    """A call of a wrapper that is a wrapper itself (``site``, made by ``call``), passing its
    own parameter on whole to one that forwards it (``checkout(params)`` returning
    ``this.stripeService.createCheckOutSession(params)``): forwarded too."""
    return forward_site(site, wrapper, call_frame(call, language.family))


def forward_call(family: str, name: str, frame: CallFrame) -> str | None:
    """The Dodo call that sends the parameter ``name`` as the checkout's params."""
    if family == "python":
        head = imports("python", {})
        if frame.awaited:
            head[0] = ASYNC_CLIENT
        return "\n".join([*head, f"client.checkout_sessions.create(**{name})"])
    if family == "node":
        return "\n".join([*imports("node", {}), f"client.checkoutSessions.create({name})"])
    text = http_call(family, {}, ENDPOINT, None, frame)
    empty = {"php": decoded(_EMPTY), "java": _JAVA_EMPTY.format(raw_block("java", _EMPTY))}.get(
        family, _EMPTY_BODY.get(family)
    )
    if empty is None or empty not in text:
        return None
    return text.replace(empty, _FORWARDED[family].format(name=name), 1)


_EMPTY: Final = json_text({})
_JAVA_EMPTY: Final = "String dodoBody = {};"
_EMPTY_BODY: Final = {
    "ruby": f"dodo_body = JSON.parse(<<~'JSON')\n  {_EMPTY}\nJSON\n",
    "go": f"dodoBody := []byte(`{_EMPTY}`)",
    "kotlin": f"val dodoBody = {kotlin_raw(_EMPTY)}",
    "csharp": f"var dodoBody = {raw_block('csharp', _EMPTY)};",
}
"""How each family's request code writes an empty body (suggest_http.py; PHP's as
:func:`~migrate.scan.php_compat.decoded` writes it), to put the forwarded one in its place."""
_FORWARDED: Final = {
    "ruby": "dodo_body = {name}\n",
    "php": "$dodoBody = {name};\n",
    "go": "dodoBody := {name}",
    "java": "String dodoBody = {name};",
    "kotlin": "val dodoBody = {name}",
    "csharp": "var dodoBody = {name};",
}

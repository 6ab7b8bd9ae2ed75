"""Raw-HTTP wrappers: a project's own function that sends a request to the Stripe API at a path
one of its parameters gives, and the calls to it.

Paymenter's Stripe gateway has ``private function request($method, $url, $data)`` sending
``Http::asForm()->$method('https://api.stripe.com/v1' . $url, $data)``; its callers write
``$this->request('post', '/checkout/sessions', [...])``. The request inside is no site (its
endpoint is its caller's), and the callers name no Stripe host: the function is a wrapper whose
:class:`Route` says where its request goes (the Stripe base before the path parameter), which
parameter gives the method (or the verb the request itself uses) and which the body: the body
itself, one spread into a body the wrapper builds (``{**params, "expand[]": "x"}``,
``array_merge($data, [...])``) or the whole request options (a fetch ``init``, ``**kwargs``);
the keys the wrapper adds (in the body it builds, or set on the caller's: ``$data['k'] = v``,
``form.Set(k, v)``) are its own params, put in at each call with the caller's values for its
parameters (``migrate/scan/wrappers.py``). The request may be in a callback the function runs
(``function_at(callbacks=True)``).
``migrate/scan/http.py`` finds these functions; ``migrate/scan/wrappers.py`` indexes them with
the other wrappers and finds the calls that reach one. Each call whose path is a literal (or a
name bound to one, or a literal joined to an id: ``'/subscriptions/' . $id``) is then the
request written directly (:func:`route_site`): the method its method argument names (or the
parameter's default), the body its data argument, read as a request's body is. A call whose
path or method cannot be told is no site: it is not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.mapping.translate import Options
from migrate.scan.extract import Dynamic, Extractor
from migrate.scan.http_bodies import added_params, body_node, body_params
from migrate.scan.http_clients import Body, Format, Request, init_request, verb_of
from migrate.scan.http_site import endpoint, request_site
from migrate.scan.http_urls import Url, url_of
from migrate.scan.params import Param
from migrate.scan.patterns import Language
from migrate.scan.site import CallSite
from migrate.scan.wrapper_binding import Arguments, call_arguments

_UNKNOWN: Final = "\x00"
_HOST: Final = re.compile(r"^https?://api\.stripe\.com(?P<path>/[^\x00]*)?$", re.IGNORECASE)
_ROOTS: Final = frozenset({"", "/", "/v1", "/v1/"})
"""What a base may hold after Stripe's host: the API root, never a resource (a function
joining ``/v1/customers/`` to an id is a request of its own, not a wrapper)."""
_TRANSFORMS: Final = re.compile(
    r"^(?P<name>[$@]?[A-Za-z_]\w*)(?:\s*(?:\.|->)\s*[A-Za-z_]\w*\s*\([^()]*\))*$"
    r"|^[A-Za-z_][\w.]*\(\s*(?P<arg>[$@]?[A-Za-z_]\w*)\s*(?:,\s*(?:'[^']*'|\"[^\"]*\"))?\s*\)$"
)
"""A parameter, as such or through calls that keep what it says (``ltrim($path, '/')``,
``method.upper()``, ``strtoupper($method)``, ``path.lstrip("/")``)."""
_HOPS: Final = 2


@dataclass(frozen=True, slots=True)
class Route:
    """Where a raw-HTTP wrapper's request goes: the Stripe base before its path parameter, what
    follows that parameter (a query), and where its method and body come from."""

    base: Url
    path: str
    """The parameter the path is (as written: PHP's ``$url``)."""
    tail: Url
    method: str | None = None
    """The request's own verb (None: as its body says)."""
    verb: str | None = None
    """The parameter the method is, when the request takes it from one."""
    body: str | None = None
    """The parameter the body is (None: the request sends none), or the one spread into the
    body the wrapper builds (``{**params, "expand[]": "x"}``, ``array_merge($data, [...])``)."""
    format: Format = "auto"
    own: dict[str, Any] = field(default_factory=dict)
    """The params the wrapper adds to the caller's in the body it builds, in its own terms."""
    own_dynamic: tuple[Dynamic, ...] = ()
    """The run-time values of ``own`` (the wrapper's parameters among them: the caller's)."""
    own_last: bool = True
    """Whether the wrapper's own params win over the caller's (written after the spread)."""
    init: str | None = None
    """The parameter the whole request options are (a fetch ``init`` spread into the wrapper's
    own options, Python's ``**kwargs``): the caller's method and body make the request."""


def route_of(
    request: Request,
    url: Url,
    params: tuple[Param, ...],
    ex: Extractor,
    hidden: tuple[str, ...] = (),
) -> Route | None:
    """The route of a request made in a function with ``params``, when it is a raw-HTTP
    wrapper's: its URL is a Stripe API base joined to one of the parameters, and its method
    and body are the request's own or other parameters (the body may be one spread into a
    body it builds; the whole request options may be one). ``hidden``: the names a callback
    the request is in binds (its own parameters: not the function's)."""
    names = {local for p in params if not p.keys for local in p.locals} - set(hidden)
    if ex.family == "node":  # the request's parts as fields of one options object it is given
        fields = {f"{p.name}.*" for p in params if not p.keys and p.name not in hidden}
        bound = {local for p in params if p.keys for local in p.locals} - set(hidden)
        names |= {n for n in fields | bound if not any(p.rest and n in p.locals for p in params)}
    pieces = url.text.split(_UNKNOWN)
    at = next((i for i, s in enumerate(url.unknown) if _parameter(s, names)), None)
    if at is None:
        return None
    path = _parameter(url.unknown[at], names) or ""
    base = Url(_UNKNOWN.join(pieces[: at + 1]), url.unknown[:at])
    tail = Url(_UNKNOWN.join(pieces[at + 1 :]), url.unknown[at + 1 :])
    if not _stripe_base(base, names) or tail.text[:1] not in ("", "?", "#"):
        return None
    verb = None
    if request.verb is not None:
        verb = _named(request.verb, names, ex)
        if verb is None:
            return None  # a method the wrapper computes: its calls cannot tell it
    body = None
    fmt: Format = "auto"
    built: tuple[dict[str, Any], tuple[Dynamic, ...], bool] = ({}, (), True)
    if request.body is not None:
        node, fmt = body_node(_sent(request.body, ex), ex)
        named = node.kind() in ex.name_kinds or _FIELD.match(node.text()) is not None
        body = _parameter(node.text(), names) if named else None
        if body is not None and body == node.text():  # the keys it sets on it: its own
            built = (*added_params(node, ex), True)
        elif body is None:
            mixed = _built(request.body, node, names, ex)
            if mixed is None:
                return None  # a body the wrapper computes otherwise: no caller's params
            body, built = mixed[0], mixed[1:]
    init = None
    if request.body is None and request.init is not None:
        init = _parameter(request.init.text(), names)
    if path in (verb, body, init):
        return None
    own, own_dynamic, own_last = built
    return Route(
        base, path, tail, request.method, verb, body, fmt, own, own_dynamic, own_last, init
    )


_SPREAD: Final = re.compile(r"^(?:\*\*|\.\.\.)")


def _built(
    body: Body, node: SgNode, names: set[str], ex: Extractor
) -> tuple[str, dict[str, Any], tuple[Dynamic, ...], bool] | None:
    """A body the wrapper builds around one of its parameters spread into it whole: that
    parameter, the params the wrapper adds (with their run-time values), and whether those
    win over the caller's (written after the spread; PHP's ``+`` keeps the left's)."""
    params, dynamic = body_params(body, ex)
    whole = [d for d in dynamic if not d.path]
    if len(whole) != 1:
        return None  # none (the body is the wrapper's alone), or two values spread
    spread = _SPREAD.sub("", whole[0].source.strip())
    if spread not in names:
        return None  # a value computed from it (``sign(params)``): not the caller's params
    text = node.text()
    at = text.find(whole[0].source.strip().lstrip("*."))
    keys = [text.find(k.split("[", 1)[0]) for k in params]
    first = min((k for k in keys if k >= 0), default=len(text))
    own_last = at < first
    operator = node.field("operator")
    if node.kind() == "binary_expression" and operator is not None and operator.text() == "+":
        own_last = not own_last  # PHP's $a + $b: the left's keys are kept
    return spread, params, tuple(d for d in dynamic if d.path), own_last


def _sent(body: Body, ex: Extractor) -> Body:
    """The body a request sends when it sends one: ``verb === "POST" ? form : undefined`` (a
    body left out of a GET) is ``form``, which a GET call does not pass."""
    node = ex.unwrap(body.node)
    if node.kind() != "ternary_expression":
        return body
    then, else_ = node.field("consequence"), node.field("alternative")
    if then is None or else_ is None:
        return body
    if else_.text() in ("undefined", "null"):
        return Body(then, body.format)
    if then.text() in ("undefined", "null"):
        return Body(else_, body.format)
    return body


_FIELD: Final = re.compile(r"^(?P<param>[A-Za-z_$][\w$]*)\s*\.\s*(?P<key>[A-Za-z_$][\w$]*)$")


def _parameter(source: str, names: set[str]) -> str | None:
    """The parameter an expression is (or a call that keeps what it says makes of it); in
    JavaScript also a field of an options parameter (``options.path``: ``names`` holds
    ``options.*``), as ``options.path``."""
    field = _FIELD.match(source.strip())
    if field is not None and f"{field['param']}.*" in names:
        return f"{field['param']}.{field['key']}"
    found = _TRANSFORMS.match(source.strip())
    if found is None:
        return None
    name = found.group("name") or found.group("arg")
    return name if name in names and not name.endswith(".*") else None


def _named(node: SgNode, names: set[str], ex: Extractor) -> str | None:
    """The parameter ``node`` is, through up to ``_HOPS`` names bound to it."""
    for _ in range(_HOPS + 1):
        found = _parameter(node.text(), names)
        if found is not None:
            return found
        bound = ex.binding(node) if node.kind() in ex.name_kinds else None
        if bound is None:
            return None
        node = bound[0]
    return None


def _stripe_base(base: Url, names: set[str]) -> bool:
    """Whether a URL's part before the path is Stripe's API root: its host written out, or a
    value known at run time whose source names Stripe (``config('services.stripe.base')``)."""
    host = _HOST.match(base.text)
    if host is not None:
        return (host.group("path") or "") in _ROOTS
    if len(base.unknown) != 1 or not base.text.startswith(_UNKNOWN):
        return False
    source = base.unknown[0]
    named = re.findall(r"[$@]?[A-Za-z_]\w*", source)
    return "stripe" in source.lower() and base.text[1:] in _ROOTS and not set(named) & names


# -- a call of a raw-HTTP wrapper --------------------------------------------------------------


def route_site(
    call: SgNode,
    route: Route,
    params: tuple[Param, ...],
    ex: Extractor,
    *,
    callee: str,
    language: Language,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    own: dict[str, Any] | None = None,
    spreads: tuple[Dynamic, ...] = (),
) -> tuple[CallSite, str, str] | None:
    """The site a call of a raw-HTTP wrapper makes, as the same request written directly would
    (with its endpoint and method), or None when its path or method cannot be told or the
    request is none the scan reports. ``own``: the params the wrapper adds to the caller's
    (its ``Route.own`` in the caller's terms); ``spreads``: the maps known only at run time it
    merges into them (in the caller's terms)."""
    args = call_arguments(call, language.family)
    given = _argument(params, args, route.path)
    if given is not None:
        asked = url_of(given, ex)
    else:
        default = _literal(_default(params, route.path))
        if default is None:
            return None
        asked = Url(default)
    where = endpoint(route.base + asked + route.tail, callee, False)
    if where is None:
        return None
    method = route.method
    if route.verb is not None:
        said = _argument(params, args, route.verb)
        method = verb_of(said, ex) if said is not None else _default_verb(params, route.verb)
        if method is None:
            return None
    data = _argument(params, args, route.body) if route.body is not None else None
    body = Body(data, route.format) if data is not None else None
    if route.init is not None:
        verb, body = _init(params, args, route.init, ex)
        method = verb or method
    method = method or ("POST" if body is not None or own or spreads else "GET")
    request = Request(call, given or call, method, body, False)
    site = request_site(
        request,
        where,
        callee=callee,
        ex_type=type(ex),
        language=language,
        text=text,
        path=path,
        lines=lines,
        options=options,
        own=(own or {}, route.own_last) if own or spreads else None,
        spreads=spreads,
    )
    return (site, where, method) if site is not None else None


def _init(
    params: tuple[Param, ...], args: Arguments, local: str, ex: Extractor
) -> tuple[str | None, Body | None]:
    """The method and body of the request options a call passes whole: the argument for the
    wrapper's ``init`` parameter, or (Python's ``**kwargs``) the keywords no other parameter
    takes."""
    if ex.family == "python":
        named = {p.bare for p in params if p.keyword and not p.rest}
        return init_request(None, {k: v for k, v in args.keyword.items() if k not in named}, ex)
    return init_request(_argument(params, args, local), {}, ex)


def _argument(params: tuple[Param, ...], args: Arguments, local: str) -> SgNode | None:
    """The argument a call passes for the parameter ``local`` (by name or position); for a
    field of an options parameter (``options.path``, or ``path`` an object pattern binds),
    that field of the object literal the call passes."""
    if "." in local:
        owner, key = local.split(".", 1)
        given = _argument(params, args, owner)
        return _field(given, key) if given is not None else None
    pattern = next((p for p in params if p.keys and local in p.locals), None)
    if pattern is not None:
        key = next(k for k, v in pattern.keys if v == local)
        given = _passed(params, args, pattern)
        return _field(given, key) if given is not None else None
    param = next((p for p in params if local in p.locals and not p.keys), None)
    return _passed(params, args, param) if param is not None else None


def _passed(params: tuple[Param, ...], args: Arguments, param: Param) -> SgNode | None:
    """The argument a call passes for ``param`` (by name or position)."""
    if param.rest:
        return None
    if param.keyword and param.bare in args.keyword:
        return args.keyword[param.bare]
    positional = [p for p in params if p.position is not None and not p.rest]
    if param not in positional:
        return None
    index = positional.index(param)
    return args.positional[index] if index < len(args.positional) else None


def _field(given: SgNode, key: str) -> SgNode | None:
    """The value an object literal gives ``key`` (``{ path: "/checkout/sessions" }``, or
    ``{ path }`` naming it), or None (not an object literal, or no such key)."""
    if given.kind() != "object":
        return None
    for child in given.named_children():
        if child.kind() == "shorthand_property_identifier" and child.text() == key:
            return child
        name = child.field("key") if child.kind() == "pair" else None
        if name is not None and name.text().strip("'\"") == key:
            return child.field("value")
    return None


def _default(params: tuple[Param, ...], local: str) -> str | None:
    return next((p.default for p in params if local in p.locals and not p.keys), None)


def _literal(source: str | None) -> str | None:
    """The text of a string literal's source (``'charges'``, ``"POST"``, ``:post``)."""
    if source is None:
        return None
    found = re.fullmatch(r"""\s*(?:'([^'\\]*)'|"([^"\\$#{]*)"|:(\w+))\s*""", source)
    if found is None:
        return None
    return next(g for g in found.groups() if g is not None)


def _default_verb(params: tuple[Param, ...], local: str) -> str | None:
    word = (_literal(_default(params, local)) or "").upper()
    return word if word in ("GET", "POST", "PUT", "PATCH", "DELETE") else None

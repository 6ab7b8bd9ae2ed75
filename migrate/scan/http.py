"""Raw HTTP requests to the Stripe API, read as the SDK calls they stand for.

Code that talks to Stripe without its SDK (``requests.post("https://api.stripe.com/v1/checkout/
sessions", data={...})``, ``fetch(`${STRIPE}/v1/checkout/sessions`, {method: "POST", body})``,
Guzzle, ``curl_setopt``, ``Net::HTTP::Post``, ``http.NewRequest``...) is found from the URL:

1. a string literal naming a Stripe endpoint (``checkout/sessions``, ``/v1/payment_intents``...)
   is followed outwards through the expression that builds the URL (concatenation,
   interpolation, ``URI(...)``, ``new URL(path, base)``) and through a name it is bound to, to
   the call that takes the URL as an argument;
2. the language's reader (``migrate/scan/http_clients.py``) says whether that call is an HTTP
   request, with which method and which body (form-encoded or JSON);
3. the whole URL is judged (``migrate/scan/http_site.py``): a full URL must be on
   ``api.stripe.com``; a URL joined to a base known only at run time counts when its path is
   Stripe's versioned ``/v1/...``, or the base names Stripe; a bare ``checkout/sessions`` counts
   only when passed to a project's own request helper (not ``fetch``/``axios``, where a relative
   path is the project's own API).

A class whose method returns such a URL (``getEndpoint() { return $this->endpoint .
'/checkout/sessions'; }``) is a request class, the shape of Omnipay and Saloon: the sibling
method that returns the data (``getData``, ``defaultBody``, ``payload``...) is the body, the one
that returns the HTTP method (``getHttpMethod``) the method (POST when there is data), and a
relative path counts when the class's qualified name names Stripe
(``migrate/scan/http_classes.py``).

The body becomes the params (bracket keys such as ``line_items[0][price]`` nest as in a form;
run-time values are ``$dynamic`` markers); the site is translated by endpoint, as curl is: a
``POST /v1/checkout/sessions`` creates a Checkout Session, the calls around Checkout route by
their path (``migrate/mapping/lifecycle.py``), reads and expires of a session are related code
(``migrate/scan/http_site.py``).

Stripe's own SDK source copied into a project (stripe-php's ``ApiRequestor`` building
``/v1/checkout/sessions`` under ``includes/lib/Stripe``) is not the project's code: a file whose
namespace, package or module is the SDK's is skipped (:func:`vendored_sdk`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Final

from ast_grep_py import SgNode

from migrate.mapping.translate import Options
from migrate.scan.extract import Extractor
from migrate.scan.http_bodies import body_node, body_params
from migrate.scan.http_classes import request_class
from migrate.scan.http_clients import Request, read_request
from migrate.scan.http_routes import route_of
from migrate.scan.http_site import SESSIONS, endpoint, id_source, request_site
from migrate.scan.http_urls import (
    ACCESSES,
    ARGUMENT_LISTS,
    BINDINGS,
    CONCATENATIONS,
    CONTAINERS,
    TEMPLATES,
    default_of,
    url_call,
    url_of,
)
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import Language, normalise_callee
from migrate.scan.site import CallSite
from migrate.scan.symbols import function_at
from migrate.scan.words import SharedWords
from migrate.scan.wrapper_gate import may_wrap
from migrate.scan.wrapper_index import Wrapper
from migrate.scan.wrappers import as_wrapper, route_wrapper, wrapper_of

_MENTIONS: Final = re.compile(
    r"checkout/sessions|/v1/(?:payment_intents|setup_intents|charges|subscriptions|"
    r"subscription_items|invoices|billing/meter_events)|api\.stripe\.com"
)
"""A file is searched for requests only when its text names one of these paths."""
_LITERAL: Final = re.compile(
    r"checkout/sessions|v1/(?:payment_intents|setup_intents|charges|subscriptions|"
    r"subscription_items|invoices)|api\.stripe\.com"
)
_HOST: Final = "api.stripe.com"
_HOST_PATTERN: Final = r"api\.stripe\.com"
"""A raw-HTTP wrapper's file names Stripe's API host (its base, or a constant holding it)."""
_MAX_HOPS: Final = 4
"""How many names a URL is followed through (``url = base + path; post(url)``)."""

_VENDORED: Final = {
    "php": re.compile(r"^\s*namespace\s+\\?Stripe\s*(?:;|\\|\{)", re.MULTILINE),
    "java": re.compile(r"^\s*package\s+com\.stripe[.;]", re.MULTILINE),
    "csharp": re.compile(r"^\s*namespace\s+Stripe(?:\.[\w.]+)?\s*[;{]", re.MULTILINE),
    "go": re.compile(
        r"^\s*package\s+stripe\b|^\s*//\s*import\s+\"github\.com/stripe/", re.MULTILINE
    ),
    "ruby": re.compile(r"\A(?:\s*#.*\n|\s*require.*\n|\s*)*\s*module\s+Stripe\b"),
    "python": re.compile(
        r"^\s*(?:from\s+stripe\.(?:_|api_resources)|import\s+stripe\._)", re.MULTILINE
    ),
    "node": re.compile(r"\bStripeResource\.extend\(|\bstripeMethod\("),
}
"""What Stripe's own SDK source says about itself: its namespace (``Stripe\\...``), package
(``com.stripe``, Go's ``package stripe``), top-level ``module Stripe``, its private modules
(``from stripe._api_requestor import``), its resource factory (``StripeResource.extend``)."""


_PREFIXED_PHP: Final = re.compile(
    r"^\s*namespace\s+\\?(?:\w+\\)+Stripe\s*(?:;|\\|\{)", re.MULTILINE
)
_SDK_BASES_PHP: Final = re.compile(
    r"\bextends\s+\\?(?:[\w\\]*\\)?"
    r"(?:AbstractService|AbstractServiceFactory|ApiResource|SingletonApiResource|StripeObject)\b"
)
r"""stripe-php copied into a plugin under a prefix (Strauss, PHP-Scoper, Mozart:
``namespace Acme\Vendor\Stripe\Service;``): the prefixed namespace and a class of the SDK's
own bases (``extends ...\Service\AbstractService``, ``extends ApiResource``). A project's own
classes in a ``...\Stripe`` namespace extend no such base."""


def vendored_sdk(path: str, text: str, family: str) -> bool:
    """Whether a file is Stripe's SDK itself (copied into the project, often under ``lib/``):
    its namespace, package or module is the SDK's (in PHP, also under a prefix: see
    :data:`_PREFIXED_PHP`). Python needs a ``stripe`` folder in the path too (a project may
    import private ``stripe._`` modules, not live in a ``stripe`` package beside them)."""
    if family == "php" and _PREFIXED_PHP.search(text) and _SDK_BASES_PHP.search(text):
        return True
    found = _VENDORED.get(family)
    if found is None or found.search(text) is None:
        return False
    if family == "python":
        return "stripe" in re.split(r"[\\/]", path)[:-1]
    return True


_SDK_FOLDER: Final = re.compile(
    r"(?i)(?:^|[\\/])(?:stripe[-_.](?:php|go|java|dotnet|net|ruby|node|python)|vendor|vendored"
    r"|third[-_]?party)[\\/]"
)
"""A folder a copy of Stripe's SDK lives in (``includes/stripe-php/lib``, ``libs/stripe-java``,
``third_party``)."""


def sdk_copy(path: str, text: str, family: str) -> bool:
    """Whether a file is a copy of Stripe's SDK to skip whole (not only its raw HTTP): what
    :func:`vendored_sdk` says, in a folder such a copy lives in, or a PHP class of the SDK's
    (its namespace, maybe prefixed, and an SDK base class). An application's own package or
    namespace named after Stripe (Go's ``internal/stripe`` ``package stripe``, C#'s
    ``namespace Stripe.Onboarding``) is its code: it wraps the SDK."""
    if (
        family == "php"
        and _SDK_BASES_PHP.search(text)
        and (_PREFIXED_PHP.search(text) or _VENDORED["php"].search(text))
    ):
        return True  # (the PHP searches for PHP only: each walks the whole text)
    return _SDK_FOLDER.search(path) is not None and vendored_sdk(path, text, family)


# -- finding the requests ---------------------------------------------------------------------


def http_sites(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
) -> Iterator[tuple[int, CallSite, Wrapper | None]]:
    """Each raw HTTP request to a Stripe endpoint the scanner translates or flags, with the
    offset it starts at, and the wrapper it makes of the function around it (a creation that
    takes values from that function's parameters)."""
    for request, where, callee, ident in _requests(root, language, ex_type, text=text, path=path):
        site = request_site(
            request,
            where,
            callee=callee,
            ident=ident,
            ex_type=ex_type,
            language=language,
            text=text,
            path=path,
            lines=lines,
            options=options,
        )
        if site is None:
            continue
        wrapper = None
        if site.kind == "create" and where == SESSIONS:
            wrapper = wrapper_of(
                request.node, site.params, site.dynamic, family=language.family, path=path
            )
        if wrapper is not None:
            wrapper = replace(wrapper, form=_form(request, ex_type(source=text)))
            site = as_wrapper(site, wrapper)
        yield request.node.range().start.index, site, wrapper


def http_wrappers(
    root: SgNode, language: Language, ex_type: type[Extractor], *, text: str, path: str
) -> Iterator[Wrapper]:
    """The wrappers raw HTTP creations of a Checkout Session make of the functions around them
    (the first pass of a scan: no translation)."""
    for request, where, _, _ in _requests(root, language, ex_type, text=text, path=path):
        method = request.method or ("POST" if request.body is not None else "GET")
        if where != SESSIONS or method != "POST":
            continue
        params, dynamic = body_params(request.body, ex_type(source=text))
        wrapper = wrapper_of(request.node, params, dynamic, family=language.family, path=path)
        if wrapper is not None:
            yield replace(wrapper, form=_form(request, ex_type(source=text)))


def _form(request: Request, ex: Extractor) -> bool:
    """Whether a request's body is form-encoded (or may be): a caller's params merged into it
    nest by their bracket keys (``line_items[0][price]``)."""
    return request.body is None or body_node(request.body, ex)[1] != "json"


def _requests(
    root: SgNode, language: Language, ex_type: type[Extractor], *, text: str, path: str
) -> Iterator[tuple[Request, str, str, str | None]]:
    """Each request to a Stripe endpoint: the request, its endpoint, its callee and the source
    of the object id its path holds at run time (``{id}``), if any."""
    family = language.family
    if "checkout/sessions" not in text and "/v1/" not in text and _HOST not in text:
        return  # literal searches first: the regex walks every character
    if _MENTIONS.search(text) is None or vendored_sdk(path, text, family):
        return
    seen: set[int] = set()
    ex = ex_type(source=text)
    for request in _read(root, language, ex, _LITERAL.pattern):
        at = request.node.range().start.index
        if at in seen:
            continue
        callee = request.callee or normalise_callee(_callee_text(request.node))
        url = url_of(request.url, ex)
        where = endpoint(url, callee, request.generic)
        if where is None:
            continue
        seen.add(at)
        yield request, where, callee, id_source(url) if "{id}" in where else None


def _read(root: SgNode, language: Language, ex: Extractor, pattern: str) -> Iterator[Request]:
    """The requests whose URL holds a string literal matching ``pattern`` (none in a language
    whose requests are not read: Kotlin's, whose calls name no argument list; its SDK calls in
    the same file are found all the same)."""
    if language.family not in ARGUMENT_LISTS:
        return
    for kind in language.string_kinds:
        for literal in of_kind(root, kind, pattern):
            for call, wrapped in _uses(literal, ex, 0):
                arg = wrapped
                if arg.kind() == "argument":  # PHP and C# wrap each argument
                    inner = [c for c in arg.named_children() if not is_comment(c)]
                    arg = inner[-1] if inner else arg
                if call.kind() == "return_statement":  # a request class's endpoint method
                    request = request_class(call, arg, ex)
                else:
                    request = read_request(call, arg, ex)
                if request is not None:
                    yield request


def http_helpers(
    root: SgNode,
    language: Language,
    ex_type: type[Extractor],
    *,
    text: str,
    path: str,
    shared: SharedWords | None = None,
) -> Iterator[Wrapper]:
    """The raw-HTTP wrappers a file defines: functions that send a request to a Stripe API base
    joined to one of their parameters (``migrate/scan/http_routes.py``); with ``shared``, only
    those another file can name (:func:`may_wrap`)."""
    family = language.family
    if _HOST not in text or vendored_sdk(path, text, family):
        return  # a literal search first
    ex = ex_type(source=text)
    seen: set[int] = set()
    for request in _read(root, language, ex, _HOST_PATTERN):
        at = request.node.range().start.index
        if at in seen or request.callee:  # a request class's endpoint: not a function's request
            continue
        seen.add(at)
        function = function_at(request.node, family, callbacks=True)  # a request in a callback
        if function is None or not function.params:
            continue
        callee = normalise_callee(_callee_text(request.node))
        url = url_of(request.url, ex)
        if endpoint(url, callee, request.generic) is not None:
            continue  # a request of its own (reported where it is)
        route = route_of(request, url, function.params, ex, function.bound)
        if route is None or (shared is not None and not may_wrap(request.node, family, shared)):
            continue
        wrapper = route_wrapper(request.node, route, family=family, path=path)
        if wrapper is not None:
            yield wrapper


def _callee_text(call: SgNode) -> str:
    args = call.field("arguments")
    whole = call.text()
    if args is None:
        return whole.split("(", 1)[0]
    return whole[: args.range().start.index - call.range().start.index]


def _uses(node: SgNode, ex: Extractor, hops: int) -> Iterator[tuple[SgNode, SgNode]]:
    """The calls a URL expression reaches as an argument: ``(call, the argument)``; through an
    options object (``{url: ...}``, ``[CURLOPT_URL => ...]``) and names it is bound to."""
    family = ex.family
    while True:
        parent = node.parent()
        if parent is None:
            return
        kind = parent.kind()
        wrapping = url_call(parent, node, ex)
        if wrapping is not None:
            node = wrapping
            continue
        if kind in CONCATENATIONS[family] or kind in ex.wrappers or kind in CONTAINERS[family]:
            node = parent
            continue
        if kind == "boolean_operator":  # Python: os.environ.get("STRIPE_API") or "https://..."
            node = parent
            continue
        looked_up = default_of(parent, node, ex)
        if looked_up is not None:
            node = looked_up  # a setting whose default is the URL
            continue
        if kind in TEMPLATES:
            node = parent  # a name interpolated in the URL (``f"{STRIPE_API}{path}"``)
            continue
        if kind in ACCESSES[family] and parent.named_children()[-1] == node:
            node = parent  # the constant's name read on its class (``self::API``)
            continue
        if kind in ARGUMENT_LISTS[family]:
            call = parent.parent()
            if call is not None and call.field("arguments") == parent:
                yield call, node
            elif call is not None and call.kind() in ARGUMENT_LISTS[family]:
                outer = call.parent()
                if outer is not None:
                    yield outer, parent
            return
        if kind in BINDINGS[family] and hops < _MAX_HOPS:
            yield from _name_uses(parent, node, ex, hops)
        elif kind == "return_statement":
            yield parent, node  # a request class's endpoint method (request_class tells)
        return


def _name_uses(
    binding: SgNode, value: SgNode, ex: Extractor, hops: int
) -> Iterator[tuple[SgNode, SgNode]]:
    """The calls reached through the name a URL is bound to, after the binding in its scope."""
    target = None
    for child in binding.named_children():
        if child == value:
            break
        named = child
        if child.kind() == "expression_list":  # Go: the names of `x := ...`
            named = next(iter(child.named_children()), child)
        if named.kind() in ex.name_kinds or named.kind() in ("constant", "name"):
            target = named
    if target is None:
        return
    name = target.text()
    scope = ex.scope(binding)
    end = binding.range().end.index
    for use in scope.find_all(kind=target.kind()):
        if use.text() == name and use.range().start.index >= end:
            yield from _uses(use, ex, hops + 1)

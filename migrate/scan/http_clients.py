"""The HTTP clients of each language: which calls make a request, with which method and body.

Data and small readers per language family, used by ``migrate/scan/http.py`` (how a URL is
built and read is in ``migrate/scan/http_urls.py``): the request calls (``requests.post``,
``fetch``, ``axios``, Guzzle,
``wp_remote_post``, ``curl_setopt``, ``Net::HTTP::Post.new``, ``http.NewRequest``,
``PostAsync``, OkHttp's ``Request.Builder().url(...).post(...)``) and what wraps a body
(``http_build_query``, ``JSON.stringify``, ``URI.encode_www_form``, ``form.Encode()``...). A
call that is none of these but takes a Stripe path (``ApiRequest::request($args,
'checkout/sessions')``, ``self.post("/v1/checkout/sessions", data=...)``) is a project's own
request helper: its method is the HTTP verb among its arguments (POST when it passes a body),
its body the argument that is neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, arguments, start, text
from migrate.scan.http_urls import callee_of
from migrate.scan.nodes import is_comment

Format = Literal["form", "json", "auto"]


@dataclass(frozen=True, slots=True)
class Body:
    """A request body: the expression, and how it is encoded (``auto``: as its value says)."""

    node: SgNode
    format: Format = "auto"


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request in code: the node it is reported at, its URL expression, its method
    (None: not said), its body, and whether a general HTTP client makes it."""

    node: SgNode
    url: SgNode
    method: str | None
    body: Body | None
    generic: bool
    callee: str = ""
    """What the site is called when it is not a call (a request class's endpoint method)."""
    verb: SgNode | None = None
    """The expression the method is taken from when the code does not spell it (``$method`` in
    ``$client->request($method, $url)``, ``{ method, body }``): a raw-HTTP wrapper's parameter,
    ``migrate/scan/http.py``; ``method`` is then what is assumed without it."""
    init: SgNode | None = None
    """The request options passed on whole from elsewhere (``fetch(url, {...init, headers})``,
    ``fetch(url, init)``, Python's ``**kwargs``): a raw-HTTP wrapper's caller gives them
    (``migrate/scan/http_routes.py``); ``method`` and ``body`` are then the request's own."""


_VERBS: Final = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

# -- the request calls ------------------------------------------------------------------------

_GENERIC_ROOTS: Final = frozenset(
    {
        "requests",
        "httpx",
        "aiohttp",
        "urllib",
        "urllib3",
        "axios",
        "got",
        "ky",
        "superagent",
        "needle",
        "undici",
        "fetch",
        "$fetch",
        "ofetch",
        "http",
        "https",
        "Net",
        "HTTParty",
        "Faraday",
        "RestClient",
        "HTTP",
        "Excon",
        "Http",
    }
)
_GENERIC_NAMES: Final = frozenset({"fetch", "$fetch", "ofetch", "ky", "got", "axios"})


_MOCKS: Final = re.compile(
    r"stub|mock|fake|nock|intercept|expect|assert|register|respond|should|allow|"
    r"^(?:responses|respx|requests_mock|aioresponses|httpretty|rest|msw|sinon|jest|vi|cy|page)$",
    re.IGNORECASE,
)
"""Callee parts of test doubles (``stub_request(:post, url)``, ``nock(...)``, ``respx.post``,
``responses.add``, MSW's ``rest.post(url, resolver)``): they answer requests, never send one."""
_FUNCTION_KINDS: Final = frozenset(
    {"arrow_function", "function_expression", "function", "lambda", "block", "do_block"}
)


def read_request(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    """The request ``call`` makes with the URL in ``arg`` (one of its arguments), or None when
    it is not a request (a log line, a string helper, a test double answering one). A method
    returning the URL is read by ``migrate/scan/http_classes.py``."""
    reader = _READERS.get(ex.family)
    if reader is None or any(_MOCKS.search(part) for part in callee_of(call).split(".")):
        return None
    if any(a.kind() in _FUNCTION_KINDS for a in arguments(call)):
        return None  # a handler for requests to the URL (MSW's http.post(url, resolver))
    return reader(call, arg, ex)


def _generic(callee: str) -> bool:
    return callee.split(".", 1)[0] in _GENERIC_ROOTS or callee.rsplit(".", 1)[-1] in _GENERIC_NAMES


def verb_of(node: SgNode | None, ex: Extractor) -> str | None:
    """The HTTP method a node names (``"POST"``, ``:post``, ``http.MethodPost``,
    ``HttpMethod.Post``), or None."""
    if node is None:
        return None
    value = ex.value(node, "", record=False)
    word = value if type(value) is str else node.text().rsplit(".", 1)[-1].lstrip(":")
    word = word.removeprefix("Method").upper()
    return word if word in _VERBS else None


def _run_time(node: SgNode | None, ex: Extractor, *, placed: bool = False) -> SgNode | None:
    """``node`` when it gives a method that is no literal verb (a name, an expression);
    ``placed``: only its place says it is the method (``request($method, $url)``), so its text
    must name one (``$method``, ``verb``, ``strtoupper($httpMethod)``)."""
    if node is None or verb_of(node, ex) is not None:
        return None
    return node if not placed or _METHODISH.search(node.text()) else None


_METHODISH: Final = re.compile(r"method|verb", re.IGNORECASE)


_NOT_BODY: Final = re.compile(
    r"^(?:request_?|http_?)?(?:headers?|auth|timeout|verify|cookies)$"
    r"|^(?:stripe_?)?(?:secret(?:_?key)?|(?:api_?)?key|(?:access_?)?token|env|ctx)$",
    re.IGNORECASE,
)
"""What a helper's argument is named (``headers=header``, ``$headers``) when it is no body: its
headers or options, or the key it authenticates with and the environment it reads it from
(``stripeRequest(secretKey, "POST", path, form)``, a Worker's ``env``)."""
_NAME_WORDS: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


def _helper(call: SgNode, url: SgNode, ex: Extractor, callee: str) -> Request | None:
    """A project's own request helper: the verb among its arguments, and the body. The body
    is an argument that is neither the URL nor a verb nor headers (``headers=...``, an options
    object of headers only); the verb, else the one the helper's name says (``post_json``,
    ``make_get_request``: GET), else POST when it passes a body."""
    last = callee.rsplit(".", 1)[-1]
    name = last.lower()
    if not re.search(r"request|post|call|api|send|fetch|stripe", name):
        return None
    method = None
    body = None
    for node in arguments(call):
        value = node.field("value") if node.kind() in ("keyword_argument", "pair") else node
        if value is not None and _contains(value, url) and value.kind() in _OPTION_OBJECTS:
            method, body = _options_around(value, url, ex)  # request({ method, path, body })
            continue
        if value is None or _contains(value, url) or _not_body(node, value, ex):
            continue
        verb = verb_of(value, ex)
        if verb is not None and method is None:
            method = verb
        elif body is None and value.kind() not in ("string", "encapsed_string"):
            body = Body(value)
    if method is None:
        words = {w.lower() for w in _NAME_WORDS.findall(last)}
        if "post" in name:
            method = "POST"
        elif words & {"get", "delete"}:
            method = "GET" if "get" in words else "DELETE"
    return Request(call, url, method, body, False)


_BODY_KEYS: Final = re.compile(r"^(?:body|data|form|params|payload|fields)$", re.IGNORECASE)


def _options_around(options: SgNode, url: SgNode, ex: Extractor) -> tuple[str | None, Body | None]:
    """The verb and the body an options object holding a helper's path gives beside it
    (``stripeCall(env, { method: 'POST', path: '/checkout/sessions', body: params })``): the
    entry its method key names, and the one a body key names (``body``, ``data``, ``form``)."""
    method, body = None, None
    for key, value in object_keys(options, ex).items():
        if _contains(value, url):
            continue
        if _METHODISH.search(key):
            method = method or verb_of(value, ex)
        elif _BODY_KEYS.match(key) and body is None:
            body = Body(value)
    return method, body


def _not_body(node: SgNode, value: SgNode, ex: Extractor) -> bool:
    """Whether a helper's argument is its headers or options, not its body: named so
    (``headers=h``, ``$headers``), or an options object holding only such keys."""
    key = node.field("name") or node.field("key")
    if key is not None and _NOT_BODY.match(key.text().strip(":\"'$")):
        return True
    if value.kind() in ex.name_kinds or value.kind() == "variable_name":
        return _NOT_BODY.match(value.text().lstrip("$")) is not None
    inner = ex.unwrap(value)
    if inner.kind() in ("member_expression", "attribute"):  # env.STRIPE_SECRET_KEY
        return _NOT_BODY.match(inner.text().rsplit(".", 1)[-1].strip()) is not None
    keys = object_keys(value, ex) if value.kind() in _OPTION_OBJECTS else {}
    return bool(keys) and all(_NOT_BODY.match(k) for k in keys)


_OPTION_OBJECTS: Final = frozenset({"object", "dictionary", "array_creation_expression", "hash"})


def _contains(outer: SgNode, inner: SgNode) -> bool:
    a, b = outer.range(), inner.range()
    return a.start.index <= b.start.index and b.end.index <= a.end.index


def _keywords(call: SgNode, kinds: tuple[str, ...], key: str = "name") -> dict[str, SgNode]:
    """Keyword arguments (``data=...``, Ruby's ``body: ...``) by name."""
    out: dict[str, SgNode] = {}
    for node in arguments(call):
        if node.kind() in kinds:
            name, value = node.field(key), node.field("value")
            if name is not None and value is not None:
                out[name.text().strip(":\"'")] = value
    return out


def _positional(call: SgNode, kinds: tuple[str, ...]) -> list[SgNode]:
    return [n for n in arguments(call) if n.kind() not in kinds and n.kind() != "block_argument"]


def _python(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    url = arg.field("value") if arg.kind() == "keyword_argument" else arg
    if url is None:
        return None
    kw = _keywords(call, ("keyword_argument",))
    pos = _positional(call, ("keyword_argument", "dictionary_splat", "list_splat"))
    generic = _generic(callee)
    body = _py_body(kw, pos[1:2] if last in ("post", "put", "patch") else [])
    splats = [a for a in arguments(call) if a.kind() == "dictionary_splat"]
    init = splats[0].named_children()[0] if len(splats) == 1 and generic else None
    if last in ("post", "put", "patch", "get", "delete", "head"):
        return Request(call, url, last.upper(), body, generic, init=init)
    if last in ("request", "Request", "urlopen"):
        said = kw.get("method") or (pos[0] if pos and pos[0] != url else None)
        method = verb_of(said, ex)
        if last == "request":
            body = _py_body(kw, [])
        verb = _run_time(said, ex, placed="method" not in kw)
        method = method or ("POST" if body else "GET")
        return Request(call, url, method, body, generic, verb=verb, init=init)
    return _helper(call, url, ex, callee)


def _py_body(kw: dict[str, SgNode], pos: list[SgNode]) -> Body | None:
    if "json" in kw:
        return Body(kw["json"], "json")
    for name in ("data", "content", "body"):
        if name in kw:
            return Body(kw[name])
    return Body(pos[0]) if pos else None


def object_keys(node: SgNode | None, ex: Extractor) -> dict[str, SgNode]:
    """The entries of an object/dict/hash/array literal whose keys are literal (by key)."""
    out: dict[str, SgNode] = {}
    if node is None:
        return out
    node = ex.unwrap(node)
    for child in node.named_children():
        kind = child.kind()
        if kind in ("pair", "array_element_initializer"):
            parts = [c for c in child.named_children() if not is_comment(c)]
            key_node = child.field("key") or (parts[0] if len(parts) == 2 else None)
            value = child.field("value") or (parts[1] if len(parts) == 2 else None)
            if key_node is None or value is None:
                continue
            key = ex.value(key_node, "", record=False)
            if type(key) is not str:
                key = key_node.text().strip(":\"'")
            out[key] = value
        elif kind == "shorthand_property_identifier":
            out[child.text()] = child
    return out


_JS_OPTION_KEYS: Final = frozenset(
    {"form", "json", "body", "searchParams", "headers", "timeout", "method", "retry", "hooks"}
)


def _node(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    generic = _generic(callee)
    pos = arguments(call)
    if arg.kind() == "object":  # axios({url, method, data}), fetch-like config objects
        config = object_keys(arg, ex)
        url = config.get("url") or config.get("uri")
        if url is None:  # a project's helper given { method, path, body }: its path
            paths = [v for v in config.values() if _written_path(v, ex)]
            return _helper(call, paths[0], ex, callee) if len(paths) == 1 else None
        if not generic:
            return None
        method = verb_of(config.get("method"), ex) or "GET"
        verb = _run_time(config.get("method"), ex)
        return Request(call, url, method, _js_body(config), True, verb=verb)
    if last in ("fetch", "$fetch", "ofetch", "ky", "got", "request", "useFetch"):
        options = object_keys(pos[1], ex) if len(pos) > 1 else {}
        body = _js_body(options)
        init = _js_init(pos[1], ex) if len(pos) > 1 and body is None else None
        given = verb_of(options.get("method"), ex)
        said = given or (None if init is not None else "POST" if body is not None else "GET")
        verb = _run_time(options.get("method"), ex)
        return Request(call, arg, said, body, generic or last != "request", verb=verb, init=init)
    if last in ("post", "put", "patch"):
        second = pos[1] if len(pos) > 1 else None
        options = object_keys(second, ex) if second is not None else {}
        if second is not None and options and set(options) <= _JS_OPTION_KEYS:
            body = _js_body(options)
        else:
            body = Body(second) if second is not None else None
        return Request(call, arg, last.upper(), body, generic)
    if last in ("get", "delete", "head"):
        return Request(call, arg, last.upper(), None, generic)
    return _helper(call, arg, ex, callee)


def _written_path(node: SgNode, ex: Extractor) -> bool:
    """Whether an options object's entry is a path written in it (a string, or a template
    joining one to an id), not a verb."""
    return node.kind() in ("string", "template_string") and verb_of(node, ex) is None


def _js_init(node: SgNode, ex: Extractor) -> SgNode | None:
    """The options a fetch-like call passes on whole: ``fetch(url, init)``, or the one spread
    into its options object (``fetch(url, { ...init, headers })``)."""
    node = ex.unwrap(node)
    if node.kind() in ex.name_kinds:
        return node
    if node.kind() != "object":
        return None
    spreads = [c for c in node.named_children() if c.kind() == "spread_element"]
    inner = spreads[0].named_children() if len(spreads) == 1 else []
    return inner[0] if len(inner) == 1 else None


def init_request(
    node: SgNode | None, keywords: dict[str, SgNode], ex: Extractor
) -> tuple[str | None, Body | None]:
    """The method and body of request options a caller passes a raw-HTTP wrapper whole: an
    object (a fetch ``init``: ``{ method: "POST", body }``, or a name bound to one), or the
    keywords a Python wrapper's ``**kwargs`` takes (``data=...``, ``json=...``)."""
    if ex.family == "python":
        said = keywords.get("method")
        return verb_of(said, ex), _py_body(keywords, [])
    if node is None:
        return None, None
    node = ex.unwrap(node)
    if node.kind() in ex.name_kinds:
        bound = ex.binding(node)
        node = ex.unwrap(bound[0]) if bound is not None else node
    options = object_keys(node, ex) if node.kind() == "object" else {}
    return verb_of(options.get("method"), ex), _js_body(options)


def _js_body(options: dict[str, SgNode]) -> Body | None:
    for key, fmt in (("form", "form"), ("json", "json"), ("body", "auto"), ("data", "auto")):
        if key in options:
            return Body(options[key], fmt)  # type: ignore[arg-type]
    return None


def _php(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    pos = arguments(call)
    if last in ("curl_init", "curl_setopt", "curl_setopt_array"):
        return _curl(call, arg, ex, last)
    if last.startswith(("wp_remote_", "wp_safe_remote_")):
        options = object_keys(pos[1], ex) if len(pos) > 1 else {}
        method = last.rsplit("_", 1)[-1].upper()
        said = options.get("method")  # WordPress: the arguments' method wins over the name's
        method = verb_of(said, ex) or ("GET" if method == "REQUEST" else method)
        body = Body(options["body"]) if "body" in options else None
        return Request(call, arg, method, body, True, verb=_run_time(said, ex))
    name = call.field("name")
    named = name is not None and name.kind() != "name"  # ->$method(...), ->{$verb}(...)
    guzzle = last in ("request", "send") and len(pos) > 1 and pos[1] == arg
    guzzle = guzzle and bool(verb_of(pos[0], ex) or _run_time(pos[0], ex, placed=True))
    verbs = ("post", "put", "patch", "get", "delete")
    if guzzle or ((named or last in verbs) and pos and pos[0] == arg):
        said = pos[0] if guzzle else name if named else None
        verb = verb_of(said, ex) if said is not None else last.upper()
        rest = pos[pos.index(arg) + 1 :]
        options = object_keys(rest[0], ex) if rest else {}
        forms = {"form_params": "form", "json": "json", "body": "auto", "multipart": "form"}
        body = None
        for key, fmt in forms.items():
            if key in options:
                body = Body(options[key], fmt)  # type: ignore[arg-type]
                break
        else:
            known = set(options) & {"headers", "query", "auth", "timeout", "verify"}
            if rest and not known:
                body = Body(rest[0])  # Laravel's Http::post($url, $data)
        return Request(call, arg, verb, body, True, verb=_run_time(said, ex))
    return _helper(call, arg, ex, callee)


def _curl(call: SgNode, arg: SgNode, ex: Extractor, last: str) -> Request | None:
    """``curl_init($url)`` / ``curl_setopt($ch, CURLOPT_URL, $url)`` / ``curl_setopt_array``:
    the method and body are the options set on the same handle in the same function."""
    pos = arguments(call)
    if last == "curl_init":
        binding = call.parent()
        handle = binding.field("left") if binding is not None else None
    else:
        handle = pos[0] if pos else None
    if handle is None:
        return None
    options: dict[str, SgNode] = {}
    scope = ex.scope(call)
    for other in scope.find_all(kind="function_call_expression"):
        name = text(other.field("function"))
        args = arguments(other)
        if last == "curl_setopt" and name == "curl_init" and args and _inits(other, handle):
            return None  # `$ch = curl_init($url)` names the URL: that call is the request
        if not args or args[0].text() != handle.text():
            continue
        if name == "curl_setopt" and len(args) == 3:
            options[args[1].text()] = args[2]
        elif name == "curl_setopt_array" and len(args) == 2:
            options.update(object_keys(args[1], ex))
    url = arg if last != "curl_setopt_array" else options.get("CURLOPT_URL", arg)
    body = Body(options["CURLOPT_POSTFIELDS"]) if "CURLOPT_POSTFIELDS" in options else None
    said = options.get("CURLOPT_CUSTOMREQUEST")
    method = verb_of(said, ex)
    if method is None:
        post = options.get("CURLOPT_POST")
        posted = body is not None or (post is not None and post.text() != "false")
        method = "POST" if posted else "GET"
    return Request(call, url, method, body, True, verb=_run_time(said, ex))


def _inits(init: SgNode, handle: SgNode) -> bool:
    """Whether ``init`` (a ``curl_init`` call with a URL) makes the handle ``handle`` names."""
    binding = init.parent()
    target = binding.field("left") if binding is not None else None
    return target is not None and target.text() == handle.text()


def _ruby(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    kw = _keywords(call, ("pair",), "key")
    pos = _positional(call, ("pair",))
    if callee.startswith("Net.HTTP.") and last == "new":
        method = callee.split(".")[2].upper()
        return Request(call, arg, method, _ruby_request_body(call, ex), True)
    if callee.endswith("post_form"):
        args = call.field("arguments")
        form = pos[1] if len(pos) > 1 else args if kw else None
        return Request(call, arg, "POST", Body(form, "form") if form is not None else None, True)
    if last in ("post", "put", "patch", "get", "delete"):
        body = _ruby_body(call, kw, pos[1:])
        return Request(call, arg, last.upper(), body, _generic(callee))
    if last in _RUBY_SENDS and len(pos) > 1 and pos[1] == arg:  # HTTParty.send(method, url, ...)
        said = pos[0]
        verb = verb_of(said, ex)
        if verb is None and said.kind() in ("simple_symbol", "string"):
            return _helper(call, arg, ex, callee)  # another method called by its name
        body = _ruby_body(call, kw, pos[2:])
        return Request(call, arg, verb, body, _generic(callee), verb=_run_time(said, ex))
    return _helper(call, arg, ex, callee)


_RUBY_SENDS: Final = frozenset({"send", "public_send", "__send__", "run_request"})
"""Calls that name the HTTP method in their first argument (``HTTParty.send(:post, url)``,
Faraday's ``conn.run_request(method, url, body, headers)``)."""


def _ruby_body(call: SgNode, kw: dict[str, SgNode], after: list[SgNode]) -> Body | None:
    """A Ruby request's body: a ``body:``/``form:``/``json:``/``payload:`` option, the argument
    after the URL, or what the call's block sets."""
    for key, fmt in (("body", "auto"), ("form", "form"), ("json", "json"), ("payload", "auto")):
        if key in kw:
            return Body(kw[key], fmt)  # type: ignore[arg-type]
    return Body(after[0]) if after else _ruby_block_body(call)


def _ruby_request_body(call: SgNode, ex: Extractor) -> Body | None:
    """The body set on ``req = Net::HTTP::Post.new(uri)`` later in the same method:
    ``req.set_form_data(...)``, ``req.form_data = ...``, ``req.body = ...``."""
    binding = call.parent()
    if binding is None or binding.kind() != "assignment":
        return None
    name = text(binding.field("left"))
    scope = ex.scope(call)
    for node in scope.find_all(kind="call"):
        if start(node) < start(call) or text(node.field("receiver")) != name:
            continue
        method = text(node.field("method"))
        if method == "set_form_data":
            args = node.field("arguments")
            inner = arguments(node)
            if len(inner) == 1 and inner[0].kind() not in ("pair", "hash"):
                return Body(inner[0], "form")  # set_form_data(params)
            if args is not None:
                return Body(args, "form")
        parent = node.parent()
        if parent is not None and parent.kind() == "assignment" and parent.field("left") == node:
            value = parent.field("right")
            if value is not None and method in ("body", "form_data"):
                return Body(value, "form" if method == "form_data" else "auto")
    return None


def _ruby_block_body(call: SgNode) -> Body | None:
    """``conn.post(path) { |req| req.body = ... }``: the body set in the block."""
    block = call.field("block")
    if block is None:
        return None
    for node in block.find_all(kind="assignment"):
        left = node.field("left")
        value = node.field("right")
        if left is not None and value is not None and text(left).endswith(".body"):
            return Body(value)
    return None


def _go(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    pos = arguments(call)
    if last in ("NewRequest", "NewRequestWithContext"):
        first = 1 if last.endswith("Context") else 0
        said = pos[first] if len(pos) > first else None
        body = Body(pos[first + 2]) if len(pos) > first + 2 else None
        if body is not None and body.node.text() == "nil":
            body = None
        return Request(call, arg, verb_of(said, ex), body, True, verb=_run_time(said, ex))
    if last == "PostForm":
        return Request(call, arg, "POST", Body(pos[1], "form") if len(pos) > 1 else None, True)
    if last == "Post":
        return Request(call, arg, "POST", Body(pos[2]) if len(pos) > 2 else None, True)
    if last == "Get":
        return Request(call, arg, "GET", None, True)
    return _helper(call, arg, ex, callee)


def _csharp(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    pos = arguments(call)
    if last in ("PostAsync", "PostAsJsonAsync", "Post"):
        fmt: Format = "json" if "Json" in last else "auto"
        return Request(call, arg, "POST", Body(pos[1], fmt) if len(pos) > 1 else None, True)
    if last in ("GetAsync", "GetStringAsync", "DeleteAsync"):
        return Request(call, arg, "GET" if last.startswith("Get") else "DELETE", None, True)
    if last == "HttpRequestMessage" and len(pos) == 2:
        body = _initialized(call, "Content")
        verb = _run_time(pos[0], ex)
        return Request(call, pos[1], verb_of(pos[0], ex), body, True, verb=verb)
    return _helper(call, arg, ex, callee)


def _initialized(new: SgNode, name: str) -> Body | None:
    """The value an object initializer sets ``name`` to (``new HttpRequestMessage(m, url) {
    Content = new FormUrlEncodedContent(form) }``)."""
    for child in new.named_children():
        if child.kind() != "initializer_expression":
            continue
        for item in child.named_children():
            parts = [c for c in item.named_children() if not is_comment(c)]
            if (
                item.kind() == "assignment_expression"
                and len(parts) == 2
                and text(parts[0]) == name
            ):
                return Body(parts[1])
    return None


def _java(call: SgNode, arg: SgNode, ex: Extractor) -> Request | None:
    """OkHttp's ``new Request.Builder().url(URL).post(body)`` and java.net.http's
    ``HttpRequest.newBuilder().uri(URI.create(URL)).POST(publisher)``: the method and body are
    later calls in the same chain."""
    callee = callee_of(call)
    last = callee.rsplit(".", 1)[-1]
    if last not in ("url", "uri", "newBuilder"):
        return _helper(call, arg, ex, callee)
    method = "GET"
    body = None
    verb = None
    node = call
    while (parent := node.parent()) is not None and parent.kind() == "method_invocation":
        if parent.field("object") != node:
            break
        name = text(parent.field("name"))
        args = arguments(parent)
        if name.upper() in ("POST", "PUT", "PATCH", "DELETE", "GET"):
            method = name.upper()
            body = Body(args[0]) if args else None
        elif name == "method" and args:
            method = verb_of(args[0], ex) or method
            verb = _run_time(args[0], ex)
            body = Body(args[1]) if len(args) > 1 else None
        node = parent
    return Request(call, arg, method, body, True, verb=verb)


CALLS: Final[dict[str, tuple[str, ...]]] = {
    "python": ("call",),
    "node": ("call_expression",),
    "php": ("member_call_expression",),
    "ruby": ("call",),
    "go": ("call_expression",),
    "java": ("method_invocation",),
    "csharp": ("invocation_expression",),
}
"""The node kinds of a method call on a name (``form.set(...)``), per family."""

_READERS: Final = {
    "python": _python,
    "node": _node,
    "php": _php,
    "ruby": _ruby,
    "go": _go,
    "csharp": _csharp,
    "java": _java,
}

"""The HTTP clients of each language: which calls make a request, with which method and body.

Data and small readers per language family, used by ``migrate/scan/http.py``: the node kinds a
URL is built from and passed through, the URL constructors (``URI(...)``, ``new URL(p, base)``,
``URI.create``), the request calls (``requests.post``, ``fetch``, ``axios``, Guzzle,
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
from migrate.scan.patterns import normalise_callee

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


_VERBS: Final = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})

CONCATENATIONS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"binary_operator"}),
    "node": frozenset({"binary_expression"}),
    "php": frozenset({"binary_expression"}),
    "ruby": frozenset({"binary"}),
    "go": frozenset({"binary_expression"}),
    "java": frozenset({"binary_expression"}),
    "csharp": frozenset({"binary_expression"}),
}
"""Node kinds that join two parts of a URL (``+``, PHP's ``.``), with ``left``/``right``."""

ARGUMENT_LISTS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"argument_list", "keyword_argument"}),
    "node": frozenset({"arguments"}),
    "php": frozenset({"arguments", "argument"}),
    "ruby": frozenset({"argument_list"}),
    "go": frozenset({"argument_list"}),
    "java": frozenset({"argument_list"}),
    "csharp": frozenset({"argument_list", "argument"}),
}
"""Node kinds an argument sits in (a keyword argument or PHP ``argument`` first, then the
list, whose parent is the call)."""

CONTAINERS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"pair", "dictionary"}),
    "node": frozenset({"pair", "object"}),
    "php": frozenset({"array_element_initializer", "array_creation_expression"}),
    "ruby": frozenset({"pair", "hash"}),
    "go": frozenset(),
    "java": frozenset(),
    "csharp": frozenset(),
}
"""An options object holding the URL (``axios({url, method, data})``,
``curl_setopt_array($ch, [CURLOPT_URL => ...])``): passed through on the way to the call."""

BINDINGS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"assignment"}),
    "node": frozenset({"variable_declarator", "assignment_expression", "public_field_definition"}),
    "php": frozenset({"assignment_expression", "const_element", "property_element"}),
    "ruby": frozenset({"assignment"}),
    "go": frozenset({"expression_list"}),
    "java": frozenset({"variable_declarator"}),
    "csharp": frozenset({"variable_declarator"}),
}
"""Statements that bind a URL to a name, whose later uses are followed."""

_STRING_PARTS: Final = frozenset(
    {
        "string_content",
        "string_fragment",
        "string_value",
        "interpreted_string_literal_content",
        "raw_string_literal_content",
        "string_literal_content",
    }
)
_INTERPOLATIONS: Final = frozenset(
    {
        "interpolation",
        "template_substitution",
        "variable_name",
        "simple_variable",
        "complex_interpolation",
        "string_interpolation",
    }
)
_URL_WRAPPERS: Final = re.compile(
    r"(?:^|\.)(?:URI|URI\.parse|URI\.create|URI\.join|URL|Uri|urlparse|parse_url|url\.Parse|"
    r"urljoin|urllib\.parse\.urljoin|join)$"
)
"""Calls whose arguments build a URL (``URI("...")``, ``new URL(path, base)``,
``urljoin(base, path)``): the URL is their arguments joined (the base first)."""
CALL_KINDS: Final = frozenset(
    {
        "call",
        "call_expression",
        "new_expression",
        "function_call_expression",
        "member_call_expression",
        "scoped_call_expression",
        "object_creation_expression",
        "method_invocation",
        "invocation_expression",
    }
)
_FORMATS: Final = re.compile(r"(?:^|\.)(?:sprintf|Sprintf|format|String\.format)$")


def callee_of(call: SgNode) -> str:
    """A call's normalised callee (``requests.post``, ``Net.HTTP.Post.new``)."""
    args = call.field("arguments")
    whole = call.text()
    cut = args.range().start.index - call.range().start.index if args is not None else len(whole)
    return normalise_callee(whole[:cut].split("{")[0] if call.kind() == "call" else whole[:cut])


def url_call(parent: SgNode, node: SgNode, ex: Extractor) -> SgNode | None:
    """The URL constructor call ``node`` is an argument of (``URI(node)``), or None."""
    lists = ARGUMENT_LISTS[ex.family]
    args = parent
    if parent.kind() in ("argument", "keyword_argument"):
        args = parent.parent() or parent
    if args.kind() not in lists:
        return None
    call = args.parent()
    if call is None or call.field("arguments") != args:
        return None
    return call if _URL_WRAPPERS.search(callee_of(call)) else None


def url_parts(node: SgNode, ex: Extractor) -> list[str | SgNode] | None:
    """The parts of a URL built by a string with interpolations, a URL constructor or a
    format call: literal text, or the expression of a part; None for anything else."""
    kind = node.kind()
    if kind in ("string", "encapsed_string", "template_string", "interpreted_string_literal"):
        parts: list[str | SgNode] = []
        for child in node.children():
            if child.kind() in _STRING_PARTS or child.kind() == "escape_sequence":
                parts.append(child.text())
            elif child.kind() in _INTERPOLATIONS:
                inner = [c for c in child.named_children() if c.kind() != "comment"]
                parts.append(inner[0] if inner and child.kind() != "variable_name" else child)
        return parts
    if kind in CALL_KINDS:
        callee = callee_of(node)
        args = arguments(node)
        if not args:
            return None
        if _URL_WRAPPERS.search(callee):
            if callee.endswith("URL") and len(args) == 2:  # new URL(path, base)
                return [args[1], args[0]]
            return list(args)
        if _FORMATS.search(callee):
            template = ex.value(args[0], "", record=False)
            if type(template) is str:
                pieces = re.split(r"%[sdv]|\{\d*\}", template)
                out: list[str | SgNode] = []
                for i, piece in enumerate(pieces):
                    out.append(piece)
                    if i + 1 < len(pieces):
                        out.append(args[i + 1] if i + 1 < len(args) else "\x00")
                return out
    return None


_UNKNOWN: Final = "\x00"
_MAX_HOPS: Final = 4
"""How many names a URL is followed through (``url = base + path; post(url)``)."""


@dataclass(frozen=True, slots=True)
class Url:
    """What the code says a URL is: its text with ``\\x00`` for each part known only at run
    time, and the source of those parts."""

    text: str
    unknown: tuple[str, ...] = ()

    def __add__(self, other: Url) -> Url:
        return Url(self.text + other.text, self.unknown + other.unknown)


def unknown(source: str) -> Url:
    return Url(_UNKNOWN, (source,))


def url_of(node: SgNode, ex: Extractor, hops: int = 0) -> Url:
    """The URL an expression builds, as far as the code tells."""
    node = ex.unwrap(node)
    got = ex.value(node, "", record=False)
    if type(got) is str:
        return Url(got)
    if node.kind() in CONCATENATIONS[ex.family]:
        left, right = node.field("left"), node.field("right")
        if left is not None and right is not None:
            return url_of(left, ex, hops) + url_of(right, ex, hops)
    parts = url_parts(node, ex)
    if parts is not None:
        out = Url("")
        for part in parts:
            out += Url(part) if isinstance(part, str) else url_of(part, ex, hops)
        return out
    if node.kind() in ex.name_kinds and hops < _MAX_HOPS:
        found = ex.binding(node)
        if found is not None:
            return url_of(found[0], ex, hops + 1)
    return unknown(node.text())


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
    it is not a request (a log line, a string helper, a test double answering one)."""
    if call.kind() == "return_statement":
        return _request_class(call, arg, ex)
    reader = _READERS.get(ex.family)
    if reader is None or any(_MOCKS.search(part) for part in callee_of(call).split(".")):
        return None
    if any(a.kind() in _FUNCTION_KINDS for a in arguments(call)):
        return None  # a handler for requests to the URL (MSW's http.post(url, resolver))
    return reader(call, arg, ex)


def _generic(callee: str) -> bool:
    return callee.split(".", 1)[0] in _GENERIC_ROOTS or callee.rsplit(".", 1)[-1] in _GENERIC_NAMES


def _verb(node: SgNode | None, ex: Extractor) -> str | None:
    """The HTTP method a node names (``"POST"``, ``:post``, ``http.MethodPost``,
    ``HttpMethod.Post``), or None."""
    if node is None:
        return None
    value = ex.value(node, "", record=False)
    word = value if type(value) is str else node.text().rsplit(".", 1)[-1].lstrip(":")
    word = word.removeprefix("Method").upper()
    return word if word in _VERBS else None


_NOT_BODY: Final = re.compile(
    r"^(?:request_?|http_?)?(?:headers?|auth|timeout|verify|cookies)$", re.IGNORECASE
)
"""What a helper's argument is named (``headers=header``, ``$headers``) when it is no body."""
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
        if value is None or _contains(value, url) or _not_body(node, value, ex):
            continue
        verb = _verb(value, ex)
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


def _not_body(node: SgNode, value: SgNode, ex: Extractor) -> bool:
    """Whether a helper's argument is its headers or options, not its body: named so
    (``headers=h``, ``$headers``), or an options object holding only such keys."""
    key = node.field("name") or node.field("key")
    if key is not None and _NOT_BODY.match(key.text().strip(":\"'$")):
        return True
    if value.kind() in ex.name_kinds or value.kind() == "variable_name":
        return _NOT_BODY.match(value.text().lstrip("$")) is not None
    keys = _object_keys(value, ex) if value.kind() in _OPTION_OBJECTS else {}
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
    if last in ("post", "put", "patch", "get", "delete", "head"):
        return Request(call, url, last.upper(), body, generic)
    if last in ("request", "Request", "urlopen"):
        method = _verb(kw.get("method"), ex) or (_verb(pos[0], ex) if pos else None)
        if last == "request":
            body = _py_body(kw, [])
        return Request(call, url, method or ("POST" if body else "GET"), body, generic)
    return _helper(call, url, ex, callee)


def _py_body(kw: dict[str, SgNode], pos: list[SgNode]) -> Body | None:
    if "json" in kw:
        return Body(kw["json"], "json")
    for name in ("data", "content", "body"):
        if name in kw:
            return Body(kw[name])
    return Body(pos[0]) if pos else None


def _object_keys(node: SgNode | None, ex: Extractor) -> dict[str, SgNode]:
    """The entries of an object/dict/hash/array literal whose keys are literal (by key)."""
    out: dict[str, SgNode] = {}
    if node is None:
        return out
    node = ex.unwrap(node)
    for child in node.named_children():
        kind = child.kind()
        if kind in ("pair", "array_element_initializer"):
            parts = [c for c in child.named_children() if c.kind() != "comment"]
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
        config = _object_keys(arg, ex)
        url = config.get("url") or config.get("uri")
        if url is None or not generic:
            return None
        method = _verb(config.get("method"), ex) or "GET"
        return Request(call, url, method, _js_body(config), True)
    if last in ("fetch", "$fetch", "ofetch", "ky", "got", "request", "useFetch"):
        options = _object_keys(pos[1], ex) if len(pos) > 1 else {}
        body = _js_body(options)
        method = _verb(options.get("method"), ex) or ("POST" if body is not None else "GET")
        return Request(call, arg, method, body, generic or last != "request")
    if last in ("post", "put", "patch"):
        second = pos[1] if len(pos) > 1 else None
        options = _object_keys(second, ex) if second is not None else {}
        if second is not None and options and set(options) <= _JS_OPTION_KEYS:
            body = _js_body(options)
        else:
            body = Body(second) if second is not None else None
        return Request(call, arg, last.upper(), body, generic)
    if last in ("get", "delete", "head"):
        return Request(call, arg, last.upper(), None, generic)
    return _helper(call, arg, ex, callee)


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
        options = _object_keys(pos[1], ex) if len(pos) > 1 else {}
        method = last.rsplit("_", 1)[-1].upper()
        if method == "REQUEST":
            method = _verb(options.get("method"), ex) or "GET"
        body = Body(options["body"]) if "body" in options else None
        return Request(call, arg, method, body, True)
    guzzle = last == "request" and len(pos) > 1 and pos[1] == arg and _verb(pos[0], ex)
    if guzzle or (last in ("post", "put", "patch", "get", "delete") and pos and pos[0] == arg):
        method = guzzle or last.upper()
        rest = pos[pos.index(arg) + 1 :]
        options = _object_keys(rest[0], ex) if rest else {}
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
        return Request(call, arg, method, body, True)
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
        if not args or args[0].text() != handle.text():
            continue
        if name == "curl_setopt" and len(args) == 3:
            options[args[1].text()] = args[2]
        elif name == "curl_setopt_array" and len(args) == 2:
            options.update(_object_keys(args[1], ex))
    url = arg if last != "curl_setopt_array" else options.get("CURLOPT_URL", arg)
    body = Body(options["CURLOPT_POSTFIELDS"]) if "CURLOPT_POSTFIELDS" in options else None
    method = _verb(options.get("CURLOPT_CUSTOMREQUEST"), ex)
    if method is None:
        post = options.get("CURLOPT_POST")
        posted = body is not None or (post is not None and post.text() != "false")
        method = "POST" if posted else "GET"
    return Request(call, url, method, body, True)


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
        body = None
        for key, fmt in (("body", "auto"), ("form", "form"), ("json", "json"), ("payload", "auto")):
            if key in kw:
                body = Body(kw[key], fmt)  # type: ignore[arg-type]
                break
        else:
            body = Body(pos[1]) if len(pos) > 1 else _ruby_block_body(call)
        return Request(call, arg, last.upper(), body, _generic(callee))
    return _helper(call, arg, ex, callee)


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
        method = _verb(pos[first], ex) if len(pos) > first else None
        body = Body(pos[first + 2]) if len(pos) > first + 2 else None
        if body is not None and body.node.text() == "nil":
            body = None
        return Request(call, arg, method, body, True)
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
        return Request(call, pos[1], _verb(pos[0], ex), None, True)
    return _helper(call, arg, ex, callee)


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
            method = _verb(args[0], ex) or method
            body = Body(args[1]) if len(args) > 1 else None
        node = parent
    return Request(call, arg, method, body, True)


_DATA_METHODS: Final = re.compile(
    r"^(?:get_?)?(?:data|body|payload|params|parameters|defaultBody|default_body|toArray)$",
    re.IGNORECASE,
)
_METHOD_METHODS: Final = re.compile(r"^(?:get_?)?(?:http_?)?method$", re.IGNORECASE)
_CLASS_KINDS: Final = frozenset(
    {"class_declaration", "class_definition", "class", "record_declaration"}
)


def _request_class(ret: SgNode, url: SgNode, ex: Extractor) -> Request | None:
    """A class whose method returns the endpoint URL: a request class (Omnipay's
    ``getEndpoint()`` / ``getData()`` / ``getHttpMethod()``, Saloon's ``resolveEndpoint()`` /
    ``defaultBody()``). The body is what its data method returns; the method, what its method
    method returns (POST when it has data)."""
    function = ex.scope(ret)
    if function.kind() not in ex.functions:
        return None
    cls = next((a for a in function.ancestors() if a.kind() in _CLASS_KINDS), None)
    if cls is None:
        return None
    body = None
    method = None
    for member in cls.find_all(kind=function.kind()):
        name = text(member.field("name"))
        if member == function or any(a.kind() in ex.functions for a in member.ancestors()):
            continue
        returned = _returned(member)
        if returned is None:
            continue
        if _DATA_METHODS.match(name) and body is None:
            body = Body(returned)
        elif _METHOD_METHODS.match(name) and method is None:
            method = _verb(returned, ex)
    named = f"{_qualified(cls, ex)}.{text(function.field('name'))}"
    return Request(ret, url, method or ("POST" if body else "GET"), body, False, named)


def _returned(function: SgNode) -> SgNode | None:
    for ret in function.find_all(kind="return_statement"):
        inner = [c for c in ret.named_children() if c.kind() != "comment"]
        if inner:
            return inner[0]
    return None


def _qualified(cls: SgNode, ex: Extractor) -> str:
    """A class's name with its namespace or package (``Omnipay.Stripe.Message.PurchaseRequest``)."""
    root = cls.get_root().root()
    space = ""
    for kind in ("namespace_definition", "package_declaration", "package_clause"):
        try:
            found = root.find(kind=kind)
        except RuntimeError:  # not a node kind of this language
            continue
        if found is not None:
            space = found.text()
            break
    name = text(cls.field("name"))
    return normalise_callee(re.sub(r"^(?:namespace|package)\s+|;$", "", space.strip())) + "." + name


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

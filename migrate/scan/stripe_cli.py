"""The Stripe CLI in shell scripts, read as the request it makes (like a curl command).

Two forms: the resource commands (``stripe checkout sessions create --mode payment -d
"line_items[0][price]=price_1"``, ``stripe payment_intents create --amount 2000``, ``stripe
checkout sessions retrieve cs_1``) and the HTTP commands (``stripe post /v1/checkout/sessions
-d mode=payment``, ``stripe get /v1/checkout/sessions/cs_1``). ``-d``/``--data key=value`` is a
form-encoded pair (bracket keys nest, as for curl); any other ``--name value`` flag that is not
one of the CLI's own options is the top-level param ``name`` (``--success-url`` is
``success_url``), its value read as JSON when it is an object or a list. Words holding a shell
expansion (``$PRICE``) are kept as written: the site marks them as run-time values, as it does
for curl.

The result is a :class:`~migrate.readers.curl.CurlCommand`, so the scanner translates it, or
reports it as related code, exactly as it does a curl command to the same endpoint.
"""

from __future__ import annotations

import functools
import json
import typing
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.mapping.stripe_params import CheckoutSessionCreate
from migrate.readers.curl import CurlCommand
from migrate.readers.form import FormParseError, parse_pairs

_SESSIONS: Final = "/v1/checkout/sessions"
_HTTP_VERBS: Final = {"get": "GET", "post": "POST", "delete": "DELETE"}

_RESOURCES: Final = {
    # words after `stripe` -> the API path (more words than one: a namespace, then a resource)
    ("checkout", "sessions"): "/v1/checkout/sessions",
    ("payment_intents",): "/v1/payment_intents",
    ("setup_intents",): "/v1/setup_intents",
    ("charges",): "/v1/charges",
    ("subscriptions",): "/v1/subscriptions",
    ("subscription_items",): "/v1/subscription_items",
    ("invoices",): "/v1/invoices",
    ("products",): "/v1/products",  # the catalog's writes (X031)
    ("prices",): "/v1/prices",
    ("plans",): "/v1/plans",
}

_OPERATIONS: Final = {
    # operation -> (method, takes an id, path after the collection or the object)
    "create": ("POST", False, ""),
    "list": ("GET", False, ""),
    "retrieve": ("GET", True, ""),
    "update": ("POST", True, ""),
    "delete": ("DELETE", True, ""),
    "expire": ("POST", True, "/expire"),
    "confirm": ("POST", True, "/confirm"),
    "cancel": ("POST", True, "/cancel"),
    "capture": ("POST", True, "/capture"),
    "list_line_items": ("GET", True, "/line_items"),
    "upcoming": ("GET", False, "/upcoming"),
    "create_preview": ("POST", False, "/create_preview"),
}

_VALUED_OPTIONS: Final = frozenset(
    {
        "--api-key",
        "--stripe-account",
        "--stripe-version",
        "-v",
        "--stripe-context",
        "--idempotency",
        "-i",
        "--expand",
        "-e",
        "--project-name",
        "-p",
        "--color",
        "--config",
        "--device-name",
        "--log-level",
    }
)
"""The CLI's own options that take a value (not params)."""
_FLAG_OPTIONS: Final = frozenset(
    {"--live", "--confirm", "-c", "--show-headers", "-s", "--dark-style", "--help", "-h"}
)
_DATA: Final = frozenset({"-d", "--data"})


def stripe_command(node: SgNode) -> CurlCommand | None:
    """The request a ``stripe`` command node makes, or None when it is not one the scanner
    knows (``stripe listen``, ``stripe login``, an unknown resource) or cannot be read."""
    words = [shell_word(arg) for arg in _arguments(node)]
    if not words:
        return None
    route = _route(words)
    if route is None:
        return None
    method, endpoint, rest = route
    pairs: list[tuple[str, Any]] = []
    at = 0
    while at < len(rest):
        word = rest[at]
        name, eq, inline = word.partition("=")
        if not word.startswith("-") or word == "-":
            at += 1  # a stray word (a second id): not a param
            continue
        if name in _DATA or name in _VALUED_OPTIONS:
            value = inline if eq else (rest[at + 1] if at + 1 < len(rest) else None)
            at += 1 if eq else 2
            if name in _DATA and value is not None:
                key, _, item = value.partition("=")
                pairs.append((key, item))
            continue
        if name in _FLAG_OPTIONS:
            at += 1
            continue
        if not name.startswith("--"):
            return None  # an option the scanner does not know: not read rather than misread
        if eq:
            value, at = inline, at + 1
        elif at + 1 < len(rest) and not rest[at + 1].startswith("-"):
            value, at = rest[at + 1], at + 2
        else:
            value, at = "true", at + 1
        param = name[2:].replace("-", "_")
        read = _flag_value(value or "")
        if endpoint == _SESSIONS and param in _session_lists() and isinstance(read, str):
            read = [read]  # the CLI sends a list param's flag as `param[]=value`
        pairs.append((param, read))
    try:
        data = _nested(pairs)
    except FormParseError:
        return None
    return CurlCommand(
        line=node.range().start.line + 1,
        index=0,
        method=method,
        url=f"https://api.stripe.com{endpoint}",
        endpoint=endpoint,
        data=data,
        body_format="form",
        stripe_version=None,
        auth=True,
    )


def _route(words: list[str]) -> tuple[str, str, list[str]] | None:
    """``(method, endpoint, the words after the command)`` of a CLI command line."""
    verb = _HTTP_VERBS.get(words[0].lower())
    if verb is not None:
        if len(words) < 2 or words[1].startswith("-"):
            return None
        path = "/" + words[1].lstrip("/")
        if not path.startswith("/v1/"):
            path = "/v1" + path
        return verb, path.split("?")[0].rstrip("/"), words[2:]
    for resource, collection in _RESOURCES.items():
        size = len(resource)
        if tuple(w.replace("-", "_") for w in words[:size]) != resource:
            continue
        if len(words) <= size:
            return None
        operation = _OPERATIONS.get(words[size].replace("-", "_"))
        if operation is None:
            return None
        method, takes_id, tail = operation
        rest = words[size + 1 :]
        base = collection
        if takes_id:
            if not rest or rest[0].startswith("-"):
                return None
            base, rest = f"{collection}/{rest[0]}", rest[1:]
        return method, base + tail, rest
    return None


@functools.cache
def _session_lists() -> frozenset[str]:
    """The Checkout Session params that are lists (their CLI flags send one element)."""
    hints = typing.get_type_hints(CheckoutSessionCreate, include_extras=True)
    return frozenset(name for name, hint in hints.items() if _is_list(hint))


def _is_list(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin is list:
        return True
    return origin is not None and any(_is_list(arg) for arg in typing.get_args(hint))


def _flag_value(value: str) -> Any:
    """A flag's value: JSON when it is a JSON object or list, the text otherwise."""
    if value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _nested(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The params of ``key=value`` pairs: bracket keys nest (``parse_pairs``); a flag whose
    value is JSON is a whole object."""
    flat = [(k, v) for k, v in pairs if isinstance(v, str)]
    data = parse_pairs(flat)
    for key, value in pairs:
        if not isinstance(value, str):
            data[key] = value
    return data


def _arguments(node: SgNode) -> list[SgNode]:
    name = node.field("name")
    skip = name.range().end.index if name is not None else -1
    return [
        child
        for child in node.children()
        if child.range().start.index >= skip
        and child.is_named()
        and child.kind() not in ("comment", "file_redirect", "herestring_redirect")
    ]


def shell_word(node: SgNode) -> str:
    """A shell word as the command receives it: quotes removed, expansions (``$PRICE``,
    ``${X}``, ``$(cmd)``) kept as written."""
    kind = node.kind()
    if kind == "raw_string":
        return node.text()[1:-1]
    if kind == "string":
        return "".join(c.text() for c in node.children() if c.kind() != '"')
    if kind == "concatenation":
        return "".join(shell_word(c) for c in node.children())
    if kind == "word":
        out: list[str] = []
        raw = node.text()
        at = 0
        while at < len(raw):
            if raw[at] == "\\" and at + 1 < len(raw):
                out.append(raw[at + 1])
                at += 2
                continue
            out.append(raw[at])
            at += 1
        return "".join(out)
    return node.text()

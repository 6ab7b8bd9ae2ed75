"""How the scanned languages build and pass a URL: the node kinds a URL is built from
(concatenations, templates, argument lists, containers, accesses, bindings), its defaults
(``os.getenv("X", "https://...")``), the URL constructors (``URI(...)``, ``new URL(p, base)``,
``URI.create``) and the reading of a URL expression into its parts
(``migrate/scan/http_clients.py`` reads the request calls that take it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, arguments, text
from migrate.scan.kotlin_symbols import argument_list
from migrate.scan.patterns import normalise_callee

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

ACCESSES: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"attribute"}),
    "node": frozenset({"member_expression"}),
    "php": frozenset({"class_constant_access_expression", "scoped_property_access_expression"}),
    "ruby": frozenset({"scope_resolution"}),
    "go": frozenset({"selector_expression"}),
    "java": frozenset({"field_access"}),
    "csharp": frozenset({"member_access_expression"}),
}
"""A name read on an object or class (``self::API``, ``Config.STRIPE_API``, ``this.base``):
the URL a constant holds is followed from its name to the expression reading it."""

BINDINGS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"assignment"}),
    "node": frozenset({"variable_declarator", "assignment_expression", "public_field_definition"}),
    "php": frozenset({"assignment_expression", "const_element", "property_element"}),
    "ruby": frozenset({"assignment"}),
    "go": frozenset(
        {
            "expression_list",
            "const_spec",
            "var_spec",
            "short_var_declaration",
            "assignment_statement",
        }
    ),
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
TEMPLATES: Final = _INTERPOLATIONS | {
    "string",
    "template_string",
    "encapsed_string",
    "interpolated_string_expression",
}
"""A string with interpolations and its parts: a name interpolated in it (``f"{STRIPE_API}{path}"``)
is part of the URL it builds."""
_PUNCTUATION: Final = frozenset({"comment", "interpolation_brace"})
_STRING_KINDS: Final = frozenset(
    {
        "string",
        "encapsed_string",
        "template_string",
        "interpreted_string_literal",
        "interpolated_string_expression",
    }
)
_URL_WRAPPERS: Final = re.compile(
    r"(?:^|\.)(?:URI|URI\.parse|URI\.create|URI\.join|URL|Uri|urlparse|parse_url|url\.Parse|"
    r"urljoin|urllib\.parse\.urljoin|join)$"
)
"""Calls whose arguments build a URL (``URI("...")``, ``new URL(path, base)``,
``urljoin(base, path)``): the URL is their arguments joined (the base first)."""
_DEFAULTED: Final = re.compile(
    r"(?:^|\.)(?:getenv|Getenv|env|get|fetch|config|getProperty|GetEnvironmentVariable)$"
)
"""Look-ups of a setting with a default (``os.getenv("STRIPE_API", "https://...")``,
``ENV.fetch``, ``config('services.stripe.base', '...')``, ``settings.get``): a URL given as
the default is what the look-up returns when the setting is not there."""


def default_of(parent: SgNode, node: SgNode, ex: Extractor) -> SgNode | None:
    """The setting look-up ``node`` is the default of (an argument after the first), or
    None."""
    args = parent.parent() if parent.kind() in ("argument", "keyword_argument") else parent
    if args is None or args.kind() not in ARGUMENT_LISTS[ex.family]:
        return None
    call = args.parent()
    if call is None or call.field("arguments") != args or not _DEFAULTED.search(callee_of(call)):
        return None
    given = arguments(call)
    return call if len(given) > 1 and given[0] != node and given[0] != parent else None


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
    args = argument_list(call)
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
    callee = callee_of(call)
    return call if _URL_WRAPPERS.search(callee) or _FORMATS.search(callee) else None


def url_parts(node: SgNode, ex: Extractor) -> list[str | SgNode] | None:
    """The parts of a URL built by a string with interpolations, a URL constructor or a
    format call: literal text, or the expression of a part; None for anything else."""
    kind = node.kind()
    if kind in _STRING_KINDS:
        parts: list[str | SgNode] = []
        for child in node.children():
            if child.kind() in _STRING_PARTS or child.kind() == "escape_sequence":
                parts.append(child.text())
            elif child.kind() in _INTERPOLATIONS:
                inner = [c for c in child.named_children() if c.kind() not in _PUNCTUATION]
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


_JOINS: Final = frozenset({"+", ".", ""})
"""The operators that join two parts of a URL (``""``: a node without an operator field);
``a || b``, ``a ?? b`` is one value or the other, known only at run time."""


def url_of(node: SgNode, ex: Extractor, hops: int = 0) -> Url:
    """The URL an expression builds, as far as the code tells."""
    node = ex.unwrap(node)
    got = ex.value(node, "", record=False)
    if type(got) is str:
        return Url(got)
    if node.kind() in CONCATENATIONS[ex.family]:
        left, right = node.field("left"), node.field("right")
        if left is not None and right is not None and text(node.field("operator")) in _JOINS:
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
    field = class_field(node) if ex.family == "node" and hops < _MAX_HOPS else None
    if field is not None:
        return url_of(field, ex, hops + 1)
    return unknown(node.text())


def class_field(node: SgNode) -> SgNode | None:
    """The value a JavaScript class field ``this.name`` is declared with (``private baseUrl =
    'https://api.stripe.com/v1'``), when the class never assigns it again; None otherwise."""
    if node.kind() != "member_expression" or text(node.field("object")) != "this":
        return None
    name = text(node.field("property"))
    body = next((a for a in node.ancestors() if a.kind() == "class_body"), None)
    if body is None or not name:
        return None
    if re.search(rf"\bthis\.{re.escape(name)}\s*(?:[-+*/?|&]{{0,2}})=(?!=)", body.text()):
        return None  # set again (in the constructor, a method): its value depends on the call
    for member in body.named_children():
        declared = member.field("name") or member.field("property")
        if member.kind() in ("public_field_definition", "field_definition") and (
            text(declared) == name
        ):
            return member.field("value")
    return None

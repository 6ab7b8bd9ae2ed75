"""Request classes: a class whose method returns a Stripe endpoint URL (Omnipay's
``getEndpoint()`` with ``getData()`` and ``getHttpMethod()``, Saloon's ``resolveEndpoint()`` with
``defaultBody()``) makes the request its sibling methods describe (``migrate/scan/http.py``
reads the return statement as the request's call).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, text
from migrate.scan.http_clients import Body, Request, verb_of
from migrate.scan.nodes import find_kind, is_comment
from migrate.scan.patterns import normalise_callee

_DATA_METHODS: Final = re.compile(
    r"^(?:get_?)?(?:data|body|payload|params|parameters|defaultBody|default_body|toArray)$",
    re.IGNORECASE,
)
_METHOD_METHODS: Final = re.compile(r"^(?:get_?)?(?:http_?)?method$", re.IGNORECASE)
_CLASS_KINDS: Final = frozenset(
    {"class_declaration", "class_definition", "class", "record_declaration"}
)


def request_class(ret: SgNode, url: SgNode, ex: Extractor) -> Request | None:
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
            method = verb_of(returned, ex)
    named = f"{_qualified(cls, ex)}.{text(function.field('name'))}"
    return Request(ret, url, method or ("POST" if body else "GET"), body, False, named)


def _returned(function: SgNode) -> SgNode | None:
    for ret in function.find_all(kind="return_statement"):
        inner = [c for c in ret.named_children() if not is_comment(c)]
        if inner:
            return inner[0]
    return None


def _qualified(cls: SgNode, ex: Extractor) -> str:
    """A class's name with its namespace or package (``Omnipay.Stripe.Message.PurchaseRequest``)."""
    root = cls.get_root().root()
    space = ""
    for kind in ("namespace_definition", "package_declaration", "package_clause"):
        found = next(iter(find_kind(root, kind)), None)  # None for another grammar's kind
        if found is not None:
            space = found.text()
            break
    name = text(cls.field("name"))
    return normalise_callee(re.sub(r"^(?:namespace|package)\s+|;$", "", space.strip())) + "." + name

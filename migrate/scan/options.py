"""Stripe request options on a scanned call: what each becomes on Dodo, as a finding.

The SDKs take per-request options beside the params: Python keywords (``stripe_account=``,
``idempotency_key=``, ``api_key=``, ``stripe_version=``, ``stripe_context=``), a second object
in Node (``{ stripeAccount, idempotencyKey, apiKey, apiVersion, stripeContext }``), a second
hash or trailing keywords in Ruby, a second array in PHP (Go, Java, Kotlin and C# set them on
the params object or a RequestOptions, which their readers do not follow yet). The
params readers leave them out (they are not params); here each one gets its finding
(mappings/code.yaml), so none is dropped silently: a connected account blocks the call
(X017: Dodo has none), an idempotency key is a warning (X018), a key or API version is info
(X019).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.scan.site import related_finding

CODES: Final = {
    "stripe_account": "X017",
    "stripe_context": "X017",
    "idempotency_key": "X018",
    "api_key": "X019",
    "stripe_version": "X019",
    "api_version": "X019",  # Node's spelling of the API version
}
"""A request option (in Python's spelling) and its finding."""
_CAMEL: Final = re.compile(r"(?<!^)([A-Z])")


def option_findings(call: SgNode, family: str) -> tuple[Finding, ...]:
    """The findings of the request options ``call`` (a Python or Node call node) passes, each
    at the option's name as written."""
    reader = {"python": _python, "node": _node, "ruby": _ruby, "php": _php}.get(family)
    found = reader(call) if reader is not None else []
    out = []
    for written, source in found:
        code = CODES.get(_CAMEL.sub(r"_\1", written).lower())
        if code is not None:
            finding = related_finding(code, option=written, source=short(source))
            out.append(finding._replace(path=written))
    return tuple(out)


def _python(call: SgNode) -> list[tuple[str, str]]:
    args = call.field("arguments")
    if args is None:
        return []
    out = []
    for child in args.children():
        if child.kind() != "keyword_argument":
            continue
        name, value = child.field("name"), child.field("value")
        if name is not None and value is not None:
            out.append((name.text(), value.text()))
    return out


def _node(call: SgNode) -> list[tuple[str, str]]:
    args = call.field("arguments")
    if args is None:
        return []
    given = [c for c in args.children() if c.is_named() and c.kind() != "comment"]
    if len(given) < 2 or given[1].kind() != "object":
        return []
    out = []
    for pair in given[1].children():
        if pair.kind() == "shorthand_property_identifier":
            key, value = pair.text(), pair.text()
        elif pair.kind() == "pair":
            k, v = pair.field("key"), pair.field("value")
            if k is None or v is None:
                continue
            key, value = k.text().strip("'\"`"), v.text()
        else:
            continue
        out.append((key, value))
    return out


def _ruby(call: SgNode) -> list[tuple[str, str]]:
    """Ruby: a second hash (``create({...}, {stripe_account: x})``) or trailing keywords
    (``create({...}, stripe_account: x)``, ``create(mode: ..., stripe_account: x)``)."""
    args = call.field("arguments")
    if args is None:
        return []
    given = [c for c in args.children() if c.is_named() and c.kind() != "comment"]
    pairs = [c for c in given if c.kind() == "pair"]
    pairs += [
        p for h in given[1:] if h.kind() == "hash" for p in h.children() if p.kind() == "pair"
    ]
    out = []
    for pair in pairs:
        named = [c for c in pair.children() if c.is_named()]
        if len(named) == 2:
            out.append((named[0].text().strip(":'\""), named[1].text()))
    return out


def _php(call: SgNode) -> list[tuple[str, str]]:
    """PHP: a second array argument (``create([...], ['stripe_account' => $x])``)."""
    args = call.field("arguments")
    if args is None:
        return []
    given = [c for c in args.children() if c.kind() == "argument"]
    if len(given) < 2:
        return []
    arrays = [c for c in given[1].children() if c.kind() == "array_creation_expression"]
    out = []
    for element in arrays[0].children() if arrays else ():
        named = [c for c in element.children() if c.is_named()]
        if element.kind() == "array_element_initializer" and len(named) == 2:
            out.append((named[0].text().strip("'\""), named[1].text()))
    return out


__all__ = ["CODES", "option_findings"]

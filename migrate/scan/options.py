"""Stripe request options on a scanned call: what each becomes on Dodo, as a finding.

The SDKs take per-request options beside the params: Python keywords (``stripe_account=``,
``idempotency_key=``, ``api_key=``, ``stripe_version=``, ``stripe_context=``), a second object
in Node (``{ stripeAccount, idempotencyKey, apiKey, apiVersion, stripeContext }``), a second
hash or trailing keywords in Ruby, a second array in PHP, Go's setters and embedded
``stripe.Params`` (found by its params reader: ``Extracted.options``), a ``RequestOptions``
after the params in Java, Kotlin and C# (inline, or a variable of the same function). The
params readers leave them out (they are not params); here each one gets its finding
(mappings/code.yaml), so none is dropped silently: a connected account blocks the call
(X017: Dodo has none), an idempotency key is a warning (X018; a blocker on a call that charges
at once: a retry may charge twice), a key or API version is info (X019).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
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


_RETRIED: Final = {
    "on_demand_charge": ("a second charge", Level.BLOCKER),
    "upsell": ("a second charge", Level.BLOCKER),
    "change_plan": ("the plan change again", Level.WARNING),
    "saved_method_subscription": ("a second subscription on the saved method", Level.BLOCKER),
    "subscription_patch": ("the same update again (it sets the same value)", Level.INFO),
}
"""What a retry of a Dodo call without its idempotency key makes (X018), and how bad that is;
a checkout session otherwise (it charges nothing until the buyer completes it)."""
_SESSION: Final = ("a second checkout session (it charges nothing until completed)", Level.WARNING)


def option_findings(
    call: SgNode,
    family: str,
    found_in_params: tuple[tuple[str, str], ...] = (),
    kind: str | None = None,
) -> tuple[Finding, ...]:
    """The findings of the request options ``call`` passes, each at the option's name as
    written; ``found_in_params``: those the params reader met (Go's ``stripe.Params``);
    ``kind``: the Dodo call it becomes (what a retry without an idempotency key makes)."""
    reader = {
        "python": _python,
        "node": _node,
        "ruby": _ruby,
        "php": _php,
        "java": _request_options,
        "kotlin": _request_options,
        "csharp": _request_options,
    }.get(family)
    found = [*found_in_params, *(reader(call) if reader is not None else [])]
    out = []
    for written, source in found:
        code = CODES.get(_CAMEL.sub(r"_\1", written).lower())
        if code is not None:
            effect, level = _RETRIED.get(kind or "", _SESSION)
            finding = related_finding(code, option=written, source=short(source), effect=effect)
            if code == "X018":
                finding = finding._replace(level=level)
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


_SETTER: Final = re.compile(
    r"\b(?:set)?(StripeAccount|StripeContext|IdempotencyKey|ApiKey|StripeVersion)\b\s*"
    r"(?:\(\s*|=\s*)([^,;)}\n]*)",
    re.IGNORECASE,
)
_FUNCTIONS: Final = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "lambda_expression",
        "function_declaration",
        "local_function_statement",
        "anonymous_function",
        "function_literal",
    }
)


def _request_options(call: SgNode) -> list[tuple[str, str]]:
    """Java, Kotlin and C#: a ``RequestOptions`` argument after the params, built inline
    (``RequestOptions.builder().setStripeAccount(acct).build()``, ``new RequestOptions {
    StripeAccount = acct }``) or in a variable of the same function."""
    args = call.field("arguments") or next(
        (c for c in call.children() if c.kind() in ("value_arguments", "call_suffix")), None
    )
    if args is None:
        return []
    given = [c for c in _argument_nodes(args) if c.kind() != "comment"]
    out: list[tuple[str, str]] = []
    for arg in given[1:]:
        text = arg.text()
        if re.fullmatch(r"[A-Za-z_]\w*", text.strip()):  # a variable: its value in the function
            scope = next((up for up in call.ancestors() if up.kind() in _FUNCTIONS), None)
            body = scope.text() if scope is not None else ""
            bound = re.search(rf"\b{re.escape(text.strip())}\s*=\s*([^;]+)", body)
            text = bound.group(1) if bound else ""
        for m in _SETTER.finditer(text):
            name = m.group(1)[0].lower() + m.group(1)[1:]
            value = m.group(2)
            if "(" in text[m.end(1) : m.start(2)]:
                value = _argument_at(text, m.start(2))  # a setter's whole argument
            out.append((name, value.strip()))
    return out


def _argument_at(text: str, start: int) -> str:
    """The argument that starts at ``start`` and ends at the ``)`` closing its call."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return text[start:i]
            depth -= 1
    return text[start:]


def _argument_nodes(args: SgNode) -> list[SgNode]:
    """The arguments in an argument list (Kotlin wraps each in a ``value_argument``, C# in an
    ``argument``)."""
    out = []
    for child in args.children():
        if not child.is_named():
            continue
        if child.kind() in ("value_arguments",):
            out.extend(_argument_nodes(child))
        else:
            out.append(child)
    return out


__all__ = ["CODES", "option_findings"]

"""Where a Ruby service object's key comes from: its methods, delegations and fields.

A Ruby service is made for one call's data (``Invoices::StripeService.new(invoice).call``) and
reads it through its own methods: ``api_key: stripe_api_key``, ``def stripe_api_key =
provider.secret_key``, ``def provider = @provider ||= organization.stripe_provider``,
``delegate :organization, to: :invoice``, ``attr_reader :invoice``, and ``@invoice = invoice``
in ``initialize``. A bare name the method does not bind is such a method of its class; this
module says what expression each stands for, so ``migrate/scan/tenant_keys.py`` judges the
key by where it really comes from: a record the object was made with (each organization's own
Stripe account: a tenant's key, X029), or the platform's settings.

Only Ruby: in the languages whose frameworks inject services (Nest, Spring, ASP.NET), a field
set from a constructor's parameter is a singleton's, the same for every call.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

_ROOT: Final = re.compile(r"^(@?[A-Za-z_]\w*[?!]?)(.*)$", re.S)
_SYMBOLS: Final = re.compile(r":(\w+[?!]?)")
_TARGET: Final = re.compile(r"\bto:\s*:(@?\w+)|:to\s*=>\s*:(@?\w+)")


def split_root(text: str) -> tuple[str, str] | None:
    """``text``'s first name and the rest (``a.b.c`` -> ``a``, ``.b.c``); None when it does
    not start with a name or a field."""
    found = _ROOT.match(text.strip())
    return (found.group(1), found.group(2)) if found else None


def class_of(function: SgNode) -> SgNode | None:
    return next((up for up in function.ancestors() if up.kind() in ("class", "module")), None)


def stands_for(name: str, function: SgNode) -> tuple[str, SgNode] | None:
    """What a bare ``name`` the method ``function`` does not bind stands for in its class: a
    method's returned expression (in the terms of that method), a delegation's
    ``target.name``, an ``attr_reader``'s field; None when the class says nothing of it."""
    owner = class_of(function)
    if owner is None:
        return None
    for method in owner.find_all(kind="method"):
        named = method.field("name")
        if named is None or named.text() != name or method.field("parameters") is not None:
            continue
        returned = _returned(method)
        return (returned, method) if returned else None
    for call in owner.find_all(kind="call"):
        verb = call.field("method")
        args = call.field("arguments")
        if verb is None or args is None or call.field("receiver") is not None:
            continue
        words = _SYMBOLS.findall(args.text())
        if verb.text() == "delegate" and name in words:
            target = _TARGET.search(args.text())
            if target is not None and (target.group(1) or target.group(2)) != name:
                return f"{target.group(1) or target.group(2)}.{name}", function
        if verb.text() in ("attr_reader", "attr_accessor") and name in words:
            return f"@{name}", function
    return None


def field_values(field: str, function: SgNode) -> list[tuple[str, SgNode]]:
    """The values the class assigns to ``field`` (``@x = v``, ``@x ||= v``), each with the
    method it is assigned in."""
    owner = class_of(function)
    if owner is None:
        return []
    out: list[tuple[str, SgNode]] = []
    for kind in ("assignment", "operator_assignment"):
        for node in owner.find_all(kind=kind):
            left, right = node.field("left"), node.field("right")
            if left is None or right is None or left.text() != field:
                continue
            method = next((up for up in node.ancestors() if up.kind() == "method"), None)
            if method is not None:
                out.append((right.text(), method))
    return out


def _returned(method: SgNode) -> str:
    """The expression a method without parameters returns (its last statement; the value of
    a memo, ``@x ||= v``)."""
    body = method.field("body") or next(
        (c for c in method.children() if c.kind() == "body_statement"), None
    )
    if body is None:
        return ""
    statements = [c for c in body.named_children() if c.kind() != "comment"]
    if not statements:
        return ""
    last = statements[-1]
    if last.kind() in ("assignment", "operator_assignment"):
        right = last.field("right")
        return right.text() if right is not None else ""
    return last.text()


__all__ = ["class_of", "field_values", "split_root", "stands_for"]

"""A cart built before the code changes what it was built from (RT058).

The suggested Dodo call is written where the Stripe call is, and a cart the code builds into a
local (``line_items = products.map { ... session[:cart][id] ... }``, a comprehension, a
``.map``, a loop of appends) is written there again, element by element, as Dodo's lines: it
reads what the code read, at the call. When the code changes one of those places between the
local and the call (a shop empties the session's cart before redirecting to Stripe:
``session[:cart] = {}``), the Dodo cart is built from the new value: every quantity read from
the cart is nil, 0 or None, a cart Stripe never charged. The site is blocked, saying what
changed.

Cheap: the function's text is read only for a cart (or discounts) that is a bare local whose
value the translation followed into its elements."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.scan.extract import CHOICE, DYNAMIC, EACH, Dynamic, is_dynamic
from migrate.scan.site import related_finding

CODE: Final = "RT058"
_PATHS: Final = ("line_items", "discounts")
_LOCAL: Final = re.compile(r"^[$@]?[A-Za-z_]\w*$")
_TARGET: Final = re.compile(
    r"(?m)^[ \t]*(?P<place>[$@]?[A-Za-z_]\w*(?:\s*(?:\.\s*[A-Za-z_]\w*|\[[^\]\n]*\]|->\s*\w+))*)"
    r"\s*(?:\|\||\?\?|\+|-)?=(?![=>~])[^\n]*"
)
"""An assignment at the start of a line (``session[:cart] = {} unless ...``,
``request.session["cart"] = {}``, ``$_SESSION['cart'] = [];``, ``req.session.cart = {};``)."""


def stale_findings(
    call: SgNode, functions: Iterable[str], params: dict[str, Any], dynamic: Iterable[Dynamic]
) -> tuple[Finding, ...]:
    """RT058 for each cart (or discounts) local of ``call`` whose elements read a place the code
    assigns between the local's binding and the call."""
    wanted = [
        d
        for d in dynamic
        if d.path in _PATHS and _LOCAL.match(d.source.strip()) and _followed(params.get(d.path))
    ]
    if not wanted:
        return ()
    kinds = frozenset(functions)
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    if fn is None:
        return ()
    before = fn.text()[: call.range().start.index - fn.range().start.index]
    out = []
    for entry in wanted:
        name = entry.source.strip()
        binding = rf"(?<![\w$@.]){re.escape(name)}\s*(?::[^=\n]*)?:?=(?![=>~])"
        bound = list(re.finditer(binding, before))
        if not bound:
            continue
        value = params[entry.path]
        reads = [r for r in dict.fromkeys(_reads(value)) if r]
        start = end = bound[-1].end()
        for read in reads:  # past the binding's own text: what it reads is written there
            at = before.find(read, start)
            if at >= 0:
                end = max(end, at + len(read))
        start = end
        names = set(_each_names(value)) | {name}
        for m in _TARGET.finditer(before, start):
            place = re.sub(r"\s+", "", m.group("place"))
            if place in names or place.split(".")[0].split("[")[0] in names - {name}:
                continue
            pattern = re.compile(rf"(?<![\w$@.]){re.escape(place)}(?![\w$])")
            if any(pattern.search(re.sub(r"\s+", "", r)) for r in reads):
                change = short(m.group().strip())
                field = entry.path
                found = related_finding(CODE, field=field, local=name, place=place, change=change)
                out.append(found._replace(path=field))
                break
    return tuple(out)


def _followed(value: Any) -> bool:
    """Whether the translation wrote a value's elements (a list, or a list mapped element by
    element), not the local as a run-time value."""
    return type(value) is list or (is_dynamic(value) and EACH in value)


def _reads(value: Any) -> Iterator[str]:
    """The code a value reads: each run-time value's source, a mapped list's collection, a
    choice's condition, inside lists, maps and markers."""
    if type(value) is list:
        for item in value:
            yield from _reads(item)
    elif type(value) is dict:
        if is_dynamic(value):
            if EACH in value:
                yield str(value[EACH]["over"])
                yield from _reads(value[EACH]["item"])
            elif CHOICE in value:
                yield str(value[CHOICE]["if"])
                yield from _reads(value[CHOICE]["then"])
                yield from _reads(value[CHOICE]["else"])
            else:
                yield str(value[DYNAMIC])
            return
        for item in value.values():
            yield from _reads(item)


def _each_names(value: Any) -> Iterator[str]:
    """The element names of the mapped lists in a value (``product`` of ``@products.map``)."""
    if type(value) is list:
        for item in value:
            yield from _each_names(item)
    elif type(value) is dict:
        if is_dynamic(value) and EACH in value:
            yield str(value[EACH]["as"])
            yield from _each_names(value[EACH]["item"])
        elif not is_dynamic(value):
            for item in value.values():
                yield from _each_names(item)


__all__ = ["stale_findings"]

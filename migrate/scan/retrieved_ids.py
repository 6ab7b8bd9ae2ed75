"""A price the code retrieves from Stripe by a literal id, then passes by its ``id``.

``price = stripe.prices.retrieve("price_1Pro")`` (``\\Stripe\\Price::retrieve('price_1Pro')``,
``Stripe::Price.retrieve``, ``price.Get("price_1Pro", nil)``, ``Price.retrieve``) then ``price:
price.id`` in a line item: the id is the literal the code retrieved, known from the code. It was
read as a run-time value (X023: a Stripe read the Dodo call needs, L113: a product looked up at
run time), so the Dodo call kept calling Stripe for an id it already had. The value is the
literal: the translator looks its product up now, as for ``price: "price_1Pro"``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, Extracted, is_dynamic
from migrate.scan.stripe_reads import bound_value, stripe_read

_FIELD: Final = re.compile(r"(?:^|[.\]])(?:price|plan)$")
"""A param that names a Stripe price (a line item's, a subscription item's)."""
_ID: Final = re.compile(
    r"^\s*(?P<name>[$@]?[A-Za-z_]\w*)\s*(?:\.|->|\?\.)\s*(?:id|ID|Id|getId\(\s*\))\s*$"
)
"""The ``id`` of an object a name holds: ``price.id``, ``$price->id``, Go's ``price.ID``,
Java's ``price.getId()``, .NET's ``price.Id``."""
_BY_ID: Final = re.compile(
    r"(?:\.|::|->)\s*(?:retrieve|Get)(?:Async)?\s*\(\s*(?P<q>['\"`])"
    r"(?P<id>(?:price|plan)_[A-Za-z0-9_]+)(?P=q)\s*[,)]"
)
"""A read of one price by a literal id."""
_STEP: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def known_ids(call: SgNode, functions: Iterable[str], family: str, read: Extracted) -> Extracted:
    """``read`` with each price that is the ``id`` of a price the function retrieves by a
    literal id, before ``call``, written as that id (and no longer a run-time value)."""
    candidates = [
        d for d in read.dynamic if _FIELD.search(d.path) and _ID.match(d.source) is not None
    ]
    if not candidates:
        return read
    kinds = frozenset(functions)
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    if fn is None:
        return read
    before = fn.text()[: call.range().start.index - fn.range().start.index]
    known: dict[str, str] = {}
    for entry in candidates:
        name = _ID.match(entry.source)
        value = bound_value(name.group("name"), before) if name is not None else None
        found = _BY_ID.search(value) if value is not None else None
        if found is None or value is None or stripe_read(value, family) is None:
            continue
        if _set(read.params, entry.path, entry.source, found.group("id")):
            known[entry.path] = found.group("id")
    if not known:
        return read
    left = tuple(d for d in read.dynamic if d.path not in known)
    return replace(read, dynamic=left)


def _set(params: dict[str, Any], path: str, source: str, value: str) -> bool:
    """Put ``value`` at ``path`` where the run-time value ``source`` is; False when it is not
    there as a plain run-time value."""
    steps = [(key, index) for key, index in _STEP.findall(path)]
    node: Any = params
    for key, index in steps[:-1]:
        if index and type(node) is list and int(index) < len(node):
            node = node[int(index)]
        elif key and type(node) is dict and not is_dynamic(node):
            node = node.get(key)
        else:
            return False
    key, _ = steps[-1] if steps else ("", "")
    held: Any = node.get(key) if type(node) is dict and key else None
    if type(held) is not dict or held != {DYNAMIC: source}:
        return False
    node[key] = value
    return True

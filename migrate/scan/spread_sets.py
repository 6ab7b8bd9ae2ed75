"""What a run-time spread into the params may set, read from the helper of the file it comes from.

Read in a Hono app's subscription service: ``const { discountDetails } = await
resolveCheckoutDiscount(...)`` then ``...discountDetails`` in the params, the helper returning
``{ discountDetails: { discounts: [{ coupon: coupon.id }] } }`` from inside a loop (the first
valid coupon) or ``{ discountDetails: { allow_promotion_codes: true } }``. Which one runs only
run time tells, so the spread is a run-time value (RT006, a warning), and the Dodo call charged
full price with nothing blocking it. The helper's returned objects say which Stripe fields the
spread can set: where one of them decides what the buyer pays (the cart, a discount, promotion
codes, a trial, shipping, the currency, the mode, tax), RT054 blocks the site and names them.
Read for JavaScript/TypeScript and Python: a spread (``...x``, ``**x``) of a local bound to a
call of a helper of the same file (awaited or not; destructured by key in JavaScript), or of
the call itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.extract import Dynamic, Extractor, start
from migrate.scan.follow_base import FollowerBase
from migrate.scan.helper_returns import returns_of, value_of
from migrate.scan.site import related_finding

CODE: Final = "RT054"
MONEY: Final = (
    "line_items",
    "discounts",
    "allow_promotion_codes",
    "subscription_data",
    "shipping_options",
    "currency",
    "mode",
    "automatic_tax",
)
"""The Checkout params that decide what the buyer pays."""
_OBJECTS: Final = frozenset({"object", "dictionary"})
_CALLS: Final = frozenset({"call_expression", "call"})
_WRAPS: Final = frozenset({"await_expression", "await", "parenthesized_expression"})
_SPREADS: Final = {"node": "spread_element", "python": "dictionary_splat"}


def spread_sets(call: SgNode, ex: Extractor, dynamic: Iterable[Dynamic]) -> tuple[Finding, ...]:
    """RT054 for each top-level spread of ``call``'s params (``dynamic`` with no path) whose
    helper's returned objects set a field of :data:`MONEY`."""
    if ex.family not in ("node", "python"):
        return ()
    out: list[Finding] = []
    for entry in dynamic:
        if entry.path or not entry.source.startswith(("...", "**")):
            continue
        found = _helper_keys(call, ex, entry.source)
        if found is None:
            continue
        name, keys = found
        money = [k for k in MONEY if k in keys]
        if money:
            finding = related_finding(
                CODE,
                source=entry.source,
                function=name,
                fields=", ".join(f"`{k}`" for k in money),
            )
            out.append(finding._replace(path=""))
    return tuple(out)


def _helper_keys(call: SgNode, ex: Extractor, source: str) -> tuple[str, set[str]] | None:
    """The helper a spread's value (``source``: ``...x``, ``**f(x)``) comes from, and the keys
    its returned objects set."""
    name = source.lstrip(".*").strip()
    value, key = (
        _value_of(call, ex, name)
        if name.isidentifier()
        else (_spread(call, source, ex.family), None)
    )
    while value is not None and value.kind() in _WRAPS:
        inner = [c for c in value.named_children() if c.kind() != "comment"]
        value = inner[0] if len(inner) == 1 else None
    if value is None or value.kind() not in _CALLS or not isinstance(ex, FollowerBase):
        return None
    try:
        found = ex.helper(value)
    except NotImplementedError:
        return None
    if found is None:
        return None
    function = found[0]
    keys: set[str] = set()
    body = function.field("body") or function
    for statement in returns_of(function, body, frozenset(ex.functions)):
        returned = value_of(statement)
        if returned is not None and key is not None:
            returned = _member(returned, key)
        if returned is not None and returned.kind() in _OBJECTS:
            keys.update(_keys(returned))
    if not keys:
        return None
    label = function.field("name")
    return (label.text() if label is not None else value.text().split("(", 1)[0]), keys


def _spread(call: SgNode, source: str, family: str) -> SgNode | None:
    """The expression spread into ``call``'s arguments as ``source`` (``**discount_for(u)``)."""
    for node in call.find_all(kind=_SPREADS[family]):
        inner = [c for c in node.named_children() if c.kind() != "comment"]
        if node.text() == source and len(inner) == 1:
            return inner[0]
    return None


def _value_of(call: SgNode, ex: Extractor, name: str) -> tuple[SgNode | None, str | None]:
    """The value a spread's name was last bound to before ``call`` (and the key it reads
    when bound by an object pattern: ``const { details } = ...``)."""
    scope = ex.scope(call)
    bound = [b for b in ex.bindings(scope, name) if b[0] < start(call)]
    if not bound:
        return None, None
    node = bound[-1][1]
    parent = node.parent()
    if parent is not None and parent.kind() == "pair_pattern":
        key_node = parent.field("key")
        pattern = parent.parent()
        return _right(pattern), key_node.text().strip("'\"") if key_node is not None else None
    if parent is not None and parent.kind() == "object_pattern":
        return _right(parent), node.text()
    return node, None


def _right(pattern: SgNode | None) -> SgNode | None:
    """The value an object pattern destructures (``const { a } = value``)."""
    holder = pattern.parent() if pattern is not None else None
    return holder.field("value") if holder is not None else None


def _member(node: SgNode, key: str) -> SgNode | None:
    """The value of the key ``key`` in an object literal."""
    if node.kind() not in _OBJECTS:
        return None
    for pair in node.named_children():
        if pair.kind() == "shorthand_property_identifier" and pair.text() == key:
            return None  # a name of the helper's, not an object it writes
        if pair.kind() == "pair":
            written = pair.field("key")
            if written is not None and written.text().strip("'\"") == key:
                return pair.field("value")
    return None


def _keys(node: SgNode) -> list[str]:
    """The keys an object literal writes (a spread in it aside)."""
    out = []
    for pair in node.named_children():
        if pair.kind() == "pair":
            written = pair.field("key")
            if written is not None:
                out.append(written.text().strip("'\""))
        elif pair.kind() == "shorthand_property_identifier":
            out.append(pair.text())
    return out

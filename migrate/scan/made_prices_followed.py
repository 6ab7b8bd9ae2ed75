"""A checkout line's price that a helper of the file creates in Stripe and returns, in Python
and JavaScript/TypeScript (``price = ticket_price(booking)`` with ``ticket_price`` returning
``stripe.Price.create(...)``; ``const price = await priceFor(order)``, the helper binding
``const made = await stripe.prices.create({...})`` and returning ``made``).

``migrate/scan/made_prices.py`` reads such a creation as the line's inline price (RT042) in Go,
Java, Kotlin and C# through the flow reader's frames; here the same with the follow reader's
(``follow.py``): the helper's parameters read as the caller's arguments, as a followed call is
read. A helper of another file, one with more than one return, one whose creation is not what
it returns, or a value it computes from what the caller cannot write stays X026's blocker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.catalog_writes import made_call, write_pattern
from migrate.scan.extract import Extractor
from migrate.scan.follow import Follower
from migrate.scan.follow_base import Frame
from migrate.scan.nodes import is_comment
from migrate.scan.patterns import CallPattern, Language

_LOCAL: Final = re.compile(r"^\s*([A-Za-z_$][\w$]*)")
_AWAITED: Final = frozenset({"await", "await_expression"})


def followed_made(
    node: SgNode,
    source: str,
    extractor: Extractor,
    language: Language,
    bound_once: Callable[[SgNode, SgNode, str, Extractor], bool],
) -> tuple[tuple[SgNode, CallPattern], Frame] | None:
    """The Stripe price creation a helper of the file returns, when the local whose id
    ``source`` reads is bound once before the checkout ``node`` to a call of it, and the frame
    that reads the helper's parameters as that call's arguments (``bound_once``: made_prices'
    check that the local is bound by that call alone)."""
    if not isinstance(extractor, Follower):
        return None
    m = _LOCAL.match(source)
    fn = next((a for a in node.ancestors() if a.kind() in extractor.functions), None)
    if m is None or fn is None:
        return None
    bound = re.compile(rf"(?<![\w$]){re.escape(m.group(1))}\s*(?::[^=\n]+)?=\s*(?:await\s+)?$")
    text = node.get_root().root().text()
    at = node.range().start.index
    calls = [c for kind in language.call_kinds for c in fn.find_all(kind=kind)]
    for call in sorted(calls, key=lambda c: c.range().start.index):
        begin = call.range().start.index
        if begin >= at or not bound.search(text[text.rfind("\n", 0, begin) + 1 : begin]):
            continue
        if not bound_once(node, call, source, extractor):
            return None
        return followed_call(node, call, extractor, language)
    return None


def followed_call(
    node: SgNode, call: SgNode, extractor: Extractor, language: Language
) -> tuple[tuple[SgNode, CallPattern], Frame] | None:
    """The Stripe price creation the helper of the file that ``call`` calls returns, and the
    frame that reads the helper's parameters as the call's arguments (``call`` binds a local
    the checkout ``node`` reads the id of, or is read inline: ``price_for(order).id``)."""
    if not isinstance(extractor, Follower):
        return None
    found = extractor.helper(call)
    if found is None or found[0].get_root() is not node.get_root():
        return None
    helper, receiver = found
    args = extractor.params_of(helper, call, receiver)
    made = _returned_creation(helper, extractor, language)
    if args is None or made is None:
        return None
    return made, Frame(helper, frozenset(), args, call=call)


def _returned_creation(
    helper: SgNode, extractor: Follower, language: Language
) -> tuple[SgNode, CallPattern] | None:
    """The price creation ``helper`` returns: its one return's value, or the local that value
    names, bound to the creation before it."""
    returns = extractor.direct(helper, extractor.return_kind)
    if len(returns) != 1:
        return None
    inner = [c for c in returns[0].named_children() if not is_comment(c)]
    if len(inner) != 1:
        return None
    value = inner[0]
    while value.kind() in _AWAITED or value.kind() == "parenthesized_expression":
        named = [c for c in value.named_children() if not is_comment(c)]
        if len(named) != 1:
            return None
        value = named[0]
    if value.kind() in ("identifier",):
        return made_call(returns[0], f"{value.text()}.id", extractor, language, "price")
    pattern = write_pattern(value, language, "price")
    if pattern is None or value.kind() not in language.call_kinds:
        return None
    return value, pattern


__all__ = ["followed_call", "followed_made"]

"""A checkout line's price that the code creates in Stripe a moment before, carried inline
(RT042).

Real applications price an order in Stripe just before its checkout (a job board's
``price.New(&stripe.PriceParams{Currency: "gbp", UnitAmount: total, ProductData: ...})`` then
``Price: priceResult.ID``; a Spring shop's ``Price.create(PriceCreateParams.builder()
.setUnitAmount(req.getAmount()).setCurrency("usd")...)`` then ``setPrice(price.getId())``). Such
a price is in no id map, so looking it up fails (X026). When the creation's params are all a
Checkout line's inline price can say (amount, currency, product or product data, recurring
interval, tax behaviour), the line is read as that inline price (``price_data``): the amount
and currency the code computes reach the Dodo call (a pay-what-you-want line's ``amount``, as
any inline price), and the finding says to remove the Stripe creation. A creation passing
anything else (tiers, a custom amount, a lookup key), params that cannot be read, a price made
in a loop or a cart built at run time stay X026's blocker (``migrate/scan/stripe_reads.py``).
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.scan.catalog_writes import made_call, record_made
from migrate.scan.extract import DYNAMIC, Dynamic, Extracted, Extractor, is_dynamic
from migrate.scan.patterns import Language
from migrate.scan.site import related_finding

INLINED: Final = "RT042"
_INLINE_KEYS: Final = frozenset(
    {"unit_amount", "unit_amount_decimal", "currency", "product", "product_data"}
    | {"recurring", "tax_behavior"}
)
"""The params of a price creation that a Checkout line's ``price_data`` takes as they are."""
_AMOUNTS: Final = ("unit_amount", "unit_amount_decimal")


def inline_made_prices(
    node: SgNode,
    extractor: Extractor,
    language: Language,
    extracted: Extracted,
    endpoint: object | None = None,
) -> tuple[Extracted, tuple[Finding, ...]]:
    """``extracted`` (the params of the Checkout creation ``node``) with each line whose
    ``price`` is the id of a price created just before in the same function read as that
    price's params inline (``price_data``), and an RT042 finding for each. A call around
    Checkout (its ``endpoint`` given) is left as it is."""
    lines = extracted.params.get("line_items")
    if endpoint is not None or not isinstance(lines, list):
        return extracted, ()
    new_lines: list[Any] = list(lines)
    dynamic = list(extracted.dynamic)
    found: list[Finding] = []
    for index, line in enumerate(lines):
        price = line.get("price") if isinstance(line, dict) else None
        if not isinstance(price, dict) or not is_dynamic(price) or len(price) != 1:
            continue
        source = str(price[DYNAMIC])
        made = _made_price(node, source, extractor, language)
        if made is None:
            continue
        call, params, inner = made
        at = f"line_items[{index}]"
        new_lines[index] = {
            **{k: v for k, v in line.items() if k != "price"},
            "price_data": params,
        }
        dynamic = [d for d in dynamic if d.path != f"{at}.price"]
        dynamic += [Dynamic(f"{at}.price_data.{d.path}", d.source) for d in inner]
        args = call.field("arguments")
        whole = call.text()
        callee = whole[: args.range().start.index - call.range().start.index] if args else whole
        callee = callee.removeprefix("new ").strip()
        finding = related_finding(
            INLINED, field=f"{at}.price", source=short(source), made=short(callee + "(...)")
        )
        found.append(finding._replace(path=f"{at}.price_data"))
        record_made(node, call.range().start.index)  # said here: no X031 of it
    if not found:
        return extracted, ()
    params = {**extracted.params, "line_items": new_lines}
    return Extracted(params, tuple(dynamic), extracted.options), tuple(found)


def _made_price(
    node: SgNode, source: str, extractor: Extractor, language: Language
) -> tuple[SgNode, dict[str, Any], tuple[Dynamic, ...]] | None:
    """The Stripe price creation bound to the local whose id ``source`` reads, its params and
    their run-time values, when a Checkout line's inline price can say all of them."""
    made = made_call(node, source, extractor, language, "price")
    if made is None or not _bound_once(node, made[0], source, extractor):
        return None
    call, pattern = made
    reader = type(extractor)(source=extractor.source, file=extractor.file)
    try:
        got = reader.call(call, pattern)
    except NotImplementedError:
        return None
    params = got.params
    if not isinstance(params, dict) or is_dynamic(params) or not params:
        return None
    if set(params) - _INLINE_KEYS or reader.options or reader.hidden:
        return None
    if not isinstance(params.get("currency"), str) and not is_dynamic(params.get("currency")):
        return None
    if not any(params.get(k) is not None for k in _AMOUNTS):
        return None
    if any(d.path == "" or not d.path for d in got.dynamic):
        return None  # params spread in from a value not read
    return call, params, got.dynamic


_LOCAL: Final = re.compile(r"^\s*(\$?[A-Za-z_]\w*)")


def _bound_once(node: SgNode, call: SgNode, source: str, extractor: Extractor) -> bool:
    """Whether the local whose id ``source`` reads is bound once before the checkout ``node``,
    in the function around it: by the creation ``call``. A local also set another way (``price
    = null`` then made in a branch, or read from Stripe in the other) may hold another price
    when the checkout runs: its line is not read as the created one."""
    m = _LOCAL.match(source)
    fn = next((a for a in node.ancestors() if a.kind() in extractor.functions), None)
    if m is None or fn is None:
        return False
    start = fn.range().start.index
    before = fn.text()[: node.range().start.index - start]
    binds = re.compile(rf"(?<![\w$.>]){re.escape(m.group(1))}\s*(?:,\s*\w+\s*)?:?=(?![=>~])")
    found = [b.start() + start for b in binds.finditer(before)]
    return len(found) == 1 and found[0] < call.range().start.index


__all__ = ["INLINED", "inline_made_prices"]

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
from migrate.scan.catalog_writes import made_call, record_made, write_pattern
from migrate.scan.extract import DYNAMIC, Dynamic, Extracted, Extractor, is_dynamic
from migrate.scan.flow import FlowExtractor, Frame
from migrate.scan.follow import Follower
from migrate.scan.follow_base import Frame as FollowFrame
from migrate.scan.follow_base import Unfollowable
from migrate.scan.hash_helpers import helper_target
from migrate.scan.hashflow import Flow
from migrate.scan.hashflow_values import Frame as HashFrame
from migrate.scan.kotlin_symbols import argument_list
from migrate.scan.lang import kotlin_nodes
from migrate.scan.lang.kotlin_nodes import trailing_lambda
from migrate.scan.made_prices_followed import followed_call, followed_made
from migrate.scan.nodes import is_comment
from migrate.scan.patterns import CallPattern, Language, normalise_callee
from migrate.scan.site import related_finding
from migrate.scan.wrapper_args import identifiers

INLINED: Final = "RT042"
_INLINE_KEYS: Final = frozenset(
    {"unit_amount", "unit_amount_decimal", "currency", "product", "product_data"}
    | {"recurring", "tax_behavior"}
)
"""The params of a price creation that a Checkout line's ``price_data`` takes as they are."""
_AMOUNTS: Final = ("unit_amount", "unit_amount_decimal")
_ITEMS: Final = {"/v1/subscriptions": "items"}
"""The list of a call around Checkout whose elements' ``price`` a made price may be: the items
of a subscription created on the server (a creation's endpoint has no id)."""


def inline_made_prices(
    node: SgNode,
    extractor: Extractor,
    language: Language,
    extracted: Extracted,
    endpoint: object | None = None,
) -> tuple[Extracted, tuple[Finding, ...]]:
    """``extracted`` (the params of the Checkout creation ``node``) with each line whose
    ``price`` is the id of a price created just before in the same function read as that
    price's params inline (``price_data``), and an RT042 finding for each. So too the items
    of a subscription created on the server (``items[].price``: a Stripe subscription item
    takes the same inline price); any other call around Checkout is left as it is."""
    key = "line_items" if endpoint is None else _ITEMS.get(getattr(endpoint, "path", ""))
    lines = extracted.params.get(key) if key is not None else None
    if key is None or not isinstance(lines, list):
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
        made = made or _made_default_price(node, source, extractor, language)
        if made is None:
            continue
        call, params, inner = made
        at = f"{key}[{index}]"
        new_lines[index] = {
            **{k: v for k, v in line.items() if k != "price"},
            "price_data": params,
        }
        dynamic = [d for d in dynamic if d.path != f"{at}.price"]
        dynamic += [Dynamic(f"{at}.price_data.{d.path}", d.source) for d in inner]
        args = argument_list(call)  # Kotlin's call_suffix too
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
    params = {**extracted.params, key: new_lines}
    return Extracted(params, tuple(dynamic), extracted.options), tuple(found)


def _made_price(
    node: SgNode, source: str, extractor: Extractor, language: Language
) -> tuple[SgNode, dict[str, Any], tuple[Dynamic, ...]] | None:
    """The Stripe price creation bound to the local whose id ``source`` reads, its params and
    their run-time values, when a Checkout line's inline price can say all of them."""
    made = made_call(node, source, extractor, language, "price")
    frame: Frame | HashFrame | None = None
    followed: FollowFrame | None = None
    inline = _inline_call(node, source, extractor, language)
    if inline is not None:  # `Price.create(...).id`, `price_for(order).id` in the call
        read = _inline_made(node, inline, extractor, language)
        if read is None:
            return None
        made, frame, followed = read
    elif made is None:
        helped = _helper_made(node, source, extractor, language)
        if helped is None:
            helped_here = followed_made(node, source, extractor, language, _bound_once)
            if helped_here is None:
                return None
            made, followed = helped_here
        else:
            made, frame = helped
    elif not _bound_once(node, made[0], source, extractor):
        return None
    call, pattern = made
    reader = type(extractor)(source=extractor.source, file=extractor.file)
    if isinstance(frame, HashFrame):  # the same, by PHP's and Ruby's reader
        if not isinstance(reader, Flow):
            return None
        reader.frames.append(frame)
    elif frame is not None:  # the helper's parameters read as the caller's arguments
        if not isinstance(reader, FlowExtractor):
            return None
        reader.flow.frames.append(frame)
    if followed is not None:  # the same, by the follow reader (Python, JS/TS)
        if not isinstance(reader, Follower):
            return None
        reader.frames.append(followed)
    try:
        got = reader.call(call, pattern)
    except (NotImplementedError, Unfollowable):
        return None
    if isinstance(frame, HashFrame):
        if frame.unwritable:  # a value of the helper's own that the caller cannot write
            return None
    elif frame is not None and _reads_own_locals(got.dynamic, frame, language.family):
        return None
    params = got.params
    if not isinstance(params, dict) or is_dynamic(params) or not params:
        return None
    if not _says_inline(params) or reader.options or reader.hidden:
        return None
    if any(d.path == "" or not d.path for d in got.dynamic):
        return None  # params spread in from a value not read
    return call, params, got.dynamic


_DEFAULT_PRICE: Final = re.compile(
    r"^\s*(?P<local>\$?[A-Za-z_]\w*)\s*(?:(?:\.|->|\?\.)\s*(?:default_price|DefaultPrice\s*\.\s*ID"
    r"|getDefaultPrice\(\s*\)|DefaultPriceId)|\[\s*(?:\"default_price\"|'default_price'|:default_price)\s*\])"
    r"(?:\s+as\s+[\w.]+|\s*!)?\s*$"
)
"""The default price of a local product (``product.default_price as string``, ``$product->
default_price``, ``product["default_price"]``, Go's ``product.DefaultPrice.ID``, Java's
``product.getDefaultPrice()``, C#'s ``product.DefaultPriceId``)."""
_PRODUCT_DATA: Final = frozenset({"name", "description", "images", "metadata", "tax_code"})
"""A product creation's params an inline price's ``product_data`` takes as they are."""


def _made_default_price(
    node: SgNode, source: str, extractor: Extractor, language: Language
) -> tuple[SgNode, dict[str, Any], tuple[Dynamic, ...]] | None:
    """The product created just before the checkout ``node`` with its price
    (``default_price_data``) whose default price ``source`` reads (a phone-case shop prices
    each configured case so: ``stripe.products.create({name, default_price_data: {currency:
    'USD', unit_amount: price}})``, then ``price: product.default_price``): that creation,
    read as the line's inline price (its product's name and description as ``product_data``),
    when nothing else is in it."""
    m = _DEFAULT_PRICE.match(source)
    if m is None:
        return None
    local = m.group("local")
    made = made_call(node, f"{local}.id", extractor, language, "product")
    if made is None or not _bound_once(node, made[0], f"{local}.id", extractor):
        return None
    call, pattern = made
    reader = type(extractor)(source=extractor.source, file=extractor.file)
    try:
        got = reader.call(call, pattern)
    except (NotImplementedError, Unfollowable):
        return None
    params = got.params
    if not isinstance(params, dict) or is_dynamic(params) or reader.options or reader.hidden:
        return None
    priced = params.get("default_price_data")
    if (
        not isinstance(priced, dict)
        or is_dynamic(priced)
        or set(params) - _PRODUCT_DATA - {"default_price_data"}
    ):
        return None
    product = {k: v for k, v in params.items() if k in _PRODUCT_DATA}
    inline = {**priced, **({"product_data": product} if product else {})}
    if not _says_inline(inline):
        return None
    moved = []
    for d in got.dynamic:
        if d.path.startswith("default_price_data."):
            moved.append(Dynamic(d.path.removeprefix("default_price_data."), d.source))
        elif d.path.split(".")[0].split("[")[0] in _PRODUCT_DATA:
            moved.append(Dynamic(f"product_data.{d.path}", d.source))
        else:
            return None  # a whole value spread in, a key not read
    return call, inline, tuple(moved)


def _says_inline(params: dict[str, Any]) -> bool:
    """Whether a price creation's params are all a line's inline price can say, with an
    amount and a currency (a literal or a run-time value)."""
    currency = params.get("currency")
    return (
        not set(params) - _INLINE_KEYS
        and any(params.get(k) is not None for k in _AMOUNTS)
        and (isinstance(currency, str) or is_dynamic(currency))
    )


def _inline_call(
    node: SgNode, source: str, extractor: Extractor, language: Language
) -> SgNode | None:
    """The call whose id ``source`` reads (``Price.create(...).id``, ``priceFor(order).getId()``)
    written in the checkout ``node`` or in the params built before it in the function around
    it (a Java builder), or None when ``source`` reads the id of no call."""
    found = _ID_OF.match(source.strip())
    if found is None:
        return None
    made = found.group("made").strip()
    if not made.endswith(")"):
        return None
    fn = next((a for a in node.ancestors() if a.kind() in extractor.functions), None)
    end = node.range().end.index
    for kind in language.call_kinds:
        for call in (fn or node).find_all(kind=kind):
            if call.range().end.index <= end and call.text().strip() == made:
                return call
    return None


def _inline_made(
    node: SgNode, call: SgNode, extractor: Extractor, language: Language
) -> tuple[tuple[SgNode, CallPattern], Frame | HashFrame | None, FollowFrame | None] | None:
    """The price creation an inline ``call`` is (its pattern), or the one the helper it calls
    returns, with the frame that reads the helper's parameters as the call's arguments."""
    pattern = write_pattern(call, language, "price")
    if pattern is not None:
        return (call, pattern), None, None
    if isinstance(extractor, FlowExtractor | Flow):
        helped = _helper_call(node, call, extractor, language)
        return None if helped is None else (helped[0], helped[1], None)
    followed = followed_call(node, call, extractor, language)
    return None if followed is None else (followed[0], None, followed[1])


_LOCAL: Final = re.compile(r"^\s*(\$?[A-Za-z_]\w*)")
_HELPER: Final = re.compile(r"^(?:this\.|self\.|\$this->)?([A-Za-z_]\w*)$")
_BINDS: Final = re.compile(r"(?<![\w$.>])([A-Za-z_]\w*)\s*:?=(?![=>~])")


def _helper_made(
    node: SgNode, source: str, extractor: Extractor, language: Language
) -> tuple[tuple[SgNode, CallPattern], Frame | HashFrame] | None:
    """The price creation a helper of the file returns, when the local whose id ``source``
    reads is bound once, before the checkout ``node``, to a call of it (``Price price =
    priceFor(order);`` with ``priceFor`` returning ``Price.create(...)``): that creation, and
    the frame that reads the helper's parameters as the caller's arguments."""
    m = _LOCAL.match(source)
    fn = next((a for a in node.ancestors() if a.kind() in extractor.functions), None)
    flow = extractor if isinstance(extractor, FlowExtractor | Flow) else None
    if m is None or fn is None or flow is None or not m.group(1).lstrip("$").isidentifier():
        return None
    bound = re.compile(rf"(?<![\w$]){re.escape(m.group(1))}\s*(?:,\s*\w+\s*)?:?=\s*(?:await\s+)?$")
    text = node.get_root().root().text()
    at = node.range().start.index
    calls = [c for kind in language.call_kinds for c in fn.find_all(kind=kind)]
    for call in sorted(calls, key=lambda c: c.range().start.index):
        begin, args = call.range().start.index, argument_list(call)
        if begin >= at or args is None:
            continue
        if not bound.search(text[text.rfind("\n", 0, begin) + 1 : begin]):
            continue
        if not _bound_once(node, call, source, extractor):
            return None
        return _helper_call(node, call, flow, language)
    return None


def _helper_call(
    node: SgNode, call: SgNode, flow: FlowExtractor | Flow, language: Language
) -> tuple[tuple[SgNode, CallPattern], Frame | HashFrame] | None:
    """The price creation the helper of the file ``call`` calls returns, and the frame that
    reads its parameters as the call's arguments (each given by position)."""
    if isinstance(flow, Flow):  # PHP, Ruby: a method of the class, a function of the file
        target = helper_target(call, language.family)
        made = flow.returned(target[0]) if target is not None else None
        if target is None or made is None:
            return None
        made = _created(made, language)
        pattern = write_pattern(made, language, "price")
        if pattern is None or made.kind() not in language.call_kinds:
            return None
        return (made, pattern), HashFrame(*target)
    args = argument_list(call)
    if args is None:
        return None
    text = node.get_root().root().text()
    begin = call.range().start.index
    name = _HELPER.match(normalise_callee(text[begin : args.range().start.index]))
    if name is None:
        return None
    decls = flow.helpers(node).get(name.group(1), [])
    given = _positional(call, args)
    if len(decls) != 1 or given is None:
        return None
    params = flow.helper_parameters(decls[0])
    returned = flow.returned(decls[0])
    if len(params) != len(given) or returned is None:
        return None
    returned = _created(returned, language)
    pattern = write_pattern(returned, language, "price")
    if pattern is None or returned.kind() not in language.call_kinds:
        return None
    return (returned, pattern), Frame(decls[0], dict(zip(params, given, strict=True)))


_ID_OF: Final = re.compile(r"^(?P<made>.+?)\s*(?:\.|->|\?\.)\s*(?:getId\s*\(\s*\)|id|ID|Id)$", re.S)
"""The id read off a value (``Price.create(params).getId()``, Kotlin's ``Price.create(p).id``,
Go's ``.ID``, C#'s ``.Id``, PHP's ``->id``)."""


def _created(returned: SgNode, language: Language) -> SgNode:
    """The creation call a helper's returned value reads the id of (``return
    Price.create(params).getId();``: the checkout's line names that id as the created price's),
    else the returned value itself."""
    found = _ID_OF.match(returned.text().strip())
    if found is None:
        return returned
    made = found.group("made").strip()
    for kind in language.call_kinds:
        for call in returned.find_all(kind=kind):
            if call.text().strip() == made:
                return call
    return returned


_NOT_POSITIONAL: Final = frozenset(
    {"keyword_argument", "list_splat", "dictionary_splat", "spread_element", "splat_argument"}
    | {"hash_splat_argument", "variadic_unpacking", "block_argument", "pair", "named_argument"}
)


def _positional(call: SgNode, args: SgNode) -> list[SgNode] | None:
    """The values of a call's arguments when each is given by position (None: one is named
    or spread, and cannot be matched to a parameter by place)."""
    if args.kind() == "call_suffix":  # Kotlin: f(a, b), no trailing lambda
        listed = kotlin_nodes.arguments(call)
        if trailing_lambda(call) is not None or any(name for name, _ in listed):
            return None
        return [value for _, value in listed]
    given: list[SgNode] = []
    for arg in (c for c in args.named_children() if not is_comment(c)):
        if arg.kind() in _NOT_POSITIONAL:
            return None
        if arg.kind() == "argument":  # C#, PHP: the value inside, unless named
            inner = [c for c in arg.named_children() if not is_comment(c)]
            if arg.field("name") is not None or len(inner) != 1:
                return None
            given.append(inner[0])
            continue
        given.append(arg)
    return given


def _reads_own_locals(dynamic: tuple[Dynamic, ...], frame: Frame, family: str) -> bool:
    """Whether a run-time value read in the helper still names one of its own locals, which
    the caller cannot write (``long total = ...; setUnitAmount(total)`` left as ``total``)."""
    own = set(_BINDS.findall(frame.decl.text())) - set(frame.args)
    return any(set(identifiers(d.source, family)) & own for d in dynamic)


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

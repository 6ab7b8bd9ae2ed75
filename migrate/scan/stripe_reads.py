"""A checkout's price or customer read from the Stripe API at run time (X023).

Real applications resolve the price in Stripe before the checkout (dub:
``const prices = await stripe.prices.list({ lookup_keys: [...] })`` then ``price:
prices.data[0].id``) or find the customer there (``stripe.customers.list({ email })``). The
Dodo call carries the value through the id map (``dodoProductId(prices.data[0].id)``), so it
still needs that Stripe call: the code would keep calling Stripe after the move. The scan says
so at the value, with what to do instead. The read is found in the value's own source or in the
binding of a name it reads, earlier in the same function (followed a few names deep:
``const price = prices.data[0]`` ... ``price.id``).

A price (or product) the code CREATES in Stripe a moment before the checkout (casdoor:
``stripePrice.New(&stripe.PriceParams{UnitAmount: ..., Currency: ...})`` then ``Price:
sPrice.ID``) is worse: it is in no id map, so the Dodo call throws on every checkout, and the
amount and currency the code charges are lost. That blocks (X026), with the amount the code
passes, and the way to carry it (an inline ``price_data``, which becomes a pay-what-you-want
line's ``amount``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.scan.catalog_writes import record_made
from migrate.scan.extract import Dynamic
from migrate.scan.helper_reads import calls_helper, defined_in, helper_texts, sibling_match
from migrate.scan.inline_lines import building
from migrate.scan.site import related_finding
from migrate.scan.top_level import top_level_items
from migrate.scan.tree_constants import record

CODE: Final = "X023"
CREATED: Final = "X026"
DISCOUNT_MADE: Final = "RT052"
_PATH: Final = re.compile(r"(?:^|[.\]])(price|plan|product|customer|line_items|items)$")
"""The params whose value names a Stripe price (or plan, product) or customer: a cart line's,
a subscription item's, the customer, a cart built at run time."""
_READ: Final = re.compile(
    r"(?P<chain>(?:\\?[$A-Za-z_][\w$\\]*)(?:\s*(?:\.|::|->|\?\.)\s*[$\w\\]+(?:\(\s*\))?)*?)"
    r"\s*(?:\.|::|->)\s*(?P<verb>list|retrieve|search|all|List|Get|Search)"
    r"(?:_async|Async|AutoPaging\w*)?\s*(?:<[^<>()]*>)?\s*\("
)
"""A call of a read method (``list``, ``retrieve``, ``search``, PHP's ``all``, Go and .NET's
``Get``/``List``/``ListAsync``) on a receiver chain; case-sensitive: a Java getter
(``price.getId()``) reads a field, not the API."""
_RESOURCE: Final = re.compile(
    r"(?:prices?|plans?|products?|customers?)(?:Service)?(?:\(\s*\))?$", re.IGNORECASE
)
"""The chain's last part names the resource read (``stripe.prices``, ``Stripe::Price``,
``\\Stripe\\Customer``, Go's ``price``, ``sc.V1Prices``, .NET's ``priceService``)."""
_STRIPE: Final = re.compile(r"stripe|\bv1\b", re.IGNORECASE)
_TYPED: Final = frozenset({"go", "java", "kotlin", "csharp"})
"""Languages whose Stripe resources are named by package or class (``price.Get``,
``Price.retrieve``, ``PriceService``): no ``stripe`` receiver to see."""
_NAME: Final = re.compile(r"(?<![\w$.>:@'\"\\])[$@]?[A-Za-z_]\w*")
_LOOKUP_KEY: Final = re.compile(r"lookup_?keys?", re.IGNORECASE)
_DEPTH: Final = 3


def stripe_read_findings(
    call: SgNode,
    family: str,
    functions: Iterable[str],
    dynamic: Iterable[Dynamic],
    path: str = "",
) -> tuple[Finding, ...]:
    """X023 for each run-time price or customer of ``call`` that a Stripe read gives: in its
    own source or in the binding, earlier in the function ``call`` is in, of a name it reads,
    or in a project helper one of those calls (``migrate/scan/helper_reads.py``; ``path``: the
    file's). ``functions``: the language's kinds of function node."""
    kinds = frozenset(functions)
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    before = (
        fn.text()[: call.range().start.index - fn.range().start.index] if fn is not None else ""
    )
    out = []
    reads: bool | None = None  # whether the function reads Stripe before the call at all
    own: Callable[[str, str], str | None] = _stripe_read
    makes: bool | None = None  # whether it creates a price or product before the call
    helper: _InHelper | None = None
    imported = stripe_classes(call, family)
    coupon_make = functools.partial(_coupon_make, names=imported)
    stripe_make = functools.partial(_stripe_make, names=imported)
    for entry in dynamic:
        if _DISCOUNT.search(entry.path) is not None:
            made = _read_in(entry.source, before, family, coupon_make) if before else None
            if made is not None:
                out.append(_discount_made(entry, made, before))
                continue
            maker = _MadeInHelper(call, path, coupon_make)
            made = _read_in(entry.source, before, family, maker)
            if made is not None:
                name, body = maker.found
                out.append(_discount_made(entry, made, body, helper=name))
            continue
        field = _PATH.search(entry.path)
        if field is None:
            continue
        if makes is None:
            makes = stripe_make(before, family) is not None
        priced = field.group(1) != "customer" and "price_data" not in entry.path
        if makes and priced:
            made = _read_in(entry.source, before, family, stripe_make)
            if made is not None:
                out.append(_created(entry, made, before))
                if fn is not None and before.rfind(made) >= 0:  # not said again (X031)
                    record_made(call, fn.range().start.index + before.rfind(made))
                continue
        if priced:  # a price a project helper creates and returns (``await priceFor(order)``)
            maker = _MadeInHelper(call, path, stripe_make, _PRICE_MADE)
            made = _read_in(entry.source, before, family, maker)
            if made is not None:
                name, body = maker.found
                out.append(_created(entry, made, body, helper=name))
                continue
            if field.group(1) in ("line_items", "items"):  # a cart built at run time
                built = _made_in_building(
                    call, entry, kinds, family=family, stripe_make=stripe_make, maker=maker
                )
                if built is not None:
                    out.append(built)
                    continue
        if reads is None:
            client = _client(call)
            own = functools.partial(_stripe_read, client=client, names=imported)
            reads = own(before, family) is not None
        # with no read in the function before the call, no binding can hold one: the value
        read = _read_in(entry.source, before, family, own) if reads else own(entry.source, family)
        if read is None:
            helper = helper or _InHelper(call, path)
            read = _read_in(entry.source, before, family, helper)
        if read is None:
            continue
        # the function (or the helper read in) reads a lookup key
        by_key = _LOOKUP_KEY.search(before) is not None or read in (helper.keyed if helper else ())
        out.append(_finding(entry, read, field.group(1), by_key))
    return tuple(out)


def _read_in(
    source: str, before: str, family: str, find: Callable[[str, str], str | None] | None = None
) -> str | None:
    """The Stripe read ``source`` holds, or the binding of a name it reads (in ``before``, the
    function up to the call, the last binding first) holds, a few names deep (with ``find``:
    what it finds instead of a read)."""
    find = find or _stripe_read
    seen: set[str] = set()
    todo = [(source, 0)]
    while todo:
        text, depth = todo.pop(0)
        read = find(text, family)
        if read is not None:
            return read
        if depth >= _DEPTH:
            continue
        # a block's local the call cannot see (X021's TODO_made) is read under its own name
        for name in dict.fromkeys(n.removeprefix("TODO_") for n in _NAME.findall(text)):
            if name in seen:
                continue
            seen.add(name)
            bound = _bound(name, before)
            if bound is not None:
                todo.append((bound, depth + 1))
    return None


_TYPED_CLIENT: Final = re.compile(r"\b([A-Za-z_$][\w$]*)\s*:\s*Stripe\b(?![.\w])")
"""A helper's parameter (or local) typed as the Stripe client (``client: Stripe``): its reads
are Stripe's whatever its name."""


class _InHelper:
    """A finder of the Stripe read in a project helper a text calls (``read in helper``);
    ``keyed``: the reads found in a helper that reads a lookup key."""

    def __init__(self, call: SgNode, path: str) -> None:
        self.call, self.path = call, path
        self.keyed: set[str] = set()

    def __call__(self, text: str, family: str) -> str | None:
        if not calls_helper(text):
            return None
        for name, body in helper_texts(text, self.call, family, self.path):
            clients = ["", *dict.fromkeys(_TYPED_CLIENT.findall(body))]
            read = next(filter(None, (_stripe_read(body, family, c) for c in clients)), None)
            if read is not None:
                if _LOOKUP_KEY.search(body) is not None:
                    self.keyed.add(f"{read} in {name}")
                return f"{read} in {name}"
        return None


def _made_in_building(
    call: SgNode,
    entry: Dynamic,
    kinds: frozenset[str],
    *,
    family: str,
    stripe_make: Callable[[str, str], str | None],
    maker: _MadeInHelper,
) -> Finding | None:
    """X026 for a cart built at run time (``items = []`` then a loop appending ``{"price":
    game.make_price().id}``) whose building statements create a Stripe price, or call a helper
    or method that does; None when they do not (or build inline prices, ``price_data``)."""
    for text in building(call, entry.source, kinds):
        if "price_data" in text or "priceData" in text:
            continue
        made = stripe_make(text, family)
        if made is not None:
            return _created(entry, made, text)
        made = maker(text, family)
        if made is not None:
            name, body = maker.found
            return _created(entry, made, body, helper=name)
    return None


class _MadeInHelper:
    """A finder of the Stripe creation (``find``: a coupon's) in a project helper a text calls
    (MERN shops: ``discounts: [{ coupon: await createStripeCoupon(pct) }]``, the helper doing
    ``stripe.coupons.create``); ``found``: the helper's name and text. With ``sibling`` (a
    pattern of the creation), a method called on an object (``game.make_price()``) is looked
    for next to the file too (see :func:`_sibling_method`)."""

    def __init__(
        self,
        call: SgNode,
        path: str,
        find: Callable[[str, str], str | None],
        sibling: str = "",
    ) -> None:
        self.call, self.path, self.find, self.sibling = call, path, find, sibling
        self.found = ("", "")

    def __call__(self, text: str, family: str) -> str | None:
        for name, body in (
            helper_texts(text, self.call, family, self.path) if calls_helper(text) else ()
        ):
            made = self.find(body, family)
            if made is not None:
                self.found = (name, body)
                return made
        if not self.sibling or not self.path or family not in ("python", "node"):
            return None
        for name in dict.fromkeys(_ON_OBJECT.findall(text)):
            label, body = _sibling_method(self.path, name, family, self.sibling)
            made = self.find(body, family) if body else None
            if made is not None:
                self.found = (f"{name}, in {label}", body)
                return made
        return None


_ON_OBJECT: Final = re.compile(
    r"(?<![\w$])(?!(?:self|this|stripe)\b)[A-Za-z_$][\w$]*\s*\.\s*([A-Za-z_$][\w$]*)\s*\(\s*\)"
)
"""A method called with no arguments on an object other than ``self``/``this``/``stripe``
(``game.create_stripe_product_price()``): the object's class is not said, its file may be."""
_PRICE_MADE: Final = r"(?i)\bstripe\s*\.\s*(?:prices?|plans?)\s*\.\s*create\s*\("
"""The text of a Stripe price (or plan) creation: what a method found by name must hold."""


def _sibling_method(path: str, name: str, family: str, pattern: str) -> tuple[str, str]:
    """The file (as a label) and text of the method ``name`` matching ``pattern`` that a file
    next to ``path`` defines (or, in Python, a file of an app folder beside its own: a Django
    or FastAPI project's ``goods/models.py`` seen from ``orders/payment.py``); ("", "")."""
    folder = str(Path(path).absolute().parent)
    found = sibling_match(folder, name, family, path, pattern)
    record(("sibling", folder, name, family, path, pattern, found))  # for the scan's cache
    if not found:
        return "", ""
    base = Path(folder) if "/" not in found else Path(folder).parent.parent
    file = str(base / found)
    body = defined_in(file, name, family)
    record(("helper_in", file, name, family, body))
    return found, body


_VERB: Final = re.compile(r"(?:\.|::|->)\s*(?:list|retrieve|search|all|List|Get|Search)\w*\s*[(<]")
"""A read method's call anywhere in a text: a cheap test before ``_READ``, whose receiver chain
is slow to match over a function's whole text."""


def _stripe_read(
    text: str, family: str, client: str = "", names: frozenset[str] = frozenset()
) -> str | None:
    """The first read of a Stripe price, product or customer in ``text``: on a receiver that
    names Stripe, on a class imported from the Stripe package (``names``), or on ``client`` (the
    checkout call's own receiver, ``client`` in ``client.checkout.sessions.create``)."""
    if _VERB.search(text) is None:
        return None
    for m in _READ.finditer(text):
        chain = m.group("chain")
        if not _RESOURCE.search(chain):
            continue
        own = client and re.sub(r"\s+", "", chain).startswith(client + ".")
        if family in _TYPED or _STRIPE.search(chain) or own or _own_class(chain, names):
            return text[m.start() : m.end()] + "...)"
    return None


_CLIENT: Final = re.compile(r"^(?P<client>[$\w.]+?)(?:\.|->|::)(?:checkout|Checkout)\b")


def _client(call: SgNode) -> str:
    """The receiver of a Checkout call that names no Stripe (``client``, ``this.client``);
    "" otherwise."""
    m = _CLIENT.match(re.sub(r"\s+", "", call.text().split("(", 1)[0]))
    if m is None or _STRIPE.search(m.group("client")):
        return ""
    return m.group("client")


_MAKE_VERB: Final = re.compile(r"(?:\.|::|->)\s*(?:create|Create|New)(?:Async)?\s*[(<]")
"""A create method's call anywhere in a text: the cheap test before ``_MAKE``."""
_MAKE: Final = re.compile(
    r"(?P<chain>(?:\\?[$A-Za-z_][\w$\\]*(?:\(\s*\))?)(?:\s*(?:\.|::|->|\?\.)\s*[$\w\\]+(?:\(\s*\))?)*?)"
    r"\s*(?:\.|::|->)\s*(?:create|Create|New)(?:Async)?\s*(?:<[^<>()]*>)?\s*\("
)
"""A call of a create method on a receiver chain (``stripe.Price.create``,
``stripe.prices.create``, ``Stripe::Price.create``, ``\\Stripe\\Price::create``,
``$stripe->prices->create``, Go's ``price.New`` and ``sc.V1Prices.Create``, Java's
``Price.create``, .NET's ``new PriceService().Create``)."""
_MADE: Final = re.compile(r"(?:prices?|products?|plans?)(?:Service)?(?:\(\s*\))?$", re.IGNORECASE)
"""The chain's last part names a price, plan or product (Go's ``stripePrice`` alias too)."""


_FROM_STRIPE: Final = re.compile(
    r"^[ \t]*from\s+stripe(?:\.[\w.]+)?\s+import\s+(?:\((?P<group>[^)]*)\)|(?P<line>[^\n#]+))", re.M
)


def stripe_classes(call: SgNode, family: str) -> frozenset[str]:
    """The names the file of ``call`` imports from the Stripe package (Python's ``from stripe
    import Coupon, Price``): their ``Coupon.create(...)`` is Stripe's though no ``stripe``
    receiver says so."""
    if family != "python":
        return frozenset()
    source = call.get_root().root().text()
    if "stripe" not in source:
        return frozenset()
    names: set[str] = set()
    for m in _FROM_STRIPE.finditer(source):
        for item in (m.group("group") or m.group("line") or "").split(","):
            words = item.split()
            if words:
                names.add(words[-1])  # ``Coupon as StripeCoupon``: the alias
    return frozenset(names)


def _own_class(chain: str, names: frozenset[str]) -> bool:
    """Whether ``chain`` starts from a name imported from the Stripe package."""
    return bool(names) and re.split(r"\s*\.\s*", chain.strip(), maxsplit=1)[0] in names


def _stripe_make(text: str, family: str, names: frozenset[str] = frozenset()) -> str | None:
    """The first creation of a Stripe price, plan or product in ``text``, up to its ``(``
    (``names``: the classes the file imports from the Stripe package)."""
    if _MAKE_VERB.search(text) is None:
        return None
    for m in _MAKE.finditer(text):
        chain = m.group("chain")
        if not _MADE.search(chain):
            continue
        if family in _TYPED or _STRIPE.search(chain) or _own_class(chain, names):
            return text[m.start() : m.end()]
    return None


_DISCOUNT: Final = re.compile(r"(?:^|[.\]])(?:discounts|coupon|promotion_code)(?:$|[.\[])")
"""The params whose value names a Stripe coupon or promotion code (``discounts``, a discount's
``coupon`` or ``promotion_code``, a legacy ``subscription_data.coupon``)."""
_COUPON: Final = re.compile(
    r"(?:coupons?|promotion_?codes?)(?:Service)?(?:\(\s*\))?$", re.IGNORECASE
)


def _coupon_make(text: str, family: str, names: frozenset[str] = frozenset()) -> str | None:
    """The first creation of a Stripe coupon or promotion code in ``text``, up to its ``(``
    (``names``: the classes the file imports from the Stripe package)."""
    if _MAKE_VERB.search(text) is None:
        return None
    for m in _MAKE.finditer(text):
        chain = m.group("chain")
        if not _COUPON.search(chain):
            continue
        if family in _TYPED or _STRIPE.search(chain) or _own_class(chain, names):
            return text[m.start() : m.end()]
    return None


_PARAM: Final = r"(?:\b|set)(?:{})\b[\"']?\s*(?:=>|:|=|,|\()\s*"
_AMOUNT: Final = re.compile(_PARAM.format(r"unit_?amount(?:_?decimal)?|amount"), re.IGNORECASE)
"""The amount param of a creation (``unit_amount=``, ``unit_amount:``, ``'unit_amount' =>``,
``UnitAmount:``, ``UnitAmount =``, Java's ``.setUnitAmount(``)."""
_CURRENCY: Final = re.compile(_PARAM.format("currency"), re.IGNORECASE)
_SHORTHAND: Final = re.compile(r"^([A-Za-z_$][\w$]*)\s*,")
"""A param matched as a JavaScript shorthand property (``{ unit_amount, currency }``): its
value is the name itself, not the text after the comma (the next property)."""
_AMOUNT_OFF: Final = re.compile(_PARAM.format(r"amount_?off"), re.IGNORECASE)
_PERCENT_OFF: Final = re.compile(_PARAM.format(r"percent_?off"), re.IGNORECASE)


def _param_of(param: re.Pattern[str], made: str, before: str) -> str:
    """The value the creation ``made`` (its text up to ``(``) passes for ``param``, as
    written, or ``""``: read in the text of ``before`` that follows its last occurrence."""
    at = before.rfind(made)
    if at < 0:
        return ""
    start = at + len(made)
    m = param.search(before, start, start + 600)
    if m is None:
        return ""
    name = _SHORTHAND.match(m.group())
    if name is not None:  # a JavaScript shorthand property (``currency,``): the name's value
        return name.group(1)
    depth = 0
    for end in range(m.end(), min(len(before), m.end() + 200)):
        char = before[end]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)]}\n" and not depth:
            break
    else:
        end = min(len(before), m.end() + 200)
    return short(before[m.end() : end].strip())


def _created(entry: Dynamic, made: str, before: str, helper: str = "") -> Finding:
    """X026; ``helper``: the project helper ``made`` is in (``before``: its text then)."""
    amount = _param_of(_AMOUNT, made, before)
    currency = _param_of(_CURRENCY, made, before)
    charged = f"; it charges {amount}" if amount else ""
    charged += f" in {currency}" if amount and currency else ""
    if helper:
        charged = f" in {helper}{charged}"
    return _made_finding(CREATED, entry, made, charged=charged)


def _discount_made(entry: Dynamic, made: str, before: str, helper: str = "") -> Finding:
    """RT052; ``helper``: the project helper ``made`` is in (``before``: its text then)."""
    gives = ""
    for name, param in (("amount_off", _AMOUNT_OFF), ("percent_off", _PERCENT_OFF)):
        value = _param_of(param, made, before)
        if value:
            gives = f"; it gives {name} {value}"
            break
    if helper:
        gives = f" in {helper}{gives}"
    return _made_finding(DISCOUNT_MADE, entry, made, gives=gives)


def _made_finding(code: str, entry: Dynamic, made: str, **said: str) -> Finding:
    """The finding ``code`` of a value made by the Stripe call ``made`` just before (what it
    charges or gives in ``said``), at the value's path."""
    finding = related_finding(
        code, field=entry.path, source=short(entry.source), made=short(made + "...)"), **said
    )
    return finding._replace(path=entry.path)


def _bound(name: str, before: str) -> str | None:
    """The value of the last binding of ``name`` in ``before`` (``name = v``, ``name := v``,
    ``const name: T = v``, ``const { name } = v``, Go's ``name, err := v``; not a value after
    ``=``, as in C#'s ``{ Price = price, Quantity = 1 }``), its line's
    rest, and the lines after it up to where the brackets it opens close (an object or an
    async closure written over several lines: langfuse's ``const lineItems = await (async ()
    => { ... })()``)."""
    first = before.find(name)
    if first < 0:
        return None
    word = re.escape(name)
    found = None
    # every binding starts on a line holding the name (a destructuring's bracket too): the search
    # starts at the first such line, not at the function's start
    for m in re.compile(
        rf"(?:(?<![\w$.>])(?<!=)(?<!=\s){word}\b(?:\s*,\s*[$\w]+)*(?:[ \t]*:[ \t]*[^=;\n]+?)?"
        rf"|[{{\[][^=;\n]*?\b{word}\b[^=;\n]*?[}}\]])"
        r"\s*(?::=|=(?![=>~]))\s*(?P<value>[^\n;]*)"
    ).finditer(before, before.rfind("\n", 0, first) + 1):
        found = _balanced(before, m.start("value"), _continued(before, m.start("value"), m))
        target = before[before.rfind("\n", 0, m.start()) + 1 : m.start("value")]
        element = _gathered(name, target, found)
        found = found if element is None else element
    return found


_MAX_LINES: Final = 8
"""How many lines a binding's value is read over when its lines end with an operator."""
_GATHERED: Final = re.compile(
    r"^\s*(?:await\s+)?(?:Promise\.(?:all|allSettled)|(?:asyncio\.)?gather)\s*\(\s*\[?"
)
"""Calls awaited together, whose answers a destructuring binds in order."""


_DECLARING: Final = frozenset({"const", "let", "var", "val", "final", "auto"})


def _gathered(name: str, target: str, value: str) -> str | None:
    """For ``[a, b] = await Promise.all([x, y])`` (Python's ``a, b = await
    asyncio.gather(x, y)``): the element ``name`` is bound to (``y`` for ``b``); None for any
    other binding."""
    opened = _GATHERED.match(value)
    if opened is None:
        return None
    names = [n for n in re.findall(r"[A-Za-z_$][\w$]*", target) if n not in _DECLARING]
    if name not in names:
        return None
    parts = top_level_items(value[opened.end() :])
    index = names.index(name)
    return parts[index] if index < len(parts) else None


_OPEN: Final = "([{"
_CLOSE: Final = ")]}"
_MULTILINE: Final = 4000
"""A binding's value is read over at most so many characters."""


_GOES_ON: Final = re.compile(r"(?:^|\|\||&&|\?\?|[=?:+]|\bor|\band)\s*$")
"""A line a statement goes on from: nothing after ``=`` yet, or an operator at its end (an open
bracket is :func:`_balanced`'s; a comma may end a keyword argument named as the value)."""


def _continued(text: str, start: int, m: re.Match[str]) -> str:
    """The binding's value from ``start`` over the lines it goes on to (``const chosen =`` then
    ``found ||`` then ``(await stripe.prices.create({...}))``), each line ending where a
    value can go on."""
    value = m.group("value")
    end = start + len(value)
    for _ in range(_MAX_LINES):
        if not _GOES_ON.search(value) or end >= len(text):
            break
        stop = text.find("\n", end + 1)
        stop = len(text) if stop < 0 else stop
        value = text[start:stop]
        end = stop
    return value


def _balanced(text: str, start: int, line: str) -> str:
    """``line`` (the rest of a binding's line, from ``start`` in ``text``), or the text from
    ``start`` up to where the brackets it leaves open close."""
    depth = sum(line.count(c) for c in _OPEN) - sum(line.count(c) for c in _CLOSE)
    if depth <= 0:
        return line
    end = start + len(line)
    stop = min(len(text), start + _MULTILINE)
    while end < stop and depth > 0:
        char = text[end]
        depth += (char in _OPEN) - (char in _CLOSE)
        end += 1
    return text[start:end]


def _finding(entry: Dynamic, read: str, field: str, by_key: bool) -> Finding:
    if field == "customer":
        instead = (
            "find the Dodo customer instead (client.customers.list with the buyer's email), or "
            "pass `customer: {email}` and let Dodo match or create the customer"
        )
    elif by_key:
        instead = (
            "a lookup key has no Dodo counterpart and the id map is keyed by Stripe price ids: "
            "map each lookup key to its Dodo product id in the code (a constant; each migrated "
            "product keeps it as metadata.stripe_lookup_key)"
        )
    else:
        instead = (
            "take the Dodo product from the id map (dodo_product_id / dodoProductId) for the "
            "Stripe price id the code already knows, or keep the Dodo product id in the code"
        )
    finding = related_finding(
        CODE, field=entry.path, source=short(entry.source), read=short(read), instead=instead
    )
    return finding._replace(path=entry.path)


bound_value = _bound
"""The value of the last binding of a name in a text (see :func:`_bound`)."""
stripe_read = _stripe_read
"""The first read of a Stripe price, product or customer in a text (see :func:`_stripe_read`)."""

__all__ = ["bound_value", "stripe_read", "stripe_read_findings"]

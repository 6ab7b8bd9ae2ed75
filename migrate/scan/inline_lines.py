"""A checkout's line items built at run time with inline prices (RT015).

A list of line items the scanner cannot read (a helper with a ``while`` loop, a ``.map`` whose
callback checks before it returns, a parameter) is translated element by element through each
element's ``price`` (RT003, a warning): right for a list of Stripe price ids, which plan/apply
migrate. Real shops often build it from the cart with inline prices instead (``price_data``
with the amount the code computes). Such an element has no ``price`` to look up, and its amount
and currency cannot reach a Dodo cart of product ids without the pay-what-you-want product and
the amount on each line, which only the elements say. When the code that builds the list shows
``price_data``, the call is blocked: in the statements that fill the value before the call (in
the call's function or the ones around it), or in a function of the same file they call
(followed through the functions it calls); in a helper the file imports from the project; for
a method called on an object (``obj.to_stripe_line_items()``, whose class a Django app keeps in
the models file next to the service), in a method of that name of a file of the same folder, or
(Ruby, PHP) of the app's model folder (``app/models``, ``app/Models``) a controller calls into,
or (Java, Kotlin, C#) of the class the receiver is declared as, in the file of the tree that
declares it (``migrate/scan/typed_methods.py``); in Go, a function of another package of the
module or of another file of the package (``migrate/scan/go_package_funcs.py``); at a call of
a project wrapper, in the
wrapper's (``inline_paths``, kept with the wrapper).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.trace import short
from migrate.scan.extract import (
    DYNAMIC,
    EACH,
    Dynamic,
    Extracted,
    Extractor,
    file_cache,
    is_dynamic,
)
from migrate.scan.go_package_funcs import go_function_match
from migrate.scan.helper_reads import helper_texts, sibling_match
from migrate.scan.loop_filters import UNWRITTEN
from migrate.scan.nodes import find_kind
from migrate.scan.site import ABSENT, related_finding, value_at
from migrate.scan.tree_constants import record
from migrate.scan.typed_methods import typed_method_match

CODE: Final = "RT015"
RUN_TIME_LINES: Final = "RT003"
UNWRITTEN_CODE: Final = "RT056"
_KEY_OF: Final = r"""\b(?i:{})["']?\s*(?::(?!:)|=>|=(?![=>]))"""
_PRICE_DATA: Final = r"(?i:price_?data)"
_SETTER: Final = r"\.\s*set{}\s*\("
_DSL: Final = r"\.\s*{}[ \t]+(?=[@$\w'\"(:])"
_OWN_AMOUNT: Final = "{amount}[^;]{{0,300}}?{currency}|{currency}[^;]{{0,300}}?{amount}".format(
    amount=f"(?:{_KEY_OF.format('amount')}|{_SETTER.format('Amount')}|{_DSL.format('amount')})",
    currency=(
        f"(?:{_KEY_OF.format('currency')}|{_SETTER.format('Currency')}|{_DSL.format('currency')})"
    ),
)
_PRE_PRICES: Final = re.compile(_OWN_AMOUNT)
_PRICE_ID: Final = re.compile(r"""(?<![\w$])["']?price["']?\s*(?::(?!:)|=>)""")
"""A line's ``price`` key (``"price": pid``, ``price: pid``, ``'price' => $pid``)."""
_INLINE: Final = re.compile(f"{_PRICE_DATA}|{_OWN_AMOUNT}")
"""An inline price in each SDK's spelling: ``price_data`` (Python, Node, Ruby, PHP), Go's
``PriceData:``, Java and Kotlin's ``setPriceData``, .NET's ``PriceData = new
SessionLineItemPriceDataOptions``; or a pre-Prices line written with its own ``amount`` and
``currency`` keys (``{ name, amount: item.amount * 100, currency: "inr", quantity }`` pushed
in a loop the scanner does not read; Java's and Kotlin's builder ``.setAmount(cents)`` and
``.setCurrency("usd")``; a Ruby Jbuilder's ``line.amount product.price`` and ``line.currency
"usd"``)."""
_CALLED: Final = re.compile(
    r"([A-Za-z_]\w*)\s*(?:<[^<>()]*>)?\s*\("  # called: to_line(item)
    r"|::\s*([A-Za-z_]\w*)"  # a method reference: this::toLine, Lines::of, ::toLine
    r"|(?<=[(,])\s*(?:this\.|self\.)?([A-Za-z_]\w*)\s*(?=[),])"  # passed: map(to_line, cart)
)
"""A function the text calls, or hands to another (a method reference, a name passed as an
argument: ``stream().map(this::toLine)``, ``cart.map(toLine)``, ``map(to_line, cart)``)."""
_LAST_NAME: Final = re.compile(r"([$@]{0,2}[A-Za-z_]\w*)\s*(?:!!|!|\?)?$")
"""The name a value's source ends with (``items``, ``$items``, ``@items``, ``this.lineItems``,
``$this->items``): the variable or field that holds the list."""
_BUILT: Final = re.compile(r"^(.+?)\s*\.\s*build\(\)\s*\.\s*(?:get[A-Z]\w*\(\)|[a-z]\w*)$")
"""What a builder holds at run time (``builder.build().getLineItems()``, Kotlin's
``builder.build().lineItems``): the statements that build it are the builder's."""
_KEY: Final = "inline-price-builders"
_BODIES: Final = "inline-line-function-bodies"
_METHODS: Final = {
    "ruby": re.compile(r"(?<!\bself)\.\s*([a-z_]\w*[?!]?)"),
    "php": re.compile(r"(?<!\$this)->\s*([A-Za-z_]\w*)\s*\("),
}
"""A method called on an object in Ruby (no parentheses needed: ``order.stripe_line_items``)
and PHP (``$order->stripeLineItems()``)."""
_METHOD: Final = re.compile(r"(?<!\bself)(?<!\bthis)\.\s*([A-Za-z_]\w*)\s*(?:<[^<>()]*>)?\s*\(")
"""A method called on an object other than ``self``/``this`` (``order.to_line_items(``)."""


def inline_line_findings(
    call: SgNode,
    text: str,
    functions: Iterable[str],
    *,
    params: dict[str, Any],
    dynamic: Iterable[Dynamic],
    findings: Iterable[Finding],
    wrapper: tuple[str, tuple[tuple[str, str], ...]] = ("", ()),
    family: str = "",
    file: str = "",
) -> tuple[Finding, ...]:
    """RT015 at each path where ``findings`` map line items the scanner cannot read through
    their ``price`` (RT003) while the code that builds them shows inline prices. ``functions``:
    the language's kinds of function node; ``text``: the file's, searched first, so a file that
    writes no inline price costs no walk. ``wrapper``: at a call of a project wrapper, its label
    and the paths where its own code builds the lines with inline prices (:func:`inline_paths`),
    which the caller's file does not show. ``family`` and ``file``: the scanned file's, to
    follow a helper it imports or a method of a file next to it (:func:`_elsewhere`)."""
    paths = list(dict.fromkeys(f.path for f in findings if f.code == RUN_TIME_LINES))
    label, inherited = wrapper
    if not paths:
        return ()
    kinds = frozenset(functions)
    sources = {d.path: d.source for d in dynamic}
    out: list[Finding] = []
    for path in paths:
        source = _source_at(params, path) or sources.get(path)
        if not source:
            continue
        where = _inline_where(call, source, kinds) if _INLINE.search(text) else None
        over = _over_at(params, path)
        if where is None and over and _INLINE.search(text):  # xs.forEach { b.addLineItem(it) }
            where = _inline_where(call, over, kinds)
        if where is None and file:
            where = _elsewhere(call, source, kinds, family, file)
        if where is None:
            where = next((f"{w}, in the wrapper {label}" for p, w in inherited if p == path), None)
        if where is not None:
            texts = [source, *building(call, source, kinds)]
            inline = "`price_data`"
            if not any(re.search(_PRICE_DATA, t) for t in texts) and (
                any(_PRE_PRICES.search(t) for t in texts)
                or _pre_prices_elsewhere(call, source, kinds, family, file)
            ):
                inline = "a pre-Prices line's own `amount` and `currency`"
            elif any(_PRICE_ID.search(t) for t in [*texts, *_called_bodies(call, kinds, texts)]):
                inline += " beside lines with a price id (`price`)"  # shapes differ
            finding = related_finding(CODE, source=short(source), where=where, inline=inline)
            out.append(finding._replace(path=path))
    return tuple(out)


def site_line_findings(
    call: SgNode, extractor: Extractor, extracted: Extracted, findings: Iterable[Finding]
) -> tuple[Finding, ...]:
    """RT015 (:func:`inline_line_findings`) and the dropped keys (:func:`dropped_line_keys`)
    of a creation in the file ``extractor`` reads, whose line items the scanner maps element by
    element (RT003)."""
    found, functions = tuple(findings), extractor.functions
    params, dynamic = extracted.params, extracted.dynamic
    return (
        *inline_line_findings(
            call,
            extractor.source,
            functions,
            params=params,
            dynamic=dynamic,
            findings=found,
            family=extractor.family,
            file=extractor.file,
        ),
        *dropped_line_keys(call, frozenset(functions), params, dynamic, found),
        *_unwritten(params, dynamic, found),
    )


def _unwritten(
    params: dict[str, Any], dynamic: Iterable[Dynamic], findings: tuple[Finding, ...]
) -> tuple[Finding, ...]:
    """RT056 at each path mapped element by element (RT003) whose list a helper's builder fills
    in a loop over no collection (``loop_filters.UNWRITTEN``): no name at the call holds it."""
    sources = {d.path: d.source for d in dynamic}
    out: list[Finding] = []
    for path in dict.fromkeys(f.path for f in findings if f.code == RUN_TIME_LINES):
        source = _source_at(params, path) or sources.get(path) or ""
        if source.endswith(f": {UNWRITTEN}"):
            name = source.removesuffix(f": {UNWRITTEN}")
            out.append(related_finding(UNWRITTEN_CODE, source=name)._replace(path=path))
    return tuple(out)


_DROPPED_KEYS: Final = {"adjustable_quantity": "L017", "tax_rates": "L018"} | {
    "dynamic_tax_rates": "L019"
}
_KEYED: Final = re.compile(
    r"""(?:\b|["'])(adjustable_quantity|dynamic_tax_rates|tax_rates)(?:["'])?\s*(?::|=>|=(?!=))"""
)
"""A line item key Dodo has no counterpart for, written as a key of the element the code builds
(``tax_rates: ids``, ``"tax_rates": ids``, ``'tax_rates' => $ids``)."""


def dropped_line_keys(
    call: SgNode,
    kinds: frozenset[str],
    params: dict[str, Any],
    dynamic: Iterable[Dynamic],
    findings: tuple[Finding, ...],
) -> tuple[Finding, ...]:
    """The finding of each line item key Dodo drops (L017 ``adjustable_quantity``, L018
    ``tax_rates``, L019 ``dynamic_tax_rates``) that the statements building a list the scanner
    maps element by element (RT003) write into its elements, at ``PATH[].KEY``: only the
    element's ``price`` and ``quantity`` reach the Dodo cart, and a literal line with such a key
    says so; a list pushed in a loop said nothing."""
    paths = list(dict.fromkeys(f.path for f in findings if f.code == RUN_TIME_LINES))
    sources = {d.path: d.source for d in dynamic}
    out: list[Finding] = []
    for path in paths:
        source = _source_at(params, path) or sources.get(path)
        if not source:
            continue
        texts = [source, *building(call, source, kinds)]
        texts += _called_bodies(call, kinds, texts)  # a helper of the file building it
        keys = dict.fromkeys(m.group(1) for t in texts for m in _KEYED.finditer(t))
        for key in keys:
            out.append(related_finding(_DROPPED_KEYS[key])._replace(path=f"{path}[].{key}"))
    return tuple(out)


def inline_paths(
    call: SgNode, functions: Iterable[str], dynamic: Iterable[Dynamic], family: str, file: str
) -> tuple[tuple[str, str], ...]:
    """The line items paths of a creation whose run-time value the code around ``call`` builds
    with inline prices, each with where (as RT015 says it): kept by a wrapper for its callers,
    whose files do not show that code."""
    kinds = frozenset(functions)
    out: list[tuple[str, str]] = []
    for entry in dynamic:
        if entry.path == "line_items" or entry.path.startswith("line_items["):
            where = _inline_where(call, entry.source, kinds) if _inline_here(call) else None
            if where is None:
                where = _elsewhere(call, entry.source, kinds, family, file)
            if where is not None:
                out.append((entry.path, where))
    return tuple(out)


def _inline_here(call: SgNode) -> bool:
    """Whether the file ``call`` is in writes an inline price anywhere (searched once)."""
    cache = file_cache(call)
    if _INLINE not in cache:
        cache[_INLINE] = _INLINE.search(call.get_root().root().text()) is not None
    return bool(cache[_INLINE])


def _named(text: str) -> list[str]:
    """The functions ``text`` calls or hands on (:data:`_CALLED`)."""
    return [next(g for g in groups if g) for groups in _CALLED.findall(text)]


def _source_at(params: dict[str, Any], path: str) -> str | None:
    """The source of the run-time value at ``path`` in the call's ``params`` (``line_items``,
    ``line_items[0]``): what the scanner could not read there."""
    node = value_at(params, path)
    return str(node[DYNAMIC]) if node is not ABSENT and is_dynamic(node) else None


def _over_at(params: dict[str, Any], path: str) -> str | None:
    """What the run-time value at ``path`` is read element by element from (an each's
    ``over``: ``lineItemsParams`` in ``lineItemsParams.forEach { builder.addLineItem(it) }``)."""
    node = value_at(params, path)
    each = node.get(EACH) if type(node) is dict else None
    over = each.get("over") if type(each) is dict else None
    return over if type(over) is str else None


def _inline_where(call: SgNode, source: str, kinds: frozenset[str]) -> str | None:
    """Where the code that builds the value ``source`` (at ``call``) writes an inline price
    (`` in NAME`` for a function of the file, ``""`` for the statements before the call), or
    None when it shows none."""
    texts = [source, *building(call, source, kinds)]
    if any(_INLINE.search(t) for t in texts):
        return ""
    builders = _builders(call, kinds)
    for t in texts:
        name = next((n for n in _named(t) if n in builders), None)
        if name is not None:
            return f" in {name}"
    for method, body in _filling_methods(call, source, kinds):
        if _INLINE.search(body) or any(n in builders for n in _named(body)):
            return f" in {method}"
    return None


_BARE: Final = re.compile(r"^(?P<name>[a-z_]\w*[?!]?)$")
_BARE_ASSIGNED: Final = re.compile(r"^[@$]?\w+\s*=\s*(?P<name>[a-z_]\w*[?!]?)$")
"""A value that is a bare name: in Ruby, a call of the method of that name (no parentheses)."""
_ATTRIBUTE: Final = re.compile(
    r"^(?:(?:self|this)\s*\.|\$this\s*->|(?=@\w))\s*@?([A-Za-z_$][\w$]*)$"
)
"""A value that is an attribute of the object (``self.lines``, ``this.items``, PHP's
``$this->items``, Ruby's ``@lines``)."""
_OWN: Final = re.compile(r"^(?:(?:self|this)\s*\.|\$this\s*->)")
_CLASS_KINDS: Final = frozenset({"class_definition", "class_declaration", "class"})


def _filling_methods(call: SgNode, source: str, kinds: frozenset[str]) -> list[tuple[str, str]]:
    """The other methods of the class ``call`` is in that touch the attribute ``source``
    names (``self.lines.append(...)`` in ``add``, for ``line_items=self.lines``), each with
    the statements of it that do."""
    found = _ATTRIBUTE.match(source.strip())
    owner = next((a for a in call.ancestors() if a.kind() in _CLASS_KINDS), None)
    if found is None or owner is None:
        return []
    own = next((a for a in call.ancestors() if a.kind() in kinds), None)
    out: dict[str, list[str]] = {}
    for mention in owner.find_all(regex=f"^@?{re.escape(found.group(1))}$"):
        holder = mention.parent()
        sigil = mention.text().startswith("@")  # Ruby's @lines: the attribute itself
        if sigil != source.strip().startswith("@") or mention.kind() == "simple_symbol":
            continue
        if not sigil and (holder is None or not _OWN.match(holder.text())):
            continue
        statement, method = mention, None
        for outer in mention.ancestors():  # a block or lambda inside a method: the method
            if outer.kind() in kinds and outer.field("name") is not None:
                method = outer
                break
            statement = outer
        if method is None or method == own or method.field("name") is None:
            continue
        out.setdefault(method.field("name").text(), []).append(statement.text())  # type: ignore[union-attr]
    return [(name, "\n".join(texts)) for name, texts in out.items()]


def _elsewhere(
    call: SgNode,
    source: str,
    kinds: frozenset[str],
    family: str,
    file: str,
    *,
    pattern: str = _INLINE.pattern,
) -> str | None:
    """Where a file other than the call's writes the inline prices of the value ``source``
    (what ``pattern`` finds): a helper the file imports that writes one (`` in NAME``), or, for
    a method called on an object (``order.to_line_items()``, ``obj.lines()``, in the value or
    in a helper of the file that builds it), a method of that name of a file next to the
    call's (`` in NAME, in FILE``) that writes one or calls one of its file that does; None
    when neither shows one."""
    if file and family in ("java", "kotlin", "csharp"):
        return _typed_elsewhere(call, source, kinds, family, file, pattern=pattern)
    if file and family == "go":  # a function of another package of the module, or file
        texts = [source, *building(call, source, kinds)]
        texts += _called_bodies(call, kinds, texts)
        own_text = call.get_root().root().text()
        name, where = go_function_match(file, texts, own_text, pattern)
        return f" in {name}, in {where}" if where else None
    if not file or family not in ("python", "node", "ruby", "php"):
        return None
    texts = [source, *building(call, source, kinds)]
    texts += _called_bodies(call, kinds, texts)  # a private helper of the file: stripe_lines
    for t in texts:
        for name, body in helper_texts(t, call, family, file):
            if re.search(pattern, body):
                return f" in {name}"
    folder = str(Path(file).absolute().parent)
    for t in texts:
        for name in dict.fromkeys(_METHODS.get(family, _METHOD).findall(t)):
            found = sibling_match(folder, name, family, file, pattern)
            record(("sibling", folder, name, family, file, pattern, found))  # cache
            if found:  # app/models/order.rb: a Rails, Laravel or Symfony app's model folder
                place, _, base = found.rpartition("/")
                return f" in {name}, in {base} of " + (place or "the same folder")
    return None


def _typed_elsewhere(
    call: SgNode,
    source: str,
    kinds: frozenset[str],
    family: str,
    file: str,
    *,
    pattern: str = _INLINE.pattern,
) -> str | None:
    """Where another file of a Java, Kotlin or C# tree writes the inline prices of the value
    ``source``: a method called on an object the code declares as a class of the project
    (``checkoutRequest.getStripeLineItems()``, ``lines = basket.toLines()`` before the call),
    when that method (or one of its file it calls) writes one (`` in NAME, in FILE``)."""
    own = next((a for a in call.ancestors() if a.kind() in kinds), None)
    scopes = [own.text()] if own is not None else []
    scopes.append(call.get_root().root().text())
    texts = [source]
    for statement in building(call, source, kinds):
        found = re.search(r"(?<![=!<>])=(?![=>])\s*(.+)$", statement, re.DOTALL)
        if found is not None:
            texts.append(found.group(1))
    for body in _called_bodies(call, kinds, texts):  # a private helper of the file
        texts += [line.strip() for line in re.findall(r"return\s+([^;]+);", body)]
    absolute = str(Path(file).absolute())
    for t in texts:
        method, where = typed_method_match(scopes, t, family, absolute, pattern)
        if where:
            return f" in {method}, in {where}"
    return None


def _pre_prices_elsewhere(
    call: SgNode, source: str, kinds: frozenset[str], family: str, file: str
) -> bool:
    """Whether the inline prices of ``source`` that another file writes (:func:`_elsewhere`)
    are pre-Prices lines (their own amount and currency), not ``price_data``."""
    if not file:
        return False
    return _elsewhere(call, source, kinds, family, file, pattern=_PRICE_DATA) is None and (
        _elsewhere(call, source, kinds, family, file, pattern=_PRE_PRICES.pattern) is not None
    )


def building(call: SgNode, source: str, kinds: frozenset[str]) -> list[str]:
    """The statements before ``call`` that mention the name ``source`` ends with, in the scopes
    the call sees (not inside another function, but inside a callback passed to a call there:
    ``products.forEach((p) => { lines.push({...}) })``): each the largest one that does not hold
    the call (``items = []``, the loop that appends to it, ``const lines = cart.map(...)``)."""
    found = _LAST_NAME.search(_BUILT.sub(r"\1", source.strip()))
    if found is None:
        return []
    at = call.range().start.index
    root = call.get_root().root()
    out: list[str] = []
    for mention in root.find_all(regex=f"^{re.escape(found.group(1))}$"):
        if mention.range().start.index >= at:
            break
        statement: SgNode | None = mention
        for outer in mention.ancestors():
            rng = outer.range()
            if rng.start.index <= at < rng.end.index:
                break  # holds the call: ``statement`` is the largest before it
            if outer.kind() in kinds and not _callback(outer):
                statement = None  # another function's name, not the one the call sees
                break
            statement = outer
        if statement is not None and statement.text() not in out:
            out.append(statement.text())
    return out


def _callback(fn: SgNode) -> bool:
    """Whether the function node ``fn`` has no name and is an argument of a call (an arrow
    function, a lambda, a closure handed to ``forEach``): it runs where it is written."""
    parent = fn.parent()
    named = fn.field("name") is not None
    return not named and parent is not None and parent.kind() in ("arguments", "argument_list")


def _builders(node: SgNode, kinds: frozenset[str]) -> frozenset[str]:
    """The names of the functions of the file that write an inline price, or call one that
    does (once per file)."""
    cache = file_cache(node)
    found: frozenset[str] | None = cache.get(_KEY)
    if found is None:
        found = cache[_KEY] = _inline_functions(node.get_root().root(), tuple(kinds))
    return found


def _called_bodies(call: SgNode, kinds: frozenset[str], texts: list[str]) -> list[str]:
    """The texts of the functions of the call's file that ``texts`` call, and that those call,
    and so on (``$this->makeLineItemsFromCart(...)`` building the list a method returns)."""
    cache = file_cache(call)
    bodies: dict[str, str] | None = cache.get(_BODIES)
    if bodies is None:
        bodies = cache[_BODIES] = _function_bodies(call.get_root().root(), tuple(kinds))
    todo = [n for t in texts for n in _named(t)]
    for t in texts:  # Ruby: line_items: lines, @data = set_data
        bare = _BARE.match(t.strip()) or _BARE_ASSIGNED.match(t.strip())
        if bare is not None:
            todo.append(bare.group("name"))
    seen: dict[str, str] = {}
    while todo:
        name = todo.pop()
        if name in seen or name not in bodies:
            continue
        seen[name] = bodies[name]
        todo += _named(bodies[name])
    return list(seen.values())


def _inline_functions(root: SgNode, kinds: tuple[str, ...]) -> frozenset[str]:
    bodies = _function_bodies(root, kinds)
    inline = {name for name, body in bodies.items() if _INLINE.search(body)}
    grew = True
    while grew:  # a function that calls one that builds inline prices builds them too
        more = {
            name
            for name, body in bodies.items()
            if name not in inline and any(n in inline for n in _named(body))
        }
        inline |= more
        grew = bool(more)
    return frozenset(inline)


def _function_bodies(root: SgNode, kinds: tuple[str, ...]) -> dict[str, str]:
    """The texts of the file's named functions and methods by name (a name defined twice:
    both texts), and of its classes that write an inline price (a line class's constructor)."""
    bodies: dict[str, str] = {}
    for kind in kinds:  # not nodes.of_kind: its kinds are collected in every file's walk
        for fn in find_kind(root, kind):  # a shared list of kinds: [] for another grammar's
            name = fn.field("name") or next(
                (c for c in fn.children() if c.kind() == "simple_identifier"), None
            )  # Kotlin's functions name theirs without a field
            if name is not None:
                bodies[name.text()] = bodies.get(name.text(), "") + fn.text()
    for kind in _CLASS_KINDS:  # a class whose constructor writes the line (Line(name, cents))
        for cls in find_kind(root, kind):
            name = cls.field("name")
            if name is not None and _INLINE.search(cls.text()):
                bodies.setdefault(name.text(), cls.text())
    return bodies

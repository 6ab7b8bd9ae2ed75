"""A checkout's customer that the code creates in Stripe at run time (X020).

Real applications often pass ``customer=ensure_stripe_customer(user)``: a helper of the same file
that returns the saved Stripe customer id or creates one (``stripe.Customer.create``) and saves
it; or create the customer inline. The suggested Dodo call looks the id up in the id map, which
knows only the customers that existed when the catalog moved: a customer created after the move
is in none. The scan says so at ``customer``, naming the helper when it is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.mapping.lifecycle import CUSTOMER_MADE
from migrate.mapping.trace import short
from migrate.scan.extract import Dynamic, file_cache
from migrate.scan.helper_reads import called_by_helper, helper_texts
from migrate.scan.nodes import find_kind
from migrate.scan.site import related_finding

_CREATES: Final = (
    (re.compile(r"Customer(?:\.|::)create\w*\s*\("), False),
    (re.compile(r"customers\s*(?:\.|->)\s*create\w*\s*\("), False),
    (re.compile(r"customer\.New\s*\("), True),
    (re.compile(r"CustomerCreate(?:Params|Options)\b"), True),
)
"""A Stripe customer made, in each SDK's spelling (Python, Node, Ruby, PHP, Go, Java/Kotlin's
``CustomerCreateParams``, .NET's ``CustomerCreateOptions``), and whether it starts a word. One
pattern each, each starting with a literal: a regex searches a whole file fast only so."""
_CALLED: Final = re.compile(r"(\w+)\s*(?:<[^<>()]*>)?\s*\(")
_KEY: Final = "customer-creators"
_ANY: Final = "customer-created"


def customer_findings(
    call: SgNode,
    text: str,
    functions: Iterable[str],
    dynamic: Iterable[Dynamic],
    *,
    family: str = "",
    path: str = "",
) -> tuple[Finding, ...]:
    """X020 when the run-time ``customer`` of ``call`` is created in Stripe: in its own source,
    in the body of a function of the file it calls, or earlier in the function the call is in
    (``if not org.customer_id: org.customer_id = stripe.Customer.create(...).id``); or
    (``family``, ``path``: the file's) in a project helper it calls, imported or a method of
    an object its class holds (``await this.customerRepo.getOrCreate(email)``).
    ``functions``: the language's kinds of function node; ``text``: the file's, searched first,
    so a file that creates no Stripe customer costs no walk."""
    source = next((d.source for d in dynamic if d.path == "customer"), None)
    if source is None:
        return ()
    where = ""
    if not _creates(source):
        cache = file_cache(call.get_root().root())
        creates = cache.get(_ANY)
        if creates is None:  # once per file
            creates = cache[_ANY] = _creates(text)
        kinds = frozenset(functions)
        if not creates:
            helper = _creating_helper(call, source, kinds, family, path)
            if helper is None:
                return ()
            finding = related_finding("X020", source=short(source), where=f", in {helper}")
            return (finding._replace(path="customer"),)
        names = _CALLED.findall(source) + _called_in_binding(call, source, kinds)
        creator = None
        if names:
            root = call.get_root().root()
            creators = cache.get(_KEY)
            if creators is None:  # once per file: which of its functions create one
                creators = cache[_KEY] = _creators(root, tuple(kinds))
            creator = next((n for n in names if n in creators), None)
        saver = None if creator is not None else _saver(call.get_root().root(), source, kinds)
        if creator is not None:
            where = f", in {creator}"
        elif _created_before(call, kinds):
            where = ", earlier in the same function"
        elif saver is not None:
            where = f", saved as `{saver[1]}` in {saver[0]}"
        else:
            return ()
    finding = related_finding("X020", source=short(source), where=where)
    return (finding._replace(path="customer"),)


def _creating_helper(
    call: SgNode, source: str, kinds: frozenset[str], family: str, path: str
) -> str | None:
    """The project helper outside the file that creates the Stripe customer ``source`` is (a
    function it imports, a method of an object its class holds), called in ``source`` or in
    the binding of a name it reads earlier in its function."""
    if not family or not path:
        return None
    texts = [source, *_bindings_deep(call, source, kinds)]
    for t in texts:
        for name, body in helper_texts(t, call, family, path):
            if _creates(body) or any(
                _creates(inner) for _, inner in called_by_helper(name, body, call, family, path)
            ):  # the helper, or a function beside it that it calls (two calls deep)
                return name
    return None


_NAMES: Final = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*(?![\w$]*\s*\()")


def _called_in_binding(call: SgNode, source: str, kinds: frozenset[str]) -> list[str]:
    """The functions called in the last binding, earlier in the function ``call`` is in, of
    each name ``source`` reads (``const customerId = await ensureCustomerId(stripe, userId)``
    then ``customer: customerId``)."""
    texts = _bindings_deep(call, source, kinds) + _field_bindings(call, source)
    # a Ruby method called without parentheses (`@customer = find_or_create_customer`)
    bare = [t.strip() for t in texts if _BARE.fullmatch(t.strip())]
    return [n for b in texts for n in _CALLED.findall(b)] + bare


_BARE: Final = re.compile(r"[a-z_]\w*")


_FIELD: Final = re.compile(r"@\w+|\$this->\w+|(?<![\w$.])(?:self|this)\.\w+")
"""A field of the object ``source`` reads (Ruby's ``@customer``, PHP's ``$this->customer``,
Python's ``self.customer``, JS's ``this.customer``)."""


def _field_bindings(call: SgNode, source: str) -> list[str]:
    """The values the file assigns to each field of the object ``source`` reads (a
    controller's ``@customer = find_or_create_customer`` in its action, read by the private
    method that creates the session): set in another method, its binding is not the function's."""
    fields = dict.fromkeys(_FIELD.findall(source))
    if not fields:
        return []
    text = call.get_root().root().text()
    out: list[str] = []
    for name in fields:
        word = re.escape(name)
        out += re.findall(rf"(?<![\w$.]){word}\s*(?:\|\|)?=(?![=>~])\s*([^\n;]*)", text)
    return out


def _bindings_deep(call: SgNode, source: str, kinds: frozenset[str]) -> list[str]:
    """The bindings of the names ``source`` reads (:func:`_bindings_of`), and of the names
    those read: ``customerId = customer.id`` after ``const customer = await
    createCustomerForTeam(teamId)`` (a get-or-create written over two statements)."""
    first = _bindings_of(call, source, kinds)
    more = [b for text in first for b in _bindings_of(call, text, kinds) if b not in first]
    return first + list(dict.fromkeys(more))


def _bindings_of(call: SgNode, source: str, kinds: frozenset[str]) -> list[str]:
    """The value of the last binding, earlier in the function ``call`` is in, of each name
    ``source`` reads."""
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    if fn is None:
        return []
    before = fn.text()[: call.range().start.index - fn.range().start.index]
    out: list[str] = []
    for name in dict.fromkeys(_NAMES.findall(source)):
        word = re.escape(name)
        # `name = v`, `name: T = v`, Go's `name := v`, and the name among others bound at once:
        # `const { customerId } = await getOrCreate(user)`, `customer_id, _ = f()`, Go's
        # `name, err := f()`
        bindings = re.findall(
            rf"(?<![\w$.]){word}\b[^=\n;(]*?(?::=|(?<![<>!=+\-*/%&|^])=(?![=>]))\s*([^\n;]*)",
            before,
        )
        if bindings:
            out.append(bindings[-1])
    return out


def creates_customer(text: str) -> bool:
    """Whether ``text`` makes a Stripe customer (:data:`_CREATES`)."""
    return _creates(text)


def _creates(text: str) -> bool:
    """Whether ``text`` makes a Stripe customer (:data:`_CREATES`)."""
    return creation_at(text) is not None


def creation_at(text: str) -> int | None:
    """Where in ``text`` the first Stripe customer creation starts (:data:`_CREATES`)."""
    starts = [
        found.start()
        for pattern, word in _CREATES
        for found in pattern.finditer(text)
        if not word
        or found.start() == 0
        or not (text[found.start() - 1].isalnum() or text[found.start() - 1] == "_")
    ]
    return min(starts) if starts else None


def _created_before(call: SgNode, kinds: frozenset[str]) -> bool:
    """Whether the function ``call`` is in creates a Stripe customer before it."""
    fn = next((a for a in call.ancestors() if a.kind() in kinds), None)
    if fn is None:
        return False
    before = fn.text()[: call.range().start.index - fn.range().start.index]
    return _creates(before)


def _creators(root: SgNode, kinds: tuple[str, ...]) -> frozenset[str]:
    """The names of the functions of the file whose body creates a Stripe customer, or calls
    one of the file's functions that does (a few calls deep: ``get_or_create`` calling
    ``_create_customer``, which calls ``stripe.Customer.create``)."""
    bodies: list[tuple[str, str]] = []
    for kind in kinds:  # not nodes.of_kind: its kinds are collected in every file's walk
        for fn in find_kind(root, kind):  # a shared list of kinds: [] for another grammar's
            name = fn.field("name")
            holder = fn.parent()
            if name is None and holder is not None and holder.kind() == "variable_declarator":
                name = holder.field("name")  # const getOrCreate = async (...) => { ... }
            if name is not None:
                bodies.append((name.text(), fn.text()))
    out = {name for name, body in bodies if _creates(body)}
    for _ in range(_DEEPER):
        more = {
            name
            for name, body in bodies
            if name not in out and any(n in out for n in _CALLED.findall(body))
        }
        if not more:
            break
        out |= more
    return frozenset(out)


_ATTRIBUTE: Final = re.compile(r"""(?:\.|->|\[:?['"]?)(\w+)['"]?\]?""")
"""The attribute a customer read names last (``current_user.stripe_customer_id``,
``$user->stripe_id``, ``account["customer_id"]``)."""


def _saver(root: SgNode, source: str, kinds: frozenset[str]) -> tuple[str, str] | None:
    """The function of the file that creates a Stripe customer and saves its id as the
    attribute ``source`` reads (``user.update!(stripe_customer_id: customer.id)``,
    ``user.stripe_customer_id = customer.id``, ``$user->stripe_id = $customer->id``), and that
    attribute: the checkout reads a customer made at run time, stored where it looks for it."""
    found = list(_ATTRIBUTE.finditer(source))
    if not found or found[-1].end() != len(source) or found[-1].start() == 0:
        return None
    attribute = found[-1].group(1)
    if not re.search("customer|stripe", attribute, re.IGNORECASE):
        return None  # `.id`, `.value`: saved under any name, never a customer's for sure
    word = re.escape(attribute)
    saved = re.compile(  # a key given a value (`stripe_id: x`, `'stripe_id' => x`), or assigned
        rf"""(?<![\w$.>])[:'"]?{word}['"]?\s*(?:=>|:(?!:)[ \t]*[^\s#/])"""
        rf"""|(?<![\w$]){word}['"]?\]?\s*=(?![=>~])"""
    )
    cache = file_cache(root)
    key = ("customer-saver", attribute)
    if key not in cache:  # once per file and attribute, and only when its text saves one
        cache[key] = None
        if saved.search(root.text()):
            cache[key] = next(
                (
                    (name.text(), attribute)
                    for kind in sorted(kinds)
                    for fn in find_kind(root, kind)
                    if (name := fn.field("name")) is not None
                    and saved.search(fn.text())
                    and _creates(fn.text())
                ),
                None,
            )
    found_saver: tuple[str, str] | None = cache[key]
    return found_saver


_DEEPER: Final = 2
"""How many calls deeper than a function creating a customer a creator is looked for."""


def made_here(call: SgNode, functions: Iterable[str], dynamic: Iterable[Dynamic]) -> dict[str, str]:
    """``{CUSTOMER_MADE: ...}`` when the run-time ``customer`` of ``call`` is created in Stripe
    in its own source or earlier in the function the call is in (``customer =
    Stripe::Customer.create(source: params[:stripeToken])`` before a legacy charge of it: the
    buyer is there, paying with the card just given); nothing otherwise."""
    source = next((d.source for d in dynamic if d.path == "customer"), None)
    if source is None:
        return {}
    if _creates(source) or _created_before(call, frozenset(functions)):
        return {CUSTOMER_MADE: source}
    return {}

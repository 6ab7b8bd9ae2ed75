"""The shapes of what the scanner looks for: a call pattern (``CallPattern``) and a language
(``Language``); ``migrate/scan/patterns.py`` holds the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Family = Literal["python", "node", "ruby", "php", "go", "java", "kotlin", "csharp", "shell"]
"""Which extractor reads a call's arguments, and which replacement the suggestion shows."""

SiteKind = Literal["create", "related"]

ArgStyle = Literal["kwargs", "params_arg", "builder", "options", "struct"]
"""How a call passes the Stripe params: as keyword arguments (Python's
``stripe.checkout.Session.create(mode=...)``, Ruby's bare hash), as one params argument
(``create({...})``, ``create(params={...})``, ``create([...])``), a Java builder or map, a C#
options object, or a Go params struct (after an optional ``ctx``)."""


@dataclass(frozen=True, slots=True)
class CallPattern:
    """One call the scanner reports."""

    callees: tuple[str, ...]
    """Dotted callee tails: a call matches when its normalised callee equals one of them or
    ends with ``.`` + one of them."""
    kind: SiteKind = "create"
    rule: str | None = None
    """For related code: the rule code in ``mappings/code.yaml``."""
    args: ArgStyle = "params_arg"
    params_keyword: str | None = None
    """The keyword argument that holds the params (``params``), when there is one."""
    ignored_keywords: frozenset[str] = frozenset()
    """Keyword arguments that are request options, not params (``api_key``, ``options``)."""
    needs: tuple[str, ...] = ()
    """Related calls only count when one of these params is passed (``off_session``),
    compared in snake_case."""
    guard: str | None = None
    """A language-specific check on what the callee refers to (see the extractor)."""
    endpoint: str | None = None
    """For the calls around Checkout (PaymentIntents, SetupIntents, subscription updates,
    invoice previews): the Stripe endpoint the call makes, ``{id}`` standing for the object id,
    so the translator routes it (``migrate/mapping/lifecycle.py``). None for Checkout Sessions."""
    id_arg: bool = False
    """The first positional argument is the object's id (``Subscription.modify(id, ...)``)
    and the params follow it."""
    method: str = "POST"
    own_receiver: bool = False
    """The call is made on an object of the application (Cashier's Billable model), not on a
    client: no other SDK's client is looked for in its receiver (``migrate/scan/receivers.py``),
    and none of its arguments holds Stripe request options."""


@dataclass(frozen=True, slots=True)
class Language:
    """A language ast-grep parses: its name there, its file suffixes and the calls it has."""

    name: str
    """The ast-grep language name (``python``, ``javascript``, ``typescript``, ``tsx``...)."""
    family: Family
    suffixes: tuple[str, ...]
    call_kinds: tuple[str, ...]
    """Node kinds that are calls; their ``arguments`` field holds the arguments."""
    calls: tuple[CallPattern, ...]
    string_kinds: tuple[str, ...] = ("string",)
    """Node kinds of string literals (searched for Stripe webhook event types)."""
    event_constants: tuple[str, ...] = ()
    """Prefixes of SDK constants naming event types (C#'s ``EventTypes.``, Go's
    ``stripe.EventType``): the rest, in CamelCase, names the event."""
    constant_kind: str = ""
    """The node kind of such a constant (``member_access_expression``)."""

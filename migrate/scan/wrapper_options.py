"""The Stripe request options of a call to a project wrapper (``migrate/scan/wrappers.py``).

A wrapper's Stripe call may pass request options (a connected account, an idempotency key, a
per-request key: ``migrate/scan/options.py`` reads them at the wrapper's own site, where those
it cannot read are X022). At each call of the wrapper they are what that call makes them:

* options that are one of the wrapper's parameters, passed on whole (``create(params, options)
  { return stripe.paymentIntents.create(params, options) }``, Ruby's ``opts = {}``, PHP's
  ``$opts``, Java's ``RequestOptions ro``): the caller's argument for that parameter (bound as
  its params are), read as a direct call's options: ``{ stripeAccount }`` is X017, ``{
  idempotencyKey }`` X018; none passed (or ``null``), none;
* an option whose value uses parameters (``stripe_account=account_id``): the option, with the
  caller's value (``None`` passed: none);
* options the wrapper sets or computes itself (a literal ``stripe_account``,
  ``this.accountOptions(organizerAccountId)``): the same at every call, so each caller's site
  has their findings too, said to be set inside the wrapper (a wrapper that always charges on
  a connected account makes each of its callers' payments a connected account's).

A Python wrapper's ``**kwargs`` passed on is left to its params: a caller's ``stripe_account=``
there is read among them (``Wrapper.option_keys``).
"""

from __future__ import annotations

import re
from typing import Any, Final, Protocol

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
from migrate.scan.extract import OMIT, RUN_TIME_OPTIONS, Extractor, is_dynamic, option_source
from migrate.scan.options import idempotency_meta, request_option_findings, value_options
from migrate.scan.params import Param
from migrate.scan.tenant_keys import TENANT, judge_at
from migrate.scan.wrapper_args import Wrapped, identifiers, rewritten
from migrate.scan.wrapper_binding import Arguments, Bound, bind, call_arguments
from migrate.scan.wrapper_state import Receiver, State

Pair = tuple[str, str]
"""A request option as ``migrate/scan/options.py`` reads it: its name as written (``RUN_TIME``:
options that cannot be read) and its source."""
_NONE: Final = frozenset({"None", "null", "nil", "NULL", "undefined", "{}", "[]", "array()"})
_OR_NONE: Final = re.compile(
    r"^\(?\s*([$@]?[A-Za-z_]\w*)\s*(?:\bor\b|\|\||\?\?|\?:)\s*(?:\{\}|\[\]|None|null|nil)\s*\)?$"
)
"""Options that are a parameter or none (``options or {}``, ``opts ?? undefined``)."""


class Optioned(Wrapped, Protocol):
    """What reading a wrapper's options at a call needs (``Wrapper``)."""

    @property
    def name(self) -> str: ...
    @property
    def family(self) -> str: ...
    @property
    def options(self) -> tuple[Pair, ...]: ...
    @property
    def connect(self) -> bool: ...


def caller_option_findings(
    wrapper: Optioned,
    call: SgNode,
    ex: Extractor,
    binding: tuple[Bound, bool, tuple[State, Receiver] | None, list[Pair]],
    kind: str | None,
    *,
    keyed: bool = False,
) -> tuple[Finding, ...]:
    """The findings of the request options a call of ``wrapper`` makes its Stripe call pass:
    the caller's (its arguments bound to the wrapper's parameters, ``binding``: as
    ``wrapper_args.bind`` made them, whether some are spread, the wrapper's object, and the
    options the caller passed into the wrapper's ``**kwargs``), then those set inside the
    wrapper. ``kind``: the Dodo call it becomes (what a retry without an idempotency key
    makes); ``keyed``: the Dodo call carries the idempotency key (UE014)."""
    bound, spread, own, taken = binding
    passed, inside = _options_at(wrapper, call, ex, bound=bound, spread=spread, own=own)
    text = ex.source
    judge = judge_at(call, ex.family, ex)
    mine = request_option_findings(
        [*taken, *passed], kind, text, connect=wrapper.connect, judge=judge, keyed=keyed
    )
    theirs = request_option_findings(inside, kind, text, connect=wrapper.connect, keyed=keyed)
    said = f" Set inside the wrapper {wrapper.name}."
    return mine + tuple(f._replace(message=f.message.rstrip() + said) for f in theirs)


def caller_idempotency(
    wrapper: Optioned,
    call: SgNode,
    ex: Extractor,
    binding: tuple[Bound, bool, tuple[State, Receiver] | None, list[Pair]],
) -> dict[str, str]:
    """What the translator is told of the idempotency key a call of ``wrapper`` makes its
    Stripe call pass (a usage event's ``event_id``, UE014): the caller's, in its terms, or a
    literal set inside the wrapper (an expression of the wrapper's own is not the caller's)."""
    bound, spread, own, taken = binding
    passed, inside = _options_at(wrapper, call, ex, bound=bound, spread=spread, own=own)
    told = idempotency_meta([*taken, *passed])
    return told or {k: v for k, v in idempotency_meta(inside).items() if k == "idempotency_key"}


def options_through(wrapper: Optioned, call: SgNode, ex: Extractor) -> tuple[Pair, ...]:
    """The request options a call of ``wrapper`` makes its Stripe call pass, in the calling
    function's terms (those it passes, then those set inside the wrapper): what a function
    that delegates to the wrapper (an overload) passes itself."""
    bound, spread = bind(wrapper.params, call_arguments(call, ex.family), ex)
    passed, inside = _options_at(wrapper, call, ex, bound=bound, spread=spread, own=None)
    return (*passed, *inside)


def key_passed_in(wrapper: Optioned) -> bool:
    """Whether every tenant's key of the wrapper's call (X029) is one of its parameters, whole
    and as the caller passes it (``def pay(price, api_key)``; not one the wrapper sets again
    first): its callers pass the key, each judged by its own."""
    names = {local for p in wrapper.params for local in p.locals}
    names -= {name for name, _ in wrapper.locals}  # given another value before the call
    keys = [source.strip() for name, source in wrapper.options if name.startswith(TENANT)]
    return bool(keys) and all(k.lstrip("$@") in names or k in names for k in keys)


def caller_key(finding: Finding, wrapper: Optioned) -> Finding:
    """X029 at a wrapper's site whose key is its parameter: a warning, for the wrapper's calls
    of the tree are sites of their own, blocked where the key they pass is a tenant's."""
    held = [
        (f"`{name}`" if " " not in name else name, source.strip())
        for marked, source in wrapper.options
        if marked.startswith(TENANT) and (name := marked.removeprefix(TENANT))
    ]
    what = "; ".join(f"{name}: {source}" for name, source in held)
    message = (
        f"The Stripe call is made with the key the caller of {wrapper.name} passes ({what}):"
        f" each call of {wrapper.name} in the scanned tree is reported as a site of its own,"
        " blocked (X029) where the key it passes is a tenant's, not where it is the platform's."
        " Calls from outside the tree are not seen: a tenant's key there is paid into your one"
        " Dodo business."
    )
    return finding._replace(level=Level.WARNING, message=message)


class Passing(Wrapped, Protocol):
    @property
    def uses(self) -> tuple[str, ...]: ...


def params_passed_on(wrapper: Passing) -> bool:
    """Whether every params object a wrapper's Stripe call takes whole (run-time values at
    no path) comes from its parameters."""
    whole = [d.source for d in wrapper.dynamic if not d.path]
    return bool(whole) and all(
        any(n in wrapper.uses for n in identifiers(source, wrapper.family)) for source in whole
    )


def uses_parameters(options: tuple[Pair, ...], names: set[str]) -> list[str]:
    """The parameters (of ``names``) a Stripe call passes on whole as its request options
    (``create(params, options)``): its callers choose them (a function is a wrapper for
    that alone). One option's value made from a parameter (an idempotency key from the order
    id) is said at the call itself."""
    found = (_bare(source) for name, source in options if name == RUN_TIME_OPTIONS)
    return [n for n in found if n in names]


def _options_at(
    wrapper: Optioned,
    call: SgNode,
    ex: Extractor,
    *,
    bound: Bound,
    spread: bool,
    own: tuple[State, Receiver] | None,
) -> tuple[list[Pair], list[Pair]]:
    """The wrapper's options at one call: those the caller sets, those set inside it."""
    params = {local: p for p in wrapper.params for local in p.locals}
    args: Arguments | None = None
    passed: list[Pair] = []
    inside: list[Pair] = []
    for name, source in wrapper.options:
        param = params.get(_bare(source))
        if name == RUN_TIME_OPTIONS and param is not None:
            if param.rest == "**" and not spread:
                continue  # the caller's keywords: read among its params (option_keys)
            args = args if args is not None else call_arguments(call, ex.family)
            passed.extend(_passed(param, wrapper, args, (bound, ex), source))
        elif name != RUN_TIME_OPTIONS and any(n in params for n in identifiers(source)):
            value, _ = rewritten(wrapper, bound, source, spread=spread, own=own)
            if value is not None and value is not OMIT:
                passed.append((name, option_source(value)))
        else:
            inside.append((name, source))
    if wrapper.family == "go":  # Go's options are set on the params the caller builds
        passed.extend(ex.options)
    return passed, inside


def _bare(source: str) -> str:
    """The parameter options passed on are, when they are one or none (``options or {}``)."""
    found = _OR_NONE.match(source.strip())
    return found.group(1) if found is not None else source.strip()


def _passed(
    param: Param, wrapper: Optioned, args: Arguments, at: tuple[Bound, Extractor], source: str
) -> list[Pair]:
    """The options the caller passes as the wrapper's options parameter ``param`` (``at``:
    the arguments bound, the caller's extractor)."""
    bound, ex = at
    positional = [p for p in wrapper.params if p.position is not None and not p.rest]
    node: SgNode | None = None
    if param in positional and positional.index(param) < len(args.positional):
        node = args.positional[positional.index(param)]
    elif param.keyword and param.bare in args.keyword:
        node = args.keyword[param.bare]
    if node is not None:
        return value_options(node, ex.family, ex)
    value: Any = bound.get(param.name, (OMIT, ""))[0]
    if type(value) is dict and not is_dynamic(value):  # Ruby's trailing pairs, gathered
        return [(str(key), option_source(item)) for key, item in value.items()]
    if args.spread or param.keys or param.rest:  # not bound: they may hold any option
        return [(RUN_TIME_OPTIONS, source)]
    default = (param.default or "").strip()
    return [] if not default or default in _NONE else [(RUN_TIME_OPTIONS, default)]


__all__ = ["caller_idempotency", "caller_option_findings", "uses_parameters"]

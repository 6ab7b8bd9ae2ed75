"""Stripe charges retried (or batched) in loops that break Dodo's safe retry policy (rule X012).

Dodo's policy for on-demand charges (``migrate/retries.py`` plans it for data): at most 4
attempts, at T, T+3, T+10 and T+17 days; never retry a hard decline (STOLEN_CARD, DO_NOT_HONOR,
FRAUDULENT, PICKUP_CARD, AUTHENTICATION_FAILURE, LOST_CARD); never bunch many charges at one
instant. This module finds code that cannot follow it, from the syntax tree and literals alone,
in Python and JavaScript/TypeScript (other languages are not searched); the attempts and waits
are read from literals by ``migrate/scan/retry_values.py``. The heuristics:

Charges
    PaymentIntent create/confirm, invoice pay and legacy Charge create, in each SDK's spelling
    (``stripe.PaymentIntent.create``, ``client.payment_intents.confirm``, ``..._async``;
    ``stripe.paymentIntents.create``, ``stripe.invoices.pay``, ``stripe.charges.create``). A
    PaymentIntent *create* only counts when ``confirm`` or ``off_session`` is named in the call or
    in the construct around it: an unconfirmed intent moves no money.

Constructs (the charge must sit lexically inside: a charge in a helper the loop calls is not seen)
    *Attempt* constructs repeat one charge. Loops: ``for`` over ``range(N)``, ``itertools.count()``,
    tenacity's ``Retrying(...)``, a literal list of numbers (a schedule, or a name bound to one)
    or with a loop variable named like ``attempt``/``retry``/``tries``; C-style ``for (let i = 0;
    i < N; i++)``; ``while`` and ``do ... while`` unless the condition pages (``has_more``,
    ``cursor``, ``page``...). A loop only counts when it reads like a retry: it has ``try``/
    ``except``/``catch`` or mentions attempts, retries, a status or ``paid`` (so ``for i in
    range(quantity)`` is not one). Also: Python functions decorated with ``@retry`` (tenacity,
    retrying), ``@tenacity.retry`` or ``@backoff.on_exception``/``on_predicate``, and Node calls
    whose arguments hold the charge: ``pRetry``, ``retry``/``asyncRetry`` (async-retry),
    ``promiseRetry`` and ``backOff`` (exponential-backoff). A ``@retry`` with arguments neither
    tenacity nor retrying takes (another library's) is only judged on decline checks.

    A retry that only catches network and rate-limit errors (``APIConnectionError``,
    ``StripeConnectionError``, ``RateLimitError``, timeouts), never a card error, ``Exception`` or
    a bare ``except``, is a network retry (the request never reached the card network; Stripe's
    idempotency keys make it safe) and is left alone.

    *Collection* constructs charge each item of something: ``for x in subs``, ``for (const x of
    subs)``, ``for (...; i < subs.length; ...)``, ``range(len(subs))``, comprehensions,
    ``subs.forEach``/``.map``/``.flatMap`` (so ``Promise.all(subs.map(...))``). They count only
    when the charge is off-session (``off_session`` named in the call or the loop, an invoice pay,
    a Charge create for a ``customer``): a loop creating one intent per order in a web request is
    not flagged. An attempt construct *outside* a collection loop (a ``while True`` that pages
    through customers) is not a retry of the charge and is ignored.

Sites
    One per outermost counted construct, at its first line (the loop, the decorator, the wrapper
    call); the constructs nested inside it (a retry loop inside a batch loop) are judged with it
    and never reported on their own. A construct that breaks nothing is not reported.

Breaks (from literals only: what is computed at run time gets the benefit of the doubt)
    ``no hard-decline check``: neither the construct nor its enclosing function mentions a decline
    code (``decline_code``/``declineCode`` or a hard-decline name, any case), directly or through
    module-level names and functions of the file whose text does (followed to any depth). A
    collection construct alone is only judged when it looks like a retry of failed charges (an
    invoice pay or intent confirm, or items named like ``failed``, ``past_due``, ``unpaid``,
    ``open``, ``retry``...).

    ``retries within seconds, not days``: the first wait is shorter than 3 days, or there is none.
    Loops: ``time.sleep``/``asyncio.sleep`` (seconds), ``setTimeout``/``sleep``/``delay``/``wait``
    (milliseconds in Node), evaluated from numbers, arithmetic, ``timedelta(...)``, names assigned
    in the function or the file and the loop counter's first value; with several waits the longest
    counts; a call that looks like scheduling (``enqueue``, ``apply_async``, ``schedule...``) or a
    wait that cannot be evaluated is assumed to be fine. Libraries: tenacity ``wait=``
    (``wait_fixed``, ``wait_exponential``...; none is no wait), retrying's ``wait_fixed=`` (ms),
    backoff's generator (``expo``, ``constant``, ``fibo`` with ``factor``/``interval``) capped by
    ``max_time``, p-retry/async-retry ``minTimeout`` (default 1 s), exponential-backoff
    ``startingDelay`` (default 100 ms). Options passed by name are not judged.

    ``more than 4 attempts`` / ``no attempt limit``: ``range(N)``, ``attempt < N``-style conditions
    (counting from the counter's first value when it is assigned), a counter compared with a number
    in the body of an endless loop (approximate), ``stop_after_attempt(N)``,
    ``stop_max_attempt_number``, ``max_tries``, ``retries: N`` (N + 1 attempts),
    ``numOfAttempts``; the libraries' defaults when nothing is said (tenacity and backoff never
    stop, p-retry and async-retry make 11 attempts, exponential-backoff 10). No limit is only
    claimed for ``while True``/``for (;;)``/``itertools.count()`` and the libraries' defaults.

    ``charges every item of X at one instant``: a counted collection construct with no wait of at
    least a second between items (waits inside a nested retry only run on failure and do not
    count).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Final, Literal

from ast_grep_py import SgNode

from migrate.retries import LADDER_DAYS, MAX_ATTEMPTS
from migrate.scan.nodes import of_kind
from migrate.scan.patterns import Language, normalise_callee
from migrate.scan.retry_values import (
    ATTEMPT_NAME,
    DAY,
    NAME,
    Numbers,
    callee_of,
    evaluate,
    positional_args,
    strip_parens,
    tail,
)

MIN_WAIT: Final = LADDER_DAYS[1] * DAY
"""The shortest wait the policy allows between two attempts (3 days), in seconds."""
MIN_SPACING: Final = 1.0
"""The shortest wait, in seconds, that spaces the items of a batch loop."""

NO_DECLINE_CHECK: Final = "no hard-decline check"
BURST: Final = "retries within seconds, not days"
TOO_MANY: Final = f"more than {MAX_ATTEMPTS} attempts"
NO_LIMIT: Final = "no attempt limit"
BATCH: Final = "charges every item of {items} at one instant"

Family = Literal["python", "node"]
Shape = Literal["attempt", "collection"]
_CHARGES: Final[dict[Family, tuple[str, ...]]] = {
    "python": (
        "PaymentIntent.create",
        "PaymentIntent.confirm",
        "payment_intents.create",
        "payment_intents.confirm",
        "Invoice.pay",
        "invoices.pay",
        "Charge.create",
        "charges.create",
    ),
    "node": ("paymentIntents.create", "paymentIntents.confirm", "invoices.pay", "charges.create"),
}
_FAMILIES: Final[dict[str, Family]] = {"python": "python", "node": "node"}
_CALL: Final[dict[Family, str]] = {"python": "call", "node": "call_expression"}
_FUNCTIONS: Final[dict[Family, frozenset[str]]] = {
    "python": frozenset({"function_definition"}),
    "node": frozenset(
        {
            "function_declaration",
            "function_expression",
            "arrow_function",
            "method_definition",
            "generator_function_declaration",
            "generator_function",
        }
    ),
}
_COMPREHENSIONS: Final = frozenset(
    {"list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"}
)
_TENACITY: Final = frozenset({"retry", "tenacity.retry", "retrying.retry"})
_BACKOFF: Final = frozenset({"on_exception", "on_predicate"})
_NODE_WRAPPERS: Final = frozenset({"pRetry", "retry", "asyncRetry", "promiseRetry", "backOff"})
_NODE_EACH: Final = frozenset({"forEach", "map", "flatMap"})
_CHARGE_TEXT: Final = re.compile(
    r"PaymentIntent|payment_intents|paymentIntents|Invoice|invoices|Charge|charges"
)
"""Text a file must hold to have a charge call worth looking at."""
_DECLINE: Final = re.compile(
    r"decline_?code|stolen_card|do_not_honou?r|fraudulent|pickup_card|lost_card"
    r"|authentication_(?:failure|required)",
    re.IGNORECASE,
)
_RETRY_SIGNAL: Final = re.compile(
    r"\btry\b|\bexcept\b|\bcatch\b|attempt|retr|tries|status|paid|succeeded", re.IGNORECASE
)
_PAGINATION: Final = re.compile(r"has_?more|next_?page|cursor|starting_?after|\bpages?\b", re.I)
_FAILED_ITEMS: Final = re.compile(r"fail|retr|declin|past_?due|unpaid|dunning|overdue|open", re.I)
_NETWORK_ERRORS: Final = re.compile(
    r"APIConnectionError|RateLimitError|StripeConnectionError|StripeRateLimitError"
    r"|(?<![A-Za-z])(?:Timeout|ConnectionError)|ECONNRESET|ETIMEDOUT|lock_timeout"
)
_CARD_ERRORS: Final = re.compile(
    r"CardError|card_?declined|decline|StripeError\b|\bException\b|except\s*:", re.IGNORECASE
)
_CONFIRMS: Final = re.compile(r"confirm|off_?session", re.IGNORECASE)
_OFF_SESSION: Final = re.compile(r"off_?session", re.IGNORECASE)
_CONSTANT_TRUE: Final = frozenset({"", "True", "true", "1", "!0", "not False", "!false"})


@dataclass(frozen=True, slots=True)
class RetryLoop:
    """A construct that retries (or batches) Stripe charges against the policy."""

    node: SgNode
    """Where it is reported: the loop, the decorator or the retry-wrapper call."""
    callee: str
    """The first charge call inside it (normalised: ``stripe.PaymentIntent.create``)."""
    breaks: tuple[str, ...]
    """What it breaks, worded for the finding (``no hard-decline check``...)."""


@dataclass(frozen=True, slots=True)
class _Construct:
    node: SgNode
    """Where a site would be: the loop, the decorator, the call."""
    scope: SgNode
    """The whole construct (the loop, the decorated function, the call)."""
    body: SgNode
    """The part a charge must sit in."""
    shape: Shape
    attempts: float | None = None
    """Attempts at most: ``math.inf`` for no limit, None when not known."""
    wait: float | None = None
    """Seconds before the second attempt: 0 for no wait, None when not known."""
    items: str = ""
    """What a collection construct goes through."""


def retry_loops(root: SgNode, language: Language, text: str) -> Iterator[RetryLoop]:
    """The constructs of one parsed file that break the safe retry policy, in source order."""
    family = _FAMILIES.get(language.family)
    if family is not None and _CHARGE_TEXT.search(text):
        yield from _File(family, text, root).loops()


class _File:
    """One file: its charges, the constructs around them, the names that check declines."""

    def __init__(self, family: Family, text: str, root: SgNode) -> None:
        self.python = family == "python"
        self.family: Family = family
        self.root = root
        self.call = _CALL[family]
        self.functions = _FUNCTIONS[family]
        self.numbers = Numbers(text, python=self.python, call=self.call, functions=self.functions)
        self.cache: dict[SgNode, _Construct | None] = {}
        self.declines: dict[SgNode, bool] = {}
        """Whether a function's text checks declines, per function (asked once per loop)."""

    # -- sites --------------------------------------------------------------------------------

    def loops(self) -> Iterator[RetryLoop]:
        groups: dict[SgNode, tuple[_Construct, list[str], list[_Construct]]] = {}
        for call in of_kind(self.root, self.call):
            callee = callee_of(call)
            if not self._is_charge(callee):
                continue
            counted = self._counted(call, callee)
            if counted:
                _, callees, constructs = groups.setdefault(counted[-1].node, (counted[-1], [], []))
                callees.append(callee)
                constructs.extend(c for c in counted if c not in constructs)
        kept: list[SgNode] = []
        scopes: dict[tuple[int, int], SgNode] = {}  # a kept construct's scope -> its node
        for node in sorted(groups, key=lambda n: (n.range().start.index, -n.range().end.index)):
            # the outermost kept scope holding this node: its ancestors' ranges (one walk up,
            # not one test per kept construct)
            around = [*reversed(list(node.ancestors())), node]
            outer = next((scopes[_span(a)] for a in around if _span(a) in scopes), None)
            if outer is None:
                kept.append(node)
                scopes.setdefault(_span(groups[node][0].scope), node)
                continue
            _, callees, constructs = groups.pop(node)  # nested: judged with the outer one
            groups[outer][1].extend(callees)
            groups[outer][2].extend(c for c in constructs if c not in groups[outer][2])
        for node in kept:
            top, callees, constructs = groups[node]
            breaks = self._breaks(top.scope, constructs, callees)
            if breaks:
                yield RetryLoop(node, callees[0], tuple(breaks))

    def _is_charge(self, callee: str) -> bool:
        callee = callee.removesuffix("_async")
        return any(callee == t or callee.endswith("." + t) for t in _CHARGES[self.family])

    def _counted(self, call: SgNode, callee: str) -> list[_Construct]:
        """The constructs around ``call`` that retry or batch it, innermost first."""
        counted: list[_Construct] = []
        in_collection = False
        for ancestor in call.ancestors():
            if ancestor not in self.cache:
                self.cache[ancestor] = self._construct(ancestor)
            construct = self.cache[ancestor]
            if construct is None or not _inside(call, construct.body):
                continue
            if construct.shape == "collection":
                in_collection = True
                if _off_session(call, callee, construct.scope):
                    counted.append(construct)
            elif (
                not in_collection
                and _charges(call, callee, construct.scope)
                and not _network_only(construct.scope)
            ):
                counted.append(construct)
        return counted

    def _breaks(self, scope: SgNode, constructs: list[_Construct], callees: list[str]) -> list[str]:
        attempts = [c for c in constructs if c.shape == "attempt"]
        batches = [c for c in constructs if c.shape == "collection"]
        out: list[str] = []
        repays = any(tail(k.removesuffix("_async")) in ("pay", "confirm") for k in callees)
        retried = bool(attempts) or any(repays or _FAILED_ITEMS.search(c.items) for c in batches)
        if retried and not self._checks_declines(scope):
            out.append(NO_DECLINE_CHECK)
        waits = [c.wait for c in attempts if c.wait is not None and c.wait < MIN_WAIT]
        if waits:
            first = min(waits)
            said = "no wait between attempts" if first == 0 else f"waits {_duration(first)}"
            out.append(f"{BURST} ({said})")
        counts = [c.attempts for c in attempts if c.attempts is not None]
        if any(math.isinf(n) for n in counts):
            out.append(NO_LIMIT)
        elif counts and max(counts) > MAX_ATTEMPTS:
            out.append(f"{TOO_MANY} (up to {max(counts):g})")
        for batch in batches:
            if not self._spaced(batch, attempts):
                items = " ".join(batch.items.split())
                out.append(BATCH.format(items=items if len(items) <= 40 else items[:37] + "..."))
                break
        return out

    # -- decline checks -----------------------------------------------------------------------

    @cached_property
    def decline_names(self) -> re.Pattern[str] | None:
        """Functions of the file and module-level names whose text mentions a decline code, or
        one of those names (``HARD = {"stolen_card", ...}``; ``def soft(e): ... not in HARD``),
        as one pattern."""
        texts: list[tuple[str, str]] = []
        for kind in self.functions:
            for fn in of_kind(self.root, kind):
                name = fn.field("name")
                parent = fn.parent()
                if name is None and parent is not None and parent.kind() == "variable_declarator":
                    name = parent.field("name")  # const isSoft = (err) => ...
                if name is not None:
                    texts.append((name.text(), fn.text()))
        kind, target, value = (
            ("assignment", "left", "right")
            if self.python
            else ("variable_declarator", "name", "value")
        )
        for node in of_kind(self.root, kind):
            left, right = node.field(target), node.field(value)
            if (
                left is not None
                and right is not None
                and left.kind() == "identifier"
                and self.numbers.function_of(node) is None
            ):
                texts.append((left.text(), right.text()))
        known = {name for name, text in texts if _DECLINE.search(text)}
        while known:
            pattern = _words(known)
            more = {name for name, text in texts if name not in known and pattern.search(text)}
            if not more:
                return pattern
            known |= more
        return None

    def _checks_declines(self, scope: SgNode) -> bool:
        if self._declines(scope.text()):
            return True
        enclosing = self.numbers.function_of(scope)
        if enclosing is None:
            return False
        if enclosing not in self.declines:  # read once per function, not once per loop
            self.declines[enclosing] = self._declines(enclosing.text())
        return self.declines[enclosing]

    def _declines(self, text: str) -> bool:
        names = self.decline_names
        return bool(_DECLINE.search(text) or (names is not None and names.search(text)))

    # -- constructs ---------------------------------------------------------------------------

    def _construct(self, node: SgNode) -> _Construct | None:
        kind = node.kind()
        if kind == "for_statement" and self.python:
            return self._python_for(node)
        if kind == "for_statement":
            return self._node_for(node)
        if kind == "for_in_statement":
            return self._node_for_of(node)
        if kind in ("while_statement", "do_statement"):
            return self._while(node)
        if kind == "decorated_definition":
            return self._decorated(node)
        if kind in _COMPREHENSIONS:
            body = node.field("body")
            clause = next((c for c in node.children() if c.kind() == "for_in_clause"), None)
            right = clause.field("right") if clause is not None else None
            if body is None or right is None:
                return None
            return _Construct(node, node, body, "collection", items=right.text())
        if kind == self.call and not self.python:
            return self._node_call(node)
        return None

    def _attempt_loop(
        self,
        node: SgNode,
        attempts: float | None,
        env: dict[str, float] | None = None,
        *,
        wait: tuple[float | None] | None = None,
    ) -> _Construct | None:
        """A loop that retries, unless it does not read like one; ``wait`` when it is known
        from elsewhere (tenacity's ``Retrying``), else from the waits in its body."""
        body = node.field("body")
        if body is None or not _RETRY_SIGNAL.search(node.text()):
            return None
        first = wait[0] if wait is not None else self.numbers.loop_wait(body, node, env or {})
        if attempts is not None and math.isinf(attempts):
            attempts = self.numbers.body_bound(body, node)
        return _Construct(node, node, body, "attempt", attempts=attempts, wait=first)

    def _python_for(self, node: SgNode) -> _Construct | None:
        left, iterable, body = node.field("left"), node.field("right"), node.field("body")
        if left is None or iterable is None or body is None:
            return None
        var = left.text()
        if (
            iterable.kind() == "call"
            and callee_of(iterable) == "enumerate"
            and positional_args(iterable)
        ):
            iterable, var = positional_args(iterable)[0], ""
        resolve = self.numbers.resolver(node)
        if iterable.kind() == "call":
            fn, args = callee_of(iterable), positional_args(iterable)
            if fn == "range" and len(args) == 1 and callee_of(args[0]) == "len":
                inner = positional_args(args[0])
                items = (inner[0] if inner else args[0]).text()
                return _Construct(node, node, body, "collection", items=items)
            if fn == "range" and args:
                bounds = [evaluate(a.text(), resolve) for a in args[:3]]
                ints = [int(b) for b in bounds if b is not None and b == int(b)]
                count = _range_length(ints) if len(ints) == len(bounds) else None
                start = bounds[0] if len(bounds) > 1 else 0.0
                return self._attempt_loop(node, count, _env(var, start))
            if fn in ("count", "itertools.count"):
                start = evaluate(args[0].text(), resolve) if args else 0.0
                return self._attempt_loop(node, math.inf, _env(var, start))
            if tail(fn) in ("Retrying", "AsyncRetrying"):
                attempts, wait = self.numbers.tenacity(iterable)
                return self._attempt_loop(node, attempts, wait=(wait,))
        schedule = self.numbers.schedule(iterable)
        if schedule is not None:
            return self._attempt_loop(node, float(schedule))
        if var and ATTEMPT_NAME.match(var):
            return self._attempt_loop(node, None)
        return _Construct(node, node, body, "collection", items=iterable.text())

    def _node_for(self, node: SgNode) -> _Construct | None:
        body = node.field("body")
        if body is None:
            return None
        cond = node.field("condition")
        cond_text = strip_parens(cond.text().strip().rstrip(";")) if cond is not None else ""
        length = re.search(rf"({NAME})\.(?:length|size)\b", cond_text)
        if length:
            return _Construct(node, node, body, "collection", items=length.group(1))
        env: dict[str, float] = {}
        init = node.field("initializer")
        if init is not None:
            resolve = self.numbers.resolver(node)
            for decl in init.find_all(kind="variable_declarator"):
                name, value = decl.field("name"), decl.field("value")
                got = evaluate(value.text(), resolve) if value is not None else None
                if name is not None and got is not None:
                    env[name.text()] = got
        if cond_text in _CONSTANT_TRUE:
            return self._attempt_loop(node, math.inf, env)
        return self._attempt_loop(node, self.numbers.bounded(cond_text, node, env), env)

    def _node_for_of(self, node: SgNode) -> _Construct | None:
        right, body = node.field("right"), node.field("body")
        if right is None or body is None:
            return None
        schedule = self.numbers.schedule(right)
        if schedule is not None:
            return self._attempt_loop(node, float(schedule))
        return _Construct(node, node, body, "collection", items=right.text())

    def _while(self, node: SgNode) -> _Construct | None:
        cond = node.field("condition")
        cond_text = strip_parens(cond.text()) if cond is not None else ""
        if _PAGINATION.search(cond_text):
            return None
        if cond_text in _CONSTANT_TRUE:
            return self._attempt_loop(node, math.inf)
        return self._attempt_loop(node, self.numbers.bounded(cond_text, node, {}))

    def _decorated(self, node: SgNode) -> _Construct | None:
        definition = node.field("definition")
        if definition is None or definition.kind() != "function_definition":
            return None
        for decorator in node.children():
            expr = next(iter(decorator.named_children()), None)
            if decorator.kind() != "decorator" or expr is None:
                continue
            call = expr if expr.kind() == "call" else None
            name = callee_of(call) if call is not None else normalise_callee(expr.text())
            if tail(name) in _BACKOFF:
                attempts, wait = self.numbers.backoff(call)
            elif name in _TENACITY:
                attempts, wait = self.numbers.tenacity(call)
            else:
                continue
            return _Construct(decorator, node, definition, "attempt", attempts=attempts, wait=wait)
        return None

    def _node_call(self, node: SgNode) -> _Construct | None:
        callee, args = callee_of(node), node.field("arguments")
        if not callee or args is None:
            return None
        name = tail(callee)
        if name in _NODE_EACH and "." in callee:
            fn = node.field("function")
            receiver = fn.field("object") if fn is not None else None
            if receiver is None:
                return None
            return _Construct(node, node, args, "collection", items=receiver.text())
        if name not in _NODE_WRAPPERS:
            return None
        attempts, wait = self.numbers.wrapper(name, args)
        return _Construct(node, node, args, "attempt", attempts=attempts, wait=wait)

    # -- batches ------------------------------------------------------------------------------

    def _spaced(self, batch: _Construct, attempts: list[_Construct]) -> bool:
        """Whether a collection construct waits at least ``MIN_SPACING`` between items (not
        counting the waits of the retries nested in it)."""
        nested = [a.scope for a in attempts if _inside(a.scope, batch.body)]
        resolve = self.numbers.resolver(batch.node)
        for call in batch.body.find_all(kind=self.call):
            if any(_inside(call, n) for n in nested):
                continue
            waits, seconds = self.numbers.delay(call, resolve)
            if waits and (seconds is None or seconds >= MIN_SPACING):
                return True
        return False


def _span(node: SgNode) -> tuple[int, int]:
    rng = node.range()
    return rng.start.index, rng.end.index


def _inside(node: SgNode, outer: SgNode) -> bool:
    a, b = node.range(), outer.range()
    return b.start.index <= a.start.index and a.end.index <= b.end.index


def _charges(call: SgNode, callee: str, scope: SgNode) -> bool:
    """Whether a charge call moves money: a PaymentIntent create only when confirmed."""
    callee = callee.removesuffix("_async")
    if tail(callee) != "create" or callee.endswith(("Charge.create", "charges.create")):
        return True
    return bool(_CONFIRMS.search(call.text()) or _CONFIRMS.search(scope.text()))


def _network_only(scope: SgNode) -> bool:
    """Whether a retry only catches network and rate-limit errors (the request never reached
    the card network; with an idempotency key that is safe), never card errors."""
    text = scope.text()
    return bool(_NETWORK_ERRORS.search(text)) and not _CARD_ERRORS.search(text)


def _off_session(call: SgNode, callee: str, scope: SgNode) -> bool:
    """Whether a charge call charges a saved method with the customer away."""
    callee = callee.removesuffix("_async")
    if tail(callee) == "pay":
        return True
    if callee.endswith(("Charge.create", "charges.create")):
        return "customer" in call.text()
    return bool(_OFF_SESSION.search(call.text()) or _OFF_SESSION.search(scope.text()))


def _range_length(args: list[int]) -> float | None:
    try:
        return float(len(range(*args)))
    except (ValueError, TypeError, OverflowError):
        return None


def _env(name: str, value: float | None) -> dict[str, float]:
    return {name: value} if name and value is not None else {}


def _words(names: set[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names))
    return re.compile(rf"(?<![\w$])(?:{alternatives})(?![\w$])")


def _duration(seconds: float) -> str:
    """``2 s``, ``1.5 min``, ``1 h``, ``1 day``, ``2 days``; ``500 ms`` under a second."""
    for unit, size in (("day", DAY), ("h", 3600.0), ("min", 60.0), ("s", 1.0)):
        if seconds >= size:
            value = round(seconds / size, 1)
            return f"{value:g} {unit}" + ("s" if unit == "day" and value != 1 else "")
    return f"{round(seconds * 1000, 1):g} ms"

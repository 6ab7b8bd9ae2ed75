"""Stripe charges retried (or batched) in loops that break Dodo's safe retry policy (rule X012).

Dodo's policy for on-demand charges (``migrate/retries.py`` plans it for data): at most 4
attempts, at T, T+3, T+10 and T+17 days; never retry a hard decline (STOLEN_CARD, DO_NOT_HONOR,
FRAUDULENT, PICKUP_CARD, AUTHENTICATION_FAILURE, LOST_CARD); never bunch many charges at one
instant. This module finds code that cannot follow it, from the syntax tree and literals alone,
in Python and JavaScript/TypeScript (other languages are not searched). The heuristics:

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

import ast
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Final, Literal

from ast_grep_py import SgNode

from migrate.retries import LADDER_DAYS, MAX_ATTEMPTS
from migrate.scan.patterns import Language, normalise_callee

DAY: Final = 86_400.0
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
Resolve = Callable[[str], float | None]

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
_TENACITY_KEYWORDS: Final = frozenset(
    {
        # tenacity
        "stop",
        "wait",
        "retry",
        "before",
        "after",
        "before_sleep",
        "reraise",
        "retry_error_callback",
        "retry_error_cls",
        "sleep",
        # retrying
        "stop_max_attempt_number",
        "stop_max_delay",
        "wait_fixed",
        "wait_random_min",
        "wait_random_max",
        "wait_incrementing_start",
        "wait_incrementing_increment",
        "wait_exponential_multiplier",
        "wait_exponential_max",
        "wait_jitter_max",
        "retry_on_exception",
        "retry_on_result",
        "wrap_exception",
        "stop_func",
        "wait_func",
    }
)
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
_ATTEMPT_NAME: Final = re.compile(
    r"^_*(?:attempt|retry|retries|tries|try|tried|n_?tries|delay|wait|backoff)", re.IGNORECASE
)
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
_SCHEDULES: Final = re.compile(
    r"sleep|delay|schedul|enqueue|apply_async|^defer|^wait(?:_?until)?$|^later$", re.IGNORECASE
)
_CONSTANT_TRUE: Final = frozenset({"", "True", "true", "1", "!0", "not False", "!false"})
_NAME: Final = r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*"
_COMPARISON: Final = re.compile(rf"^(\+\+|--)?({_NAME})(?:\+\+|--)?\s*(<=|<|>=|>)\s*(.+)$", re.S)
_REVERSED: Final = re.compile(rf"^(.+?)\s*(<=|<|>=|>)\s*({_NAME})$", re.S)
_BODY_BOUND: Final = re.compile(rf"({_NAME})\s*(>=|>|===|==)\s*([\w$.]+)")
_FLIP: Final = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_TIMEDELTA: Final = {
    "weeks": 7 * DAY,
    "days": DAY,
    "hours": 3600.0,
    "minutes": 60.0,
    "seconds": 1.0,
    "milliseconds": 0.001,
}


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
        self.text = text
        self.root = root
        self.call = _CALL[family]
        self.functions = _FUNCTIONS[family]
        self.cache: dict[SgNode, _Construct | None] = {}
        self.declines: dict[SgNode, bool] = {}
        """Whether a function's text checks declines, per function (asked once per loop)."""
        self.assigned: dict[tuple[str, bool], str | None] = {}
        """``_assigned(name, [self.text])`` per name (asked once per loop)."""

    # -- sites --------------------------------------------------------------------------------

    def loops(self) -> Iterator[RetryLoop]:
        groups: dict[SgNode, tuple[_Construct, list[str], list[_Construct]]] = {}
        for call in self.root.find_all(kind=self.call):
            callee = _callee(call)
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
        repays = any(_tail(k.removesuffix("_async")) in ("pay", "confirm") for k in callees)
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
            for fn in self.root.find_all(kind=kind):
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
        for node in self.root.find_all(kind=kind):
            left, right = node.field(target), node.field(value)
            if (
                left is not None
                and right is not None
                and left.kind() == "identifier"
                and self._function_of(node) is None
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
        enclosing = self._function_of(scope)
        if enclosing is None:
            return False
        if enclosing not in self.declines:  # read once per function, not once per loop
            self.declines[enclosing] = self._declines(enclosing.text())
        return self.declines[enclosing]

    def _declines(self, text: str) -> bool:
        names = self.decline_names
        return bool(_DECLINE.search(text) or (names is not None and names.search(text)))

    def _function_of(self, node: SgNode) -> SgNode | None:
        return next((a for a in node.ancestors() if a.kind() in self.functions), None)

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
        first = wait[0] if wait is not None else self._loop_wait(body, node, env or {})
        if attempts is not None and math.isinf(attempts):
            attempts = self._body_bound(body, node)
        return _Construct(node, node, body, "attempt", attempts=attempts, wait=first)

    def _python_for(self, node: SgNode) -> _Construct | None:
        left, iterable, body = node.field("left"), node.field("right"), node.field("body")
        if left is None or iterable is None or body is None:
            return None
        var = left.text()
        if iterable.kind() == "call" and _callee(iterable) == "enumerate" and _positional(iterable):
            iterable, var = _positional(iterable)[0], ""
        resolve = self._resolver(node)
        if iterable.kind() == "call":
            fn, args = _callee(iterable), _positional(iterable)
            if fn == "range" and len(args) == 1 and _callee(args[0]) == "len":
                inner = _positional(args[0])
                items = (inner[0] if inner else args[0]).text()
                return _Construct(node, node, body, "collection", items=items)
            if fn == "range" and args:
                bounds = [_evaluate(a.text(), resolve) for a in args[:3]]
                ints = [int(b) for b in bounds if b is not None and b == int(b)]
                count = _range_length(ints) if len(ints) == len(bounds) else None
                start = bounds[0] if len(bounds) > 1 else 0.0
                return self._attempt_loop(node, count, _env(var, start))
            if fn in ("count", "itertools.count"):
                start = _evaluate(args[0].text(), resolve) if args else 0.0
                return self._attempt_loop(node, math.inf, _env(var, start))
            if _tail(fn) in ("Retrying", "AsyncRetrying"):
                attempts, wait = self._tenacity(iterable)
                return self._attempt_loop(node, attempts, wait=(wait,))
        schedule = self._schedule(iterable)
        if schedule is not None:
            return self._attempt_loop(node, float(schedule))
        if var and _ATTEMPT_NAME.match(var):
            return self._attempt_loop(node, None)
        return _Construct(node, node, body, "collection", items=iterable.text())

    def _node_for(self, node: SgNode) -> _Construct | None:
        body = node.field("body")
        if body is None:
            return None
        cond = node.field("condition")
        cond_text = _strip_parens(cond.text().strip().rstrip(";")) if cond is not None else ""
        length = re.search(rf"({_NAME})\.(?:length|size)\b", cond_text)
        if length:
            return _Construct(node, node, body, "collection", items=length.group(1))
        env: dict[str, float] = {}
        init = node.field("initializer")
        if init is not None:
            resolve = self._resolver(node)
            for decl in init.find_all(kind="variable_declarator"):
                name, value = decl.field("name"), decl.field("value")
                got = _evaluate(value.text(), resolve) if value is not None else None
                if name is not None and got is not None:
                    env[name.text()] = got
        if cond_text in _CONSTANT_TRUE:
            return self._attempt_loop(node, math.inf, env)
        return self._attempt_loop(node, self._bounded(cond_text, node, env), env)

    def _node_for_of(self, node: SgNode) -> _Construct | None:
        right, body = node.field("right"), node.field("body")
        if right is None or body is None:
            return None
        schedule = self._schedule(right)
        if schedule is not None:
            return self._attempt_loop(node, float(schedule))
        return _Construct(node, node, body, "collection", items=right.text())

    def _while(self, node: SgNode) -> _Construct | None:
        cond = node.field("condition")
        cond_text = _strip_parens(cond.text()) if cond is not None else ""
        if _PAGINATION.search(cond_text):
            return None
        if cond_text in _CONSTANT_TRUE:
            return self._attempt_loop(node, math.inf)
        return self._attempt_loop(node, self._bounded(cond_text, node, {}))

    def _bounded(self, cond: str, node: SgNode, env: dict[str, float]) -> float | None:
        """Attempts of a loop that is not endless: from its condition, else from a counter in
        its body, else not known."""
        found, count = self._condition_count(cond, node, env)
        if found:
            return count
        body = node.field("body")
        bound = self._body_bound(body, node) if body is not None else math.inf
        return None if math.isinf(bound or 0.0) else bound

    def _decorated(self, node: SgNode) -> _Construct | None:
        definition = node.field("definition")
        if definition is None or definition.kind() != "function_definition":
            return None
        for decorator in node.children():
            expr = next(iter(decorator.named_children()), None)
            if decorator.kind() != "decorator" or expr is None:
                continue
            call = expr if expr.kind() == "call" else None
            name = _callee(call) if call is not None else normalise_callee(expr.text())
            if _tail(name) in _BACKOFF:
                attempts, wait = self._backoff(call)
            elif name in _TENACITY:
                attempts, wait = self._tenacity(call)
            else:
                continue
            return _Construct(decorator, node, definition, "attempt", attempts=attempts, wait=wait)
        return None

    def _node_call(self, node: SgNode) -> _Construct | None:
        callee, args = _callee(node), node.field("arguments")
        if not callee or args is None:
            return None
        name = _tail(callee)
        if name in _NODE_EACH and "." in callee:
            fn = node.field("function")
            receiver = fn.field("object") if fn is not None else None
            if receiver is None:
                return None
            return _Construct(node, node, args, "collection", items=receiver.text())
        if name not in _NODE_WRAPPERS:
            return None
        attempts, wait = self._wrapper(name, args)
        return _Construct(node, node, args, "attempt", attempts=attempts, wait=wait)

    # -- attempts -----------------------------------------------------------------------------

    def _schedule(self, iterable: SgNode) -> int | None:
        """The length of a literal list of numbers (``(0, 3, 10, 17)``) or of a name bound to
        one in the file; None for anything else."""
        text = iterable.text()
        if iterable.kind() == "identifier":
            bound = self._assigned_in_file(text)
            if bound is None:
                return None
            text = bound
        try:
            value = ast.literal_eval(text.strip())
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
        if isinstance(value, tuple | list) and all(type(v) in (int, float) for v in value):
            return len(value)
        return None

    def _condition_count(
        self, cond: str, node: SgNode, env: dict[str, float]
    ) -> tuple[bool, float | None]:
        """Whether ``cond`` compares a counter (``attempt < 5``, ``tries-- > 0``, the first such
        comparison joined by ``and``/``&&``), and the attempts it allows, counting from the
        counter's first value (0 when an increasing counter's start is not found)."""
        resolve = self._resolver(node, env)
        for raw in re.split(r"&&|\band\b", cond):
            part = _strip_parens(raw)
            match = _COMPARISON.match(part)
            if match:
                prefix, name, op, bound_text = match.groups()
            elif rev := _REVERSED.match(part):
                bound_text, op, name, prefix = rev.group(1), _FLIP[rev.group(2)], rev.group(3), None
            else:
                continue
            bound = _evaluate(bound_text, resolve)
            start = env.get(name, _evaluate(name, resolve))
            if start is None and op in ("<", "<="):
                start = 0.0
            if bound is None or start is None:
                return True, None
            start += {"++": 1.0, "--": -1.0}.get(prefix or "", 0.0)
            count = {
                "<": bound - start,
                "<=": bound - start + 1,
                ">": start - bound,
                ">=": start - bound + 1,
            }[op]
            return True, max(count, 0.0)
        return False, None

    def _body_bound(self, body: SgNode, node: SgNode) -> float | None:
        """An endless loop's bound, roughly: a counter (named like ``attempt`` or incremented in
        the loop) compared with a number in its body (``if attempt >= 5: raise``). ``math.inf``
        when there is none, None when it is not a number."""
        text = body.text()
        resolve = self._resolver(node)
        for match in _BODY_BOUND.finditer(text):
            name, op, bound_text = match.groups()
            short = re.escape(name.rsplit(".", 1)[-1])
            incremented = re.search(rf"(?<![\w$]){short}\s*(?:\+=|\+\+)|\+\+\s*{short}", text)
            if not (_ATTEMPT_NAME.match(name.rsplit(".", 1)[-1]) or incremented):
                continue
            bound = _evaluate(bound_text, resolve)
            if bound is None:
                return None
            return bound + 1 if op == ">" else bound
        return math.inf

    # -- waits --------------------------------------------------------------------------------

    def _delay(self, call: SgNode, resolve: Resolve) -> tuple[bool, float | None]:
        """Whether ``call`` waits or schedules, and for how many seconds (None: not known)."""
        name = _tail(_callee(call))
        args = _positional(call)
        if self.python and name == "sleep":
            return True, (_evaluate(args[0].text(), resolve) if args else 0.0)
        if not self.python and name in ("setTimeout", "sleep", "delay", "wait"):
            # setTimeout(fn, ms); timers/promises' setTimeout(ms); sleep(ms), delay(ms)
            arg = args[1] if name == "setTimeout" and len(args) > 1 else (args[0] if args else None)
            ms = _evaluate(arg.text(), resolve) if arg is not None else 0.0
            return True, (ms / 1000 if ms is not None else None)
        return bool(_SCHEDULES.search(name)), None

    def _loop_wait(self, body: SgNode, node: SgNode, env: dict[str, float]) -> float | None:
        """The longest wait in a loop's body, in seconds: 0 for none, None when one is not
        known."""
        resolve = self._resolver(node, env)
        delays = [self._delay(c, resolve) for c in body.find_all(kind=self.call)]
        found = [seconds for waits, seconds in delays if waits]
        if not found:
            return 0.0
        known = [s for s in found if s is not None]
        return max(known) if len(known) == len(found) else None

    def _spaced(self, batch: _Construct, attempts: list[_Construct]) -> bool:
        """Whether a collection construct waits at least ``MIN_SPACING`` between items (not
        counting the waits of the retries nested in it)."""
        nested = [a.scope for a in attempts if _inside(a.scope, batch.body)]
        resolve = self._resolver(batch.node)
        for call in batch.body.find_all(kind=self.call):
            if any(_inside(call, n) for n in nested):
                continue
            waits, seconds = self._delay(call, resolve)
            if waits and (seconds is None or seconds >= MIN_SPACING):
                return True
        return False

    # -- retry libraries ----------------------------------------------------------------------

    def _tenacity(self, call: SgNode | None) -> tuple[float | None, float | None]:
        """Attempts and first wait of tenacity (``stop=``, ``wait=``) or retrying
        (``stop_max_attempt_number=``, ``wait_fixed=`` in ms) arguments. Bare ``@retry``, or no
        ``stop``/``wait``: never stops, no wait (both libraries' defaults)."""
        if call is None:
            return math.inf, 0.0
        keywords = _keywords(call)
        if _positional(call) or not set(keywords) <= _TENACITY_KEYWORDS:
            return None, None  # some other library's @retry: not judged
        resolve = self._resolver(call)
        if any(k.startswith(("stop_max", "wait_")) for k in keywords):  # retrying
            stop = keywords.get("stop_max_attempt_number")
            attempts = _evaluate(stop.text(), resolve) if stop is not None else math.inf
            if stop is None and "stop_max_delay" in keywords:
                attempts = None
            wait: float | None = 0.0
            for key, scale in (
                ("wait_fixed", 1.0),
                ("wait_exponential_multiplier", 2.0),  # multiplier * 2 ** 1 before attempt 2
                ("wait_random_min", 1.0),
                ("wait_incrementing_start", 1.0),
            ):
                if key in keywords:
                    ms = _evaluate(keywords[key].text(), resolve)
                    wait = ms * scale / 1000 if ms is not None else None
                    break
            return attempts, wait
        stop = keywords.get("stop")
        attempts = math.inf
        if stop is not None:
            counts = [
                _evaluate(c.text(), resolve)
                for s in stop.find_all(kind=self.call)
                if _tail(_callee(s)) == "stop_after_attempt"
                for c in _positional(s)[:1]
            ]
            known = [n for n in counts if n is not None]
            attempts = min(known) if known else (math.inf if "stop_never" in stop.text() else None)
        wait_node = keywords.get("wait")
        return attempts, (0.0 if wait_node is None else self._tenacity_wait(wait_node, resolve))

    def _tenacity_wait(self, node: SgNode, resolve: Resolve) -> float | None:
        """tenacity's first wait: the sum of the ``wait_*`` strategies in ``wait=``."""
        total, found = 0.0, False
        for call in node.find_all(kind=self.call):
            name = _tail(_callee(call))
            if not name.startswith("wait_"):
                continue
            found = True

            def arg(key: str, index: int, default: float, call: SgNode = call) -> float | None:
                return _argument(call, key, index, default, resolve)

            parts: list[float | None]
            if name == "wait_fixed":
                parts = [arg("wait", 0, 0.0)]
            elif name in ("wait_none", "wait_chain", "wait_combine"):
                parts = [0.0]
            elif name == "wait_random":
                parts = [arg("min", 0, 0.0)]
            elif name == "wait_incrementing":
                parts = [arg("start", 0, 0.0)]
            elif name == "wait_exponential_jitter":
                parts = [arg("initial", 0, 1.0)]
            elif name in ("wait_exponential", "wait_random_exponential"):
                parts = [arg("multiplier", 0, 1.0), arg("min", 2, 0.0)]
            else:
                parts = [None]
            if any(p is None for p in parts):
                return None
            total += max(p for p in parts if p is not None)
        return total if found else None

    def _backoff(self, call: SgNode | None) -> tuple[float | None, float | None]:
        """``backoff.on_exception(backoff.expo, Error, max_tries=N, max_time=S, factor=F)``:
        without ``max_tries`` or ``max_time`` it never stops."""
        if call is None:
            return None, None
        keywords, args = _keywords(call), _positional(call)
        resolve = self._resolver(call)

        def number(key: str, default: float | None) -> float | None:
            return _evaluate(keywords[key].text(), resolve) if key in keywords else default

        attempts = number("max_tries", None if "max_time" in keywords else math.inf)
        generator = _tail(normalise_callee(args[0].text())) if args else ""
        wait = {"expo": "factor", "fibo": "factor", "constant": "interval"}.get(generator)
        first = number(wait, 1.0) if wait is not None else None
        max_time = number("max_time", None)
        if max_time is not None:
            first = max_time if first is None else min(first, max_time)
        return attempts, first

    def _wrapper(self, name: str, args: SgNode) -> tuple[float | None, float | None]:
        """p-retry, async-retry and promise-retry ``{retries, minTimeout, forever}`` or
        exponential-backoff ``{numOfAttempts, startingDelay}``, with the libraries' defaults
        when nothing is passed; options passed by name are not judged."""
        given = [a for a in args.named_children() if a.kind() != "comment"]
        objects = [a for a in given if a.kind() == "object"]
        functions = [a for a in given if a.kind() in ("arrow_function", "function_expression")]
        if not objects and len(given) > len(functions) + (0 if functions else 1):
            return None, None
        options = _object(objects[0]) if objects else {}
        resolve = self._resolver(args)

        def number(key: str, default: float) -> float | None:
            return _evaluate(options[key].text(), resolve) if key in options else default

        if name == "backOff":
            delay = number("startingDelay", 100.0)
            return number("numOfAttempts", 10.0), (None if delay is None else delay / 1000)
        retries = number("retries", 10.0)
        attempts = None if retries is None else retries + 1
        if "forever" in options and options["forever"].text() == "true":
            attempts = math.inf
        delay = number("minTimeout", 1000.0)
        return attempts, (None if delay is None else delay / 1000)

    # -- numbers ------------------------------------------------------------------------------

    def _assigned_in_file(self, name: str) -> str | None:
        """``_assigned(name, [self.text])``, read once per name."""
        key = (name, False)
        if key not in self.assigned:
            self.assigned[key] = _assigned(name, [self.text])
        return self.assigned[key]

    def _resolver(self, node: SgNode, env: dict[str, float] | None = None) -> Resolve:
        """Names to numbers: ``env`` (loop counters), then the last assignment before ``node``
        in its function, then the first in the file."""
        fn = self._function_of(node)
        before = self.text[fn.range().start.index : node.range().start.index] if fn else ""
        seen: set[str] = set()

        def resolve(name: str) -> float | None:
            if env and name in env:
                return env[name]
            if name in seen:
                return None
            seen.add(name)
            try:
                bound = _assigned(name, [before], last=True) or self._assigned_in_file(name)
                return _evaluate(bound, resolve) if bound is not None else None
            finally:
                seen.discard(name)

        return resolve


def _span(node: SgNode) -> tuple[int, int]:
    rng = node.range()
    return rng.start.index, rng.end.index


def _inside(node: SgNode, outer: SgNode) -> bool:
    a, b = node.range(), outer.range()
    return b.start.index <= a.start.index and a.end.index <= b.end.index


def _callee(call: SgNode) -> str:
    fn = call.field("function")
    return normalise_callee(fn.text()) if fn is not None else ""


def _tail(callee: str) -> str:
    return callee.rsplit(".", 1)[-1]


def _charges(call: SgNode, callee: str, scope: SgNode) -> bool:
    """Whether a charge call moves money: a PaymentIntent create only when confirmed."""
    callee = callee.removesuffix("_async")
    if _tail(callee) != "create" or callee.endswith(("Charge.create", "charges.create")):
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
    if _tail(callee) == "pay":
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


def _strip_parens(text: str) -> str:
    """``text`` without the parentheses around all of it (``((a < 5))`` -> ``a < 5``, but
    ``(a) && (b)`` stays)."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _closes_at_end(text):
        text = text[1:-1].strip()
    return text


def _closes_at_end(text: str) -> bool:
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return i == len(text) - 1
    return False


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


def _positional(call: SgNode) -> list[SgNode]:
    args = call.field("arguments")
    skipped = ("keyword_argument", "comment", "dictionary_splat", "list_splat")
    return [a for a in args.named_children() if a.kind() not in skipped] if args else []


def _keywords(call: SgNode) -> dict[str, SgNode]:
    args = call.field("arguments")
    out: dict[str, SgNode] = {}
    for arg in args.named_children() if args is not None else []:
        name, value = arg.field("name"), arg.field("value")
        if arg.kind() == "keyword_argument" and name is not None and value is not None:
            out[name.text()] = value
    return out


def _argument(call: SgNode, key: str, index: int, default: float, resolve: Resolve) -> float | None:
    """The number passed as keyword ``key`` or as positional argument ``index``, else
    ``default``; None when it is not a number."""
    args = _positional(call)
    got = _keywords(call).get(key) or (args[index] if len(args) > index else None)
    return _evaluate(got.text(), resolve) if got is not None else default


def _object(node: SgNode) -> dict[str, SgNode]:
    """A JavaScript object literal's properties (shorthand ones map to themselves)."""
    out: dict[str, SgNode] = {}
    for child in node.named_children():
        if child.kind() == "pair":
            key, value = child.field("key"), child.field("value")
            if key is not None and value is not None:
                out[key.text().strip("\"'`")] = value
        elif child.kind() == "shorthand_property_identifier":
            out[child.text()] = child
    return out


def _assigned(name: str, texts: list[str], *, last: bool = False) -> str | None:
    """The text of a value assigned to ``name`` on a line of its own (``NAME = 3 * DAY``,
    ``const n: number = 5;``), from the first of ``texts`` that assigns it: its first
    assignment, or with ``last`` its last."""
    pattern = re.compile(
        rf"(?m)^[ \t]*(?:export[ \t]+)?(?:(?:const|let|var)[ \t]+)?{re.escape(name)}"
        r"[ \t]*(?::[^=\n]+)?=(?!=)[ \t]*([^\n;#]+?)[ \t]*;?[ \t]*(?:(?:#|//).*)?$"
    )
    for text in texts:
        found: list[str] = pattern.findall(text)
        if found:
            return found[-1] if last else found[0]
    return None


def _evaluate(text: str, resolve: Resolve) -> float | None:
    """A number from a literal expression: numbers, ``+ - * / // % **``, names ``resolve``
    knows, ``timedelta(...)`` (in seconds) and its ``.total_seconds()``, ``Math.pow``,
    ``min``/``max``/``int``/``round``. None for anything else."""
    try:
        tree = ast.parse(text.strip().replace("Math.", ""), mode="eval")
        return _value(tree.body, resolve)
    except (SyntaxError, ValueError, TypeError, ArithmeticError, MemoryError, RecursionError):
        return None


def _value(node: ast.expr, resolve: Resolve) -> float | None:
    if isinstance(node, ast.Constant):
        value = node.value
        return float(value) if isinstance(value, int | float) and type(value) is not bool else None
    if isinstance(node, ast.Name):
        return resolve(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        got = _value(node.operand, resolve)
        return None if got is None else (-got if isinstance(node.op, ast.USub) else got)
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, resolve), _value(node.right, resolve)
        return None if left is None or right is None else _binary(node.op, left, right)
    if isinstance(node, ast.Call):
        return _call_value(node, resolve)
    return None


def _binary(op: ast.operator, left: float, right: float) -> float | None:
    if isinstance(op, ast.Add):
        return left + right
    if isinstance(op, ast.Sub):
        return left - right
    if isinstance(op, ast.Mult):
        return left * right
    if isinstance(op, ast.Div):
        return left / right
    if isinstance(op, ast.FloorDiv):
        return float(left // right)
    if isinstance(op, ast.Mod):
        return left % right
    if isinstance(op, ast.Pow) and abs(right) <= 64 and abs(left) <= 1e6:
        return float(left**right)
    return None


def _call_value(node: ast.Call, resolve: Resolve) -> float | None:
    fn = node.func
    name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
    if name == "total_seconds" and isinstance(fn, ast.Attribute) and not node.args:
        return _value(fn.value, resolve) if isinstance(fn.value, ast.Call) else None
    if name == "timedelta":
        parts = [*zip(("days", "seconds"), node.args, strict=False)]  # timedelta(days, seconds)
        parts += [(kw.arg or "", kw.value) for kw in node.keywords]
        total = 0.0
        for unit, arg in parts:
            got = _value(arg, resolve)
            if got is None or unit not in _TIMEDELTA:
                return None
            total += got * _TIMEDELTA[unit]
        return total
    if name not in ("pow", "min", "max", "int", "round") or node.keywords or not node.args:
        return None
    values = [_value(a, resolve) for a in node.args]
    nums = [v for v in values if v is not None]
    if len(nums) != len(values):
        return None
    if name == "pow":
        return _binary(ast.Pow(), nums[0], nums[1]) if len(nums) == 2 else None
    if name in ("min", "max"):
        return min(nums) if name == "min" else max(nums)
    return float(int(nums[0])) if len(nums) == 1 else None

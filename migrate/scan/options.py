"""Stripe request options on a scanned call: what each becomes on Dodo, as a finding.

The SDKs take per-request options beside the params: Python keywords (``stripe_account=``,
``idempotency_key=``, ``api_key=``, ``stripe_version=``, ``stripe_context=``), a second object
in Node (``{ stripeAccount, idempotencyKey, apiKey, apiVersion, stripeContext }``), a second
hash or trailing keywords in Ruby, a second array in PHP, Go's setters and embedded
``stripe.Params`` (found by its params reader: ``Extracted.options``), a ``RequestOptions``
after the params in Java, Kotlin and C# (inline, or a variable of the same function). The
params readers leave them out (they are not params); here each one gets its finding
(mappings/code.yaml), so none is dropped silently: a connected account blocks the call
(X017: Dodo has none), an idempotency key is a warning (X018; a blocker on a call that charges
at once: a retry may charge twice), the platform's own key or an API version is info (X019),
a tenant's own key a blocker (X029, judged in ``migrate/scan/tenant_keys.py``).

Options passed as a value are followed as params are: a name bound in the function (every
binding above the call, and ``opts["k"] = v`` after it), a choice (``key ? { idempotencyKey:
key } : undefined``: the options of each branch), a merge (``array_merge``, ``Object.assign``,
``.merge``, spreads); ``null``/``undefined``/``None``/``nil`` passes none. Options that cannot
be read (a parameter, an object's field such as ``$this->connect_auth``, a call's result) are
X022: not carried, a blocker when they may hold a connected account or the call charges at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
from migrate.mapping.cart import Translation
from migrate.mapping.trace import short
from migrate.scan.extract import (
    RUN_TIME_OPTIONS,
    Extractor,
    file_cache,
    is_dynamic,
    option_source,
    quoted,
    start,
    text,
)
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.site import related_finding
from migrate.scan.tenant_keys import TENANT, bound_values

CODES: Final = {
    "stripe_account": "X017",
    "stripe_context": "X017",
    "idempotency_key": "X018",
    "api_key": "X019",
    "stripe_version": "X019",
    "api_version": "X019",  # Node's spelling of the API version
}
"""A request option (in Python's spelling) and its finding."""
RUN_TIME: Final = RUN_TIME_OPTIONS
"""The name a reader gives request options it cannot read (their source comes second): X022."""
RUN_TIME_CODE: Final = "X022"
CALLBACK: Final = "<callback>"
"""The name a Node reader gives the callback after the params (and options): RT038."""
CALLBACK_CODE: Final = "RT038"
_CALLBACKS: Final = frozenset({"function", "function_expression", "arrow_function"})
TENANT_CODE: Final = "X029"
"""A call made with a tenant's own key (``migrate/scan/tenant_keys.py``)."""
HEADERS: Final = {
    "stripe-account": "stripe_account",
    "stripe-context": "stripe_context",
    "idempotency-key": "idempotency_key",
    "stripe-version": "stripe_version",
}
"""The request options Stripe's API takes as headers (lower case), by the option each is: a
raw request's headers (``migrate/scan/http_site.py``) and an SDK call's ``headers`` (Python's
``headers={"Stripe-Account": acct}``, StripeClient's ``options={"headers": {...}}``)."""
_CAMEL: Final = re.compile(r"(?<!^)([A-Z])")
_CONNECT_IN_FILE: Final = re.compile(r"stripe_?account|stripe_?context|stripe-account", re.I)
"""A trace of Stripe Connect in a file (an option, a header, a saved account id)."""
_CONNECT_IN_SOURCE: Final = re.compile(r"account|connect|context", re.I)


_RETRIED: Final = {
    "on_demand_charge": ("a second charge", Level.BLOCKER),
    "upsell": ("a second charge", Level.BLOCKER),
    "change_plan": ("the plan change again", Level.WARNING),
    "saved_method_subscription": ("a second subscription on the saved method", Level.BLOCKER),
    "subscription_patch": ("the same update again (it sets the same value)", Level.INFO),
    "usage_event": (
        "the usage event again, counted once only when it carries the same `event_id` (send"
        " this key as the event's `event_id`)",
        Level.WARNING,
    ),
}
"""What a retry of a Dodo call without its idempotency key makes (X018), and how bad that is;
a checkout session otherwise (it charges nothing until the buyer completes it)."""
_SESSION: Final = ("a second checkout session (it charges nothing until completed)", Level.WARNING)


def option_pairs(
    call: SgNode,
    family: str,
    found_in_params: tuple[tuple[str, str], ...] = (),
    *,
    extractor: Extractor | None = None,
    at: int = 1,
) -> list[tuple[str, str]]:
    """The request options ``call`` passes, read (:func:`request_option_findings` says what
    each becomes): ``(name as written, source)``, ``(RUN_TIME, source)`` for options that cannot
    be read. A wrapper keeps them: its callers' sites carry them (``wrapper_options.py``)."""
    reader = {
        "python": _python,
        "node": _node,
        "ruby": _ruby,
        "php": _php,
        "java": _request_options,
        "kotlin": _request_options,
        "csharp": _request_options,
    }.get(family)
    reading = _Reading(family, extractor, at)
    return _known([*found_in_params, *(reader(call, reading) if reader is not None else [])])


def value_options(node: SgNode, family: str, extractor: Extractor | None) -> list[tuple[str, str]]:
    """The request options a value holds when it is passed as the options (a caller's
    argument bound to a wrapper's options parameter), read as a direct call's are."""
    if family in ("java", "kotlin", "csharp"):
        return _known(_request_option_value(node, node, chosen=True))
    if family not in ("python", "node", "ruby", "php"):
        return [(RUN_TIME, node.text())]
    return _known(_Reading(family, extractor, 1).value(node))


def _known(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The request options among what a reader met (Python's keywords hold the params too; a
    header is named by its option, another header is none)."""
    named = [(HEADERS.get(name.lower(), name), source) for name, source in found]
    return [
        pair
        for pair in named
        if pair[0] in (RUN_TIME, CALLBACK)
        or pair[0].startswith(TENANT)
        or _option_name(pair[0]) in CODES
    ]


def _option_name(written: str) -> str:
    """An option's name in Python's spelling (``stripeAccount``: ``stripe_account``)."""
    return _CAMEL.sub(r"_\1", written).lower()


def tenant_marked(
    found: Iterable[tuple[str, str]], judge: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """Request options with each per-request key that is a tenant's marked ``TENANT`` (a
    wrapper's callers carry the verdict made in the wrapper's own terms)."""
    return [
        (f"{TENANT}{name}", source)
        if _option_name(name) == "api_key" and judge(source)
        else (name, source)
        for name, source in found
    ]


def connect_in(text: str) -> bool:
    """Whether a file's text shows a trace of Stripe Connect (an option, a header, a saved
    account id): its options that cannot be read may hold a connected account."""
    return _CONNECT_IN_FILE.search(text) is not None


def connect_in_file(node: SgNode) -> bool:
    """:func:`connect_in` of the file ``node`` is in (read once per file)."""
    cache = file_cache(node)
    found: bool | None = cache.get("connect-in")
    if found is None:
        found = cache["connect-in"] = connect_in(node.get_root().root().text())
    return found


_INTERPOLATED: Final = re.compile(r"\$\{|#\{|\$[A-Za-z_{]")
"""Inside a quoted string, a value put in (JavaScript's template, Ruby's, PHP's): not a literal."""
_STRIPE_STRING: Final = re.compile(r"^stripe\.String\((?P<inner>.+)\)$", re.S)
"""stripe-go's pointer to a string (``stripe.String(key)``): its value is the argument."""
KEYED: Final = "UE014"
"""The usage event whose ``event_id`` is the call's idempotency key (mappings/usage_events.yaml)."""


def idempotency_meta(found: Iterable[tuple[str, str]]) -> dict[str, str]:
    """What the translator is told of the idempotency key among request options (``(name as
    written, source)``): ``idempotency_key`` for a literal, ``idempotency_key_source`` for
    the code that computes it; nothing when none is passed. A usage event takes it as its
    ``event_id`` (UE014)."""
    for written, given in found:
        if written == RUN_TIME or _option_name(written.removeprefix(TENANT)) != "idempotency_key":
            continue
        inner = _STRIPE_STRING.match(given.strip())
        source = inner["inner"].strip() if inner else given.strip()
        literal = quoted(source)
        if literal is not None and not _INTERPOLATED.search(literal):
            return {"idempotency_key": literal} if literal else {}
        if _MAYBE_NONE.search(source):  # `key if retry else None`: no id on some runs
            return {}
        return {"idempotency_key_source": source} if source else {}
    return {}


_MAYBE_NONE: Final = re.compile(r"\b(?:None|null|nil|undefined)\b|''|\"\"")
"""A key computed as nothing on some runs (a choice with None, ``key ?? null``): no event id a
Dodo usage event can take (it requires one), so the event's id stays to write (UE102)."""


def keyed(translation: Translation) -> bool:
    """Whether ``translation`` carries the call's idempotency key (UE014)."""
    return any(f.code == KEYED for f in translation.findings)


def request_option_findings(
    found: Iterable[tuple[str, str]],
    kind: str | None = None,
    text: str = "",
    *,
    connect: bool = False,
    judge: Callable[[str], bool] | None = None,
    keyed: bool = False,
) -> tuple[Finding, ...]:
    """The findings of request options already read: ``(name as written, source)`` each,
    ``(RUN_TIME, source)`` for options that cannot be read (also those a wrapper's caller
    passes into its ``**kwargs``: ``migrate/scan/wrappers.py``). An API key written in the
    code is never shown, whatever its shape (no output filter knows every key's); ``text``:
    the file's (a trace of Connect in it, or ``connect``: in a wrapper's file, makes options
    that cannot be read a blocker); ``judge``: whether a key's source is a tenant's (then
    X029, not X019: ``migrate/scan/tenant_keys.py``; ``TENANT`` pairs were judged so);
    ``keyed``: the Dodo call carries the idempotency key (a usage event's ``event_id``, UE014
    says so), which is then no X018."""
    out: list[Finding] = []
    for marked, source in dict.fromkeys(found):  # a name two branches set: once
        if marked == RUN_TIME:
            out.append(_run_time(source, kind, text, connect=connect))
            continue
        if marked == CALLBACK:
            out.append(related_finding(CALLBACK_CODE, source=short(source))._replace(path=""))
            continue
        tenant = marked.startswith(TENANT)
        written = marked.removeprefix(TENANT)  # (TENANT + what holds the key)
        name = _option_name(written)
        code = CODES.get(name)
        if (tenant or name == "api_key") and (judge(source) if judge else tenant):
            out.append(_tenant_key(written, source))
            continue
        if code == "X018" and keyed:
            continue
        if name == "api_key" and _chosen_key(source, text):
            shown = _shown_key(source)
            out.append(
                related_finding(CHOSEN_KEY, option=written, source=shown)._replace(path=written)
            )
            continue
        if code is not None:
            effect, level = _RETRIED.get(kind or "", _SESSION)
            shown = _shown_key(source) if name == "api_key" else short(source)
            finding = related_finding(code, option=written, source=shown, effect=effect)
            if code == "X018":
                finding = finding._replace(level=level)
            out.append(finding._replace(path=written))
    return tuple(out)


CHOSEN_KEY: Final = "X038"
"""A per-call key chosen among several of the platform's Stripe accounts."""
_RUN_TIME_PICK: Final = re.compile(r"\?|\bif\b|\belse\b|\bswitch\b|\bmatch\b|\[\s*[^\s'\"\]:]")
"""A key expression that chooses: a conditional, or a look-up by a key known only at run time
(``KEYS[currency]``; ``KEYS["USD"]`` names one)."""


def _chosen_key(source: str, text: str) -> bool:
    """Whether an API key's ``source`` picks one of several keys at run time: itself a choice or
    a run-time look-up, or a name the file (``text``) binds more than once or to such a
    value (``if currency == "usd": api_key = ... else: api_key = ...``)."""
    flat = source.strip()
    if _RUN_TIME_PICK.search(flat):
        return True
    if not re.fullmatch(r"[$@]?[A-Za-z_]\w*", flat):
        return False
    values = bound_values(text, flat)
    return len(set(values)) > 1 or any(_RUN_TIME_PICK.search(v) for v in values)


def _tenant_key(held: str, source: str) -> Finding:
    """X029: the call is made with a tenant's key, held by ``held`` (a request option's name
    as written, or what else holds it: the client, the global key)."""
    option = " " not in held
    what = f"`{held}`" if option else held
    finding = related_finding(TENANT_CODE, what=what, source=_shown_key(source))
    return finding._replace(path=held if option else "")


def _shown_key(source: str) -> str:
    """How a key's source is shown: never a key written in the code, whatever its shape."""
    hidden = _LITERAL.match(source) or _KEY_PREFIX.search(source)
    if hidden or any(_key_like(m.group(1)) for m in _QUOTED.finditer(source)):
        return _HIDDEN_KEY
    return short(source)


def _key_like(text: str) -> bool:
    """Whether a string literal may be a key (long, of mixed case and digits: not an
    environment variable's name such as ``STRIPE_SECRET_KEY``, nor a config path)."""
    return (
        len(text) >= 16
        and re.search(r"[a-z]", text) is not None
        and re.search(r"[A-Z0-9]", text) is not None
        and re.fullmatch(r"[a-z0-9_.:-]+|[A-Z0-9_.:-]+", text) is None
    )


_KEY_PREFIX: Final = re.compile(r"\b[sr]k_(?:live|test)_")
_QUOTED: Final = re.compile(r"[\"'`]([^\"'`]*)[\"'`]")
_LITERAL: Final = re.compile(r"\s*[A-Za-z]{0,2}[\"'`]")
"""A source that starts with a string literal (``"sk_..."``, ``f"..."``, ``'...' + x``)."""
_HIDDEN_KEY: Final = "a key written in the code, not shown"
"""What an API key written in the code is shown as: never its text, whatever its shape."""


def _run_time(source: str, kind: str | None, text: str, *, connect: bool = False) -> Finding:
    """X022: request options computed at run time, which the Dodo call does not carry. A
    blocker when they may hold a connected account (their source or the file shows a trace of
    Connect: the payment would land in the platform's own balance) or the call charges at
    once (an idempotency key they hold would be lost: a retry may charge twice)."""
    if connect or _CONNECT_IN_SOURCE.search(source) or _CONNECT_IN_FILE.search(text):
        risk = (
            "they may hold a connected account (`stripe_account`), which Dodo does not have: "
            "the Dodo call would take the payment into your own business"
        )
        level = Level.BLOCKER
    elif _RETRIED.get(kind or "", _SESSION)[1] is Level.BLOCKER:
        risk = (
            "they may hold an idempotency key, which Dodo's API does not take: a retried "
            f"call makes {_RETRIED[kind or ''][0]}"
        )
        level = Level.BLOCKER
    else:
        risk = (
            "an idempotency key they hold is lost (a retry makes a second checkout session), "
            "and a connected account in them would make the call on your own business"
        )
        level = Level.WARNING
    finding = related_finding(RUN_TIME_CODE, source=short(source), risk=risk)
    return finding._replace(level=level)


class _Reading:
    """How options passed as a value are read in one language: its extractor's bindings, the
    index of the options argument."""

    def __init__(self, family: str, extractor: Extractor | None, at: int) -> None:
        self.family = family
        self.extractor = extractor
        self.at = at
        self.depth = 0

    def value(self, node: SgNode) -> list[tuple[str, str]]:
        """The options a value holds: ``(name, source)``, ``(RUN_TIME, source)`` for a part
        that cannot be read."""
        node = self._unwrap(node)
        kind, text = node.kind(), node.text().strip()
        if kind in _NOTHING or text in _NOTHING:
            return []
        if self.depth > _MAX_DEPTH:
            return [(RUN_TIME, text)]
        self.depth += 1
        try:
            return self._value(node, kind, text)
        finally:
            self.depth -= 1

    def _value(self, node: SgNode, kind: str, text: str) -> list[tuple[str, str]]:
        if kind in _MAPS:
            return self._members(node.children())
        if kind in _PAIRS:  # one bare pair (Ruby's a.merge(idempotency_key: k))
            return self._members([node])
        if kind in _CHOICES:
            return [pair for branch in _branches(node) for pair in self.value(branch)]
        if kind == "call" and self.family == "python" and text.startswith("dict("):
            return self._members((node.field("arguments") or node).children())
        merged = _merged(node, self.family)
        if merged is not None:
            return [pair for part in merged for pair in self.value(part)]
        ex = self.extractor
        if ex is not None and kind in ex.name_kinds:
            return self._name(node, ex)
        return [(RUN_TIME, text)]

    def _members(self, members: Iterable[SgNode]) -> list[tuple[str, str]]:
        """The options in a map literal's members (pairs, shorthands, spreads)."""
        out: list[tuple[str, str]] = []
        for member in members:
            kind = member.kind()
            if kind == "shorthand_property_identifier":
                out.append((member.text(), member.text()))
            elif kind in _SPREADS:
                inner = [c for c in member.named_children() if not is_comment(c)]
                out.extend(pair for c in inner[:1] for pair in self.value(c))
            elif kind in _PAIRS:
                named = [c for c in member.named_children() if not is_comment(c)]
                if len(named) == 1 and named[0].kind() in _SPREADS:  # PHP's ...$x
                    out.extend(self._members(named))
                elif len(named) == 2 and _HEADERS_KEY.fullmatch(named[0].text()):
                    out.extend(self.value(named[1]))  # {"headers": {"Stripe-Account": a}}
                elif len(named) == 2:
                    out.append((named[0].text().strip(":'\"`$"), named[1].text()))
                elif len(named) == 1 and named[0].kind() == "hash_key_symbol":  # Ruby 3.1's x:
                    out.append((named[0].text(), named[0].text()))
        return out

    def _name(self, name: SgNode, ex: Extractor) -> list[tuple[str, str]]:
        """Every binding of ``name`` above it in its function (or an outer scope), with the
        keys set on it before the call: a parameter or a name bound nowhere cannot be read."""
        scope, use, word = ex.scope(name), start(name), name.text()
        while True:
            bound = [b for b in ex.bindings(scope, word) if b[2] <= use]
            if bound:
                break
            if scope.kind() not in ex.functions or ex.is_parameter(scope, word):
                return [(RUN_TIME, word)]
            scope = ex.scope(scope)
        out: list[tuple[str, str]] = []
        for _, value, end in bound:
            out.extend(self.value(value))
            for key, assigned in ex.key_assignments(scope, word, end, use):
                out.append((key.strip(":'\"$"), assigned.text()))
        seen = {written for written, _ in out}
        return out + [pair for pair in _followed(name, ex) if pair[0] not in seen]

    def _unwrap(self, node: SgNode) -> SgNode:
        while True:
            if self.extractor is not None:
                node = self.extractor.unwrap(node)
            inner = [c for c in node.named_children() if not is_comment(c)]
            if node.kind() not in _WRAPPERS or len(inner) != 1:
                return node
            node = inner[0]


def _followed(name: SgNode, ex: Extractor) -> list[tuple[str, str]]:
    """The keys the language's params follower finds in the map ``name`` holds at its use,
    with the changes it knows and the walk above does not (``$opts['k'] = v``, ``$opts +=
    [...]``, ``opts.update(...)``, ``opts.merge!(...)``); nothing when it is no map known from
    the code. The follower's records of the call are left as they were."""
    kept = len(ex.dynamic), len(ex.hidden), len(ex.options)
    try:
        got = ex.value(name, "", record=False)
    finally:
        del ex.dynamic[kept[0] :], ex.hidden[kept[1] :], ex.options[kept[2] :]
    if type(got) is not dict or is_dynamic(got):
        return []
    return [(str(key), option_source(value)) for key, value in got.items()]


_HEADERS_KEY: Final = re.compile(r"""[:'"`]?headers['"`]?:?""")
"""The key of the headers an SDK's request options send (``"headers"``, ``headers:``)."""
_MAX_DEPTH: Final = 8
_NOTHING: Final = frozenset(
    {"null", "undefined", "none", "nil", "None", "null_literal", "NULL", "{}", "[]"}
)
"""No request options: the kinds and texts of ``null``, ``undefined``, ``None``, ``nil``, an
empty map."""
_MAPS: Final = frozenset({"object", "array_creation_expression", "hash", "dictionary"})
_PAIRS: Final = frozenset({"pair", "array_element_initializer", "keyword_argument"})
_SPREADS: Final = frozenset(
    {"spread_element", "variadic_unpacking", "hash_splat_argument", "dictionary_splat"}
)
_CHOICES: Final = frozenset({"ternary_expression", "conditional_expression", "conditional"})
_WRAPPERS: Final = frozenset(
    {"parenthesized_expression", "await_expression", "await", "as_expression"}
)


def _branches(node: SgNode) -> list[SgNode]:
    """The values a choice may take (PHP's ``a ?: b``: ``a`` or ``b``; Python's ``a if c else
    b``: the first and last)."""
    if node.kind() == "conditional_expression" and node.field("alternative") is None:
        named = [c for c in node.named_children() if not is_comment(c)]
        return [named[0], named[-1]] if len(named) == 3 else named  # Python
    then = node.field("consequence") or node.field("body")
    if then is None:  # PHP's a ?: b
        then = node.field("condition")
    return [n for n in (then, node.field("alternative")) if n is not None]


_MERGES: Final = {
    "php": re.compile(r"^\\?array_(?:merge|replace)(?:_recursive)?$"),
    "node": re.compile(r"^Object\.assign$"),
}


def _merged(node: SgNode, family: str) -> list[SgNode] | None:
    """The parts of a merge of maps (``array_merge($a, $b)``, ``$a + $b``, ``Object.assign({},
    a, b)``, Ruby's ``a.merge(b)``), None for anything else."""
    kind = node.kind()
    if kind == "binary_expression" and family == "php":
        left, op, right = node.field("left"), node.field("operator"), node.field("right")
        if left is not None and right is not None and (op is None or op.text() == "+"):
            return [left, right]
        return None
    if (
        family == "ruby"
        and kind == "call"
        and (node.field("method") or node).text()
        in (
            "merge",
            "merge!",
            "reverse_merge",
        )
    ):
        receiver, args = node.field("receiver"), node.field("arguments")
        parts = [receiver] if receiver is not None else []
        return parts + ([c for c in args.named_children()] if args is not None else [])
    pattern = _MERGES.get(family)
    callee = node.field("function") or node.field("name")
    args = node.field("arguments")
    if pattern is None or callee is None or args is None or not pattern.match(callee.text()):
        return None
    out: list[SgNode] = []
    for arg in args.named_children():
        inner = arg.named_children() if arg.kind() == "argument" else [arg]
        out.extend(c for c in inner if not is_comment(c))
    return out


def _given(call: SgNode) -> list[SgNode]:
    args = call.field("arguments")
    if args is None:
        return []
    return [c for c in args.children() if c.is_named() and not is_comment(c)]


def _python(call: SgNode, reading: _Reading) -> list[tuple[str, str]]:
    """Python: keywords (``stripe_account=acct``), StripeClient's ``options=`` (or its
    positional second argument)."""
    out = []
    positional = 0
    for child in _given(call):
        if child.kind() != "keyword_argument":
            if child.kind() not in ("list_splat", "dictionary_splat"):
                if positional == reading.at:
                    out.extend(reading.value(child))
                positional += 1
            continue
        name, value = child.field("name"), child.field("value")
        if name is None or value is None:
            continue
        if name.text() in ("options", "headers"):  # headers: Stripe-Account and the like
            out.extend(reading.value(value))
        else:
            out.append((name.text(), value.text()))
    return out


def _node(call: SgNode, reading: _Reading) -> list[tuple[str, str]]:
    """Node: the object after the params (``create({...}, { stripeAccount })``), or a value;
    a function last is stripe-node's callback (``create({...}, opts, function (err, s) {})``),
    no options: :data:`CALLBACK`."""
    given = _given(call)
    out: list[tuple[str, str]] = []
    if len(given) > reading.at and _callback(given[-1]):
        out.append((CALLBACK, given[-1].text()))
        given = given[:-1]
    return out + (reading.value(given[reading.at]) if len(given) > reading.at else [])


_CALLBACK_NAME: Final = re.compile(r"^(?:cb|callback|done|\w+Callback|on[A-Z]\w*)$")
"""A name only a callback is given (``cb``, ``done``, ``sessionCallback``, ``onSession``)."""


def _callback(node: SgNode) -> bool:
    """Whether an argument is a function: written there, named as callbacks are, or a name
    the file binds to one (``function onSession(err, session) {...}``, ``const done = (err, s)
    => ...``)."""
    if node.kind() in _CALLBACKS:
        return True
    if node.kind() != "identifier":
        return False
    name = node.text()
    if _CALLBACK_NAME.match(name):
        return True
    root = node.get_root().root()
    if any(text(f.field("name")) == name for f in of_kind(root, "function_declaration")):
        return True
    return any(
        text(d.field("name")) == name and (d.field("value") or d).kind() in _CALLBACKS
        for d in of_kind(root, "variable_declarator")
    )


def _ruby(call: SgNode, reading: _Reading) -> list[tuple[str, str]]:
    """Ruby: a second hash (``create({...}, {stripe_account: x})``), a value in its place
    (``create(params, opts)``), or trailing keywords (``create({...}, stripe_account: x)``,
    ``create(mode: ..., stripe_account: x)``), spread ones too (``create(params,
    **opts)``: the bare run is the options hash, ``opts`` read as a value). A readable
    spread in the params' own run is read with the params (``RubyExtractor.params``)."""
    given = [c for c in _given(call) if c.kind() not in ("block_argument", "block", "do_block")]
    out = []
    for pair in (c for c in given if c.kind() == "pair"):
        named = [c for c in pair.children() if c.is_named()]
        if len(named) == 2:
            out.append((named[0].text().strip(":'\""), named[1].text()))
        elif len(named) == 1 and named[0].kind() == "hash_key_symbol":  # stripe_account: (3.1)
            out.append((named[0].text(), named[0].text()))
    groups: list[SgNode | list[SgNode]] = []  # each bare run of pairs and splats is one hash
    for arg in given:
        bare = arg.kind() in ("pair", "hash_splat_argument")
        last = groups[-1] if groups else None
        if bare and isinstance(last, list):
            last.append(arg)
        else:
            groups.append([arg] if bare else arg)
    chosen = groups[reading.at] if len(groups) > reading.at else None
    if isinstance(chosen, list):
        spread = [c for s in chosen if s.kind() == "hash_splat_argument" for c in _named(s)[:1]]
        return out + [pair for s in spread for pair in reading.value(s)]
    return out + (reading.value(chosen) if chosen is not None else [])


def _named(node: SgNode) -> list[SgNode]:
    return [c for c in node.named_children() if not is_comment(c)]


def _php(call: SgNode, reading: _Reading) -> list[tuple[str, str]]:
    """PHP: a second array argument (``create([...], ['stripe_account' => $x])``), or a value
    in its place (``$opts``, ``array_merge(...)``, ``$this->connect_auth``)."""
    given = [c for c in _given(call) if c.kind() == "argument"]
    if len(given) <= reading.at:
        return []
    inner = [c for c in given[reading.at].named_children() if not is_comment(c)]
    if len(inner) != 1 or inner[0].kind() == "name":  # a named argument: not the options
        return []
    return reading.value(inner[0])


_SETTER: Final = re.compile(
    r"\b(?:set)?(StripeAccount|StripeContext|IdempotencyKey|ApiKey|StripeVersion)\b\s*"
    r"(?:\(\s*|=\s*)([^,;)}\n]*)",
    re.IGNORECASE,
)
_FUNCTIONS: Final = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "lambda_expression",
        "function_declaration",
        "local_function_statement",
        "anonymous_function",
        "function_literal",
    }
)


def _request_options(call: SgNode, reading: _Reading) -> list[tuple[str, str]]:
    """Java, Kotlin and C#: a ``RequestOptions`` argument after the params, built inline
    (``RequestOptions.builder().setStripeAccount(acct).build()``, ``new RequestOptions {
    StripeAccount = acct }``) or in a variable of the same function (with C#'s
    ``ro.StripeAccount = acct`` after it). Another value in its place (a parameter, a field, a
    call's result) cannot be read."""
    args = call.field("arguments") or next(
        (c for c in call.children() if c.kind() in ("value_arguments", "call_suffix")), None
    )
    if args is None:
        return []
    given = [c for c in _argument_nodes(args) if not is_comment(c)]
    out: list[tuple[str, str]] = []
    for index, arg in enumerate(given[1:], start=1):
        out.extend(_request_option_value(arg, call, chosen=index == reading.at))
    return out


def _request_option_value(arg: SgNode, call: SgNode, *, chosen: bool) -> list[tuple[str, str]]:
    """The options one argument of ``call`` sets (``chosen``: it is in the options' place, so
    another value there is options that cannot be read)."""
    out: list[tuple[str, str]] = []
    text = arg.text().strip()
    named = _NAMED.match(text)
    if named is not None:
        text = named.group(2).strip()
        chosen = named.group(1).lower() == "requestoptions"
    if _IDENT.fullmatch(text) and text != "null":  # a variable: its value in the function
        scope = next((up for up in call.ancestors() if up.kind() in _FUNCTIONS), None)
        body = scope.text() if scope is not None else ""
        word = re.escape(text)
        bound = re.search(rf"\b{word}\s*(?::\s*[\w.<>?]+\s*)?=(?!=)\s*([^;]+)", body)
        if chosen and (bound is None or "RequestOptions" not in bound.group(1)):
            out.append((RUN_TIME, bound.group(1).split("\n")[0].strip() if bound else text))
        for m in re.finditer(rf"\b{word}\s*\.\s*({_OPTION_NAMES})\s*=(?!=)\s*([^;]+)", body):
            out.append((m.group(1)[0].lower() + m.group(1)[1:], m.group(2).strip()))
        text = bound.group(1) if bound else ""
    elif chosen and text != "null" and "RequestOptions" not in text:
        out.append((RUN_TIME, text))
    for m in _SETTER.finditer(text):
        name = m.group(1)[0].lower() + m.group(1)[1:]
        value = m.group(2)
        if "(" in text[m.end(1) : m.start(2)]:
            value = _argument_at(text, m.start(2))  # a setter's whole argument
        out.append((name, value.strip()))
    return out


_NAMED: Final = re.compile(r"^([A-Za-z_]\w*)\s*(?::|=(?!=))\s*(.+)$", re.S)
"""A named argument: C#'s ``requestOptions: ro``, Kotlin's ``options = ro``."""
_IDENT: Final = re.compile(r"[A-Za-z_]\w*")
_OPTION_NAMES: Final = "StripeAccount|StripeContext|IdempotencyKey|ApiKey|StripeVersion"


def _argument_at(text: str, start: int) -> str:
    """The argument that starts at ``start`` and ends at the ``)`` closing its call."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return text[start:i]
            depth -= 1
    return text[start:]


def _argument_nodes(args: SgNode) -> list[SgNode]:
    """The arguments in an argument list (Kotlin wraps each in a ``value_argument``, C# in an
    ``argument``)."""
    out = []
    for child in args.children():
        if not child.is_named():
            continue
        if child.kind() in ("value_arguments",):
            out.extend(_argument_nodes(child))
        else:
            out.append(child)
    return out


__all__ = [
    "CODES",
    "HEADERS",
    "connect_in",
    "connect_in_file",
    "idempotency_meta",
    "keyed",
    "option_pairs",
    "request_option_findings",
    "tenant_marked",
    "value_options",
]

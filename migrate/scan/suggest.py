"""The Dodo call that replaces a Stripe one, in the same language.

Python and Node use Dodo's official SDK (``dodopayments``: ``client.checkout_sessions.create``
and ``client.checkoutSessions.create``). Every other family gets a plain HTTP request to
``POST /checkouts`` (or the call's own path: ``/subscriptions/{id}/charge``, ``/change-plan``,
``/change-plan/preview``, reading what that call answers) in that language's standard (or most
common) HTTP client: the body as JSON,
the API key from ``DODO_PAYMENTS_API_KEY`` as a bearer token, and the base URL from
``DODO_PAYMENTS_BASE_URL``, defaulting to test mode (the SDKs read the same two variables).

A run-time value the translator carried into the body (an ``Expr``: ``migrate/mapping/expr.py``) is
written as code in the file's language where the Dodo field takes it (suggest_values.py,
suggest_langs.py): its source expression through what the field does to it (the id-map look-up
``dodo_product_id(price_id)``, an upper-cased currency), a choice as the language's conditional,
a list mapped over a run-time collection as the language's map; a required value the Stripe call
does not give is a name defined nowhere (``TODO_product_price``), so the code cannot compile or run
silently. In the SDK calls the values are arguments; in an HTTP request the body's JSON holds
``null`` there and the code sets them after parsing (Java and shell, which send JSON text, splice
them into it). The suggestion notes what it needs imported: the Dodo client and the id-map
look-ups (the module ``stripe2dodo`` generates from the ledger).

Run-time values neither carried nor reported by a finding (the translator's word on what is lost)
are listed first as comments, to wire in by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, Final

from migrate.findings import Finding
from migrate.mapping.expr import Expr, exprs_in, spliced
from migrate.mapping.table import load_table
from migrate.scan.call_frame import ANYWHERE, CallFrame
from migrate.scan.extract import Dynamic
from migrate.scan.suggest_http import (
    ENDPOINT,
    KOTLIN_JSON,
    LOOKUP_IMPORTS,
    PATH_PARAM,
    http_call,
    indent,
    java_json_helper,
)
from migrate.scan.suggest_langs import CODE, PY_ELEMENTS, code_for, expression, with_method
from migrate.scan.suggest_unset import conditional_metadata
from migrate.scan.suggest_values import LOOKUPS, lookups_used, ops_used
from migrate.scan.wrapper_once import Once, read_in
from migrate.scan.wrapper_statements import before_call

__all__ = [
    "ENDPOINT",
    "expression",
    "imports",
    "python_imports",
    "python_needs",
    "sdk_call",
    "suggestion",
]

_PY_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LINE_BREAK: Final = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")

_COMMENT: Final = {
    "python": "#",
    "node": "//",
    "ruby": "#",
    "php": "//",
    "go": "//",
    "java": "//",
    "kotlin": "//",
    "csharp": "//",
    "shell": "#",
}


def suggestion(
    family: str,
    body: dict[str, Any] | None,
    dynamic: tuple[Dynamic, ...],
    *,
    path: str = ENDPOINT,
    fallback: dict[str, Any] | None = None,
    findings: Iterable[Finding] = (),
    typescript: bool = False,
    ident: Expr | None = None,
    handled: Iterable[str] = (),
    frame: CallFrame = ANYWHERE,
    once: tuple[Once, ...] = (),
    before: tuple[tuple[str, str], ...] = (),
) -> str:
    """The Dodo call that replaces the Stripe one, in ``family``'s language: the SDK call for
    ``python`` and ``node`` (TypeScript when ``typescript``); an HTTP request to ``POST {path}``
    (``/checkouts`` by default) for ``ruby``, ``php``, ``go``, ``java``, ``csharp`` and
    ``shell`` (and a ``curl`` command for any other family). A ``fallback`` body (one-click
    upsells) follows as a second call, for a customer without a saved payment method.

    ``ident`` is the run-time id the call's path names (``{subscription_id}``: the Stripe
    subscription looked up as its Dodo one, ``dodo_subscription_id(sub_id)``), written where the
    path has it. Run-time values that are neither in the body (or the path) nor reported by one
    of ``findings`` (a rule with ``runtime: report`` at their path says what is lost) nor
    ``handled`` (Dodo does not need them: ``runtime: unneeded``) are listed first as
    comments. ``frame`` is what the function around the call allows (a Go error
    returned as it returns, C#'s ``await``, Java's checked exceptions: ``call_frame.py``)."""
    comment = _COMMENT.get(family, "#")
    exprs = [e for e in exprs_in([body, fallback, ident]) if not e.missing]
    carried = [e.path for e in exprs]
    # payment_intent_data.metadata.k merged into metadata.k, which holds the same expression
    merged = {(e.path, e.source) for e in exprs if e.path.startswith("metadata.")}
    # a subscription's or payment's metadata object that is the session's, merged once
    objects = {e.source for e in exprs if e.type == "metadata"}
    reported = [*_reported(findings), *handled]
    lines = [
        _comment_line(comment, family, d)
        for d in dynamic
        if not _covered(d.path, carried)
        and not _covered(d.path, reported)
        and not any(d.path.endswith(f".{p}") and d.source == s for p, s in merged)
        and not (d.path.endswith("metadata") and d.source in objects)
    ]
    if body is None:
        lines.append(f"{comment} no Dodo equivalent: see the findings")
        return "\n".join(lines)
    lines.append(
        _call(family, body, path, typescript, ident=ident, frame=frame, once=once, before=before)
    )
    if fallback is not None:
        lines.append(f"{comment} without a saved Dodo payment method, a normal checkout:")
        second = _call(family, fallback, ENDPOINT, typescript, notes=False, frame=frame)
        for helper in (java_json_helper(), KOTLIN_JSON):  # defined once, by the first call
            second = second.replace(helper, "") if helper in lines[-2] else second
        if family == "go":  # its own scope: the first call's names are declared already
            second = "{\n" + indent(second, "\t") + "\n}"
        elif family == "kotlin":
            second = "run {\n" + indent(second, "    ") + "\n}"
        elif family in ("java", "csharp"):  # no shadowing in a nested scope: other names
            second = _OWN_NAME.sub(r"dodoFallback\1", second)
        lines.append(second)
    text = "\n".join(lines)
    return _numbered(text, frame.nth + 1) if frame.nth and family in _TYPED_LOCALS else text


_TYPE: Final = r"[\w.]+(?:\s*<[^()<>;]*(?:<[^()<>;]*>[^()<>;]*)*>)?(?:\[\])*"
_STRIPE_CAST: Final = re.compile(
    rf"\s+(?:as|satisfies)\s+(?:[|&]\s*)?{_TYPE}(?:\s*[|&]\s*{_TYPE})*(?![\w.<])"
)
"""A TypeScript cast (``as``, ``satisfies``) and its type, unions too."""


def _uncast(found: re.Match[str]) -> str:
    """A cast to a Stripe type carried with a value left out (``(p as | Partial<Stripe.Checkout
    .SessionCreateParams> | undefined)?.discounts``, read in a usage-billing engine): the Dodo
    call names no Stripe type, and the cast would not compile there. Any other cast stays."""
    return "" if "Stripe." in found.group() else found.group()


_TYPED_LOCALS: Final = frozenset({"java", "kotlin", "csharp", "go"})
"""The families whose Dodo code declares locals a second declaration in the scope refuses."""
_DECLARED: Final = re.compile(
    r"\b(?:class|fun|var|val)\s+([dD]odo[A-Z]\w*)\b"
    r"|(?<![\w$.])(dodo[A-Z]\w*)\s*(?:=(?!=)|:=|;|,\s*\w+\s*:=)"
)
"""A name the Dodo code declares (``String dodoBody =``, ``dodoRaw :=``, ``final class
DodoJson``, Kotlin's ``fun dodoJson``), not one it reads (the id map's ``DodoIds``)."""


def _numbered(text: str, n: int) -> str:
    """The Dodo code ``text`` with each name it declares numbered ``n`` (``dodoBody2``): the
    ``n``-th Dodo call of a function, whose first declared them."""
    names = {a or b for a, b in _DECLARED.findall(text)}
    if not names:
        return text
    pattern = re.compile(r"(?<![\w$.])(" + "|".join(sorted(names)) + r")(?![\w$])")
    return pattern.sub(lambda m: f"{m.group(1)}{n}", text)


_OWN_NAME: Final = re.compile(r"\bdodo([A-Z][A-Za-z]*)\b")
"""The names an HTTP suggestion declares (``dodoBody``, ``dodoRequest``): prefixed, so that they
do not clash with the site's own (a servlet's ``request``)."""


def _covered(path: str, by: list[str]) -> bool:
    """``path`` is one of ``by`` or inside one of them (a value of a carried list or object), or
    holds one of them (a run-time object whose keys were carried or reported one by one: ``x ?
    {trial_period_days: 7} : undefined``)."""
    return any(
        path == p
        or (p and path.startswith((f"{p}.", f"{p}[")))
        or (path and p.startswith((f"{path}.", f"{path}[")))
        for p in by
    )


def _reported(findings: Iterable[Finding]) -> list[str]:
    """The paths of the findings that say what a run-time value loses (``runtime: report``)."""
    table = load_table()
    rules = table.by_code
    return [f.path for f in findings if f.code in rules and rules[f.code].runtime == "report"]


def _call(
    family: str,
    body: dict[str, Any],
    path: str,
    typescript: bool,
    *,
    notes: bool = True,
    ident: Expr | None = None,
    frame: CallFrame = ANYWHERE,
    once: tuple[Once, ...] = (),
    before: tuple[tuple[str, str], ...] = (),
) -> str:
    """One Dodo call; ``once``: a caller's arguments to read once, each bound to a local
    before the call where the call writes it more than once (migrate/scan/wrapper_once.py);
    ``before``: a wrapper's locals the call names, each bound by its statement before it
    (``migrate/scan/wrapper_statements.py``: those the call needs are written)."""
    head = imports(family, body, typescript=typescript, ident=ident) if notes else []
    if head and family == "python" and frame.awaited:  # the Stripe call was awaited
        head[0] = _ASYNC_CLIENT
    if family in ("python", "node"):
        call = sdk_call(family, body, "client", path, typescript=typescript, ident=ident)
        call, bindings = read_in("\n".join([*before_call(call, before), call]), once)
        text = "\n".join([*head, *bindings, call])
        return _STRIPE_CAST.sub(_uncast, text) if family == "node" else text
    call = http_call(family, body, path, ident, frame)
    head = []
    if call.startswith(("// imports: ", "// usings: ")):  # the imports lines stay the first
        while not head or head[-1].endswith(","):  # Kotlin's goes on on the next line
            imported, _, call = call.partition("\n")
            head.append(imported)
    call, bindings = read_in("\n".join([*before_call(call, before), call]), once)
    return "\n".join([*head, *bindings, with_method(family, path, call)])


# -- what a suggestion needs imported -----------------------------------------------------------

_CLIENT: Final = {
    "python": '# client: DodoPayments(environment="test_mode")'
    " (from dodopayments import DodoPayments)",
    "node": '// client: new DodoPayments({ environment: "test_mode" })'
    ' (import DodoPayments from "dodopayments")',
}
"""The SDK client a Python or Node suggestion calls (made once; it reads DODO_PAYMENTS_API_KEY)."""
_ASYNC_CLIENT: Final = (
    '# client: AsyncDodoPayments(environment="test_mode")'
    " (from dodopayments import AsyncDodoPayments): the call is awaited, as the Stripe one was"
)
ASYNC_CLIENT: Final = _ASYNC_CLIENT
"""The async client line, for a Python call made in an ``async`` function that awaits it."""


def imports(
    family: str, body: Any, *, typescript: bool = False, ident: Expr | None = None
) -> list[str]:
    """The lines a Python or Node call starts with: the Dodo client it calls, and the imports its
    run-time values (and its path's run-time ``ident``) need (the id-map look-ups; Python's
    ``Currency`` cast)."""
    lines = [_CLIENT[family]] if family in _CLIENT else []
    if family == "python":
        lines += python_imports(body, ident)
    elif family == "node" and lookups_used([body, ident]):
        names = ", ".join(LOOKUPS[family][op] for op in lookups_used([body, ident]))
        lines.append(LOOKUP_IMPORTS[family].format(names=names))
    return lines


_ENV_READ: Final = re.compile(r"\bos\.(?:environ\b|getenv\()")


def python_imports(body: Any, ident: Expr | None = None) -> list[str]:
    """The imports a Python call needs for its run-time values: the id-map look-ups, and the
    SDK's ``Currency`` that an upper-cased currency is cast to (mypy checks the call against it);
    a blank line follows."""
    groups: list[list[str]] = []
    modules, needed = python_needs(body)
    types = (["Currency"] if "upper" in ops_used(body) else []) + list(needed)
    if modules:  # the trial days until a run-time trial_end
        groups.append([f"import {m}" for m in modules])
    if any(_ENV_READ.search(e.source) for e in exprs_in([body, ident]) if isinstance(e, Expr)):
        groups.insert(0, ["import os"])  # a wrapper module's environment read, written here
    if "upper" in ops_used(body):
        groups.append(["from typing import cast"])
    if types:
        groups.append([f"from dodopayments.types import {', '.join(types)}"])
    used = lookups_used([body, ident])
    if used:
        names = ", ".join(LOOKUPS["python"][op] for op in used)
        groups.append([LOOKUP_IMPORTS["python"].format(names=names)])
    return [line for group in groups for line in [*group, ""]]


def python_needs(body: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a Python call's values read besides the id map and ``cast``/``Currency``: the
    standard modules (``math``, ``time``: the trial days until a run-time ``trial_end``) and
    the SDK's types (a spliced cart's lines are written as its TypedDict)."""
    cart = body.get("product_cart") if type(body) is dict else None
    types = (
        (PY_ELEMENTS["line_items"],)
        if type(cart) is Expr and cart.form == "concat" and any(map(spliced, cart.parts))
        else ()
    )
    modules = ("math", "time") if "trial_days" in ops_used(body) else ()
    return modules, types


_SDK_METHODS: Final = (
    # (path pattern, Python method, Node method); the subscription id is the first argument
    (re.compile(r"^/checkouts$"), "checkout_sessions.create", "checkoutSessions.create"),
    (
        re.compile(r"^/subscriptions/([^/]+)/charge$"),
        "subscriptions.charge",
        "subscriptions.charge",
    ),
    (
        re.compile(r"^/subscriptions/([^/]+)/change-plan/preview$"),
        "subscriptions.preview_change_plan",
        "subscriptions.previewChangePlan",
    ),
    (
        re.compile(r"^/subscriptions/([^/]+)/change-plan$"),
        "subscriptions.change_plan",
        "subscriptions.changePlan",
    ),
    (re.compile(r"^/subscriptions/([^/]+)$"), "subscriptions.update", "subscriptions.update"),
    (re.compile(r"^/events/ingest$"), "usage_events.ingest", "usageEvents.ingest"),
    (re.compile(r"^/products$"), "products.create", "products.create"),  # a catalog write, X031
    (re.compile(r"^/products/([^/]+)$"), "products.update", "products.update"),
)


def sdk_call(
    family: str,
    body: dict[str, Any],
    client: str,
    path: str = ENDPOINT,
    *,
    typescript: bool = False,
    ident: Expr | None = None,
) -> str:
    """The ``dodopayments`` SDK call for ``POST {path}`` with ``body`` on ``client`` (an
    expression), in Python (``family="python"``) or JavaScript (TypeScript when ``typescript``):
    ``checkout_sessions.create``, ``subscriptions.charge``, ``subscriptions.change_plan`` or
    ``preview_change_plan``; ``ident`` is the run-time id where the path has a ``{name}``."""
    body = conditional_metadata(body, conditional=True)
    for pattern, py_method, js_method in _SDK_METHODS:
        m = pattern.match(path)
        if m is None:
            continue
        code = CODE["python" if family == "python" else "node"]
        first = m.group(1) if m.groups() else None
        if first is None:
            ident_code = []
        elif ident is not None and PATH_PARAM.fullmatch(first):
            ident_code = [code.value(ident, 0)]
        else:
            ident_code = [json.dumps(first)]
        if family == "python":
            kwargs = _py_kwargs(body)
            if ident_code and kwargs.startswith("\n"):
                kwargs = f"\n    {ident_code[0]},{kwargs}"
            elif ident_code:
                kwargs = ", ".join([ident_code[0], kwargs] if kwargs else ident_code)
            return f"{client}.{py_method}(" + kwargs + ")"
        node = code_for("node", typescript=typescript)
        return f"{client}.{js_method}(" + ", ".join([*ident_code, node.value(body, 0)]) + ")"
    raise ValueError(f"no Dodo SDK method for POST {path}")


def _comment_line(comment: str, family: str, d: Dynamic) -> str:
    # A source spanning lines is folded onto one, or its second line would not be a comment.
    source = _LINE_BREAK.sub(" ", str(d.source))
    if family == "php":
        source = source.replace("?>", "? >")  # `?>` ends PHP mode, even in a // comment
    where = f" (Stripe {d.path})" if d.path else " (Stripe params)"
    return f"{comment} TODO: set from {source}{where}"


# -- Python and Node: the dodopayments SDKs ---------------------------------------------------


def _py_kwargs(body: dict[str, Any]) -> str:
    python = CODE["python"]
    if not body:
        return ""
    if not all(type(k) is str and _PY_NAME.match(k) for k in body):
        return "**" + python.value(body, 0)
    items = [f"    {key}={python.value(value, 1)}," for key, value in body.items()]
    return "\n" + "\n".join(items) + "\n"

"""A metadata value (or the customer) that is an optional parameter of the function around
the call.

A wrapper of a Checkout Session creation often takes what it writes into metadata (or into
``client_reference_id``, which Dodo keeps in metadata) as an optional parameter:
``def start_checkout(price_id, ref=None)``, ``ref: str | None = None``, ``ref: Optional[str]``,
TypeScript's ``ref?: string``, ``ref: string | undefined``, ``ref = undefined``. A caller that
leaves it out passes nothing, and Stripe's SDKs leave a ``None``/``undefined`` param out: no
key. Written as the value's text (``str(ref)``, ``String(ref)``), the wrapper's own suggested
call would send the text ``"None"`` or ``"undefined"``. Such a value is given to the translator
as a choice (``ref is not null``: the value, else nothing), which the suggestion writes as an
entry present only when set (migrate/scan/suggest_unset.py).

Python, JavaScript/TypeScript, Ruby (``ref: nil``, ``ref = nil``) and PHP (``$ref = null``),
whose suggestions set such a key only when set (Ruby's ``nil.to_s`` and PHP's ``strval(null)``
were the empty text, a key Stripe never set).

Go, Java, Kotlin, C# and curl, whose Stripe SDKs form-encode (stripe-go, stripe-java and
Stripe.net, read 2026-12-07): a null metadata value is sent as the empty text (stripe-java's
``ApiRequestParamsConverter`` keeps a map's nulls, its ``FormEncoder`` writes null as ``""``;
Stripe.net's ``ContentEncoder.FlattenParamsValue`` writes a null dictionary value as
``string.Empty``), an empty one as it is (stripe-go's ``form.mapEncoder`` encodes a map's zero
values), and Stripe reads an empty metadata value as "unset this key": no key. A null
``client_reference_id`` is left out (a null field; a nil ``*string``). So the key is there only
when the value is set and not empty, as the language tests it: Go ``ref != ""`` (a ``string``
parameter: Go's "none") or ``ref != nil && *ref != ""`` (a ``*string``, bare or through
``stripe.StringValue``), Java ``ref != null && !ref.isEmpty()`` (a ``String`` parameter not
annotated non-null), Kotlin ``!ref.isNullOrEmpty()`` (``String?``), C#
``!string.IsNullOrEmpty(ref)`` (``string?``, ``= null``), curl ``[ -n "$REF" ]`` (any shell
variable: ``-d "metadata[ref]=$REF"`` sends it empty when unset).

A Stripe customer id that is such a parameter (``account=None``, ``account?: string``, Ruby's
``account = nil``, PHP's ``?string $account = null``, C#'s ``string? account``, Java's ``String
account`` not annotated non-null, Kotlin's ``String?``, Go's ``string``: stripe-java's
``setCustomer(null)`` and an unset Go field leave it out) is a Dodo customer only when set:
Stripe makes a guest checkout without one, and the id map's look-up of nothing throws. A
parameter the function sets again before the call (``if (!customerId) customerId = await
createCustomer(user)``) may hold a value the caller did not pass: not optional there.

Cheap: a look at the params first; the function's parameters are read only when a metadata
value (or ``client_reference_id``) is a bare name."""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE, DYNAMIC, choice_marker, dynamic_marker, is_dynamic
from migrate.scan.params import Param
from migrate.scan.symbols import function_at

FAMILIES: Final = frozenset({"python", "node", "ruby", "php", "go", "java", "kotlin", "csharp"})
_NAME: Final = re.compile(r"^[A-Za-z_$][\w$]*$")
_GO_VALUE: Final = re.compile(r"^stripe\.StringValue\(\s*(?P<name>[A-Za-z_]\w*)\s*\)$")
"""stripe-go's ``StringValue(p)``: the text a ``*string`` points to, ``""`` for nil."""
_SHELL_VARIABLE: Final = re.compile(
    r'^"?\$(?:(?P<bare>[A-Za-z_]\w*)|\{(?P<braced>[A-Za-z_]\w*)\})"?$'
)
_TYPED: Final = frozenset({"go", "java", "kotlin", "csharp"})
"""The families whose parameters' types say whether they may be unset."""
_NON_NULL: Final = re.compile(r"@(?:NonNull|NotNull|Nonnull)\b")
_NOTHING: Final = frozenset({"None", "undefined", "null", "NULL", "nil"})
"""A default that is nothing: the parameter is unset when a caller leaves it out."""
_TOP_KEYS: Final = ("client_reference_id",)
"""The Stripe params, besides metadata's values, whose Dodo place is a metadata value."""
_CUSTOMER_FAMILIES: Final = frozenset(
    {"python", "node", "ruby", "php", "csharp", "java", "kotlin", "go"}
)
"""Where a ``customer`` that is an optional parameter is a Dodo customer only when set (no
Dodo customer then, as Stripe makes a guest checkout: the id map's look-up of nothing
throws)."""
_TRUTHY: Final = frozenset({"python", "node"})
"""Families whose optional customer is tested as the code tests it, by its truth (an empty
customer id is no customer either)."""


def optional_marked(node: SgNode, params: dict[str, Any], family: str) -> dict[str, Any]:
    """``params`` with each metadata value (and ``client_reference_id``) that is an optional
    parameter of the function around ``node`` (curl: a shell variable) a choice between itself
    and nothing."""
    if family == "shell":
        return _marked(params, family, _shell_tests(params))
    if family not in FAMILIES:
        return params
    if family == "go":
        params = _go_currency(params)
    names = {_bare(value, family) for value in _values(params)}
    customer = _bare(params.get("customer"), family) if family in _CUSTOMER_FAMILIES else None
    currency = _bare(params.get("currency"), family)
    names |= {customer, currency}
    names.discard(None)
    if not names:
        return params
    function = function_at(node, family, callbacks=True)
    if function is None:
        return params
    listed = function.node.field("parameters")
    written = listed.text() if listed is not None else ""
    body = _body(function.node)
    tests: dict[str, str] = {}
    for p in function.params:
        if p.name not in names or p.name in function.bound:
            continue
        if (family in _TYPED and _assigned(p.name, body)) or _set_again(
            p.name, body, family, function.node
        ):
            continue  # the value at the call may be one the function gave it
        test = _test(p, written, family)
        if test is not None:
            tests[p.name] = test
    out = _marked(params, family, tests)
    if customer is not None and customer in tests:
        cond = customer if family in _TRUTHY else tests[customer]
        out["customer"] = choice_marker(customer, cond, dynamic_marker(customer), None)
    if currency is not None and currency in tests:  # upper-cased only when set
        source = str(params["currency"][DYNAMIC]).strip()
        cond = currency if family in _TRUTHY else tests[currency]
        out["currency"] = choice_marker(source, cond, dynamic_marker(source), None)
    return out


def _go_currency(params: dict[str, Any]) -> dict[str, Any]:
    """Go: a run-time currency sent only when its text is not empty (an options struct's
    ``*string`` field set under ``if opts.Currency != nil``, a config's ``string``): stripe-go
    leaves a nil pointer out, and Dodo refuses an empty ``billing_currency``."""
    value: Any = params.get("currency")
    if not is_dynamic(value) or len(value) != 1:
        return params
    source = str(value[DYNAMIC]).strip()
    test = f'dodoids.Text({source}) != ""'
    return {**params, "currency": choice_marker(source, test, dynamic_marker(source), None)}


def _set_again(name: str, body: str, family: str, function: SgNode) -> bool:
    """Whether the function sets the parameter again (``if (!customerId) customerId = await
    createCustomer(user)``, ``customer_id ||= ...``): it may hold a value the caller did not
    pass. Python: an assignment, augmented assignment or ``:=`` to it (read from the syntax
    tree: ``currency=currency`` on a line of its own in a call is a keyword argument)."""
    if family == "python":
        kinds = ("assignment", "augmented_assignment", "named_expression")
        return any(_targets(node, name) for kind in kinds for node in function.find_all(kind=kind))
    word = re.escape(name)
    return re.search(rf"(?<![\w$.>]){word}\s*(?:\?\?|\|\||\.)?=(?![=>~])", body) is not None


def _targets(node: SgNode, name: str) -> bool:
    """Whether a Python assignment (or ``:=``) binds ``name`` (``a, name = ...`` too; never
    ``self.name = ...`` nor ``cache[name] = ...``, which change something else)."""
    left = node.field("left") or node.field("name")
    if left is None:
        return False
    if left.kind() == "identifier":
        return left.text() == name
    if left.kind() not in ("pattern_list", "tuple_pattern", "list_pattern"):
        return False
    return any(c.kind() == "identifier" and c.text() == name for c in left.named_children())


def _values(params: dict[str, Any]) -> list[Any]:
    """The values whose Dodo place is a metadata value (metadata's and
    ``client_reference_id``), and each value a choice among them may take."""
    meta = params.get("metadata")
    values: list[Any] = [params.get(key) for key in _TOP_KEYS]
    if type(meta) is dict and not is_dynamic(meta):
        values += list(meta.values())
    out: list[Any] = []
    while values:
        value = values.pop()
        out.append(value)
        chosen = value.get(CHOICE) if is_dynamic(value) else None
        if type(chosen) is dict:
            values += [chosen.get("then"), chosen.get("else")]
    return out


def _marked(params: dict[str, Any], family: str, tests: dict[str, str]) -> dict[str, Any]:
    """``params`` with each metadata value (and ``client_reference_id``) whose name has a test
    in ``tests`` a choice: the value where its test holds, else nothing."""
    if not tests:
        return params

    def marked(value: Any) -> Any:
        chosen = value.get(CHOICE) if is_dynamic(value) else None
        if type(chosen) is dict:  # a local set under an if to a parameter: its branches
            then, else_ = marked(chosen.get("then")), marked(chosen.get("else"))
            return {**value, CHOICE: {**chosen, "then": then, "else": else_}}
        name = _bare(value, family)
        if name is None or name not in tests:
            return value
        source = str(value[DYNAMIC]).strip()
        return choice_marker(source, tests[name], dynamic_marker(source), None)

    out = dict(params)
    for key in _TOP_KEYS:
        if key in out:
            out[key] = marked(out[key])
    meta = out.get("metadata")
    if type(meta) is dict and not is_dynamic(meta):
        out["metadata"] = {k: marked(v) for k, v in meta.items()}
    return out


def _shell_tests(params: dict[str, Any]) -> dict[str, str]:
    """curl's metadata values (and ``client_reference_id``) that are a shell variable, each
    with its test that it is not empty (``-d "metadata[ref]=$REF"`` sends it empty)."""
    tests: dict[str, str] = {}
    for value in _values(params):
        source = _bare(value, "shell")
        m = _SHELL_VARIABLE.match(source or "")
        if source is not None and m is not None:
            tests[source] = f"${m['bare'] or m['braced']} is set"
    return tests


def _bare(value: Any, family: str) -> str | None:
    """The name a run-time value is, when it is a bare name (Go: also ``stripe.StringValue``
    of one; curl: the value as written, when it is a shell variable)."""
    if not is_dynamic(value) or len(value) != 1:
        return None
    source = str(value[DYNAMIC]).strip()
    if family == "shell":
        return source if _SHELL_VARIABLE.match(source) else None
    m = _GO_VALUE.match(source) if family == "go" else None
    if m is not None:
        return m["name"]
    return source if _NAME.match(source) else None


def _test(param: Param, written: str, family: str) -> str | None:
    """The condition under which a parameter is set, as the language writes it (Stripe then
    has the key), when it may be unset; None when it is always set."""
    name = param.name
    if family in ("python", "node", "ruby", "php"):
        return f"{name} is not null" if _optional(param, written) else None
    if param.rest or param.keys:
        return None
    kind = (param.type or (_go_type(name, written) if family == "go" else "")).strip()
    nothing = (param.default or "").strip() == "null"
    if family == "go" and kind == "string":
        return f'{name} != ""'
    if family == "go" and kind == "*string":
        return f'{name} != nil && *{name} != ""'
    if family == "java" and kind.split(".")[-1] == "String":
        declared = re.search(rf"(?P<before>[^,(]*)\b{re.escape(name)}\s*(?:[,)]|$)", written)
        annotated = declared is not None and _NON_NULL.search(declared["before"])
        return None if annotated else f"{name} != null && !{name}.isEmpty()"
    if family == "kotlin" and kind == "String?":
        return f"!{name}.isNullOrEmpty()"
    if family == "csharp" and kind.rstrip("?") in ("string", "String"):
        return f"!string.IsNullOrEmpty({name})" if kind.endswith("?") or nothing else None
    return None


def _body(function: SgNode) -> str:
    """The text of a function's body (after its parameters: their defaults are no assignment)."""
    body = function.field("body") or next(
        (child for child in function.children() if child.kind() == "function_body"), None
    )  # Kotlin's has no field name
    if body is not None:
        return body.text()
    listed = function.field("parameters")
    text = function.text()
    return text[text.find(listed.text()) + len(listed.text()) :] if listed is not None else text


def _assigned(name: str, body: str) -> bool:
    """Whether the function's text assigns the parameter (``ref = ref.trim()``): its value at
    the call is no longer the caller's (nor, in Java, one a map's initializer may read)."""
    return re.search(rf"(?<![\w$.]){re.escape(name)}\s*(?:[-+*/]?=(?!=)|\+\+|--)", body) is not None


def _go_type(name: str, written: str) -> str:
    """A Go parameter's type in its function's parameter list as written: its own, or that of
    the names declared before it with it (``a, ref *string``)."""
    inner = written.strip().removeprefix("(").removesuffix(")")
    kind = ""
    for chunk in reversed([c.strip() for c in inner.split(",")]):
        named, _, declared = chunk.partition(" ")
        if declared.strip():
            kind = declared.strip()
        if named == name:
            return kind
    return ""


def _optional(param: Param, written: str) -> bool:
    """Whether a parameter may be unset: a default of nothing, or a declared type that admits
    nothing (``str | None``, ``Optional[str]``, ``?: string``, ``string | undefined``)."""
    if param.rest or param.keys:
        return False
    if param.default is not None:
        return param.default.strip() in _NOTHING
    name = re.escape(param.name)
    typed = re.search(
        rf"(?<![\w$.]){name}\s*(?P<opt>\?)?\s*:\s*(?P<type>[^,=()]*(?:\[[^\]]*\])?[^,=()]*)",
        written,
    )
    if typed is None:
        return False
    if typed["opt"]:
        return True
    kind = typed["type"]
    return kind.lstrip().startswith("Optional[") or bool(
        re.search(r"(?:\|\s*(?:None|undefined|null)\b|\b(?:None|undefined|null)\s*\|)", kind)
    )


__all__ = ["optional_marked"]

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
from collections.abc import Callable, Iterable
from typing import Any, Final

from migrate.findings import Finding
from migrate.mapping.expr import Expr, exprs_in, spliced
from migrate.mapping.table import load_table
from migrate.scan.extract import Dynamic
from migrate.scan.suggest_langs import (
    CODE,
    PATCHED,
    PY_ELEMENTS,
    code_for,
    expression,
    java_json,
    kotlin_json,
    kotlin_string,
    shell_json,
    with_method,
)
from migrate.scan.suggest_values import LOOKUPS, lookups_used, ops_used

__all__ = ["ENDPOINT", "expression", "imports", "python_imports", "sdk_call", "suggestion"]

_PY_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LINE_BREAK: Final = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")
_QUOTES: Final = re.compile(r'"+')

API_KEY_ENV: Final = "DODO_PAYMENTS_API_KEY"
BASE_URL_ENV: Final = "DODO_PAYMENTS_BASE_URL"
TEST_BASE_URL: Final = "https://test.dodopayments.com"
ENDPOINT: Final = "/checkouts"

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
    comments."""
    comment = _COMMENT.get(family, "#")
    carried = [e.path for e in exprs_in([body, fallback, ident]) if not e.missing]
    reported = [*_reported(findings), *handled]
    lines = [
        _comment_line(comment, family, d)
        for d in dynamic
        if not _covered(d.path, carried) and not _covered(d.path, reported)
    ]
    if body is None:
        lines.append(f"{comment} no Dodo equivalent: see the findings")
        return "\n".join(lines)
    lines.append(_call(family, body, path, typescript, ident=ident))
    if fallback is not None:
        lines.append(f"{comment} without a saved Dodo payment method, a normal checkout:")
        second = _call(family, fallback, ENDPOINT, typescript, notes=False)
        for helper in (_JAVA_JSON, _KOTLIN_JSON):  # defined once, by the first call
            second = second.replace(helper, "") if helper in lines[-2] else second
        if family == "go":  # its own scope: the first call's names are declared already
            second = "{\n" + _indent(second, "\t") + "\n}"
        elif family == "kotlin":
            second = "run {\n" + _indent(second, "    ") + "\n}"
        elif family in ("java", "csharp"):  # no shadowing in a nested scope: other names
            second = _OWN_NAME.sub(r"dodoFallback\1", second)
        lines.append(second)
    return "\n".join(lines)


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
) -> str:
    head = imports(family, body, typescript=typescript, ident=ident) if notes else []
    if family == "python":
        return "\n".join([*head, sdk_call(family, body, "client", path, ident=ident)])
    if family == "node":
        call = sdk_call(family, body, "client", path, typescript=typescript, ident=ident)
        return "\n".join([*head, call])
    return with_method(family, path, _HTTP.get(family, _shell)(body, _Path(path, ident)))


# -- what a suggestion needs imported -----------------------------------------------------------

_LOOKUP_IMPORTS: Final = {
    "python": "from dodo_ids import {names}",
    "node": '// import {{ {names} }} from "./dodo-ids";',
    "ruby": 'require_relative "dodo_ids"',
    "php": "require_once __DIR__ . '/DodoIds.php';",
    "shell": ". ./dodo_ids.sh",
}
"""How each family brings in the id-map look-ups (Go, Java and C# name the package in their
imports comment)."""
_CLIENT: Final = {
    "python": '# client: DodoPayments(environment="test_mode")'
    " (from dodopayments import DodoPayments)",
    "node": '// client: new DodoPayments({ environment: "test_mode" })'
    ' (import DodoPayments from "dodopayments")',
}
"""The SDK client a Python or Node suggestion calls (made once; it reads DODO_PAYMENTS_API_KEY)."""


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
        lines.append(_LOOKUP_IMPORTS[family].format(names=names))
    return lines


def _looked_up(body: Any, path: str) -> list[str]:
    """The id-map look-ups a call makes: in its body, and for its path's run-time id."""
    return lookups_used([body, path.ident if isinstance(path, _Path) else None])


def _lookup_line(family: str, body: Any, path: str = ENDPOINT) -> str:
    """The line that loads the id-map look-ups, when the call makes one (Ruby, PHP, shell)."""
    return _LOOKUP_IMPORTS[family] + "\n" if _looked_up(body, path) else ""


def python_imports(body: Any, ident: Expr | None = None) -> list[str]:
    """The imports a Python call needs for its run-time values: the id-map look-ups, and the
    SDK's ``Currency`` that an upper-cased currency is cast to (mypy checks the call against it);
    a blank line follows."""
    groups: list[list[str]] = []
    types = ["Currency"] if "upper" in ops_used(body) else []
    cart = body.get("product_cart") if type(body) is dict else None
    if type(cart) is Expr and cart.form == "concat" and any(map(spliced, cart.parts)):
        types.append(PY_ELEMENTS["line_items"])  # spliced lines are written as the TypedDict
    if "upper" in ops_used(body):
        groups.append(["from typing import cast"])
    if types:
        groups.append([f"from dodopayments.types import {', '.join(types)}"])
    used = lookups_used([body, ident])
    if used:
        names = ", ".join(LOOKUPS["python"][op] for op in used)
        groups.append([_LOOKUP_IMPORTS["python"].format(names=names)])
    return [line for group in groups for line in [*group, ""]]


Step = str | int
Slots = list[tuple[list[Step], Expr]]


def _slots(body: dict[str, Any]) -> tuple[dict[str, Any], Slots]:
    """``body`` with ``None`` where each run-time value goes, and where each one goes."""
    found: Slots = []

    def walk(value: Any, at: list[Step]) -> Any:
        if type(value) is Expr:
            found.append((at, value))
            return None
        if type(value) is dict:
            return {k: walk(v, [*at, k]) for k, v in value.items()}
        if type(value) is list:
            return [walk(v, [*at, i]) for i, v in enumerate(value)]
        return value

    return walk(body, []), found


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
    for pattern, py_method, js_method in _SDK_METHODS:
        m = pattern.match(path)
        if m is None:
            continue
        code = CODE["python" if family == "python" else "node"]
        first = m.group(1) if m.groups() else None
        if first is None:
            ident_code = []
        elif ident is not None and _PARAM.fullmatch(first):
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


_PARAM: Final = re.compile(r"\{[a-z_]+\}")
"""A path parameter known only at run time (``{subscription_id}``)."""


class _Path(str):
    """A Dodo call's path, with the run-time id (an ``Expr``) its ``{name}`` stands for."""

    ident: Expr | None

    def __new__(cls, path: str, ident: Expr | None = None) -> _Path:
        made = super().__new__(cls, path)
        made.ident = ident
        return made

    def joined(self, family: str, quote: Callable[[str], str], plus: str) -> str:
        """The path as an expression of ``family``: its literal parts quoted by ``quote``, the
        run-time id's code between them, joined by ``plus``."""
        m = _PARAM.search(self)
        if self.ident is None or m is None:
            return quote(str(self))
        code = CODE[family].value(self.ident, 0)
        head, tail = self[: m.start()], self[m.end() :]
        return plus.join([quote(head), code, *([quote(tail)] if tail else [])])


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


# -- other languages: an HTTP request to POST /checkouts (or the call's own path) ---------------

_RESPONSES: Final = (
    # (path pattern, the variable the answer goes in, its fields worth naming)
    (re.compile(r"^/checkouts$"), "session", ("session_id", "checkout_url")),
    (re.compile(r"/charge$"), "payment", ("payment_id",)),
    (re.compile(r"/change-plan/preview$"), "preview", ("immediate_charge", "new_plan")),
    (re.compile(r"/change-plan$"), "change", ("payment_id", "payment_link")),
    (PATCHED, "subscription", ("subscription_id", "cancel_at_next_billing_date")),
)
_GO_RAW: Final = frozenset({"immediate_charge", "new_plan", "cancel_at_next_billing_date"})
"""Response fields that are not strings (a Go ``json.RawMessage``)."""


def _response(path: str) -> tuple[str, tuple[str, ...]]:
    """What the Dodo call at ``path`` answers: a name for it and the fields to read."""
    for pattern, name, fields in _RESPONSES:
        if pattern.search(path):
            return name, fields
    return "result", ()


def _go_field(name: str) -> str:
    """``session_id`` -> ``SessionID``, ``checkout_url`` -> ``CheckoutURL``."""
    return "".join(
        part.upper() if part in ("id", "url") else part.capitalize() for part in name.split("_")
    )


def _json(body: dict[str, Any]) -> str:
    """The body as indented JSON: no raw line breaks inside (JSON escapes them)."""
    return json.dumps(body, indent=2, ensure_ascii=False, default=str)


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + line for line in text.splitlines())


def _ruby(body: dict[str, Any], path: str = ENDPOINT) -> str:
    # A single-quoted heredoc is raw (no escapes, no interpolation); no JSON line can be `JSON`.
    literal, slots = _slots(body)
    sets = "".join(
        "dodo_body"
        + "".join(f"[{step}]" if type(step) is int else f"[{_single(str(step))}]" for step in at)
        + f" = {CODE['ruby'].value(expr)}\n"
        for at, expr in slots
    )
    url = _in_string(path, "ruby")
    return f"""require "json"
require "net/http"
{_lookup_line("ruby", body, path)}
dodo_body = JSON.parse(<<~'JSON')
{_indent(_json(literal), "  ")}
JSON
{sets}dodo_uri = URI("#{{ENV.fetch("{BASE_URL_ENV}", "{TEST_BASE_URL}")}}{url}")
dodo_request = Net::HTTP::Post.new(dodo_uri)
dodo_request["Authorization"] = "Bearer #{{ENV.fetch("{API_KEY_ENV}")}}"
dodo_request["Content-Type"] = "application/json"
dodo_request.body = JSON.generate(dodo_body)
dodo_response = Net::HTTP.start(
  dodo_uri.hostname, dodo_uri.port, use_ssl: dodo_uri.scheme == "https"
) do |http|
  http.request(dodo_request)
end
{_ruby_answer(path)}"""


def _ruby_answer(path: str) -> str:
    name, fields = _response(path)
    read = ", ".join(f'dodo_{name}["{f}"]' for f in fields)
    return f"dodo_{name} = JSON.parse(dodo_response.body)" + (f" # {read}" if read else "")


def _single(text: str) -> str:
    """A single-quoted string literal (Ruby, PHP): only the backslash and the quote escape."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _php(body: dict[str, Any], path: str = ENDPOINT) -> str:
    # A nowdoc is raw; decoding to objects (not arrays) keeps `{}` an object when re-encoded.
    literal, slots = _slots(body)
    sets = "".join(
        "$dodoBody" + "".join(_php_step(step) for step in at) + f" = {CODE['php'].value(expr)};\n"
        for at, expr in slots
    )
    url = _joined(path, "php")
    return f"""{_lookup_line("php", body, path)}$dodoBody = json_decode(<<<'JSON'
{_json(literal)}
JSON, false, 512, JSON_THROW_ON_ERROR);
{sets}$dodoCurl = curl_init((getenv('{BASE_URL_ENV}') ?: '{TEST_BASE_URL}') . {url});
curl_setopt_array($dodoCurl, [
    CURLOPT_POST => true,
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_HTTPHEADER => [
        'Authorization: Bearer ' . getenv('{API_KEY_ENV}'),
        'Content-Type: application/json',
    ],
    CURLOPT_POSTFIELDS => json_encode($dodoBody, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE),
]);
{_php_answer(path)}
curl_close($dodoCurl);"""


def _php_step(step: Step) -> str:
    # the body is decoded to objects (->{'key'}) holding arrays ([0])
    return f"[{step}]" if type(step) is int else "->{" + _single(str(step)) + "}"


def _go_target(literal: dict[str, Any], at: list[Step]) -> str:
    """``dodoPayload["a"].([]any)[0].(map[string]any)["b"]``: the place of a value in the decoded
    body, each container asserted to the type ``encoding/json`` decodes it to."""
    out, node = "dodoPayload", literal
    for i, step in enumerate(at):
        key = str(step) if type(step) is int else json.dumps(step, ensure_ascii=False)
        out += f"[{key}]"
        node = node[step]  # type: ignore[index]
        if i < len(at) - 1:
            out += ".([]any)" if type(node) is list else ".(map[string]any)"
    return out


def _php_answer(path: str) -> str:
    name, fields = _response(path)
    name = "dodo" + name.capitalize()
    read = ", ".join(f"${name}['{f}']" for f in fields)
    return f"${name} = json_decode(curl_exec($dodoCurl), true);" + (f" // {read}" if read else "")


def _go(body: dict[str, Any], path: str = ENDPOINT) -> str:
    # A raw string cannot hold a backtick: JSON spells it \\u0060 instead.
    literal, slots = _slots(body)
    raw = _json(literal).replace("`", "\\u0060")
    imports = '"bytes", "encoding/json", "net/http", "os"'
    if not slots:
        head = f"dodoBody := []byte(`{raw}`)"
    else:
        ops = ops_used(body)
        imports += ', "fmt"' if "str" in ops else ""
        imports += ', "strings"' if "upper" in ops else ""
        sets = "\n".join(
            f"{_go_target(literal, at)} = {CODE['go'].value(expr)}" for at, expr in slots
        )
        head = f"""dodoRaw := []byte(`{raw}`)
var dodoPayload map[string]any
if err := json.Unmarshal(dodoRaw, &dodoPayload); err != nil {{
\treturn err
}}
{sets}
dodoBody, err := json.Marshal(dodoPayload)
if err != nil {{
\treturn err
}}"""
    imports += ', "<module>/dodoids"' if _looked_up(body, path) else ""
    url = _joined(path, "go")
    return f"""// imports: {imports}
{head}
dodoBaseURL := os.Getenv("{BASE_URL_ENV}")
if dodoBaseURL == "" {{
\tdodoBaseURL = "{TEST_BASE_URL}"
}}
dodoReq, err := http.NewRequest(http.MethodPost, dodoBaseURL+{url}, bytes.NewReader(dodoBody))
if err != nil {{
\treturn err
}}
dodoReq.Header.Set("Authorization", "Bearer "+os.Getenv("{API_KEY_ENV}"))
dodoReq.Header.Set("Content-Type", "application/json")
dodoResp, err := http.DefaultClient.Do(dodoReq)
if err != nil {{
\treturn err
}}
defer dodoResp.Body.Close()
{_go_answer(path)}"""


def _go_answer(path: str) -> str:
    name, fields = _response(path)
    width = max((len(_go_field(f)) for f in fields), default=0)
    types = {f: "json.RawMessage" if f in _GO_RAW else "string" for f in fields}
    twidth = max((len(t) for t in types.values()), default=0)
    rows = "".join(
        f'\t{_go_field(f).ljust(width)} {types[f].ljust(twidth)} `json:"{f}"`\n' for f in fields
    )
    return (
        f"var dodo{name.capitalize()} struct {{\n{rows}}}\n"
        f"if err := json.NewDecoder(dodoResp.Body).Decode(&dodo{name.capitalize()}); "
        "err != nil {\n"
        "\treturn err\n"
        "}"
    )


def _java_text_block(text: str) -> str:
    # Text blocks process escapes (and \\uXXXX before that): double every backslash, which also
    # keeps JSON's \\u escapes from being read as Java unicode escapes.
    content = text.replace("\\", "\\\\").replace('"""', '\\"""')
    return '"""\n' + _indent(content, "    ") + '\n    """'


_JAVA_JSON: Final = """\
// DodoJson.of writes a run-time value as JSON (numbers and booleans as they are, maps as objects)
final class DodoJson {
    static String of(Object value) {
        if (value == null) return "null";
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        if (value instanceof java.util.Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            for (java.util.Map.Entry<?, ?> entry : map.entrySet()) {
                if (out.length() > 1) out.append(',');
                out.append(of(String.valueOf(entry.getKey()))).append(':');
                out.append(of(entry.getValue()));
            }
            return out.append('}').toString();
        }
        StringBuilder out = new StringBuilder("\\"");
        for (char c : value.toString().toCharArray()) {
            if (c == '"' || c == '\\\\') out.append('\\\\').append(c);
            else if (c < 0x20) out.append(String.format("\\\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }
}
"""


def _marker(text: str, n: int) -> str:
    """A JSON string standing for run-time value ``n``, found nowhere else in ``text``."""
    marker = f"@stripe2dodo:{n}@"
    while marker in text:
        marker = f"@{marker}@"
    return marker


def _marked(body: dict[str, Any]) -> tuple[str, list[tuple[str, Expr]]]:
    """The body's JSON with a unique marker string where each run-time value goes."""
    literal, slots = _slots(body)
    text = _json(body if not slots else literal)
    markers: list[tuple[str, Expr]] = []
    for n, (at, expr) in enumerate(slots):
        marker = _marker(text, n)
        node: Any = literal
        for step in at[:-1]:
            node = node[step]
        node[at[-1]] = marker
        markers.append((marker, expr))
    return (_json(literal) if slots else text), markers


def _java(body: dict[str, Any], path: str = ENDPOINT) -> str:
    text, markers = _marked(body)
    block = _java_text_block(text)
    helper = ""
    if markers:
        block += "".join(
            f"\n    .replace({json.dumps(json.dumps(m))}, {java_json(e)})" for m, e in markers
        )
        helper = _JAVA_JSON
    imports = "java.net.URI, java.net.http.HttpClient, HttpRequest, HttpResponse"
    imports += ", dodo.DodoIds" if _looked_up(body, path) else ""
    return f"""// imports: {imports}
{helper}String dodoBody = {block};
String dodoBaseUrl = System.getenv().getOrDefault("{BASE_URL_ENV}", "{TEST_BASE_URL}");
HttpRequest dodoRequest = HttpRequest.newBuilder(URI.create(dodoBaseUrl + {_joined(path, "java")}))
    .header("Authorization", "Bearer " + System.getenv("{API_KEY_ENV}"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString(dodoBody))
    .build();
HttpResponse<String> dodoResponse = HttpClient.newHttpClient()
    .send(dodoRequest, HttpResponse.BodyHandlers.ofString());
{_java_answer(path)}"""


def _java_answer(path: str) -> str:
    _, fields = _response(path)
    return f"// dodoResponse.body() is JSON with {' and '.join(fields)}" if fields else ""


_KOTLIN_JSON: Final = """\
// dodoJson writes a run-time value as JSON (numbers and booleans as they are, maps as objects)
fun dodoJson(value: Any?): String = when (value) {
    null -> "null"
    is Number, is Boolean -> value.toString()
    is Map<*, *> -> value.entries.joinToString(",", "{", "}") {
        dodoJson(it.key.toString()) + ":" + dodoJson(it.value)
    }
    else -> buildString {
        append('"')
        for (c in value.toString()) {
            when {
                c == '"' || c == '\\\\' -> append('\\\\').append(c)
                c < ' ' -> append(String.format("\\\\u%04x", c - Char.MIN_VALUE))
                else -> append(c)
            }
        }
        append('"')
    }
}
"""


def _kotlin_raw(text: str) -> str:
    # A raw string has no escapes but reads `$name` and `${...}` as templates: a dollar is
    # written `${'$'}`. Indented JSON never holds three quotes in a row (a quote inside a
    # string is escaped), so the delimiter cannot end early.
    content = text.replace("$", "${'$'}")
    return '"""\n' + _indent(content, "    ") + '\n    """.trimIndent()'


def _kotlin(body: dict[str, Any], path: str = ENDPOINT) -> str:
    # Kotlin (stripe-java called from Kotlin): Java's HTTP client, in Kotlin
    text, markers = _marked(body)
    block = _kotlin_raw(text)
    helper = ""
    if markers:
        block += "".join(
            f"\n    .replace({kotlin_string(json.dumps(m))}, {kotlin_json(e)})" for m, e in markers
        )
        helper = _KOTLIN_JSON
    imports = "java.net.URI, java.net.http.HttpClient, java.net.http.HttpRequest,\n// "
    imports += "java.net.http.HttpResponse" + (", dodo.DodoIds" if _looked_up(body, path) else "")
    return f"""// imports: {imports}
{helper}val body = {block}
val baseUrl = System.getenv("{BASE_URL_ENV}") ?: "{TEST_BASE_URL}"
val request = HttpRequest.newBuilder(URI.create(baseUrl + {_joined(path, "kotlin")}))
    .header("Authorization", "Bearer " + System.getenv("{API_KEY_ENV}"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString(body))
    .build()
val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
{_kotlin_answer(path)}"""


def _kotlin_answer(path: str) -> str:
    _, fields = _response(path)
    return f"// response.body() is JSON with {' and '.join(fields)}" if fields else ""


def _csharp_raw(text: str) -> str:
    # A raw string literal has no escapes; its delimiter outnumbers any run of quotes inside.
    longest = max((len(m) for m in _QUOTES.findall(text)), default=0)
    quotes = '"' * max(3, longest + 1)
    return f"{quotes}\n{_indent(text, '    ')}\n    {quotes}"


def _csharp(body: dict[str, Any], path: str = ENDPOINT) -> str:
    literal, slots = _slots(body)
    usings = "System.Net.Http, System.Net.Http.Headers, System.Text"
    if not slots:
        head, content = f"var dodoBody = {_csharp_raw(_json(body))};", "dodoBody"
    else:
        usings += ", System.Text.Json, System.Text.Json.Nodes"
        sets = "".join(
            "\ndodoBody"
            + "".join(
                f"![{step}]" if type(step) is int else f"![{json.dumps(step, ensure_ascii=False)}]"
                for step in at
            ).removeprefix("!")
            + f" = JsonSerializer.SerializeToNode({CODE['csharp'].value(expr)});"
            for at, expr in slots
        )
        usings += ", System.Collections.Generic" if "new Dictionary<" in sets else ""
        usings += ", System.Linq" if ".Select(" in sets or ".Concat(" in sets else ""
        head = (
            f"var dodoRaw = {_csharp_raw(_json(literal))};\n"
            f"var dodoBody = JsonNode.Parse(dodoRaw)!;{sets}"
        )
        content = "dodoBody.ToJsonString()"
    usings += ", Dodo" if _looked_up(body, path) else ""
    url = _joined(path, "csharp")
    return f"""// usings: {usings}
{head}
var dodoBaseUrl = Environment.GetEnvironmentVariable("{BASE_URL_ENV}") ?? "{TEST_BASE_URL}";
using var dodoHttp = new HttpClient();
using var dodoRequest = new HttpRequestMessage(HttpMethod.Post, dodoBaseUrl + {url})
{{
    Content = new StringContent({content}, Encoding.UTF8, "application/json"),
}};
dodoRequest.Headers.Authorization = new AuthenticationHeaderValue(
    "Bearer", Environment.GetEnvironmentVariable("{API_KEY_ENV}"));
using var dodoResponse = await dodoHttp.SendAsync(dodoRequest);
dodoResponse.EnsureSuccessStatusCode();
{_csharp_answer(path)}"""


def _csharp_answer(path: str) -> str:
    name, fields = _response(path)
    read = f" // JSON: {', '.join(fields)}" if fields else ""
    return f"var dodo{name.capitalize()} = await dodoResponse.Content.ReadAsStringAsync();{read}"


def _shell(body: dict[str, Any], path: str = ENDPOINT) -> str:
    text, markers = _marked(body)
    quoted = "'" + text.replace("'", "'\\''") + "'"
    for marker, expr in markers:
        quoted = quoted.replace(json.dumps(marker), "'" + shell_json(expr) + "'", 1)
    return (
        _lookup_line("shell", body, path)
        + f'curl -X POST "${{{BASE_URL_ENV}:-{TEST_BASE_URL}}}{_in_string(path, "shell")}" \\\n'
        f'  -H "Authorization: Bearer ${API_KEY_ENV}" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  -d {quoted}"
    )


def _joined(path: str, family: str) -> str:
    """The path as a string expression of ``family`` (PHP: single-quoted and ``.``; the others:
    double-quoted and ``+``), its run-time id's code spliced in."""
    if family == "php":
        return _Path(path, _ident(path)).joined(family, _single, " . ")
    return _Path(path, _ident(path)).joined(family, json.dumps, " + " if family != "go" else "+")


def _in_string(path: str, family: str) -> str:
    """The path inside a double-quoted string of Ruby (``#{code}``) or shell (a quoted word's
    end, the id's word, the next one's start), its run-time id's code spliced in."""
    ident = _ident(path)
    m = _PARAM.search(path)
    if ident is None or m is None:
        return str(path)
    code = CODE[family].value(ident, 0)
    inner = f"#{{{code}}}" if family == "ruby" else f'"{code}"'
    return path[: m.start()] + inner + path[m.end() :]


def _ident(path: str) -> Expr | None:
    return path.ident if isinstance(path, _Path) else None


_HTTP: Final[dict[str, Callable[[dict[str, Any], str], str]]] = {
    "ruby": _ruby,
    "php": _php,
    "go": _go,
    "java": _java,
    "kotlin": _kotlin,
    "csharp": _csharp,
    "shell": _shell,
}

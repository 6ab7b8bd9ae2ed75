"""The Dodo call that replaces a Stripe one, in the same language.

Python and Node use Dodo's official SDK (``dodopayments``: ``client.checkout_sessions.create``
and ``client.checkoutSessions.create``). Every other family gets a plain HTTP request to
``POST /checkouts`` (or the call's own path: ``/subscriptions/{id}/charge``, ``/change-plan``,
``/change-plan/preview``, reading what that call answers) in that language's standard (or most
common) HTTP client: the body as JSON,
the API key from ``DODO_PAYMENTS_API_KEY`` as a bearer token, and the base URL from
``DODO_PAYMENTS_BASE_URL``, defaulting to test mode (the SDKs read the same two variables).

A run-time value the translator carried into the body (an ``Expr``: ``migrate/mapping/expr.py``) is
written as its source expression, in the file's language, where the Dodo field takes it
(``product_price=cents``); a required value the Stripe call does not give is a name defined
nowhere (``TODO_product_price``), so the code cannot compile or run silently. In the SDK calls
the expression is an argument; in an HTTP request the body's JSON holds ``null`` there and the
code sets it after parsing (Java, which has no JSON parser, substitutes a marker). Run-time values
left out of the body are listed first as comments, to wire in by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from migrate.mapping.expr import Expr, exprs_in
from migrate.scan.extract import Dynamic

_JS_NAME: Final = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_PY_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LINE_BREAK: Final = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")
_QUOTES: Final = re.compile(r'"+')
_SHELL_VARIABLE: Final = re.compile(r"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$")
_DOTTED: Final = re.compile(r"^\$?[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|->)[A-Za-z_][A-Za-z0-9_]*)*$")

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
) -> str:
    """The Dodo call that replaces the Stripe one, in ``family``'s language: the SDK call for
    ``python`` and ``node``; an HTTP request to ``POST {path}`` (``/checkouts`` by default) for
    ``ruby``, ``php``, ``go``, ``java``, ``csharp`` and ``shell`` (and a ``curl`` command for
    any other family). A ``fallback`` body (one-click upsells) follows as a second call, for a
    customer without a saved payment method.

    Run-time values left out of the body are listed first as comments, to wire in by hand."""
    comment = _COMMENT.get(family, "#")
    carried = {e.path for e in exprs_in([body, fallback]) if not e.missing}
    lines = [_comment_line(comment, family, d) for d in dynamic if d.path not in carried]
    if body is None:
        lines.append(f"{comment} no Dodo equivalent: see the findings")
        return "\n".join(lines)
    lines.append(_call(family, body, path))
    if fallback is not None:
        lines.append(f"{comment} without a saved Dodo payment method, a normal checkout:")
        second = _call(family, fallback, ENDPOINT)
        for helper in (_JAVA_JSON, _KOTLIN_JSON):  # defined once, by the first call
            second = second.replace(helper, "") if helper in lines[-2] else second
        lines.append(second)
    return "\n".join(lines)


def _call(family: str, body: dict[str, Any], path: str) -> str:
    if family == "python":
        return "\n".join([*python_imports(body), sdk_call(family, body, "client", path)])
    if family == "node":
        return sdk_call(family, body, "client", path)
    return _HTTP.get(family, _shell)(body, path)


# -- run-time values as code ------------------------------------------------------------------

_LOOKUP: Final = {
    "python": "dodo_product_id",
    "node": "dodoProductId",
    "ruby": "dodo_product_id",
    "php": "dodo_product_id",
    "go": "dodoProductID",
    "java": "dodoProductId",
    "kotlin": "dodoProductId",
    "csharp": "DodoProductId",
}
"""The function, written by the user, that gives the Dodo product id the id map holds for a
Stripe price id (L113): named, not defined, so the code does not run without it."""


def _operand(source: str) -> str:
    """``source`` ready for a method call on it: parenthesised unless a (dotted) name."""
    return source if _DOTTED.match(source) else f"({source})"


def expression(family: str, expr: Expr) -> str:
    """A run-time value as code in ``family``'s language: the source expression, with what the
    Dodo field does to it (upper-casing, the id-map look-up); a missing required value as a
    name defined nowhere (``TODO_product_price``)."""
    if expr.missing:
        return f"TODO_{expr.missing}"
    source = _shell_word(expr.source) if family == "shell" else expr.source
    if expr.op == "dodo_id":
        if family == "shell":
            return f"$(dodo_product_id {source})"
        return f"{_LOOKUP.get(family, 'dodo_product_id')}({source})"
    if expr.op == "upper":
        upper = {
            "python": f'cast("Currency", {_operand(source)}.upper())',
            "node": f"{_operand(source)}.toUpperCase()",
            "ruby": f"{_operand(source)}.upcase",
            "php": f"strtoupper({source})",
            "go": f"strings.ToUpper({source})",
            "java": f"{_operand(source)}.toUpperCase()",
            "kotlin": f"{_operand(source)}.uppercase()",
            "csharp": f"{_operand(source)}.ToUpperInvariant()",
            "shell": f"$(printf '%s' {source} | tr '[:lower:]' '[:upper:]')",
        }
        return upper.get(family, source)
    if family == "python" and expr.type == "metadata":
        return "{**" + source + "}"  # a new dict: the SDK's metadata values are wider than str
    return source


def _shell_word(source: str) -> str:
    """A shell expression as one word: a bare ``$NAME`` / ``${NAME}`` is double-quoted (no word
    splitting); anything else is used as written (already a word, such as ``"$NAME"``)."""
    source = _LINE_BREAK.sub(" ", source)
    return f'"{source}"' if _SHELL_VARIABLE.match(source) else source


def python_imports(body: Any) -> list[str]:
    """The imports a Python call needs for the run-time values in ``body`` (a currency is cast
    to the SDK's ``Currency``, which mypy checks the call against)."""
    if any(e.op == "upper" and not e.missing for e in exprs_in(body)):
        return ["from typing import cast", "", "from dodopayments.types import Currency", ""]
    return []


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
)


def sdk_call(family: str, body: dict[str, Any], client: str, path: str = ENDPOINT) -> str:
    """The ``dodopayments`` SDK call for ``POST {path}`` with ``body`` on ``client`` (an
    expression), in Python (``family="python"``) or JavaScript: ``checkout_sessions.create``,
    ``subscriptions.charge``, ``subscriptions.change_plan`` or ``preview_change_plan``."""
    for pattern, py_method, js_method in _SDK_METHODS:
        m = pattern.match(path)
        if m is None:
            continue
        ident = [json.dumps(m.group(1))] if m.groups() else []
        if family == "python":
            kwargs = _py_kwargs(body)
            if ident and kwargs.startswith("\n"):
                kwargs = f"\n    {ident[0]},{kwargs}"
            elif ident:
                kwargs = ", ".join([ident[0], kwargs] if kwargs else ident)
            return f"{client}.{py_method}(" + kwargs + ")"
        return f"{client}.{js_method}(" + ", ".join([*ident, _js(body, 0)]) + ")"
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
    if not body:
        return ""
    if not all(type(k) is str and _PY_NAME.match(k) for k in body):
        return "**" + _py(body, 0)
    items = [f"    {key}={_py(value, 1)}," for key, value in body.items()]
    return "\n" + "\n".join(items) + "\n"


def _py(value: Any, depth: int) -> str:
    pad, inner = "    " * depth, "    " * (depth + 1)
    if type(value) is dict:
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k))}: {_py(v, depth + 1)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if type(value) is list:
        if not value:
            return "[]"
        items = [f"{inner}{_py(v, depth + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if value is None or type(value) is bool:
        return repr(value)
    if type(value) in (int, float):
        return repr(value)
    if type(value) is Expr:
        return expression("python", value)
    return json.dumps(str(value), ensure_ascii=False)


def _js(value: Any, depth: int) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if type(value) is dict:
        if not value:
            return "{}"
        items = [
            f"{inner}{k if _JS_NAME.match(str(k)) else json.dumps(str(k))}: {_js(v, depth + 1)},"
            for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if type(value) is list:
        if not value:
            return "[]"
        items = [f"{inner}{_js(v, depth + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if type(value) in (str, int, float, bool) or value is None:
        return json.dumps(value, ensure_ascii=False)
    if type(value) is Expr:
        return expression("node", value)
    return json.dumps(str(value), ensure_ascii=False)


# -- other languages: an HTTP request to POST /checkouts (or the call's own path) ---------------

_RESPONSES: Final = (
    # (path pattern, the variable the answer goes in, its fields worth naming)
    (re.compile(r"^/checkouts$"), "session", ("session_id", "checkout_url")),
    (re.compile(r"/charge$"), "payment", ("payment_id",)),
    (re.compile(r"/change-plan/preview$"), "preview", ("immediate_charge", "new_plan")),
    (re.compile(r"/change-plan$"), "change", ("payment_id", "payment_link")),
)
_GO_RAW: Final = frozenset({"immediate_charge", "new_plan"})
"""Response fields that are objects (a Go ``json.RawMessage``, not a string)."""


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
        "body"
        + "".join(f"[{step}]" if type(step) is int else f"[{_single(str(step))}]" for step in at)
        + f" = {expression('ruby', expr)}\n"
        for at, expr in slots
    )
    return f"""require "json"
require "net/http"

body = JSON.parse(<<~'JSON')
{_indent(_json(literal), "  ")}
JSON
{sets}uri = URI("#{{ENV.fetch("{BASE_URL_ENV}", "{TEST_BASE_URL}")}}{path}")
request = Net::HTTP::Post.new(uri)
request["Authorization"] = "Bearer #{{ENV.fetch("{API_KEY_ENV}")}}"
request["Content-Type"] = "application/json"
request.body = JSON.generate(body)
response = Net::HTTP.start(uri.hostname, uri.port, use_ssl: uri.scheme == "https") do |http|
  http.request(request)
end
{_ruby_answer(path)}"""


def _ruby_answer(path: str) -> str:
    name, fields = _response(path)
    read = ", ".join(f'{name}["{f}"]' for f in fields)
    return f"{name} = JSON.parse(response.body)" + (f" # {read}" if read else "")


def _single(text: str) -> str:
    """A single-quoted string literal (Ruby, PHP): only the backslash and the quote escape."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _php(body: dict[str, Any], path: str = ENDPOINT) -> str:
    # A nowdoc is raw; decoding to objects (not arrays) keeps `{}` an object when re-encoded.
    literal, slots = _slots(body)
    sets = "".join(
        "$body" + "".join(_php_step(step) for step in at) + f" = {expression('php', expr)};\n"
        for at, expr in slots
    )
    return f"""$body = json_decode(<<<'JSON'
{_json(literal)}
JSON, false, 512, JSON_THROW_ON_ERROR);
{sets}$ch = curl_init((getenv('{BASE_URL_ENV}') ?: '{TEST_BASE_URL}') . '{path}');
curl_setopt_array($ch, [
    CURLOPT_POST => true,
    CURLOPT_RETURNTRANSFER => true,
    CURLOPT_HTTPHEADER => [
        'Authorization: Bearer ' . getenv('{API_KEY_ENV}'),
        'Content-Type: application/json',
    ],
    CURLOPT_POSTFIELDS => json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE),
]);
{_php_answer(path)}
curl_close($ch);"""


def _php_step(step: Step) -> str:
    # the body is decoded to objects (->{'key'}) holding arrays ([0])
    return f"[{step}]" if type(step) is int else "->{" + _single(str(step)) + "}"


def _go_target(literal: dict[str, Any], at: list[Step]) -> str:
    """``payload["a"].([]any)[0].(map[string]any)["b"]``: the place of a value in the decoded
    body, each container asserted to the type ``encoding/json`` decodes it to."""
    out, node = "payload", literal
    for i, step in enumerate(at):
        key = str(step) if type(step) is int else json.dumps(step, ensure_ascii=False)
        out += f"[{key}]"
        node = node[step]  # type: ignore[index]
        if i < len(at) - 1:
            out += ".([]any)" if type(node) is list else ".(map[string]any)"
    return out


def _php_answer(path: str) -> str:
    name, fields = _response(path)
    read = ", ".join(f"${name}['{f}']" for f in fields)
    return f"${name} = json_decode(curl_exec($ch), true);" + (f" // {read}" if read else "")


def _go(body: dict[str, Any], path: str = ENDPOINT) -> str:
    # A raw string cannot hold a backtick: JSON spells it \\u0060 instead.
    literal, slots = _slots(body)
    raw = _json(literal).replace("`", "\\u0060")
    imports = '"bytes", "encoding/json", "net/http", "os"'
    if not slots:
        head = f"body := []byte(`{raw}`)"
    else:
        if any(e.op == "upper" and not e.missing for _, e in slots):
            imports += ', "strings"'
        sets = "\n".join(
            f"{_go_target(literal, at)} = {expression('go', expr)}" for at, expr in slots
        )
        head = f"""raw := []byte(`{raw}`)
var payload map[string]any
if err := json.Unmarshal(raw, &payload); err != nil {{
\treturn err
}}
{sets}
body, err := json.Marshal(payload)
if err != nil {{
\treturn err
}}"""
    return f"""// imports: {imports}
{head}
baseURL := os.Getenv("{BASE_URL_ENV}")
if baseURL == "" {{
\tbaseURL = "{TEST_BASE_URL}"
}}
req, err := http.NewRequest(http.MethodPost, baseURL+"{path}", bytes.NewReader(body))
if err != nil {{
\treturn err
}}
req.Header.Set("Authorization", "Bearer "+os.Getenv("{API_KEY_ENV}"))
req.Header.Set("Content-Type", "application/json")
resp, err := http.DefaultClient.Do(req)
if err != nil {{
\treturn err
}}
defer resp.Body.Close()
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
        f"var {name} struct {{\n{rows}}}\n"
        f"if err := json.NewDecoder(resp.Body).Decode(&{name}); err != nil {{\n"
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
            f"\n    .replace({json.dumps(json.dumps(m))}, DodoJson.of({expression('java', e)}))"
            for m, e in markers
        )
        helper = _JAVA_JSON
    return f"""// imports: java.net.URI, java.net.http.HttpClient, HttpRequest, HttpResponse
{helper}String body = {block};
String baseUrl = System.getenv().getOrDefault("{BASE_URL_ENV}", "{TEST_BASE_URL}");
HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "{path}"))
    .header("Authorization", "Bearer " + System.getenv("{API_KEY_ENV}"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString(body))
    .build();
HttpResponse<String> response = HttpClient.newHttpClient()
    .send(request, HttpResponse.BodyHandlers.ofString());
{_java_answer(path)}"""


def _java_answer(path: str) -> str:
    _, fields = _response(path)
    return f"// response.body() is JSON with {' and '.join(fields)}" if fields else ""


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


def _kotlin_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("$", "\\$")


def _kotlin(body: dict[str, Any], path: str = ENDPOINT) -> str:
    text, markers = _marked(body)
    block = _kotlin_raw(text)
    helper = ""
    if markers:
        block += "".join(
            f"\n    .replace({_kotlin_string(json.dumps(m))}, dodoJson({expression('kotlin', e)}))"
            for m, e in markers
        )
        helper = _KOTLIN_JSON
    return f"""// imports: java.net.URI, java.net.http.HttpClient, java.net.http.HttpRequest,
// java.net.http.HttpResponse
{helper}val body = {block}
val baseUrl = System.getenv("{BASE_URL_ENV}") ?: "{TEST_BASE_URL}"
val request = HttpRequest.newBuilder(URI.create(baseUrl + "{path}"))
    .header("Authorization", "Bearer " + System.getenv("{API_KEY_ENV}"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString(body))
    .build()
val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
{_java_answer(path)}"""


def _csharp_raw(text: str) -> str:
    # A raw string literal has no escapes; its delimiter outnumbers any run of quotes inside.
    longest = max((len(m) for m in _QUOTES.findall(text)), default=0)
    quotes = '"' * max(3, longest + 1)
    return f"{quotes}\n{_indent(text, '    ')}\n    {quotes}"


def _csharp(body: dict[str, Any], path: str = ENDPOINT) -> str:
    literal, slots = _slots(body)
    usings = "System.Net.Http, System.Net.Http.Headers, System.Text"
    if not slots:
        head, content = f"var body = {_csharp_raw(_json(body))};", "body"
    else:
        usings += ", System.Text.Json, System.Text.Json.Nodes"
        sets = "".join(
            "\nbody"
            + "".join(
                f"![{step}]" if type(step) is int else f"![{json.dumps(step, ensure_ascii=False)}]"
                for step in at
            ).removeprefix("!")
            + f" = JsonSerializer.SerializeToNode({expression('csharp', expr)});"
            for at, expr in slots
        )
        head = f"var raw = {_csharp_raw(_json(literal))};\nvar body = JsonNode.Parse(raw)!;{sets}"
        content = "body.ToJsonString()"
    return f"""// usings: {usings}
{head}
var baseUrl = Environment.GetEnvironmentVariable("{BASE_URL_ENV}") ?? "{TEST_BASE_URL}";
using var http = new HttpClient();
using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "{path}")
{{
    Content = new StringContent({content}, Encoding.UTF8, "application/json"),
}};
request.Headers.Authorization = new AuthenticationHeaderValue(
    "Bearer", Environment.GetEnvironmentVariable("{API_KEY_ENV}"));
using var response = await http.SendAsync(request);
response.EnsureSuccessStatusCode();
{_csharp_answer(path)}"""


def _csharp_answer(path: str) -> str:
    name, fields = _response(path)
    read = f" // JSON: {', '.join(fields)}" if fields else ""
    return f"var {name} = await response.Content.ReadAsStringAsync();{read}"


def _shell_value(expr: Expr) -> str:
    """A run-time value spliced into the single-quoted JSON: a number as it is, text through
    ``jq`` (JSON-quoted); a missing one stays a bare name, which is not JSON."""
    value = expression("shell", expr)
    if expr.missing:
        return value
    if expr.type == "int":  # closes the single quote, splices the number, reopens
        return f"'{value}'"
    flag = "--argjson" if expr.type == "metadata" else "--arg"
    word = value if value.startswith('"') else f'"{value}"'
    return f"'\"$(jq -cn {flag} v {word} '$v')\"'"


def _shell(body: dict[str, Any], path: str = ENDPOINT) -> str:
    text, markers = _marked(body)
    quoted = "'" + text.replace("'", "'\\''") + "'"
    for marker, expr in markers:
        quoted = quoted.replace(json.dumps(marker), _shell_value(expr), 1)
    return (
        f'curl -X POST "${{{BASE_URL_ENV}:-{TEST_BASE_URL}}}{path}" \\\n'
        f'  -H "Authorization: Bearer ${API_KEY_ENV}" \\\n'
        '  -H "Content-Type: application/json" \\\n'
        f"  -d {quoted}"
    )


_HTTP: Final[dict[str, Callable[[dict[str, Any], str], str]]] = {
    "ruby": _ruby,
    "php": _php,
    "go": _go,
    "java": _java,
    "kotlin": _kotlin,
    "csharp": _csharp,
    "shell": _shell,
}

"""The Dodo call as a plain HTTP request, for the families without a Dodo SDK here (Ruby, PHP,
Go, Java, Kotlin, C#, shell): ``POST /checkouts`` (or the call's own path) in the language's
standard (or most common) HTTP client, the body as JSON, the API key from
``DODO_PAYMENTS_API_KEY`` as a bearer token and the base URL from ``DODO_PAYMENTS_BASE_URL``
(test mode by default). The body's JSON holds ``null`` where a run-time value goes and the code
sets it after parsing (Java and shell, which send JSON text, splice it in). ``CallFrame`` says
what the function the call sits in allows (``migrate/scan/call_frame.py``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from migrate.mapping.currency_lines import CURRENCY_OP
from migrate.mapping.expr import Expr
from migrate.scan.call_frame import ANYWHERE, CallFrame
from migrate.scan.java_compat import before_11, concatenated, json_of
from migrate.scan.php_compat import decoded
from migrate.scan.suggest_langs import (
    CODE,
    PATCHED,
    java_json,
    kotlin_json,
    kotlin_string,
    shell_json,
)
from migrate.scan.suggest_unset import (
    Optional,
    conditional_metadata,
    empty_unset,
    optional_sets,
)
from migrate.scan.suggest_values import lookups_used, ops_used

API_KEY_ENV: Final = "DODO_PAYMENTS_API_KEY"
BASE_URL_ENV: Final = "DODO_PAYMENTS_BASE_URL"
TEST_BASE_URL: Final = "https://test.dodopayments.com"
ENDPOINT: Final = "/checkouts"

_QUOTES: Final = re.compile(r'"+')

LOOKUP_IMPORTS: Final = {
    "python": "from dodo_ids import {names}",
    "node": '// import {{ {names} }} from "./dodo-ids";',
    "ruby": 'require_relative "dodo_ids"',
    "php": "require_once __DIR__ . '/DodoIds.php';",
    "shell": ". ./dodo_ids.sh",
}
"""How each family brings in the id-map look-ups (Go, Java and C# name the package in their
imports comment)."""


def looked_up(body: Any, path: str) -> list[str]:
    """The id-map look-ups a call makes: in its body, and for its path's run-time id."""
    return lookups_used([body, path.ident if isinstance(path, DodoPath) else None])


def _lookup_line(family: str, body: Any, path: str = ENDPOINT) -> str:
    """The line that loads the id-map look-ups, when the call makes one (Ruby, PHP, shell)."""
    return LOOKUP_IMPORTS[family] + "\n" if looked_up(body, path) else ""


Step = str | int
Slots = list[tuple[list[Step], Expr]]


def slots_of(body: dict[str, Any]) -> tuple[dict[str, Any], Slots]:
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


PATH_PARAM: Final = re.compile(r"\{[a-z_]+\}")
"""A path parameter known only at run time (``{subscription_id}``)."""


class DodoPath(str):
    """A Dodo call's path, with the run-time id (an ``Expr``) its ``{name}`` stands for."""

    ident: Expr | None

    def __new__(cls, path: str, ident: Expr | None = None) -> DodoPath:
        made = super().__new__(cls, path)
        made.ident = ident
        return made

    def joined(self, family: str, quote: Callable[[str], str], plus: str) -> str:
        """The path as an expression of ``family``: its literal parts quoted by ``quote``, the
        run-time id's code between them, joined by ``plus``."""
        m = PATH_PARAM.search(self)
        if self.ident is None or m is None:
            return quote(str(self))
        code = CODE[family].value(self.ident, 0)
        head, tail = self[: m.start()], self[m.end() :]
        return plus.join([quote(head), code, *([quote(tail)] if tail else [])])


# -- other languages: an HTTP request to POST /checkouts (or the call's own path) ---------------

_NO_BODY: Final = "updated"
"""The name of an answer with no body (``PATCH /products/{id}``): only its status is read."""
_RESPONSES: Final = (
    # (path pattern, the variable the answer goes in, its fields worth naming)
    (re.compile(r"^/checkouts$"), "session", ("session_id", "checkout_url")),
    (re.compile(r"/charge$"), "payment", ("payment_id",)),
    (re.compile(r"/change-plan/preview$"), "preview", ("immediate_charge", "new_plan")),
    (re.compile(r"/change-plan$"), "change", ("payment_id", "payment_link")),
    (re.compile(r"^/products$"), "product", ("product_id",)),  # a catalog write (X031)
    (re.compile(r"^/products/"), _NO_BODY, ()),  # PATCH: an empty answer (SDK: None)
    (PATCHED, "subscription", ("subscription_id", "cancel_at_next_billing_date")),
    (re.compile(r"^/events/ingest$"), "ingested", ("ingested_count",)),
)
_GO_RAW: Final = frozenset(
    {"immediate_charge", "new_plan", "cancel_at_next_billing_date", "ingested_count"}
)
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


def indent(text: str, pad: str) -> str:
    return "\n".join(pad + line for line in text.splitlines())


def _ruby(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
    # A single-quoted heredoc is raw (no escapes, no interpolation); no JSON line can be `JSON`.
    literal, slots = slots_of(body)
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
{indent(_json(literal), "  ")}
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
    if name == _NO_BODY:
        return "dodo_response.value # no body: raises unless the update succeeded"
    read = ", ".join(f'dodo_{name}["{f}"]' for f in fields)
    return f"dodo_{name} = JSON.parse(dodo_response.body)" + (f" # {read}" if read else "")


def _single(text: str) -> str:
    """A single-quoted string literal (Ruby, PHP): only the backslash and the quote escape."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _php(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
    # A nowdoc is raw; decoding to objects (not arrays) keeps `{}` an object when re-encoded.
    literal, slots = slots_of(body)
    sets = "".join(
        "$dodoBody" + "".join(_php_step(step) for step in at) + f" = {CODE['php'].value(expr)};\n"
        for at, expr in slots
    )
    url = _joined(path, "php")
    head = _lookup_line("php", body, path) + decoded(_json(literal)) + sets
    return f"""{head}$dodoCurl = curl_init((getenv('{BASE_URL_ENV}') ?: '{TEST_BASE_URL}') . {url});
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


def _go(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
    on_error = frame.error_return
    # A raw string cannot hold a backtick: JSON spells it \\u0060 instead.
    literal, slots = slots_of(body)
    raw = _json(literal).replace("`", "\\u0060")
    imports = '"bytes", "encoding/json", "net/http", "os"'
    text_ids = False
    if not slots:
        head = f"dodoBody := []byte(`{raw}`)"
    else:
        sets = "\n".join(
            f"{_go_target(literal, at)} = {CODE['go'].value(expr)}" for at, expr in slots
        )
        # the packages the values' code calls (a value the scan read may call them itself)
        ops = ops_used(body)
        imports += ', "fmt"' if "str" in ops and "fmt." in sets else ""
        imports += ', "strings"' if {"upper", CURRENCY_OP} & ops else ""
        imports += ', "math", "time"' if "trial_days" in ops else ""
        text_ids = "dodoids.Text(" in sets or "dodoids.First(" in sets
        head = f"""dodoRaw := []byte(`{raw}`)
var dodoPayload map[string]any
if err := json.Unmarshal(dodoRaw, &dodoPayload); err != nil {{
\t{on_error}
}}
{sets}
dodoBody, err := json.Marshal(dodoPayload)
if err != nil {{
\t{on_error}
}}"""
    imports += ', "<module>/dodoids"' if text_ids or looked_up(body, path) else ""
    imports += ', "errors"' if _response(path)[0] == _NO_BODY else ""
    url = _joined(path, "go")
    return f"""// imports: {imports}
{head}
dodoBaseURL := os.Getenv("{BASE_URL_ENV}")
if dodoBaseURL == "" {{
\tdodoBaseURL = "{TEST_BASE_URL}"
}}
dodoReq, err := http.NewRequest(http.MethodPost, dodoBaseURL+{url}, bytes.NewReader(dodoBody))
if err != nil {{
\t{on_error}
}}
dodoReq.Header.Set("Authorization", "Bearer "+os.Getenv("{API_KEY_ENV}"))
dodoReq.Header.Set("Content-Type", "application/json")
dodoResp, err := http.DefaultClient.Do(dodoReq)
if err != nil {{
\t{on_error}
}}
defer dodoResp.Body.Close()
{_go_answer(path, on_error)}"""


def _go_answer(path: str, on_error: str = "return err") -> str:
    name, fields = _response(path)
    if name == _NO_BODY:  # only the status tells
        return (
            "if dodoResp.StatusCode >= http.StatusMultipleChoices {\n"
            '\terr = errors.New("dodo: " + dodoResp.Status)\n'
            f"\t{on_error}\n"
            "}"
        )
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
        f"\t{on_error}\n"
        "}"
    )


def _java_text_block(text: str) -> str:
    # Text blocks process escapes (and \\uXXXX before that): double every backslash, which also
    # keeps JSON's \\u escapes from being read as Java unicode escapes. Before Java 15: string
    # literals joined (java_compat.py).
    joined = concatenated(text)
    if joined is not None:
        return joined
    content = text.replace("\\", "\\\\").replace('"""', '\\"""')
    return '"""\n' + indent(content, "    ") + '\n    """'


JAVA_JSON: Final = """\
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


def java_json_helper() -> str:
    """:data:`JAVA_JSON` as the project's Java compiles it: before Java 16 a local class has no
    static method and ``instanceof`` takes no pattern (an instance, ``dodoJson``, is made)."""
    if json_of() == "DodoJson.of":
        return JAVA_JSON
    helper = JAVA_JSON.replace(
        "    static String of(Object value) {", "    String of(Object value) {"
    )
    helper = helper.replace(
        "        if (value instanceof java.util.Map<?, ?> map) {\n",
        "        if (value instanceof java.util.Map) {\n"
        "            java.util.Map<?, ?> map = (java.util.Map<?, ?>) value;\n",
    )
    return helper + "final DodoJson dodoJson = new DodoJson();\n"


def _marker(text: str, n: int) -> str:
    """A JSON string standing for run-time value ``n``, found nowhere else in ``text``."""
    marker = f"@stripe2dodo:{n}@"
    while marker in text:
        marker = f"@{marker}@"
    return marker


def _marked(body: dict[str, Any]) -> tuple[str, list[tuple[str, Expr]]]:
    """The body's JSON with a unique marker string where each run-time value goes."""
    literal, slots = slots_of(body)
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


def _java(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
    text, markers = _marked(body)
    block = _java_text_block(text)
    helper = ""
    if markers:
        block += "".join(
            f"\n    .replace({json.dumps(json.dumps(m))}, {java_json(e)})" for m, e in markers
        )
        helper = java_json_helper()
    imports = "java.net.URI, java.net.http.HttpClient, HttpRequest, HttpResponse"
    imports += ", dodo.DodoIds" if looked_up(body, path) else ""
    return f"""{before_11()}// imports: {imports}
{helper}String dodoBody = {block};
String dodoBaseUrl = System.getenv().getOrDefault("{BASE_URL_ENV}", "{TEST_BASE_URL}");
HttpRequest dodoRequest = HttpRequest.newBuilder(URI.create(dodoBaseUrl + {_joined(path, "java")}))
    .header("Authorization", "Bearer " + System.getenv("{API_KEY_ENV}"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString(dodoBody))
    .build();
{_java_send(frame)}
{_java_answer(path)}"""


def _java_send(frame: CallFrame) -> str:
    """Sending the request: ``HttpClient.send`` throws two checked exceptions, caught here
    unless the method declares them."""
    send = (
        "HttpClient.newHttpClient()\n    .send(dodoRequest, HttpResponse.BodyHandlers.ofString());"
    )
    if frame.throws:
        return f"HttpResponse<String> dodoResponse = {send}"
    return (
        "HttpResponse<String> dodoResponse;\n"
        "try {\n"
        f"    dodoResponse = {send.replace(chr(10), chr(10) + '    ')}\n"
        "} catch (java.io.IOException e) {\n"
        "    throw new java.io.UncheckedIOException(e);\n"
        "} catch (InterruptedException e) {\n"
        "    Thread.currentThread().interrupt();\n"
        "    throw new IllegalStateException(e);\n"
        "}"
    )


def _java_answer(path: str) -> str:
    _, fields = _response(path)
    return f"// dodoResponse.body() is JSON with {' and '.join(fields)}" if fields else ""


KOTLIN_JSON: Final = """\
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
    return '"""\n' + indent(content, "    ") + '\n    """.trimIndent()'


def _kotlin(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
    # Kotlin (stripe-java called from Kotlin): Java's HTTP client, in Kotlin. Its own locals
    # are named dodo*, none a name of the user's code in it (a carried "$baseUrl/ok" reads the
    # user's baseUrl: a local of that name declared after it would clash or shadow it)
    text, markers = _marked(body)
    block = _kotlin_raw(text)
    helper = ""
    if markers:
        block += "".join(
            f"\n    .replace({kotlin_string(json.dumps(m))}, {kotlin_json(e)})" for m, e in markers
        )
        helper = KOTLIN_JSON
    imports = "java.net.URI, java.net.http.HttpClient, java.net.http.HttpRequest,\n// "
    imports += "java.net.http.HttpResponse" + (", dodo.DodoIds" if looked_up(body, path) else "")
    body_, base, request, response = (
        _fresh(n, block) for n in ("dodoBody", "dodoBaseUrl", "dodoRequest", "dodoResponse")
    )
    return f"""// imports: {imports}
{helper}val {body_} = {block}
val {base} = System.getenv("{BASE_URL_ENV}") ?: "{TEST_BASE_URL}"
val {request} = HttpRequest.newBuilder(URI.create({base} + {_joined(path, "kotlin")}))
    .header("Authorization", "Bearer " + System.getenv("{API_KEY_ENV}"))
    .header("Content-Type", "application/json")
    .POST(HttpRequest.BodyPublishers.ofString({body_}))
    .build()
val {response} = HttpClient.newHttpClient().send({request}, HttpResponse.BodyHandlers.ofString())
{_kotlin_answer(path, response)}"""


def _fresh(name: str, code: str) -> str:
    """``name``, or ``name`` numbered, so that it is no word of ``code`` (the user's values
    carried into a suggestion)."""
    fresh, n = name, 1
    while re.search(rf"(?<![\w$]){re.escape(fresh)}(?![\w$])", code):
        n += 1
        fresh = f"{name}{n}"
    return fresh


def _kotlin_answer(path: str, response: str = "dodoResponse") -> str:
    _, fields = _response(path)
    return f"// {response}.body() is JSON with {' and '.join(fields)}" if fields else ""


def _csharp_raw(text: str) -> str:
    # A raw string literal has no escapes; its delimiter outnumbers any run of quotes inside.
    longest = max((len(m) for m in _QUOTES.findall(text)), default=0)
    quotes = '"' * max(3, longest + 1)
    return f"{quotes}\n{indent(text, '    ')}\n    {quotes}"


def _csharp(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
    literal, slots = slots_of(body)
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
    usings += ", Dodo" if looked_up(body, path) else ""
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
using var dodoResponse = {_csharp_send(frame)}(dodoRequest);
dodoResponse.EnsureSuccessStatusCode();
{_csharp_answer(path, frame)}"""


def _csharp_send(frame: CallFrame) -> str:
    return "await dodoHttp.SendAsync" if frame.awaits else "dodoHttp.Send"


def _csharp_answer(path: str, frame: CallFrame = ANYWHERE) -> str:
    name, fields = _response(path)
    read = f" // JSON: {', '.join(fields)}" if fields else ""
    body = (
        "await dodoResponse.Content.ReadAsStringAsync()"
        if frame.awaits
        else "new System.IO.StreamReader(dodoResponse.Content.ReadAsStream()).ReadToEnd()"
    )
    return f"var dodo{name.capitalize()} = {body};{read}"


def _shell(body: dict[str, Any], path: str = ENDPOINT, frame: CallFrame = ANYWHERE) -> str:
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
        return DodoPath(path, _ident(path)).joined(family, _single, " . ")
    return DodoPath(path, _ident(path)).joined(family, json.dumps, " + " if family != "go" else "+")


def _in_string(path: str, family: str) -> str:
    """The path inside a double-quoted string of Ruby (``#{code}``) or shell (a quoted word's
    end, the id's word, the next one's start), its run-time id's code spliced in."""
    ident = _ident(path)
    m = PATH_PARAM.search(path)
    if ident is None or m is None:
        return str(path)
    code = CODE[family].value(ident, 0)
    inner = f"#{{{code}}}" if family == "ruby" else f'"{code}"'
    return path[: m.start()] + inner + path[m.end() :]


def _ident(path: str) -> Expr | None:
    return path.ident if isinstance(path, DodoPath) else None


_HTTP: Final[dict[str, Callable[[dict[str, Any], str, CallFrame], str]]] = {
    "ruby": _ruby,
    "php": _php,
    "go": _go,
    "java": _java,
    "kotlin": _kotlin,
    "csharp": _csharp,
    "shell": _shell,
}


def http_call(
    family: str, body: dict[str, Any], path: str, ident: Expr | None, frame: CallFrame
) -> str:
    """The HTTP request of ``family`` (a ``curl`` command for a family without one)."""
    sets: list[Optional] = []
    if family in _SET_BEFORE:  # a key given under one condition, set under it
        body, sets = optional_sets(body)
    else:  # Go, Java, Kotlin, C#, curl: what Stripe's SDK sends empty is no key either
        body = empty_unset(body)
    body = conditional_metadata(body, conditional=family not in _SET_BEFORE)
    text = _HTTP.get(family, _shell)(body, DodoPath(path, ident), frame)
    if not sets:
        return text
    anchor = _SET_BEFORE[family]
    lines = "".join(_optional_set(family, one) + "\n" for one in sets)
    return text.replace(anchor, lines + anchor, 1)


_SET_BEFORE: Final = {"ruby": "dodo_uri = URI(", "php": "$dodoCurl = curl_init("}
"""Where a Ruby or PHP suggestion has set the run-time values into its body (the line after)."""


def _optional_set(family: str, one: Optional) -> str:
    """The statement setting a metadata key under its condition (Ruby, PHP)."""
    code = CODE[family]
    value = code.value(one.value)
    cond = code.condition(one.cond)
    if family == "ruby":
        when = "if" if one.holds else "unless"
        return f"dodo_body['metadata'][{_single(one.key)}] = {value} {when} {cond}"
    test = cond if one.holds else f"!({cond})"
    return f"if ({test}) {{\n    $dodoBody->{{'metadata'}}->{{{_single(one.key)}}} = {value};\n}}"


def json_text(body: dict[str, Any]) -> str:
    """The body as the request code of every family writes it (indented JSON)."""
    return _json(body)


def kotlin_raw(text: str) -> str:
    """``text`` as the Kotlin raw string the request code writes."""
    return _kotlin_raw(text)


def raw_block(family: str, text: str) -> str:
    """``text`` as Java's text block or C#'s raw string literal, as the request code writes."""
    return _java_text_block(text) if family == "java" else _csharp_raw(text)

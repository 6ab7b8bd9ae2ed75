"""Code inside other files, and code that is not a call: Markdown fences (read with
markdown-it-py), HTML ``<script>`` elements and checkout.js buttons (ast-grep's HTML grammar),
and curl commands in shell (ast-grep's Bash grammar finds each command; the curl reader of
``translate`` reads it).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from ast_grep_py import SgNode, SgRoot

from migrate.mapping import lifecycle
from migrate.mapping.stripe_params import validate_lenient
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.curl import SHELL_EXPANSION, CurlCommand, iter_curl_commands
from migrate.scan.catalog_calls import CATALOG_WRITE
from migrate.scan.catalog_writes import write_site
from migrate.scan.extract import Dynamic, dynamic_marker, join, with_exprs, without_dynamic
from migrate.scan.lang.checkout_js import checkout_js_params
from migrate.scan.optional_params import optional_marked
from migrate.scan.patterns import (
    CHECKOUT_JS,
    CONFIRM,
    LINE_ITEMS_READ,
    SESSION_EXPIRE,
    SESSION_READ,
)
from migrate.scan.site import (
    CallSite,
    located,
    related_finding,
    related_site,
    session_meta,
    stand_ins,
    static_view,
)
from migrate.scan.stripe_cli import stripe_command
from migrate.scan.suggest import suggestion

_SESSIONS: Final = "/v1/checkout/sessions"
_CATALOG: Final = re.compile(r"^/v1/(?:products|prices|plans|skus)(?:/[^/]+)?$")

FENCE_LANGUAGES: Final = {
    "python": "python",
    "py": "python",
    "javascript": "javascript",
    "js": "javascript",
    "node": "javascript",
    "jsx": "javascript",
    "typescript": "typescript",
    "ts": "typescript",
    "tsx": "tsx",
    "ruby": "ruby",
    "rb": "ruby",
    "php": "php",
    "go": "go",
    "golang": "go",
    "java": "java",
    "kotlin": "kotlin",
    "kt": "kotlin",
    "csharp": "csharp",
    "cs": "csharp",
    "c#": "csharp",
    "dotnet": "csharp",
    "sh": "bash",
    "bash": "bash",
    "shell": "bash",
    "console": "bash",
    "zsh": "bash",
    "curl": "bash",
}
"""Markdown fence info strings, and the language their code is scanned as."""


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of code inside a container file: its language (an ast-grep name), its text,
    and where it starts in the file (0-based line, and the column of its first line)."""

    language: str
    text: str
    line: int
    column: int = 0


def shifted(site: CallSite, block: Block) -> CallSite:
    """``site`` (found in ``block.text``) placed in the container file."""
    first = site.line == 1
    return dataclasses.replace(
        site,
        line=site.line + block.line,
        column=site.column + (block.column if first else 0),
        end_line=site.end_line + block.line,
        end_column=site.end_column + (block.column if site.end_line == 1 else 0),
        span=None,
    )


# -- Markdown ---------------------------------------------------------------------------------


@functools.cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def markdown_blocks(text: str) -> Iterator[Block]:
    """Fenced code blocks whose info string names a language the scanner reads (``sh``,
    ``python``, ``js``...). Indented blocks and unnamed fences are prose, not code."""
    for token in _markdown().parse(text):
        if token.type != "fence" or token.map is None:
            continue
        info = (token.info or "").strip().split()
        language = FENCE_LANGUAGES.get(info[0].lower()) if info else None
        if language is None:
            continue
        content = token.content
        if info[0].lower() == "console":  # drop the "$ " prompts, keeping columns
            content = "\n".join(
                "  " + line.lstrip()[2:] if line.lstrip().startswith("$ ") else line
                for line in content.splitlines()
            )
        yield Block(language, content, token.map[0] + 1)


# -- Astro ------------------------------------------------------------------------------------

_FENCE: Final = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)


def astro_frontmatter(text: str) -> Iterator[Block]:
    """The frontmatter of an Astro component: the TypeScript between its opening ``---`` line
    and the next one, run on the server when the page renders (in SSR mode an Astro page may
    create a Checkout Session there and ``return Astro.redirect(session.url)``)."""
    body = text.removeprefix("\ufeff")
    opening = _FENCE.match(body.lstrip("\r\n"))
    if opening is None:
        return
    skipped = len(body) - len(body.lstrip("\r\n"))
    start = skipped + opening.end() + 1
    closing = _FENCE.search(body, start)
    if closing is None:
        return
    yield Block("typescript", body[start : closing.start()], body.count("\n", 0, start))


# -- HTML -------------------------------------------------------------------------------------


def _attributes(element: SgNode) -> dict[str, str]:
    tag = next((c for c in element.children() if c.kind() == "start_tag"), None)
    out: dict[str, str] = {}
    for attr in tag.children() if tag is not None else ():
        if attr.kind() != "attribute":
            continue
        name = next((c.text() for c in attr.children() if c.kind() == "attribute_name"), "")
        value = attr.find(kind="attribute_value")
        out[name.lower()] = value.text() if value is not None else ""
    return out


def html_scripts(text: str) -> Iterator[Block]:
    """The inline JavaScript of each ``<script>`` element (not JSON, templates or modules
    loaded from ``src``)."""
    root = SgRoot(text, "html").root()
    for element in root.find_all(kind="script_element"):
        attrs = _attributes(element)
        kind = attrs.get("type", "text/javascript").lower()
        if "src" in attrs or kind not in ("text/javascript", "module", "application/javascript"):
            continue
        raw = element.find(kind="raw_text")
        if raw is None or not raw.text().strip():
            continue
        start = raw.range().start
        yield Block("javascript", raw.text(), start.line, start.column)


def checkout_js_buttons(text: str, path: str, options: Options | None) -> Iterator[CallSite]:
    """Pre-2019 checkout.js buttons: ``<script src=".../checkout.js" class="stripe-button"
    data-amount=... data-currency=...>``, each the one-time purchase it sells."""
    root = SgRoot(text, "html").root()
    lines = text.splitlines()
    for element in root.find_all(kind="script_element"):
        attrs = _attributes(element)
        if "stripe-button" not in attrs.get("class", "") or _host(attrs.get("src", "")) != (
            "checkout.stripe.com"
        ):
            continue
        options_js: dict[str, Any] = {}
        for key in ("amount", "currency", "name", "description"):
            if f"data-{key}" in attrs:
                raw = attrs[f"data-{key}"]
                options_js[key] = int(raw) if key == "amount" and raw.isdigit() else raw
        params = checkout_js_params(options_js)
        where = located(element, lines)
        source = SourceRef(path, "code", line=where["line"])
        dynamic = (
            (Dynamic("line_items[0].price_data.unit_amount", "amount (set at run time)"),)
            if "amount" not in options_js
            else ()
        )
        translation = static_view(
            translate_params(without_dynamic(params), source, options), dynamic
        )
        yield CallSite(
            file=path,
            **where,
            language="html",
            kind="create",
            callee="checkout.js stripe-button",
            params=params,
            dynamic=dynamic,
            translation=translation,
            findings=(related_finding(CHECKOUT_JS), *translation.findings),
            suggestion=suggestion("node", translation.dodo, dynamic, findings=translation.findings),
        )


# -- curl in shell ----------------------------------------------------------------------------


def curl_sites(
    root: SgNode, path: str, lines: list[str], options: Options | None
) -> Iterator[CallSite]:
    """Each ``curl`` command to Stripe's Checkout (or related) endpoints, and each Stripe CLI
    command to them (``stripe checkout sessions create ...``, ``stripe post /v1/...``)."""
    for node in root.find_all(kind="command"):
        name = node.field("name")
        if name is not None and name.text() == "stripe":
            request = stripe_command(node)
            if request is not None:
                site = _curl_site(request, node, path, lines, options, callee="stripe {} {}")
                if site is not None:
                    yield site
            continue
        if name is None or name.text() != "curl":
            continue
        for command in iter_curl_commands(node.text()):
            if isinstance(command, CurlCommand):
                site = _curl_site(command, node, path, lines, options)
                if site is not None:
                    yield site
            break


def _curl_rule(command: CurlCommand) -> str | None:
    endpoint = command.endpoint.rstrip("/")
    method = command.method.upper()
    if endpoint.startswith(_SESSIONS + "/"):
        rest = endpoint[len(_SESSIONS) + 1 :]
        if rest.endswith("/line_items"):
            return LINE_ITEMS_READ
        if rest.endswith("/expire"):
            return SESSION_EXPIRE
        return SESSION_READ if method == "GET" else None
    if method == "POST" and _CATALOG.match(endpoint):
        return CATALOG_WRITE
    # PaymentIntents, SetupIntents and subscription updates are translated (lifecycle.route)
    if method == "POST" and endpoint.startswith("/v1/payment_intents/"):
        return CONFIRM if endpoint.endswith("/confirm") else None
    return None


def _curl_site(
    command: CurlCommand,
    node: SgNode,
    path: str,
    lines: list[str],
    options: Options | None,
    *,
    callee: str = "curl {} {}",
) -> CallSite | None:
    common: dict[str, Any] = {
        "file": path,
        **located(node, lines),
        "language": "bash",
        "callee": callee.format(command.method, command.endpoint),
    }
    data, dynamic = _shell_values(command.data, "")
    if command.endpoint.rstrip("/") == _SESSIONS and command.method.upper() == "POST":
        source = SourceRef(path, "code", line=common["line"])
        meta = session_meta(dynamic)
        data = optional_marked(node, data, "shell")  # "metadata[ref]=$REF": empty when unset
        translation = static_view(
            translate_params(with_exprs(data), source, options, meta), dynamic
        )
        params, _ = validate_lenient(command.data)
        return CallSite(
            kind="create",
            params=dict(params),
            dynamic=dynamic,
            translation=translation,
            findings=translation.findings,
            suggestion=suggestion(
                "shell", translation.dodo, dynamic, findings=translation.findings
            ),
            **common,
        )
    meta = {"endpoint": command.endpoint, "method": command.method.upper()}
    if lifecycle.route(command.data, meta) is not None:
        meta.update(_idempotency(command.idempotency_key))  # a usage event's event_id
        source = SourceRef(path, "code", line=common["line"])
        params = {**with_exprs(data), **stand_ins(data)}  # `customer=$CUS` still decides
        translation = static_view(translate_params(params, source, options, meta), dynamic)
        assert translation.request is not None
        return CallSite(
            kind="create",
            params=dict(command.data),
            dynamic=dynamic,
            translation=translation,
            findings=translation.findings,
            suggestion=suggestion(
                "shell",
                translation.dodo,
                dynamic,
                path=translation.request[1],
                fallback=translation.fallback,
                findings=translation.findings,
            ),
            **common,
        )
    rule = _curl_rule(command)
    if rule == CATALOG_WRITE:  # a product, price or plan created or updated (X031)
        parts = command.endpoint.strip("/").split("/")
        return write_site(parts[1][:-1], len(parts) > 2, data, dynamic, common, family="shell")
    if rule is None:
        return None
    return related_site(rule, common)


_SHELL_VARIABLE: Final = re.compile(r"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$")


def _idempotency(key: str | None) -> dict[str, str]:
    """What the translator is told of a command's ``Idempotency-Key`` header: a literal, a
    shell variable (``$REQUEST_ID``, written into the Dodo command as it is), or nothing (a
    text that puts a variable in: the Dodo command has no way to write it)."""
    if key is None:
        return {}
    if _SHELL_VARIABLE.match(key):
        return {"idempotency_key_source": key}
    return {"idempotency_key": key} if "$" not in key and "`" not in key else {}


def _shell_values(value: Any, path: str) -> tuple[Any, tuple[Dynamic, ...]]:
    """A curl command's data with each value that is a shell variable (``$CENTS``) marked as
    a run-time value (``{"$dynamic": "$CENTS"}``), and those values."""
    if isinstance(value, str) and (_SHELL_VARIABLE.match(value) or SHELL_EXPANSION.search(value)):
        return dynamic_marker(value), (Dynamic(path, value),)  # `E2E-$(date +%s)` too
    found: list[Dynamic] = []
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out[key], more = _shell_values(item, join(path, str(key)))
            found.extend(more)
        return out, tuple(found)
    if isinstance(value, list):
        items = []
        for i, item in enumerate(value):
            marked, more = _shell_values(item, f"{path}[{i}]")
            items.append(marked)
            found.extend(more)
        return items, tuple(found)
    return value, ()


def _host(src: str) -> str | None:
    """The host a script's ``src`` names (``//checkout.stripe.com/checkout.js`` too); None for
    none, or for a host ``urlsplit`` refuses (``//[CDN-HOST]/x.js``, a placeholder)."""
    try:
        return urlsplit(src).hostname
    except ValueError:
        return None

"""Stripe calls made with a tenant's own key: who is paid changes on Dodo (X029).

A multi-tenant application ("bring your own Stripe key": form builders, booking tools, shops
of many stores) makes its Stripe calls with each tenant's key, read from the tenant's stored
data: ``new Stripe(workspace.stripeSecretKey)``, ``api_key=store.stripe_key``, Java's
``RequestOptions.builder().setApiKey(store.getKey())``, ``Stripe.apiKey = configuration.get(
"secretKey")``. Each tenant's customers pay into the tenant's own Stripe account; the Dodo call
the scan suggests uses the one ``DODO_PAYMENTS_API_KEY`` of the platform's business, so the
payments would land in the platform's balance instead: a blocker, like a connected account.

A key is the platform's when it is the same for every call: a string written in the code, an
environment read (``process.env.STRIPE_SECRET_KEY``, ``os.environ[...]``, ``ENV['STRIPE_KEY']``,
``getenv``), a settings or config read (``settings.STRIPE_SECRET_KEY``,
``config('services.stripe.secret')``, ``this.configService.get(...)``), an upper-case constant,
or any value of the module (a name the function does not bind: an import, a global), the
application's state reached through the request (``request.registry.settings[...]``,
``req.app.locals``, ``request.app.state``), or the framework's configuration passed in as a
parameter (``ParameterBagInterface $params``,
``IConfiguration config``). A tenant's key is one made from the call's own data: a parameter of
the function around it, or a local made from one (``const creds = await
loadCredentials(workspaceId)``). Where the key is written:
the call's per-request key option; the client the call is made on (Python, JavaScript and
TypeScript: its receiver bound to ``Stripe(...)`` / ``StripeClient(...)``, in the function, the
module, or a helper of the file that returns it: ``const stripe = getStripe(workspace)``);
the global key set in the same function (``stripe.api_key = ...``, ``Stripe.apiKey = ...``,
``\\Stripe\\Stripe::setApiKey(...)``, ``StripeConfiguration.ApiKey = ...``, ``stripe.Key =
...``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor
from migrate.scan.follow_base import FollowerBase
from migrate.scan.nodes import is_comment
from migrate.scan.symbols import function_at
from migrate.scan.tenant_ruby import field_values, split_root, stands_for
from migrate.scan.wrapper_args import identifiers

TENANT: Final = "$tenant:"
"""The name of a request-option pair (``migrate/scan/options.py``) that says the call is made
with a tenant's key: ``$tenant:`` and what holds it (an option's name, or the client)."""
CLIENT: Final = "the Stripe client"

Judge = Callable[[str], bool]
"""Whether a key's source (in the terms of one place of the code) is a tenant's."""

_ENV: Final = re.compile(
    r"process\.env|import\.meta\.env|\benviron\b|\bgetenv\b|\bGetenv\b|\bENV\s*(?:\[|\.fetch)"
    r"|\$_ENV|\$_SERVER|GetEnvironmentVariable|System\.getenv|Deno\.env|(?<![\w.$>])env\s*\("
    r"|\bEnv\.|\bdotenv\b"
)
_SETTINGS: Final = re.compile(
    r"^(?:this\.|self\.|\$this->)?(?:settings|django_settings|app\.config|current_app\.config"
    r"|config|conf|Config|Settings|AppSettings|Rails\.application|Rails\.configuration"
    r"|configService|_?configuration|Configuration|ConfigurationManager|credentials"
    r"|functions\.config|useRuntimeConfig)\b|^\\?Config::|^\\?config\s*\("
)
_APP_STATE: Final = re.compile(
    r"^(?:request|req|ctx|context|event)\s*\.\s*(?:registry|app|application)\s*(?:\.|\[|$)"
)
"""The application's own state reached through the request a view is given: Pyramid's
``request.registry.settings``, Express's and Koa's ``req.app.locals`` / ``ctx.app``,
Starlette's and aiohttp's ``request.app.state`` / ``request.app["config"]``. It is the same
for every request: a key read from it is the platform's."""
_CONSTANT: Final = re.compile(r"(?:^|[.:>\s])[A-Z][A-Z0-9]*_[A-Z0-9_]+\s*$|^[A-Z][A-Z0-9_]+$")
_LITERAL: Final = re.compile(r"^\s*[A-Za-z]{0,2}[\"'`]")
_SPLIT: Final = re.compile(r"\?\?|\|\||\s+or\s+|\?:")
_FIELD: Final = re.compile(r"^(?:this|self)\b|^\$this\b|^@")
_CONFIG_PARAM: Final = re.compile(
    r"(?<![\w.\\])(?:ParameterBag|ContainerBag|Container)(?:Interface)?(?![\w<])"
    r"|(?<![\w.])(?:IConfiguration(?:Root|Section)?|IOptions(?:Snapshot|Monitor)?\s*<"
    r"|ConfigService|Environment|(?:App)?Settings|(?:App)?Config)(?![\w])"
    r"|@Value\s*\(|\bDepends\s*\(\s*get_?(?:settings|config)\b"
)
"""A parameter's declaration that says a framework passes its configuration: Symfony's
``ParameterBagInterface $params``, ASP.NET's ``IConfiguration config`` and ``IOptions<T>``,
NestJS's ``ConfigService``, Spring's ``Environment env`` and ``@Value("${stripe.key}") String
key``, FastAPI's ``settings: Settings = Depends(get_settings)``. A key read from it is the
platform's; a type that only ends so (``IntegrationConfiguration``: one store's) is not one."""
_NOT_NAMES: Final = frozenset(
    {"new", "await", "this", "self", "true", "false", "null", "None", "nil", "undefined"}
)
_CAST: Final = re.compile(r"\s+(?:as|satisfies)\s+[\w$.<>\[\]|\s]+$")
"""A TypeScript cast after a value (``env.STRIPE_SECRET_KEY as string``): the value is the same."""
_BINDINGS: Final = re.compile(
    r"^(?:[A-Za-z_$][\w$]*\??\.)*env(?:\??\.[A-Za-z_$][\w$]*|\??\.?\[\s*[\"'][^\"']+[\"']\s*\])$"
)
"""A key read from a runtime's bindings, the deployment's own secrets, the same for every call:
a Worker's ``env.STRIPE_KEY`` or ``ctx.env["STRIPE_KEY"]``, SvelteKit's
``platform?.env?.STRIPE_KEY``, Astro's ``locals.runtime.env.STRIPE_KEY``."""
_DEPTH: Final = 8
_CHAIN: Final = re.compile(r"@?[A-Za-z_][\w?!]*(?:\.[A-Za-z_][\w?!]*)*")


def judge_at(node: SgNode, family: str, extractor: Extractor | None) -> Judge:
    """How keys are judged at ``node``: in the terms of the function around it."""
    function = _function(node, extractor)
    return lambda source: tenant_key(source, function, family)


def tenant_key(source: str, function: SgNode | None, family: str, depth: int = 0) -> bool:
    """Whether a key's source is a tenant's (see the module docstring), read in the terms of
    ``function`` (None: the module, whose values are the platform's)."""
    if depth > _DEPTH:
        return False
    return any(_operand(o, function, family, depth) for o in _operands(source))


def _operands(source: str) -> list[str]:
    """The values an expression may take (each branch of a choice, each side of a fallback)."""
    text = source.strip()
    chosen = re.match(r"^(.+?)\s+if\s+.+?\s+else\s+(.+)$", text, re.S)  # Python
    if chosen is None:
        chosen = re.match(r"^[^?\"'`]+\?(?![?.:])(.+?):(?!:)(.+)$", text, re.S)  # c ? a : b
    if chosen is not None:
        return _operands(chosen.group(1)) + _operands(chosen.group(2))
    parts = _SPLIT.split(text)
    if len(parts) > 1:
        return [o for part in parts for o in _operands(part)]
    return [_CAST.sub("", text).strip("() ").removesuffix("!")]


def _operand(text: str, function: SgNode | None, family: str, depth: int) -> bool:
    if not text or _LITERAL.match(text) or _ENV.search(text) or _CONSTANT.search(text):
        return False
    text = re.sub(r"^(?:await|new)\s+", "", text)
    if _BINDINGS.match(re.sub(r"\s+", "", text)):
        return False
    if function is None:  # a value of the module: the same for every call
        return False
    params = _parameters(function, family)
    if _SETTINGS.match(text) and _root(text) not in params:
        return False
    if _APP_STATE.match(text):
        return False
    if _FIELD.match(text):  # the object's own state, set once (a service's key)
        return family == "ruby" and _ruby_field(text, function, depth)
    body = function.text()
    table = re.match(r"^([A-Za-z_$][\w$]*)\s*\[", text)
    held = table.group(1) if table is not None else ""
    if held and held not in params and not bound_values(body, held):
        return False  # KEYS[region]: one of the module's keys (the platform's), picked per call
    root = split_root(text)
    for name in dict.fromkeys(identifiers(text)):
        if name in _NOT_NAMES:
            continue
        if name in params:
            if _configured(function, name):
                continue  # the framework's configuration, passed in: the same for every call
            return True  # the call's own data
        values = bound_values(body, name)
        for value in values:
            if tenant_key(value, function, family, depth + 1):
                return True
        if family == "ruby" and not values:
            rest = root[1] if root is not None and root[0] == name else ""
            if _ruby_method(name, rest, function, depth):
                return True
    return False


def _ruby_method(name: str, rest: str, function: SgNode, depth: int) -> bool:
    """A Ruby name the method does not bind, read on with ``rest``: a method, delegation or
    reader of its class, judged by what it stands for (``migrate/scan/tenant_ruby.py``)."""
    found = stands_for(name, function)
    if found is None:
        return False
    value, where = found
    return tenant_key(_joined(value, rest), where, "ruby", depth + 1)


def _ruby_field(text: str, function: SgNode, depth: int) -> bool:
    """A Ruby field read through (``@invoice.organization.secret_key``: a field that is the key
    itself stays the object's own state) is a tenant's when a method of the class sets it
    from its parameter (the record the service works on: ``@invoice = invoice`` in
    ``initialize`` or in the method that pays), or when a value the class assigns it is."""
    split = split_root(text)
    if split is None or not split[0].startswith("@") or not split[1].startswith("."):
        return False
    field, rest = split
    for value, method in field_values(field, function):
        if value.strip() in _parameters(method, "ruby"):
            return True
        if tenant_key(_joined(value, rest), method, "ruby", depth + 1):
            return True
    return False


def _joined(value: str, rest: str) -> str:
    """``value`` read on with ``rest`` (a member chain): a value that is no plain chain is
    judged alone."""
    if not rest or not _CHAIN.fullmatch(value.strip()):
        return value
    return value.strip() + rest


def _configured(function: SgNode, name: str) -> bool:
    """Whether the parameter ``name`` of ``function`` is the framework's configuration, passed in
    by its container (:data:`_CONFIG_PARAM`)."""
    params = function.field("parameters") or function.field("parameter")
    if params is None:
        params = next((c for c in function.children() if "param" in c.kind()), None)
    if params is None:
        return False
    declared = [params] if params.kind() == "identifier" else params.named_children()
    for declaration in declared:
        if name in identifiers(declaration.text()):
            return _CONFIG_PARAM.search(declaration.text()) is not None
    return False


def _root(text: str) -> str:
    found = re.match(r"[$@]?[A-Za-z_]\w*", text)
    return found.group() if found else ""


def _parameters(function: SgNode, family: str) -> set[str]:
    named = function_at(next(iter(function.children()), function), family)
    if named is not None and named.node == function:
        return {local for p in named.params for local in p.locals}
    params = function.field("parameters") or function.field("parameter")
    if params is None:
        params = next((c for c in function.children() if "param" in c.kind()), None)
    return set(identifiers(params.text())) if params is not None else set()


def bound_values(body: str, name: str) -> list[str]:
    """The values ``name`` is bound to in a function's text (an assignment, a declaration,
    a destructuring: the object it comes from)."""
    word = re.escape(name)
    out = [
        m.group(1).strip().rstrip(";,")
        for m in re.finditer(
            rf"(?<![\w$.>])(?:\b(?:const|let|var|val)\s+)?{word}\s*(?::\s*[^=\n;]+?)?\s*:?="
            rf"(?![=>])\s*([^;\n]+)",
            body,
        )
    ]
    out += [
        m.group(1).strip().rstrip(";,")
        for m in re.finditer(rf"\{{[^{{}}=]*\b{word}\b[^{{}}=]*\}}\s*=\s*([^;\n]+)", body)
    ]
    return out


def _function(node: SgNode, extractor: Extractor | None) -> SgNode | None:
    kinds = extractor.functions if extractor is not None else frozenset()
    return next((up for up in node.ancestors() if up.kind() in kinds), None)


# -- where the key of a call is written ------------------------------------------------------

_CONSTRUCTORS: Final = re.compile(r"(?:^|\.)(?:Stripe|StripeClient)$")
_GLOBAL: Final = re.compile(
    r"(?:\bstripe\.api_key|\bStripe\.api_?[kK]ey|\bstripe\.Key|StripeConfiguration\.ApiKey)"
    r"\s*=(?!=)\s*([^;\n]+)"
    r"|(?:Stripe::setApiKey|StripeConfiguration\.SetApiKey)\s*\(\s*([^;\n]+?)\s*\)\s*;?\s*$",
    re.M,
)


def client_keys(call: SgNode, family: str, extractor: Extractor) -> list[tuple[str, str]]:
    """The tenant's keys ``call`` is made with beside its options: ``(TENANT + what, key
    source)`` for its client built from one, or a global key set from one before it in its
    function."""
    out: list[tuple[str, str]] = []
    function = _function(call, extractor)
    if function is not None:
        before = function.text()[: call.range().start.index - function.range().start.index]
        for m in _GLOBAL.finditer(before):
            source = (m.group(1) or m.group(2) or "").strip()
            if source and tenant_key(source, function, family):
                out.append((f"{TENANT}the global Stripe key", source))
    built = _client(call, extractor)
    if built is not None:
        key, where = built
        if tenant_key(key, _function(where, extractor), family):
            out.append((f"{TENANT}{CLIENT}", key))
    return out


def _client(call: SgNode, extractor: Extractor) -> tuple[str, SgNode] | None:
    """The key the client ``call`` is made on is built with, and where (Python, JavaScript:
    the extractors that name a call's receiver)."""
    if not isinstance(extractor, FollowerBase):
        return None
    callee = call.field("function")
    root = extractor.receiver(callee) if callee is not None else None
    found = extractor.binding(root) if root is not None else None
    if found is None:
        return None
    value = extractor.unwrap(found[0])
    key = _constructed(value)
    if key is not None:
        return key, value
    helper = extractor.helper(value) if value.kind() in ("call", "call_expression") else None
    if helper is None:
        return None
    for inner in helper[0].find_all(kind=value.kind()):
        key = _constructed(inner)
        if key is not None:
            return key, inner
    for inner in helper[0].find_all(kind="new_expression"):
        key = _constructed(inner)
        if key is not None:
            return key, inner
    return None


def _constructed(node: SgNode) -> str | None:
    """The key a ``Stripe(...)`` / ``StripeClient(...)`` / ``new Stripe(...)`` is given."""
    if node.kind() not in ("call", "call_expression", "new_expression"):
        return None
    callee = node.field("function") or node.field("constructor")
    args = node.field("arguments")
    if callee is None or args is None or not _CONSTRUCTORS.search(callee.text()):
        return None
    given = [c for c in args.named_children() if not is_comment(c)]
    for arg in given:
        if arg.kind() == "keyword_argument":
            name, value = arg.field("name"), arg.field("value")
            if name is not None and value is not None and name.text() == "api_key":
                return value.text()
    first = given[0] if given else None
    if first is None or first.kind() in ("keyword_argument", "object", "dictionary"):
        return None
    return first.text()


__all__ = ["CLIENT", "TENANT", "Judge", "client_keys", "judge_at", "tenant_key"]

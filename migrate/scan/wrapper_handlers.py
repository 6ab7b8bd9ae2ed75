"""Parameters a framework passes, and the functions that are the program's entry points: what
makes no wrapper (``migrate/scan/wrappers.py``).

A wrapper is a creation API other code of the project calls with its own values. A web
framework's handler is not: the framework calls it with the HTTP request (and its response, its
context), and the values its creation reads from them are the request's. A parameter is the
framework's when its declared type says so, or (a parameter declaring no type: Python, JavaScript,
Ruby, PHP untyped) its name does (``request``, ``req``, ``res``, ``ctx``, ``event``...): a
parameter ``req *CheckoutRequest`` / ``req: CheckoutRequest`` / ``CheckoutRequest request`` is the
caller's, whatever its name. Go's ``ctx context.Context`` is the caller's (every Go call passes
one on: ``Service.CreateCheckout(ctx, req)`` is a wrapper), a handler's framework types are
(Go's ``http.ResponseWriter`` and ``*http.Request``, Gin's ``*gin.Context``,
Echo's, Fiber's; ``HttpServletRequest``; ASP.NET's ``HttpContext``/``HttpRequest``; Next.js's
``NextApiRequest``/``NextRequest``, a server action's ``FormData``; Fastify's; PHP's
``Request``/``ServerRequestInterface``;
Django's ``HttpRequest``, Starlette's ``Request``; a Cloudflare Worker's ``env: Env`` bindings and
``ExecutionContext``, which its ``fetch`` handler hands on to the route handler it dispatches
to, ``handleCheckout(request, env)``). A function whose parameters are all the
framework's is a handler, and so is a Spring or JAX-RS method mapped to a route
(``@PostMapping``, ``@POST``) and an ASP.NET action (``[HttpPost]``, ``[Route]``), whatever its
parameters are (the framework binds them from the request): none is a wrapper, its callers (a
test with a recorder, a handler delegating to another) are no creation sites, and its own
creation is reported as such.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.kotlin_symbols import child as child_of_kind
from migrate.scan.kotlin_symbols import parameter_list
from migrate.scan.param_types import declares_type
from migrate.scan.symbols import Function

REQUEST_NAMES: Final = frozenset(
    {"request", "req", "res", "response", "ctx", "context", "event", "evt", "next", "env"}
)
"""Parameters a framework passes by their name (a request, a context)."""

_TYPES: Final = re.compile(
    r"(?<![\w.])(?:"
    r"\*?(?:http\.(?:ResponseWriter|Request)|gin\.Context|echo\.Context|fiber\.Ctx)"
    r"|(?:jakarta|javax)?[\w.]*?(?:HttpServletRequest|HttpServletResponse|ServerWebExchange)"
    r"|HttpContext|HttpRequest|HttpResponse|WSGIRequest|ASGIRequest"
    r"|NextApiRequest|NextApiResponse|NextRequest|FastifyRequest|FastifyReply"
    r"|ServerRequestInterface|FormRequest|NextFunction|H3Event|RequestEvent|Context"
    r"|(?:Action|Loader|Data)FunctionArgs|FormData"  # a form's post (a Next.js server action)
    r"|events\.\w+|APIGatewayProxy\w*|(?:express\.)?NextFunction"
    r"|[A-Z]\w*Env|Env|ExecutionContext"  # a Worker's bindings (`env: Env`) and its context
    r"|(?:[\w\\]*\\)?(?:express\.)?(?:Request|Response)"
    r")(?![\w<])"
)
"""A framework's request, response or context type, as a parameter's declaration writes it."""

_GO_TYPES: Final = re.compile(
    r"(?<![\w.])\*?(?:http\.(?:ResponseWriter|Request)|gin\.Context|echo\.Context|fiber\.Ctx"
    r"|events\.\w+)(?![\w<])"
)
"""The same in Go, where a framework's type is always written with its package (``*http.Request``,
``*gin.Context``): a bare ``Request`` or ``Context`` is a type of the project's own package
(``func Create(req Request)``), which its callers fill."""

_ROUTES: Final = re.compile(
    r"@(?:Get|Post|Put|Patch|Delete|Request)Mapping\b|@(?:GET|POST|PUT|PATCH|DELETE|Path)\b"
    r"|\[\s*(?:Http(?:Get|Post|Put|Patch|Delete)|Route)\b"
)
"""A method mapped to a route by its annotations (Spring, JAX-RS) or attributes (ASP.NET)."""

_ANNOTATED: Final = frozenset({"java", "kotlin", "csharp"})

_PY_ROUTES: Final = re.compile(
    r"^\s*@\s*(?:[\w.]+\.(?:get|post|put|patch|delete|route|api_route|websocket|add_route)"
    r"|(?:rest_framework\.decorators\.)?api_view|action|require_(?:POST|GET|http_methods|safe))"
    r"\s*\(",
    re.M,
)
"""A Python function a web framework maps to a route by its decorator (FastAPI's and Flask's
``@router.post("/pay")``, ``@app.route(...)``, Django REST framework's ``@api_view([...])`` and
``@action(...)``, Django's ``@require_POST``): the framework binds its parameters from the request
(``cart: Cart`` a FastAPI body), whatever their types."""

_NEST_ROUTES: Final = re.compile(r"@(?:Get|Post|Put|Patch|Delete|All|MessagePattern)\s*\(")
"""A NestJS controller's method mapped to a route (``@Post("checkout")``): its parameters are
bound by the framework (``@Body() dto: CheckoutDto``)."""

_ANY: Final = re.compile(
    r"\s*(?:\??:\s*(?:any|unknown|Any|object|mixed)|(?:dynamic|object|mixed|Any)\s)\s*"
    r"(?:=.*)?",
    re.S,
)
"""A declaration whose type says nothing (``req: any``, ``req: Any``, C#'s ``dynamic req``, PHP's
``mixed $req``): the parameter is told by its name, as one declaring no type is."""


def framework_locals(function: Function, family: str) -> set[str]:
    """The names of the function's parameters a framework passes: by their declared type, or
    (a parameter declaring none) by their name."""
    declared = _declarations(function.node)
    out: set[str] = set()
    for p in function.params:
        # an object pattern's declaration is found by a name it binds (`{ request, params }:
        # ActionFunctionArgs`)
        written = declared.get(p.name, "") or next(
            (declared[n] for n in p.locals if n in declared), ""
        )
        types = _GO_TYPES if family == "go" else _TYPES
        if types.search(_without_name(written, p.name)) is not None:
            out.update(p.locals)
        elif not declares_type(written, p.name, family) or _ANY.fullmatch(
            _without_name(written, p.name)
        ):
            out.update(n for n in p.locals if n.lstrip("$@&").lower() in REQUEST_NAMES)
    return out


_TYPED_HANDLERS: Final = re.compile(
    r":\s*(?:PageServerLoad|LayoutServerLoad|PageLoad|LayoutLoad|Actions|RequestHandler"
    r"|ServerLoad|Handle|ActionFunction|LoaderFunction)\b"
)
"""The type a SvelteKit or Remix module gives the handler it exports (``export const load:
PageServerLoad = async ({ params, url, locals }) => ...``): the framework calls it."""


def caller_locals(function: Function, family: str) -> set[str]:
    """The names of the function's parameters a caller in the project sets: none for an
    entry point (:func:`entry_point`), else those no framework passes."""
    if _mapped(function, family) or _typed_handler(function.node):
        return set()
    passed = framework_locals(function, family)
    return {local for p in function.params for local in p.locals if local not in passed}


def entry_point(function: Function, family: str) -> bool:
    """Whether a function is a framework's handler: every parameter it has is the framework's,
    or (Java, Kotlin, C#) it is mapped to a route."""
    return bool(function.params) and not caller_locals(function, family)


def handler_callback(function: Function) -> bool:
    """Whether the creation is in a callback a framework calls (one that takes a request, a
    response or an event: ``app.post("/pay", (req, res) => ...)``), not one the function's
    call runs."""
    return any(name.lstrip("$@").lower() in REQUEST_NAMES for name in function.bound)


def _typed_handler(node: SgNode) -> bool:
    """A function (or a handler object's method, ``actions: Actions = { default: ... }``)
    assigned to a name its module types as a framework's handler."""
    for ancestor in node.ancestors():
        if ancestor.kind() == "variable_declarator":
            annotation = ancestor.field("type")
            return annotation is not None and bool(_TYPED_HANDLERS.match(annotation.text()))
        if ancestor.kind() not in ("object", "pair", "parenthesized_expression"):
            return False
    return False


def _mapped(function: Function, family: str) -> bool:
    if family == "python":
        parent = function.node.parent()
        if parent is None or parent.kind() != "decorated_definition":
            return False
        return _PY_ROUTES.search(parent.text()[: _header_end(parent)]) is not None
    if family == "node":
        return _NEST_ROUTES.search(_decorators_before(function.node)) is not None
    if family not in _ANNOTATED:
        return False
    body = function.node.field("body") or child_of_kind(function.node, "function_body")
    end = body.range().start.index if body is not None else function.node.range().end.index
    header = function.node.text()[: end - function.node.range().start.index]
    return _ROUTES.search(header) is not None


def _declarations(node: SgNode) -> dict[str, str]:
    """Each parameter's declaration text, by the names it declares (``r *http.Request``;
    Go's ``w, r`` share one)."""
    found = node.field("parameters") or parameter_list(node)
    out: dict[str, str] = {}
    if found is None:
        return out
    for child in found.named_children():
        text = child.text()
        for word in re.findall(r"[$@]?[A-Za-z_]\w*", text):
            out.setdefault(word, text)
    return out


def _without_name(declaration: str, name: str) -> str:
    """A parameter's declaration with its name taken out (what is left is its type and
    attributes): a parameter named ``request`` is told by its name, not read as a type."""
    return re.sub(rf"(?<![\w$]){re.escape(name)}(?![\w])", " ", declaration)


def _header_end(decorated: SgNode) -> int:
    """Where a Python decorated definition's decorators end (its ``def`` line)."""
    definition = decorated.field("definition")
    if definition is None:
        return len(decorated.text())
    return definition.range().start.index - decorated.range().start.index


def _decorators_before(node: SgNode) -> str:
    """The text of the decorators written just before a TypeScript class's method (tree-sitter
    makes them the method's previous siblings in the class body)."""
    out: list[str] = []
    sibling = node.prev()
    while sibling is not None and sibling.kind() == "decorator":
        out.append(sibling.text())
        sibling = sibling.prev()
    return "\n".join(out)

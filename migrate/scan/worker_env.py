"""A Stripe client made from a request's bindings (Cloudflare Workers, Hono, Pages Functions):
the Dodo client of a rewritten call is made from the same bindings.

Read from real applications: a Worker has no ``process.env``; its secrets are the ``env`` its
``fetch`` handler is given (Hono: ``c.env``), so the Stripe client is made in the handler,
``new Stripe(c.env.STRIPE_SECRET_KEY, { httpClient: Stripe.createFetchHttpClient() })``. A Dodo
client made once from ``process.env`` finds no key there (or no ``process`` at all), so such a call
gets a client made from the same bindings: ``dodoClientFor(c.env)``, reading its
``DODO_PAYMENTS_API_KEY`` secret (``wrangler secret put DODO_PAYMENTS_API_KEY``)."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

CLIENT_FOR: Final = "dodoClientFor"
"""The function a rewritten module defines: the Dodo client of a bindings object."""

_BINDING: Final = re.compile(
    r"^\s*(?P<env>(?:[A-Za-z_$][\w$]*\s*\??\.\s*)*env|env\s*\(\s*[A-Za-z_$][\w$]*\s*\))\s*"
    r"(?:\??\.\s*[A-Za-z_$][\w$]*|(?:\?\.)?\[\s*['\"][^'\"]+['\"]\s*\])"
    r"\s*(?:!|\?\?\s*['\"]{2}|\|\|\s*['\"]{2}|as\s+string)?\s*$"
)
"""A key read from a bindings object (``env.STRIPE_KEY``, ``c.env.STRIPE_SECRET_KEY!``,
``this.env["STRIPE_KEY"] ?? ""``, SvelteKit's ``platform?.env?.STRIPE_KEY``, Hono's adapter
``env(c).STRIPE_KEY``): its object, the ``env``."""
_ENV_OBJECT: Final = re.compile(r"(?:[A-Za-z_$][\w$]*\??\.)*env|env\([A-Za-z_$][\w$]*\)")
"""A bindings object written whole (``env``, ``c.env``, ``event.context.cloudflare?.env``, Hono's
``env(c)`` of ``hono/adapter``, which is ``c.env`` on Workers)."""
_READ: Final = re.compile(
    r"(?<![\w$.])(?P<env>(?:[A-Za-z_$][\w$]*\??\.)*env)\??\.[A-Z][A-Z0-9_]*(?![\w$(])"
)
"""A key (an upper-case name) read from a bindings object, anywhere in an expression."""
_NOT_BINDINGS: Final = frozenset({"process.env", "import.meta.env", "Deno.env"})
_MADE: Final = re.compile(r"^(?:new\s+)?Stripe\s*\(")
_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    }
)


def bound_env(call: SgNode) -> str | None:
    """The bindings object (``env``, ``c.env``) the Stripe client of ``call`` is made from, in the
    function the call is in or one around it (so the object is in scope there); None for any
    other client. The client may be made by a helper given the bindings
    (``const stripe = getStripe(env)``, ``stripeFor(c.env).checkout...``), and its key may be a
    name taken from them first (``const { STRIPE_SECRET_KEY } = env``)."""
    base = _base(call)
    if base is None:
        return None
    if base.kind() == "call_expression":
        return _helper_env(base)
    receiver = base.text()
    made = _declared(call, receiver)
    if made is None:
        return None
    if made.kind() == "await_expression":
        made = next(iter(made.named_children()), made)
    if made.kind() == "call_expression" and not _MADE.match(made.text()):
        return _helper_env(made)
    if not _MADE.match(made.text()):
        return None
    args = made.field("arguments")
    first = next(iter(args.named_children()), None) if args is not None else None
    if first is None:
        return None
    found = _BINDING.match(first.text())
    if found is not None:
        env = re.sub(r"\s+", "", found.group("env"))
        if env in _NOT_BINDINGS:
            return None
        return f"{env} ?? {{}}" if "?." in env else env  # an optional object: maybe none
    key = re.sub(r"\s*(?:!|as\s+string)$", "", first.text().strip())
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", key):
        return None
    taken = _destructured_env(call, key)
    if taken is not None:
        return taken
    value = _declared(call, key)  # const key = (context?.cloudflare?.env as any)?.KEY || ...
    return _read_in(value.text()) if value is not None else None


def _read_in(text: str) -> str | None:
    """The bindings object a key is read from somewhere in ``text`` (a fallback, a cast, an
    object of settings given to a helper: ``{ STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY }``)."""
    plain = re.sub(r"\s+", " ", text)
    plain = re.sub(r"\(\s*([\w$.?]+)\s+as\s+[\w$<>\[\]]+\s*\)", r"\1", plain)  # (x as any)
    for found in _READ.finditer(plain):
        env = found.group("env").replace(" ", "")
        if env not in _NOT_BINDINGS:
            return f"{env} ?? {{}}" if "?." in env else env
    return None


def _declared(call: SgNode, name: str) -> SgNode | None:
    """The value ``name`` is declared with last before ``call`` in the innermost function around
    it that declares it."""
    for scope in (a for a in call.ancestors() if a.kind() in _FUNCTIONS):  # inner first
        made = None
        for declarator in scope.find_all(kind="variable_declarator"):
            named, value = declarator.field("name"), declarator.field("value")
            if named is None or value is None or named.text() != name:
                continue
            if declarator.range().start.index > call.range().start.index:
                break
            made = value
        if made is not None:
            return made
    return None


def _helper_env(made: SgNode) -> str | None:
    """The bindings object a helper making the Stripe client is given: a function named for
    Stripe (``getStripe(env)``, ``createStripeClient(c.env)``) called with the bindings alone."""
    function = made.field("function")
    if function is None or not re.search(r"stripe", function.text().split(".")[-1], re.I):
        return None
    args = made.field("arguments")
    given = list(args.named_children()) if args is not None else []
    if len(given) != 1:
        return None
    if given[0].kind() == "object":  # createStripeClient({ STRIPE_SECRET_KEY: env.KEY })
        return _read_in(given[0].text())
    if not _ENV_OBJECT.fullmatch(re.sub(r"\s+", "", given[0].text())):
        return None
    env = re.sub(r"\s+", "", given[0].text())
    return None if env in _NOT_BINDINGS else env


def _destructured_env(call: SgNode, key: str) -> str | None:
    """The bindings object ``key`` is taken from before ``call``
    (``const { STRIPE_SECRET_KEY } = c.env``, ``... = event.context.cloudflare?.env || {}``)."""
    for scope in (a for a in call.ancestors() if a.kind() in _FUNCTIONS):
        for declarator in scope.find_all(kind="variable_declarator"):
            pattern, value = declarator.field("name"), declarator.field("value")
            if pattern is None or value is None or pattern.kind() != "object_pattern":
                continue
            if declarator.range().start.index > call.range().start.index:
                break
            names = {
                n.text() for n in pattern.find_all(kind="shorthand_property_identifier_pattern")
            }
            if key not in names:
                continue
            text = re.sub(r"\s+", "", value.text())
            text = re.sub(r"^env<.*>\(", "env(", text)  # Hono's env<Bindings>(c): typed, the same
            bare = re.sub(r"(?:\|\||\?\?)\{\}$", "", text)
            if not _ENV_OBJECT.fullmatch(bare) or bare in _NOT_BINDINGS:
                return None
            return bare if bare == text else " ".join(value.text().split())
    return None


def _base(call: SgNode) -> SgNode | None:
    """What a call's member chain starts with: a name (``stripe`` in
    ``stripe.checkout.sessions.create``) or a call (``getStripe(env)``)."""
    node = call.field("function")
    while node is not None and node.kind() == "member_expression":
        node = node.field("object")
    if node is not None and node.kind() in ("identifier", "call_expression"):
        return node
    return None


def client_for(typescript: bool) -> str:
    """The definition of :data:`CLIENT_FOR` (made at each call: a Worker's bindings are the
    request's)."""
    param = "env: object" if typescript else "env"
    vars_ = (
        "  const vars = env as Record<string, string | undefined>;\n"
        if typescript
        else "  const vars = /** @type {Record<string, string | undefined>} */ (env);\n"
    )
    doc = (
        "/** The Dodo Payments client of a request's bindings (`env`): the key from its\n"
        " * DODO_PAYMENTS_API_KEY secret; live only when DODO_PAYMENTS_ENVIRONMENT is "
        '"live_mode".' + ("" if typescript else "\n * @param {object} env") + " */\n"
    )
    return (
        f"{doc}function {CLIENT_FOR}({param}){': DodoPayments' if typescript else ''} {{\n"
        f"{vars_}"
        "  return new DodoPayments({\n"
        "    bearerToken: vars.DODO_PAYMENTS_API_KEY,\n"
        '    environment: vars.DODO_PAYMENTS_ENVIRONMENT === "live_mode" ? "live_mode" : '
        '"test_mode",\n'
        "  });\n"
        "}\n"
    )

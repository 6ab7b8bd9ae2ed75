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
    r"^\s*(?P<env>(?:[A-Za-z_$][\w$]*\s*\.\s*)*env)\s*(?:\.\s*[A-Za-z_$][\w$]*|\[\s*['\"][^'\"]+['\"]\s*\])"
    r"\s*(?:!|\?\?\s*['\"]{2}|\|\|\s*['\"]{2}|as\s+string)?\s*$"
)
"""A key read from a bindings object (``env.STRIPE_KEY``, ``c.env.STRIPE_SECRET_KEY!``,
``this.env["STRIPE_KEY"] ?? ""``): its object, the ``env``."""
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
    other client."""
    receiver = _receiver(call)
    if receiver is None:
        return None
    made = None
    for scope in (a for a in call.ancestors() if a.kind() in _FUNCTIONS):  # inner first
        for declarator in scope.find_all(kind="variable_declarator"):
            name, value = declarator.field("name"), declarator.field("value")
            if name is None or value is None or name.text() != receiver:
                continue
            if declarator.range().start.index > call.range().start.index:
                break
            made = value
        if made is not None:
            break
    if made is None or not _MADE.match(made.text()):
        return None
    args = made.field("arguments")
    first = next(iter(args.named_children()), None) if args is not None else None
    found = _BINDING.match(first.text()) if first is not None else None
    if found is None:
        return None
    env = re.sub(r"\s+", "", found.group("env"))
    return None if env in _NOT_BINDINGS else env


def _receiver(call: SgNode) -> str | None:
    """The name a call's member chain starts with (``stripe`` in
    ``stripe.checkout.sessions.create``)."""
    node = call.field("function")
    while node is not None and node.kind() == "member_expression":
        node = node.field("object")
    return node.text() if node is not None and node.kind() == "identifier" else None


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

"""Whether a name a value reads is bound on every path to a call, where the call can see it.

X035 writes the email a Stripe customer was made from as the Dodo call's customer. Read in the
Firebase extension's shape: ``if (!rec?.stripeId) { const { email } = await lookupUser(uid); rec
= await makeCustomer({ uid, email }); }`` then the checkout with ``customer: rec.stripeId``: the
suggestion wrote ``customer: email ? { email } : null`` at the call, where ``email`` is not
declared (a TypeScript compile error), and a returning buyer, whose Stripe customer the code
already had, lost it. A name bound only inside a branch or block that does not hold the call is
no value at the call: X035 is not said there (the customer is looked up as it is).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

_ROOT: Final = re.compile(r"^\s*[$@]?([A-Za-z_]\w*)")
_BINDINGS: Final = {
    "node": ("variable_declarator", "assignment_expression"),
    "python": ("assignment",),
    "ruby": ("assignment",),
    "php": ("assignment_expression",),
}
_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "function_definition",
        "method",
        "singleton_method",
        "method_declaration",
        "anonymous_function",
        "lambda",
    }
)
BRANCHES: Final = frozenset(
    {
        "statement_block",
        "if_statement",
        "else_clause",
        "elif_clause",
        "block",
        "for_statement",
        "for_in_statement",
        "while_statement",
        "try_statement",
        "catch_clause",
        "except_clause",
        "if",
        "unless",
        "then",
        "else",
        "compound_statement",
        "foreach_statement",
    }
)


def seen_everywhere(call: SgNode, value: str, family: str) -> bool:
    """Whether the name ``value`` starts with (``email``, ``user.email``'s ``user``) is bound,
    in the function around ``call``, only where every path to the call passes (no binding in a
    branch or block that does not hold the call); true when the function binds it nowhere (a
    parameter, a module name)."""
    found = _ROOT.match(value)
    kinds = _BINDINGS.get(family)
    function = next((a for a in call.ancestors() if a.kind() in _FUNCTIONS), None)
    if found is None or kinds is None or function is None:
        return True
    name, at = found.group(1), call.range().start.index
    for kind in kinds:
        for bind in function.find_all(kind=kind):
            if bind.range().start.index >= at or not _binds(bind, name, family):
                continue
            for above in bind.ancestors():
                if above == function:
                    break
                if above.kind() in BRANCHES and not holds(above, at):
                    return False
    return True


_NAMES: Final = {
    "node": ("identifier", "shorthand_property_identifier_pattern"),
    "python": ("identifier",),
    "ruby": ("identifier",),
    "php": ("variable_name",),
}


def _binds(bind: SgNode, name: str, family: str) -> bool:
    """Whether a binding's target (its name, or a pattern's names) is ``name``."""
    target = bind.field("name") or bind.field("left")
    if target is None:
        return False
    words = {target.text().lstrip("$@")} | {
        n.text().lstrip("$@") for kind in _NAMES[family] for n in target.find_all(kind=kind)
    }
    return name in words


def holds(node: SgNode, at: int) -> bool:
    rng = node.range()
    return rng.start.index <= at < rng.end.index

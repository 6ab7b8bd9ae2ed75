"""Go function types used to inject the Stripe call (``type NewSession func(params
*stripe.CheckoutSessionParams) (*stripe.CheckoutSession, error)``).

A factory returns a closure of such a type (``func StripeNewSession() NewSession { return
func(p *stripe.CheckoutSessionParams) (...) { return session.New(p) } }``), a struct keeps it in
a field (``newSession NewSession``) and the code calls the field
(``s.newSession(&stripe.CheckoutSessionParams{...})``). The closure is the wrapper, named by its
type (:func:`closure_type`); a call of a field, variable or parameter declared of that type is a
call of it (:func:`typed_calls`), so the params built at the call are the checkout's.
"""

from __future__ import annotations

from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache
from migrate.scan.nodes import of_kind

_DECLARATIONS: Final = ("field_declaration", "parameter_declaration", "var_spec")
_NOT_NAMED: Final = frozenset({"any", "error", "interface{}"})
_FUNCTIONS: Final = frozenset({"function_declaration", "method_declaration"})


def closure_type(literal: SgNode) -> str | None:
    """The named type a Go ``func_literal`` is a value of when it is what a named function
    returns and that function's one result is a named type (a function type, then): the
    literal's name for its callers (an HTTP handler's closure, ``func(w, r)``, is one too, but
    no wrapper: the framework calls it). None otherwise."""
    parent = literal.parent()
    if parent is not None and parent.kind() == "expression_list":
        parent = parent.parent()
    if parent is None or parent.kind() != "return_statement":
        return None
    function = next(
        (a for a in parent.ancestors() if a.kind() in _FUNCTIONS or a.kind() == "func_literal"),
        None,
    )
    if function is None or function.kind() == "func_literal":
        return None
    result = function.field("result")
    if result is None or result.kind() not in ("type_identifier", "qualified_type"):
        return None
    name = result.text().rsplit(".", 1)[-1]
    return None if name in _NOT_NAMED else name


def typed_calls(root: SgNode, names: set[str]) -> dict[str, str]:
    """The names a Go file declares (struct fields, parameters, variables) of a type named in
    ``names``: name -> the type as written (``NewSession``, ``billing.NewSession``)."""
    cache = file_cache(root)
    key = ("go-typed-calls", frozenset(names))
    found: dict[str, str] | None = cache.get(key)
    if found is None:
        found = cache[key] = _typed(root, names)
    return found


def _typed(root: SgNode, names: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for kind in _DECLARATIONS:
        for decl in of_kind(root, kind):
            typ = decl.field("type")
            if typ is None or typ.kind() not in ("type_identifier", "qualified_type"):
                continue
            if typ.text().rsplit(".", 1)[-1] not in names:
                continue
            for name in decl.field_children("name"):
                out[name.text()] = typ.text()
    return out

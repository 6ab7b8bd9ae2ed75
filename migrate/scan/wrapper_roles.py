"""How a call of a project wrapper is read, where its receiver does not say.

- A method call on a receiver the scan cannot type, in a dynamic language (a Rails controller's
  ``stripe.create_checkout_session(plan: ..., family_email: ...)``, ``stripe`` a memoised
  private method returning the registry's provider): a call of the one wrapper of that name
  when its keyword arguments name that wrapper's parameters, each it requires among them.
- A call of a wrapper in another overload of it (Java, C#: ``CreateAsync(Amount total)``
  calling ``CreateAsync(options)``): a delegation, which makes that overload a wrapper too.
"""

from __future__ import annotations

from typing import Final

from ast_grep_py import SgNode

from migrate.scan.symbols import function_at
from migrate.scan.wrapper_binding import call_arguments
from migrate.scan.wrapper_index import Wrapper

_KEYWORD_FAMILIES: Final = frozenset({"ruby", "python"})
"""The languages whose calls name their arguments (Ruby's keyword arguments and hash, Python's
keyword arguments) and whose receivers may be any object."""
_RECEIVERS: Final = frozenset({"self", "cls"})
"""A Python method's own first parameter: the receiver, never an argument."""
_KEYWORDS: Final = 2
"""At least so many keyword arguments, each a parameter of the wrapper: a name alone says
little (``create(...)``), its parameters' names together do."""


def keyed_call(
    call: SgNode, callee: str, wrapper: Wrapper, named: int, sole: tuple[str, ...]
) -> bool:
    """Whether ``call`` (a method call, ``callee``, whose receiver was not typed) is a call of
    ``wrapper``, the only one of ``named`` wrappers of its name: in Ruby or Python, a method's
    call with at least :data:`_KEYWORDS` keyword arguments, all of them its parameters and
    each one it requires among them; never when the wrapper's class implements a base or
    interface another class of the tree implements too (``sole``: those no other class does),
    as each payment provider of an app implements ``create_invoice`` (lnbits: a PayPal
    webhook's call was taken for the Stripe provider's)."""
    family = wrapper.family
    if family not in _KEYWORD_FAMILIES or named != 1 or "." not in callee or not wrapper.owner:
        return False
    if set(wrapper.interfaces) - set(sole):
        return False
    args = call_arguments(call, family)
    if args.positional or args.spread or len(args.keyword) < _KEYWORDS:
        return False
    own = [p for p in wrapper.params if not p.rest and p.bare not in _RECEIVERS]
    params = {p.bare for p in own}
    required = {p.bare for p in own if p.default is None}
    given = set(args.keyword)
    return given <= params and required <= given


def delegates(call: SgNode, wrapper: Wrapper, path: str) -> bool:
    """Whether a call of a wrapper is in another overload of it (same class, same name)."""
    if not wrapper.overloads or path != wrapper.file:
        return False
    function = function_at(call, wrapper.family, callbacks=True)
    return (
        function is not None
        and function.name == wrapper.name
        and function.owner == wrapper.owner
        and function.params != wrapper.params
        and function.params in wrapper.overloads
    )

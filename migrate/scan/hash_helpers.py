"""The helper a PHP or Ruby call runs, with its parameters bound to the call's arguments.

``migrate/scan/hashflow.py`` reads what such a helper returns when it builds the params; a
price made in Stripe by a helper (``$price = $this->priceFor($product, $amount)`` with
``priceFor`` returning ``\\Stripe\\Price::create([...])``, PMPro's "get or create a price for
this amount") is read through the same binding (``migrate/scan/made_prices.py``): the helper
is a method of the class around the call (``$this->name(...)``, ``self::`` / ``static::`` /
the class's own name; Ruby's ``name(...)`` or ``self.name(...)``) or a function of the file.
"""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.extract import arguments
from migrate.scan.hashflow_values import inside
from migrate.scan.lang.php import bind_args as php_bind
from migrate.scan.lang.php_source import CLASSES, class_method, file_functions
from migrate.scan.lang.ruby import bind_args as ruby_bind
from migrate.scan.lang.ruby_source import method_of

Target = tuple[SgNode, dict[str, SgNode | None]]


def helper_target(call: SgNode, family: str) -> Target | None:
    """The helper ``call`` runs and its parameters bound to the call's arguments; None when it
    is no helper of the file (another object's method, a library's function)."""
    found = _php(call) if family == "php" else _ruby(call) if family == "ruby" else None
    if found is None or inside(call, found):
        return None
    bind = php_bind if family == "php" else ruby_bind
    return found, bind(found, arguments(call))


def _php(call: SgNode) -> SgNode | None:
    kind = call.kind()
    if kind == "function_call_expression":
        function = call.field("function")
        return file_functions(call).get(function.text()) if function is not None else None
    name = call.field("name")
    if name is None:
        return None
    cls = next((a for a in call.ancestors() if a.kind() in CLASSES), None)
    if cls is None:
        return None
    if kind == "member_call_expression":
        receiver = call.field("object")
        own = receiver is not None and receiver.text() == "$this"
    elif kind == "scoped_call_expression":
        scope, named = call.field("scope"), cls.field("name")
        written = scope.text().lower() if scope is not None else ""
        own = written in ("self", "static") or (
            named is not None and written == named.text().lower()
        )
    else:
        return None
    return class_method(cls, name.text()) if own else None


def _ruby(call: SgNode) -> SgNode | None:
    if call.kind() != "call" or call.field("block") is not None:
        return None
    method, receiver = call.field("method"), call.field("receiver")
    if method is None or (receiver is not None and receiver.kind() != "self"):
        return None
    return method_of(call, method.text())

"""Go: stripe-go's ``session.New(&stripe.CheckoutSessionParams{...})`` (the package imported
from ``.../checkout/session``) and the client API's ``sc.V1CheckoutSessions.Create(ctx, params)``.

Params are composite literals whose field names become snake_case keys (``SuccessURL`` ->
``success_url``). The SDK's pointer helpers (``stripe.String("x")``, ``stripe.Int64(1)``...) are
unwrapped, enum constants (``stripe.CheckoutSessionModePayment``) become their API value, and a
params variable picks up the field assignments, ``AddMetadata``/``AddExpand`` calls and
``append``s made to it between its binding and its use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode, SgRoot

from migrate.scan import built_lists, reach
from migrate.scan.cases import go_in_arm, go_type_bound
from migrate.scan.extract import (
    MAX_DEPTH,
    OMIT,
    RUN_TIME_OPTIONS,
    Binding,
    Dynamic,
    Extracted,
    arguments,
    dynamic_marker,
    file_cache,
    is_dynamic,
    join,
    start,
    text,
)
from migrate.scan.flow import Branch, Control, FlowExtractor, Loop, Plain, Render, is_each
from migrate.scan.go_fills import filled_by_call, go_local_text
from migrate.scan.go_returns import first_of_several, go_returned
from migrate.scan.go_scope import go_function_of, go_in_scope
from migrate.scan.lang.go_fields import copied_map as _copied
from migrate.scan.lang.go_fields import descend as _descend
from migrate.scan.lang.go_fields import (
    enum_value,
    go_choice,
    go_number,
    pointer_helper,
    set_element_fields,
    unplaced,
)
from migrate.scan.lang.go_fields import fields_of as _fields
from migrate.scan.lang.go_fields import indexed as _indexed
from migrate.scan.lang.go_fields import items as _items
from migrate.scan.lang.go_fields import made as _made
from migrate.scan.lang.go_fields import reads_index as _reads
from migrate.scan.lang.go_imports import STRIPE_ROOT as _STRIPE_ROOT
from migrate.scan.lang.go_imports import go_string
from migrate.scan.lang.go_imports import imports as _imports
from migrate.scan.lang.go_shapes import (
    LIST_TYPES,
    STRUCT_TYPES,
    Shape,
    basic_pointer,
    element_shape,
    guessed_shape,
)
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import CallPattern, Family, snake
from migrate.scan.reach import Paths
from migrate.scan.tree_constants import go_constant
from migrate.scan.wrapper_locals import written_names

CHECKOUT_SESSION_PACKAGE: Final = "/checkout/session"
_PORTAL_PACKAGE: Final = "/billingportal/session"
"""The import path suffix of stripe-go's Checkout Session package."""
STRIPE_GO: Final = "github.com/stripe/stripe-go"
"""The module path of stripe-go (any major version)."""

_POINTERS: Final = frozenset({"String", "Int64", "Int", "Bool", "Float64"})
"""``stripe.X(v)`` helpers that only take the address of ``v``."""
_SLICES: Final = frozenset({"StringSlice", "Int64Slice", "Float64Slice", "BoolSlice"})
_CONVERSIONS: Final = frozenset({"string", "int", "int64", "float64", "bool"})
_REQUEST_OPTIONS: Final = frozenset(
    {"idempotency_key", "stripe_account", "context", "headers", "stripe_context", "stripe_version"}
)
"""Fields of the embedded ``stripe.Params`` that are request options, not params."""


_MATCHERS: Final = frozenset({"gomock.Any()", "mock.Anything", "gomock.Eq", "mock.AnythingOfType"})
"""gomock / testify matchers: a call given one is a stub or an expectation, not a request."""


_BLOCKS: Final = frozenset({"block", "expression_case", "default_case", "type_case"})
"""The blocks a ``:=`` declares its variables in (a function's own body: the function's)."""


class GoExtractor(FlowExtractor):
    family: ClassVar[Family] = "go"
    at_call: int = 0
    paths: ClassVar[Paths | None] = reach.GO
    functions: ClassVar[frozenset[str]] = frozenset(
        {"function_declaration", "method_declaration", "func_literal"}
    )
    wrappers: ClassVar[frozenset[str]] = frozenset(
        {"parenthesized_expression", "literal_element", "expression_list"}
    )
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("short_var_declaration", "left", "right"),
        ("var_spec", "name", "value"),
        ("assignment_statement", "left", "right"),
    )

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if any("".join(a.text().split()).startswith(tuple(_MATCHERS)) for a in arguments(call)):
            return False
        if pattern.guard is None:
            return True
        if pattern.guard == "go_stripe_package":
            return self._stripe_package(call, pattern.callees[0].split(".", 1)[0])
        if pattern.guard not in ("go_checkout_session", "go_portal_session"):
            return False
        package = (
            CHECKOUT_SESSION_PACKAGE if pattern.guard == "go_checkout_session" else _PORTAL_PACKAGE
        )
        function = call.field("function")
        if function is None:
            return False
        if function.kind() == "identifier":  # import . ".../checkout/session"
            return any(
                alias == "." and path.endswith(package) for alias, path in _file(call).imports
            )
        operand = function.field("operand")
        if function.kind() != "selector_expression" or operand is None:
            return False
        if operand.kind() != "identifier":
            return False
        name = operand.text()
        imports = _file(call).imports
        bound = [path for alias, path in imports if alias == name]
        if bound:
            return any(path.endswith(package) for path in bound)
        if imports or name != "session" or package == _PORTAL_PACKAGE:
            return False
        # a snippet without imports (docs): session.New must be given Checkout params
        if text(function.field("field")) != "New":
            return True
        args = arguments(call)
        return bool(args) and self._params_type(args[-1]) in (
            "CheckoutSessionParams",
            "CheckoutSessionCreateParams",
        )

    def _stripe_package(self, call: SgNode, package: str) -> bool:
        """Whether ``call`` is ``package.F(...)`` with ``package`` imported from stripe-go
        (``.../stripe-go/v82/paymentintent``), not a local value of that name; a snippet
        without imports (docs) is given the benefit of the doubt."""
        function = call.field("function")
        operand = function.field("operand") if function is not None else None
        if operand is None or operand.kind() != "identifier":
            return False
        imports = _file(call).imports
        bound = [path for alias, path in imports if alias == operand.text()]
        if bound:
            return any(STRIPE_GO in path and path.endswith("/" + package) for path in bound)
        return operand.text() == package and not imports

    def _params_type(self, node: SgNode) -> str | None:
        """The type name of the composite literal ``node`` is (or is bound to)."""
        for _ in range(MAX_DEPTH):
            node = self.unwrap(node)
            operand = node.field("operand") if node.kind() == "unary_expression" else None
            if operand is not None:  # &stripe.CheckoutSessionParams{...}
                node = operand
                continue
            if node.kind() == "identifier":
                found = self.binding(node)
                if found is None:
                    return None
                node = found[0]
                continue
            if node.kind() in ("composite_literal", "qualified_type"):
                typ = node.field("type") if node.kind() == "composite_literal" else node
                return text(typ).rsplit(".", 1)[-1] if typ is not None else None
            return None
        return None

    # -- params --------------------------------------------------------------------------

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        """The last argument (after an optional ``ctx``) holds the params struct."""
        params: dict[str, Any] = {}
        args = arguments(call)
        if args:
            self.merge(params, args[-1], "", args[-1].text())
        return params

    def id_node(self, call: SgNode, pattern: CallPattern) -> SgNode | None:
        """The id comes just before the params (``Update(ctx, id, params)``)."""
        args = arguments(call)
        return args[-2] if len(args) >= 2 else None

    # -- names ---------------------------------------------------------------------------

    def reaches(self, node: SgNode, use: int) -> bool:
        """As every language's, and a variable ``:=`` declares in an inner block (a ``case``,
        an ``if``'s block) is another variable outside it: ``price := "price_pro"`` under
        ``case "pro":`` leaves the ``price`` of the function as it was (found by review)."""
        declared = next((a for a in node.ancestors() if a.kind() == "short_var_declaration"), None)
        if declared is not None:
            block = next((a for a in declared.ancestors() if a.kind() in _BLOCKS), None)
            outer = block.parent() if block is not None else None
            inner = block is not None and outer is not None and outer.kind() not in self.functions
            if inner and block is not None and not start(block) <= use < block.range().end.index:
                return False
        return super().reaches(node, use)

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        """``name := v``, ``var name = v`` (or ``var name T``: its zero value), ``const name =
        v`` and ``name = v`` made directly in ``scope``, multiple assignment included (read
        once per scope, every name)."""
        cache = file_cache(scope)
        key = (type(self), "go-bindings", scope)
        if key not in cache:
            cache[key] = self._bindings(scope)
        found: list[Binding] = cache[key].get(name, [])
        return found

    def _bindings(self, scope: SgNode) -> dict[str, list[Binding]]:
        """The bindings made directly in ``scope``, by name."""
        out: dict[str, list[Binding]] = {}
        for kind in ("short_var_declaration", "var_spec", "const_spec", "assignment_statement"):
            for node in self.direct(scope, kind):
                if kind in ("var_spec", "const_spec"):
                    targets = [c for c in node.children() if c.kind() == "identifier"]
                    right = node.field("value")
                    values = _items(right) if right is not None else []
                    typ = node.field("type")
                    if right is None and typ is not None:
                        values = [typ] * len(targets)
                else:
                    left, right = node.field("left"), node.field("right")
                    if left is None or right is None:
                        continue
                    targets = _items(left)
                    values = _items(right)
                    if kind == "assignment_statement" and text(node.field("operator")) != "=":
                        values = [node] * len(targets)  # x += y: no longer a literal
                name = text(targets[0].field("operand")) if _indexed(targets) else ""
                if name and any(_made(b[1]) for b in out.get(name, [])):  # items[i] = v
                    out[name].append((start(node), node, node.range().end.index))
                for i, target in enumerate(targets):
                    if target.kind() != "identifier" or (i and len(values) != len(targets)):
                        continue  # a, b := f(): b is no first result (its name at run time)
                    value = values[i] if len(values) == len(targets) else right
                    if value is None:
                        continue
                    binding = (start(node), value, node.range().end.index)
                    out.setdefault(target.text(), []).append(binding)
        return out

    def update(
        self, value: Any, scope: SgNode, name: str, span: tuple[int, int], path: str
    ) -> None:
        if type(value) is not dict:
            return
        after, before = span
        found: list[tuple[int, SgNode]] = []
        for kind in ("assignment_statement", "call_expression"):
            for node in self.rooted(scope, kind, name, after, before):
                at = start(node)
                parent = node.parent()
                if kind == "call_expression" and (
                    parent is None or parent.kind() != "expression_statement"
                ):
                    continue
                found.append((at, node))
        found.sort(key=lambda f: f[0])
        for _, node in built_lists.carried(self, value, name, path, found):

            def apply(node: SgNode = node) -> None:
                if node.kind() == "assignment_statement":
                    self._assign(value, node, name, path)
                else:
                    self._method(value, node, name, path)

            self.under(value, node, before, scope, apply=apply, path=path)

    # -- branches, loops, helpers --------------------------------------------------------

    def control(self, ancestor: SgNode, child: SgNode) -> Control | None:
        kind = ancestor.kind()
        if kind == "if_statement":
            condition = ancestor.field("condition")
            consequence, alternative = ancestor.field("consequence"), ancestor.field("alternative")
            if condition is None or child not in (consequence, alternative):
                return None
            return Branch(ancestor, condition.text(), child == consequence)
        if kind == "for_statement" and child == ancestor.field("body"):
            clause = next(
                (c for c in ancestor.named_children() if c.kind() == "range_clause"), None
            )
            left = clause.field("left") if clause is not None else None
            right = clause.field("right") if clause is not None else None
            names = _items(left) if left is not None else []
            if right is None or len(names) != 2 or names[1].kind() != "identifier":
                return Loop(ancestor, None)  # for i := range xs, for ;; : not one per element
            var, body = names[1].text(), ancestor.field("body")
            if names[0].kind() == "identifier" and _reads(body, names[0].text()):
                var = f"{names[0].text()}, {var}"  # the index too, which the body reads
            return Loop(ancestor, self.text_of(right), var)
        return None

    def is_type(self, node: SgNode) -> bool:
        return node.kind() in STRUCT_TYPES | LIST_TYPES | {"map_type"}

    def append_count(self, value: SgNode, name: str) -> int | None:
        if value.kind() != "call_expression" or text(value.field("function")) != "append":
            return None
        args = arguments(value)
        if not args or args[0].text() != name or any(a.kind() == "variadic_argument" for a in args):
            return None  # append(xs, more...): how many, only run time tells
        return len(args) - 1

    def choice_text(self) -> Render:
        return go_choice

    def unwritten(self, value: SgNode) -> bool:
        call = (_items(value) or [value])[0]
        several = call.kind() == "call_expression" and first_of_several(call) is not None
        return several or self.is_type(value)

    def local_text(
        self, value: SgNode, ident: SgNode, write: Callable[[SgNode], str]
    ) -> str | None:
        return go_local_text(value, ident, write)  # var row T; db.First(&row, id)

    def scope(self, node: SgNode) -> SgNode:  # a literal run in place is its caller's
        return go_function_of(node, self.functions)

    def text_of(self, node: SgNode) -> str:  # a type switch's name, a block's: their values
        several = first_of_several(node) if node.kind() == "call_expression" else None
        if several is not None:
            return several  # price, err := lookup(plan): price
        written = go_type_bound(
            node, super().text_of(node), self.text_of, self.at_call, self.hidden
        )
        return go_in_scope(node, written, self.at_call, self.text_of, self.hidden)

    def folded(self, name: SgNode, path: str) -> tuple[Any] | Plain | None:
        """As every language's, but a value (not a struct: its keys are read) set in a type
        switch's arm whose subject cannot be written again at the call (``loadPlan(id)``) is
        the name's own value at run time."""
        use, scope = start(name), self.scope(name)
        found = [b[1] for b in self.bindings(scope, name.text()) if b[2] <= use]
        if any(go_in_arm(v, use) and "{" not in v.text() for v in found):
            return None
        return super().folded(name, path)

    def call(self, call: SgNode, pattern: CallPattern) -> Extracted:
        self.at_call = start(call)  # what the Dodo call writes must be in scope there
        return super().call(call, pattern)

    def helpers(self, node: SgNode) -> dict[str, list[SgNode]]:
        cache = file_cache(node)
        found: dict[str, list[SgNode]] | None = cache.get("go-functions")
        if found is None:
            found = {}
            top = node.get_root().root()
            for kind in ("function_declaration", "method_declaration"):
                for decl in of_kind(top, kind):
                    found.setdefault(text(decl.field("name")), []).append(decl)
            cache["go-functions"] = found
        return found

    def helper_parameters(self, decl: SgNode) -> list[str]:
        params = decl.field("parameters")
        names: list[str] = []
        for param in params.named_children() if params is not None else []:
            if param.kind() == "parameter_declaration":
                names.extend(c.text() for c in param.children() if c.kind() == "identifier")
        return names

    def returned(self, decl: SgNode) -> SgNode | None:
        body = decl.field("body")
        if body is None:
            return None
        returns = [r for r in body.find_all(kind="return_statement") if self.scope(r) == decl]
        return go_returned(decl, returns)

    def is_member_name(self, node: SgNode) -> bool:
        parent = node.parent()
        grand = parent.parent() if parent is not None else None
        return (
            parent is not None
            and grand is not None
            and grand.kind() == "keyed_element"
            and grand.field("key") == parent
        )

    def _assign(self, value: dict[str, Any], node: SgNode, name: str, path: str) -> None:
        left, right = node.field("left"), node.field("right")
        if left is None or right is None or text(node.field("operator")) != "=":
            return
        targets, values = _items(left), _items(right)
        if len(targets) != 1 or len(values) != 1:
            return
        fields = _fields(targets[0], name, self._map_key)
        if not fields:
            return
        key = fields[-1]
        if -1 in fields or not isinstance(key, str):  # params.LineItems[i].Price = ...
            self.dynamic.extend(unplaced(value, fields, path, targets[0], self.flow.loops))
            return
        into, where = _descend(value, fields[:-1], path)
        if into is None:
            return
        source = self.unwrap(values[0])
        args = arguments(source) if source.kind() == "call_expression" else []
        if (
            text(source.field("function")) == "append"
            and args
            and "".join(args[0].text().split()) == "".join(targets[0].text().split())
        ):
            items = into.get(key)
            items = items if type(items) is list else []
            self._append(items, args[1:], join(where, key))
            into[key] = items
            return
        if len(fields) == 1 and key in _REQUEST_OPTIONS:
            self.options.append((key, values[0].text()))  # params.StripeAccount = ...
            return
        if key == "params":  # params.Params = stripe.Params{...}: the embedded struct
            self._field(into, "Params", values[0], where)
            return
        self.put(into, key, values[0], where)

    def _method(self, value: dict[str, Any], node: SgNode, name: str, path: str) -> None:
        function = node.field("function")
        if function is None or function.kind() != "selector_expression":
            return
        operand = function.field("operand")
        method = text(function.field("field"))
        fields = _fields(operand, name) if operand is not None else None
        if fields is None or operand is None:
            return
        if -1 in fields or (fields and not isinstance(fields[-1], str)):
            self.dynamic.extend(unplaced(value, fields, path, operand))
            return
        into, where = _descend(value, fields, path)
        if into is None:
            return
        args = arguments(node)
        option = snake(method.removeprefix("Set")) if method.startswith("Set") else ""
        if option in _REQUEST_OPTIONS and len(args) == 1:  # params.SetStripeAccount(acct)
            self.options.append((option, args[0].text()))
        elif method == "AddMetadata" and len(args) == 2:
            metadata = into.setdefault("metadata", {})
            if type(metadata) is dict:
                self._keyed(metadata, args[0], args[1], join(where, "metadata"), node.text())
        elif method == "AddExtra" and len(args) == 2:
            self._keyed(into, args[0], args[1], where, node.text())
        elif method == "AddExpand" and len(args) == 1:
            expand = into.setdefault("expand", [])
            if type(expand) is list:
                self._append(expand, args, join(where, "expand"))

    def _keyed(self, into: dict[str, Any], key: SgNode, value: SgNode, path: str, src: str) -> None:
        got = self._map_key(key)
        if got is not None:
            self.put(into, got, value, path)
        else:  # `for k, v := range extra { params.AddMetadata(k, v) }` puts all of `extra`
            whole = _copied(self.flow.loops, key, value)
            self.dynamic.append(Dynamic(path, whole or src, tuple(into) if whole else ()))

    def _map_key(self, key: SgNode) -> str | None:
        """A map key the code writes as a text (a literal, a constant); None at run time."""
        loops, self.flow.loops = self.flow.loops, []  # a range's key: no element of a list
        try:
            got = self.quietly(lambda: self.value(key, "", record=False))
        finally:
            self.flow.loops = loops
        return got if type(got) is str else None

    def _append(self, items: list[Any], args: list[SgNode], path: str) -> None:
        for arg in args:
            if arg.kind() == "variadic_argument":
                inner = arg.named_children()
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    items.extend(got)
                    continue
                self.dynamic.append(Dynamic(f"{path}[{len(items)}]", arg.text()))
                items.append({"$dynamic": arg.text()})
                continue
            got = self.value(arg, f"{path}[{len(items)}]")
            items.append(None if got is OMIT else got)

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "interpreted_string_literal":
            return (go_string(node),)
        if kind == "raw_string_literal":
            return (node.text()[1:-1].replace("\r", ""),)
        if kind in ("int_literal", "float_literal"):
            return go_number(node.text())
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "nil":
            return (OMIT,)
        if kind == "identifier":
            return self.resolve(node, path) or self._package_constant(node)
        if kind == "unary_expression":
            return self._unary(node, path)
        if kind == "composite_literal":
            return self._composite(node, path)
        if kind == "literal_value":
            return self._whole(self._body(node, path, ""))
        if kind == "call_expression":
            return self._call(node, path)
        if kind == "selector_expression":
            return self._constant(node, path)
        if kind == "qualified_type" and node.text().endswith("Params"):
            return ({},)  # var params stripe.CheckoutSessionParams: the zero value
        if kind == "pointer_type" and basic_pointer(node) and not filled_by_call(node):
            return (OMIT,)  # var customer *string: nil until the code points it somewhere
        if kind == "slice_type":
            return ([],)  # var items []*stripe.CheckoutSessionLineItemParams: nil, appended to
        if kind == "assignment_statement":  # items[i] = v in a range over what made items
            left, right = node.field("left"), node.field("right")
            assert left is not None and right is not None
            first = self.value(_items(left)[0].field("operand") or left, path, record=False)
            if first != []:
                return None
            element = self.value(_items(right)[0], f"{path}[0]")
            if type(element) is dict:  # items[i].Quantity = ... after it, in the loop
                set_element_fields(self, element, node, f"{path}[0]")
            return ([element],)
        return None

    def _unary(self, node: SgNode, path: str) -> tuple[Any] | None:
        operand, operator = node.field("operand"), text(node.field("operator"))
        if operand is None:
            return None
        if operator == "&":  # &billingID is stripe.String(billingID): the value is billingID
            inner = self.unwrap(operand)
            got = self.literal(inner, path)
            return (
                got
                if got is not None or inner.kind() == "composite_literal"
                else (self.value(inner, path),)
            )
        if operator == "*" and (inner := self.unwrap(operand)).kind() == "call_expression":
            return self._call(inner, path)  # *stripe.String("web"): "web", as the call reads
        if operator in ("-", "+") and operand.kind() in ("int_literal", "float_literal"):
            got = go_number(operand.text())
            if got is not None and operator == "-":
                return (-got[0],)
            return got
        return None

    def _call(self, node: SgNode, path: str) -> tuple[Any] | None:
        function = node.field("function")
        args = arguments(node)
        if function is None:
            return None
        if function.kind() == "selector_expression":
            operand = function.field("operand")
            package, name = text(operand), text(function.field("field"))
            if package in _stripe(node) and len(args) == 1 and name in _POINTERS | _SLICES:
                return (self.value(args[0], path),)  # dynamic: the text inside the helper
            imported = [p for alias, p in _file(node).imports if alias == package]
            if len(args) == 1 and any(pointer_helper(p, name) for p in imported):
                return (self.value(args[0], path),)  # lo.ToPtr(x), ptr.To(x): x
            if (
                operand is not None
                and operand.kind() == "identifier"
                and not any(alias == package for alias, _ in _file(node).imports)
            ):
                return self.helper(node, name, args, path)  # s.params(req): a method
            return None
        name = function.text()
        if name in _CONVERSIONS and len(args) == 1:
            inner = self.quietly(lambda: self.value(args[0], path))
            if name in ("int", "int64") and is_dynamic(inner) and len(inner) == 1:
                return None  # int64(price * 100): the conversion is the value (it truncates)
            return (self.value(args[0], path),)
        if name == "make" and args and (args[0].kind() in (*LIST_TYPES, "map_type")):
            # make([]T, len(xs)): filled by index in a range over xs; make(map[K]V): by key
            return ({} if args[0].kind() == "map_type" else [],)
        if name == "append" and args:
            first = self.value(args[0], path, record=False)
            if is_each(first):
                first = [first]  # appended to an each: the each, then these
            if type(first) is not list:
                return None
            items = list(first)
            self._append(items, args[1:], path)
            return (items,)
        if function.kind() == "identifier":
            return self.helper(node, name, args, path)
        return None

    def _constant(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``stripe.CheckoutSessionModePayment`` as the field ``mode`` -> ``payment``: the
        constant's name after the field's own name (its type prefix ends with it); a string
        constant another package of the tree exports (``config.ProPriceID``) is its value."""
        operand = text(node.field("operand"))
        if operand not in _stripe(node):
            imported = [p for alias, p in _file(node).imports if alias == operand]
            if len(imported) != 1 or _STRIPE_ROOT.match(imported[0]) or _local(node, operand):
                return None
            value = go_constant(text(node.field("field")), import_path=imported[0])
            return (value,) if value is not None else None
        got = enum_value(text(node.field("field")), path)
        return (got,) if got is not None else None

    def _package_constant(self, node: SgNode) -> tuple[Any] | None:
        """A name no scope of its file binds, a string constant another file of its folder
        (package) declares: its value."""
        name = node.text()
        if not self.file or _local(node, name):
            return None
        value = go_constant(name, folder=PurePath(self.file).parent.as_posix())
        return (value,) if value is not None else None

    def _composite(self, node: SgNode, path: str) -> tuple[Any] | None:
        typ, body = node.field("type"), node.field("body")
        if typ is None or body is None:
            return None
        kind = typ.kind()
        if kind == "map_type":
            return self._whole(self._body(body, path, "map"))
        if kind in LIST_TYPES:
            element = typ.field("element")
            return self._whole(self._body(body, path, "list", element_shape(element)))
        if kind in STRUCT_TYPES:
            return self._whole(self._body(body, path, "struct"))
        return None

    def _whole(self, value: Any) -> tuple[Any] | None:
        return (value,) if value is not _KEYLESS else None

    def _nested(self, inner: SgNode, path: str, shape: Shape) -> Any:
        """A literal without a type inside another: a run-time value when it is a map with a
        key known only at run time."""
        got = self._body(inner, path, shape)
        if got is _KEYLESS:
            self.dynamic.append(Dynamic(path, inner.text()))
            return dynamic_marker(inner.text())
        return got

    def _body(self, body: SgNode, path: str, shape: Shape, element: Shape = "") -> Any:
        """A literal's elements as a list, a map or a struct; ``_KEYLESS`` for a map below the
        params with a key known only at run time (not a constant): a run-time value whole."""
        children = [c for c in body.named_children() if not is_comment(c)]
        mark, keyless = len(self.dynamic), False
        if not shape:
            shape = guessed_shape(children)
        if shape == "list":
            out: list[Any] = []
            for child in children:
                inner = self.unwrap(child)
                where = f"{path}[{len(out)}]"
                if inner.kind() == "literal_value":
                    out.append(self._nested(inner, where, element))
                    continue
                got = self.value(child, where)
                out.append(None if got is OMIT else got)
            return out
        fields: dict[str, Any] = {}
        for child in children:
            key_node, value = child.field("key"), child.field("value")
            if child.kind() != "keyed_element" or key_node is None or value is None:
                self.dynamic.append(Dynamic(path, child.text()))
                continue
            key_node = self.unwrap(key_node)
            if shape == "struct":
                if key_node.kind() != "identifier":
                    self.dynamic.append(Dynamic(path, child.text()))
                    continue
                self._field(fields, key_node.text(), value, path)
                continue
            key = self.value(key_node, path, record=False)
            if type(key) in (int, float):
                key = str(key)
            if type(key) is not str:
                self.dynamic.append(Dynamic(path, child.text()))
                keyless = True
                continue
            inner = self.unwrap(value)
            if inner.kind() == "literal_value":
                fields[key] = self._nested(inner, join(path, key), element)
            else:
                self.put(fields, key, value, path)
        if keyless and path:
            del self.dynamic[mark:]
            return _KEYLESS
        return fields

    def _field(self, into: dict[str, Any], name: str, value: SgNode, path: str) -> None:
        inner = self.unwrap(value)
        if name == "Params":
            # the embedded stripe.Params (a literal, or a name bound to one): Metadata, Expand
            # (and request options, left out); one that cannot be read holds request options
            # the Dodo call cannot carry (X022)
            mark = len(self.dynamic)
            got = self.value(inner, path, record=False)
            options = {join(path, key) for key in _REQUEST_OPTIONS}
            # the options' own run-time values are not params: their findings say them
            self.dynamic[mark:] = [d for d in self.dynamic[mark:] if d.path not in options]
            if type(got) is dict and not is_dynamic(got):
                into.update({k: v for k, v in got.items() if k not in _REQUEST_OPTIONS})
                for key in sorted(set(got) & _REQUEST_OPTIONS):
                    shown = got[key]
                    source = shown["$dynamic"] if is_dynamic(shown) else str(shown)
                    self.options.append((key, source))
            else:
                self.options.append((RUN_TIME_OPTIONS, inner.text()))
            return
        self.put(into, snake(name), value, path)


# -- helpers ----------------------------------------------------------------------------------


@dataclass
class _File:
    """What is read once from the file being scanned: every call site asks again."""

    root: SgRoot
    imports: list[tuple[str, str]]


_CURRENT: list[_File] = []


def _file(node: SgNode) -> _File:
    root = node.get_root()
    if not _CURRENT or _CURRENT[0].root is not root:
        _CURRENT[:] = [_File(root, _imports(root.root()))]
    return _CURRENT[0]


def _local(node: SgNode, name: str) -> bool:
    """Whether a function around ``node`` has ``name`` as a parameter (a receiver, a result)
    or gives it a value: then it is no package constant."""
    word = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    for function in node.ancestors():
        if function.kind() not in GoExtractor.functions:
            continue
        heads = (function.field(f) for f in ("receiver", "parameters", "result"))
        if any(h is not None and word.search(h.text()) for h in heads):
            return True
        if name in written_names(function, GoExtractor.name_kinds):
            return True
    return False


def _stripe(node: SgNode) -> frozenset[str]:
    """The names stripe-go's root package goes by in ``node``'s file (``stripe``, or an alias:
    ``stripesdk "github.com/stripe/stripe-go/v76"``); ``stripe`` in a snippet without imports."""
    imports = _file(node).imports
    names = {alias for alias, path in imports if _STRIPE_ROOT.fullmatch(path)}
    if not any(alias == "stripe" for alias, _ in imports):
        names.add("stripe")  # not imported under that name: a snippet's stripe is stripe-go's
    return frozenset(names)


_KEYLESS: Final[Any] = object()
"""A map literal with a key known only at run time (``_body``)."""


def stripe_callee(call: SgNode, callee: str) -> str:
    """A call's callee with an aliased stripe-go package under its own name
    (``stripesub.New`` -> ``subscription.New`` where ``stripesub`` imports
    ``.../stripe-go/v83/subscription``), which the patterns spell."""
    head, dot, tail = callee.partition(".")
    if not dot or "." in tail:
        return callee
    for alias, path in _file(call).imports:
        if alias == head and STRIPE_GO in path:
            package = path.rsplit("/", 1)[-1]
            return f"{package}.{tail}" if package != head else callee
    return callee

"""C#: Stripe.net's ``new SessionService().Create(new SessionCreateOptions {...})`` (and
``CreateAsync``, a service held in a local, field, property or constructor parameter, or
``StripeClient``'s ``client.V1.Checkout.Sessions``).

Params are object initializers whose property names become snake_case keys (``SuccessUrl`` ->
``success_url``); ``List<T>``, arrays and collection expressions are lists, ``Dictionary``
initializers are maps. A name bound to an options object picks up the ``options.X = v``
assignments, ``options.LineItems.Add(...)``, ``options.Metadata["k"] = v`` and ``AddExpand``
calls made before its use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode, SgRoot

from migrate.scan import built_lists, reach
from migrate.scan.block_locals import scoped_text
from migrate.scan.callback_locals import callback_item
from migrate.scan.change_paths import descend
from migrate.scan.constants import constant
from migrate.scan.each_lambdas import as_statement, each_loop, enclosing_scope, lambda_changes
from migrate.scan.entry_copies import copied_map
from migrate.scan.extract import (
    MAX_DEPTH,
    OMIT,
    Binding,
    Dynamic,
    arguments,
    dynamic_marker,
    file_cache,
    is_dynamic,
    join,
    start,
    text,
)
from migrate.scan.flow import (
    Branch,
    Control,
    FlowExtractor,
    Loop,
    Render,
    choice_marker,
    each_marker,
    is_each,
)
from migrate.scan.helper_returns import one_value, value_of
from migrate.scan.lang.csharp_choices import conditional
from migrate.scan.lang.csharp_literals import (
    csharp_interpolated,
    csharp_number,
    csharp_raw_string,
    csharp_string,
)
from migrate.scan.lang.csharp_services import (
    BILLING_PORTAL_GUARD,
    SERVICES,
    csharp_choice,
    member_types,
    nullable_default,
    options_kind,
    portal_options,
    portal_service,
    service_kind,
    using_names,
)
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import CallPattern, Family, snake
from migrate.scan.reach import Paths

_LIST_TYPES: Final = frozenset({"List", "HashSet", "Collection", "SortedSet", "LinkedList"})
_DICT_TYPES: Final = frozenset(
    {"Dictionary", "SortedDictionary", "ConcurrentDictionary", "SortedList"}
)
_FUNCTIONS: Final = frozenset(
    {
        "method_declaration",
        "constructor_declaration",
        "local_function_statement",
        "lambda_expression",
        "anonymous_method_expression",
        "accessor_declaration",
    }
)
_ARRAYS: Final = frozenset(
    {"array_creation_expression", "implicit_array_creation_expression", "initializer_expression"}
)


@dataclass
class _Facts:
    """What is read once from the file being scanned: every call site asks again."""

    root: SgRoot
    usings: dict[str, str]
    members: dict[str, str]
    words: frozenset[str]
    """The service classes, client paths and options classes the file names."""


_CURRENT: list[_Facts] = []


_MATCHERS: Final = frozenset({"It", "Arg", "A"})
"""Moq's ``It.IsAny<T>()``, NSubstitute's ``Arg.Any<T>()``, FakeItEasy's ``A<T>._``: a call
given one is a stub or a verification, not a request."""
_MOCKS: Final = frozenset(
    {
        "Setup",
        "SetupSequence",
        "Verify",
        "Returns",
        "ReturnsAsync",
        "Received",
        "DidNotReceive",
        "CallTo",
        "When",
    }
)
_TO_LIST: Final = frozenset({"ToList", "ToArray", "ToHashSet"})


class CSharpExtractor(FlowExtractor):
    family: ClassVar[Family] = "csharp"
    paths: ClassVar[Paths | None] = reach.CSHARP
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    wrappers: ClassVar[frozenset[str]] = frozenset({"parenthesized_expression", "await_expression"})
    effect_statements: ClassVar[frozenset[str]] = frozenset({"expression_statement"})
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    )

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if _mocked(call):
            return False
        if pattern.guard is None:
            return True
        if pattern.guard == BILLING_PORTAL_GUARD:
            return self._portal(call)
        service = SERVICES.get(pattern.guard)
        function = call.field("function")
        if service is None or function is None or function.kind() != "member_access_expression":
            return False
        receiver = function.field("expression")
        if receiver is None:
            return False
        facts = self._facts(call)
        if not any(word in facts.words for word in service):
            return False  # the file names neither the service, its client path nor its options
        usings = facts.usings
        kind = service_kind(self._type_of(receiver), service, usings)
        if kind is not None:
            return kind
        # an unknown receiver: the options it is given tell
        return any(
            options_kind(self._options_type(arg), service[2], usings) for arg in arguments(call)
        )

    def _portal(self, call: SgNode) -> bool:
        """Whether ``call`` is ``Create`` on the billing portal's ``SessionService``: by its
        receiver's type, else by the options it is given."""
        function = call.field("function")
        receiver = function.field("expression") if function is not None else None
        if receiver is None or function is None or function.kind() != "member_access_expression":
            return False
        usings = self._facts(call).usings
        kind = portal_service(self._type_of(receiver), usings)
        if kind is not None:
            return kind
        return any(portal_options(self._options_type(arg), usings) for arg in arguments(call))

    def _facts(self, node: SgNode) -> _Facts:
        """What the file declares (read once per file: ``Create`` is a common name)."""
        root = node.get_root()
        if not _CURRENT or _CURRENT[0].root is not root:
            top = root.root()
            source = self.source or top.text()
            words = frozenset(w for names in SERVICES.values() for w in names if w in source)
            _CURRENT[:] = [_Facts(root, using_names(top), member_types(top), words)]
        return _CURRENT[0]

    def _type_of(self, node: SgNode) -> str | None:
        """The type of a service expression: ``new X()``'s ``X``, a name's declared type (or
        its ``var``'s value's), or a ``client.V1.Checkout.Sessions`` path."""
        node = self.unwrap(node)
        kind = node.kind()
        if kind == "object_creation_expression":
            return text(node.field("type"))
        if kind == "identifier":
            return self._declared(node)
        if kind == "member_access_expression":
            inner = node.field("expression")
            if inner is not None and inner.kind() == "this":
                return self._facts(node).members.get(text(node.field("name"))) or None
            return "".join(node.text().split())
        return None

    def _declared(self, name: SgNode) -> str | None:
        """The declared type of a local, parameter, field or property ``name``."""
        scope = self.scope(name)
        use = start(name)
        wanted = name.text()
        while scope.kind() in _FUNCTIONS:
            declared = [
                d
                for d in self.direct(scope, "variable_declarator")
                if text(d.field("name")) == wanted and d.range().end.index <= use
            ]
            if declared:
                last = max(declared, key=start)
                parent = last.parent()
                typ = parent.field("type") if parent is not None else None
                if typ is not None and typ.text() != "var":
                    return typ.text()
                value = _declarator_value(last)
                return self._type_of(value) if value is not None else None
            params = scope.field("parameters")
            for param in params.find_all(kind="parameter") if params is not None else []:
                if text(param.field("name")) == wanted:
                    return text(param.field("type")) or None
            scope = self.scope(scope)
        return self._facts(name).members.get(wanted) or None

    def _options_type(self, node: SgNode) -> str | None:
        for _ in range(MAX_DEPTH):
            node = self.unwrap(node)
            if node.kind() == "object_creation_expression":
                return text(node.field("type"))
            if node.kind() != "identifier":
                return None
            found = self.binding(node)
            if found is None:
                return None
            node = found[0]
        return None

    # -- names ---------------------------------------------------------------------------

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        """``var name = v`` / ``T name = v`` and ``name = v`` made directly in ``scope`` (read
        once per scope, every name)."""
        cache = file_cache(scope)
        key = (type(self), "csharp-bindings", scope)
        if key not in cache:
            cache[key] = self._bindings(scope)
        found: list[Binding] = cache[key].get(name, [])
        return found

    def _bindings(self, scope: SgNode) -> dict[str, list[Binding]]:
        out: dict[str, list[Binding]] = {}
        for node in self.direct(scope, "variable_declarator"):
            target, value = text(node.field("name")), _declarator_value(node)
            if value is None:
                continue
            out.setdefault(target, []).append((start(node), value, node.range().end.index))
        for node in self.direct(scope, "assignment_expression"):
            left, right = node.field("left"), node.field("right")
            if left is None or right is None or left.kind() != "identifier":
                continue
            parent = node.parent()
            if parent is not None and parent.kind() == "initializer_expression":
                continue  # an object initializer's property, not a variable
            if text(node.field("operator")) != "=":
                right = node
            out.setdefault(left.text(), []).append((start(node), right, node.range().end.index))
        return out

    def update(
        self, value: Any, scope: SgNode, name: str, span: tuple[int, int], path: str
    ) -> None:
        after, before = span
        found: list[tuple[int, SgNode]] = []
        for kind in ("assignment_expression", "invocation_expression"):
            for node in self.rooted(scope, kind, name, after, before):
                if as_statement(node.parent()):
                    found.append((start(node), node))
        found.sort(key=lambda f: f[0])
        for _, node in built_lists.carried(self, value, name, path, found):

            def apply(node: SgNode = node) -> None:
                if node.kind() == "assignment_expression":
                    self._assign(value, node, name, path)
                else:
                    self._method(value, node, name, path)

            self.under(value, node, before, scope, apply=apply, path=path)
        changed = lambda_changes(scope, name, span, "invocation_expression")
        self.dynamic.extend(Dynamic(path, c.text()) for c in changed)

    # -- branches, loops, helpers --------------------------------------------------------

    def control(self, ancestor: SgNode, child: SgNode) -> Control | None:
        kind = ancestor.kind()
        if kind == "if_statement":
            condition = ancestor.field("condition")
            if condition is None or child == condition:
                return None
            cond = scoped_text(self, condition, condition.text())  # its block's locals too
            return Branch(ancestor, cond, child != ancestor.field("alternative"))
        if kind == "foreach_statement" and child == ancestor.field("body"):
            var, over = ancestor.field("left"), ancestor.field("right")
            return Loop(ancestor, self.text_of(over) if over is not None else None, text(var))
        if kind in ("for_statement", "while_statement", "do_statement"):
            return Loop(ancestor, None) if child == ancestor.field("body") else None
        each = each_loop(ancestor, child) if kind == "invocation_expression" else None
        return Loop(ancestor, *each) if each is not None else None

    def scope(self, node: SgNode) -> SgNode:
        """As every language's, but a ``ForEach`` call's lambda is a loop's body (see
        ``migrate/scan/each_lambdas.py``), not a function."""
        return enclosing_scope(node, self.functions)

    def helpers(self, node: SgNode) -> dict[str, list[SgNode]]:
        cache = file_cache(node)
        found: dict[str, list[SgNode]] | None = cache.get("csharp-methods")
        if found is None:
            found = {}
            top = node.get_root().root()
            for kind in ("method_declaration", "local_function_statement"):
                for decl in of_kind(top, kind):
                    found.setdefault(text(decl.field("name")), []).append(decl)
            cache["csharp-methods"] = found
        return found

    def helper_parameters(self, decl: SgNode) -> list[str]:
        params = decl.field("parameters")
        if params is None:
            return []
        return [text(p.field("name")) for p in params.find_all(kind="parameter")]

    def returned(self, decl: SgNode) -> SgNode | None:
        body = decl.field("body")
        if body is None:
            return None
        if body.kind() == "arrow_expression_clause":
            inner = [c for c in body.named_children() if not is_comment(c)]
            return inner[0] if inner else None
        returns = [r for r in body.find_all(kind="return_statement") if self.scope(r) == decl]
        return one_value([value_of(r) for r in returns])

    def choice_text(self) -> Render:
        return csharp_choice

    def is_member_name(self, node: SgNode) -> bool:
        parent = node.parent()
        if parent is None:
            return False
        if parent.kind() == "member_access_expression":
            return parent.field("name") == node
        if parent.kind() == "assignment_expression" and parent.field("left") == node:
            grand = parent.parent()  # an object initializer's property name
            return grand is not None and grand.kind() == "initializer_expression"
        return False

    def _assign(self, value: Any, node: SgNode, name: str, path: str) -> None:
        left, right = node.field("left"), node.field("right")
        if left is None or right is None or text(node.field("operator")) != "=":
            return
        keys = _keys(left, name, self._map_key)
        if not keys:
            return
        if _UNREADABLE in keys:  # options.Metadata[key] = v with a key known at run time
            at = keys.index(_UNREADABLE)
            into, where = descend(value, keys[:at], path, dict)
            key = arguments_of(left.field("subscript")) if at == len(keys) - 1 else []
            self._unplaced(into, where, node, [*key, right])
            return
        into, where = descend(value, keys[:-1], path, dict)
        last = keys[-1]
        if type(into) is dict and type(last) is str:
            self.put(into, last, right, where)
        elif type(into) is list and type(last) is int and 0 <= last < len(into):
            into[last] = self.value(right, f"{where}[{last}]")  # items[0] = new ...

    def _method(self, value: Any, node: SgNode, name: str, path: str) -> None:
        function = node.field("function")
        if function is None or function.kind() != "member_access_expression":
            return
        receiver, method = function.field("expression"), text(function.field("name"))
        keys = _keys(receiver, name, self._map_key) if receiver is not None else None
        if keys is None or _UNREADABLE in keys:
            return
        args = arguments(node)
        if method == "AddExpand" and len(args) == 1:
            into, where = descend(value, keys, path, dict)
            expand = into.setdefault("expand", []) if type(into) is dict else None
            if type(expand) is list:
                self._append(expand, args[0], join(where, "expand"))
        elif method in ("Add", "AddExtraParam") and len(args) == 2:
            into, where = descend(value, keys, path, dict)
            if type(into) is dict and not self._pair(into, args[0], args[1], where, ""):
                self._unplaced(into, where, node, args)
        elif method in ("Add", "AddRange") and len(args) == 1:
            items, where = descend(value, keys, path, list)
            if type(items) is not list:
                return
            if method == "Add":
                self._append(items, args[0], where)
                return
            got = self.value(args[0], where, record=False)
            if type(got) is list:
                items.extend(got)
            elif is_each(got):
                items.append(got)  # AddRange(xs.Select(...)): an each stands for its elements
            else:
                self.dynamic.append(Dynamic(f"{where}[{len(items)}]", args[0].text()))
                items.append(dynamic_marker(args[0].text()))

    def _pair(self, into: dict[str, Any], key: SgNode, value: SgNode, path: str, src: str) -> bool:
        """Put ``key``'s entry; False (listed at ``path`` when ``src``) when the key is known
        at run time."""
        got = self._map_key(key)
        if type(got) is str:
            self.put(into, got, value, path)
            return True
        if src:
            self.dynamic.append(Dynamic(path, src))
        return False

    def _map_key(self, key: SgNode) -> Any:
        """A key (or index) as the code writes it; a loop's own name is no element of a list
        read there (``foreach (var (k, v) in extra) options.Metadata[k] = v``)."""
        loops, self.flow.loops = self.flow.loops, []
        try:
            return self.value(key, "", record=False)
        finally:
            self.flow.loops = loops

    def _unplaced(self, into: Any, path: str, put: SgNode, entry: list[SgNode]) -> None:
        """An entry ``put`` puts at a key known at run time: all of a map when ``put`` is a
        loop's copy of its entries (``foreach (var kv in extra) options.Metadata[kv.Key] =
        kv.Value``, merged after the keys written, see ``migrate/scan/entry_copies.py``), else
        a change the scan cannot place."""
        whole = copied_map(put, *entry) if len(entry) == 2 else None
        if whole is None or type(into) is not dict or is_dynamic(into):
            self.dynamic.append(Dynamic(path, put.text()))
            return
        mark, before = len(self.dynamic), list(into)
        self.merge(into, whole, path, whole.text())
        self.merged_after(mark, path, before)

    def _append(self, items: list[Any], node: SgNode, path: str) -> None:
        got = self.value(node, f"{path}[{len(items)}]")
        items.append(None if got is OMIT else got)

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "string_literal":
            return (csharp_string(node),)
        if kind == "verbatim_string_literal":
            return (node.text()[2:-1].replace('""', '"'),)
        if kind == "raw_string_literal":
            return (csharp_raw_string(node),)
        if kind == "interpolated_string_expression":
            return csharp_interpolated(node)
        if kind in ("integer_literal", "real_literal"):
            return csharp_number(node.text())
        if kind == "boolean_literal":
            return (node.text() == "true",)
        if kind == "null_literal":
            return (OMIT,)
        if kind == "identifier":
            return self.resolve(node, path)
        if kind == "member_access_expression":  # a constant of a class of the file
            return constant(self, node, self.family, path)
        if kind == "prefix_unary_expression":
            return self._unary(node)
        if kind == "cast_expression":
            value = node.field("value")
            return self.literal(self.unwrap(value), path) if value is not None else None
        if kind in ("object_creation_expression", "implicit_object_creation_expression"):
            return self._creation(node, path)
        if kind == "conditional_expression":  # a choice; xs.Any() ? xs : null is xs
            return conditional(self, node, path)
        if kind == "binary_expression" and text(node.field("operator")) == "??":
            return self._coalesce(node, path)
        if kind == "invocation_expression":
            return self._invocation(node, path)
        if kind in _ARRAYS:
            init = node if kind == "initializer_expression" else node.field("initializer")
            if init is None:
                init = next(
                    (c for c in node.children() if c.kind() == "initializer_expression"), None
                )
            return (self._collection(init, path, "list"),) if init is not None else None
        if kind == "collection_expression":
            elements = [c.named_children()[0] for c in node.named_children() if c.named_children()]
            if len(elements) == 1 and elements[0].kind() == "spread_element":
                return (self.part(elements[0].named_children()[-1], path),)  # [.. xs] is xs
            return (self._elements(node, path),)
        return None

    def _coalesce(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``x ?? "fallback"``: a choice when the fallback is a literal."""
        left, right = node.field("left"), node.field("right")
        if left is None or right is None:
            return None
        fallback = self.part(right, path)
        if is_dynamic(fallback) or fallback is OMIT:
            return None
        first = self.part(left, path)
        return (choice_marker(self.text_of(node), f"{self.text_of(left)} is set", first, fallback),)

    def _invocation(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``xs.Select(x => new ...).ToList()``: an each; ``Helper(...)`` of the same file."""
        function = node.field("function")
        if function is None:
            return None
        args = arguments(node)
        if function.kind() == "identifier":
            return self.helper(node, function.text(), args, path)
        if function.kind() != "member_access_expression":
            return None
        name = text(function.field("name"))
        receiver = function.field("expression")
        if receiver is not None and receiver.kind() == "this":
            return self.helper(node, name, args, path)
        if name == "ConfigureAwait" and receiver is not None:  # await F().ConfigureAwait(false)
            return self.literal(self.unwrap(receiver), path)
        if name == "GetValueOrDefault" and len(args) < 2 and receiver is not None:
            fallback = self.part(args[0], path) if args else nullable_default(receiver)
            cond, got = f"{self.text_of(receiver)} is set", self.part(receiver, path)
            bad = is_dynamic(fallback) or fallback is OMIT  # quantity.GetValueOrDefault(1): ?? 1
            return None if bad else (choice_marker(self.text_of(node), cond, got, fallback),)
        if name in _TO_LIST and not args and receiver is not None:
            inner = self.unwrap(receiver)
            if inner.kind() == "invocation_expression":
                got = self._invocation(inner, path)
                if got is None or not is_each(got[0]):
                    return None
                return ({**got[0], "$dynamic": self.text_of(node)},)
            return None
        if name != "Select" or len(args) != 1 or receiver is None:
            return None
        lam = self.unwrap(args[0])
        if lam.kind() != "lambda_expression":
            return None
        params = lam.field("parameters")
        names = (
            [params]
            if params is not None and params.kind() in ("identifier", "implicit_parameter")
            else [p.field("name") for p in params.find_all(kind="parameter")]
            if params is not None
            else []
        )
        body = lam.field("body")
        if body is not None and body.kind() == "block":
            returns = [r for r in body.find_all(kind="return_statement") if self.scope(r) == lam]
            body = one_value([value_of(r) for r in returns])  # one value, or none to follow
        if len(names) != 1 or names[0] is None or body is None:
            return None
        var, over = text(names[0]), self.text_of(receiver)
        got = callback_item(self, lam, over, var, lambda: self.part(body, path))
        return (each_marker(self.text_of(node), over, var, got[0]),) if got else None

    def _elements(self, node: SgNode, path: str) -> list[Any]:
        """A collection expression: ``["card", ..more]``."""
        out: list[Any] = []
        for child in node.named_children():
            inner = child.named_children()[0] if child.named_children() else child
            element = inner.named_children()[-1] if inner.named_children() else inner
            if inner.kind() == "spread_element":
                got = self.value(element, path, record=False)
                if type(got) is list:
                    out.extend(got)
                    continue
                if is_each(got):  # [.. lines, shipping]: the mapped lines, then the others
                    out.append(self.part(element, path))
                    continue
                self.dynamic.append(Dynamic(f"{path}[{len(out)}]", child.text()))
                out.append(dynamic_marker(child.text()))
            elif inner.kind() == "expression_element":
                self._append(out, element, path)
        return out

    def _unary(self, node: SgNode) -> tuple[Any] | None:
        inner = node.named_children()
        operator = node.text().lstrip()[:1]
        if len(inner) != 1 or inner[0].kind() not in ("integer_literal", "real_literal"):
            return None
        got = csharp_number(inner[0].text())
        if got is not None and operator == "-":
            return (-got[0],)
        return got if operator in ("-", "+") else None

    def _creation(self, node: SgNode, path: str) -> tuple[Any] | None:
        typ = node.field("type")
        name = _base_name(typ) if typ is not None else ""
        init = node.field("initializer")
        if init is None:
            init = next((c for c in node.children() if c.kind() == "initializer_expression"), None)
        args = arguments(node)
        if name in _LIST_TYPES or name in _DICT_TYPES:
            shape = "list" if name in _LIST_TYPES else "dict"
            value: Any = [] if shape == "list" else {}
            if len(args) == 1:  # a copy, or a capacity
                got = self.value(args[0], path, record=False)
                if type(got) is type(value) and not is_dynamic(got):
                    value = got
                elif is_each(got) and shape == "list":
                    value = [got]  # new List<T>(xs.Select(...)): an each in a list
                elif type(got) is not int:
                    return None
            elif args:
                return None
            if init is not None:
                more = self._collection(init, path, shape)
                if more is None:
                    return None  # a key known only at run time: the map is, as a whole
                if type(value) is list:
                    value.extend(more)
                else:
                    value.update(more)
            return (value,)
        if args or not (name.endswith("Options") or typ is None):
            return None  # new Uri(...), new DateTime(...): run-time objects
        if init is None:
            return ({},)
        got = self._collection(init, path, "" if typ is None else "object")
        return (got,) if got is not None else None

    def _collection(self, init: SgNode, path: str, shape: str) -> Any:
        """An initializer's elements as a list, a map (``{ "k", v }``, ``["k"] = v``) or an
        options object (``Name = v``); ``shape`` ``""`` guesses. None for a map below the
        params with a key known only at run time (not a constant of the file)."""
        children = [c for c in init.named_children() if not is_comment(c)]
        mark, keyless = len(self.dynamic), False
        if not shape:
            shape = _guess(children)
        if shape == "list":
            out: list[Any] = []
            for child in children:
                self._append(out, child, path)
            return out
        fields: dict[str, Any] = {}
        for child in children:
            if shape == "object" and child.kind() == "assignment_expression":
                left, right = child.field("left"), child.field("right")
                if left is not None and right is not None and left.kind() == "identifier":
                    key = snake(left.text())
                    if right.kind() == "initializer_expression" and not right.named_children():
                        continue  # SubscriptionData = { }: sets nothing (no element, no object)
                    if right.kind() == "initializer_expression":  # Metadata = { {"k", "v"} }
                        got = self._collection(right, join(path, key), "")
                        if got is None:
                            self.dynamic.append(Dynamic(join(path, key), right.text()))
                            got = dynamic_marker(right.text())
                        fields[key] = got
                    else:
                        self.put(fields, key, right, path)
                    continue
            elif shape == "dict":
                pair = _pair_nodes(child)
                if pair is not None:
                    keyless |= not self._pair(fields, pair[0], pair[1], path, child.text())
                    continue
            self.dynamic.append(Dynamic(path, child.text()))
        if keyless and path:
            del self.dynamic[mark:]
            return None
        return fields


# -- helpers ----------------------------------------------------------------------------------


def _mocked(call: SgNode) -> bool:
    """Whether ``call`` is a stub or verification (Moq ``mock.Setup(s => s.Create(It.IsAny<
    ...>()))``, NSubstitute ``service.Received().Create(Arg.Any<...>())``), not a request."""
    for arg in arguments(call):
        flat = "".join(arg.text().split())
        if any(flat.startswith(f"{m}.") or flat.startswith(f"{m}<") for m in _MATCHERS):
            return True
    function = call.field("function")
    receiver = function.field("expression") if function is not None else None
    if receiver is not None and receiver.kind() == "invocation_expression":
        inner = receiver.field("function")
        if inner is not None and text(inner.field("name")) in _MOCKS:
            return True
    for ancestor in call.ancestors():
        kind = ancestor.kind()
        if kind in _FUNCTIONS - {"lambda_expression"} or kind == "class_declaration":
            return False
        if kind == "invocation_expression":
            function = ancestor.field("function")
            name = text(function.field("name")) if function is not None else ""
            if name in _MOCKS:
                return True
    return False


def _declarator_value(node: SgNode) -> SgNode | None:
    """The initial value of a variable_declarator (``x = v``), if it has one."""
    seen_equals = False
    for child in node.children():
        if child.kind() == "=":
            seen_equals = True
        elif seen_equals and child.is_named() and not is_comment(child):
            return child
    return None


def _base_name(typ: SgNode) -> str:
    """``List<SessionLineItemOptions>`` -> ``List``; ``Stripe.Checkout.SessionCreateOptions``
    -> ``SessionCreateOptions``."""
    flat = "".join(typ.text().split()).split("<", 1)[0]
    return flat.rsplit(".", 1)[-1].removesuffix("[]")


_UNREADABLE: Final = "\x00"
"""A key of a ``_keys`` path that is known only at run time."""


def _keys(node: SgNode, name: str, read: Callable[[SgNode], Any]) -> list[str | int] | None:
    """``name.A.B`` -> ``["a", "b"]``, ``name.Metadata["k"]`` -> ``["metadata", "k"]``
    (``_UNREADABLE`` for a key known at run time), ``name`` -> ``[]``; None when ``node`` is
    not rooted at ``name``."""
    keys: list[str | int] = []
    while True:
        kind = node.kind()
        if kind == "member_access_expression":
            inner, member = node.field("expression"), node.field("name")
            if inner is None or member is None:
                return None
            keys.append(snake(member.text()))
            node = inner
        elif kind == "element_access_expression":
            inner, subscript = node.field("expression"), node.field("subscript")
            args = arguments_of(subscript)
            if inner is None or len(args) != 1:
                return None
            key = read(args[0])
            keys.append(key if type(key) in (str, int) else _UNREADABLE)  # an int: an index
            node = inner
        else:
            break
    if node.kind() != "identifier" or node.text() != name:
        return None
    return keys[::-1]


def arguments_of(node: SgNode | None) -> list[SgNode]:
    if node is None:
        return []
    out = []
    for arg in node.named_children():
        if arg.kind() == "argument":
            inner = [c for c in arg.named_children() if not is_comment(c)]
            if inner:
                out.append(inner[-1])
        elif not is_comment(arg):
            out.append(arg)
    return out


def _pair_nodes(node: SgNode) -> tuple[SgNode, SgNode] | None:
    """``{ "k", v }`` or ``["k"] = v`` in a dictionary initializer."""
    if node.kind() == "initializer_expression":
        inner = [c for c in node.named_children() if not is_comment(c)]
        return (inner[0], inner[1]) if len(inner) == 2 else None
    if node.kind() == "assignment_expression":
        left, right = node.field("left"), node.field("right")
        if left is not None and right is not None and left.kind() == "element_binding_expression":
            args = arguments_of(left)
            return (args[0], right) if len(args) == 1 else None
    return None


def _guess(children: list[SgNode]) -> str:
    for child in children:
        if child.kind() == "assignment_expression":
            left = child.field("left")
            return "object" if left is not None and left.kind() == "identifier" else "dict"
        if child.kind() == "initializer_expression":
            return "dict"
    return "list"

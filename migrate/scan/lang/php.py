"""PHP: stripe-php's ``\\Stripe\\Checkout\\Session::create([...])`` (or ``Session::create`` once
``use Stripe\\Checkout\\Session;`` imports it) and ``StripeClient``'s
``$stripe->checkout->sessions->create([...])``.

The first argument holds the params; a second one (``['stripe_account' => ...]``) is request
options. Arrays with only positional elements are lists, any ``'key' => value`` makes a dict.
Variables are followed inside their function (closures see those they ``use``, arrow functions
all), and class and global constants (``const PRICE = '...'``, ``self::PRICE``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Final, Literal

from ast_grep_py import SgNode

from migrate.scan import reach
from migrate.scan.destructure import destructured, picked
from migrate.scan.extract import (
    C_IN_PLACE,
    DYNAMIC,
    MAX_DEPTH,
    Binding,
    Dynamic,
    arguments,
    dynamic_marker,
    start,
    text,
)
from migrate.scan.hashflow import Flow
from migrate.scan.hashflow_values import (
    COMPUTED,
    IS_SET,
    Effect,
    Loop,
    choice,
    empty_lists,
    fold,
    inside,
    is_marker,
    is_opaque,
    spread_into,
)
from migrate.scan.helper_returns import one_value, returns_of, value_of
from migrate.scan.lang.entry_filters import drops_nothing, filtered_with, read_through
from migrate.scan.lang.hash_entries import entry_read
from migrate.scan.lang.php_cashier import cashier_params, is_cashier
from migrate.scan.lang.php_dispatch import dispatched
from migrate.scan.lang.php_models import model_method
from migrate.scan.lang.php_source import (
    CLASSES,
    arm_statements,
    class_method,
    const_value,
    declarations,
    file_aliases,
    file_classes,
    file_functions,
    file_imports,
    first_element,
    is_pair,
    php_float,
    php_integer,
    php_string,
    switch_arms,
)
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.reach import Paths

_FUNCTIONS: Final = frozenset(
    {
        "function_definition",
        "method_declaration",
        "anonymous_function",
        "anonymous_function_creation_expression",
        "arrow_function",
    }
)
_CLOSURES: Final = frozenset({"anonymous_function", "anonymous_function_creation_expression"})
_STRING_PARTS: Final = frozenset({"string_content", "string_value", "escape_sequence"})
_NAMESPACED: Final = {"meterevent": "billing\\meterevent"}
"""stripe-php classes outside the ``Stripe`` namespace itself (``Stripe\\Billing\\MeterEvent``)."""
_PROPERTIES: Final = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
_CHECKOUT_SESSION: Final = "Stripe\\Checkout\\Session"
_CHECKOUT_SESSIONS: Final = frozenset({_CHECKOUT_SESSION.lower(), "stripe_checkout_session"})
"""The class, and the underscore name of the pre-namespace SDK style that plugins alias it to
(``use Stripe\\Checkout\\Session as Stripe_Checkout_Session``, ``class_alias``)."""
_MERGING: Final = frozenset({"array_merge", "array_replace", "array_merge_recursive"})
_FILTERS_BY_ARRAY: Final = frozenset({"apply_filters_deprecated", "apply_filters_ref_array"})
"""WordPress filters whose hook arguments come in one array: they return its first, filtered."""
_COLLECTED: Final = frozenset({"all", "toarray", "values"})  # Laravel's ->map(...)->all()
_RAW_LOOPS: Final = frozenset({"for_statement", "while_statement", "do_statement"})
_PARAMETERS: Final = frozenset(
    {"simple_parameter", "variadic_parameter", "property_promotion_parameter"}
)
_SUPERGLOBALS: Final = frozenset(
    {"$_GET", "$_POST", "$_REQUEST", "$_ENV", "$_SERVER", "$_SESSION", "$_COOKIE", "$GLOBALS"}
)


def unvendored(name: str) -> str:
    """A class's full name, lower-cased, without the prefix a WordPress plugin's bundled copy
    of stripe-php is moved under (Strauss, PHP-Scoper: ``SimplePay\\Vendor\\Stripe\\Checkout\\
    Session`` is stripe-php's ``Stripe\\Checkout\\Session``)."""
    lowered = name.lower().lstrip("\\")
    at = lowered.rfind("\\stripe\\")
    return lowered[at + 1 :] if at > 0 else lowered


class PhpExtractor(Flow):
    family: ClassVar[Family] = "php"
    conditionals: ClassVar[frozenset[str]] = frozenset({"if_statement", "switch_statement"})
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    in_place_kinds: ClassVar[tuple[str, ...]] = C_IN_PLACE
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("assignment_expression", "left", "right"),
    )
    name_kinds: ClassVar[frozenset[str]] = frozenset({"variable_name"})
    paths: ClassVar[Paths | None] = reach.PHP
    mocks: ClassVar[re.Pattern[str] | None] = re.compile(
        r"\\?(?:Mockery|m)::(?:mock|spy|namedMock)\b|\$this->(?:createMock|createStub|"
        r"createConfiguredMock|getMockBuilder|mock|partialMock|spy|prophesize)\b"
    )

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if call.kind() == "member_call_expression" and self.mocked(call.field("object")):
            return False
        if pattern.guard is None:
            return True
        if pattern.guard == "php_checkout_import":
            if call.kind() != "scoped_call_expression":
                return False
            scope = call.field("scope")
            name = self._class_name(scope) if scope is not None else None
            if name is None and scope is not None and scope.kind() == "name":
                name = scope.text()  # not imported: a global class name
            return name is not None and unvendored(name) in _CHECKOUT_SESSIONS
        if pattern.guard == "php_stripe":  # \Stripe\PaymentIntent::create, imported or in full
            scope = call.field("scope") if call.kind() == "scoped_call_expression" else None
            name = self._class_name(scope) if scope is not None else None
            cls = pattern.callees[0].split(".", 1)[0].lower()
            wanted = "stripe\\" + _NAMESPACED.get(cls, cls)
            return name is not None and unvendored(name) == wanted
        if pattern.guard == "php_dispatch":  # the class and method named by strings
            return dispatched(call, self) == (_CHECKOUT_SESSION.lower(), "create")
        if pattern.guard == "php_cashier":
            return is_cashier(call, self._class_name, self)
        if pattern.guard == "php_client":  # $stripe->paymentIntents->create: a service property
            receiver = call.field("object") if call.kind() == "member_call_expression" else None
            return receiver is not None and receiver.kind() in _PROPERTIES
        return False

    def _class_name(self, name: SgNode) -> str | None:
        """The fully qualified name (no leading ``\\``) a class name in code refers to, from
        the file's ``use`` imports; None when it is not imported (or not a plain name)."""
        written = "".join(name.text().split())
        aliased = file_aliases(name).get(written.lstrip("\\").lower())
        if aliased is not None:  # class_alias('Stripe\\Checkout\\Session', 'X')
            return aliased
        if written.startswith("\\"):
            return written[1:]
        if name.kind() not in ("name", "qualified_name"):
            return None
        first, _, rest = written.partition("\\")
        root = name.get_root().root()
        imported = file_imports(name).get(first.lower())
        if imported is None:
            # outside any namespace, Stripe\PaymentIntent is the global class of that name
            if rest and root.find(kind="namespace_definition") is None:
                return written
            return None
        return f"{imported}\\{rest}" if rest else imported

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        cashier = pattern.guard == "php_cashier"  # Laravel Cashier's Billable model
        return cashier_params(call, self) if cashier else super().params(call, pattern)

    # -- values --------------------------------------------------------------------------

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any:
        """As the base's, an empty array facing a list in a choice a list (``empty_lists``)."""
        got = super().value(node, path, record=record)
        empty_lists(got)
        return got

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "boolean":
            return (node.text().lower() == "true",)
        if kind == "null":
            return (None,)
        if kind == "variable_name":  # [$params, $options] = ...: its element (destructure.py)
            return picked(self, node, path) or self.resolve(node, path)
        if kind == "function_call_expression":
            return self._function_call(node, path)
        if kind in ("member_call_expression", "nullsafe_member_call_expression"):
            return self._method_call(node, path)
        if kind == "scoped_call_expression":
            return self._static_call(node, path)
        if kind == "conditional_expression":
            cond, then, other = (node.field(f) for f in ("condition", "body", "alternative"))
            if cond is None or other is None:
                return None
            if then is None:  # $a ?: 'x'
                return self.fallback(cond, other, path)
            return self.ternary(cond, then, other, path)
        if kind == "binary_expression":
            operator, left, right = (node.field(f) for f in ("operator", "left", "right"))
            if operator is None or left is None or right is None:
                return None
            if operator.text() == "??":
                return self.fallback(left, right, path, null_only=True)
            if operator.text() == "+" and any(
                type(v) in (dict, list) and not is_marker(v)
                for v in (self.branch(left, path), self.branch(right, path))
            ):  # an array union
                return self._merged([left, right], path, later_wins=False)
            return None
        if kind == "match_expression":
            return self._match(node, path)
        if kind == "array_creation_expression":
            array = self._array(node, path)
            return (array,) if array is not None else None
        if kind in ("string", "encapsed_string"):
            if any(c.is_named() and c.kind() not in _STRING_PARTS for c in node.children()):
                return None  # "{$x}", "$x"
            return (php_string(node),)
        if kind == "integer":
            return php_integer(node.text())
        if kind == "float":
            return php_float(node.text())
        if kind == "unary_op_expression" and _is_number(node):
            got = self.literal(node.named_children()[0], path)
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        if kind == "class_constant_access_expression":
            return self._follow(self._class_constant(node), path)
        if kind == "name":
            return self._follow(self._global_constant(node), path)
        return entry_read(self, node, path) if kind == "subscript_expression" else None

    def _array(self, node: SgNode, path: str) -> list[Any] | dict[str, Any] | None:
        """A list when every element is positional or the keys are 0, 1, 2... in order
        (``[]`` is an empty dict: params are built up with ``$params['key'] = ...``), else a
        dict; None below the params when a key is known only at run time (``[$key => $v]``,
        not a constant): the array is a run-time value as a whole."""
        elements = [c for c in node.named_children() if c.kind() == "array_element_initializer"]
        keyed = any(is_pair(e) for e in elements)
        if not elements:
            return {}
        if not keyed:
            return self._list(elements, path)
        out: dict[str, Any] = {}
        index, mark = 0, len(self.dynamic)
        for element in elements:
            parts = [c for c in element.named_children() if not is_comment(c)]
            if not parts:
                continue
            if is_pair(element) and len(parts) == 2:
                key = self._key(parts[0], path)
                if key is None:
                    if path:
                        del self.dynamic[mark:]
                        return None
                    self.dynamic.append(Dynamic(path, self.source_of(element)))
                    continue
                if key.lstrip("-").isdigit():
                    index = max(index, int(key) + 1)
                self.put(out, key, parts[1], path)
            elif parts[0].kind() == "variadic_unpacking":
                inner = [c for c in parts[0].named_children() if not is_comment(c)]
                if inner:
                    self.merge(out, inner[0], path, element.text())
                else:
                    self.dynamic.append(Dynamic(path, self.source_of(element)))
            elif len(parts) == 1:
                self.put(out, str(index), parts[0], path)
                index += 1
            else:  # by reference
                self.dynamic.append(Dynamic(path, self.source_of(element)))
        if list(out) == [str(i) for i in range(len(out))]:
            return list(out.values())  # [0 => ..., 1 => ...]
        return out

    def _key(self, node: SgNode, path: str) -> str | None:
        """An array key: a literal, or a constant (``self::USER_ID``, ``KEY``) or a name bound
        to a literal; None when only run time knows it."""
        key = _key(node)
        if key is None:
            got = self.branch(node, path)
            if type(got) is int:
                got = str(got)
            key = got if type(got) is str else None
        return key

    def _list(self, elements: list[SgNode], path: str) -> list[Any]:
        """The elements; a list inside a one-element list is that list, as stripe-php sends it
        (``'line_items' => [$this->lines()]``: its ``flattenParamsList`` adds no index)."""
        parts = [c for c in elements[0].named_children() if not is_comment(c)]
        if path and len(elements) == 1 and len(parts) == 1:
            mark = len(self.dynamic)
            if type(self.value(parts[0], f"{path}[0]")) is list:
                del self.dynamic[mark:]
                got = self.value(parts[0], path)
                return got if type(got) is list else [got]
            del self.dynamic[mark:]
        out: list[Any] = []
        for element in elements:
            parts = [c for c in element.named_children() if not is_comment(c)]
            if not parts:
                continue
            at = f"{path}[{len(out)}]"
            if parts[0].kind() == "variadic_unpacking":
                inner = [c for c in parts[0].named_children() if not is_comment(c)]
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    source = self.source_of(element)
                    self.dynamic.append(Dynamic(at, source))
                    out.append(dynamic_marker(source))
            elif len(parts) == 1:
                out.append(self.value(parts[0], at))
            else:  # by reference
                source = self.source_of(element)
                self.dynamic.append(Dynamic(at, source))
                out.append(dynamic_marker(source))
        return out

    # -- calls ---------------------------------------------------------------------------

    def _function_call(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``array_merge``, ``wp_parse_args``, ``apply_filters`` and ``array_filter`` (the value
        as built; the first element of ``apply_filters_deprecated``'s and ``..._ref_array``'s),
        ``array_map``, ``config``/``env`` with a literal default, and functions of the file."""
        function = node.field("function")
        name = function.text().lstrip("\\").lower() if function is not None else ""
        args = arguments(node)
        if name in _MERGING:
            return self._merged(args, path, later_wins=True)
        if name == "wp_parse_args" and len(args) == 2:
            return self._merged([args[1], args[0]], path, later_wins=True)
        if (name == "apply_filters" and args[1:]) or (name == "array_filter" and 0 < len(args) < 3):
            kept = drops_nothing if name == "array_filter" else lambda v: True  # [$a, $b ?: null]
            wrap = filtered_with(args[1:]) if name == "array_filter" else None  # a merged $extra
            return read_through(self, args[name == "apply_filters"], path, kept, spread=wrap)
        if name in _FILTERS_BY_ARRAY and len(args) >= 2:
            # the hook's arguments in an array: the value filtered is its first element
            passed = first_element(self.unwrap(args[1]))
            got = self.value(passed, path, record=False) if passed is not None else None
            return None if passed is None or is_opaque(got) else (got,)
        if name == "array_map" and len(args) == 2:
            mapped = _callable(args[0])
            if mapped is not None:
                var, item = mapped
                return self.mapped(args[1], var, item, path)
            return None
        if name in ("config", "env") and len(args) == 2:
            fallback = self.branch(args[1], path)
            if is_marker(fallback) or fallback in (None, False, ""):
                return None
            read = f"{function.text() if function else name}({self.source_of(args[0])})"
            return (choice(read + IS_SET, {DYNAMIC: read}, fallback),)
        found = file_functions(node).get(name)
        if found is None or inside(node, found):
            return None
        return self.follow(found, bind_args(found, args), path)

    def _method_call(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``$this->helper(...)`` (a method of the class around the call), ``$order->lines()``
        (its model's: ``php_models.py``), ``collect($xs)->map(fn ($x) => [...])->all()``."""
        receiver, name = node.field("object"), node.field("name")
        verb, args = name.text() if name is not None else "", arguments(node)
        if receiver is None:
            return None
        if receiver.text() == "$this":
            return self._helper(node, verb, args, path)
        if receiver.kind() == "variable_name" and (got := model_method(self, node, receiver, verb)):
            return self.follow(got, {**bind_args(got, args), "$this": receiver}, path)
        if verb in _COLLECTED and not args:
            got = self.value(receiver, path, record=False)
            return None if is_opaque(got) else (got,)
        if verb == "map" and len(args) == 1:
            mapped = _callable(args[0])
            if mapped is not None:
                var, item = mapped
                over = receiver
                if over.kind() == "function_call_expression" and text(
                    over.field("function")
                ).lower() in ("collect", "\\collect"):
                    inner = arguments(over)
                    if len(inner) == 1:
                        return self.mapped(inner[0], var, item, path)
                # an object with a map method (a Laravel or Doctrine collection): array_map,
                # which the suggestion writes, takes an array
                return self.mapped(over, var, item, path, wrap="iterator_to_array({}, false)")
        return None

    def _static_call(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``self::helper(...)`` / ``static::helper(...)`` / ``ThisClass::helper(...)``."""
        scope, name = node.field("scope"), node.field("name")
        if scope is None or name is None:
            return None
        cls = next((a for a in node.ancestors() if a.kind() in CLASSES), None)
        own = cls.field("name") if cls is not None else None
        written = scope.text().lower()
        if written in ("self", "static") or (own is not None and written == own.text().lower()):
            return self._helper(node, name.text(), arguments(node), path)
        return None

    def _helper(self, node: SgNode, name: str, args: list[SgNode], path: str) -> tuple[Any] | None:
        cls = next((a for a in node.ancestors() if a.kind() in CLASSES), None)
        method = class_method(cls, name) if cls is not None else None
        if method is None or inside(node, method):
            return None
        return self.follow(method, bind_args(method, args), path)

    def _merged(self, args: list[SgNode], path: str, *, later_wins: bool) -> tuple[Any] | None:
        """``array_merge($a, $b, ...)`` (later keys win; lists are concatenated) and
        ``$a + $b`` (earlier keys win); a choice between arrays (``$a = $c ? [...] : [...]``)
        is read key by key; a run-time side is recorded as a spread."""
        parts: list[Any] = []
        unknown: list[tuple[SgNode, list[str]]] = []  # each with the keys merged before it
        for arg in args:
            got = self.value(arg, path, record=False)
            spread: dict[str, Any] = {}
            if type(got) in (dict, list) and not is_marker(got):
                parts.append(got)
            elif spread_into(spread, got, self, arg, path):
                parts.append(spread)
            else:
                unknown.append((arg, [k for p in parts if type(p) is dict for k in p]))
        if parts and not unknown and all(type(p) is list for p in parts):
            return ([item for part in parts for item in part],)
        if any(type(p) is list and p for p in parts) or (unknown and self.speculating):
            return None
        out: dict[str, Any] = {}
        for part in parts:
            for key, item in part.items() if type(part) is dict else ():
                if later_wins or key not in out:
                    out[key] = item
        for arg, keys in unknown:  # array_merge(['k' => v], $extra), $extra + [...]: $extra's
            before = tuple(keys) if later_wins else tuple(k for k in out if k not in keys)
            self.dynamic.append(Dynamic(path, self.source_of(arg), before))
        return (out,)

    def _match(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``match ($x) { 'a' => A, default => B }``: a choice (``$x === 'a'``)."""
        subject = node.field("condition")
        body = node.field("body")
        if subject is None or body is None:
            return None
        subject = self.unwrap(subject)
        on_true = subject.kind() == "boolean" and subject.text().lower() == "true"
        outcomes: list[tuple[str | None, Any]] = []
        for arm in body.named_children():
            parts = [c for c in arm.named_children() if not is_comment(c)]
            if arm.kind() == "match_default_expression" and parts:
                outcomes.append((None, self.branch(parts[-1], path)))
            elif arm.kind() == "match_conditional_expression" and len(parts) == 2:
                tests = [self.source_of(c) for c in parts[0].named_children()]
                if not on_true:
                    tests = [f"{self.source_of(subject)} === {t}" for t in tests]
                outcomes.append((" || ".join(tests), self.branch(parts[1], path)))
        if not outcomes:
            return None
        defaults = [o for o in outcomes if o[0] is None]
        arms = [o for o in outcomes if o[0] is not None]
        return (fold(arms + defaults[-1:]),)

    # -- following the data (Flow) ---------------------------------------------------------

    def branches(self, node: SgNode) -> list[tuple[str | None, SgNode | None]]:
        kind = node.kind()
        if kind == "if_statement":
            out: list[tuple[str | None, SgNode | None]] = [
                (self._test(node.field("condition")), node.field("body"))
            ]
            for child in node.named_children():
                if child.kind() == "else_if_clause":
                    out.append((self._test(child.field("condition")), child.field("body")))
                elif child.kind() == "else_clause":
                    out.append((None, child.field("body")))
            return out
        if kind == "switch_statement":
            subject = self._test(node.field("condition"))
            out, tests, default = [], [], None
            for arm in switch_arms(node):
                value = arm.field("value")
                if arm.kind() == "case_statement":
                    tests.append(f"{subject} == {self.source_of(value) if value else ''}")
                if not arm_statements(arm):
                    continue  # `case 'a': case 'b': ...`: stacked on the next arm
                if arm.kind() == "default_statement" or len(tests) == 0:
                    default = arm  # tested last wherever it is (`case 'a': default:` too)
                else:
                    out.append((" || ".join(tests), arm))
                tests = []
            return out + ([(None, default)] if default is not None else [])
        return []

    def opaque(self, node: SgNode) -> bool:
        """A ``switch`` whose ``case`` with statements runs on into the next arm (no
        ``break``): which arms run for a value is not one condition per arm."""
        if node.kind() != "switch_statement":
            return False
        arms = switch_arms(node)
        return any(arm_statements(a) and reach.falls(reach.PHP, a) for a in arms[:-1])

    def _test(self, cond: SgNode | None) -> str:
        return self.source_of(self.unwrap(cond)) if cond is not None else ""

    def effects(self, scope: SgNode, name: str, after: int, before: int) -> list[Effect]:
        out: list[Effect] = []
        for node in self.rooted(scope, "assignment_expression", name, after, before):
            left, right = node.field("left"), node.field("right")
            chain = _chain(left, name, self.key_value) if left is not None else None
            if chain is None or right is None or chain == ((), False):
                continue  # `$name = ...` binds it again
            keys, appended = chain
            if appended:  # $data['line_items'][] = ...: the list is $data['line_items']
                listed = [c for c in left.named_children() if not is_comment(c)]  # type: ignore[union-attr]
                out.append(Effect("append", keys, right, node, listed[0]))
            else:
                out.append(Effect("set", keys, right, node, left))  # type: ignore[arg-type]
        for node in self.rooted(scope, "augmented_assignment_expression", name, after, before):
            left, right = node.field("left"), node.field("right")
            chain = _chain(left, name, self.key_value) if left is not None else None
            op = {"+=": "under", "??=": "default"}.get(_operator(node))
            if chain is None or chain[1] or right is None or op is None:
                continue
            if op == "default" and not chain[0]:
                continue
            out.append(Effect(op, chain[0], right, node, left))  # type: ignore[arg-type]
        for node in self.rooted(scope, "function_call_expression", "array_push", after, before):
            args = arguments(node)
            chain = _chain(args[0], name, self.key_value) if args else None
            if chain is not None and not chain[1]:
                out.extend(Effect("append", chain[0], a, node, args[0]) for a in args[1:])
        for node in self.rooted(scope, "unset_statement", "unset", after, before):
            for arg in node.named_children():
                chain = _chain(arg, name, self.key_value)
                if chain is not None and chain[0] and not chain[1]:
                    out.append(Effect("delete", chain[0], None, node, arg))
        out.sort(key=lambda e: start(e.node))
        return out

    def closure_assignments(self, scope: SgNode) -> list[tuple[str, SgNode]]:
        """A closure assigns a variable of the scope around it when it takes it by reference
        (``function () use (&$price) { $price = ...; }``; an arrow function's is a copy)."""
        out: list[tuple[str, SgNode]] = []
        for kind in ("assignment_expression", "augmented_assignment_expression"):
            for node in of_kind(scope, kind):
                left = node.field("left")
                if left is None or left.kind() != "variable_name":
                    continue
                name, around = left.text(), self.scope(node)
                if around == scope:
                    continue
                while around != scope and around.kind() in _CLOSURES:
                    if not _captures(around, name, by_reference=True):
                        break
                    around = self.scope(around)
                if around == scope:
                    out.append((name, node))
        return out

    def loop(self, node: SgNode, after: int) -> Loop | None:
        for ancestor in node.ancestors():
            kind = ancestor.kind()
            if kind in _FUNCTIONS:
                return None
            if kind in _RAW_LOOPS:
                return None if start(ancestor) < after else Loop(ancestor, ancestor, "")
            if kind != "foreach_statement":
                continue
            if start(ancestor) < after:
                return None
            parts = [c for c in ancestor.named_children() if not is_comment(c)]
            if len(parts) < 2:
                return Loop(ancestor, ancestor, "")
            element = parts[1]
            if element.kind() == "pair":
                element = [c for c in element.named_children() if not is_comment(c)][-1]
            var = element.text() if element.kind() == "variable_name" else ""
            return Loop(ancestor, parts[0], var)
        return None

    def references(self, node: SgNode) -> Iterator[SgNode]:
        seen: set[int] = set()
        for found in (node, *node.find_all(kind="variable_name")):
            if found.kind() != "variable_name" or start(found) in seen:
                continue
            if found.text() == "$this" and not any("$this" in f.args for f in self.frames):
                continue  # $this of a model's method read at a call on its object: the object
            seen.add(start(found))
            parent = found.parent()
            if parent is not None and parent.kind() in _PARAMETERS:
                continue
            yield found

    def hash_text(self, entries: list[tuple[str, str]]) -> str:
        return "[" + ", ".join(f"{_quoted(k)} => {v}" for k, v in entries) + "]"

    def returned(self, function: SgNode) -> SgNode | None:
        body = function.field("body")
        if body is None or body.kind() != "compound_statement":
            return None
        returns = [r for r in body.find_all(kind="return_statement") if self.scope(r) == function]
        return one_value([value_of(r) for r in returns])

    def undefined(self, name: SgNode) -> Literal["empty", "opaque"] | None:
        written = name.text()
        if written in _SUPERGLOBALS or written == "$this":
            return None
        scope = self.scope(name)
        if self.is_parameter(scope, written):
            return "opaque"
        declared = declarations(scope).get(written, [])
        return "opaque" if any(at < start(name) for at in declared) else "empty"

    # -- names ---------------------------------------------------------------------------

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        found, more = super().bindings(scope, name), destructured(self, scope, name)
        return sorted([*found, *more], key=lambda b: b[0]) if more else found

    def binding(self, name: SgNode) -> tuple[SgNode, SgNode, int] | None:
        """A variable's last assignment above it in its function; closures look outside for
        the variables they ``use`` (as they were when the closure was made), arrow functions
        for every variable that is not their parameter."""
        scope = self.scope(name)
        use = start(name)
        text = name.text()
        while True:
            before = [b for b in self.bindings(scope, text) if b[2] <= use]
            if before:
                found = self.reaching(before, use)
                return (found[1], scope, found[2]) if found is not None else None
            kind = scope.kind()
            sees_outside = (kind == "arrow_function" and not self.is_parameter(scope, text)) or (
                kind in _CLOSURES and _captures(scope, text)
            )
            if not sees_outside:
                return None
            use = start(scope)
            scope = self.scope(scope)

    def _follow(self, node: SgNode | None, path: str) -> tuple[Any] | None:
        if node is None or self.depth >= MAX_DEPTH:
            return None
        self.depth += 1
        try:
            return self.literal_of(self.unwrap(node), path)
        finally:
            self.depth -= 1

    def _class_constant(self, node: SgNode) -> SgNode | None:
        """The value of ``self::NAME`` / ``static::NAME`` (the class around the use) or
        ``Klass::NAME`` (a class of that name in the file)."""
        parts = [c for c in node.named_children() if not is_comment(c)]
        if len(parts) != 2 or parts[1].kind() != "name":
            return None
        owner, name = parts
        if owner.kind() == "relative_scope" and owner.text().lower() in ("self", "static"):
            cls = next((a for a in node.ancestors() if a.kind() in CLASSES), None)
        else:
            cls = file_classes(node).get(owner.text().rsplit("\\", 1)[-1])
        if cls is None:
            return None
        body = cls.field("body")
        if body is None:
            return None
        for decl in body.children():
            if decl.kind() == "const_declaration":
                found = const_value(decl, name.text())
                if found is not None:
                    return found
        return None

    def _global_constant(self, node: SgNode) -> SgNode | None:
        """A global constant: ``const NAME = ...;`` outside classes, ``define('NAME', ...)``."""
        wanted = node.text()
        root = node.get_root().root()
        for decl in of_kind(root, "const_declaration"):
            if any(a.kind() in CLASSES for a in decl.ancestors()):
                continue
            found = const_value(decl, wanted)
            if found is not None:
                return found
        for call in of_kind(root, "function_call_expression"):
            function = call.field("function")
            if function is None or function.text().lstrip("\\").lower() != "define":
                continue
            args = arguments(call)
            if (
                len(args) >= 2
                and args[0].kind() in ("string", "encapsed_string")
                and php_string(args[0]) == wanted
            ):
                return args[1]
        return None


def bind_args(function: SgNode, args: list[SgNode]) -> dict[str, SgNode | None]:
    """Each parameter of ``function``: the caller's argument, else its default, else None."""
    out: dict[str, SgNode | None] = {}
    params = function.field("parameters")
    for index, param in enumerate(params.named_children() if params is not None else []):
        name = param.field("name")
        if name is None or param.kind() not in _PARAMETERS:
            continue
        given = args[index] if index < len(args) and param.kind() != "variadic_parameter" else None
        out[name.text()] = given if given is not None else param.field("default_value")
    return out


def _callable(node: SgNode) -> tuple[str, SgNode] | None:
    """``fn ($x) => expr`` / ``function ($x) { return expr; }``: the parameter and the value."""
    if node.kind() not in ("arrow_function", "anonymous_function"):
        return None
    params = node.field("parameters")
    names = [
        p.field("name")
        for p in (params.named_children() if params is not None else [])
        if p.kind() in _PARAMETERS
    ]
    if len(names) != 1 or names[0] is None:
        return None
    if node.kind() == "arrow_function":
        body = node.field("body")
    else:
        block = node.field("body")
        returns = returns_of(node, block, _FUNCTIONS) if block is not None else []
        body = one_value([value_of(r) for r in returns])  # one value, or none to follow
    return (names[0].text(), body) if body is not None else None


def _chain(
    node: SgNode, name: str, resolve: Callable[[SgNode], str | None]
) -> tuple[tuple[str, ...], bool] | None:
    """``$name['a']['b']`` -> ``(('a', 'b'), False)``, ``$name['a'][]`` -> ``(('a',), True)``
    (an append); a key written as a constant or a name is read by ``resolve`` (``COMPUTED``
    when only run time knows it); None when ``node`` is not rooted at ``$name``."""
    keys: list[str] = []
    appended = False
    first = True
    while node.kind() == "subscript_expression":
        parts = [c for c in node.named_children() if not is_comment(c)]
        if len(parts) == 1 and first:
            appended = True
        elif len(parts) == 2:
            key = _key(parts[1])
            key = key if key is not None else resolve(parts[1])
            keys.append(key if key is not None else COMPUTED)
        else:
            return None
        node, first = parts[0], False
    if node.kind() == "variable_name" and node.text() == name:
        return tuple(reversed(keys)), appended
    return None


def _operator(node: SgNode) -> str:
    return next((c.text() for c in node.children() if not c.is_named() and "=" in c.text()), "")


def _captures(closure: SgNode, name: str, *, by_reference: bool = False) -> bool:
    clause = next(
        (c for c in closure.children() if c.kind() == "anonymous_function_use_clause"), None
    )
    return clause is not None and any(
        n.text() == name and (not by_reference or (n.parent() or n).kind() == "by_ref")
        for n in clause.find_all(kind="variable_name")
    )


def _is_number(node: SgNode) -> bool:
    return [c.kind() for c in node.named_children()] in (["integer"], ["float"])


def _key(node: SgNode) -> str | None:
    kind = node.kind()
    if kind in ("string", "encapsed_string"):
        if any(c.is_named() and c.kind() not in _STRING_PARTS for c in node.children()):
            return None
        return php_string(node)
    if kind == "integer":
        got = php_integer(node.text())
        return str(got[0]) if got is not None else None
    return None  # computed keys


def _quoted(key: str) -> str:
    return "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'"

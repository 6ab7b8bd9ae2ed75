"""Java: stripe-java's ``Session.create(params)`` (``com.stripe.model.checkout.Session``) and
``StripeClient``'s ``client.checkout().sessions().create(params)``.

Params are builder chains (``SessionCreateParams.builder().setMode(...).addLineItem(...).build()``:
``setX`` sets ``x``, ``addX`` appends to the plural list, ``putX`` adds to the ``x`` map) or, in
older code, ``Map``s filled with ``put`` (``Map.of``, ``List.of``, ``Arrays.asList`` too). A name
bound to either picks up the ``put``/``add``/``setX`` calls made on it before its use.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode, SgRoot

from migrate.scan import built_lists, reach
from migrate.scan.block_locals import scoped_text
from migrate.scan.callback_locals import callback_item
from migrate.scan.constants import constant
from migrate.scan.each_lambdas import (
    as_statement,
    each_added,
    each_loop,
    each_references,
    enclosing_scope,
    lambda_changes,
)
from migrate.scan.extract import (
    MAX_DEPTH,
    OMIT,
    Dynamic,
    arguments,
    c_escape,
    dynamic_marker,
    file_cache,
    is_dynamic,
    start,
    text,
)
from migrate.scan.flow import Branch, Control, Loop, Render, choice_marker, each_marker
from migrate.scan.helper_returns import one_value, returns_of, value_of
from migrate.scan.lang.jvm import (
    CHECKOUT_SESSION,
    INSTANCE_GUARDS,
    PORTAL_SESSION,
    BuilderExtractor,
    imports_checkout_session,
    java_choice,
    model_imports,
    model_name,
    setter,
)
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.reach import Paths

_LISTS: Final = frozenset(
    {
        "List.of",
        "Arrays.asList",
        "Collections.singletonList",
        "ImmutableList.of",
        "Set.of",
        "Stream.of",
    }
)
_MAPS: Final = frozenset({"Map.of", "ImmutableMap.of", "Collections.singletonMap"})
_LIST_TYPES: Final = frozenset({"ArrayList", "LinkedList", "List", "HashSet", "LinkedHashSet"})
_MAP_TYPES: Final = frozenset({"HashMap", "LinkedHashMap", "TreeMap", "Map", "Hashtable"})
_INTEGERS: Final = frozenset(
    {
        "decimal_integer_literal",
        "hex_integer_literal",
        "octal_integer_literal",
        "binary_integer_literal",
    }
)
_FLOATS: Final = frozenset({"decimal_floating_point_literal", "hex_floating_point_literal"})
_CONSTANT: Final = re.compile(r"^[A-Z][A-Z0-9_]*$")


_MOCKS: Final = frozenset(
    {"when", "verify", "given", "then", "doReturn", "doThrow", "doAnswer", "thenReturn"}
)
"""Mockito / BDDMockito calls whose arguments name a call without making it."""
_MATCHERS: Final = frozenset(
    {"any", "anyMap", "isA", "eq", "argThat", "anyObject", "notNull", "same", "refEq", "capture"}
)
"""Argument matchers: a call given one is a stub or a verification, not a request."""
_COLLECTORS: Final = frozenset(
    {"Collectors.toList()", "toList()", "Collectors.toUnmodifiableList()", "Collectors.toSet()"}
)


class JavaExtractor(BuilderExtractor):
    family: ClassVar[Family] = "java"
    paths: ClassVar[Paths | None] = reach.JAVA
    functions: ClassVar[frozenset[str]] = frozenset(
        {"method_declaration", "constructor_declaration", "lambda_expression"}
    )
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
        receiver = "".join(text(call.field("object")).split())
        method = text(call.field("name"))
        imports = _file(call).imports
        if pattern.guard == "java_checkout_session":
            if receiver == CHECKOUT_SESSION:
                return True
            if "billingportal" in receiver:
                return False
            if method in ("create", "retrieve") and receiver != "Session":
                return False
            if imports:
                return imports_checkout_session(imports)
            # a snippet without imports (docs): billing portal sessions are only created
            return method != "create" or self._builder_type(call) == "SessionCreateParams"
        if pattern.guard == "java_portal_session":  # com.stripe.model.billingportal.Session
            return receiver == PORTAL_SESSION or (
                receiver == "Session" and PORTAL_SESSION in imports
            )
        if pattern.guard == "java_stripe_model":  # PaymentIntent.create(...), the Stripe class
            cls = pattern.callees[0].split(".", 1)[0]
            if receiver == model_name(cls):
                return True
            if receiver != cls:
                return False
            return not imports or bool(model_imports(cls) & set(imports))
        if pattern.guard in INSTANCE_GUARDS:
            wanted_method, cls = INSTANCE_GUARDS[pattern.guard]
            if method != wanted_method:
                return False
            # neither the receiver's type nor the params' builder says: not a Stripe call (a
            # cache.update(...), a client.subscriptionItems().update(id, ...) spelling)
            return self._target(call) == cls
        return False

    def _target(self, call: SgNode) -> str | None:
        """The Stripe class an instance call (``subscription.update(params)``) is made on: the
        params' builder (``SubscriptionItemUpdateParams`` -> ``SubscriptionItem``), else the
        receiver's declared type or the ``X.retrieve(...)`` it holds; None when neither says."""
        builder = self._builder_type(call)
        if builder is not None:
            name = builder.rsplit(".", 1)[-1]
            for suffix in ("UpdateParams", "ConfirmParams", "DeleteParams", "CancelParams"):
                if name.endswith(suffix):
                    return name.removesuffix(suffix)
        receiver = call.field("object")
        return self._type_of(receiver) if receiver is not None else None

    def _type_of(self, node: SgNode) -> str | None:
        """``Subscription`` for ``Subscription.retrieve(id)`` or a name declared (or bound) as
        one; None otherwise."""
        node = self.unwrap(node)
        retrieved = _retrieved(node)
        if retrieved is not None:
            return retrieved[0]
        if node.kind() != "identifier":
            return None
        declared = self._declared_type(node)
        if declared is not None and declared != "var":
            return declared.rsplit(".", 1)[-1].split("<", 1)[0]
        found = self.binding(node)
        if found is None:
            return None
        retrieved = _retrieved(self.unwrap(found[0]))
        return retrieved[0] if retrieved is not None else None

    def _declared_type(self, name: SgNode) -> str | None:
        """The written type of the local, parameter or field ``name`` (``var`` as written):
        the enclosing methods' declarations above the use first, then the class's fields."""
        wanted = name.text()
        scope = self.scope(name)
        while scope.kind() in self.functions:
            params = scope.field("parameters")
            for param in params.named_children() if params is not None else []:
                if text(param.field("name")) == wanted:
                    return "".join(text(param.field("type")).split()) or None
            for decl in reversed(self.direct(scope, "local_variable_declaration")):
                if start(decl) > start(name):
                    continue
                names = [text(d.field("name")) for d in decl.named_children()]
                if wanted in names:
                    return "".join(text(decl.field("type")).split()) or None
            scope = self.scope(scope)
        return _fields(name).get(wanted)

    def id_node(self, call: SgNode, pattern: CallPattern) -> SgNode | None:
        """The id argument (``client.subscriptions().update(id, params)``), or for an instance
        call the id its receiver was retrieved with (``Subscription.retrieve(id).update(...)``)."""
        if pattern.id_arg:
            return super().id_node(call, pattern)
        receiver = call.field("object")
        node = self.unwrap(receiver) if receiver is not None else None
        if node is not None and node.kind() == "identifier":
            found = self.binding(node)
            node = self.unwrap(found[0]) if found is not None else None
        retrieved = _retrieved(node) if node is not None else None
        return retrieved[1] if retrieved is not None else None

    def _builder_type(self, call: SgNode) -> str | None:
        """``SessionCreateParams`` when the first argument is (or is bound to) a chain that
        starts with ``SessionCreateParams.builder()``."""
        args = arguments(call)
        node = args[0] if args else None
        for _ in range(MAX_DEPTH):
            if node is None:
                return None
            node = self.unwrap(node)
            if node.kind() == "identifier":
                found = self.binding(node)
                node = found[0] if found is not None else None
                continue
            builder = _new_builder(node)
            if builder is not None:
                return builder
            if node.kind() != "method_invocation":
                return None
            if text(node.field("name")) == "builder":
                return "".join(text(node.field("object")).split())
            node = node.field("object")
        return None

    # -- names ---------------------------------------------------------------------------

    def update(
        self, value: Any, scope: SgNode, name: str, span: tuple[int, int], path: str
    ) -> None:
        statements = self._statements(scope, name, *span)
        for statement, calls in built_lists.carried(self, value, name, path, statements):

            def apply(calls: list[SgNode] = calls) -> None:
                for call in calls:
                    self._apply(value, call, path)

            self.under(value, statement, span[1], scope, apply=apply, path=path)
        if self.family == "java":  # Kotlin's lambdas are read as blocks of their function
            changed = lambda_changes(scope, name, span, "method_invocation")
            self.dynamic.extend(Dynamic(path, c.text()) for c in changed)

    def _statements(
        self, scope: SgNode, name: str, after: int, before: int
    ) -> list[tuple[SgNode, list[SgNode]]]:
        """The call chains made as statements on ``name`` between two offsets (innermost call
        first, with its statement; ``rows.forEach(name::addX)`` too), in source order."""
        found: list[tuple[SgNode, list[SgNode]]] = []
        for node in self.rooted(scope, "method_invocation", name, after, before):
            chain, root = _chain(node)
            if as_statement(node.parent()) and root is not None and root.text() == name:
                found.append((node.parent() or node, chain))  # root: an identifier
        found.extend(each_references(scope, self.direct, name, (after, before)))
        return sorted(found, key=lambda f: start(f[0]))

    # -- branches, loops, helpers --------------------------------------------------------

    def control(self, ancestor: SgNode, child: SgNode) -> Control | None:
        kind = ancestor.kind()
        if kind == "if_statement":
            condition = ancestor.field("condition")
            if condition is None or child == condition:
                return None
            cond = scoped_text(self, _bare(condition), _bare(condition).text())
            return Branch(ancestor, cond, child != ancestor.field("alternative"))
        if kind == "enhanced_for_statement" and child == ancestor.field("body"):
            over, var = ancestor.field("value"), ancestor.field("name")
            return Loop(ancestor, text(over) or None, text(var))
        if kind in ("for_statement", "while_statement", "do_statement"):
            return Loop(ancestor, None) if child == ancestor.field("body") else None
        each = each_loop(ancestor, child) if kind == "method_invocation" else None
        return Loop(ancestor, *each) if each is not None else None

    def scope(self, node: SgNode) -> SgNode:
        """As every language's, but a ``forEach`` call's lambda is a loop's body (see
        ``migrate/scan/each_lambdas.py``), not a function."""
        return enclosing_scope(node, self.functions)

    def helpers(self, node: SgNode) -> dict[str, list[SgNode]]:
        cache = file_cache(node)
        found: dict[str, list[SgNode]] | None = cache.get("java-methods")
        if found is None:
            found = {}
            for decl in of_kind(node.get_root().root(), "method_declaration"):
                found.setdefault(text(decl.field("name")), []).append(decl)
            cache["java-methods"] = found
        return found

    def helper_parameters(self, decl: SgNode) -> list[str]:
        params = decl.field("parameters")
        if params is None:
            return []
        return [
            text(p.field("name"))
            for p in params.named_children()
            if p.kind() in ("formal_parameter", "spread_parameter")
        ]

    def returned(self, decl: SgNode) -> SgNode | None:
        body = decl.field("body")
        if body is None:
            return None
        returns = [r for r in body.find_all(kind="return_statement") if self.scope(r) == decl]
        return one_value([value_of(r) for r in returns])

    def choice_text(self) -> Render:
        return java_choice

    def is_member_name(self, node: SgNode) -> bool:
        parent = node.parent()
        if parent is None:
            return False
        if parent.kind() == "field_access":
            return parent.field("field") == node
        if parent.kind() == "method_invocation":
            return parent.field("name") == node
        return False

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "string_literal":
            return java_string(node)
        if kind in _INTEGERS or kind in _FLOATS:
            return java_number(node.text())
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "null_literal":
            return (None,)
        if kind == "identifier":
            return self.resolve(node, path)
        if kind == "unary_expression":
            operand = node.field("operand")
            operator = text(node.field("operator"))
            if operand is None or operand.kind() not in _INTEGERS | _FLOATS:
                return None
            got = java_number(operand.text())
            if got is not None and operator == "-":
                return (-got[0],)
            return got if operator in ("-", "+") else None
        if kind == "cast_expression":
            value = node.field("value")
            return self.literal(self.unwrap(value), path) if value is not None else None
        if kind == "ternary_expression":
            return self._ternary(node, path)
        if kind == "field_access":  # a constant of a class of the file, or a Stripe enum
            return constant(self, node, self.family, path) or self._constant(node)
        if kind == "method_invocation":
            return self._invocation(node, path)
        if kind == "object_creation_expression":
            return self._creation(node, path)
        if kind in ("array_creation_expression", "array_initializer"):
            values = node.field("value") if kind == "array_creation_expression" else node
            if values is None:
                return None
            return (self._list(_expressions(values), path),)
        return None

    def _ternary(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``cond ? a : b``: a choice between the two values (each a literal or a marker)."""
        cond, then, else_ = (node.field(f) for f in ("condition", "consequence", "alternative"))
        if cond is None or then is None or else_ is None:
            return None
        return (
            choice_marker(
                self.text_of(node),
                self.text_of(self.unwrap(cond)),
                self.part(then, path),
                self.part(else_, path),
            ),
        )

    def _constant(self, node: SgNode) -> tuple[Any] | None:
        """``SessionCreateParams.Mode.PAYMENT`` -> ``payment``; ``EmptyParam.EMPTY`` -> ``""``."""
        flat = "".join(node.text().split())
        parts = flat.split(".")
        if flat in ("EmptyParam.EMPTY", "com.stripe.param.common.EmptyParam.EMPTY"):
            return ("",)
        if len(parts) < 2 or not _CONSTANT.match(parts[-1]):
            return None
        root = parts[0]
        stripe_type = (
            flat.startswith("com.stripe.param.")
            or root.endswith("Params")
            or any(
                i.startswith("com.stripe.param.") and i.endswith("." + root)
                for i in self.import_names(node)
            )
        )
        return (parts[-1].lower(),) if stripe_type else None

    def import_names(self, node: SgNode) -> list[str]:
        """What the file of ``node`` imports (``com.stripe.model.checkout.Session``)."""
        return _file(node).imports

    def _invocation(self, node: SgNode, path: str) -> tuple[Any] | None:
        callee = "".join(text(node.field("object")).split()) + "." + text(node.field("name"))
        callee = callee.removeprefix("java.util.")
        args = arguments(node)
        if callee in _LISTS:
            return (self._list(args, path),)
        if callee in _MAPS:
            if len(args) % 2:
                return None
            pairs = zip(args[::2], args[1::2], strict=True)
            return self.keyed([(k, v, node.text()) for k, v in pairs], path)
        name = text(node.field("name"))
        receiver = node.field("object")
        if receiver is None or receiver.kind() == "this":
            got = self.helper(node, name, args, path)
            if got is not None:
                return got
        if name in ("toList", "collect"):
            stream = self._stream(node, path)
            if stream is not None:
                return stream
        if name in ("orElse", "getOrDefault") and receiver is not None:
            fallback = self._fallback(node, receiver, args, path)
            if fallback is not None:
                return fallback
        if callee == "Map.ofEntries":
            entries: list[tuple[SgNode, SgNode, str]] = []
            for entry in args:
                inner = self.unwrap(entry)
                pair = arguments(inner) if inner.kind() == "method_invocation" else []
                if text(inner.field("name")) != "entry" or len(pair) != 2:
                    if path:
                        return None  # an entry made elsewhere: the map is known at run time
                    self.dynamic.append(Dynamic(path, entry.text()))
                    continue
                entries.append((pair[0], pair[1], entry.text()))
            return self.keyed(entries, path)
        return self._builder(node, path)

    def _fallback(
        self, node: SgNode, receiver: SgNode, args: list[SgNode], path: str
    ) -> tuple[Any] | None:
        """``opt.orElse("price_x")``, ``System.getenv().getOrDefault("PRICE", "price_x")``: a
        choice between the value when it is there and the literal fallback (Java's ``??``)."""
        name = text(node.field("name"))
        if len(args) != (1 if name == "orElse" else 2):
            return None
        fallback = self.part(args[-1], path)
        if fallback is None or fallback is OMIT or is_dynamic(fallback):
            return None  # orElse(null), orElse(other): only run time tells
        owner = self.text_of(receiver)
        if name == "getOrDefault":
            key = self.text_of(args[0])
            if "".join(owner.split()) == "System.getenv()":
                value, cond = f"System.getenv({key})", f"System.getenv({key}) != null"
            else:
                value, cond = f"{owner}.get({key})", f"{owner}.containsKey({key})"
        elif receiver.kind() == "method_invocation" and text(receiver.field("name")) in (
            "ofNullable",
            "of",
        ):
            inner = arguments(receiver)  # Optional.ofNullable(x).orElse(...): x
            if len(inner) != 1:
                return None
            value = self.text_of(inner[0])
            cond = f"{value} != null"
        else:
            value, cond = f"{owner}.get()", f"{owner}.isPresent()"
        return (choice_marker(self.text_of(node), cond, dynamic_marker(value), fallback),)

    def _stream(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``xs.stream().map(x -> ...).toList()`` (or ``collect(Collectors.toList())``): one
        element per element of ``xs``."""
        args = arguments(node)
        if text(node.field("name")) == "collect" and (
            len(args) != 1 or "".join(args[0].text().split()) not in _COLLECTORS
        ):
            return None
        if text(node.field("name")) == "toList" and args:
            return None
        mapped = node.field("object")
        if mapped is None or mapped.kind() != "method_invocation":
            return None
        if text(mapped.field("name")) != "map" or len(arguments(mapped)) != 1:
            return None
        lam = self.unwrap(arguments(mapped)[0])
        stream = mapped.field("object")
        if lam.kind() != "lambda_expression" or stream is None:
            return None
        var, body = _lambda(lam)
        if var is None or body is None:
            return None
        over = self.text_of(stream)
        if stream.kind() == "method_invocation" and not arguments(stream):
            inner = stream.field("object")
            if text(stream.field("name")) == "stream" and inner is not None:
                over = self.text_of(inner)  # xs.stream(): xs
            else:
                over += ".toList()"
        elif stream.kind() == "method_invocation" and text(stream.field("name")) == "stream":
            stream_args = arguments(stream)  # Arrays.stream(xs)
            over = self.text_of(stream_args[0]) if len(stream_args) == 1 else over + ".toList()"
        else:
            over += ".toList()"
        got = callback_item(self, lam, over, var, lambda: self.part(body, path))
        return (each_marker(self.text_of(node), over, var, got[0]),) if got else None

    def _builder(self, node: SgNode, path: str) -> tuple[Any] | None:
        """A builder chain: ``X.builder().setA(..).addB(..).build()`` or calls on a builder
        bound to a name."""
        chain, root = _chain(node)
        if not chain:
            return None
        first = chain[0]
        if text(first.field("name")) == "builder" and not arguments(first):
            out: dict[str, Any] = {}
            calls = chain[1:]
        elif root is not None and _new_builder(root) is not None:
            out, calls = {}, chain  # new SessionCreateParams.Builder().setA(..)...
        elif root is not None and root.kind() == "identifier":
            got = self.resolve(root, path)
            if got is None or type(got[0]) is not dict or is_dynamic(got[0]):
                return None
            out, calls = got[0], chain
        elif root is None or root.kind() == "this":  # helper(...).setA(..): a helper's builder
            got = self.helper(first, text(first.field("name")), arguments(first), path)
            if got is None or type(got[0]) is not dict or is_dynamic(got[0]):
                return None
            out, calls = got[0], chain[1:]
        else:
            return None
        if (
            not any(
                text(c.field("name")) == "build" or setter(text(c.field("name"))) for c in calls
            )
            and calls
        ):
            return None
        for call in calls:
            self._apply(out, call, path)
        return (out,)

    def _apply(self, value: dict[str, Any] | list[Any], call: SgNode, path: str) -> None:
        """One builder, ``Map`` or ``List`` call on ``value``."""
        method, args = each_added(call, None) or (text(call.field("name")), arguments(call))
        self.apply_method(value, method, args, call, path)

    def _creation(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``new HashMap<>()`` / ``new ArrayList<>(List.of(...))``, and double-brace
        initialisation (``new HashMap<>() {{ put("k", v); }}``)."""
        name = text(node.field("type")).split("<", 1)[0].rsplit(".", 1)[-1].strip()
        args = arguments(node)
        value: dict[str, Any] | list[Any]
        if name in _MAP_TYPES:
            value = {}
        elif name in _LIST_TYPES:
            value = []
        else:
            return None
        if len(args) == 1:
            got = self.value(args[0], path, record=False)
            if type(got) is type(value) and not is_dynamic(got):
                value = got
            elif args[0].kind() not in _INTEGERS:  # new ArrayList<>(16): a capacity
                return None
        elif args:
            return None
        body = next((c for c in node.children() if c.kind() == "class_body"), None)
        if body is not None:
            for block in body.children():
                if block.kind() != "block":
                    continue
                for call in block.find_all(kind="method_invocation"):
                    parent = call.parent()
                    if (
                        call.field("object") is None
                        and parent is not None
                        and (parent.kind() == "expression_statement")
                    ):
                        self._apply(value, call, path)
        return (value,)


# -- helpers ----------------------------------------------------------------------------------


@dataclass
class _File:
    """What is read once from the file being scanned: every call site asks again."""

    root: SgRoot
    imports: list[str]


_CURRENT: list[_File] = []


def _file(node: SgNode) -> _File:
    root = node.get_root()
    if not _CURRENT or _CURRENT[0].root is not root:
        _CURRENT[:] = [_File(root, _imports(root.root()))]
    return _CURRENT[0]


def _imports(root: SgNode) -> list[str]:
    """Each import's name (``com.stripe.model.checkout.Session``, ``com.stripe.model.*``)."""
    out: list[str] = []
    for node in of_kind(root, "import_declaration"):
        names = [
            c for c in node.named_children() if c.kind() in ("scoped_identifier", "identifier")
        ]
        if names:
            wildcard = any(c.kind() == "asterisk" for c in node.children())
            out.append("".join(names[0].text().split()) + (".*" if wildcard else ""))
    return out


def _retrieved(node: SgNode) -> tuple[str, SgNode | None] | None:
    """``(class, id argument)`` when ``node`` is ``X.retrieve(id, ...)``."""
    if node.kind() != "method_invocation" or text(node.field("name")) != "retrieve":
        return None
    owner = "".join(text(node.field("object")).split()).rsplit(".", 1)[-1]
    if not owner[:1].isupper():
        return None
    args = arguments(node)
    return owner, (args[0] if args else None)


def _fields(node: SgNode) -> dict[str, str]:
    """The written type of each field declared in the file of ``node`` (read once per file;
    the first declaration of a name wins)."""
    cache = file_cache(node)
    found: dict[str, str] | None = cache.get("java-fields")
    if found is None:
        found = {}
        for decl in of_kind(node.get_root().root(), "field_declaration"):
            typ = "".join(text(decl.field("type")).split())
            for declarator in decl.named_children():
                if declarator.kind() == "variable_declarator" and typ:
                    found.setdefault(text(declarator.field("name")), typ)
        cache["java-fields"] = found
    return found


def _chain(node: SgNode) -> tuple[list[SgNode], SgNode | None]:
    """The method calls of a chain, innermost first, and what the innermost is called on."""
    chain: list[SgNode] = []
    current: SgNode | None = node
    while current is not None and current.kind() == "method_invocation":
        chain.append(current)
        if text(current.field("name")) == "builder" and not arguments(current):
            break
        current = current.field("object")
        while current is not None and current.kind() == "parenthesized_expression":
            inner = current.named_children()
            current = inner[0] if inner else None
    else:  # the chain ended on something else: a name, a type, a call's result
        return chain[::-1], current
    return chain[::-1], None  # it starts with X.builder()


def _new_builder(node: SgNode) -> str | None:
    """``SessionCreateParams`` for ``new SessionCreateParams.Builder()`` (the older spelling
    of ``SessionCreateParams.builder()``); None for anything else."""
    if node.kind() != "object_creation_expression" or arguments(node):
        return None
    kind = "".join(text(node.field("type")).split())
    if kind == "Builder" or kind.endswith(".Builder"):
        return kind.removesuffix("Builder").removesuffix(".") or kind
    return None


def _bare(node: SgNode) -> SgNode:
    """A condition without the parentheses an ``if`` puts around it."""
    while node.kind() == "parenthesized_expression":
        inner = [c for c in node.named_children() if not is_comment(c)]
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def _lambda(node: SgNode) -> tuple[str | None, SgNode | None]:
    """``x -> body``: the parameter's name and the expression the lambda returns."""
    params = node.field("parameters")
    names = (
        [params]
        if params is not None and params.kind() == "identifier"
        else [n for n in (params.find_all(kind="identifier") if params is not None else [])]
    )
    if len(names) != 1:
        return None, None
    body = node.field("body")
    if body is not None and body.kind() == "block":
        returns = returns_of(node, body, JavaExtractor.functions)
        body = one_value([value_of(r) for r in returns])  # one value, or none to follow
    return names[0].text(), body


def _mocked(call: SgNode) -> bool:
    """Whether ``call`` is named inside a Mockito stub or verification (``when(Session.create(
    any()))``, ``mocked.when(() -> Session.create(any()))``) or given argument matchers."""
    for arg in arguments(call):
        if (
            arg.kind() == "method_invocation"
            and text(arg.field("name")) in _MATCHERS
            and text(arg.field("object")) in ("", "Mockito", "ArgumentMatchers", "Matchers")
        ):
            return True
    for ancestor in call.ancestors():
        kind = ancestor.kind()
        if kind in ("method_declaration", "class_body", "program"):
            return False
        if kind == "method_invocation" and text(ancestor.field("name")) in _MOCKS:
            args = ancestor.field("arguments")
            if args is not None and start(args) <= start(call):
                return True
    return False


def _expressions(node: SgNode) -> list[SgNode]:
    return [
        c
        for c in node.named_children()
        if c.kind() not in ("comment", "line_comment", "block_comment")
    ]


def java_number(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "")
    try:
        if flat[:2].lower() in ("0x", "0b") and "." not in flat and "p" not in flat.lower():
            return (int(flat.rstrip("lL"), 0),)
        if flat.rstrip("lL").isdigit():
            digits = flat.rstrip("lL")
            return (int(digits, 8) if len(digits) > 1 and digits[0] == "0" else int(digits),)
        return (float(flat.rstrip("fFdD")),)
    except ValueError:
        return None


def java_string(node: SgNode) -> tuple[Any] | None:
    """A string literal's value (escapes decoded, text blocks' indentation removed)."""
    parts: list[str] = []
    block = node.text().startswith('"""')
    for child in node.children():
        kind = child.kind()
        if kind in ("string_fragment", "multiline_string_fragment"):
            parts.append(child.text())
        elif kind == "escape_sequence":
            parts.append(_escape(child.text()))
        elif kind == "string_interpolation":
            return None
    value = "".join(parts)
    if block:  # the first line break is not content; the common indentation is removed
        value = textwrap.dedent(value.split("\n", 1)[1] if "\n" in value else value)
    return (value,)


def _escape(source: str) -> str:
    if source.startswith("\\u"):
        try:
            return chr(int(source.lstrip("\\u")[:4], 16))
        except ValueError:
            return source
    return c_escape(source)

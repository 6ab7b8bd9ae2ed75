"""Kotlin: stripe-java used from Kotlin (``Session.create(params)`` of
``com.stripe.model.checkout.Session``, imported or aliased with ``import ... as``, and
``StripeClient``'s ``client.checkout().sessions().create(params)``).

The params are the Java SDK's builders, so what a builder method does is Java's
(:meth:`JavaExtractor.apply_method`: ``setX`` sets ``x``, ``addX`` appends, ``putX`` adds to a
map); only the syntax is Kotlin's. A builder is read through ``val params = ...`` bindings,
changes made on it in later statements (under ``if`` expressions, ``for`` loops, ``forEach`` and
``x?.let { }``), ``apply { setMode(...) }`` and ``run { setMode(...); build() }`` blocks (the
setters of a block nested in one are its own builder's), ``listOf`` / ``mapOf("k" to v)`` values,
``if`` expressions and ``?:`` with a literal fallback (choices), ``xs.map { ... }`` (an each), and
helper functions of the same file (named and default arguments too).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode, SgRoot

from migrate.scan import reach
from migrate.scan.block_locals import scoped_text
from migrate.scan.callback_locals import callback_item
from migrate.scan.constants import constant
from migrate.scan.extract import Binding, file_cache, is_dynamic, start, text
from migrate.scan.flow import Branch, Control, Loop, Render, choice_marker, each_marker
from migrate.scan.helper_returns import one_value, value_of
from migrate.scan.kotlin_extensions import extension_fields, receiver_reads
from migrate.scan.kotlin_symbols import extension_receiver
from migrate.scan.lang.java import JavaExtractor
from migrate.scan.lang.jvm import (
    CHECKOUT_SESSION,
    INSTANCE_GUARDS,
    imports_checkout_session,
    java_source,
    model_imports,
    model_name,
    run_time_part,
    setter,
)
from migrate.scan.lang.kotlin_nodes import (
    arguments,
    callee,
    chain_of,
    declaration,
    end,
    entries_put,
    is_safe_call,
    lambda_parameter,
    last_expression,
    parameter_name,
    parameter_names,
    scope_receiver,
    trailing_lambda,
)
from migrate.scan.nodes import of_kind
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.reach import Paths

_LISTS: Final = frozenset(
    {"listOf", "mutableListOf", "arrayListOf", "setOf", "mutableSetOf", "arrayOf", "listOfNotNull"}
)
_MAPS: Final = frozenset({"mapOf", "mutableMapOf", "hashMapOf", "linkedMapOf", "sortedMapOf"})
_NEW_LISTS: Final = frozenset({"ArrayList", "LinkedList", "HashSet", "LinkedHashSet"})
_NEW_MAPS: Final = frozenset({"HashMap", "LinkedHashMap", "TreeMap"})
_INTEGERS: Final = frozenset(
    {"integer_literal", "long_literal", "hex_literal", "bin_literal", "unsigned_literal"}
)
_MOCKS: Final = frozenset(
    {"every", "coEvery", "verify", "coVerify", "whenever", "given", "verifySequence", "justRun"}
)
"""MockK and mockito-kotlin: their blocks and arguments name a call without making it."""
_MATCHERS: Final = frozenset({"any", "eq", "match", "capture", "isNull", "ofType", "anyOrNull"})
_MATCHER_OWNERS: Final = frozenset({"Mockito", "ArgumentMatchers", "Matchers", "MockK"})
_STATIC_MOCKS: Final = frozenset({"when", "verify"})
"""Mockito's ``MockedStatic``: ``mocked.`when`<Session> { ... }``, ``mocked.verify { ... }``."""
_LOOPS: Final = frozenset({"forEach", "forEachIndexed", "onEach"})
_SCOPES: Final = frozenset({"let", "also", "run", "apply"})
_COROUTINES: Final = frozenset(
    {"withContext", "coroutineScope", "supervisorScope", "runBlocking", "withTimeout"}
)
"""Coroutine builders whose value is their block's last expression (``withContext(IO) { ... }``),
as an awaited call's is in Python and TypeScript."""
_ESCAPE: Final = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_SIMPLE_ESCAPES: Final = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "0": "\0"}


class KotlinExtractor(JavaExtractor):
    family: ClassVar[Family] = "kotlin"
    paths: ClassVar[Paths | None] = reach.KOTLIN
    functions: ClassVar[frozenset[str]] = frozenset(
        {"function_declaration", "anonymous_function", "secondary_constructor", "getter", "setter"}
    )
    """Lambdas are not scopes here: a builder is changed inside ``apply { }``, ``forEach { }``
    and ``?.let { }`` blocks, and a Ktor handler is a lambda."""
    wrappers: ClassVar[frozenset[str]] = frozenset({"parenthesized_expression"})
    name_kinds: ClassVar[frozenset[str]] = frozenset({"simple_identifier"})
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = ()

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if _mocked(call):
            return False
        if pattern.guard is None:
            return True
        receiver_node, method = callee(call)
        facts = _file(call)
        receiver = "".join(text(receiver_node).split())
        receiver = facts.aliases.get(receiver, receiver)
        imports = facts.imports
        if pattern.guard == "kotlin_checkout_alias":
            return (
                receiver == CHECKOUT_SESSION
                and receiver_node is not None
                and ("".join(receiver_node.text().split()) in facts.aliases)
            )
        if pattern.guard == "java_checkout_session":
            if receiver == CHECKOUT_SESSION:
                return True
            if "billingportal" in receiver:
                return False
            if method in ("create", "retrieve") and receiver != "Session":
                return False
            if imports:
                return imports_checkout_session(imports)
            return method != "create" or self._builder_type(call) == "SessionCreateParams"
        if pattern.guard == "java_stripe_model":
            cls = pattern.callees[0].split(".", 1)[0]
            if receiver == model_name(cls):
                return True
            if receiver != cls:
                return False
            return not imports or bool(model_imports(cls) & set(imports))
        if pattern.guard in INSTANCE_GUARDS:
            wanted, cls = INSTANCE_GUARDS[pattern.guard]
            return method == wanted and self._target(call) == cls
        return False

    def _builder_type(self, call: SgNode) -> str | None:
        """``SessionCreateParams`` when the first argument is (or is bound to) a chain that
        starts with ``SessionCreateParams.builder()``."""
        args = self.positional(call)
        node = args[0] if args else None
        for _ in range(16):
            if node is None:
                return None
            node = self.unwrap(node)
            if node.kind() == "simple_identifier":
                found = self.binding(node)
                node = found[0] if found is not None else None
                continue
            if node.kind() != "call_expression":
                return None
            receiver, name = callee(node)
            if name in ("builder", "Builder") and receiver is not None:
                return "".join(receiver.text().split())
            node = receiver
        return None

    def _type_of(self, node: SgNode) -> str | None:
        node = self.unwrap(node)
        retrieved = _retrieved(node)
        if retrieved is not None:
            return retrieved[0]
        if node.kind() != "simple_identifier":
            return None
        declared = _declared_type(node)
        if declared is not None:
            return declared
        found = self.binding(node)
        if found is None:
            return None
        retrieved = _retrieved(self.unwrap(found[0]))
        return retrieved[0] if retrieved is not None else None

    def id_node(self, call: SgNode, pattern: CallPattern) -> SgNode | None:
        if pattern.id_arg:
            args = self.positional(call)
            return args[0] if args else None
        receiver, _ = callee(call)
        node = self.unwrap(receiver) if receiver is not None else None
        if node is not None and node.kind() == "simple_identifier":
            found = self.binding(node)
            node = self.unwrap(found[0]) if found is not None else None
        retrieved = _retrieved(node) if node is not None else None
        return retrieved[1] if retrieved is not None else None

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        params: dict[str, Any] = {}
        args = self.positional(call)
        index = 1 if pattern.id_arg else 0
        if len(args) > index:
            self.merge(params, args[index], "", self.text_of(args[index]))
        return params

    # -- arguments -----------------------------------------------------------------------

    def positional(self, call: SgNode) -> list[SgNode]:
        """The argument expressions of a call, named ones included, in order (a Java method
        takes no named arguments: a name only labels its position)."""
        return [node for _, node in arguments(call)]

    # -- names ---------------------------------------------------------------------------

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        cache = file_cache(scope)
        key = (type(self), "kotlin-bindings", scope)
        if key not in cache:
            out: dict[str, list[Binding]] = {}
            for node in self.direct(scope, "property_declaration"):
                target, value = declaration(node)
                if target is not None and value is not None:
                    out.setdefault(target, []).append((start(node), value, end(node)))
            for node in self.direct(scope, "assignment"):
                children = node.children()
                assigned = children[0] if children else None
                inner = assigned.named_children() if assigned is not None else []
                if len(inner) != 1 or inner[0].kind() != "simple_identifier":
                    continue
                operator = children[1].text() if len(children) > 2 else ""
                value = node if operator != "=" else children[-1]
                out.setdefault(inner[0].text(), []).append((start(node), value, end(node)))
            cache[key] = out
        found: list[Binding] = cache[key].get(name, [])
        return found

    def is_parameter(self, scope: SgNode, name: str) -> bool:
        return name in parameter_names(scope)

    def resolve(self, name: SgNode, path: str) -> tuple[Any] | None:
        receiver = scope_receiver(name)
        if receiver is not None:  # x?.let { b.setX(it) }: it is x
            return self.literal(self.unwrap(receiver), path)
        return super().resolve(name, path)

    def text_of(self, node: SgNode) -> str:
        base = super().text_of(node)
        if base != node.text():
            return base
        edits: list[tuple[int, int, str]] = []
        names = [node] if node.kind() == "simple_identifier" else []
        names.extend(node.find_all(kind="simple_identifier"))
        seen: set[int] = set()
        for ident in names:
            if start(ident) in seen or self.is_member_name(ident):
                continue
            seen.add(start(ident))
            receiver = scope_receiver(ident)
            if receiver is not None:
                edits.append(
                    (start(ident) - start(node), end(ident) - start(node), receiver.text())
                )
        out = node.text()
        for begin, stop, replacement in sorted(edits, reverse=True):
            out = out[:begin] + replacement + out[stop:]
        return out

    def _statements(
        self, scope: SgNode, name: str, after: int, before: int
    ) -> list[tuple[SgNode, list[SgNode]]]:
        found: list[tuple[SgNode, list[SgNode]]] = []
        for node in self.rooted(scope, "call_expression", name, after, before):
            parent = node.parent()
            if parent is None or parent.kind() not in ("statements", "control_structure_body"):
                continue
            chain, root = chain_of(node)
            if root is not None and root.kind() == "simple_identifier" and root.text() == name:
                found.append((node, chain))
        for node in self.rooted(scope, "assignment", name, after, before):
            if _indexed(node) is not None:  # metadata["order_id"] = id: an entry put
                found.append((node, [node]))
        return sorted(found, key=lambda f: start(f[0]))

    # -- branches, loops, helpers --------------------------------------------------------

    def control(self, ancestor: SgNode, child: SgNode) -> Control | None:
        kind = ancestor.kind()
        if kind == "if_expression":
            bodies = [c for c in ancestor.named_children() if c.kind() == "control_structure_body"]
            condition = next(
                (c for c in ancestor.named_children() if c.kind() != "control_structure_body"),
                None,
            )
            if condition is None or child not in bodies:
                return None
            cond = scoped_text(self, condition, condition.text())  # its block's locals too
            return Branch(ancestor, cond, child == bodies[0])
        if kind == "for_statement":
            named = ancestor.named_children()
            if len(named) < 3 or child != named[-1]:
                return None
            var = named[0].text() if named[0].kind() == "variable_declaration" else ""
            return Loop(ancestor, named[1].text() if var else None, var)
        if kind in ("while_statement", "do_while_statement"):
            return Loop(ancestor, None)
        if kind == "call_expression" and child.kind() == "call_suffix":
            lam = trailing_lambda(ancestor)
            receiver, method = callee(ancestor)
            if lam is None or receiver is None:
                return None
            if method in _LOOPS:
                return Loop(ancestor, self.text_of(receiver), lambda_parameter(lam) or "it")
            if method in _SCOPES and is_safe_call(ancestor):
                return Branch(ancestor, f"{self.text_of(receiver)} != null")
        return None

    def helpers(self, node: SgNode) -> dict[str, list[SgNode]]:
        cache = file_cache(node)
        found: dict[str, list[SgNode]] | None = cache.get("kotlin-functions")
        if found is None:
            found = {}
            for decl in of_kind(node.get_root().root(), "function_declaration"):
                name = next((c for c in decl.children() if c.kind() == "simple_identifier"), None)
                if name is not None:
                    found.setdefault(name.text(), []).append(decl)
            cache["kotlin-functions"] = found
        return found

    def helper_parameters(self, decl: SgNode) -> list[str]:
        return list(parameter_names(decl))

    def helper_defaults(self, decl: SgNode) -> dict[str, SgNode]:
        params = next((c for c in decl.children() if c.kind() == "function_value_parameters"), None)
        out: dict[str, SgNode] = {}
        if params is None:
            return out
        children = params.children()
        for i, child in enumerate(children):
            if (
                child.kind() == "parameter"
                and i + 2 < len(children)
                and children[i + 1].kind() == "="
            ):
                out[parameter_name(child)] = children[i + 2]
        return out

    def returned(self, decl: SgNode) -> SgNode | None:
        body = next((c for c in decl.children() if c.kind() == "function_body"), None)
        if body is None:
            return None
        children = body.children()
        if children and children[0].kind() == "=":
            named = body.named_children()
            return named[0] if named else None
        returns = [
            r
            for r in body.find_all(kind="jump_expression")
            if r.text().startswith("return") and self.scope(r) == decl
        ]
        return one_value([value_of(r) for r in returns])

    def is_member_name(self, node: SgNode) -> bool:
        parent = node.parent()
        return parent is not None and parent.kind() == "navigation_suffix"

    def choice_text(self) -> Render:
        return kotlin_choice

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "string_literal":
            return kotlin_string(node)
        if kind in _INTEGERS or kind == "real_literal":
            return kotlin_number(node.text())
        if kind == "boolean_literal":
            return (node.text() == "true",)
        if kind == "null_literal":
            return (None,)
        if kind == "simple_identifier":
            return self.resolve(node, path)
        if kind == "prefix_expression":
            inner = node.named_children()
            sign = node.text().lstrip()[:1]
            if (
                len(inner) != 1
                or sign not in "-+"
                or inner[0].kind() not in _INTEGERS | {"real_literal"}
            ):
                return None
            got = kotlin_number(inner[0].text())
            return (-got[0],) if got is not None and sign == "-" else got
        if kind == "as_expression":
            inner = node.named_children()
            return self.literal(self.unwrap(inner[0]), path) if inner else None
        if kind == "navigation_expression":  # a constant of the file, or a Stripe enum
            return constant(self, node, self.family, path) or self._constant(node)
        if kind == "if_expression":
            return self._if(node, path)
        if kind == "elvis_expression":
            return self._elvis(node, path)
        if kind == "call_expression":
            return self._call(node, path)
        return None

    def import_names(self, node: SgNode) -> list[str]:
        return _file(node).imports

    def _if(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``if (c) a else b`` as a value: a choice (``else if`` nests)."""
        named = node.named_children()
        bodies = [c for c in named if c.kind() == "control_structure_body"]
        if len(bodies) != 2 or named[0].kind() == "control_structure_body":
            return None
        values = []
        for body in bodies:
            inner = body.named_children()
            last = inner[-1] if inner else None
            if last is not None and last.kind() == "statements":
                statements = last.named_children()
                last = statements[-1] if statements else None
            if last is None:
                return None
            values.append(self.part(last, path))
        return (choice_marker(self.text_of(node), self.text_of(named[0]), *values),)

    def _elvis(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``x ?: "fallback"``: a choice when the fallback is a literal."""
        named = node.named_children()
        if len(named) != 2:
            return None
        fallback = self.part(named[1], path)
        if is_dynamic(fallback):
            return None
        left = self.part(named[0], path)
        return (
            choice_marker(self.text_of(node), f"{self.text_of(named[0])} is set", left, fallback),
        )

    def _call(self, node: SgNode, path: str) -> tuple[Any] | None:
        receiver, name = callee(node)
        args = arguments(node)
        positional = [n for _, n in args]
        if receiver is None:
            if name in _LISTS:
                return (self._list(positional, path),)
            if name in _MAPS:
                return self._map(positional, path)
            if name in _NEW_LISTS | _NEW_MAPS and not args:
                return ([],) if name in _NEW_LISTS else ({},)
            if name in _COROUTINES:
                return self._suspended(node, path)
            named = {k: v for k, v in args if k is not None}
            unnamed = [v for k, v in args if k is None]
            return self.helper(node, name, unnamed, path, named)
        if name == "await" and not args:
            inner = self.unwrap(receiver)
            if inner.kind() == "call_expression" and callee(inner)[1] == "async":
                return self._suspended(inner, path)  # async { ... }.await()
        if not args and trailing_lambda(node) is None:  # item.asLine(): an extension here
            decls = self.helpers(node).get(name, [])
            if len(decls) == 1 and extension_receiver(decls[0]) is not None:
                got = self.helper(node, name, [], path)
                fields = extension_fields(decls[0], extension_receiver(decls[0]) or "")
                return receiver_reads(got, fields or (), self.text_of(receiver)) if got else None
        lam = trailing_lambda(node)
        if name in ("map", "mapNotNull") and lam is not None and not args:
            return self._mapped(node, receiver, lam, path)
        if name in ("toList", "toMutableList", "toTypedArray") and not args:
            inner = self.unwrap(receiver)
            if inner.kind() == "call_expression":
                got = self._call(inner, path)
                if got is not None and is_dynamic(got[0]):
                    return got  # xs.map { ... }.toList(): the each
                return got
        if name == "collect" and receiver.kind() == "call_expression":
            inner_receiver, inner_name = callee(receiver)
            if inner_name == "map" and inner_receiver is not None:
                got = self._call(receiver, path)
                return got
        if name in ("map",) and len(positional) == 1 and positional[0].kind() == "lambda_literal":
            return self._mapped(node, receiver, positional[0], path)
        return self._kt_builder(node, path)

    def _suspended(self, node: SgNode, path: str) -> tuple[Any] | None:
        """A coroutine block's value: its last expression (a helper of the file it calls is
        followed as when it is called directly)."""
        lam = trailing_lambda(node)
        body = last_expression(lam) if lam is not None else None
        return self.literal(self.unwrap(body), path) if body is not None else None

    def _map(self, args: list[SgNode], path: str) -> tuple[Any] | None:
        """``mapOf("k" to v, ...)`` (or ``Pair("k", v)``)."""
        pairs: list[tuple[SgNode, SgNode, str]] = []
        for arg in args:
            inner = self.unwrap(arg)
            pair: list[SgNode] = []
            if inner.kind() == "infix_expression":
                named = inner.named_children()
                if len(named) == 3 and named[1].text() == "to":
                    pair = [named[0], named[2]]
            elif inner.kind() == "call_expression" and callee(inner)[1] == "Pair":
                pair = self.positional(inner)
            if len(pair) != 2:
                return None
            pairs.append((pair[0], pair[1], self.text_of(arg)))
        return self.keyed(pairs, path)

    def _mapped(self, node: SgNode, receiver: SgNode, lam: SgNode, path: str) -> tuple[Any] | None:
        """``xs.map { x -> ... }`` (``it`` without a parameter): one element per element."""
        over = self.unwrap(receiver)
        if over.kind() == "call_expression":
            inner, name = callee(over)
            if name in ("stream", "asSequence") and inner is not None and not arguments(over):
                over = inner
        body = last_expression(lam)
        var, seq = lambda_parameter(lam) or "it", self.text_of(over)
        got = callback_item(self, lam, seq, var, lambda: self.part(body, path) if body else None)
        return (each_marker(self.text_of(node), seq, var, got[0]),) if got else None

    def _kt_builder(self, node: SgNode, path: str) -> tuple[Any] | None:
        """A builder chain: ``X.builder().setA(..).build()``, ``X.Builder()...``, calls on a
        builder bound to a name, or on one a helper returns."""
        chain, root = chain_of(node)
        if not chain:
            return None
        first = chain[0]
        receiver, name = callee(first)
        out: dict[str, Any]
        if name in ("builder", "Builder") and receiver is not None and not arguments(first):
            out, calls = {}, chain[1:]
        elif root is not None and root.kind() == "simple_identifier":
            got = self.resolve(root, path)
            if got is None or type(got[0]) is not dict or is_dynamic(got[0]):
                return None
            out, calls = got[0], chain
        elif root is None and receiver is None:
            args = arguments(first)
            got = self.helper(
                first,
                name,
                [v for k, v in args if k is None],
                path,
                {k: v for k, v in args if k is not None},
            )
            if got is None or type(got[0]) is not dict or is_dynamic(got[0]):
                return None
            out, calls = got[0], chain[1:]
        else:
            return None
        names = [callee(c)[1] for c in calls]
        if calls and not any(n == "build" or n in _SCOPES or setter(n) for n in names):
            return None
        for call in calls:
            self._apply(out, call, path)
        return (out,)

    def _apply(self, value: dict[str, Any] | list[Any], call: SgNode, path: str) -> None:
        entry = _indexed(call) if call.kind() == "assignment" else None
        if entry is not None:  # map[key] = v is map.set(key, v)
            self.apply_method(value, "put", list(entry), call, path)
            return
        _, method = callee(call)
        lam = trailing_lambda(call)
        if method in _SCOPES and lam is not None and not self.positional(call):
            self._block(value, lam, path)  # run { build() } gives the builder's value too
            return
        args = self.positional(call)
        if method == "set" and len(args) == 2:
            method = "put"  # map.set(key, v): the operator map[key] = v stands for
        whole = entries_put(call, method, args)
        if whole is not None:  # extra.forEach { (k, v) -> b.putMetadata(k, v) }: all of extra
            method, args, call = "putAll" + method[3:], [whole[0]], whole[1]
        self.apply_method(value, method, args, call, path)

    def _block(self, value: dict[str, Any] | list[Any], lam: SgNode, path: str) -> None:
        """The builder calls of an ``apply { setMode(...) }`` / ``run { setMode(...);
        build() }`` block (``it.setMode`` in ``also`` and ``let``), each under the branches
        and loops of the block; those of a block nested in it (a line item's own ``apply {
        }``) are its builder's, not this one's."""
        use = end(lam)
        own = {"this", lambda_parameter(lam) or "it"}  # also { builder -> builder.addX() }
        for node in lam.find_all(kind="call_expression"):
            parent = node.parent()
            if parent is None or parent.kind() not in ("statements", "control_structure_body"):
                continue
            names = self._loops_to(node, lam)
            if names is None:
                continue  # in a block nested in it: another builder's
            chain, root = chain_of(node)
            if not chain:
                continue
            receiver, name = callee(chain[0])
            bare = root is None and receiver is None and setter(name)  # setMode(...)
            if not bare and (root is None or root.text() not in own - names):
                continue  # neither setX(...) nor this.setX(...) / it.setX(...) / builder.setX
            calls = chain

            def apply(calls: list[SgNode] = calls) -> None:
                for call in calls:
                    self._apply(value, call, path)

            self.under(value, node, use, lam, apply=apply, path=path)

    def _loops_to(self, node: SgNode, lam: SgNode) -> set[str] | None:
        """The names the lambdas between ``node`` and the block ``lam`` bind, when each is a
        loop's (``items.forEach { builder.addLineItem(it) }``); None when one is not."""
        names: set[str] = set()
        for up in node.ancestors():
            if up == lam:
                return names
            if up.kind() != "lambda_literal":
                continue
            holder = next((a for a in up.ancestors() if a.kind() == "call_expression"), None)
            if holder is None or trailing_lambda(holder) != up or callee(holder)[1] not in _LOOPS:
                return None
            names.add(lambda_parameter(up) or "it")  # a loop's lambda keeps the block's this
        return None


def _indexed(node: SgNode) -> tuple[SgNode, SgNode] | None:
    """The key and the value of ``name[key] = value`` (a plain ``=``), else None."""
    children = node.children()
    target = children[0].children() if len(children) == 3 and children[1].text() == "=" else []
    if len(target) != 2 or target[0].kind() != "simple_identifier":
        return None
    keys = [c for c in target[1].named_children()] if target[1].kind() == "indexing_suffix" else []
    return (keys[0], children[2]) if len(keys) == 1 else None


# -- the file ---------------------------------------------------------------------------------


@dataclass
class _File:
    root: SgRoot
    imports: list[str]
    aliases: dict[str, str]
    """``import com.stripe.model.checkout.Session as StripeSession``: alias -> name."""


_CURRENT: list[_File] = []


def _file(node: SgNode) -> _File:
    root = node.get_root()
    if not _CURRENT or _CURRENT[0].root is not root:
        imports: list[str] = []
        aliases: dict[str, str] = {}
        for header in of_kind(root.root(), "import_header"):
            ident = next((c for c in header.named_children() if c.kind() == "identifier"), None)
            if ident is None:
                continue
            name = "".join(ident.text().split())
            if any(c.kind() == "wildcard_import" for c in header.children()) or (
                header.text().rstrip().endswith("*")
            ):
                name += ".*"
            alias = next((c for c in header.named_children() if c.kind() == "import_alias"), None)
            if alias is not None:
                short = alias.text().split()[-1]
                aliases[short] = name
                # the short name is not what was imported: an alias of a checkout Session is
                # still the checkout Session, and "Session" may now be another class
                imports.append(f"{name} as {short}")
            else:
                imports.append(name)
        _CURRENT[:] = [_File(root, imports, aliases)]
    return _CURRENT[0]


def _declared_type(name: SgNode) -> str | None:
    """The written type of a local, property or parameter ``name`` (``val sub: Subscription``):
    the file's first declaration of that name (read once per file)."""
    cache = file_cache(name)
    found: dict[str, str] | None = cache.get("kotlin-types")
    if found is None:
        found = {}
        top = name.get_root().root()
        for kind in ("variable_declaration", "parameter", "class_parameter"):
            for decl in of_kind(top, kind):
                named = [c for c in decl.named_children() if c.kind() != "modifiers"]
                ident = next((c for c in named if c.kind() == "simple_identifier"), None)
                typ = named[-1] if named and named[-1].kind().endswith("_type") else None
                if ident is not None and typ is not None:
                    found.setdefault(ident.text(), typ.text().rstrip("?").rsplit(".", 1)[-1])
        cache["kotlin-types"] = found
    return found.get(name.text())


def _retrieved(node: SgNode) -> tuple[str, SgNode | None] | None:
    """``(class, id argument)`` when ``node`` is ``X.retrieve(id, ...)``."""
    if node.kind() != "call_expression":
        return None
    receiver, name = callee(node)
    if name != "retrieve" or receiver is None:
        return None
    owner = "".join(receiver.text().split()).rsplit(".", 1)[-1]
    if not owner[:1].isupper():
        return None
    args = arguments(node)
    return owner, (args[0][1] if args else None)


def _mocked(call: SgNode) -> bool:
    """Whether ``call`` is named in a MockK / mockito-kotlin stub or verification (``every {
    Session.create(any()) } returns s``, ``whenever(Session.create(any()))``), in a Mockito
    ``MockedStatic``'s ``when`` / ``verify`` block, or given argument matchers (``any()``,
    ``Mockito.any(...)``)."""
    for _, arg in arguments(call):
        if arg.kind() == "call_expression" and callee(arg)[1] in _MATCHERS:
            owner = callee(arg)[0]
            if owner is None or owner.text() in _MATCHER_OWNERS:  # any(), Mockito.any(...)
                return True
    for ancestor in call.ancestors():
        kind = ancestor.kind()
        if kind in ("function_declaration", "class_body", "source_file"):
            return False
        if kind == "call_expression":
            receiver, name = callee(ancestor)
            if (receiver is None and name in _MOCKS) or name.strip("`") in _STATIC_MOCKS:
                return True
    return False


def kotlin_choice(cond: str, then: Any, else_: Any) -> str:
    """A choice a builder call under an ``if`` makes, as Kotlin: ``if (trial) 14 else null``."""
    flat = " ".join(cond.split())
    return f"if ({flat}) {_kotlin_source(then)} else {_kotlin_source(else_)}"


def _kotlin_source(value: Any) -> str:
    if is_dynamic(value):
        return run_time_part(str(value["$dynamic"]))
    if type(value) is dict:
        pairs = ", ".join(f"{_kotlin_source(k)} to {_kotlin_source(v)}" for k, v in value.items())
        return f"mapOf({pairs})"
    if type(value) is list:
        return "listOf(" + ", ".join(_kotlin_source(v) for v in value) + ")"
    if type(value) is str:
        return json.dumps(value, ensure_ascii=False).replace("$", "\\$")
    return java_source(value)


def kotlin_number(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").rstrip("lLuU")
    try:
        if flat[:2].lower() in ("0x", "0b"):
            return (int(flat, 0),)
        if flat.isdigit():
            return (int(flat),)
        return (float(flat.rstrip("fF")),)
    except ValueError:
        return None


def kotlin_string(node: SgNode) -> tuple[Any] | None:
    """A string literal's value (escapes decoded, none in a raw ``\"\"\"`` string); None with
    a ``$name`` / ``${...}`` template in it."""
    raw = node.text().startswith('"""')
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_content":
            parts.append(child.text() if raw else _ESCAPE.sub(_unescape, child.text()))
        elif kind.startswith("interpolat"):
            return None
    return ("".join(parts),)


def _unescape(match: re.Match[str]) -> str:
    body = match.group(1)
    if body.startswith("u") and len(body) == 5:
        return chr(int(body[1:], 16))
    return _SIMPLE_ESCAPES.get(body, body)

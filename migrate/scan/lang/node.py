"""JavaScript and TypeScript: stripe-node's ``checkout.sessions.create({...})``, Stripe.js's
client-only ``redirectToCheckout({lineItems, ...})`` and pre-2019 checkout.js's
``StripeCheckout.configure({...}).open({amount, ...})``.

Values are followed as a reader does (``migrate/scan/follow.py``): objects built over
statements (``params.k = v``, ``Object.assign(params, ...)``, ``params.line_items.push(...)``,
spreads; a typed ``const params: Stripe.Checkout.SessionCreateParams``), ternaries and
``x || "literal"`` / ``x ?? "literal"`` as choices, ``xs.map(...)`` and arrays pushed to in a
``for...of`` loop as ``$each``, functions and ``this.`` methods of the same file followed into
their bodies.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode

from migrate.scan import reach
from migrate.scan.arith import computed
from migrate.scan.destructure import destructured, picked
from migrate.scan.extract import (
    C_IN_PLACE,
    EACH,
    OMIT,
    Binding,
    Dynamic,
    arguments,
    file_cache,
    spliced,
    text,
)
from migrate.scan.follow import Arg, Event, Follower, Keys, inside, plain_dict
from migrate.scan.imported_helpers import imported_function
from migrate.scan.index_loops import foreach_callback, index_loop, indices, while_index_loop
from migrate.scan.js_bound_names import bound_names
from migrate.scan.lang.checkout_js import checkout_js_params, snake_keys, snake_path
from migrate.scan.lang.constant_templates import constant_part
from migrate.scan.lang.firebase_sessions import checkout_document, firestore_params
from migrate.scan.lang.js_literals import js_number, js_source, js_string, js_template
from migrate.scan.lang.node_lists import (
    compacted,
    concatenated,
    described,
    json_copied,
    qualified_cast,
)
from migrate.scan.metadata_wholes import spreads_only
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.reach import Paths
from migrate.scan.request_texts import JS_REQUEST_TEXT
from migrate.scan.table_lookups import table_choice

_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)


_SHORTHAND_PATTERN: Final = "shorthand_property_identifier_pattern"
"""A name an object pattern binds to the key it spells (``const { details } = found``)."""
_CALLBACKS: Final = frozenset({"arrow_function", "function_expression", "function"})
_ENV_READ: Final = re.compile(r"(process\.env|import\.meta\.env|Bun\.env)[.\[]|Deno\.env\.get\(")
"""An environment read: ``process.env.X``, ``import.meta.env.X``, ``Deno.env.get("X")``."""
_MODULE_MOCK: Final = re.compile(r"\b(jest|vi)\.mock\(\s*['\"`]stripe['\"`]")
"""The file replaces the whole stripe module with a mock."""
_SPIED: Final = re.compile(
    r"\b(?:jest|vi)\.spyOn\(\s*(?P<owner>[\w$.\s]+?)\s*,\s*['\"`](?P<method>\w+)['\"`]"
    r"|(?P<owner2>[\w$]+(?:\s*\.\s*[\w$]+)*)\s*\.\s*(?P<member>\w+)\s*=\s*(?:jest|vi)\.fn\b"
)
"""A method replaced by a mock: ``jest.spyOn(owner, "m")``, ``owner.m = jest.fn(...)``."""
_IDENTIFIER: Final = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


class NodeExtractor(Follower):
    family: ClassVar[Family] = "node"
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    wrappers: ClassVar[frozenset[str]] = frozenset(
        {
            "parenthesized_expression",
            "as_expression",
            "satisfies_expression",
            "non_null_expression",
            "type_assertion",
            "await_expression",
        }
    )
    in_place_kinds: ClassVar[tuple[str, ...]] = C_IN_PLACE
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    )
    if_kinds: ClassVar[frozenset[str]] = frozenset({"if_statement"})
    ternary_kinds: ClassVar[frozenset[str]] = frozenset({"ternary_expression"})
    paths: ClassVar[Paths | None] = reach.JAVASCRIPT
    loop_kinds: ClassVar[frozenset[str]] = frozenset(
        {
            "for_in_statement",
            "for_statement",
            "while_statement",
            "arrow_function",
            "function_expression",
            "function",
        }
    )
    """For-each loops, a counting loop (``for`` or ``while``) and a callback (one passed to
    ``forEach`` is read as a loop's body; any other one, like any other loop, leaves what it
    changes to run time)."""
    blocking_kinds: ClassVar[frozenset[str]] = frozenset(
        {"do_statement", "switch_statement", "catch_clause"}
    )
    mutation_kinds: ClassVar[tuple[str, ...]] = (
        "assignment_expression",
        "augmented_assignment_expression",
        "call_expression",
        "unary_expression",
        "update_expression",
    )
    mutation_roots: ClassVar[tuple[str, ...]] = ("Object", "delete")
    rebinding_kinds: ClassVar[tuple[tuple[str, str], ...]] = (
        ("assignment_expression", "left"),
        ("augmented_assignment_expression", "left"),
        ("update_expression", "argument"),
    )
    effect_kinds: ClassVar[tuple[str, ...]] = (
        "call_expression",
        "await_expression",
        "new_expression",
        "assignment_expression",
        "update_expression",
    )
    pure_calls: ClassVar[frozenset[str]] = frozenset(
        {
            "String",
            "Number",
            "Boolean",
            "parseInt",
            "parseFloat",
            "round",
            "floor",
            "ceil",
            "toString",
            "toLowerCase",
            "toUpperCase",
            "trim",
            "toFixed",
        }
    )
    block_kinds: ClassVar[frozenset[str]] = frozenset(
        {"statement_block", "program", "for_in_statement", "for_statement", "switch_case"}
    )
    mock_values: ClassVar[re.Pattern[str]] = re.compile(
        r"\b(jest|vi)\.(fn|mocked)\b|\bsinon\.(stub|fake|spy|createStubInstance)\b"
    )
    declaration_kinds: ClassVar[dict[str, tuple[str, ...]]] = {
        "variable_declarator": ("name",),
        "for_in_statement": ("left",),
        "catch_clause": ("parameter",),
    }

    # -- which calls count ---------------------------------------------------------------

    def unwrap(self, node: SgNode) -> SgNode:
        node = super().unwrap(node)
        cast = qualified_cast(node)  # `{...} as Stripe.Checkout.SessionCreateParams`
        return node if cast is None else self.unwrap(cast)

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if self.mocked(call):
            return False
        if pattern.guard is None:
            return True
        first = next(iter(arguments(call)), None)
        if pattern.guard in ("client_only", "session_redirect"):
            # redirectToCheckout({sessionId}) only redirects; with items it *is* the checkout
            value = self.value(first, "", record=False) if first is not None else None
            keys = set(value) if type(value) is dict else set()
            self.dynamic.clear()
            client_only = bool(keys & {"lineItems", "items"})
            return client_only if pattern.guard == "client_only" else not client_only
        if pattern.guard == "firestore_checkout":  # the Firebase extension's collection
            found = checkout_document(call, self) is not None
            self.dynamic.clear()
            return found
        if pattern.guard in ("checkout_js", "checkout_js_card"):
            # no amount in configure() nor open(): the form returns a card token to save or
            # update (a card on file), it sells nothing
            if self._configure_call(call) is None:
                return False
            priced = "amount" in self._checkout_js_options(call)
            self.dynamic.clear()
            return priced == (pattern.guard == "checkout_js")
        return False

    def _configure_call(self, call: SgNode) -> SgNode | None:
        """The ``StripeCheckout.configure(...)`` call the receiver of ``call`` is bound to."""
        callee = call.field("function")
        receiver = callee.field("object") if callee is not None else None
        if receiver is None:
            return None
        receiver = self.unwrap(receiver)
        if receiver.kind() == "identifier":
            found = self.binding(receiver)
            if found is None:
                return None
            receiver = self.unwrap(found[0])
        if receiver.kind() != "call_expression":
            return None
        if "".join(text(receiver.field("function")).split()) != "StripeCheckout.configure":
            return None
        return receiver

    # -- params --------------------------------------------------------------------------

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        if pattern.guard == "checkout_js":
            return self._checkout_js(call)
        if pattern.guard == "firestore_checkout":
            doc = checkout_document(call, self)
            self.dynamic.clear()
            return firestore_params(doc, self) if doc is not None else {}
        params = super().params(call, pattern)
        if pattern.guard == "client_only":
            renamed = snake_keys(params)
            self.dynamic[:] = [Dynamic(snake_path(d.path), d.source) for d in self.dynamic]
            return dict(renamed)
        return params

    def _checkout_js(self, call: SgNode) -> dict[str, Any]:
        options = self._checkout_js_options(call)
        self.dynamic[:] = []
        return checkout_js_params(options)

    def _checkout_js_options(self, call: SgNode) -> dict[str, Any]:
        """The options of a checkout.js ``open`` call, over those of its ``configure``."""
        options: dict[str, Any] = {}
        configure = self._configure_call(call)
        for source in (configure, call):
            first = next(iter(arguments(source)), None) if source is not None else None
            if first is not None:
                self.merge(options, first, "", first.text())
        return options

    # -- values --------------------------------------------------------------------------

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        found, more = super().bindings(scope, name), destructured(self, scope, name)
        return sorted([*found, *more], key=lambda b: b[0]) if more else found

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "null":
            return (None,)
        if kind in ("undefined", "identifier") and node.text() == "undefined":
            return (OMIT,)
        if kind in ("identifier", "shorthand_property_identifier", _SHORTHAND_PATTERN):
            # [a, b] = f(), { a, b: c } = f(): destructure.py
            return picked(self, node, path) or self.resolve(node, path)
        if kind == "object":
            known = self._object(node, path)
            return (known,) if known is not None else None
        if kind == "array":
            return (self._array(node, path),)
        if kind == "string":
            return (js_string(node),)
        if kind == "template_string":  # `${DOMAIN}/ok`, of constants: the text it gives
            text = js_template(node, lambda part: constant_part(self, part, path, "node"))
            return (text,) if text is not None else None
        if kind == "number":
            return js_number(node.text())
        if kind in ("binary_expression", "call_expression"):  # 29 * 100, Math.round(...)
            return computed(self, node, path)
        if kind == "unary_expression" and _is_number(node):
            got = js_number(node.text().lstrip("-+ \t"))
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        return None

    def key_of(self, target: SgNode, name: str) -> str | None:
        kind = target.kind()
        if kind == "member_expression":
            obj, prop = target.field("object"), target.field("property")
            if obj is not None and obj.text() == name and prop is not None:
                return prop.text()
            return None
        if kind != "subscript_expression":
            return None
        obj, index = target.field("object"), target.field("index")
        if obj is None or index is None or obj.kind() != "identifier" or obj.text() != name:
            return None
        return js_string(index) if index.kind() == "string" else None

    def _object(self, node: SgNode, path: str) -> dict[str, Any] | None:
        """The dict a literal builds; None when a nested one is only partly known (a computed
        key, a spread of a run-time value): it is a run-time value as a whole then. The
        params themselves (``path`` empty) keep what is known, the rest listed as dynamic."""
        out: dict[str, Any] = {}
        mark = len(self.dynamic)
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "pair":
                key_node, value = child.field("key"), child.field("value")
                key = _key(key_node) if key_node is not None else None
                if (
                    key is None
                    and key_node is not None
                    and key_node.kind() == "computed_property_name"
                ):
                    key = self._constant_key(key_node)
                if key is None or value is None:
                    self.dynamic.append(Dynamic(path, child.text()))
                    continue
                described(self, out, key, value, path=path)
            elif kind == "shorthand_property_identifier":
                self.put(out, child.text(), child, path)
            elif kind == "spread_element":
                inner = child.named_children()
                if inner:
                    at, before = len(self.dynamic), list(out)
                    described(self, out, "", inner[0], path=path, spread=child.text())
                    self.merged_after(at, path, before)
            else:
                self.dynamic.append(Dynamic(path, child.text()))
        if path and len(self.dynamic) > mark and not spreads_only(self.dynamic[mark:], path):
            del self.dynamic[mark:]
            return None
        return out

    def _constant_key(self, key_node: SgNode) -> str | None:
        """``[USER_ID]``: the text of a computed key the code makes a constant (a name bound to
        a string, a key of an object literal: ``Keys.USER_ID``); None when run time decides it."""
        inner = [c for c in key_node.named_children() if not is_comment(c)]
        if len(inner) != 1:
            return None
        got = self.value(inner[0], "", record=False)
        return got if type(got) is str else None

    def _array(self, node: SgNode, path: str) -> list[Any]:
        out: list[Any] = []
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "spread_element":
                inner = child.named_children()
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                elif type(got) is dict and EACH in got:
                    out.append(got)  # a mapped list spliced in: its elements, in place
                elif inner:
                    out.append(spliced(self.source_of(child), self.source_of(inner[0]), path))
                continue
            value = self.value(child, f"{path}[{len(out)}]")
            out.append(None if value is OMIT else value)
        return out

    # -- following the data (follow.py's hooks) ----------------------------------------

    def structured(self, node: SgNode, path: str) -> Any:
        kind = node.kind()
        if kind == "ternary_expression":
            cond, then = node.field("condition"), node.field("consequence")
            else_ = node.field("alternative")
            if cond is not None and then is not None and else_ is not None:
                return self.either(node, cond, then, else_, path)
        elif kind == "binary_expression":
            op, left, right = text(node.field("operator")), node.field("left"), node.field("right")
            if op in ("||", "??") and left is not None and right is not None:
                return self.fallback(node, left, right, path, falsy=op == "||")
            if op == "&&" and left is not None and right is not None:
                return self.guarded(node, left, right, path)
        elif kind == "call_expression":
            return self._call_value(node, path)
        elif kind == "member_expression":
            obj, prop = node.field("object"), node.field("property")
            if obj is not None and prop is not None and prop.kind() == "property_identifier":
                mark = len(self.dynamic)  # what reading the object records is its own (it
                got = _index(self.evaluate(obj, path), prop.text())  # begun at run time, read
                kept = [d for d in self.dynamic[mark:] if got is not None and d.path != path]
                self.dynamic[mark:] = kept  # by name: `order.price` after `order.status = "x"`)
                return got
        elif kind == "subscript_expression":
            obj, index = node.field("object"), node.field("index")
            if obj is not None and index is not None:
                key = self.literal(self.unwrap(index), path)
                if key is not None and type(key[0]) in (str, int):
                    return _index(self.evaluate(obj, path), key[0])
                if key is None:  # PLANS[plan]: a table's entries, a choice on the key
                    table = self.evaluate(obj, path)
                    return table_choice(table, index.text(), self.choice, "===")
        return None

    def _call_value(self, node: SgNode, path: str) -> Any:
        callee = node.field("function")
        if callee is None:
            return None
        args = arguments(node)
        if _flat(callee.text()) == "Object.assign" and args:
            out: dict[str, Any] = {}
            for arg in args:
                got = self.evaluate(arg, path)
                if plain_dict(got):
                    out.update(got)
                else:  # Object.assign({k: v}, extra): extra's keys win over k
                    self.dynamic.append(Dynamic(path, arg.text(), tuple(out)))
            return out
        if _flat(callee.text()) in ("Object.freeze", "structuredClone") and len(args) == 1:
            return self.evaluate(args[0], path)
        if (copied := json_copied(callee, args, self.unwrap)) is not None:
            return self.evaluate(copied, path)  # JSON.parse(JSON.stringify(x)): a deep copy
        if _flat(callee.text()) == "Promise.all" and len(args) == 1:
            # await Promise.all(xs.map(async (x) => ...)): the list the map gives, each element
            # what its callback returns (awaited)
            inner = self.unwrap(args[0])
            if inner.kind() == "identifier":  # promises made before: Promise.all(pending)
                got = self.evaluate(inner, path)
                return got if type(got) is list or (type(got) is dict and EACH in got) else None
            if inner.kind() != "call_expression" or not _is_map(inner):
                return None
            return self._call_value(inner, path)
        if callee.kind() == "member_expression" and text(callee.field("property")) == "concat":
            return concatenated(callee.field("object"), args, lambda n: self.evaluate(n, path))
        if callee.kind() == "member_expression" and text(callee.field("property")) == "filter":
            kept = compacted(callee, args, self.unwrap, lambda call: self._call_value(call, path))
            if kept is not None:
                return kept
        mapped = callee.kind() == "member_expression" and text(callee.field("property")) == "map"
        if mapped or (_flat(callee.text()) == "Array.from" and len(args) == 2):
            # xs.map(fn), or Array.from(xs, fn): the same list, of any iterable (written so)
            over = callee.field("object") if mapped else args[0]
            fn = self.unwrap(args[-1]) if len(args) == 1 or not mapped else None
            if fn is not None and fn.kind() == "identifier":
                found = self._functions(fn, node)
                fn = found[-1] if found else None
            if over is None or fn is None or fn.kind() not in _CALLBACKS | _DECLARED:
                return None
            got = self.map_each(node, over, fn, path)
            if not mapped and type(got) is dict and EACH in got:
                got[EACH] = {**got[EACH], "over": f"Array.from({got[EACH]['over']})"}
            return got
        return self.follow_call(node, path)

    def condition(self, node: SgNode) -> tuple[str, list[SgNode]] | None:
        kind = node.kind()
        if kind == "unary_expression" and text(node.field("operator")) == "!":
            arg = node.field("argument")
            return ("not", [arg]) if arg is not None else None
        if kind != "binary_expression":
            return None
        left, right = node.field("left"), node.field("right")
        op = _CONDITIONS.get(text(node.field("operator")))
        return (op, [left, right]) if op and left is not None and right is not None else None

    def branches(self, stmt: SgNode) -> list[tuple[SgNode | None, SgNode]]:
        out: list[tuple[SgNode | None, SgNode]] = []
        cond, body = stmt.field("condition"), stmt.field("consequence")
        if cond is not None and body is not None:
            out.append((self.unwrap(cond), body))
        alternative = stmt.field("alternative")
        if alternative is not None:
            out.append((None, alternative))
        return out

    def loop_parts(self, loop: SgNode) -> tuple[SgNode, SgNode] | None:
        if loop.kind() == "for_statement":  # for (let i = 0; i < items.length; i++)
            return index_loop(loop)
        if loop.kind() == "while_statement":  # let i = 0; while (i < items.length) { ...; i++ }
            return while_index_loop(loop)
        if loop.kind() in _FUNCTIONS:  # items.forEach((item) => ...)
            return foreach_callback(loop)
        left, right = loop.field("left"), loop.field("right")
        if left is None or right is None or text(loop.field("operator")) not in ("of", "in"):
            return None
        return left, right

    def loop_over(self, loop: SgNode, over: str) -> str:
        if loop.kind() in (
            "for_statement",
            "while_statement",
        ):  # for (let i = 0; i < items.length; i++)
            return indices(over)
        if text(loop.field("operator")) == "in":  # for (const i in items): its keys
            return f"Object.keys({over})"
        return over

    def mutation(self, node: SgNode, name: str) -> Event | None:
        rng = node.range()
        at, end = rng.start.index, rng.end.index
        kind = node.kind()
        if kind in ("assignment_expression", "augmented_assignment_expression"):
            target, value = node.field("left"), node.field("right")
            if target is None or value is None:
                return None
            if target.kind() not in ("member_expression", "subscript_expression"):
                return None
            found = self._keys(target, name)
            if found is None:
                return None
            keys, exact = found
            if not exact or kind != "assignment_expression":
                return Event(at, end, node, "opaque", keys)
            return Event(at, end, node, "set", keys, (value,))
        if kind == "update_expression":  # item.quantity++: a value the run computes
            arg = node.field("argument")
            found = self._keys(arg, name) if arg is not None else None
            return Event(at, end, node, "opaque", found[0]) if found and found[0] else None
        if kind == "unary_expression":  # delete params.x
            arg = node.field("argument")
            deleted = arg is not None and text(node.field("operator")) == "delete"
            found = self._keys(arg, name) if arg is not None and deleted else None
            if found is None or not found[0]:
                return None
            return Event(at, end, node, "unset" if found[1] else "opaque", found[0])
        callee = node.field("function")
        if callee is None:
            return None
        args = arguments(node)
        if _flat(callee.text()) == "Object.assign" and args:
            found = self._keys(args[0], name)
            if found is None:
                return None
            op = "merge" if found[1] else "opaque"
            return Event(at, end, node, op, found[0], tuple(args[1:]))
        if callee.kind() != "member_expression":
            return None
        method, obj = text(callee.field("property")), callee.field("object")
        found = self._keys(obj, name) if obj is not None else None
        if found is None:
            return None
        keys, exact = found
        if method in _MUTATORS or (method == "push" and not exact):
            return Event(at, end, node, "opaque", keys)
        if method != "push" or not args:
            return None
        spreads = [a for a in args if a.kind() == "spread_element"]
        if spreads:
            if len(args) != 1 or not spreads[0].named_children():
                return Event(at, end, node, "opaque", keys)
            return Event(at, end, node, "extend", keys, (spreads[0].named_children()[0],))
        return Event(at, end, node, "push", keys, tuple(args))

    def _keys(self, target: SgNode, name: str) -> tuple[Keys, bool] | None:
        """The key path of ``name.a["b"]`` (``()`` for ``name`` itself), and whether every
        key is known (else the path up to the first computed one); None when it is not rooted
        at ``name``."""
        keys: list[str | int] = []
        node = self.unwrap(target)
        while node.kind() in ("member_expression", "subscript_expression"):
            if node.kind() == "member_expression":
                prop = node.field("property")
                if prop is None or prop.kind() != "property_identifier":
                    return None
                keys.append(prop.text())
            else:
                index = node.field("index")
                got = self.literal(self.unwrap(index), "") if index is not None else None
                keys.append(got[0] if got is not None and type(got[0]) in (str, int) else _COMPUTED)
            inner = node.field("object")
            if inner is None:
                return None
            node = self.unwrap(inner)
        if node.kind() != "identifier" or node.text() != name:
            return None
        path = list(reversed(keys))
        if _COMPUTED in path:
            return tuple(path[: path.index(_COMPUTED)]), False
        return tuple(path), True

    def env_read(self, source: str) -> bool:
        flat = _flat(source)  # an environment's value, or a request's form or query text
        return _ENV_READ.match(flat) is not None or JS_REQUEST_TEXT.fullmatch(flat) is not None

    def references(self, node: SgNode) -> list[SgNode]:
        found = [*node.find_all(kind="identifier")]
        found += node.find_all(kind="shorthand_property_identifier")
        return sorted(found, key=lambda n: n.range().start.index)

    def patched_targets(self, source: str) -> set[str]:
        found = {"*"} if ".mock(" in source and _MODULE_MOCK.search(source) else set()
        # each alternative holds `spyOn(` or `.fn`: a file without them is not searched (the
        # second one is tried at every word of the file)
        spied = _SPIED.finditer(source) if "spyOn(" in source or ".fn" in source else ()
        for m in spied:
            owner = m.group("owner") or m.group("owner2")
            found.add(_flat(owner) + "." + (m.group("method") or m.group("member")))
        return found

    def receiver(self, callee: SgNode) -> SgNode | None:
        node = self.unwrap(callee)
        while node.kind() in ("member_expression", "call_expression"):
            inner = node.field("object") or node.field("function")
            if inner is None:
                return None
            node = self.unwrap(inner)
        return node if node.kind() == "identifier" else None

    def reference_text(self, ident: SgNode, replacement: str) -> str:
        if ident.kind() == "shorthand_property_identifier":
            return f"{ident.text()}: {replacement}"
        return replacement

    def helper(self, call: SgNode) -> tuple[SgNode, SgNode | None] | None:
        callee = call.field("function")
        if callee is None:
            return None
        callee = self.unwrap(callee)
        if callee.kind() in _CALLBACKS:  # (async () => { ... })()
            return callee, None
        if callee.kind() == "identifier":
            found = self._functions(callee, call)
            if found:
                return found[-1], None
            imported = imported_function(call, callee.text(), self.file, "node", self.borrowed)
            return (imported, None) if imported is not None else None
        if callee.kind() != "member_expression":
            return None
        obj, prop = callee.field("object"), text(callee.field("property"))
        if obj is None or obj.kind() != "this":
            return None
        body = next((a for a in call.ancestors() if a.kind() == "class_body"), None)
        if body is None:
            return None
        for member in body.named_children():
            if text(member.field("name")) != prop:
                continue
            if member.kind() == "method_definition":
                return member, None
            value = member.field("value")
            if member.kind() == "public_field_definition" and value is not None:
                value = self.unwrap(value)
                if value.kind() in _CALLBACKS:
                    return value, None
        return None

    def _functions(self, name: SgNode, call: SgNode) -> list[SgNode]:
        """The functions of the file named ``name`` that ``call`` can see, outermost first."""
        key = (type(self), "functions")
        root = name.get_root().root()
        cache = file_cache(root)
        table: dict[str, list[tuple[SgNode, SgNode]]] | None = cache.get(key)
        if table is None:
            table = {}
            for decl in of_kind(root, "function_declaration"):
                table.setdefault(text(decl.field("name")), []).append((decl, decl))
            for decl in of_kind(root, "variable_declarator"):
                value = decl.field("value")
                fn = self.unwrap(value) if value is not None else None
                if fn is not None and fn.kind() in _CALLBACKS:
                    table.setdefault(text(decl.field("name")), []).append((decl, fn))
            cache[key] = table
        found = [fn for decl, fn in table.get(name.text(), []) if inside(self.scope(decl), call)]
        return sorted(found, key=lambda fn: fn.range().start.index)

    def params_of(self, fn: SgNode, call: SgNode, receiver: SgNode | None) -> dict[str, Arg] | None:
        args = arguments(call)
        if any(a.kind() == "spread_element" for a in args):
            return None
        out: dict[str, Arg] = {}
        for index, param in enumerate(self.parameter_nodes(fn)):
            pattern: SgNode | None = param
            default: SgNode | None = None
            if param.kind() in ("required_parameter", "optional_parameter"):
                pattern, default = param.field("pattern"), param.field("value")
            elif param.kind() == "assignment_pattern":
                pattern, default = param.field("left"), param.field("right")
            if pattern is None or pattern.kind() == "rest_pattern":
                break
            arg = args[index] if index < len(args) else None
            if pattern.kind() == "identifier":
                out[pattern.text()] = Arg(arg if arg is not None else default)
            elif pattern.kind() == "object_pattern":
                for field_node in pattern.named_children():
                    kind = field_node.kind()
                    if kind == "shorthand_property_identifier_pattern":
                        key, local = field_node.text(), field_node.text()
                    elif kind == "pair_pattern":
                        key, local = text(field_node.field("key")), text(field_node.field("value"))
                    elif kind == "object_assignment_pattern":
                        key = local = text(field_node.field("left"))
                    else:
                        continue
                    out[local] = Arg(arg, key=key) if arg is not None else Arg()
            else:
                return None
        return out

    def parameter_nodes(self, fn: SgNode) -> list[SgNode]:
        params = fn.field("parameters")
        if params is not None:
            return [p for p in params.named_children() if not is_comment(p)]
        single = fn.field("parameter")
        return [single] if single is not None else []

    def pattern_text(self, param: SgNode) -> str:
        if param.kind() in ("required_parameter", "optional_parameter"):
            return text(param.field("pattern"))
        return param.text()

    def expression_body(self, fn: SgNode) -> SgNode | None:
        body = fn.field("body")
        if fn.kind() == "arrow_function" and body is not None and body.kind() != "statement_block":
            return body
        return None

    def pattern_names(self, pattern: SgNode) -> frozenset[str]:
        return bound_names(pattern)  # not a type's names, nor a default's

    def render(self, value: Any) -> str:
        return js_source(value)

    def ternary(self, cond: str, then: str, else_: str) -> str:
        return f"({cond} ? {then} : {else_})"

    def mapped(self, over: str, var: str, item: str) -> str:
        return f"{over}.map(({var}) => ({item}))"

    def member(self, base: str, keys: Keys) -> str:
        return base + "".join(
            f".{k}" if type(k) is str and _IDENTIFIER.fullmatch(k) else f"[{json.dumps(k)}]"
            for k in keys
        )


_DECLARED: Final = frozenset({"function_declaration", "method_definition"})
_CONDITIONS: Final = {
    "&&": "and",
    "||": "or",
    "===": "same",
    "!==": "differ",
    "==": "loose",
    "!=": "differ",
}
_MUTATORS: Final = frozenset(
    {"unshift", "splice", "pop", "shift", "sort", "reverse", "fill", "set", "delete", "clear"}
)
"""Methods that change an array or map in a way the reader does not follow."""
_COMPUTED: Final = "\x00computed"


def _index(obj: Any, key: str | int) -> Any:
    """``obj[key]`` when ``obj`` holds the key (a run-time object given it too); else None."""
    if type(obj) is dict and type(key) is str and key in obj and not key.startswith("$"):
        return obj[key]
    if type(obj) is list and type(key) is int and 0 <= key < len(obj):
        return obj[key]
    return None


def _flat(source: str) -> str:
    return "".join(source.split())


def _is_number(node: SgNode) -> bool:
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() == "number"


def _key(node: SgNode) -> str | None:
    kind = node.kind()
    if kind in ("property_identifier", "identifier"):
        return node.text()
    if kind == "string":
        return js_string(node)
    if kind == "number":
        return node.text()
    return None  # computed keys: [k]


def _is_map(call: SgNode) -> bool:
    """Whether ``call`` is ``xs.map(...)``."""
    callee = call.field("function")
    return (
        callee is not None
        and callee.kind() == "member_expression"
        and text(callee.field("property")) == "map"
    )

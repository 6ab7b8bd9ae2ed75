"""Ruby: stripe-ruby's ``Stripe::Checkout::Session.create({...})`` (or bare ``mode: ...`` keyword
pairs) and ``StripeClient``'s ``client.v1.checkout.sessions.create(params)``.

A trailing second hash (``{stripe_account: ...}``, ``{idempotency_key: ...}``) holds request
options and is left out. Local variables are followed inside their ``def`` and out of the blocks
and lambdas around them (a ``def`` sees no outer locals); constants (``PRICE_ID = '...'``) are
followed anywhere outside methods, the innermost class or module around the use first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Final, Literal

from ast_grep_py import SgNode

from migrate.scan import reach
from migrate.scan.destructure import destructured, picked
from migrate.scan.extract import (
    DYNAMIC,
    MAX_DEPTH,
    Dynamic,
    arguments,
    dynamic_marker,
    file_cache,
    start,
)
from migrate.scan.hashflow import Flow
from migrate.scan.hashflow_values import (
    CHOICE,
    COMPUTED,
    EACH,
    IS_SET,
    Effect,
    Loop,
    choice,
    end,
    fold,
    is_marker,
    wrapped,
)
from migrate.scan.helper_returns import one_value, ruby_return_value
from migrate.scan.lang.entry_filters import drops_nothing, read_through
from migrate.scan.lang.hash_entries import entry_read
from migrate.scan.lang.ruby_merges import merged_hashes
from migrate.scan.lang.ruby_models import model_method
from migrate.scan.lang.ruby_pay import is_pay, pay_params
from migrate.scan.lang.ruby_source import (
    CONTAINERS,
    DECLARING,
    METHODS,
    block_params,
    constants,
    container_name,
    interpolated,
    is_number,
    key_of,
    method_of,
    param_count,
    ruby_float,
    ruby_integer,
    ruby_string,
    symbol_key,
)
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.reach import Paths

_FUNCTIONS: Final = frozenset({"method", "singleton_method", "block", "do_block", "lambda"})
_CLOSURES: Final = frozenset({"block", "do_block", "lambda"})
"""Scopes that see the local variables around them (a ``def`` does not)."""
_HASH_ARGS: Final = frozenset({"pair", "hash_splat_argument"})
_SKIPPED_ARGS: Final = frozenset({"comment", "block_argument"})
_CONDITIONALS: Final = frozenset(
    {"if", "unless", "case", "case_match", "if_modifier", "unless_modifier"}
)
_MERGES: Final = {"merge": True, "deep_merge": True, "reverse_merge": False, "with_defaults": False}
"""Hash methods that return a merged copy, and whether the argument's keys win."""
_IN_PLACE: Final = {
    "merge!": "merge",
    "update": "merge",
    "deep_merge!": "merge",
    "reverse_merge!": "under",
    "with_defaults!": "under",
}
"""Hash methods that merge into the receiver (``under``: the receiver's keys win)."""
_COPIES: Final = frozenset({"freeze", "dup", "clone"})
_SAME: Final = _COPIES | {"compact", "to_h", "with_indifferent_access"}
"""Methods that return their receiver's entries (``{...}.freeze``, ``{...}.compact``)."""
_APPENDS: Final = frozenset({"push", "append"})
_MAPS: Final = frozenset({"map", "collect"})
_EACH: Final = frozenset({"each", "each_with_index"})
_ITERATING: Final = frozenset(
    {"times", "upto", "downto", "step", "loop", "map", "collect", "flat_map", "filter_map"}
    | {"select", "filter", "reject", "find_each", "find_in_batches", "in_batches"}
)
"""Methods whose block runs once per element (besides ``each...``): an append in it is a
list of unknown length."""
_RAW_LOOPS: Final = frozenset({"while", "until", "while_modifier", "until_modifier"})
_BODY_TAILS: Final = frozenset({"rescue", "ensure", "else", "comment"})
_LITERAL_PATTERNS: Final = frozenset({"string", "simple_symbol", "integer", "float", "nil"})


class RubyExtractor(Flow):
    family: ClassVar[Family] = "ruby"
    conditionals: ClassVar[frozenset[str]] = _CONDITIONALS
    null: ClassVar[str] = "nil"
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    wrappers: ClassVar[frozenset[str]] = frozenset(
        {"parenthesized_expression", "parenthesized_statements"}
    )
    in_place_kinds: ClassVar[tuple[str, ...]] = ("operator_assignment",)
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (("assignment", "left", "right"),)
    name_kinds: ClassVar[frozenset[str]] = frozenset({"identifier", "constant"})
    paths: ClassVar[Paths | None] = reach.RUBY
    mocks: ClassVar[re.Pattern[str] | None] = re.compile(
        r"(?:double|instance_double|class_double|object_double|spy|instance_spy)\b"
    )

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if self.mocked(call.field("receiver")):
            return False
        if pattern.guard == "ruby_pay":
            return is_pay(call)
        if pattern.guard != "ruby_checkout_alias":
            return pattern.guard is None
        receiver = call.field("receiver")
        if receiver is None:
            return False
        found = None
        if receiver.kind() == "constant":
            found = self._constant(receiver, None)
        elif receiver.kind() == "scope_resolution":
            scope, name = receiver.field("scope"), receiver.field("name")
            if scope is not None and name is not None and name.kind() == "constant":
                found = self._constant(name, scope.text().rsplit("::", 1)[-1])
        if found is None:
            return False
        return "".join(found[0].text().split()).lstrip(":") == "Stripe::Checkout::Session"

    # -- params --------------------------------------------------------------------------

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        """The first argument (a hash, a name, or bare ``key: value`` pairs, which Ruby reads as
        one hash); later arguments are request options. For related calls that take an id
        first (``update('sub_123', {...})``) the first hash argument. Request options among
        bare pairs are options (``options.py``), spread in too (``create(mode: ..., **opts)``
        with ``opts`` holding ``stripe_account``): the code means the call's account."""
        if pattern.guard == "ruby_pay":  # the Pay gem's customer record
            return pay_params(call, self, self._members)
        groups = _argument_groups(arguments(call))
        if pattern.id_arg:  # update('sub_1', {...}) / update(id, items: [...])
            groups = groups[1:]
        if not groups:
            return {}
        chosen = groups[0]
        if pattern.kind == "related":
            hashes = [g for g in groups if isinstance(g, list) or g.kind() == "hash"]
            if not hashes:
                return {}
            chosen = hashes[0]
        params: dict[str, Any] = {}
        if isinstance(chosen, list):
            ignored = pattern.ignored_keywords
            self._members(params, [m for m in chosen if _key_text(m) not in ignored], "")
            self.take_options(params, ignored)
        else:
            self.merge(params, chosen, "", chosen.text())
        return params

    def id_node(self, call: SgNode, pattern: CallPattern) -> SgNode | None:
        groups = _argument_groups(arguments(call))
        first = groups[0] if groups else None
        return first if first is not None and not isinstance(first, list) else None

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "nil":
            return (None,)
        if kind in ("identifier", "hash_key_symbol"):  # a key alone: Ruby 3.1's {price:}
            got = picked(self, node, path) or self.resolve(node, path)  # a, b = f(): its own
            if got is None and self.is_free(node):
                return self._helper(node, node.text(), [], path)
            return got
        if kind == "constant":
            return self.resolve(node, path)
        if kind == "call":
            return self._call(node, path)
        if kind == "conditional":
            cond, then, other = (node.field(f) for f in ("condition", "consequence", "alternative"))
            if cond is None or then is None or other is None:
                return None
            return self.ternary(cond, then, other, path)
        if kind == "binary":
            operator, left, right = (node.field(f) for f in ("operator", "left", "right"))
            if operator is None or left is None or right is None:
                return None
            if operator.text() in ("||", "or"):
                return self.fallback(left, right, path)
            if operator.text() == "+":  # xs.map { ... } + ys.map { ... }: the lines of both
                a, b = (self.value(side, path, record=False) for side in (left, right))
                whole = type(a) is int and type(b) is int  # each side read once (a + b + c...)
                return (a + b,) if whole else _joined_lists(a, b)
            return None
        if kind in ("if", "unless", "case"):
            return self._branch_value(node, path)
        if kind == "argument_list":  # merge!(a: 1): the pairs as one hash
            members = [c for c in node.named_children() if c.kind() != "comment"]
            if not members or any(m.kind() not in _HASH_ARGS for m in members):
                return None
            pairs: dict[str, Any] = {}
            self._members(pairs, members, path)
            return (pairs,)
        if kind == "scope_resolution":
            return self._qualified_constant(node, path)
        if kind == "hash":
            out: dict[str, Any] = {}
            mark = len(self.dynamic)
            if not self._members(out, node.named_children(), path) and path:
                del self.dynamic[mark:]
                return None  # a key known only at run time: the hash is, as a whole
            return (out,)
        if kind == "array":
            return (self._array(node, path),)
        if kind in ("string_array", "symbol_array"):
            words = [c for c in node.named_children() if c.kind() in ("bare_string", "bare_symbol")]
            if any(interpolated(w) for w in words):
                return None
            return ([ruby_string(w) for w in words],)
        if kind in ("string", "delimited_symbol"):
            return None if interpolated(node) else (ruby_string(node),)
        if kind == "chained_string":
            parts = node.named_children()
            if any(p.kind() != "string" or interpolated(p) for p in parts):
                return None
            return ("".join(ruby_string(p) for p in parts),)
        if kind == "simple_symbol":
            return (node.text().removeprefix(":"),)
        if kind == "integer":
            return ruby_integer(node.text())
        if kind == "float":
            return ruby_float(node.text())
        if kind == "unary" and is_number(node):
            got = self.literal(node.named_children()[0], path)
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        return entry_read(self, node, path) if kind == "element_reference" else None

    def _members(self, out: dict[str, Any], members: list[SgNode], path: str) -> bool:
        """Put a hash's pairs and ``**splats`` into ``out``; False when a key is known only at
        run time (``{ ref_key => v }``; a constant or a name bound to a literal is read)."""
        whole = True
        for child in members:
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "pair":
                key_node, value = child.field("key"), child.field("value")
                key = key_of(key_node) if key_node is not None else None
                if key is None and key_node is not None:
                    got = self.branch(key_node, path)  # USER_ID => v, a constant
                    key = str(got) if type(got) in (str, int) else None
                if value is None and key_node is not None and key_node.kind() == "hash_key_symbol":
                    value = key_node  # {price:} is {price: price}
                if key is None or value is None:
                    self.dynamic.append(Dynamic(path, self.source_of(child)))
                    whole = False
                    continue
                self.put(out, key, value, path)
            elif kind == "hash_splat_argument":
                inner = [c for c in child.named_children() if c.kind() != "comment"]
                if inner:
                    self.merge(out, inner[0], path, child.text())
                else:
                    self.dynamic.append(Dynamic(path, self.source_of(child)))
            else:
                self.dynamic.append(Dynamic(path, self.source_of(child)))
        return whole

    def _array(self, node: SgNode, path: str) -> list[Any]:
        out: list[Any] = []
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "splat_argument":
                inner = [c for c in child.named_children() if c.kind() != "comment"]
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    source = self.source_of(child)
                    self.dynamic.append(Dynamic(f"{path}[{len(out)}]", source))
                    out.append(dynamic_marker(source))
                continue
            if kind == "pair":  # [a: 1] is [{a: 1}]
                item: dict[str, Any] = {}
                self._members(item, [child], f"{path}[{len(out)}]")
                out.append(item)
                continue
            out.append(self.value(child, f"{path}[{len(out)}]"))
        return out

    # -- calls ---------------------------------------------------------------------------

    def _call(self, node: SgNode, path: str) -> tuple[Any] | None:
        """A helper of the same class, ``xs.map { |x| {...} }``, ``a.merge(b)`` and
        ``ENV.fetch('X', 'default')``; other calls are run-time values."""
        method, receiver, block = (node.field(f) for f in ("method", "receiver", "block"))
        name = method.text() if method is not None else ""
        args = arguments(node)
        if receiver is None or receiver.kind() == "self":
            return self._helper(node, name, args, path) if block is None and name else None
        if block is None and (found := model_method(self, node, receiver, name)):  # @order.lines
            return self.follow(found[0], {**bind_args(found[0], args), **found[1]}, path)
        if name in _MAPS and block is not None and not args:
            names = block_params(block)
            body = _last(block.field("body"))
            if names and len(names) == param_count(block) and body is not None:
                # |item| or |key, value| (a hash's pairs, each_with_index's element and index):
                # the suggestion's block takes the same parameters
                return self.mapped(receiver, ", ".join(names), body, path)
            return None
        if name in _MERGES and block is None:
            return merged_hashes(self, receiver, _argument_groups(args), _MERGES[name], path)
        if name in _SAME and block is None and not args:
            # [a, (b if c)].compact drops nil lines; [[k, v]].to_h makes a hash: run time
            kept = (
                drops_nothing if name == "compact" else lambda v: name in _COPIES or type(v) is dict
            )
            return read_through(self, receiver, path, kept)
        if name == "fetch" and receiver.text().lstrip(":") == "ENV" and args:
            default = args[1] if len(args) == 2 else _last(block.field("body")) if block else None
            if default is None:
                return None
            fallback = self.branch(default, path)
            if is_marker(fallback) or fallback in (None, False, ""):
                return None
            read = f"ENV[{self.source_of(args[0])}]"
            return (choice(read + IS_SET, {DYNAMIC: read}, fallback),)
        return None

    def _helper(self, node: SgNode, name: str, args: list[SgNode], path: str) -> tuple[Any] | None:
        """What a method of the same class (or a ``def`` of the file, outside classes) called
        ``name`` returns, its parameters bound to ``args``."""
        method = method_of(node, name)
        if method is None:
            return None
        return self.follow(method, bind_args(method, args), path)

    def _branch_value(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``if``/``unless``/``case`` used as a value: a choice between its branches' last
        expressions (nil when there is no ``else``)."""
        outcomes: list[tuple[str | None, Any]] = []
        for cond, region in self.branches(node):
            last = _last(region)
            outcomes.append((cond, self.branch(last, path) if last is not None else None))
        if not outcomes:
            return None
        if outcomes[-1][0] is not None:
            outcomes.append((None, None))
        return (fold(outcomes),)

    # -- following the data (Flow) ---------------------------------------------------------

    def branches(self, node: SgNode) -> list[tuple[str | None, SgNode | None]]:
        kind = node.kind()
        cond = node.field("condition")
        if kind in ("if", "elsif", "unless"):
            test = self.source_of(cond) if cond is not None else ""
            out: list[tuple[str | None, SgNode | None]] = [
                (test if kind != "unless" else f"!{wrapped(test)}", node.field("consequence"))
            ]
            other = node.field("alternative")
            if other is not None:
                out.extend(self.branches(other) if other.kind() == "elsif" else [(None, other)])
            return out
        if kind in ("if_modifier", "unless_modifier"):
            test = self.source_of(cond) if cond is not None else ""
            body = node.field("body")
            return [(test if kind == "if_modifier" else f"!{wrapped(test)}", body)]
        if kind == "case":
            subject = node.field("value")
            out = []
            for child in node.named_children():
                if child.kind() == "when":
                    tests = [
                        _case_test(self.source_of(p), p, subject, self)
                        for p in child.named_children()
                        if p.kind() == "pattern"
                    ]
                    out.append((" || ".join(tests), child.field("body")))
                elif child.kind() == "else":
                    out.append((None, child))
            return out
        if kind == "case_match":  # case x in pattern: `x in pattern` is the same test
            subject = node.field("value")
            out = []
            for child in node.named_children():
                pattern, guard = child.field("pattern"), child.field("guard")
                if child.kind() == "in_clause" and subject is not None and pattern is not None:
                    test = f"{wrapped(self.source_of(subject))} in {pattern.text()}"
                    check = guard.field("condition") if guard is not None else None
                    if guard is not None and check is not None:
                        negate = "!" if guard.kind() == "unless_guard" else ""
                        test = f"({test}) && {negate}{wrapped(self.source_of(check))}"
                    out.append((test, child.field("body")))
                elif child.kind() == "else":
                    out.append((None, child))
            return out
        return []

    def effects(self, scope: SgNode, name: str, after: int, before: int) -> list[Effect]:
        out: list[Effect] = []
        for kind in ("assignment", "operator_assignment"):
            for node in self.reach(scope, kind, name, after, before, nested=_CLOSURES):
                left, right = node.field("left"), node.field("right")
                keys = _keys(left, name, self.key_value) if left is not None else None
                if not keys or right is None:
                    continue  # `name = ...` binds it again
                if kind == "assignment":
                    out.append(Effect("set", keys, right, node, left))  # type: ignore[arg-type]
                elif _operator(node) == "||=":
                    out.append(Effect("default", keys, right, node, left))  # type: ignore[arg-type]
        for node in self.reach(scope, "binary", name, after, before, nested=_CLOSURES):
            left, right = node.field("left"), node.field("right")
            operator = node.field("operator")
            if operator is None or operator.text() != "<<" or left is None or right is None:
                continue
            keys = _keys(left, name, self.key_value)
            if keys is not None:
                out.append(Effect("append", keys, right, node, left))
        for node in self.reach(scope, "call", name, after, before, nested=_CLOSURES):
            out.extend(self._call_effects(node, name))
        out.sort(key=lambda e: start(e.node))
        return out

    def defaulted(self, scope: SgNode, name: str, before: int) -> tuple[int, SgNode] | None:
        found = None
        for node in self.reach(scope, "operator_assignment", name, 0, before, nested=_CLOSURES):
            left, right = node.field("left"), node.field("right")
            if left is None or right is None or left.kind() != "identifier":
                continue
            if left.text() != name or _operator(node) != "||=" or not self.reaches(node, before):
                continue
            at = self.conditional(node, scope)
            if at is None or start(at) <= before < end(at):
                found = (end(node), right)
        return found

    def closure_assignments(self, scope: SgNode) -> list[tuple[str, SgNode]]:
        """A block or lambda assigns the variables of the scope around it (not its own
        parameters, nor what a ``def`` inside holds)."""
        out: list[tuple[str, SgNode]] = []
        for kind in ("assignment", "operator_assignment"):
            for node in scope.find_all(kind=kind):
                left = node.field("left")
                if left is None or left.kind() != "identifier" or self.scope(node) == scope:
                    continue
                name = left.text()
                stop = scope.range().end.index
                if node in self.reach(scope, kind, name, 0, stop, nested=_CLOSURES):
                    out.append((name, node))
        return out

    def _call_effects(self, node: SgNode, name: str) -> list[Effect]:
        method, receiver = node.field("method"), node.field("receiver")
        keys = _keys(receiver, name, self.key_value) if receiver is not None else None
        if method is None or receiver is None or keys is None or node.field("block") is not None:
            return []
        verb = method.text()
        args = [a for a in arguments(node) if a.kind() != "block_argument"]
        if verb in _IN_PLACE and args:
            holder = node.field("arguments")
            values = [holder] if args[0].kind() in _HASH_ARGS and holder is not None else args[:1]
            op = _IN_PLACE[verb]
            return [Effect(op, keys, v, node, receiver) for v in values]  # type: ignore[arg-type]  # op
        if verb in _APPENDS:
            return [Effect("append", keys, a, node, receiver) for a in args]
        if verb == "store" and len(args) == 2 and (key := key_of(args[0])) is not None:
            return [Effect("set", (*keys, key), args[1], node, receiver)]
        if verb == "delete" and len(args) == 1 and (key := key_of(args[0])) is not None:
            return [Effect("delete", (*keys, key), None, node, receiver)]
        return []

    def loop(self, node: SgNode, after: int) -> Loop | None:
        for ancestor in node.ancestors():
            kind = ancestor.kind()
            if kind in METHODS or kind == "lambda":
                return None
            if kind in _RAW_LOOPS or kind == "for":
                if start(ancestor) < after:
                    return None
                var = ancestor.field("pattern") if kind == "for" else None
                over = ancestor.field("value") if kind == "for" else None
                if var is not None and over is not None and over.kind() == "in":
                    inner = [c for c in over.named_children() if c.kind() != "comment"]
                    if var.kind() == "identifier" and inner:
                        return Loop(ancestor, inner[0], var.text())
                return Loop(ancestor, ancestor, "")
            if kind not in _CLOSURES:
                continue
            call = ancestor.parent()
            method = call.field("method") if call is not None and call.kind() == "call" else None
            verb = method.text() if method is not None else ""
            if call is None or not (verb in _EACH or verb in _ITERATING or verb.startswith("each")):
                continue
            if start(call) < after:
                return None
            receiver, names = call.field("receiver"), block_params(ancestor)
            if verb in _EACH and receiver is not None and names:
                return Loop(call, receiver, names[0])
            return Loop(call, call, "")
        return None

    def references(self, node: SgNode) -> Iterator[SgNode]:
        seen: set[int] = set()
        for found in (node, *node.find_all(kind="identifier")):
            if found.kind() not in ("identifier", "hash_key_symbol") or start(found) in seen:
                continue
            seen.add(start(found))
            parent = found.parent()
            if parent is not None:
                if parent.kind() == "call" and parent.field("method") == found:
                    continue
                if parent.kind() in DECLARING:
                    continue
                if parent.kind() == "assignment" and parent.field("left") == found:
                    continue
            yield found

    def reach(
        self,
        scope: SgNode,
        kind: str,
        name: str,
        after: int,
        before: int,
        *,
        nested: frozenset[str] = frozenset(),
    ) -> list[SgNode]:
        """Like ``rooted``, also in the ``nested`` scopes inside ``scope`` (blocks that see
        the names around them) that do not take ``name`` as a parameter."""
        if not nested:
            return self.rooted(scope, kind, name, after, before)
        key = (type(self), "reach", scope, kind)
        cache = file_cache(scope)
        by_name: dict[str, list[SgNode]] | None = cache.get(key)
        if by_name is None:
            by_name = {}
            for node in scope.find_all(kind=kind):
                word = re.match(r"[$@]*\w+", node.text())
                if word is None:
                    continue
                around = self.scope(node)
                while around != scope and around.kind() in nested:
                    if self.is_parameter(around, word.group()):
                        break
                    around = self.scope(around)
                if around == scope:
                    by_name.setdefault(word.group(), []).append(node)
            cache[key] = by_name
        return [n for n in by_name.get(name, []) if after <= start(n) < before]

    def hash_text(self, entries: list[tuple[str, str]]) -> str:
        return "{ " + ", ".join(f"{symbol_key(k)} {v}" for k, v in entries) + " }"

    def keyed(self, target: SgNode, keys: tuple[str, ...], key: str) -> str:
        if not key:
            return target.text()
        symbol = symbol_key(key)
        return f"{target.text()}[{':' + key if symbol.endswith(':') else symbol[:-3]}]"

    def returned(self, function: SgNode) -> SgNode | None:
        body = function.field("body")
        if body is None:
            return None
        last = _last(body) if body.kind() == "body_statement" else body
        if last is not None and last.kind() == "return":
            last = ruby_return_value(last)
            if last is None:
                return None
        early = [r for r in body.find_all(kind="return") if self.scope(r) == function]
        if not early:
            return last
        # return x if cond: each return and the last expression are the helper's values
        return one_value([*(ruby_return_value(r) for r in early), last])

    def undefined(self, name: SgNode) -> Literal["empty", "opaque"] | None:
        scope = self.scope(name)
        text = name.text()
        while scope.kind() in _FUNCTIONS:
            if self.is_parameter(scope, text):
                return "opaque"
            if scope.kind() not in _CLOSURES:
                break
            scope = self.scope(scope)
        return None

    # -- names ---------------------------------------------------------------------------

    def binding(self, name: SgNode) -> tuple[SgNode, SgNode, int] | None:
        """A local variable's last assignment above it, in its ``def`` or the blocks around
        it; a constant's assignment outside methods."""
        if name.kind() == "constant":
            return self._constant(name, None)
        scope = self.scope(name)
        use = start(name)
        text = name.text()
        while True:
            made = [*self.bindings(scope, text), *destructured(self, scope, text)]  # a, b = f()
            before = [b for b in made if b[2] <= use]
            if before:
                found = self.reaching(before, use)
                return (found[1], scope, found[2]) if found is not None else None
            if scope.kind() not in _CLOSURES or self.is_parameter(scope, text):
                return None
            scope = self.scope(scope)

    def _constant(self, name: SgNode, owner: str | None) -> tuple[SgNode, SgNode, int] | None:
        """The assignment of the constant ``name`` (in the class or module ``owner`` when
        given): the innermost class or module around the use first; the last assignment above
        the use, else the first (a method reads a constant defined below it)."""
        text = name.text()
        here = [a for a in name.ancestors() if a.kind() in CONTAINERS]
        ranked: list[tuple[int, int, SgNode, SgNode]] = []
        for node, value, container in constants(name).get(text, []):
            if owner is not None:
                if container is None or container_name(container) != owner:
                    continue
                depth = 0
            elif container is None:
                depth = len(here)
            elif container in here:
                depth = here.index(container)
            else:
                continue
            ranked.append((depth, start(node), node, value))
        if not ranked:
            return None
        best = min(r[0] for r in ranked)
        same = [r for r in ranked if r[0] == best]
        use = start(name)
        above = [r for r in same if r[2].range().end.index <= use]
        _, _, node, value = max(above, key=lambda r: r[1]) if above else same[0]
        return value, self.scope(node), node.range().end.index

    def _qualified_constant(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``Pricing::TSHIRT``: the constant assigned in a class or module of that name."""
        scope, name = node.field("scope"), node.field("name")
        if scope is None or name is None or name.kind() != "constant":
            return None
        owner = scope.text().rsplit("::", 1)[-1]
        found = self._constant(name, owner)
        if found is None or self.depth >= MAX_DEPTH:
            return None
        self.depth += 1
        try:
            return self.literal_of(self.unwrap(found[0]), path)
        finally:
            self.depth -= 1


def bind_args(method: SgNode, args: list[SgNode]) -> dict[str, SgNode | None]:
    """Each parameter of ``method``: the caller's argument (positional, or ``key: value`` for
    a keyword parameter), else its default, else None."""
    positional = [a for a in args if a.kind() not in _HASH_ARGS and a.kind() != "block_argument"]
    keywords: dict[str, SgNode] = {}
    for arg in args:
        key = arg.field("key") if arg.kind() == "pair" else None
        value = arg.field("value") if arg.kind() == "pair" else None
        if value is None and key is not None and key.kind() == "hash_key_symbol":
            value = key  # Ruby 3.1's shorthand: price: is price: price
        word = key_of(key) if key is not None else None
        if word is not None and value is not None:
            keywords[word] = value
    out: dict[str, SgNode | None] = {}
    params = method.field("parameters")
    index = 0
    for param in params.named_children() if params is not None else []:
        kind = param.kind()
        if kind == "identifier":
            out[param.text()] = positional[index] if index < len(positional) else None
            index += 1
        elif kind == "optional_parameter":
            name, default = param.field("name"), param.field("value")
            if name is not None:
                out[name.text()] = positional[index] if index < len(positional) else default
            index += 1
        elif kind == "keyword_parameter":
            name, default = param.field("name"), param.field("value")
            if name is not None:
                out[name.text()] = keywords.get(name.text(), default)
        elif kind in ("splat_parameter", "hash_splat_parameter", "block_parameter"):
            name = param.field("name")
            if name is not None:
                out[name.text()] = None
    return out


def _keys(
    node: SgNode, name: str, resolve: Callable[[SgNode], str | None]
) -> tuple[str, ...] | None:
    """The keys of ``name[:a][:b]`` (``()`` for ``name`` itself), a key written as a name read
    by ``resolve`` (``COMPUTED`` when only run time knows it); None when ``node`` is not rooted
    at ``name``."""
    keys: list[str] = []
    while node.kind() == "element_reference":
        obj = node.field("object")
        index = [c for c in node.named_children() if c != obj and c.kind() != "comment"]
        if obj is None or len(index) != 1:
            return None
        key = key_of(index[0])
        key = key if key is not None else resolve(index[0])
        key = key if key is not None else COMPUTED
        keys.append(key)
        node = obj
    if node.kind() in ("identifier", "constant") and node.text() == name:
        return tuple(reversed(keys))
    return None


def _last(body: SgNode | None) -> SgNode | None:
    """The last statement of a body (rescue/ensure clauses left out)."""
    if body is None:
        return None
    statements = [c for c in body.named_children() if c.kind() not in _BODY_TAILS]
    if body.kind() in ("then", "else", "block_body", "body_statement", "begin", "do"):
        return statements[-1] if statements else None
    return statements[-1] if statements else body


def _operator(node: SgNode) -> str:
    return next((c.text() for c in node.children() if not c.is_named() and "=" in c.text()), "")


def _case_test(pattern: str, node: SgNode, subject: SgNode | None, reader: Flow) -> str:
    """The condition of one ``when`` pattern: ``plan == :monthly`` for a literal, ``Integer
    === x`` otherwise; the pattern itself in a ``case`` without a subject."""
    if subject is None:
        return pattern
    inner = [c for c in node.named_children() if c.kind() != "comment"]
    literal = len(inner) == 1 and inner[0].kind() in _LITERAL_PATTERNS
    written = reader.source_of(subject)
    return f"{written} == {pattern}" if literal else f"{pattern} === {wrapped(written)}"


def _argument_groups(args: list[SgNode]) -> list[SgNode | list[SgNode]]:
    """The arguments of a call, each bare run of ``key: value`` pairs and ``**splats`` as one
    hash (a list of its members); block arguments left out."""
    out: list[SgNode | list[SgNode]] = []
    run: list[SgNode] | None = None
    for arg in args:
        kind = arg.kind()
        if kind in _SKIPPED_ARGS:
            continue
        if kind in _HASH_ARGS:
            if run is None:
                run = []
                out.append(run)
            run.append(arg)
            continue
        run = None
        out.append(arg)
    return out


def _key_text(member: SgNode) -> str | None:
    key = member.field("key") if member.kind() == "pair" else None
    return key_of(key) if key is not None else None


def _joined_lists(left: Any, right: Any) -> tuple[Any] | None:
    """``left + right`` of two lists the code builds (literal, or mapped from a collection:
    an ``$each``, spliced as a part), as one list of their parts; None for anything else."""
    parts: list[Any] = []
    for side in (left, right):
        if type(side) is list:
            parts.extend(side)
        elif is_marker(side) and EACH in side and CHOICE not in side:
            parts.append(side)
        else:
            return None
    return (parts,)

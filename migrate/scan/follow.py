"""Follow the data the way a reader does (Python and JavaScript/TypeScript set its hooks).

``Follower`` extends ``Extractor`` (extract.py). A name is read as the statements above its use
leave it (its function first, then the enclosing ones, then the module):

- every binding and every change, in order: ``params["k"] = v``, ``params.k = v``,
  ``params.update({...})``, ``Object.assign(params, {...})``, ``params.line_items.push({...})``;
- a binding or change under an ``if`` that does not hold the use is a choice between the new
  value and the one before (``$choice``; both branches of an if/else, elif chains). One in a
  loop, ``switch``, ``while``, ``except`` or ``catch`` leaves the value known only at run time,
  except a list filled by ``append`` / ``push`` in a for-each loop: an ``$each`` over the loop's
  collection;
- a binding or change made in a closure (a callback passed to any call, a nested def saying
  ``nonlocal``) leaves the value known only at run time after it (``closure_events``);
- a condition an early return decides (``if (!configured(c)) return``) is decided on the rest
  of the path, in a helper called from there too (``migrate/scan/follow_conds.py``);
- ternaries, and ``or`` / ``||`` / ``??`` with a literal fallback, are choices; ``xs.map(...)``
  and list comprehensions are ``$each``;
- a call to a function or method of the same file (the module, an enclosing function, the same
  class through ``self`` / ``this``) is followed into its body: its parameters are the call's
  arguments and its value is what it returns (a return under an ``if`` is a choice).

Every value that stays opaque keeps a source text that is valid where the call is: the name
itself when it is bound in the call's own function (the variable holds the value there); the
expression it is bound to when that reads an environment variable (``process.env.PRICE_PRO``
says more than the variable's name, and the report can resolve it); inside a followed function
or a map callback, the expression with the function's parameters and locals replaced by what
they stand for at the call. When that cannot be done (a local assigned in a loop), the followed
call or the map stays opaque, as written at the call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ast_grep_py import SgNode

from migrate.readers.limits import MAX_DEPTH as MAX_NESTING
from migrate.readers.limits import too_large
from migrate.scan.copied_loops import copied_whole
from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    EACH,
    LOCAL,
    MAX_DEPTH,
    OMIT,
    STRIPE_REQUEST,
    Dynamic,
    Extracted,
    choice_marker,
    dynamic_marker,
    each_marker,
    empty_params,
    file_cache,
    is_dynamic,
    join,
    may_be_absent,
    start,
)
from migrate.scan.follow_base import (
    MAX_RETURNS,
    UNSET,
    Arg,
    Conds,
    Event,
    Frame,
    Guards,
    Keys,
    Unfollowable,
    Unwritable,
    binds_local,
    contains,
    get_in,
    informative,
    inside,
    is_opaque,
    is_structured,
    local_as_a_whole,
    paren,
    plain_dict,
    price_or_inline,
    reads_itself,
    set_in,
    simplify,
    tests_itself,
    two_lines,
)
from migrate.scan.follow_guards import GuardReader
from migrate.scan.follow_merges import merged_entries
from migrate.scan.follow_pairs import keyed_choice, listed_choice, pushed, read_with_pair
from migrate.scan.follow_sources import EFFECT
from migrate.scan.helper_leaks import awaited_one, leaked
from migrate.scan.imported_constants import imported_constant
from migrate.scan.loop_carried import reads_loop_assigned
from migrate.scan.loop_keeps import kept
from migrate.scan.loop_skips import filtered, skips
from migrate.scan.nodes import is_comment
from migrate.scan.patterns import CallPattern
from migrate.scan.reach import ends_leaving

__all__ = [
    "Arg",
    "Event",
    "Follower",
    "Frame",
    "Keys",
    "Unfollowable",
    "inside",
    "plain_dict",
]


@dataclass
class Follower(GuardReader):
    """An extractor that follows names, branches, helpers and maps (see the module doc; its
    hooks and state: ``FollowerBase``)."""

    # -- values ---------------------------------------------------------------------------

    def call(self, call: SgNode, pattern: CallPattern) -> Extracted:
        params = self.params(call, pattern)
        return Extracted(params, tuple(dict.fromkeys(self.dynamic)), tuple(self.options))

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any:
        """The value ``node`` denotes (a literal, a marker, or a container of both). At the
        outermost level its markers are recorded (the whole one unless told)."""
        if self.quiet:
            return self.evaluate(node, path)
        self.site = start(node)
        self.quiet += 1
        try:
            got = self.evaluate(node, path)
        except Unfollowable:
            got = dynamic_marker(node.text())
        finally:
            self.quiet -= 1
        if is_dynamic(got):
            if record:
                self.dynamic.append(Dynamic(path, got[DYNAMIC]))
        else:
            self.collect(got, path)
        return got

    def merge(self, into: dict[str, Any], node: SgNode, path: str, source: str) -> None:
        """Merge what a spread (``...x``, ``**x``) of ``node`` adds into ``into``: a dict, or a
        choice between dicts and nothing (``...(cond && {...})``), merged key by key as
        choices; otherwise the whole is listed as run-time."""
        if empty_params(node):
            return
        value = self.value(node, path, record=False)
        added = self.spread(value)
        if added is None:
            self.dynamic.append(Dynamic(path, source))
            return
        if is_dynamic(value) and not self.quiet:
            self.collect(added, path)
        into.update(added)

    def spread(self, value: Any) -> dict[str, Any] | None:
        """The dict a spread of ``value`` adds (None: not known)."""
        if plain_dict(value):
            return dict(value)
        if value is None or value is OMIT or value is False or value is UNSET:
            return {}
        if is_dynamic(value) and CHOICE in value:
            choice = value[CHOICE]
            then, else_ = self.spread(choice["then"]), self.spread(choice["else"])
            if then is not None and else_ is not None:
                keys = dict.fromkeys([*then, *else_])
                return {k: self.choice(choice["if"], then.get(k), else_.get(k)) for k in keys}
        return None

    def collect(self, value: Any, path: str) -> None:
        """Record every marker inside ``value`` (not inside a marker) at its path."""
        if is_dynamic(value):
            self.dynamic.append(Dynamic(path, value[DYNAMIC]))
        elif type(value) is dict:
            for key, item in value.items():
                self.collect(item, join(path, str(key)))
        elif type(value) is list:
            for index, item in enumerate(value):
                self.collect(item, f"{path}[{index}]")

    def evaluate(self, node: SgNode, path: str) -> Any:
        if self.nesting >= MAX_NESTING:
            return dynamic_marker(node.text())
        inner = self.unwrap(node)
        self.nesting += 1
        try:
            try:
                got = self.literal(inner, path)
                if got is not None:
                    return self.settled(inner, got[0])
                found = self.structured(inner, path)
                if found is not None:
                    return self.settled(inner, found)
                return dynamic_marker(self.source_of(node))
            except (RecursionError, ValueError) as exc:
                if not too_large(exc):
                    raise
                return dynamic_marker(node.text())
            except Unwritable:  # from what a followed helper awaits: its other values are read
                return {DYNAMIC: node.text(), LOCAL: True}
        finally:
            self.nesting -= 1

    # -- names ----------------------------------------------------------------------------

    def resolve(self, name: SgNode, path: str) -> tuple[Any] | None:
        """What ``name`` holds where it is used: a literal, a marker or a container."""
        text = name.text()
        for frame in reversed(self.frames):
            if text in frame.keep and inside(frame.region, name):
                return (dynamic_marker(text),)
            if text in frame.hidden and inside(frame.region, name):
                raise Unfollowable(text)
        narrowed = self.narrowed(name)
        if narrowed is not None:
            return narrowed
        if self.depth >= MAX_DEPTH:
            return None
        use = start(name)
        scope = self.scope(name)
        while True:
            events = self.events(scope, text, use)
            if any(e.op == "bind" for e in events):
                break
            if scope.kind() not in self.functions:
                return imported_constant(self, name, path)  # bound nowhere in the file
            if self.is_parameter(scope, text):
                return self._parameter(scope, text, path)
            scope = self.scope(scope)
        bound = max(e.end for e in events if e.op == "bind")
        if self.changed_in_place(scope, text, bound, use):
            return None  # `total += x` after the binding: the value is the run's
        initial: Any = UNSET
        if scope.kind() in self.functions and self.is_parameter(scope, text):
            # a parameter set again in one branch only (``if (!id) id = make()``) holds, on the
            # other, what the caller passed: the name itself, never nothing
            got = self._parameter(scope, text, path)
            initial = dynamic_marker(text) if got is None else got[0]
        self.depth += 1
        try:
            value = self.replay(events, scope, name, use, path, initial=initial)
        finally:
            self.depth -= 1
        if awaited_one(value) and not any(inside(f.region, name) for f in self.frames):
            return (dynamic_marker(text),)  # the name is what the call can write, where it is
        return (None if value is UNSET else value,)

    def _parameter(self, scope: SgNode, text: str, path: str) -> tuple[Any] | None:
        """The argument of the followed helper call for parameter ``text``; None if none."""
        helper = self._helper_frame(scope)
        if helper is None or text not in helper.args:
            return None
        self.depth += 1
        try:
            return (self.argument(helper.args[text], path),)
        finally:
            self.depth -= 1

    def events(self, scope: SgNode, name: str, use: int) -> list[Event]:
        """The bindings and changes of ``name`` made directly in ``scope`` before ``use``, on
        a path to it (not in another branch, nor in a block that returned before)."""
        return [
            e for e in self.all_events(scope, name) if e.end <= use and self.reaches(e.node, use)
        ]

    def all_events(self, scope: SgNode, name: str) -> list[Event]:
        """Every binding and change of ``name`` made in ``scope`` (or a closure in it)."""
        key = (type(self), "events", scope, name)
        cache = file_cache(scope)
        found: list[Event] | None = cache.get(key)
        if found is None:
            found = [
                Event(at, end, value, "bind", (), (value,))
                for at, value, end in self.bindings(scope, name)
            ]
            for kind in self.mutation_kinds:
                for root in (name, *self.mutation_roots):
                    for node in self.rooted(scope, kind, root, 0, scope.range().end.index + 1):
                        event = self.mutation(node, name)
                        if event is not None:
                            found.append(event)
            found.extend(self.closure_events(scope, name))
            found.sort(key=lambda e: e.at)
            cache[key] = found
        return found

    def replay(
        self,
        events: list[Event],
        scope: SgNode,
        name: SgNode,
        use: int,
        path: str,
        *,
        initial: Any = UNSET,
    ) -> Any:
        """The value the events leave in ``name`` at ``use`` (``initial`` before them: what a
        parameter holds on entry)."""
        binds = [e for e in events if e.op == "bind"]
        value: Any = initial
        opened = False  # bound, unconditionally, to a value known only at run time
        begun = False  # then given keys: still that object (read by name where not set)
        start_text = ""
        for event in events:
            guards = self.guards(event.node, scope, use)
            if guards is not None and not guards.reachable:
                continue
            own = self._frame_of(event.node) is None
            if own and guards is not None and not self._rewritable(guards.nodes):
                guards = None  # a condition on names the call cannot see, or one assigning
            elif own and guards and tests_itself(event, guards.nodes, name.text(), value):
                guards = None  # `if (!x) x = made.id`: at the call the test reads the new value
            if event.op == "bind":
                value = self._bind(event.values[0], guards, value, name=name, own=own, path=path)
                opened = own and guards is not None and not guards.conds and is_opaque(value)
                start_text = event.values[0].text()
            else:
                keyed = bool(event.keys) and all(type(k) is str for k in event.keys)
                if opened and event.op == "set" and keyed and guards is not None:
                    # a dict begun from a value known only at run time, then given keys
                    # (`args = self.defaults(); args["success_url"] = ...`): that value is
                    # spread in at run time, the keys the code sets are known
                    self.dynamic.append(Dynamic(path, start_text))
                    value, begun = {}, True
                opened = False
                value = self._change(value, event, guards, name=name, own=own, path=path)
        if (is_structured(value) or (begun and plain_dict(value))) and self._frame_of(
            binds[-1].node
        ) is None:
            value = {**value, DYNAMIC: self.here(name)}
        return value

    def _bind(
        self,
        node: SgNode,
        guards: Guards | None,
        old: Any,
        *,
        name: SgNode,
        own: bool,
        path: str,
    ) -> Any:
        if guards is None or guards.loop is not None:  # a loop, a switch, an except
            if not own:
                raise Unfollowable(name.text())
            return dynamic_marker(self.here(name))
        new = self.evaluate(node, path)
        # the variable holds it at the call; an environment read says more (its name), and so
        # does, in one branch of an if, an expression that can be read again there; one naming
        # what a block declares that the call is not in (``const found = ...`` in the if) never
        if (
            own
            and is_opaque(new)
            and not self.env_read(new[DYNAMIC])
            and not (guards.conds and self._rereadable(node, self.site))
        ) or (own and is_dynamic(new) and not self._visible([node], self.site, within=True)):
            new = dynamic_marker(self.here(name))
        elif own and is_opaque(new) and reads_itself(node, name.text()):
            # `if not cents: amount = int(amount * 100)`: written at the call, the expression
            # would read the value it made (100x the amount); the variable holds it there (a
            # default of itself, `seats = seats || 1`, is a choice: the same value again)
            new = dynamic_marker(self.here(name))
        return self.wrap(guards.conds, new, old)

    def _change(
        self, value: Any, event: Event, guards: Guards | None, *, name: SgNode, own: bool, path: str
    ) -> Any:
        if is_dynamic(value) and CHOICE in value:  # dicts bound in both branches: key by key
            value = self.spread(value) or value
        if listed_choice(value, event, guards):  # [] then `if (c) xs.push(a)`, then a push
            choice = value[CHOICE]
            sides = {
                s: self._change(choice[s], event, guards, name=name, own=own, path=path)
                for s in ("then", "else")
            }
            return {**value, CHOICE: {**choice, **sides}}
        inner = keyed_choice(value, event.keys) if event.keys else None
        if inner is not None:  # made in each branch of an if that set a dict on the way
            marker, rest = (
                get_in(value, event.keys[:inner]),
                replace(event, keys=event.keys[inner:]),
            )
            under = "".join(f"[{k}]" if type(k) is int else f".{k}" for k in event.keys[:inner])
            sides = {
                s: self._change(side, rest, guards, name=name, own=own, path=f"{path}{under}")
                if type(side) is dict
                else side
                for s in ("then", "else")
                for side in (marker[CHOICE][s],)
            }
            changed = {**marker, CHOICE: {**marker[CHOICE], **sides}}
            return set_in(value, event.keys[:inner], changed, self._fail(own, name))
        if event.op == "push" and read_with_pair(self, event):
            return value  # read with the append in the if's other branch
        if event.op in ("push", "extend"):
            value = self._spliced_each(value, event.keys)
        if is_dynamic(value) or type(value) not in (dict, list):  # it holds the change
            if not own:
                raise Unfollowable(name.text())
            return value if is_opaque(value) else dynamic_marker(self.here(name))
        keys = event.keys
        where = path
        for key in keys:  # line_items[0].price: an index in brackets, as params paths are
            where = f"{where}[{key}]" if type(key) is int else join(where, str(key))
        fail = self._fail(own, name)
        if event.op == "opaque" and own and plain_dict(get_in(value, keys)):
            # a key computed at run time (``data[f"metadata[{k}]"] = v``, in a loop or not): the
            # keys known stay, and what it sets is a run-time spread at that place
            self.dynamic.append(Dynamic(where, event.node.text()))
            return value
        if guards is None or guards.loop is not None:
            each = self._each_push(value, event, guards, name=name, own=own, where=where)
            return set_in(value, keys, each, fail)
        conds = guards.conds
        if event.op == "opaque":  # a key computed at run time, an unknown change
            return set_in(value, keys, self._opaque_at(name, keys, own), fail)
        if event.op == "unset":
            return set_in(value, keys, self.wrap(conds, OMIT, get_in(value, keys)), fail)
        if event.op == "set":
            node = event.values[0]
            self.written_again(where)  # after the maps merged before (Dynamic.before)
            new = self._own_value(self.evaluate(node, where), node, name=name, keys=keys, own=own)
            return set_in(value, keys, self.wrap(conds, new, get_in(value, keys)), fail)
        if event.op == "merge":
            for key, node, got in merged_entries(self, event, where, conds, get_in(value, keys)):
                full = (*keys, key)
                new = self._own_value(got, node, name=name, keys=full, own=own)
                value = set_in(value, full, self.wrap(conds, new, get_in(value, full)), fail)
            return value
        old = get_in(value, keys)
        if type(old) is not list:
            fail()
            return value
        if event.op == "push":
            added = [self.evaluate(n, where) for n in event.values]
        else:
            got = self.evaluate(event.values[0], where)
            if type(got) is dict and EACH in got and CHOICE not in got:
                got = [got]  # a mapped list (``push(...rows.map(...))``): spliced in, in place
            if type(got) is not list:
                return set_in(value, keys, self._opaque_at(name, keys, own), fail)
            added = got
        return set_in(value, keys, self.wrap(conds, [*old, *added], old), fail)

    def _own_value(self, new: Any, node: SgNode, *, name: SgNode, keys: Keys, own: bool) -> Any:
        """A value set on a key of a variable of the call's own function: kept when it can be
        read again where the call is, else the variable's field (which holds it there)."""
        if not own or not is_dynamic(new):
            return new
        field_source = self.member(self.here(name), keys)
        if is_structured(new) and not (CHOICE in new and self._rereadable(node, self.site)):
            return {**new, DYNAMIC: field_source}
        if is_structured(new) or self.env_read(new[DYNAMIC]) or self._rereadable(node, self.site):
            return new
        return dynamic_marker(field_source)

    def _rereadable(self, node: SgNode, use: int) -> bool:
        """Whether ``node`` can be read again at ``use``: nothing in it does anything (an
        await, an assignment, a call other than a conversion such as ``str(x)``), and every
        name in it is visible there."""
        for kind in self.effect_kinds:
            for found in node.find_all(kind=kind):
                callee = found.field("function")
                name = callee.text().rsplit(".", 1)[-1] if callee is not None else ""
                if name not in self.pure_calls:
                    return False
        return self._visible([node], use)

    def _rewritable(self, conds: list[SgNode]) -> bool:
        """Whether conditions can be written at the call: every name in them is visible there
        and none assigns (``(qty := user.seats) > 10`` run again would overwrite ``qty``)."""
        return self._visible(conds, self.site) and not self.assigns(conds)

    def assigns(self, nodes: list[SgNode]) -> bool:
        """Whether an expression among ``nodes`` assigns (a walrus, ``x = f()`` in a test)."""
        todo = list(nodes)
        while todo:  # small trees (conditions): walked, as each grammar names its own kinds
            node = todo.pop()
            if node.kind() in self.assigning_kinds:
                return True
            todo.extend(node.children())
        return False

    def _visible(self, nodes: list[SgNode], use: int, *, within: bool = False) -> bool:
        """Whether every name in ``nodes`` is declared where ``use`` can see it (block scope);
        ``within``: a name a node declares itself (a callback's local) counts as seen."""
        if not self.block_kinds:
            return True
        for node in nodes:
            for ident in self.references(node):
                block = self._declaring_block(ident)
                if block is None or contains(block, use) or (within and inside(node, block)):
                    continue
                return False
        return True

    def _each_push(
        self,
        value: Any,
        event: Event,
        guards: Guards | None,
        *,
        name: SgNode,
        own: bool,
        where: str,
    ) -> Any:
        """A list filled by ``append``/``push`` in a for-each loop: an ``$each``; anything else
        changed in a loop (or a switch, an except) is opaque."""
        keys = event.keys
        loop = guards.loop if guards is not None else None
        parts = self.loop_parts(loop) if loop is not None else None
        old = get_in(value, keys)
        if (
            guards is None
            or loop is None
            or parts is None
            or event.op != "push"
            or len(event.values) != 1
            or type(old) is not list
        ):
            return self._opaque_at(name, keys, own)
        pattern, collection = parts
        cut = skips(loop, event.node, loops=self.loop_kinds, functions=self.functions)
        if cut is None:  # a break, or a continue the reader cannot turn into a filter
            return self._opaque_at(name, keys, own)
        keep = (kept(self, loop, event, name.text()) or []) if guards.inner else []
        frame = Frame(loop, self.pattern_names(pattern))
        self.frames.append(frame)
        try:
            if keep:  # an append under `if`s with no else: the elements they keep
                item = self.evaluate(event.values[0], f"{where}[]")
            else:
                item = pushed(self, loop, event, guards, (name.text(), f"{where}[]"))
            over = self.loop_over(loop, self.source_of(collection))
            conds = [self.source_of(c) for c in cut]
            keeps = [self.source_of(c) for c in keep]
        except Unfollowable:
            return self._opaque_at(name, keys, own)
        finally:
            self.frames.pop()
        var = pattern.text()
        over = filtered(over, var, conds, python=self.family == "python", keep=keeps)
        if reads_loop_assigned(loop, item, [over]):  # a counter: another value each turn
            return self._opaque_at(name, keys, own)
        whole = copied_whole(item, var, collection, self.evaluate, where, old=old)
        if whole is not None and not conds and not keeps:  # for x in xs: items.append(x)
            return self.wrap(guards.conds, whole, old)
        if own and not old:  # the variable holds the mapped list at the call
            source = self.member(name.text(), keys)
        else:  # lines before it: the variable holds them too, the mapping is this loop's
            source = self.mapped(over, var, self.render(item))
        each = each_marker(source, over, var, item)
        return self.wrap(guards.conds, [*old, each] if old else each, old)

    def _spliced_each(self, value: Any, keys: Keys) -> Any:
        """``value`` with the mapped list at ``keys`` (filled in a loop above) made the first
        part of a list, so what is added after it follows its elements (``items.append(ship)``
        after the loop: the loop's lines, then the shipping line, never one opaque list). Its
        source is the mapping, as the variable holds the lines added after it too."""
        each = get_in(value, keys)
        if not (is_dynamic(each) and EACH in each and CHOICE not in each):
            return value
        spec = each[EACH]
        rendered = self.render(spec["item"])
        part = {**each, DYNAMIC: self.mapped(spec["over"], spec["as"], rendered)}
        return set_in(value, keys, [part], lambda: None) if keys else [part]

    def _opaque_at(self, name: SgNode, keys: Keys, own: bool) -> Any:
        if not own:
            raise Unfollowable(name.text())
        return dynamic_marker(self.member(self.here(name), keys) if keys else self.here(name))

    def _fail(self, own: bool, name: SgNode) -> Callable[[], None]:
        def fail() -> None:
            if not own:
                raise Unfollowable(name.text())

        return fail

    # -- branches (guards: follow_guards.py) ----------------------------------------------

    def seen_at(self, node: SgNode, scope: SgNode, use: int, value: Any) -> Any:
        found = self.guards(node, scope, use)
        if not self.reaches(node, use) or (found is not None and not found.reachable):
            return OMIT
        if found is None or found.loop is not None or self.assigns(found.nodes):
            return dynamic_marker(node.text())
        return self.wrap(found.conds, value, UNSET)

    def wrap(self, conds: Conds, new: Any, old: Any) -> Any:
        """``new`` where ``conds`` hold, ``old`` otherwise."""
        if not conds:
            return new
        value = new
        for cond, holds in reversed(conds):
            value = self.choice(cond, value, old) if holds else self.choice(cond, old, value)
        return self.named(simplify(value, {}))

    def choice(self, cond: str, then: Any, else_: Any, source: str | None = None) -> Any:
        """A choice (its source synthesized when not given); one between two dicts is a dict
        of choices, key by key."""
        then = None if then is UNSET or then is OMIT else then
        else_ = None if else_ is UNSET or else_ is OMIT else else_
        if then == else_:
            return then
        if plain_dict(then) and plain_dict(else_) and not price_or_inline(then, else_):
            return {
                key: self.choice(cond, then.get(key), else_.get(key))
                for key in dict.fromkeys([*then, *else_])
            }
        marker = choice_marker("", cond, then, else_)
        if source is None:
            return self.named(marker)
        marker[DYNAMIC] = source
        return marker

    def named(self, value: Any) -> Any:
        """``value`` with every synthesized choice's source written (innermost first)."""
        if is_dynamic(value) and CHOICE in value:
            choice = value[CHOICE]
            then, else_ = self.named(choice["then"]), self.named(choice["else"])
            then_, other = (  # a choice inside a choice in parentheses: `(a if b else c) if d`
                paren(t) if is_dynamic(v) and CHOICE in v else t
                for v, t in ((then, self.render(then)), (else_, self.render(else_)))
            )
            source = value[DYNAMIC] or self.ternary(choice["if"], then_, other)
            return choice_marker(source, choice["if"], then, else_)
        if plain_dict(value):
            return {k: self.named(v) for k, v in value.items()}
        if type(value) is list:
            return [self.named(v) for v in value]
        return value

    def either(self, node: SgNode, cond: SgNode, then: SgNode, else_: SgNode, path: str) -> Any:
        """A ternary: a choice between its two branches."""
        known = self.decide(cond)
        if known is not None:
            return self.evaluate(then if known else else_, path)
        if self.assigns([cond]):  # written again it would assign again: what it holds
            return dynamic_marker(self.source_of(node))
        yes, no = self.evaluate(then, path), self.evaluate(else_, path)
        if two_lines(path, yes, no):  # `c ? {price_data: ...} : {price: p}`: not key by key
            return choice_marker(self.source_of(node), self.source_of(cond), yes, no)
        return self.choice(self.source_of(cond), yes, no, self.source_of(node))

    def fallback(self, node: SgNode, left: SgNode, right: SgNode, path: str, falsy: bool) -> Any:
        """``left or "literal"`` (``||``, ``??``): the left value if it is set, else the literal;
        ``left || undefined`` / ``left or None``: the left value if it is set, else nothing (a
        choice, so a Dodo field that wraps the value, ``customer: {customer_id: ...}``, is left
        out rather than given nothing to wrap); None when the fallback is another value (the
        whole stays opaque)."""
        default = self.evaluate(right, path)
        if (default is None or default is OMIT) and may_be_absent(path):
            got = self.evaluate(left, path)
            if not is_dynamic(got):
                return None
            return self.choice(f"{self.source_of(left)} is set", got, None, self.source_of(node))
        if type(default) not in (str, int, float, bool):
            return None
        got = self.evaluate(left, path)
        if not is_dynamic(got):
            if type(got) in (dict, list):
                return None
            unset = got is None or got is OMIT or (falsy and not got)
            return default if unset else got
        test = "is set" if falsy else "is not null"  # `??` keeps 0, "" and false
        return self.choice(f"{self.source_of(left)} {test}", got, default, self.source_of(node))

    def guarded(self, node: SgNode, left: SgNode, right: SgNode, path: str) -> Any:
        """``cond && {...}`` (``cond and {...}``): the dict or list when the condition holds,
        nothing otherwise (what a spread of it adds); None for other values (a falsy left
        operand is the value then, not nothing)."""
        value = self.evaluate(right, path)
        if type(value) not in (dict, list) or is_dynamic(value):
            return None
        known = self.decide(left)
        if known is not None:
            return value if known else None
        return self.choice(self.source_of(left), value, None, self.source_of(node))

    # -- functions, maps and loops followed ----------------------------------------------

    def follow_call(self, call: SgNode, path: str) -> Any:
        """What a call to a function of the same file returns, read in its body."""
        found = self.helper(call)
        if found is None:
            return None
        fn, receiver = found
        if len(self.frames) >= MAX_DEPTH or any(f.region == fn for f in self.frames):
            return None
        if fn.get_root() is not call.get_root() and path and not path.startswith("line_items"):
            return None  # another file's helper: read for the whole params or the cart only
        if self._acts(fn):
            return None  # what it returns is not all it does: the call stays as written
        args = self.params_of(fn, call, receiver)
        if args is None:
            return None
        self.frames.append(Frame(fn, frozenset(), args, call=call))
        try:
            got = self.returned(fn, path)
        except Unfollowable:
            return None
        finally:
            self.frames.pop()
        if got is UNSET or not informative(got) or local_as_a_whole(got):
            return None  # the call itself says as much, and is valid where it is
        if leaked(self, fn, got, call) is not None:
            return None  # it names the helper's own locals: meaningless at the call
        if is_structured(got):
            got = {**got, DYNAMIC: self.source_of(call)}
        return got

    def _acts(self, fn: SgNode) -> bool:
        """Whether ``fn`` does something besides computing what it returns: a statement of its
        own that awaits a call and drops the result (a write, a request) or calls the Stripe
        API (a name bound to an awaited call keeps the result: ``binds_local``)."""
        for stmt in self.direct(fn, "expression_statement"):
            text = stmt.text()
            if re.search(STRIPE_REQUEST, text) or (EFFECT.search(text) and not binds_local(stmt)):
                return True
        return False

    def map_each(self, node: SgNode, over: SgNode, fn: SgNode, path: str) -> Any:
        """``over.map(fn)`` (and the like): an ``$each`` whose item is what ``fn`` returns for
        one element; None when it cannot be read (the item uses the index, say)."""
        params = self.parameter_nodes(fn)
        if not params:
            return None
        pattern = params[0]
        hidden = frozenset(n for p in params[1:] for n in self.pattern_names(p))
        self.frames.append(Frame(fn, self.pattern_names(pattern), hidden=hidden))
        try:
            item = self.returned(fn, f"{path}[]")
            source = self.source_of(node)
        except Unfollowable:
            return None
        finally:
            self.frames.pop()
        if item is UNSET:
            return None
        return each_marker(source, self.source_of(over), self.pattern_text(pattern), item)

    def returned(self, fn: SgNode, path: str) -> Any:
        """What ``fn`` returns: its expression body, or its return statements (one under an
        ``if`` is a choice with what follows)."""
        body = self.expression_body(fn)
        if body is not None:
            return self.evaluate(body, path)
        returns = self.direct(fn, self.return_kind)
        if len(returns) > MAX_RETURNS:
            raise Unfollowable("too many returns")
        return self._returns(returns, 0, fn, path)

    def _returns(self, returns: list[SgNode], index: int, fn: SgNode, path: str) -> Any:
        if index == len(returns):
            return UNSET
        stmt = returns[index]
        guards = self.guards(stmt, fn, fn.range().end.index)
        if guards is not None and not guards.reachable:
            return self._returns(returns, index + 1, fn, path)
        if guards is None or guards.loop is not None:
            raise Unfollowable("a return in a loop")
        inner = [c for c in stmt.named_children() if not is_comment(c)]
        value = self.evaluate(inner[0], path) if inner else None
        if not guards.conds:
            return value
        rest = self._returns(returns, index + 1, fn, path)
        if rest is UNSET and self.paths is not None and ends_leaving(self.paths, fn):
            return value  # this return, or the function throws: no checkout then
        return self.wrap(guards.conds, value, rest)

    def argument(self, arg: Arg, path: str) -> Any:
        """What a followed function's parameter holds: the call's argument, read where the
        call is."""
        if arg.kwargs:
            return {k: self.evaluate(v, join(path, k)) for k, v in arg.kwargs}
        if arg.node is None:
            return arg.value
        got = self.evaluate(arg.node, path)
        if arg.key is None:
            return got
        if plain_dict(got):
            return got.get(arg.key)
        if is_dynamic(got):
            return dynamic_marker(self.member(paren(got[DYNAMIC]), (arg.key,)))
        return None

"""Following the data the way a reader does, for languages whose params are hashes and arrays
built over several statements (Ruby and PHP; their extractors subclass ``Flow``). Go, Java,
Kotlin and C# builders and structs are followed by ``migrate/scan/flow.py``.

What ``Extractor`` reads (a literal, a name bound to one, ``name[key] = value``) is extended to:

* changes made to a hash or array after it is bound, in source order (``Effect``): nested key
  assignments, ``||=`` / ``+=`` / ``??=``, appends (``$data['line_items'][] = [...]``,
  ``items << {...}``), in-place merges (``merge!``, ``update``) and unconditional deletes. A
  value the code does not know (a parameter, ``apply_filters(...)``) still takes the keys set
  on it: the rest is recorded as a spread of the whole expression (``Dynamic`` at the path).
* choices (``$choice`` markers, see the issue 14 spec): a ternary, a fallback to a literal
  (``a || 'x'``, ``a ?: 'x'``, ``a ?? 'x'``: ``if`` is ``"<a> is set"``), a name or key assigned
  in the branches of an ``if``/``elsif``/``else``, ``case``/``switch``/``match`` (a branch that
  does not assign it keeps the value from before). One branch is never picked silently.
* a variable a closure assigns (a block, a PHP closure taking it by reference) holds a run-time
  value after it (``hashflow_frames.py``).
* lists built by mapping over a collection (``$each`` markers): ``xs.map { |x| {...} }``,
  ``array_map(fn($x) => [...], $xs)``, and appends inside ``foreach`` / ``xs.each``.
* private helpers of the same class (or functions of the same file) returning the params or a
  part of them, followed with their parameters bound to the caller's arguments (``Frame``): a
  run-time value from inside the helper is written as the caller would write it (parameters
  replaced by the argument's text, the helper's locals by what they hold; one whose value is not
  read, such as a destructured ``ok, no = urls(plan)``, is ``TODO_<local>``, noted in ``hidden``).

Every marker's ``$dynamic`` is the text at the place it is used (the name, the helper call), so
the carried expression is valid where the Stripe call is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

from ast_grep_py import SgNode

from migrate.scan.extract import (
    DYNAMIC,
    MAX_DEPTH,
    OMIT,
    Dynamic,
    dynamic_marker,
    empty_params,
    join,
    key_path,
    may_be_absent,
    start,
)
from migrate.scan.hashflow_appends import appended_to
from migrate.scan.hashflow_branches import Branches
from migrate.scan.hashflow_held import held_by, tested, without_nothing
from migrate.scan.hashflow_values import (
    CHOICE,
    COMPUTED,
    EACH,
    IS_NOT_NULL,
    IS_SET,
    MISSING,
    Effect,
    Frame,
    Loop,
    LoopFrame,
    _Missing,
    _walk,
    always,
    choice,
    each,
    end,
    folded,
    inside,
    is_marker,
    is_opaque,
    path_within,
    put,
    sourced,
    spelled,
    spread_into,
    under_marker,
    wrapped,
)
from migrate.scan.interpolated import concatenated
from migrate.scan.nodes import is_comment
from migrate.scan.php_lists import as_lists, indexed
from migrate.scan.wrapper_locals import loop_bound, todo_name, written_names

_T = TypeVar("_T")


@dataclass
class Flow(Branches):
    """An extractor that follows data across statements, helpers and branches. Languages set
    the class attributes and implement the hooks below."""

    null: ClassVar[str] = "null"
    """The language's word for no value (Ruby's ``nil``)."""

    mocks: ClassVar[re.Pattern[str] | None] = None
    """What a test double's construction starts with (``Mockery::mock``, ``instance_double``)."""

    loops: list[LoopFrame] = field(default_factory=list)

    # -- hooks ---------------------------------------------------------------------------

    def loop(self, node: SgNode, after: int) -> Loop | None:
        """The innermost loop around ``node`` that starts after ``after`` (``foreach``,
        ``xs.each``); a loop of another kind (``while``) has ``var`` ``""``."""
        return None

    def references(self, node: SgNode) -> Iterator[SgNode]:
        """The name nodes in ``node`` that read a variable (not method names or keys)."""
        return iter(())

    def returned(self, function: SgNode) -> SgNode | None:
        """The expression a helper returns (its last ``return`` or last expression)."""
        return None

    def undefined(self, name: SgNode) -> Literal["empty", "opaque"] | None:
        """What a name with no binding above it holds before the changes made to it: nothing
        (PHP creates ``$items`` on ``$items[] = ...``), a run-time value (a parameter), or
        None when it is not a variable."""
        return None

    # -- values --------------------------------------------------------------------------

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any:
        got = super().value(node, path, record=False)
        if is_marker(got):
            got = sourced(got, self.source_of(node, strict=is_opaque(got)))
            if record:
                self.dynamic.append(Dynamic(path, got[DYNAMIC]))
        return got

    def merge(self, into: dict[str, Any], node: SgNode, path: str, source: str) -> None:
        if empty_params(node):
            return
        value = self.value(node, path, record=False)
        if type(value) is dict and not is_marker(value):
            into.update(value)
        elif not spread_into(into, value, self, node, path):  # a choice between hashes
            self.dynamic.append(Dynamic(path, self.respelled(source, node)))

    def respelled(self, source: str, node: SgNode) -> str:
        """``source`` (which holds ``node``'s text, ``**opts``) as written at the call."""
        written = node.text()
        return source.replace(written, self.source_of(node)) if written in source else source

    def fallback(
        self, left: SgNode, right: SgNode, path: str, *, null_only: bool = False
    ) -> tuple[Any] | None:
        """``left || right`` / ``left ?: right`` / ``left ?? right``: a choice when ``right`` is
        a literal other than false/""; with nil/null, the left value when it is set, else
        nothing; None (a run-time value) otherwise. ``null_only``: PHP's ``??``, which keeps
        0, "" and false (its choice tests that the left value is not null)."""
        default = self.branch(right, path)
        if default is None and right.text() in ("nil", "null", "NULL") and may_be_absent(path):
            first = self.branch(left, path)
            return (
                (choice(self.source_of(left) + IS_SET, first, None),) if is_marker(first) else None
            )
        if is_marker(default) or default in (None, False, ""):
            return None
        first = self.branch(left, path)
        if not is_marker(first):
            unset = first is None if null_only else first in (None, False, "")
            return (default,) if unset else (first,)
        test = IS_NOT_NULL if null_only else IS_SET
        return (choice(self.source_of(left) + test, first, default),)

    def ternary(self, cond: SgNode, then: SgNode, else_: SgNode, path: str) -> tuple[Any]:
        return (choice(self.source_of(cond), self.branch(then, path), self.branch(else_, path)),)

    def mapped(
        self, over: SgNode, var: str, item: SgNode, path: str, *, wrap: str = "{}"
    ) -> tuple[Any] | None:
        """A list built by mapping ``item`` (in terms of ``var``) over ``over`` (its source
        written into ``wrap``, where a collection object must become an array first). The
        callback's own locals (``product = Product.find(id)`` above the block's last hash) are
        out of reach of the map the suggestion writes: each is written as what it holds, and
        when one cannot be the list is a run-time value (None)."""
        frame = LoopFrame(Loop(_callback(item, over), over, var))
        self.loops.append(frame)
        try:
            template = self.branch(item, f"{path}[]")
        finally:
            self.loops.pop()
        if frame.unwritable:  # a local of the callback no one expression writes
            return None
        return (each(wrap.format(self.source_of(over)), var, template),)

    # -- names ---------------------------------------------------------------------------

    def resolve(self, name: SgNode, path: str) -> tuple[Any] | None:
        """What ``name`` holds where it is used: its binding's value (a choice when the binding
        is in a branch), with the changes made to it since; a helper's parameter holds the
        caller's argument."""
        if self.depth >= MAX_DEPTH:
            return None
        found = self.binding(name)
        text, use = name.text(), start(name)
        held = self._held(name, found)
        if held is not None and held[0] != "":  # compared to a literal where it is read
            return (held[1],)
        self.depth += 1
        try:
            if found is None:
                scope = self.scope(name)
                arg = self.frame_arg(name)
                if not isinstance(arg, _Missing):  # with what the helper does to it
                    given = self.outer(lambda: self._argument(arg, path))
                    after = 0
                    fallback = self.defaulted(scope, text, use) if given == (None,) else None
                    if fallback is not None:  # nil, then `name ||= value`: the value
                        then = self.value(fallback[1], path, record=False)
                        if then is None:  # a helper with no one value: it, at run time
                            then = dynamic_marker(self.source_of(fallback[1]))
                        given, after = (then,), fallback[0]
                    return self._changed(given, name, scope, after, path)
                state = self.undefined(name)
                if state is None:
                    return None
                return self._changed(None, name, scope, 0, path, fresh=state == "empty")
            value_node, scope, after = found
            if self.rebound(scope, text, after, use, name):
                return None  # a closure assigned it since: a run-time value
            if self.changed_in_place(scope, text, after, use):
                return None  # `$total += x` after the binding: the value is the run's
            got = self.bound(text, value_node, scope, use, path)
            outer = self.outermost(value_node, scope, use)
            if outer is not None:  # the changes made in its branches are in `got`
                after = max(after, end(outer))
            got = self._changed(got, name, scope, after, path)
            if held is not None and got is not None:  # read where it holds: set
                got = (without_nothing(got[0]),)
            return got
        finally:
            self.depth -= 1

    def _held(
        self, name: SgNode, found: tuple[SgNode, SgNode, int] | None
    ) -> tuple[str, Any] | None:
        """What the branch ``name`` is read in says of it, when it is bound before that branch:
        ``("==", literal)`` in a branch whose condition compares it to a literal (``if interval
        == "month"``), ``("", None)`` in one whose condition requires it to hold (``coupon ?
        [...] : nil``, one side of an ``&&``); None otherwise."""
        text = name.text()
        for ancestor in name.ancestors():
            if ancestor.kind() in self.functions:
                return None
            if found is not None and start(found[0]) >= start(ancestor):
                return None  # bound inside it: what the branch tests is not this binding
            for test, region in self._tested(ancestor):
                if region is None or not inside(name, region):
                    continue
                return held_by(test, text) if test is not None else None
        return None

    def _tested(self, node: SgNode) -> list[tuple[str | None, SgNode | None]]:
        """The branches of an ``if`` (or a ternary) with their conditions as written: read
        from the syntax alone (:meth:`branches` writes each condition's source, resolving the
        names in it, which resolves this again: every read of a name in nested branches cost
        the reads of all the conditions around it, minutes on a large plugin class)."""
        return tested(node)

    def defaulted(self, scope: SgNode, name: str, before: int) -> tuple[int, SgNode] | None:
        """The last ``name ||= value`` made to the whole of ``name`` before the offset
        ``before`` under no condition the use is outside of: its end and its value (what a
        parameter holding nil holds after it). None where the language has no such form."""
        return None

    def _argument(self, arg: SgNode | None, path: str) -> tuple[Any] | None:
        if arg is None:
            return None
        got = self.value(arg, path, record=False)
        return None if is_opaque(got) else (got,)

    def _changed(
        self,
        got: tuple[Any] | None,
        name: SgNode,
        scope: SgNode,
        after: int,
        path: str,
        *,
        fresh: bool = False,
    ) -> tuple[Any] | None:
        """``got`` (None: a run-time value, or nothing yet when ``fresh``) with the changes
        made to ``name`` between ``after`` and its use. Keys set on a run-time value are read
        and the rest recorded as a spread of it (not in a branch or a list item: there the
        name as written holds it all)."""
        use = start(name)  # a change the use is in (`$a['k'] = f($a['k'])`) is made after it
        effects = self.effects(scope, name.text(), after, use)
        effects = [e for e in effects if end(e.node) <= use and self.reaches(e.node, use)]
        if got is None and fresh:  # a variable made by its first change
            if not effects:
                return None
            value: Any = [] if effects[0].op == "append" and not effects[0].keys else {}
            return (self._listed(self.apply(value, effects, after, path, start(name))),)
        if got is None:
            keyed = [e for e in effects if e.keys or e.op in ("merge", "under")]
            if not effects or len(keyed) != len(effects) or self.speculating:
                return None
            self.dynamic.append(Dynamic(path, self.source_of(name)))  # the rest: a spread
            return (self.apply({}, effects, after, path, start(name)),)
        value = got[0]
        if effects and (type(value) in (dict, list) or (is_marker(value) and CHOICE in value)):
            value = self._listed(self.apply(value, effects, after, path, start(name)))
        return (value,)

    def _listed(self, value: Any) -> Any:
        """PHP's array filled by index 0..n-1 as the list it is (``php_lists.py``)."""
        listed = as_lists(value) if self.family == "php" else value
        if listed != value:
            self.dynamic[:] = [indexed(d) for d in self.dynamic]
        return listed

    def mocked(self, receiver: SgNode | None) -> bool:
        """Whether the variable a call's receiver chain starts with holds a test double
        (``$stripe = Mockery::mock(StripeClient::class)``): its calls create nothing."""
        node = receiver
        while node is not None and node.kind() not in self.name_kinds:
            inner = [c for c in node.named_children() if not is_comment(c)]
            node = inner[0] if inner else None
        if node is None or self.mocks is None:
            return False
        found = self.binding(node)
        return found is not None and self.mocks.match(found[0].text()) is not None

    def is_free(self, name: SgNode) -> bool:
        """Whether ``name`` is no variable where it is used (Ruby: then a method call)."""
        return (
            self.binding(name) is None
            and isinstance(self.frame_arg(name), _Missing)
            and self.undefined(name) is None
        )

    def follow(
        self, function: SgNode, args: dict[str, SgNode | None], path: str
    ) -> tuple[Any] | None:
        """What a helper returns, its parameters bound to ``args``; None when that is a
        run-time value (the call as written is then the value)."""
        if self.depth >= MAX_DEPTH or any(f.function == function for f in self.frames):
            return None
        returned = self.returned(function)
        if returned is None:
            return None
        mark = len(self.dynamic)
        frame = Frame(function, args)
        self.frames.append(frame)
        self.depth += 1
        try:
            got = self.value(returned, path, record=False)
        finally:
            self.frames.pop()
            self.depth -= 1
        if is_opaque(got) or frame.unwritable:
            del self.dynamic[mark:]
            return None
        return (got,)

    # -- changes -------------------------------------------------------------------------

    def apply(
        self, value: Any, effects: list[Effect], after: int, path: str, use: int | None = None
    ) -> Any:
        """``value`` with ``effects`` made to it in order (a choice's branches each get them).
        A change made in a branch of a conditional that does not hold the use (``use``, an
        offset) is a choice between the value it sets and the value from before (none: nil)."""
        if is_marker(value) and EACH not in value:  # a mapped list still takes appends
            if CHOICE not in value:
                return value
            branches = value[CHOICE]
            return {
                **value,
                CHOICE: {
                    **branches,
                    "then": self.apply(branches["then"], effects, after, path, use),
                    "else": self.apply(branches["else"], effects, after, path, use),
                },
            }
        done: set[int] = set()
        for index, effect in enumerate(effects):
            if index in done:
                continue
            guards = self.guards(effect, after, use)
            if not guards:
                value = self.change(value, effect, after, path)
            elif effect.op == "set":
                grouped = self._branch_sets(effects, index, guards[0])
                done.update(grouped)
                value = self._set_choice(value, [effects[i] for i in grouped], guards, path)
            else:
                value = self._guarded_change(value, effect, guards, after, path)
        return value

    def guards(self, effect: Effect, after: int, use: int | None) -> list[SgNode]:
        """The conditionals a change is made under, innermost first: those that start after
        the binding (``after``) and do not hold the use. An append and a change at a key only
        run time knows have their own reading (a run-time value)."""
        if effect.op == "append" or COMPUTED in effect.keys:
            return []
        scope = self.scope(effect.node)
        out: list[SgNode] = []
        node = self.conditional(effect.node, scope)
        while node is not None and start(node) >= after:
            if use is not None and start(node) <= use < end(node):
                break
            out.append(node)
            node = self.conditional(node, scope)
        return out

    def seen_at(self, node: SgNode, scope: SgNode, use: int, value: Any) -> Any:
        if not self.reaches(node, use):
            return OMIT
        found = self.loop(node, start(scope))
        if found is not None and not start(found.node) <= use < end(found.node):
            return dynamic_marker(node.text())
        guards: list[SgNode] = []
        at = self.conditional(node, scope)
        while at is not None and not start(at) <= use < end(at):
            guards.append(at)
            at = self.conditional(at, scope)
        if not guards:
            return value
        kept = list(self.dynamic)
        box = self._guarded(
            {},
            ("v",),
            lambda region: value if inside(node, region) else MISSING,
            guards,
            path="",
            source=node.text(),
        )
        self.dynamic[:] = kept
        return box.get("v", dynamic_marker(node.text()))

    def _branch_sets(self, effects: list[Effect], index: int, node: SgNode) -> list[int]:
        """The sets of the same keys as ``effects[index]`` made directly in the branches of the
        conditional ``node`` (the one around it)."""
        first = effects[index]
        scope = self.scope(first.node)
        return [
            i
            for i, e in enumerate(effects)
            if i >= index
            and e.op == "set"
            and e.keys == first.keys
            and self.conditional(e.node, scope) == node
        ]

    def _set_choice(self, value: Any, sets: list[Effect], guards: list[SgNode], path: str) -> Any:
        def outcome(region: SgNode) -> Any:
            mine = [e for e in sets if inside(e.node, region)]
            where = join(path, key_path(sets[0].keys))
            return self.branch(mine[-1].value, where) if mine and mine[-1].value else MISSING

        source = sets[-1].target.text()
        return self._guarded(value, sets[0].keys, outcome, guards, path=path, source=source)

    def _guarded_change(
        self, value: Any, effect: Effect, guards: list[SgNode], after: int, path: str
    ) -> Any:
        """A change other than a set made under ``guards``: each key it sets (a merge's keys,
        a default's key) a choice; a delete a choice between nothing and the value from
        before; a merge of a value only run time knows stays a run-time value."""
        keys, op = effect.keys, effect.op
        where = join(path, key_path(keys)) if keys else path
        if op == "delete":
            if not keys:
                return value
            return self._guarded(
                value,
                keys,
                always(None),
                guards,
                path=path,
                source=effect.target.text(),
                drop=True,
            )
        if op == "default":
            container = _walk(value, keys[:-1], create=False)
            if keys and type(container) is dict and keys[-1] in container:
                return value  # set already: `||=` keeps it
            got = self.branch(effect.value, where) if effect.value is not None else MISSING
            source = self.keyed(effect.target, keys, "")
            return self._guarded(value, keys, always(got), guards, path=path, source=source)
        if op in ("merge", "under") and effect.value is not None:
            got = self.branch(effect.value, where)
            target = _walk(value, keys, create=False) if keys else value
            if type(got) is not dict or is_marker(got):
                merged = self.merged_when(effect.node, self.source_of(effect.value), guards)
                won = tuple(target) if op == "merge" and type(target) is dict else ()
                self.dynamic.append(Dynamic(where, merged, before=won))
                return value
            for key, item in got.items():
                if op == "under" and type(target) is dict and key in target:
                    continue
                source = self.keyed(effect.target, keys, key)
                value = self._guarded(
                    value, (*keys, key), always(item), guards, path=path, source=source
                )
            return value
        return self.change(value, effect, 0, path)

    def keyed(self, target: SgNode, keys: tuple[str, ...], key: str) -> str:
        """The text reading ``key`` of what ``target`` changes (``params[:locale]``,
        ``$params['locale']``); ``key`` "": ``target`` itself."""
        return target.text() if not key else f"{target.text()}[{key!r}]"

    def _guarded(
        self,
        value: Any,
        keys: tuple[str, ...],
        outcome: Callable[[SgNode], Any],
        guards: list[SgNode],
        *,
        path: str,
        source: str,
        drop: bool = False,
    ) -> Any:
        """``value`` with the key at ``keys`` set to a choice: in each branch of ``guards[0]``
        what ``outcome(region)`` gives (MISSING: the value from before), nested in the
        branches of the conditionals around it (``guards[1:]``) where the value from before
        holds in the others. A key not set before holds nil there (``drop``: a delete)."""
        where = join(path, key_path(keys))
        container = _walk(value, keys[:-1], create=not drop) if keys else None
        if type(container) is not dict or any(self.opaque(g) for g in guards):
            # under a choice, a run-time value or arms run on into others: run time says
            self.dynamic.append(Dynamic(where, source))
            return value
        before = container.get(keys[-1], MISSING)
        if drop and isinstance(before, _Missing):
            return value
        old = None if isinstance(before, _Missing) else before
        made: Any = MISSING
        inner: SgNode | None = None
        for node in guards:
            outcomes: list[tuple[str | None, Any]] = []
            for cond, region in self.arms(node):
                got: Any = MISSING
                if region is not None and region != node:
                    if inner is None:
                        got = outcome(region)
                    elif inside(inner, region):
                        got = made
                outcomes.append((cond, old if isinstance(got, _Missing) else got))
            made, inner = folded(outcomes), node
        if made is not old and is_marker(made) and CHOICE in made:  # as an expression where
            made = sourced(made, self.spelled(made, literals=True) or source)  # it can be
            self.dynamic[:] = [d for d in self.dynamic if not path_within(d.path, where)]  # was
            self.dynamic.append(Dynamic(where, made[DYNAMIC]))  # there; now one of its branches
        container[keys[-1]] = made
        return value

    def change(self, value: Any, effect: Effect, after: int, path: str) -> Any:
        """``value`` with one change made to it."""
        keys, op = effect.keys, effect.op
        if COMPUTED in keys:
            known = ".".join(keys[: keys.index(COMPUTED)])
            self.dynamic.append(Dynamic(join(path, known), self.source_of(effect.node)))
            return value
        where = join(path, key_path(keys)) if keys else path
        if op == "append":
            return appended_to(self, value, effect, after, path)
        if not keys and is_marker(value):  # a mapped list merged into: run time says
            self.dynamic.append(Dynamic(where, self.source_of(effect.target)))
            return value
        if keys and under_marker(value, keys[:-1] if op in ("set", "default", "delete") else keys):
            self.dynamic.append(Dynamic(where, self.source_of(effect.target)))  # run time says
            return value
        container = _walk(value, keys[:-1] if keys else (), create=op != "delete", lists=True)
        if op == "delete":  # made before the use, under no condition (see `guards`)
            if keys and type(container) is dict:
                container.pop(keys[-1], None)
            return value
        if op in ("merge", "under") and effect.value is not None:
            target = _walk(value, keys, create=True) if keys else value
            if type(target) is not dict:
                return value
            got = self.value(effect.value, where, record=False)
            if type(got) is dict and not is_marker(got):
                for k, v in got.items():
                    if op == "merge" or k not in target:
                        target[k] = v
            else:  # merge!: its keys win over those set before it; under: the reverse
                won = tuple(target) if op == "merge" else ()
                self.dynamic.append(Dynamic(where, self.source_of(effect.value), before=won))
            return value
        if keys and effect.value is not None:  # a list's index too (hashflow_values.put)
            made = lambda: self.value(effect.value, where)  # noqa: E731
            if not put(container, keys[-1], made, default=op == "default"):
                self.dynamic.append(Dynamic(where, self.source_of(effect.node)))
        return value

    def key_value(self, node: SgNode) -> str | None:
        """A key written as a constant or a name bound to a literal (``USER_ID``), read; None
        when only run time knows it."""
        got = self.branch(node, "")
        return str(got) if type(got) in (str, int) else None

    # -- source text ---------------------------------------------------------------------

    def written(self, node: SgNode) -> str:
        """The text of a list being built (``$line_items``), which names it where the Stripe
        call is; a helper's local cannot be named there, so that helper is not followed
        (its call is the value)."""
        if self.frames and inside(node, self.frames[-1].function):
            self.frames[-1].unwritable = True
        return node.text()

    def source_of(self, node: SgNode, *, strict: bool = True) -> str:
        """``node``'s text as the caller would write it: inside a helper, its parameters are
        replaced by the caller's arguments and its locals by what they hold (a local set in
        branches by the choice as a ternary). When a local cannot be written so (a list built
        over statements) the helper is not followed (``strict``, the text carried as code) or
        the local's name is kept (the text of a ``$choice`` / ``$each``, whose parts carry)."""
        in_frame = bool(self.frames) and inside(node, self.frames[-1].function)
        loop = self.loops[-1] if self.loops and inside(node, self.loops[-1].loop.node) else None
        if not in_frame and loop is None:
            return node.text()
        base, text = start(node), node.text()
        edits: list[tuple[int, int, str]] = []
        for ref in self.references(node):
            replacement = self._loop_local(ref, loop) if loop is not None else None
            if replacement is None and in_frame:
                replacement = self._replacement(ref, strict=strict)
            if replacement is not None and replacement != ref.text():
                edits.append((start(ref) - base, end(ref) - base, replacement))
        if self.family == "php":  # a hole of "$total$two0" holds a name, not code
            edits = concatenated(node, edits)
        for begin, finish, replacement in sorted(edits, reverse=True):
            text = text[:begin] + replacement + text[finish:]
        return text

    def _replacement(self, ref: SgNode, *, strict: bool) -> str | None:
        if self.depth >= MAX_DEPTH:
            return None
        frame = self.frames[-1]
        found = self.binding(ref)
        if found is not None:
            value_node, scope, after = found
            if not inside(scope, frame.function):
                return None
            self.depth += 1
            try:
                got = self.speculate(lambda: self.resolve(ref, ""))
                if got is not None and is_marker(got[0]) and CHOICE in got[0]:
                    written = self.spelled(got[0])
                elif got is not None and type(got[0]) in (dict, list) and not is_marker(got[0]):
                    written = None  # a hash or array built here: not an expression
                else:
                    written = self.source_of(value_node, strict=strict)
                    if self.effects(scope, ref.text(), after, start(ref)):
                        written = None  # changed after it was bound
            finally:
                self.depth -= 1
            if written is None and strict:
                frame.unwritable = True
            return wrapped(written) if written is not None else None
        arg = self.frame_arg(ref)
        if isinstance(arg, _Missing) and ref.text() in written_names(
            frame.function, self.name_kinds
        ):
            return self._unseen(ref.text(), frame.function)  # destructured, a loop's
        if isinstance(arg, _Missing) or arg is None:
            return None
        given = arg
        if inside(given, frame.function):  # the parameter's default value
            fallback = self.defaulted(self.scope(ref), ref.text(), start(ref))
            if fallback is not None and given.text() in ("nil", "null", "None"):
                given = fallback[1]  # nil, then `name ||= value`: the value
            return wrapped(self.source_of(given, strict=strict))
        return wrapped(self.outer(lambda: self.source_of(given, strict=strict)))

    def _loop_local(self, ref: SgNode, frame: LoopFrame) -> str | None:
        """``ref`` written as what it holds when the loop's body binds it (the map the
        suggestion writes cannot see it; PHP's arrow function would see the last row's); None
        when it is the loop's element or bound before the loop. A name the loop binds in a way
        not read here (a key, a block's other parameter, destructuring) makes the loop
        unwritable."""
        loop = frame.loop
        text = ref.text()
        if text in loop.var.split(", ") or self.depth >= MAX_DEPTH:  # |key, value|: both
            return None
        found = self.binding(ref)
        if found is None:
            if loop_bound(self, ref, loop.node):
                frame.unwritable = True  # a key, a block's other parameter, destructuring
            return None
        value_node, scope, after = found
        if not inside(value_node, loop.node) or inside(value_node, loop.over):
            return None
        self.depth += 1
        try:
            got = self.speculate(lambda: self.resolve(ref, ""))
            if got is not None and is_marker(got[0]) and CHOICE in got[0]:
                written = self.spelled(got[0])
            elif got is not None and type(got[0]) in (dict, list) and not is_marker(got[0]):
                written = None  # a hash or array built in the loop: not an expression
            else:
                written = self.source_of(value_node)
                if self.effects(scope, text, after, start(ref)):
                    written = None  # changed after it was bound
        finally:
            self.depth -= 1
        if written is None:
            frame.unwritable = True
            return None
        return wrapped(written)

    def _unseen(self, name: str, function: SgNode) -> str:
        """A helper's local the caller cannot see and whose value is not read (bound by
        destructuring, in a loop): a name defined nowhere, noted in ``hidden``."""
        helper = function.field("name")
        self.hidden.append((name, f"the helper {helper.text() if helper else '(anonymous)'}"))
        return todo_name(name)

    def spelled(self, value: Any, *, literals: bool = False) -> str | None:
        """``value`` as an expression (a choice as a ternary, which Ruby and PHP share); None
        for a list built by mapping, and for a hash or an array unless ``literals``."""
        return spelled(value, self.null, self.hash_text if literals else None)

    def hash_text(self, entries: list[tuple[str, str]]) -> str:
        """A hash (an associative array) of these keys and values, as the language writes it."""
        return "{" + ", ".join(f"{k!r} => {v}" for k, v in entries) + "}"


def _callback(item: SgNode, over: SgNode) -> SgNode:
    """The callback (a block, a closure argument) whose result ``item`` is: its outermost
    ancestor that does not hold the collection ``over`` it maps."""
    found = item
    for ancestor in item.ancestors():
        if inside(over, ancestor):
            break
        found = ancestor
    return found

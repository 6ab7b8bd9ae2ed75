"""Following a value through the statements of a function: branches, loops and helpers.

A statement that binds a name, or changes a params object, under an ``if`` or a loop that does not
also hold the use is not a plain assignment. Under an ``if`` its effect is a *choice*: the new
value when the condition holds, the one before (or none) otherwise, never one branch picked
silently; a ``switch`` arm (a ``when`` entry, a C# section) is read as the ``if``/``else if``
chain it stands for (``migrate/scan/cases.py``). Under a loop over a collection, what it appends
to a list is an *each*: one element per item of the collection. Both are the markers of the
issue 14 contract::

    {"$dynamic": "<whole source>", "$choice": {"if": cond, "then": value, "else": value}}
    {"$dynamic": "<whole source>", "$each": {"over": iterable, "as": name, "item": value}}

where each value is a literal, a marker or ``None`` (not set). A *helper* is a function or method
of the same file that returns the params (or a part of them): its return value is read with its
parameters standing for the caller's arguments, and a run-time value inside it is written back in
the caller's terms (``price`` becomes ``order.getPriceId()``); a helper's local whose value is not
read (``var (ok, cancel) = Urls(p)``, a loop's variable outside its each) is ``TODO_<local>``, a
name defined nowhere, noted in ``hidden`` (the call's ``X021``), as is a block's the call is after.

:class:`FlowExtractor` is an :class:`~migrate.scan.extract.Extractor` for the languages that read
this way: a language says which of its nodes are branches and loops (``control``) and where its
helpers are; the rest is shared. Other languages keep the plain last-binding rule."""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, TypeVar

from ast_grep_py import SgNode

from migrate.scan.block_locals import scoped_text
from migrate.scan.branch_merges import merged_under
from migrate.scan.cases import READERS, chain
from migrate.scan.copied_loops import spliced
from migrate.scan.extract import (
    DYNAMIC,
    MAX_DEPTH,
    OMIT,
    STRIPE_REQUEST,
    Binding,
    Dynamic,
    Extracted,
    Extractor,
    dynamic_marker,
    is_dynamic,
    start,
)
from migrate.scan.flow_settle import settle
from migrate.scan.helper_returns import names_in
from migrate.scan.loop_appends import appended, exclusive_eaches
from migrate.scan.loop_carried import counted, reads_loop_field
from migrate.scan.loop_filters import skipping, unmapped_loop
from migrate.scan.null_guard import null_guarded
from migrate.scan.patterns import CallPattern
from migrate.scan.reach import only_way
from migrate.scan.wrapper_locals import in_each, loop_bound, todo_name, written_names

CHOICE: Final = "$choice"
_T = TypeVar("_T")
EACH: Final = "$each"
ABSENT: Final[Any] = object()
"""A value not set at all (before a branch sets it): ``None`` in a choice."""
MAX_FRAMES: Final = 4
"""How many helper calls deep a value is followed."""


class Plain:
    """Returned where the plain rule holds (no branch or helper parameter is involved)."""


PLAIN: Final = Plain()


def choice_marker(source: str, cond: str, then: Any, else_: Any) -> dict[str, Any]:
    """A value chosen at run time between two (a ternary, an if/else): each a literal, a marker
    or ``None`` (not set)."""
    return {DYNAMIC: source, CHOICE: {"if": cond, "then": _none(then), "else": _none(else_)}}


def each_marker(source: str, over: str, var: str, item: Any) -> dict[str, Any]:
    """A list with one ``item`` per element ``var`` of the collection ``over``."""
    return {DYNAMIC: source, EACH: {"over": over, "as": var, "item": in_each(item, var)}}


def is_choice(value: Any) -> bool:
    return is_dynamic(value) and CHOICE in value


def is_each(value: Any) -> bool:
    return is_dynamic(value) and EACH in value


def informative(value: Any) -> bool:
    """Whether ``value`` holds something known from the code: a literal in it, or nothing on a
    choice's side (``var id *string`` set under an ``if``: the Dodo call leaves it out there)."""
    if value is None or value is ABSENT:
        return False
    if is_choice(value):
        sides = (value[CHOICE]["then"], value[CHOICE]["else"])
        return None in sides or any(map(informative, sides))
    return is_each(value) or not is_dynamic(value)


def _none(value: Any) -> Any:
    """``None`` for a value not set (``ABSENT``, or a language's left-out null)."""
    return None if value is ABSENT or value is OMIT else value


@dataclass(frozen=True, slots=True)
class Branch:
    """A statement runs only when ``cond`` holds (``then``) or does not (the ``else``)."""

    node: SgNode
    cond: str
    then: bool = True


@dataclass(frozen=True, slots=True)
class Loop:
    """A statement runs once per element ``var`` of ``over`` (None: not a collection loop)."""

    node: SgNode
    over: str | None
    var: str = ""
    body: SgNode | None = None
    """The loop's child the statement is in (set by ``controls``)."""


Control = Branch | Loop


@dataclass(slots=True)
class LoopScope:
    """A loop whose appended element is being read: names its body binds are out of reach of
    the map the suggestion writes, so they are written as what they hold; ``unwritable`` when
    one cannot be (then the list is a run-time value)."""

    loop: Loop
    unwritable: bool = False


def _recomputed(value: SgNode, name: str, controls: list[Control]) -> bool:
    """Whether a binding under branches only (no loop) makes ``name`` from itself
    (``amount = amount * 100``), not by appending to it (``xs = append(xs, x)``)."""
    written = value.text().lstrip()
    if written.startswith("append(") or not all(isinstance(c, Branch) for c in controls):
        return False
    return _mentions(written, name)


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", text) is not None


Render = Callable[[str, Any, Any], str]
"""A language's text for a choice a statement under a branch makes, from its condition and
its two values (Java's ``trial ? 14 : null``): what a finding quotes, not the whole ``if``."""


def conditioned(
    before: Any, after: Any, branches: list[Branch], source: str, render: Render | None = None
) -> Any:
    """``after`` where every branch holds (outermost first), ``before`` elsewhere; a choice a
    previous statement made on the same condition is extended, not nested (``if (x) a else b``
    written as two statements). ``render`` writes each choice's source (else ``source``)."""
    if not branches:
        return after
    first, rest = branches[0], branches[1:]
    if is_choice(before) and before[CHOICE]["if"] == first.cond:
        then, else_ = before[CHOICE]["then"], before[CHOICE]["else"]
        source = str(before[DYNAMIC])
    else:
        then = else_ = before
    if first.then:
        guarded = null_guarded(first.cond)
        if (
            not rest
            and guarded is not None
            and before in (ABSENT, None)
            and is_dynamic(after)
            and not (is_choice(after) or is_each(after))
            and after[DYNAMIC] == guarded
        ):
            return after  # if (x != null) b.setX(x): the same as b.setX(x)
        then = conditioned(then, after, rest, _source(rest, source), render)
    else:
        else_ = conditioned(else_, after, rest, _source(rest, source), render)
    if _none(then) == _none(else_):
        return then  # the same either way: no choice
    if render is not None:
        source = render(first.cond, _none(then), _none(else_))
    return choice_marker(source, first.cond, then, else_)


def _source(branches: list[Branch], default: str) -> str:
    return branches[0].node.text() if branches else default


def wrapped(element: Any, controls: list[Control], render: Render | None = None) -> Any:
    """A list element added under ``controls`` (outermost first): one per element of each
    loop's collection, only where each branch holds."""
    value = element
    for control in reversed(controls):
        if isinstance(control, Loop):
            if control.over is None:
                value = dynamic_marker(control.node.text())
            else:
                value = each_marker(control.node.text(), control.over, control.var, value)
            continue
        then, else_ = (value, None) if control.then else (None, value)
        text = render(control.cond, then, else_) if render else control.node.text()
        value = choice_marker(text, control.cond, then, else_)
    return value


def combine(
    before: Any,
    after: Any,
    controls: list[Control],
    source: str = "",
    render: Render | None = None,
) -> Any:
    """What a statement made under ``controls`` leaves, given the value ``before`` it and the
    value ``after`` it as if it ran once unconditionally: keys set become choices, elements
    appended become choices or eaches, a value replaced becomes a choice (``ABSENT`` when
    nothing is set either way). ``render`` writes the choices' sources (else the statement)."""
    if not controls:
        return after
    if before is ABSENT and type(after) in (dict, list) and not is_dynamic(after):
        before = type(after)()
    if is_each(before) and type(after) is list and after[:1] == [before]:
        before = [before]  # items added to an each: the each, then them
    if (
        type(before) is dict
        and type(after) is dict
        and not is_dynamic(before)
        and not is_dynamic(after)
    ):
        out: dict[str, Any] = {}
        for key, value in after.items():
            old = before.get(key, ABSENT)
            out[key] = value if old == value else combine(old, value, controls, source, render)
        for key, value in before.items():
            if key not in after:  # setX(null) under a branch
                kept = combine(value, ABSENT, controls, source, render)
                if kept is not ABSENT:
                    out[key] = kept
        return out
    if type(before) is list and type(after) is list and after[: len(before)] == before:
        added = [wrapped(e, controls, render) for e in after[len(before) :]]
        return exclusive_eaches([*before, *added], render) if before else added
    if before == after:
        return after
    branches = [c for c in controls if isinstance(c, Branch)]
    if not branches:
        return after  # set in a loop: the last element's value, known at run time
    return conditioned(before, after, branches, source or branches[0].node.text(), render)


_AWAITED: Final = re.compile(rf"\bawait\b|{STRIPE_REQUEST}")
"""A helper's local that awaits a call (C#'s ``await``, Kotlin's ``.await()``) or calls Stripe:
not written into the Dodo call, where the call would run again (as Python's and TypeScript's
follower leave it)."""
_PRIMARY: Final = re.compile(r"^[\w$.]+(\(.*\))?(\.[\w$]+(\(.*\))?)*$|^\"[^\"]*\"$", re.DOTALL)


@dataclass
class Frame:
    """A helper being read: its declaration and the caller's argument for each parameter."""

    decl: SgNode
    args: dict[str, SgNode]


@dataclass
class FlowState:
    frames: list[Frame] = field(default_factory=list)
    loops: list[LoopScope] = field(default_factory=list)


class FlowExtractor(Extractor):
    """Follows branches, loops and helpers (see the module docstring): ``resolve`` folds the
    bindings a branch or loop reaches, ``under`` applies a params change made under them."""

    effect_statements: ClassVar[frozenset[str]] = frozenset()
    """Statement kinds that drop an awaited call's result (C#'s ``await db.SaveAsync();``): a
    helper holding one does more than compute what it returns, and is not followed (its call
    stays as written), as Python's and TypeScript's follower leave it."""

    def call(self, call: SgNode, pattern: CallPattern) -> Extracted:
        self.call_node = call  # what the Dodo call writes must be in scope there
        params = self.params(call, pattern)
        return Extracted(params, tuple(settle(params, self.dynamic)), tuple(self.options))

    # -- what a language says ------------------------------------------------------------

    def control(self, ancestor: SgNode, child: SgNode) -> Control | None:
        """The branch or loop ``ancestor`` puts ``child`` (one of its children) under."""
        return None

    def helpers(self, node: SgNode) -> dict[str, list[SgNode]]:
        """The functions and methods of ``node``'s file that may be helpers, by name."""
        return {}

    def helper_parameters(self, decl: SgNode) -> list[str]:
        return []

    def returned(self, decl: SgNode) -> SgNode | None:
        """The expression a helper returns (its last ``return``, or an expression body)."""
        return None

    def is_member_name(self, node: SgNode) -> bool:
        """Whether an identifier node is the member part of ``a.b`` (not a variable)."""
        return False

    def choice_text(self) -> Render | None:
        """How the language writes the source of a choice a statement under a branch makes
        (None: the statement as written)."""
        return None

    # -- state ---------------------------------------------------------------------------

    @property
    def flow(self) -> FlowState:
        state: FlowState | None = getattr(self, "_flow", None)
        if state is None:
            state = FlowState()
            self._flow = state
        return state

    # -- controls ------------------------------------------------------------------------

    def controls(self, node: SgNode, use: int, scope: SgNode) -> list[Control]:
        """The branches and loops ``node`` is under (outermost first) that do not hold the
        offset ``use``, up to ``scope``."""
        out: list[Control] = []
        child = node
        for ancestor in node.ancestors():
            if ancestor == scope:
                break
            rng = ancestor.range()
            if not rng.start.index <= use < rng.end.index:
                arms = self.arm_controls(ancestor, child)
                if arms is not None:  # a switch arm: the if/else-if chain it stands for
                    out.extend(reversed(arms))
                    child = ancestor
                    continue
                found = self.control(ancestor, child)
                if isinstance(found, Loop):  # less the elements it skips or its ifs leave out
                    found, out = skipping(dataclasses.replace(found, body=child), node, self, out)
                elif self.paths is not None and only_way(self.paths, ancestor, child):
                    found = None  # every other branch returned: this one ran
                if found is not None:
                    out.append(found)
            child = ancestor
        return out[::-1]

    def seen_at(self, node: SgNode, scope: SgNode, use: int, value: Any) -> Any:
        if not self.reaches(node, use):
            return OMIT
        controls = self.controls(node, use, scope)
        if any(isinstance(c, Loop) for c in controls):
            return dynamic_marker(node.text())
        branches = [c for c in controls if isinstance(c, Branch)]
        return conditioned(ABSENT, value, branches, node.text(), self.choice_text())

    def arm_controls(self, container: SgNode, arm: SgNode) -> list[Control] | None:
        """The branches a ``switch`` arm (``arm``, a child of ``container``) stands for, outermost
        first (``migrate/scan/cases.py``); None when ``arm`` is no arm."""
        read = READERS.get(self.family)
        if self.paths is None or read is None or arm.kind() not in self.paths.cases:
            return None
        links = chain(self.paths, container, arm, read, self.text_of)
        return [Branch(node, cond, holds) for node, cond, holds in links]

    def under(
        self,
        value: Any,
        node: SgNode,
        use: int,
        scope: SgNode,
        *,
        apply: Callable[[], None],
        path: str = "",
    ) -> None:
        """Run ``apply()`` (which changes ``value``, the params at ``path``, in place as if
        ``node`` ran once) and make its effect what ``node``'s branches and loops make it; the
        choices and eaches it makes are listed in ``dynamic`` where they are made. A change on
        no path to ``use`` (another branch, a block that returned before) is not made."""
        if not self.reaches(node, use):
            return
        controls = self.controls(node, use, scope)
        branches = [(c.cond, c.then) for c in controls if isinstance(c, Branch)]
        apply = merged_under(apply, self.dynamic, branches, self.choice_text())
        if not controls or type(value) not in (dict, list):
            apply()
            return
        before = copy.deepcopy(value)
        _, controls = self.in_loop(controls, apply)
        combined = combine(before, value, controls, "", self.choice_text())
        if len(controls) == 1 and isinstance(controls[0], Loop):  # b.addLineItem(line) per line
            combined = spliced(combined, controls[0], path, self.name_kinds, self.part)
        if type(value) is dict:
            value.clear()
            value.update(combined)
        else:
            value[:] = combined
        old = dict(_markers(before, path))
        for where, source in _markers(combined, path):
            if old.get(where) != source:
                self.dynamic.append(Dynamic(where, source))

    def in_loop(self, controls: list[Control], read: Callable[[], _T]) -> tuple[_T, list[Control]]:
        """``read()`` (a statement's effect under ``controls``) with the innermost collection
        loop's body locals written as what they hold, and the controls to combine it with:
        that loop without its collection when a local cannot be written so (the list is then
        known only at run time)."""
        loops = [c for c in controls if isinstance(c, Loop) and c.over is not None]
        if not loops:
            return read(), controls
        scope = LoopScope(loops[-1])
        self.flow.loops.append(scope)
        mark = len(self.dynamic)
        try:
            got = read()
        finally:
            self.flow.loops.pop()
        if scope.unwritable or reads_loop_field(scope.loop.node, self.dynamic[mark:]):
            del self.dynamic[mark:]  # the element's values are not the list's: it is one value
            controls = [Loop(c.node, None) if c is scope.loop else c for c in controls]
        return got, controls

    # -- names ---------------------------------------------------------------------------

    def resolve(self, name: SgNode, path: str) -> tuple[Any] | None:
        if counted(self.flow.loops, name.text()):  # a counter: another value each turn
            return None
        got = self.argument(name, path)
        if isinstance(got, Plain):
            got = self.folded(name, path)
        if isinstance(got, Plain):
            got = super().resolve(name, path)
        rows = got[0] if got and not self.flow.frames and type(got[0]) is list else []
        return None if any(map(unmapped_loop, rows)) else got  # a loop over no collection

    def folded(self, name: SgNode, path: str) -> tuple[Any] | Plain | None:
        """The value of ``name`` at its use when a binding under a branch or loop reaches it:
        ``(value,)``, None when only run time tells, ``PLAIN`` when no such binding does (the
        plain last binding holds)."""
        scope = self.scope(name)
        use = start(name)
        text = name.text()
        bindings: list[Binding] = [
            b for b in self.bindings(scope, text) if b[2] <= use and self.reaches(b[1], use)
        ]
        if not bindings:
            return PLAIN
        bindings.sort(key=lambda b: b[0])
        base: Binding | None = None
        tail: list[tuple[Binding, list[Control]]] = []  # the bindings under controls, last first
        for binding in reversed(bindings):  # back to the last plain one, no further
            under = self.controls(binding[1], use, scope)
            if not under:
                base = binding
                break
            tail.append((binding, under))
        if not tail:
            return PLAIN
        if any(_mentions(c.cond, text) for _, cs in tail for c in cs if isinstance(c, Branch)):
            return None  # if (x == "") x = "default": the value is the name's, at run time
        if any(_recomputed(b[1], text, cs) for b, cs in tail):
            return None  # if !cents { amount = amount * 100 }: written at the call, it would
            # read the value it made (100x the amount); the name holds it there
        if any(isinstance(c, Loop) and c.over is None for _, cs in tail for c in cs):
            return None  # bound in a loop over no collection (an index, a break): at run time
        if self.depth >= MAX_DEPTH:
            return None
        self.depth += 1
        try:
            current = self._bound(base, path) if base is not None else ABSENT
            if base is None and scope.kind() in self.functions and self.is_parameter(scope, text):
                current = dynamic_marker(text)  # a parameter set in one branch: the caller's
                # argument on the other, never nothing
            for binding, controls in reversed(tail):
                got, under = self.in_loop(controls, functools.partial(self._bound, binding, path))
                added = appended(current, got, self.append_count(binding[1], text))
                if added is not None and any(isinstance(c, Loop) and c.over for c in under):
                    render = self.choice_text()
                    current = exclusive_eaches(
                        [*current, *(wrapped(e, under, render) for e in added)], render
                    )
                    continue  # xs = append(xs, x) in a loop's branch: to the list as it stands
                current = combine(current, got, under, text)
        finally:
            self.depth -= 1
        if current is ABSENT or not informative(current):
            return None
        if is_dynamic(current) and not (is_choice(current) or is_each(current)):
            return None
        if is_choice(current):
            current = {**current, DYNAMIC: self.text_of(name)}
        else:  # params bound in both branches, key by key: with the changes made after them
            self.update(current, scope, text, (bindings[-1][2], use), path)
        return (current,)

    def _bound(self, binding: Binding, path: str) -> Any:
        node = self.unwrap(binding[1])
        got = self.literal_of(node, path)
        if got is None and self.is_type(node):
            return ABSENT  # var price string: nothing set yet
        return got[0] if got is not None else dynamic_marker(self.text_of(binding[1]))

    def is_type(self, node: SgNode) -> bool:
        """Whether a binding's value node is a type (Go's ``var x T``): no value yet."""
        return False

    def append_count(self, value: SgNode, name: str) -> int | None:
        """How many elements a binding's value appends to ``name`` itself (Go's ``xs =
        append(xs, a, b)``: 2); None when it is no such append."""
        return None

    # -- helpers -------------------------------------------------------------------------

    def helper(
        self,
        call: SgNode,
        name: str,
        args: list[SgNode],
        path: str,
        named: dict[str, SgNode] | None = None,
    ) -> tuple[Any] | None:
        """The value a helper of the same file returns, called as ``name(args)`` (and
        ``named`` arguments, Kotlin's ``f(price = x)``)."""
        frames = self.flow.frames
        if len(frames) >= MAX_FRAMES:
            return None
        named = named or {}
        for decl in self.helpers(call).get(name, []):
            params = self.helper_parameters(decl)
            if any(f.decl == decl for f in frames):
                continue
            given = dict(zip(params, args, strict=False))
            given.update({k: v for k, v in named.items() if k in params})
            defaults = self.helper_defaults(decl)
            if len(args) > len(params) or set(params) - set(given) - set(defaults):
                continue
            body = self.returned(decl)
            if body is None or self._acts(decl):
                return None
            frames.append(Frame(decl, {**defaults, **given}))
            marks = len(self.dynamic), len(self.hidden)
            try:
                got = self.literal_of(self.unwrap(body), path)
                if got is not None and is_dynamic(got[0]) and self._unwritten_in(body, decl):
                    del self.dynamic[marks[0] :], self.hidden[marks[1] :]
                    return None  # its text names what the caller cannot write: the call's own
                return got
            finally:
                frames.pop()
        return None

    def unwritten(self, value: SgNode) -> bool:
        """Whether a local bound to ``value`` has no value to write in its place (Go:
        ``var x T``, set later through ``&x``; ``x, err := f()``, one of several results)."""
        return False

    def _unwritten_in(self, node: SgNode, decl: SgNode) -> bool:
        found = [self.binding(n) for n in names_in(node, self.name_kinds) if self._local(n, decl)]
        return any(f is not None and self.unwritten(f[0]) for f in found)

    def _acts(self, decl: SgNode) -> bool:
        """Whether a statement of ``decl``'s own drops what it awaits (``effect_statements``)."""
        for kind in self.effect_statements:
            for stmt in decl.find_all(kind=kind):
                first = stmt.named_children()[:1]
                if first and first[0].kind() == "assignment_expression":
                    continue  # a local bound to the result keeps it
                if self.scope(stmt) == decl and _AWAITED.search(stmt.text()):
                    return True
        return False

    def helper_defaults(self, decl: SgNode) -> dict[str, SgNode]:
        """The parameters of a helper that have a default value (Kotlin), and that value."""
        return {}

    def argument(self, name: SgNode, path: str) -> tuple[Any] | Plain | None:
        """A helper parameter's value: the caller's argument, read where the caller is
        (``PLAIN`` when ``name`` is not a parameter of the helper being read)."""
        frames = self.flow.frames
        if not frames or self.is_member_name(name):
            return PLAIN
        frame = frames[-1]
        arg = frame.args.get(name.text())
        if arg is None or not _within(name, frame.decl) or self._local(name, frame.decl):
            return PLAIN
        frames.pop()
        try:
            return self.literal_of(self.unwrap(arg), path)
        finally:
            frames.append(frame)

    def _local(self, name: SgNode, decl: SgNode) -> bool:
        """Whether ``name`` is bound in ``decl`` before its use (shadowing the parameter)."""
        scope = self.scope(name)
        return any(
            b[2] <= start(name) and _within(b[1], decl) for b in self.bindings(scope, name.text())
        )

    def text_of(self, node: SgNode) -> str:
        """``node``'s source as the code the params are read for would write it: a helper's
        parameters as the caller's arguments, a block's local as its value (``block_locals``)."""
        return scoped_text(self, node, self._outside(node, len(self.flow.frames)))

    def _outside(self, node: SgNode, depth: int, inlined: int = 0) -> str:
        """``node``'s text with the parameters of the helpers (``frames[:depth]``) it is in
        replaced by the caller's arguments, and the helper's own locals by their values."""
        frames = self.flow.frames[:depth]
        index = next(
            (i for i in range(len(frames) - 1, -1, -1) if _within(node, frames[i].decl)), None
        )
        loops = self.flow.loops
        loop = loops[-1] if loops and _in_body(node, loops[-1].loop) else None
        if index is None and loop is None:
            return node.text()
        base = start(node)
        text = node.text()
        edits: dict[tuple[int, int], str] = {}
        for ident in names_in(node, self.name_kinds):
            if self.is_member_name(ident):
                continue
            rng = ident.range()
            where = (rng.start.index - base, rng.end.index - base)
            in_loop = self._loop_local(ident, node, loop, depth, inlined) if loop else None
            if in_loop is not None:
                whole = _PRIMARY.match(in_loop) or where == (0, len(text))
                edits[where] = in_loop if whole else f"({in_loop})"
                continue
            if index is None:
                continue
            frame = frames[index]
            arg = frame.args.get(ident.text())
            if self._local(ident, frame.decl):
                found = self.binding(ident) if inlined < MAX_DEPTH else None
                if found is None or not _within(found[0], frame.decl) or self.unwritten(found[0]):
                    inner = self._unseen(ident.text(), frame.decl)
                else:  # a helper's local
                    write = functools.partial(self._outside, depth=depth, inlined=inlined + 1)
                    inner = self.local_text(found[0], ident, write) or self._unseen(
                        ident.text(), frame.decl
                    )
                    if _AWAITED.search(inner):  # written at the call, it would run again
                        inner = self._unseen(ident.text(), frame.decl)
            elif arg is not None:
                inner = self._outside(arg, index)
            elif ident.text() in written_names(frame.decl, self.name_kinds):
                inner = self._unseen(ident.text(), frame.decl)  # destructured, a loop's
            else:
                continue
            edits[where] = (
                inner if _PRIMARY.match(inner) or where == (0, len(text)) else f"({inner})"
            )
        for (begin, end), inner in sorted(edits.items(), reverse=True):
            text = text[:begin] + inner + text[end:]
        return text

    def _loop_local(
        self, ident: SgNode, within: SgNode, scope: LoopScope, depth: int, inlined: int
    ) -> str | None:
        """``ident`` (in ``within``) written as what it holds when the loop's body binds it;
        None when it is the loop's element, bound before the loop or in ``within`` itself
        (``out var n``). A name the loop binds in a way not read here (an index,
        destructuring) makes the loop ``unwritable``."""
        loop = scope.loop
        text = ident.text()
        if text in loop.var.split(", ") or inlined >= MAX_DEPTH:  # Go's "i, row" too
            return None
        found = self.binding(ident)
        if found is None:
            if loop_bound(self, ident, loop.node) and text not in written_names(
                within, self.name_kinds
            ):
                scope.unwritable = True  # an index, a destructured part: the loop's own
            return None
        value_node, where, after = found
        if not _in_body(value_node, loop):
            if _within(value_node, loop.node):  # bound by the loop's own header
                scope.unwritable = True
            return None
        if self.effects_after(where, text, after, start(ident)):
            scope.unwritable = True  # changed after it was bound
            return None
        written = self.local_text(value_node, ident, lambda n: self._outside(n, depth, inlined + 1))
        scope.unwritable = scope.unwritable or written is None
        return written

    def local_text(
        self, value: SgNode, ident: SgNode, write: Callable[[SgNode], str]
    ) -> str | None:
        """A local bound to ``value`` written (``write``) as what it holds at ``ident``; None
        when no one expression does (Go: one a call fills through ``&x``, ``go_fills``)."""
        return write(value)

    def effects_after(self, scope: SgNode, name: str, after: int, before: int) -> bool:
        """Whether ``name`` is bound again in ``scope`` between two offsets."""
        return any(after < b[0] < before for b in self.bindings(scope, name))

    def _unseen(self, name: str, decl: SgNode) -> str:
        """A helper's local the caller cannot see and whose value is not read (bound by
        destructuring, in a loop): a name defined nowhere, noted in ``hidden``."""
        helper = decl.field("name")
        self.hidden.append((name, f"the helper {helper.text() if helper else '(anonymous)'}"))
        return todo_name(name)

    def quietly(self, read: Callable[[], Any]) -> Any:
        """``read()`` without listing the run-time values it meets: the parts of a choice or
        an each, listed once as the whole."""
        mark = len(self.dynamic)
        try:
            return read()
        finally:
            del self.dynamic[mark:]

    def part(self, node: SgNode, path: str) -> Any:
        """The value of a part of a choice or an each (a branch, the element template)."""
        return self.quietly(lambda: self.value(node, path, record=False))

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any:
        got = super().value(node, path, record=record)
        if record and (is_choice(got) or is_each(got)):
            self.dynamic.append(Dynamic(path, str(got[DYNAMIC])))  # where it is read
        if is_dynamic(got) and len(got) == 1 and got[DYNAMIC] == node.text():
            outside = self.text_of(node)
            if outside != got[DYNAMIC]:
                if record and self.dynamic and self.dynamic[-1].source == got[DYNAMIC]:
                    self.dynamic[-1] = Dynamic(self.dynamic[-1].path, outside)
                got = dynamic_marker(outside)
        return got


def _markers(value: Any, path: str) -> list[tuple[str, str]]:
    """``(path, source)`` of each choice and each in ``value`` (not inside one another)."""
    if is_choice(value) or is_each(value):
        return [(path, str(value[DYNAMIC]))]
    if type(value) is dict and not is_dynamic(value):
        return [m for k, v in value.items() for m in _markers(v, f"{path}.{k}" if path else str(k))]
    if type(value) is list:
        return [m for i, v in enumerate(value) for m in _markers(v, f"{path}[{i}]")]
    return []


def _in_body(node: SgNode, loop: Loop) -> bool:
    return loop.body is not None and _within(node, loop.body)


def _within(node: SgNode, outer: SgNode) -> bool:
    rng, out = node.range(), outer.range()
    return out.start.index <= rng.start.index and rng.end.index <= out.end.index

"""What a name holds after a conditional, for the followers of hashes and arrays (Ruby, PHP:
``migrate/scan/hashflow.py``, whose ``Flow`` extends ``Branches``).

A binding in a branch of an ``if``/``elsif``/``else`` or a ``case``/``switch`` arm that does not
hold the use is a *choice* between what each branch leaves in the name: its last binding there
with the changes made to it after that binding in the same branch (``$opts = [...];
$opts['subscription_data']['trial_period_days'] = $trial;`` in the ``else`` is the ``else``'s
value, never the other branches'), or, in a branch that does not bind it, the value from before
with that branch's changes. A conditional whose branches do not each run under one condition (a
PHP ``case`` with statements that runs on into the next) leaves a value known at run time, as
does a binding in an exception handler (a ``catch``, a ``rescue``), which runs only on a throw.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, TypeVar

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, MAX_DEPTH, start
from migrate.scan.hashflow_frames import Frames
from migrate.scan.hashflow_values import (
    CHOICE,
    MISSING,
    Effect,
    Frame,
    _Missing,
    end,
    fold,
    inside,
    is_marker,
)
from migrate.scan.reach import leaves
from migrate.scan.wrapper_locals import IMPURE

_T = TypeVar("_T")

HANDLERS: Final = frozenset({"catch_clause", "rescue"})
"""Exception handlers (PHP's ``catch``, Ruby's ``rescue``): their body runs only when what they
guard throws, so a name bound there holds, after them, a value known only at run time (a
binding read as always made in the branch around it dropped the value from before)."""


@dataclass
class Branches(Frames):
    """Reads what a name holds after the conditionals it is bound in (see the module doc);
    ``apply`` (the changes made to a value) is the subclass's."""

    conditionals: ClassVar[frozenset[str]] = frozenset()
    """Statement kinds whose branches run conditionally (``if``, ``case``, ``switch``)."""

    frames: list[Frame] = field(default_factory=list)
    speculating: int = 0
    """How many speculative reads (a branch, a list item) are under way."""

    # -- hooks ---------------------------------------------------------------------------

    def branches(self, node: SgNode) -> list[tuple[str | None, SgNode | None]]:
        """The branches of a conditional: ``(condition source, region)`` each, None for the
        ``else``; the condition as code in the file's language."""
        return []

    def effects(self, scope: SgNode, name: str, after: int, before: int) -> list[Effect]:
        """The changes made to ``name`` in ``scope`` between two offsets, in source order."""
        return []

    def opaque(self, node: SgNode) -> bool:
        """Whether which branches of a conditional run is not one condition each (a ``case``
        with statements that runs on into the next one): what it sets is known at run time."""
        return False

    def apply(
        self, value: Any, effects: list[Effect], after: int, path: str, use: int | None = None
    ) -> Any:
        """``value`` with ``effects`` made to it in order (``Flow.apply``)."""
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------

    def speculate(self, fn: Callable[[], _T]) -> _T:
        """``fn()`` with the run-time values it records left out (a branch of a choice, the
        item of a list: the whole is recorded once, where it is used)."""
        mark = len(self.dynamic)
        self.speculating += 1
        try:
            return fn()
        finally:
            self.speculating -= 1
            del self.dynamic[mark:]

    def branch(self, node: SgNode, path: str) -> Any:
        return self.speculate(lambda: self.value(node, path, record=False))

    # -- branches ------------------------------------------------------------------------

    def conditional(self, node: SgNode, within: SgNode) -> SgNode | None:
        """The innermost conditional strictly inside ``within`` with ``node`` in one of its
        branches (not in its condition)."""
        for ancestor in node.ancestors():
            if ancestor == within or ancestor.kind() in self.functions:
                return None
            if not inside(ancestor, within):
                return None
            if ancestor.kind() in self.conditionals:
                regions = [r for _, r in self.branches(ancestor) if r is not None]
                if any(inside(node, region) for region in regions):
                    return ancestor
            if ancestor.kind() in HANDLERS:  # a binding there holds only after a throw
                body = ancestor.field("body")
                if body is not None and inside(node, body):
                    return ancestor
        return None

    def bound(
        self, name: str, value_node: SgNode, scope: SgNode, use: int, path: str
    ) -> tuple[Any] | None:
        """The value of a binding of ``name``; when it sits in a branch of a conditional that
        does not hold the use, the choice between what each branch leaves in ``name``."""
        outermost = self.outermost(value_node, scope, use)
        if outermost is None:
            return self.literal_of(self.unwrap(value_node), path)
        got = self.after_branches(name, outermost, scope, path)
        return None if isinstance(got, _Missing) else (got,)

    def outermost(self, value_node: SgNode, scope: SgNode, use: int) -> SgNode | None:
        """The outermost conditional a binding is in a branch of that does not hold the use."""
        outermost: SgNode | None = None
        node = value_node.parent() or value_node
        while (found := self.conditional(node, scope)) is not None:
            if start(found) <= use < end(found):
                break
            outermost, node = found, found
        return outermost

    def after_branches(self, name: str, node: SgNode, scope: SgNode, path: str) -> Any:
        """What ``name`` holds after the conditional ``node``: a choice between its branches;
        a branch that does not assign it keeps the value from before (a branch without one
        is left out)."""
        before: Any = None
        looked = False
        outcomes: list[tuple[str | None, Any]] = []
        if self.opaque(node) or node.kind() in HANDLERS:
            return {DYNAMIC: name}  # which arms run is not one condition each
        if any(cond is not None and _reads(cond, name) for cond, _ in self.arms(node)):
            # `if (!$cid) { $cid = ...; }`: the test, read where the name is used, sees the
            # value the branch bound and takes the other arm: the name as it is at run time
            if self.frames and inside(node, self.frames[-1].function):
                self.frames[-1].unwritable = True
            return {DYNAMIC: name}
        for cond, region in self.arms(node):
            got: Any = MISSING
            if region is not None and region != node:
                got = self.at_end(name, region, scope, path)
            if isinstance(got, _Missing):
                if not looked:
                    before, looked = self.before(name, node, scope, path), True
                got = before
                if region is not None and region != node and not isinstance(got, _Missing):
                    got = self.changed_in(got, name, scope, (start(region), end(region)), path)
            if not isinstance(got, _Missing):
                outcomes.append((cond, self.once(got, name, node)))
        return fold(outcomes) if outcomes else MISSING

    def once(self, value: Any, name: str, node: SgNode) -> Any:
        """A branch's value, or the name where that value must not be computed again in the
        Dodo call (``cid = Stripe::Customer.create(...).id``: a second customer): the name
        holds it there."""
        if not (is_marker(value) and set(value) == {DYNAMIC}) or not IMPURE.search(value[DYNAMIC]):
            return value
        if self.frames and inside(node, self.frames[-1].function):
            self.frames[-1].unwritable = True
        return {DYNAMIC: name}

    def at_end(self, name: str, region: SgNode, scope: SgNode, path: str) -> Any:
        """What the last binding of ``name`` in ``region`` leaves in it; MISSING if none."""
        last = None
        for begin, value_node, finish in self.bindings(scope, name):
            within = start(region) <= begin and finish <= end(region)
            if within and (last is None or begin > last[0]):
                last = (begin, value_node, finish)
        if last is None:
            return MISSING
        if self.rebound(scope, name, last[2], end(region), region):
            return {DYNAMIC: name}  # a closure in the branch assigned it after
        statement = last[1].parent() or last[1]
        found = self.conditional(statement, region)
        outer = found
        while found is not None:
            outer = found
            found = self.conditional(found, region)
        if outer is not None:
            got = self.after_branches(name, outer, scope, path)
            after = end(outer)
        else:
            got, after = self.branch(last[1], path), end(last[1])
        if isinstance(got, _Missing):
            return got
        return self.changed_in(got, name, scope, (after, end(region)), path)  # then changed

    def changed_in(
        self, value: Any, name: str, scope: SgNode, span: tuple[int, int], path: str
    ) -> Any:
        """``value`` with the changes made to ``name`` between two offsets (in one branch,
        before a conditional) that reach the second; the name as it is at run time when they
        are made to a value not read."""
        after, until = span
        effects = [
            e for e in self.effects(scope, name, after, until) if self.reaches(e.node, until)
        ]
        if not effects:
            return value
        if type(value) in (dict, list) or (is_marker(value) and CHOICE in value):
            return self.speculate(lambda: self.apply(value, effects, after, path, until))
        return {DYNAMIC: name}

    def before(self, name: str, node: SgNode, scope: SgNode, path: str) -> Any:
        """What ``name`` holds just before ``node``; MISSING when it is not bound yet."""
        above = [b for b in self.bindings(scope, name) if b[2] <= start(node)]
        if not above:
            return MISSING
        _, value_node, after = max(above, key=lambda b: b[0])
        # too many choices up, or a closure assigned it since: the name as it is at run time
        if self.rebound(scope, name, after, start(node), node) or self.depth >= MAX_DEPTH:
            if self.frames and inside(node, self.frames[-1].function):
                self.frames[-1].unwritable = True
            return {DYNAMIC: name}
        self.depth += 1  # each conditional assignment further up is one step deeper
        try:
            got = self.speculate(lambda: self.bound(name, value_node, scope, start(node), path))
            value = self.branch(value_node, path) if got is None else got[0]
            outer = self.outermost(value_node, scope, start(node))
            if outer is not None:
                after = max(after, end(outer))
            return self.changed_in(value, name, scope, (after, start(node)), path)
        finally:
            self.depth -= 1

    def merged_when(self, node: SgNode, source: str, guards: list[SgNode]) -> str:
        """What a merge of the run-time object ``source`` (``md.merge!(extra)``, the change
        ``node``) under ``guards`` adds: ``(cond ? extra : {})`` when one ``if`` holds it in its
        first branch, which the writer merges so; the change as written otherwise (no object:
        its entries are not placed, RT012)."""
        arms = self.arms(guards[0]) if len(guards) == 1 else []
        cond, region = arms[0] if arms else (None, None)
        if cond is None or region is None or region == guards[0] or not inside(node, region):
            return node.text()
        empty = "[]" if getattr(self, "family", "") == "php" else "{}"
        return f"({cond} ? {source} : {empty})"

    def arms(self, node: SgNode) -> list[tuple[str | None, SgNode | None]]:
        """The branches of a conditional that run on past it (not those that return or
        throw), with one standing for its missing ``else`` (the conditional itself: nothing
        in it runs there)."""
        branches = self.branches(node)
        if branches and branches[-1][0] is not None:
            branches = [*branches, (None, node)]
        if self.paths is None:
            return branches
        paths = self.paths
        return [(c, r) for c, r in branches if r is None or r == node or not leaves(paths, r)]


def _reads(cond: str, name: str) -> bool:
    """Whether the condition ``cond`` (as code) reads the name ``name``."""
    return re.search(rf"(?<![\w$@.>:]){re.escape(name)}(?!\w)", cond) is not None

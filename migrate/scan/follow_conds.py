"""The conditions ``Follower`` (``migrate/scan/follow.py``) can decide, read as a reader does:
from literals (``"pro" == "pro"``, a literal argument of a followed helper), and from the early
returns on the way to the call. After ``if (COND) return ...`` (or ``throw``, ``raise``), COND
is false for the rest of the function: a choice on the same condition text, or its negation,
met later on that path is decided, and so is one inside a helper called from there (its
parameters written as the caller's arguments); after ``if (!x) return``, a value read from
``x`` is set (a choice with nothing in one branch is the other branch).

Kept conservative: only guards with no ``else`` whose branch always leaves the function, not
inside a loop, on the path to the use (their block holds it); and only while no name in the
condition is assigned between the guard (or the condition decided, when it is earlier) and
the use. Conditions are compared as written, spaces aside."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE, DYNAMIC, MAX_DEPTH, OMIT, file_cache, is_dynamic, start
from migrate.scan.follow_base import (
    UNSET,
    Event,
    FollowerBase,
    Unfollowable,
    _scalar,
    contains,
    inside,
)
from migrate.scan.reach import leaves

_SPACE: Final = re.compile(r"\s+")


def _written(source: str) -> str:
    return _SPACE.sub(" ", source.strip())


@dataclass
class Conditions(FollowerBase):
    """Deciding conditions (``decide``) and reading values past early returns (``settled``)."""

    facting: bool = False
    """True while the early returns are read (a condition read there is not looked up again)."""

    # -- what Follower implements ------------------------------------------------------------

    def evaluate(self, node: SgNode, path: str) -> Any:
        raise NotImplementedError

    def source_of(self, node: SgNode) -> str:
        raise NotImplementedError

    def all_events(self, scope: SgNode, name: str) -> list[Event]:
        raise NotImplementedError

    def named(self, value: Any) -> Any:
        raise NotImplementedError

    # -- deciding ------------------------------------------------------------------------

    def decide(self, cond: SgNode) -> bool | None:
        """Whether a condition always holds (True), never does (False), or depends (None):
        an early return's condition, negations, ``and``/``or``, equality of two known values,
        a known value."""
        node = self.unwrap(cond)
        known = self.known(node)
        if known is not None:
            return known
        got = self.condition(node)
        if got is not None:
            kind, parts = got
            if kind == "not":
                inner = self.decide(parts[0])
                return None if inner is None else not inner
            if kind in ("and", "or"):
                left, right = self.decide(parts[0]), self.decide(parts[1])
                if kind == "and":
                    return False if False in (left, right) else (True if left and right else None)
                return (
                    True if True in (left, right) else (False if left is right is False else None)
                )
            a, b = self.evaluate(parts[0], ""), self.evaluate(parts[1], "")
            if not (_scalar(a) and _scalar(b)) or (kind == "loose" and type(a) is not type(b)):
                return None
            equal = a == b and (type(a) is bool) == (type(b) is bool)
            return equal is (kind != "differ")
        return self.truthy(self.evaluate(node, ""))

    def truthy(self, value: Any) -> bool | None:
        """Whether a known value counts as true in a condition (None: not known)."""
        if is_dynamic(value) or value is UNSET or type(value) in (dict, list):
            return None
        if value is OMIT:
            return False
        return bool(value)

    def known(self, node: SgNode) -> bool | None:
        """What the early returns before ``node`` say of it as a condition, or the branch it
        is in (``x ? [x] : []``: there ``x`` holds); None: nothing."""
        facts = self.facts(node)
        try:
            written = _written(self.source_of(node))
            if facts and written in facts:
                return facts[written]
            return True if self._branch_requires(node, written) else None
        except Unfollowable:
            return None

    def _branch_requires(self, node: SgNode, written: str) -> bool:
        """Whether ``node`` is read in the branch of an if or a ternary of its function whose
        condition requires it to hold (it, or one side of an ``and``), and nothing it names is
        set again between that branch's start and ``node``."""
        for ancestor in node.ancestors():
            kind = ancestor.kind()
            if kind in self.functions:
                return False
            if kind not in self.if_kinds and kind not in self.ternary_kinds:
                continue
            for cond, body in self.branches(ancestor):
                if cond is None or body is None or not inside(body, node):
                    continue
                if written not in self._conjuncts(self.unwrap(cond)):
                    break
                fn = self.scope(node)
                return not self._assigned(fn, node, start(ancestor), start(node))
        return False

    def _conjuncts(self, cond: SgNode) -> list[str]:
        """The texts a condition requires to hold: itself, or each side of an ``and``."""
        got = self.condition(cond)
        if got is not None and got[0] == "and":
            return [t for part in got[1] for t in self._conjuncts(self.unwrap(part))]
        return [_written(self.source_of(cond))]

    def settled(self, node: SgNode, value: Any) -> Any:
        """``value`` read from ``node`` where an early return says ``node`` is set: a choice
        with nothing (null, undefined, None) in a branch is its other branch."""
        if not (is_dynamic(value) and CHOICE in value and _holds_nothing(value)):
            return value
        if self.known(node) is not True:
            return value
        got = _without_nothing(value)
        return value if got is UNSET else self.named(got)

    # -- a name compared in the branch that holds it ---------------------------------------

    def narrowed(self, name: SgNode) -> tuple[Any] | None:
        """The literal a branch's condition says ``name`` equals where it is read inside that
        branch (``if (interval === "month") { ... interval ... }``, ``x if plan == "pro"
        else y``): the branch runs only then. None when no enclosing branch of its function
        says so, or the name is bound or changed between the branch's start and the use."""
        text, use = name.text(), start(name)
        for ancestor in name.ancestors():
            kind = ancestor.kind()
            if kind in self.functions:
                return None
            if kind not in self.if_kinds and kind not in self.ternary_kinds:
                continue
            for cond, body in self.branches(ancestor):
                if cond is None or body is None or not inside(body, name):
                    continue
                got = self._equal_to(self.unwrap(cond), text)
                if got is None:
                    break
                fn = self.scope(name)
                if any(start(ancestor) <= e.at < use for e in self.all_events(fn, text)):
                    return None
                return got
        return None

    def _equal_to(self, cond: SgNode, text: str) -> tuple[Any] | None:
        """The literal ``cond`` (true) says the name ``text`` equals: ``text === LIT`` (or
        ``LIT == text``, ``==`` only with a string), one side of an ``and``."""
        got = self.condition(cond)
        if got is None:
            return None
        kind, parts = got
        if kind == "and":
            return self._equal_to(self.unwrap(parts[0]), text) or self._equal_to(
                self.unwrap(parts[1]), text
            )
        if kind not in ("same", "loose") or len(parts) != 2:
            return None
        left, right = (self.unwrap(p) for p in parts)
        for one, other in ((left, right), (right, left)):
            if one.kind() != "identifier" or one.text() != text:
                continue
            try:
                value = self.literal(other, "")
            except Unfollowable:
                return None
            if value is None or type(value[0]) not in (str, int, float, bool):
                return None
            if kind == "loose" and type(value[0]) is not str:
                return None
            return value
        return None

    # -- early returns ---------------------------------------------------------------------

    def facts(self, node: SgNode) -> dict[str, bool]:
        """The conditions known where ``node`` is read, by their text: from the early returns
        of its function before it (the call's own function: before the call), then, in a
        helper followed, from those of the caller before the helper's call."""
        out: dict[str, bool] = {}
        if self.facting:
            return out
        self.facting = True
        try:
            self._facts(node, out)
        finally:
            self.facting = False
        return out

    def _facts(self, node: SgNode, out: dict[str, bool]) -> None:
        current = node
        for _ in range(MAX_DEPTH):
            fn = self.scope(current)
            if fn.kind() not in self.functions:
                break
            at = start(current)
            until = self.site if contains(fn, self.site) and self.site > at else at
            for stmt, cond in self._early_returns(fn):
                if stmt.range().end.index > until:
                    break
                parent = stmt.parent()
                if parent is None or not contains(parent, until):
                    continue  # not on the path to the use
                if self._assigned(fn, cond, min(at, start(stmt)), self._rerun(parent, until)):
                    continue
                try:
                    out.setdefault(_written(self.source_of(cond)), False)
                    got = self.condition(cond)
                    if got is not None and got[0] == "not":
                        out.setdefault(_written(self.source_of(self.unwrap(got[1][0]))), True)
                except Unfollowable:
                    continue
            frame = next((f for f in reversed(self.frames) if f.region == fn), None)
            if frame is None or frame.call is None:
                break
            current = frame.call

    def _early_returns(self, fn: SgNode) -> list[tuple[SgNode, SgNode]]:
        """The ``if`` statements made directly in ``fn`` (not in a loop) with one branch and no
        ``else``, that branch always returning or throwing; and their conditions, in order."""
        key = (type(self), "early returns", fn)
        cache = file_cache(fn)
        found: list[tuple[SgNode, SgNode]] | None = cache.get(key)
        if found is None:
            found = []
            stops = self.loop_kinds | self.blocking_kinds
            paths = self.paths
            for kind in self.if_kinds if paths is not None else ():
                for stmt in self.direct(fn, kind):
                    branches = self.branches(stmt)
                    cond, body = branches[0] if len(branches) == 1 else (None, stmt)
                    if cond is None or paths is None:
                        continue
                    if body.kind() not in paths.leaves and not leaves(paths, body):
                        continue
                    if any(a.kind() in stops for a in _between(stmt, fn)):
                        continue
                    found.append((stmt, self.unwrap(cond)))
            found.sort(key=lambda s: start(s[0]))
            cache[key] = found
        return found

    def _assigned(self, fn: SgNode, cond: SgNode, after: int, until: int) -> bool:
        """Whether a name ``cond`` reads is bound or changed in ``fn`` between two offsets."""
        for ident in self.references(cond):
            if any(after <= e.at < until for e in self.all_events(fn, ident.text())):
                return True
        return False

    def _rerun(self, block: SgNode, until: int) -> int:
        """Where what runs before ``until`` in ``block`` ends: the end of the outermost loop
        (or callback, which may run again) in ``block`` around ``until``: what its body sets
        after ``until`` runs before it again; else ``until``."""
        stops = self.loop_kinds | self.blocking_kinds | self.functions
        node, out = block, until
        for _ in range(256):
            child = next((c for c in node.children() if contains(c, until)), None)
            if child is None:
                break
            if child.kind() in stops:
                return max(out, child.range().end.index)
            node = child
        return out


def _between(node: SgNode, fn: SgNode) -> list[SgNode]:
    out: list[SgNode] = []
    for ancestor in node.ancestors():
        if ancestor == fn:
            break
        out.append(ancestor)
    return out


def _nothing(value: Any) -> bool:
    return value is None or value is OMIT or value is UNSET


def _holds_nothing(value: Any) -> bool:
    if is_dynamic(value) and CHOICE in value:
        choice = value[CHOICE]
        return any(_holds_nothing(choice[k]) for k in ("then", "else"))
    return _nothing(value)


def _without_nothing(value: Any) -> Any:
    """``value`` with every branch holding nothing left out (UNSET: nothing is left)."""
    if not (is_dynamic(value) and CHOICE in value):
        return UNSET if _nothing(value) else value
    choice = value[CHOICE]
    then, else_ = _without_nothing(choice["then"]), _without_nothing(choice["else"])
    if then is UNSET or else_ is UNSET:
        return else_ if then is UNSET else then
    if then is choice["then"] and else_ is choice["else"]:
        return value
    return {**value, DYNAMIC: "", CHOICE: {**choice, "then": then, "else": else_}}

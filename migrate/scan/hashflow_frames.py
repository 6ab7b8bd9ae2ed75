"""What the data follower of Ruby and PHP (``migrate/scan/hashflow.py``) knows of the code a
name is read in: the helper being followed (``Frame``: a parameter stands for the caller's
argument) and the closures that assign the name (a Ruby block, a PHP closure that takes it by
reference: after one, the variable holds what run time put there, not what it held before)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, file_cache, start
from migrate.scan.hashflow_values import MISSING, Frame, _Missing, end, inside

_T = TypeVar("_T")


@dataclass
class Frames(Extractor):
    """The helper frames and closure assignments ``Flow`` reads names through."""

    frames: list[Frame] = field(default_factory=list)

    def closure_assignments(self, scope: SgNode) -> list[tuple[str, SgNode]]:
        """Each assignment made in a closure inside ``scope`` to a variable of ``scope`` (the
        name and the assignment), in any order (the language modules say which closures share
        their variables)."""
        return []

    def rebound(self, scope: SgNode, name: str, after: int, until: int, where: SgNode) -> bool:
        """Whether a closure made between the offsets ``after`` and ``until`` (and reaching
        ``until``) assigns the variable ``name`` of ``scope``: then it holds a run-time value
        there (a helper with such a local, ``where`` is in it, is not followed: its call is
        the value)."""
        key = (type(self), "closure-assignments", scope)
        cache = file_cache(scope)
        by_name: dict[str, list[SgNode]] | None = cache.get(key)
        if by_name is None:
            by_name = {}
            for written, node in self.closure_assignments(scope):
                by_name.setdefault(written, []).append(node)
            cache[key] = by_name
        found = any(
            after <= start(n) and end(n) <= until and self.reaches(n, until)
            for n in by_name.get(name, [])
        )
        if found and self.frames and inside(where, self.frames[-1].function):
            self.frames[-1].unwritable = True
        return found

    def frame_arg(self, name: SgNode) -> SgNode | _Missing | None:
        """The caller's argument for a helper's parameter ``name`` (MISSING when ``name`` is
        not one, or a closure in the helper shadows it)."""
        if not self.frames:
            return MISSING
        frame = self.frames[-1]
        text = name.text()
        if text not in frame.args or not inside(name, frame.function):
            return MISSING
        scope = self.scope(name)
        while scope != frame.function:
            if scope.kind() not in self.functions or self.is_parameter(scope, text):
                return MISSING
            scope = self.scope(scope)
        return frame.args[text]

    def outer(self, fn: Callable[[], _T]) -> _T:
        """``fn()`` as the caller of the current helper sees things."""
        frame = self.frames.pop()
        try:
            return fn()
        finally:
            self.frames.append(frame)

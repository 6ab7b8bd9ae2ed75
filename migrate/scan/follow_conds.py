"""The conditions ``Follower`` (``migrate/scan/follow.py``) can decide, read as a reader does:
from literals (``"pro" == "pro"``, a literal argument of a followed helper)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import OMIT, is_dynamic
from migrate.scan.follow_base import UNSET, FollowerBase, _scalar


@dataclass
class Conditions(FollowerBase):
    """Deciding conditions (``decide``)."""

    # -- what Follower implements ------------------------------------------------------------

    def evaluate(self, node: SgNode, path: str) -> Any:
        raise NotImplementedError

    # -- deciding ------------------------------------------------------------------------

    def decide(self, cond: SgNode) -> bool | None:
        """Whether a condition always holds (True), never does (False), or depends (None):
        negations, ``and``/``or``, equality of two known values, a known value."""
        node = self.unwrap(cond)
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

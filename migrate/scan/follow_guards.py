"""The branches and the loop a statement runs under, as the follower reads them (from
``migrate/scan/follow.py``): the conditions a use does not share, outer first, and the for-each
loop around it."""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.follow_base import Conds, Guards, contains, inside
from migrate.scan.follow_sources import Sources
from migrate.scan.reach import leaves, only_way


class GuardReader(Sources):
    """What :class:`migrate.scan.follow.Follower` knows of the branches a statement is under."""

    def guards(self, node: SgNode, scope: SgNode, use: int) -> Guards | None:
        """The conditions ``node`` runs under that ``use`` does not share (outer first), and
        the for-each loop it is in; None when it is in a statement that cannot be followed."""
        chain: list[SgNode] = []
        for ancestor in node.ancestors():
            if ancestor == scope or contains(ancestor, use):
                break
            chain.append(ancestor)
        outer: Conds = []
        inner: Conds = []
        nodes: list[SgNode] = []
        loop: SgNode | None = None
        for index in range(len(chain) - 1, -1, -1):
            ancestor, kind = chain[index], chain[index].kind()
            if kind in self.if_kinds or kind in self.ternary_kinds:
                conds = self._conds(ancestor, node)
                if conds is None:
                    return Guards([], None, [], reachable=False)
                arm = chain[index - 1] if index else node
                if (
                    self.paths is not None
                    and only_way(self.paths, ancestor, arm)
                    and not leaves(self.paths, arm)
                ):
                    continue  # every other branch returned: this one ran (and went on)
                (inner if loop is not None else outer).extend(c for c, _ in conds)
                nodes.extend(n for _, n in conds if loop is None)  # inner ones: the element's
            elif kind in self.loop_kinds:
                if loop is not None:
                    return None
                loop = ancestor
            elif kind in self.blocking_kinds or kind in self.functions:
                return None
        return Guards(outer, loop, nodes, inner=tuple(inner))

    def _conds(self, stmt: SgNode, node: SgNode) -> list[tuple[tuple[str, bool], SgNode]] | None:
        """The conditions of ``stmt`` the branch holding ``node`` runs under (those decided by
        literals left out); None when that branch cannot run."""
        before: list[tuple[tuple[str, bool], SgNode]] = []
        for cond, body in self.branches(stmt):
            known = self.decide(cond) if cond is not None else None
            if inside(body, node):
                if known is False:
                    return None
                if cond is None or known is True:
                    return before
                return [*before, ((self.source_of(cond), True), cond)]
            if known is True:
                return None  # an earlier branch always runs
            if cond is not None and known is None and not self._left(body):
                before.append(((self.source_of(cond), False), cond))
        return []

    def _left(self, body: SgNode) -> bool:
        """Whether a branch returns (or throws): whatever runs after it did not take it."""
        return self.paths is not None and leaves(self.paths, body)

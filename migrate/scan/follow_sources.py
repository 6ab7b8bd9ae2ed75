"""What a followed value's source reads as where the call is (``migrate/scan/follow.py``):
inside a followed helper or a callback, its parameters and locals are replaced by what they
stand for; a name that cannot be written there makes the value unfollowable."""

from __future__ import annotations

import re

from ast_grep_py import SgNode

from migrate.scan.extract import DYNAMIC, STRIPE_REQUEST, is_dynamic, start
from migrate.scan.follow_base import Frame, Unfollowable, Unwritable, inside, paren
from migrate.scan.follow_conds import Conditions

EFFECT = re.compile(rf"\bawait\b|{STRIPE_REQUEST}")
"""What a value must not take into the Dodo call: an awaited call, a Stripe request."""


__all__ = ["EFFECT", "Sources"]


class Sources(Conditions):
    """The frames of the helpers and callbacks followed, and source text valid at the call."""

    def _helper_frame(self, scope: SgNode) -> Frame | None:
        for frame in reversed(self.frames):
            if frame.region == scope and frame.args:
                return frame
        return None

    def _frame_of(self, node: SgNode) -> Frame | None:
        for frame in reversed(self.frames):
            if inside(frame.region, node):
                return frame
        return None

    # -- source text valid where the call is ---------------------------------------------

    def source_of(self, node: SgNode) -> str:
        """``node``'s source text as it reads where the call is: inside a followed function or
        a callback, its parameters and locals replaced by what they stand for."""
        if not self.frames or self._frame_of(node) is None:
            return node.text()
        base = start(node)
        out = node.text()
        edits: list[tuple[int, int, str]] = []
        for ident in self.references(node):
            replacement = self._replacement(ident, node)
            if replacement is not None:
                rng = ident.range()
                edits.append((rng.start.index - base, rng.end.index - base, replacement))
        for begin, end, replacement in sorted(edits, reverse=True):
            out = out[:begin] + replacement + out[end:]
        return out

    def _replacement(self, ident: SgNode, within: SgNode) -> str | None:
        """What a name in ``within`` is written as where the call is (None: as it is)."""
        frame = self._frame_of(ident)
        text = ident.text()
        if frame is None or any(text in f.keep and inside(f.region, ident) for f in self.frames):
            return None
        if any(text in f.hidden and inside(f.region, ident) for f in self.frames):
            raise Unfollowable(text)
        if self._declared(within, text):
            return None  # declared in the text itself (a callback's local)
        at = start(ident)
        scope = self.scope(ident)
        while True:
            binds = [b for b in self.bindings(scope, text) if b[2] <= at]
            if binds:
                if self._frame_of(max(binds, key=lambda b: b[0])[1]) is None:
                    return None  # bound where the call can see it
                break
            if scope.kind() in self.functions and self.is_parameter(scope, text):
                if self._helper_frame(scope) is None:
                    return None  # a parameter of a callback inside: written as it is
                break
            if scope.kind() not in self.functions:
                if self._declared(frame.region, text):
                    raise Unfollowable(text)  # declared in a way not followed (destructuring)
                return None  # a global
            scope = self.scope(scope)
        got = self.resolve(ident, "")
        if got is None:
            raise Unfollowable(text)
        value = got[0]
        rendered = value[DYNAMIC] if is_dynamic(value) else self.render(value)
        if EFFECT.search(rendered):
            # a local holding an awaited call or a Stripe request: written in its place, the
            # call would run again (once per use), or reach Stripe from the Dodo call
            raise Unwritable(text)
        return self.reference_text(ident, paren(rendered))

"""What a followed value's source reads as where the call is (``migrate/scan/follow.py``):
inside a followed helper or a callback, its parameters and locals are replaced by what they
stand for; a name that cannot be written there makes the value unfollowable."""

from __future__ import annotations

import re
from collections.abc import Callable

from ast_grep_py import SgNode

from migrate.scan.block_locals import written_as_value
from migrate.scan.extract import DYNAMIC, STRIPE_REQUEST, is_dynamic, start
from migrate.scan.follow_base import (
    Frame,
    Unfollowable,
    Unwritable,
    contains,
    inside,
    paren,
)
from migrate.scan.follow_conds import Conditions
from migrate.scan.wrapper_locals import todo_name

_LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
"""A name declared in a loop's body is the loop's: its each marker writes it."""
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
            return self._in_scope(node)

        def replaced(ident: SgNode) -> str | None:
            found = self._replacement(ident, node)
            return self._block_local(ident, node) if found is None else found

        return self._rewritten(node, replaced)

    def here(self, name: SgNode) -> str:
        """How the variable ``name`` (a use of it) is written at the call: by name, or as
        :meth:`_block_local` says when a block the call is after declares it."""
        return self._block_value(name, name) or name.text()

    def _in_scope(self, node: SgNode) -> str:
        """``node``'s text with each name declared in a block the call is after written as
        :meth:`_block_local` says."""
        return self._rewritten(node, lambda ident: self._block_local(ident, node))

    def _rewritten(self, node: SgNode, replaced: Callable[[SgNode], str | None]) -> str:
        """``node``'s text with each name it references that ``replaced`` gives text for
        written as that text."""
        base = start(node)
        out = node.text()
        edits: list[tuple[int, int, str]] = []
        for ident in self.references(node):
            replacement = replaced(ident)
            if replacement is not None:
                rng = ident.range()
                edits.append((rng.start.index - base, rng.end.index - base, replacement))
        for begin, end, replacement in sorted(edits, reverse=True):
            out = out[:begin] + replacement + out[end:]
        return out

    def _block_local(self, ident: SgNode, within: SgNode) -> str | None:
        """The text in place of ``ident`` in ``within`` (see :meth:`_block_value`): a
        shorthand property keeps its key."""
        value = self._block_value(ident, within)
        return None if value is None else self.reference_text(ident, value)

    def _block_value(self, ident: SgNode, within: SgNode) -> str | None:
        """A name of the call's own function declared (``let`` / ``const``) in a block the
        call comes after (``if (code) { const coupon = ...; discounts = [coupon.id] }``): out
        of scope at the call, it is written as the value it was declared with when that is a
        plain name or member path visible there or a read of one (``form.get("price")``), else
        as ``TODO_<name>``, a name defined nowhere noted in ``hidden`` (the call's ``X021``).
        None: written as it is (in scope, a loop's, a helper's, declared in ``within``
        itself)."""
        if not self.block_kinds or self._frame_of(ident) is not None:
            return None
        block = self._declaring_block(ident)
        if block is None or contains(block, self.site) or inside(within, block):
            return None
        if block.kind() in self.functions or not contains(self.scope(ident), self.site):
            return None
        decl = self._block_declaration(ident, block)
        if decl is None:
            return None
        value = decl.field("value")
        if value is not None and written_as_value(value.text()):
            return self._in_scope(value)
        self.hidden.append((ident.text(), f"the block at line {block.range().start.line + 1}"))
        return todo_name(ident.text())

    def _block_declaration(self, ident: SgNode, block: SgNode) -> SgNode | None:
        """The block-scoped declaration (``let`` / ``const``, not ``var``) in ``block`` that
        ``ident`` refers to; None when it is a loop's or a callback's, or not one."""
        use = start(ident)
        found: SgNode | None = None
        for ancestor in ident.ancestors():
            if ancestor == block:
                break
            if ancestor.kind() in _LOOPS:
                return None
        for ancestor in block.ancestors():
            if ancestor.kind() in self.functions:
                break
            if ancestor.kind() in _LOOPS:
                return None  # the loop's own (each markers write them)
        for decl in block.find_all(kind="variable_declarator"):
            name = decl.field("name")
            if name is None or name.text() != ident.text() or start(decl) > use:
                continue
            statement = decl.parent()
            if statement is None or statement.kind() != "lexical_declaration":
                continue  # var: the function's; a pattern's, a loop's header
            if statement.parent() == block and (found is None or start(decl) > start(found)):
                found = decl
        return found

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

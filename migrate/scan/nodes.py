"""The nodes of a file's syntax tree by kind, from one walk of the tree.

The scanner asks a file's tree for many kinds of nodes (calls, strings, assignments, imports,
functions...), each question a walk of the whole tree by ``find_all``. :func:`of_kind` answers
them from one walk per file instead: the first question about a file collects every kind asked
about in the files of its language so far (a kind asked for the first time costs one more
walk, and is collected from then on), and the answers are lists sliced from it, in the same
order as ``find_all`` (the tree's pre-order). Only trees parsed through :func:`register` are
read this way (the last one registered); any other node is asked with ``find_all``.
"""

from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache
from typing import Any, Final

from ast_grep_py import SgNode, SgRoot

__all__ = ["COMMENTS", "first_of_kind", "is_comment", "of_kind", "register"]

COMMENTS: Final = frozenset({"comment", "line_comment", "block_comment", "multiline_comment"})
"""The kinds of a comment node: ``comment`` in most grammars, ``line_comment`` and
``block_comment`` in Java's, ``line_comment`` and ``multiline_comment`` in Kotlin's."""


def is_comment(node: SgNode) -> bool:
    """Whether ``node`` is a comment, in any language's grammar."""
    return node.kind() in COMMENTS


def unparenthesized(node: SgNode | None) -> SgNode | None:
    """``node`` without the brackets around it (``((c))`` is ``c``); None when a bracket holds
    anything but one expression (comments aside)."""
    while node is not None and node.kind() == "parenthesized_expression":
        inner = [c for c in node.named_children() if c.kind() != "comment"]
        node = inner[0] if len(inner) == 1 else None
    return node


_KINDS: Final[dict[str, dict[str, None]]] = {}
"""The kinds asked about, per language, in the order first asked (collected in every walk)."""


class _File:
    """One registered tree: its nodes by kind (collected kinds only) and their offsets."""

    def __init__(self, root: SgRoot, language: str) -> None:
        self.root = root
        self.top = root.root()
        self.language = language
        self.by_kind: dict[str, list[SgNode]] = {}
        self.spans: dict[str, tuple[list[int], list[int]]] = {}

    def nodes(self, kind: str) -> list[SgNode]:
        found = self.by_kind.get(kind)
        if found is not None:
            return found
        kinds = _KINDS.setdefault(self.language, {})
        if self.by_kind:  # asked for the first time in this file: one walk for it
            self._collect([kind])
        else:  # the first question: every kind asked about so far, in one walk
            self._collect([*kinds, *([] if kind in kinds else [kind])])
        kinds[kind] = None  # a valid kind (find_all raises for others)
        return self.by_kind[kind]

    def _collect(self, kinds: list[str]) -> None:
        groups: dict[str, list[SgNode]] = {k: [] for k in kinds}
        if len(kinds) == 1:
            groups[kinds[0]] = self.top.find_all(kind=kinds[0])
        else:
            for node in self.top.find_all(any=[{"kind": k} for k in kinds]):
                groups[node.kind()].append(node)
        self.by_kind.update(groups)

    def within(self, node: SgNode, kind: str) -> list[SgNode]:
        """The ``kind`` nodes of the subtree of ``node`` (itself included), in order."""
        found = self.nodes(kind)
        spans = self.spans.get(kind)
        if spans is None:
            ranges = [n.range() for n in found]  # one range per node: each call builds one
            spans = self.spans[kind] = (
                [r.start.index for r in ranges],
                [r.end.index for r in ranges],
            )
        starts, ends = spans
        rng = node.range()
        first, last = rng.start.index, rng.end.index
        out: list[SgNode] = []
        for at in range(bisect.bisect_left(starts, first), bisect.bisect_right(starts, last)):
            start, end = starts[at], ends[at]
            if end > last:
                continue
            candidate = found[at]
            # a node strictly inside the range is under ``node``; one with the same range (or
            # no width) may be its parent or a neighbour
            if ((start, end) == (first, last) or start == end) and not _under(candidate, node):
                continue
            out.append(candidate)
        return out


def _under(node: SgNode, top: SgNode) -> bool:
    return node == top or any(a == top for a in node.ancestors())


_CURRENT: list[_File] = []


def register(root: SgRoot, language: str) -> None:
    """Read the tree of ``root`` (parsed as ``language``) through :func:`of_kind` from now on
    (until another is registered)."""
    _CURRENT[:] = [_File(root, language)]


def of_kind(node: SgNode, kind: str, regex: str | None = None) -> list[SgNode]:
    """``node.find_all(kind=kind, regex=regex)``: the ``kind`` nodes under ``node`` (itself
    included) whose text matches ``regex`` (searched, as ast-grep does), in source order."""
    state = _CURRENT[0] if _CURRENT else None
    if state is None or node.get_root() is not state.root:
        args: dict[str, Any] = {"kind": kind} if regex is None else {"kind": kind, "regex": regex}
        return node.find_all(**args)
    found = state.nodes(kind) if node == state.top else state.within(node, kind)
    if regex is None:
        return found
    search = _compiled(regex).search
    return [n for n in found if search(n.text()) is not None]


os.environ.setdefault("RUST_LIB_BACKTRACE", "0")
"""ast-grep-py's error for a kind its grammar does not know carries a Rust backtrace where
``RUST_BACKTRACE=1`` is set (some shells and CI images set it): capturing the first one loads
the library's debug information, 50 MB more for the rest of the run. The scanner reads such an
error as "no such kind"; it never shows the backtrace."""
_UNKNOWN: set[tuple[str, str]] = set()
"""(language, kind) pairs a grammar refused: asked again, ast-grep-py keeps about 17 KB each time
(a scan asking every file for the function kinds of every language grew by 50 MB)."""


def find_kind(node: SgNode, kind: str) -> list[SgNode]:
    """``node.find_all(kind=kind)``; [] when ``kind`` is no kind of ``node``'s grammar (a list
    of kinds shared by the languages), which is asked once per language of a registered tree."""
    state = _CURRENT[0] if _CURRENT else None
    language = state.language if state is not None and node.get_root() is state.root else ""
    if (language, kind) in _UNKNOWN:
        return []
    try:
        return node.find_all(kind=kind)
    except RuntimeError:  # a kind of another grammar
        if language:
            _UNKNOWN.add((language, kind))
        return []


def first_of_kind(node: SgNode, kind: str) -> SgNode | None:
    """``node.find(kind=kind)``: the first ``kind`` node under ``node`` (itself included)."""
    found = of_kind(node, kind)
    return found[0] if found else None


@lru_cache(maxsize=128)
def _compiled(regex: str) -> re.Pattern[str]:
    """A Rust regex of the scanner as Python reads it: ``$`` at the end is the end of the text
    (Python's would also match before a final newline). The last ones only: some are made for
    one file (the names of its wrappers)."""
    if regex.endswith("$") and not regex.endswith("\\$"):
        regex = regex[:-1] + r"\Z"
    return re.compile(regex)

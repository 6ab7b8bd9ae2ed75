"""Which statements can run before a use: the control flow every data follower respects.

A binding or a change made in one branch of an ``if``/``else`` (an ``elif``, a ``case`` of a
``switch``, a ``catch``) never reaches a use in another branch of the same statement: only one
of them runs. One followed, in its own block, by a ``return`` or a ``throw`` (``raise``,
``panic``) reaches nothing after that block: the path that gets there did not run it. A ``case``
that falls into the next one (C-like languages, Go's ``fallthrough``) reaches it; a ``try`` body
reaches its ``catch`` (it may have run before the error), one ``catch`` never another.

``Paths`` says how a language writes these statements (tree-sitter node kinds); each language
module gives its extractor one (``Extractor.paths``), and ``Extractor.reaches`` asks here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment

_NEVER: Final = re.compile(r"(?!)")


@dataclass(frozen=True, slots=True)
class Paths:
    """How one language branches and leaves a block, as node kinds."""

    ifs: frozenset[str]
    """If statements: two of their parts other than the condition never both run."""
    elifs: frozenset[str] = frozenset()
    """Else-if parts written as a part of the ``if`` (Python's ``elif``), not an ``if`` in
    its ``else``: one last means there is no ``else``."""
    elses: frozenset[str] = frozenset({"else_clause"})
    """Parts that only wrap an ``else`` branch."""
    cases: frozenset[str] = frozenset()
    """The arms of a ``switch``/``match``/``case``/``when`` (each a child of one node)."""
    falling: frozenset[str] = frozenset()
    """Arms that run on into the next unless they end in a jump (``case 1: ... break;``)."""
    fallthrough: str = ""
    """The statement that makes an arm run on into the next (Go's ``fallthrough``)."""
    handlers: frozenset[str] = frozenset()
    """``catch``/``except``/``rescue`` clauses: one never reaches another, nor a try's else."""
    finals: frozenset[str] = frozenset()
    """``finally``/``ensure`` clauses, which every path runs."""
    leaves: frozenset[str] = frozenset({"return_statement", "throw_statement"})
    """Statements after which nothing of their block runs."""
    leaving: frozenset[str] = frozenset()
    """Statements that leave when their text says so (``leave_text``): Ruby's ``raise``,
    Go's ``panic(...)``, Kotlin's ``return``."""
    leave_text: re.Pattern[str] = _NEVER
    jumps: frozenset[str] = frozenset({"break_statement", "continue_statement"})
    """What else ends an arm without running into the next one."""
    blocks: frozenset[str] = frozenset({"block", "statement_block", "compound_statement"})
    """Blocks that may hold an arm's statements (its last one is looked into)."""
    closures: frozenset[str] = frozenset()
    """Lambdas that are no scope of the extractor (Kotlin's): a ``return`` in one only ends it."""


def reaches(paths: Paths, node: SgNode, use: int, functions: frozenset[str] = frozenset()) -> bool:
    """Whether what ``node`` does (a binding, a change) can have run when the code at offset
    ``use`` (after it) runs. A ``return`` in a function ``node`` is in and ``use`` is not (a
    callback, a closure: ``functions`` are their kinds) only ends that function."""
    below: list[tuple[SgNode, SgNode]] = []  # (parent, child) up to the common ancestor
    child = node
    for parent in node.ancestors():
        rng = parent.range()
        if rng.start.index <= use < rng.end.index:
            if _apart(paths, parent, child, use):
                return False
            break
        below.append((parent, child))
        child = parent
    ends = functions | paths.closures
    outer = max((i for i, (p, _) in enumerate(below) if p.kind() in ends), default=-1)
    return not any(_left_after(paths, p, c) for p, c in below[outer + 1 :])


def leaves(paths: Paths, region: SgNode) -> bool:
    """Whether a branch's region (a block, an arm, an ``if`` whose every branch does) always
    leaves before its end: a ``return`` or a ``throw`` among its own statements, or that
    statement itself (an arm without braces: ``if (a) return x;``)."""
    for _ in range(32):  # nested blocks and else-ifs
        if _leave(paths, region):
            return True
        if region.kind() in paths.ifs:
            arms = _arms(region)
            return (
                len(arms) >= 2
                and arms[-1].kind() not in paths.elifs
                and all(leaves(paths, arm) for arm in arms)
            )
        condition = region.field("condition")
        body = [c for c in region.named_children() if not is_comment(c) and c != condition]
        if len(body) != 1 or body[0].kind() not in paths.blocks | paths.ifs | paths.elses:
            return any(_leave(paths, c) for c in body)
        region = body[0]
    return False


def ends_leaving(paths: Paths, function: SgNode) -> bool:
    """Whether a function's body ends in a statement that leaves it (a ``throw`` after its
    guarded returns): it never runs off its end."""
    body = function.field("body")
    if body is None:
        return False
    last = next((c for c in reversed(body.named_children()) if not is_comment(c)), None)
    return last is not None and _leave(paths, last)


def only_way(paths: Paths, statement: SgNode, arm: SgNode) -> bool:
    """Whether code after the ``if`` ``statement`` is reached only through its branch ``arm``
    (every other branch, the ``else`` too, leaves): what ``arm`` does holds there."""
    if statement.kind() not in paths.ifs:
        return False
    arms = _arms(statement)
    if arm not in arms or len(arms) < 2 or arms[-1].kind() in paths.elifs:
        return False
    return all(leaves(paths, other) for other in arms if other != arm)


def _arms(statement: SgNode) -> list[SgNode]:
    heads = (statement.field("condition"), statement.field("initializer"))
    return [c for c in statement.named_children() if not is_comment(c) and c not in heads]


def _leave(paths: Paths, statement: SgNode) -> bool:
    kind = statement.kind()
    if kind in paths.leaves:
        return True
    return kind in paths.leaving and paths.leave_text.match(statement.text()) is not None


def _left_after(paths: Paths, parent: SgNode, child: SgNode) -> bool:
    """Whether a statement after ``child`` in ``parent`` leaves ``parent``'s block."""
    if parent.kind() in paths.ifs:
        return False  # its parts are branches, not statements run one after the other
    return any(s.is_named() and _leave(paths, s) for s in child.next_all())


def _apart(paths: Paths, common: SgNode, child: SgNode, use: int) -> bool:
    """Whether ``child`` and the part of ``common`` holding ``use`` never both run."""
    other = next((c for c in common.children() if holds(c, use)), None)
    if other is None or other == child:
        return False
    if child.kind() in paths.handlers:
        return other.kind() not in paths.finals
    if common.kind() in paths.ifs:
        heads = [common.field("condition"), common.field("initializer")]
        return child not in heads and other not in heads
    if child.kind() in paths.cases and other.kind() in paths.cases:
        return not falls(paths, child)
    return False


def falls(paths: Paths, arm: SgNode) -> bool:
    """Whether a ``switch`` arm runs on into the next one (``case 'a':`` stacked on the next
    label, a ``case`` without ``break``, Go's ``fallthrough``)."""
    last = _last(paths, arm)
    if paths.fallthrough:
        return last is not None and last.kind() == paths.fallthrough
    if arm.kind() not in paths.falling:
        return False
    return last is None or not (_leave(paths, last) or last.kind() in paths.jumps)


def arm_leaves(paths: Paths, arm: SgNode) -> bool:
    """Whether a ``switch`` arm always leaves (its last statement returns or throws, or is an
    ``if`` whose every branch does): code after the ``switch`` never runs after it."""
    last = _last(paths, arm)
    if last is None:
        return False
    return _leave(paths, last) or (last.kind() in paths.ifs and leaves(paths, last))


def _last(paths: Paths, node: SgNode) -> SgNode | None:
    """The last statement of an arm (inside a trailing block)."""
    for _ in range(8):
        named = [c for c in node.named_children() if not is_comment(c)]
        if not named:
            return None
        last = named[-1]
        if last.kind() not in paths.blocks:
            return last
        node = last
    return None


def holds(node: SgNode, at: int) -> bool:
    """Whether ``node`` spans the offset ``at``."""
    rng = node.range()
    return rng.start.index <= at < rng.end.index


# -- the languages ------------------------------------------------------------------------------

PYTHON: Final = Paths(
    ifs=frozenset({"if_statement"}),
    elifs=frozenset({"elif_clause"}),
    cases=frozenset({"case_clause"}),
    handlers=frozenset({"except_clause", "except_group_clause"}),
    finals=frozenset({"finally_clause"}),
    leaves=frozenset({"return_statement", "raise_statement"}),
)
JAVASCRIPT: Final = Paths(
    ifs=frozenset({"if_statement"}),
    cases=frozenset({"switch_case", "switch_default"}),
    falling=frozenset({"switch_case", "switch_default"}),
    handlers=frozenset({"catch_clause"}),
    finals=frozenset({"finally_clause"}),
)
RUBY: Final = Paths(
    ifs=frozenset({"if", "unless", "elsif"}),
    cases=frozenset({"when", "in_clause", "else"}),
    handlers=frozenset({"rescue"}),
    finals=frozenset({"ensure"}),
    leaves=frozenset({"return"}),
    leaving=frozenset({"call", "identifier"}),
    leave_text=re.compile(r"(?:raise|fail)\b"),
    jumps=frozenset({"break", "next"}),
    elses=frozenset({"else"}),
    blocks=frozenset({"then", "body_statement"}),
)
PHP: Final = Paths(
    ifs=frozenset({"if_statement"}),
    elifs=frozenset({"else_if_clause"}),
    cases=frozenset({"case_statement", "default_statement"}),
    falling=frozenset({"case_statement", "default_statement"}),
    handlers=frozenset({"catch_clause"}),
    finals=frozenset({"finally_clause"}),
    leaves=frozenset({"return_statement", "exit_statement"}),
    leaving=frozenset({"expression_statement"}),
    leave_text=re.compile(r"(?:throw|exit|die)\b"),
    blocks=frozenset({"compound_statement", "colon_block"}),
)
GO: Final = Paths(
    ifs=frozenset({"if_statement"}),
    cases=frozenset({"expression_case", "default_case", "type_case", "communication_case"}),
    fallthrough="fallthrough_statement",
    leaves=frozenset({"return_statement"}),
    leaving=frozenset({"expression_statement"}),
    leave_text=re.compile(r"(?:panic|os\.Exit|log\.Fatal\w*)\s*\("),
    blocks=frozenset({"block", "statement_list"}),
)
JAVA: Final = Paths(
    ifs=frozenset({"if_statement"}),
    cases=frozenset({"switch_block_statement_group", "switch_rule"}),
    falling=frozenset({"switch_block_statement_group"}),
    handlers=frozenset({"catch_clause"}),
    finals=frozenset({"finally_clause"}),
)
CSHARP: Final = Paths(
    ifs=frozenset({"if_statement"}),
    cases=frozenset({"switch_section"}),
    falling=frozenset({"switch_section"}),  # only an empty one (`case "a": case "b": ...`)
    jumps=frozenset({"break_statement", "continue_statement", "goto_statement"}),
    handlers=frozenset({"catch_clause"}),
    finals=frozenset({"finally_clause"}),
)
KOTLIN: Final = Paths(
    ifs=frozenset({"if_expression"}),
    cases=frozenset({"when_entry"}),
    handlers=frozenset({"catch_block"}),
    finals=frozenset({"finally_block"}),
    leaves=frozenset(),
    leaving=frozenset({"jump_expression"}),
    leave_text=re.compile(r"(?:return|throw)(?![@\w])"),  # not return@apply: the lambda's
    blocks=frozenset({"control_structure_body", "statements"}),
    closures=frozenset({"lambda_literal"}),
)

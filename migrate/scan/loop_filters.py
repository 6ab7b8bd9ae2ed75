"""The elements a loop skips before it adds a line, in Java, Kotlin, C#, Go, PHP and Ruby.

A cart filled in a loop is read as the loop's collection mapped: one Dodo line per element
(``flow.py``'s eaches, ``hashflow.py``'s for PHP and Ruby). A loop may leave elements out
first: ``if (line.isGift()) continue;`` (Java, C#, PHP, Go), ``if (line.gift) continue``
(Kotlin), ``next if line.gift`` (Ruby), a ``return`` in a ``forEach`` callback. Read without
it, the Dodo cart held a line for every element, the skipped ones too: more lines than the
Stripe cart, a silent overcharge (Python and TypeScript have their own reader:
``loop_skips.py``). A jump under an ``if`` with no ``else`` at the top of the loop's body,
before the line is added, is the collection filtered in the file's language
(``lines.stream().filter(line -> !(c)).toList()``, ``Lines.Where(line => !(c))``,
``lines.filter { line -> !(c) }``, ``array_filter($lines, fn($line) => !(c))``,
``lines.reject { |line| c }``; in Go, whose suggestion writes the loop, an ``if c {
continue }`` in it); any other jump before it (a ``break``: the list is cut short;
a ``continue`` nested deeper or on a name the body declares) leaves the list a run-time
value, never one line per element.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from typing import Any, Final, TypeVar

from ast_grep_py import SgNode

from migrate.scan.extract import CHOICE, DYNAMIC, EACH, is_dynamic, start
from migrate.scan.java_compat import to_list
from migrate.scan.loop_carried import assigned_in
from migrate.scan.loop_guards import guarded, negated
from migrate.scan.nodes import of_kind
from migrate.scan.php_compat import closure

_Loop = TypeVar("_Loop", bound=Any)
_KINDS: Final = {
    "java": (
        ("continue_statement", "break_statement"),
        "return_statement",
        "variable_declarator",
        "identifier",
    ),
    "csharp": (
        ("continue_statement", "break_statement"),
        "return_statement",
        "variable_declarator",
        "identifier",
    ),
    "go": (
        ("continue_statement", "break_statement"),
        "return_statement",
        "short_var_declaration",
        "identifier",
    ),
    "php": (
        ("continue_statement", "break_statement"),
        "return_statement",
        "assignment_expression",
        "variable_name",
    ),
    "kotlin": (("jump_expression",), "", "property_declaration", "simple_identifier"),
    "ruby": (("next", "break"), "return", "assignment", "identifier"),
}
"""Each language's node kinds: the jumps, a callback's ``return``, a local's declaration and a
name read."""
_CLOSURES: Final = {
    "ruby": frozenset({"block", "do_block", "lambda"}),
    "kotlin": frozenset({"lambda_literal"}),
}
"""Per-element callbacks that are no function for the extractor (Ruby's blocks, Kotlin's
lambdas)."""
_LOOPS: Final = frozenset(
    {
        "enhanced_for_statement",
        "for_statement",
        "foreach_statement",
        "while_statement",
        "do_statement",
        "do_while_statement",
        "for",
        "while",
        "until",
    }
)
_BLOCKS: Final = frozenset(
    {
        "block",
        "compound_statement",
        "statements",
        "control_structure_body",
        "body_statement",
        "statement_list",
        "then",
        "expression_statement",
    }
)
_IFS: Final = frozenset({"if_statement", "if_expression", "if", "if_modifier", "unless_modifier"})


GO_SKIP: Final = "/* stripe2dodo skips: {} */"
"""How a Go collection carries the elements its loop skips: Go has no filter expression, so
the loop the suggestion writes (``suggest_go.py``) skips them with a ``continue``."""
GO_SKIPPED: Final = re.compile(r"(?s)(?P<over>.*) /\* stripe2dodo skips: (?P<cond>.*) \*/")


UNWRITTEN: Final = "added in a loop over no collection, in a helper"
"""What a builder's list a helper's loop over no collection adds to is said to be, after the
builder's name and the list's key (``lang/jvm.py``): blocked (RT056, ``inline_lines.py``)."""
_LOOP_TEXT: Final = re.compile(r"(?:for|foreach|while|do)\b\s*[\w({]")


def unmapped_loop(element: Any) -> bool:
    """Whether a list's element is a loop that adds lines but is no one line per element of a
    collection (an index loop, one cut short): ``flow.wrapped`` writes it as the loop's text, no
    expression, so the list that holds it is known only at run time."""
    choice = element.get(CHOICE) if is_dynamic(element) else None
    if type(choice) is dict:  # if (extras) { for (int i...) ... }: in a branch
        return unmapped_loop(choice.get("then")) or unmapped_loop(choice.get("else"))
    each = element.get(EACH) if is_dynamic(element) else None
    if type(each) is dict:  # for _, p := range ps { for ... { if ... { break } } }: inside
        return unmapped_loop(each.get("item"))
    return (
        is_dynamic(element) and len(element) == 1 and bool(_LOOP_TEXT.match(str(element[DYNAMIC])))
    )


def skipped(
    loop: SgNode, push: SgNode, *, family: str, functions: Collection[str], var: str = ""
) -> list[str] | None:
    """The conditions (as written, each true for an element the loop leaves out) under which
    ``loop`` skips an element before ``push`` adds it; None when it jumps otherwise."""
    scopes = frozenset(functions) | _CLOSURES.get(family, frozenset())
    callback = _callback(loop, push, scopes)
    owners = {loop} if callback is None else {loop, callback}
    out: list[str] = []
    if family not in _KINDS:
        return None
    jumps, returns, declares, names = _KINDS[family]
    for jump in _jumps(loop, jumps, returns, callback):
        owner = next(
            (a for a in jump.ancestors() if a.kind() in _LOOPS or a.kind() in scopes), None
        )
        if owner not in owners:
            continue  # a nested loop's (or function's) own jump
        said = re.match(r"\w*(@?)", jump.text())
        word, labelled = (said[0].rstrip("@"), bool(said[1])) if said else ("", False)
        if word == "break" or (family == "kotlin" and word != "return" and labelled):
            return None  # the list may be cut short, or an outer loop goes on
        if family == "kotlin" and word not in ("continue", "return"):
            continue  # a throw: no element added, no call made
        if word == "return" and owner != callback:
            continue  # leaves the function: no call made
        if start(jump) >= start(push):
            continue  # after the element was added: it is in the list
        cond = _condition(jump, owner)
        if cond is None or _reads_body_local(cond[0], owner, jump, declares, names):
            return None
        if {n.text() for n in of_kind(cond[0], names)} & assigned_in(owner):
            return None  # a counter the body changes (n++; if (n > 3) continue): per turn
        if _reads_loop_names(cond[0], callback or loop, names, var):
            return None  # the key or index the loop binds: not the element the filter sees
        node, negated = cond
        out.append(f"!({node.text()})" if negated else node.text())
    return out


def filtered(over: str, var: str, conds: list[str], family: str) -> str | None:
    """The collection ``over`` without the elements ``conds`` skip, in ``family``'s syntax;
    None where the language has no such expression (Go)."""
    if not conds:
        return over
    skip = conds[0] if len(conds) == 1 else " || ".join(f"({c})" for c in conds)
    if family == "go":  # no filter expression: the loop the suggestion writes (index and
        return f"{over} {GO_SKIP.format(skip)}"  # element both bound) skips them
    if not var or "," in var or "=>" in var:
        return None
    if family == "java":
        return f"{over}.stream().filter({var} -> {negated(skip)}){to_list()}"
    if family == "csharp":
        return f"{over}.Where({var} => {negated(skip)})"
    if family == "kotlin":
        return f"{over}.filter {{ {var} -> {negated(skip)} }}"
    if family == "php":
        return f"array_filter({over}, {closure(var, negated(skip))})"  # renumbered once mapped
    if family == "ruby":
        return f"{over}.reject {{ |{var}| {skip} }}"
    return None


def kept(
    loop: SgNode, over: str, var: str, push: SgNode, *, family: str, functions: Collection[str]
) -> str | None:
    """``over`` (the collection ``loop`` runs on, element ``var``) without the elements the
    loop skips before ``push``; None when that cannot be written."""
    conds = skipped(loop, push, family=family, functions=functions, var=var)
    return filtered(over, var, conds, family) if conds is not None else None


def skipping(
    loop: _Loop, push: SgNode, reader: Any, controls: list[Any]
) -> tuple[_Loop, list[Any]]:
    """A flow ``Loop`` (``migrate/scan/flow.py``) over its collection less the elements it
    skips before ``push``, as ``reader`` (an extractor: its ``family`` and ``functions``)
    reads them, and less those the ``if``s around ``push`` in its body leave out (guards:
    ``migrate/scan/loop_guards.py``), with ``controls`` (those between ``push`` and the loop)
    less the guards it reads so; over no collection (known at run time) when the skips cannot
    be written."""
    if loop.over is None:
        return loop, controls
    family = reader.family
    conds = skipped(loop.node, push, family=family, functions=reader.functions, var=loop.var)
    guards = guarded(loop.node, loop.var, controls, family) if conds is not None else None
    if guards is not None:
        conds = [*(conds or []), *(negated(c) for _, c in guards)]
        folded = {id(b) for b, _ in guards}
        controls = [c for c in controls if id(c) not in folded]
    over = filtered(loop.over, loop.var, conds, family) if conds is not None else None
    return dataclasses.replace(loop, over=over), controls


def _callback(loop: SgNode, push: SgNode, scopes: Collection[str]) -> SgNode | None:
    """The function run per element (``forEach``'s lambda, ``each``'s block) that holds
    ``push``, when the loop is such a call: the outermost function between them."""
    found = None
    for ancestor in push.ancestors():
        if ancestor == loop:
            return found
        if ancestor.kind() in scopes:
            found = ancestor
    return None


def _jumps(
    loop: SgNode, kinds: tuple[str, ...], returns: str, callback: SgNode | None
) -> list[SgNode]:
    found: list[SgNode] = []
    for kind in kinds:
        found.extend(of_kind(loop, kind))
    if callback is not None and returns:
        found.extend(of_kind(callback, returns))
    return sorted(found, key=start)


def _condition(jump: SgNode, owner: SgNode) -> tuple[SgNode, bool] | None:
    """The condition of the ``if`` whose only statement is ``jump``, itself a statement of
    ``owner``'s body (not nested under another branch), with no ``else``; and whether the
    element is skipped when it is false (Ruby's ``unless``)."""
    stmt = jump
    parent = stmt.parent()
    while parent is not None and parent.kind() in _BLOCKS and _only(parent) == [stmt]:
        stmt, parent = parent, parent.parent()
    if parent is None or parent.kind() not in _IFS:
        return None
    branch = parent
    if branch.field("alternative") is not None or any(
        c.kind() in ("else", "elsif", "else_clause") or c.text() == "else"
        for c in branch.children()
    ):
        return None
    above = branch.parent()
    while above is not None and above.kind() in _BLOCKS and above != owner:
        above = above.parent()
    if above != owner and (above is None or above.parent() != owner):
        return None
    cond = branch.field("condition")
    if cond is None:  # Kotlin's if_expression names no fields
        named = [c for c in branch.named_children() if c.kind() not in _BLOCKS and c != jump]
        cond = named[0] if named and named[0].kind() != "comment" else None
    if cond is None:
        return None
    while cond.kind() == "parenthesized_expression" and len(_only(cond)) == 1:
        cond = _only(cond)[0]
    return cond, branch.kind() == "unless_modifier"


def _only(node: SgNode) -> list[SgNode]:
    return [c for c in node.named_children() if c.kind() != "comment"]


def _reads_loop_names(cond: SgNode, region: SgNode, names: str, var: str) -> bool:
    """Whether ``cond`` reads a name the loop binds besides its element ``var`` (``$id`` in
    ``foreach ($cart as $id => $row)``, ``i`` in ``for i, row := range rows`` or ``each_with_index
    do |row, i|``): written in the filter, it would name nothing or another value."""
    body = region.field("body")
    if body is None:
        return False
    bound = {n.text() for n in of_kind(region, names) if start(n) < start(body)}
    bound -= set(var.split(", "))  # Go's "i, row": the loop the suggestion writes binds both
    return bool({n.text() for n in of_kind(cond, names)} & bound)


def _reads_body_local(cond: SgNode, owner: SgNode, jump: SgNode, declares: str, names: str) -> bool:
    """Whether ``cond`` reads a name the loop's body declares before ``jump``: out of scope
    in the filter the suggestion writes."""
    declared: set[str] = set()
    for decl in of_kind(owner, declares):
        if start(decl) >= start(jump):
            continue
        target = decl.field("name") or decl.field("left")
        if target is None:
            found = of_kind(decl, names)[:1]
            target = found[0] if found else None
        if target is not None:
            declared.update(n.text() for n in of_kind(target, names))
            declared.add(target.text())
    read = {n.text() for n in of_kind(cond, names)}
    return bool(read & declared)


__all__ = ["GO_SKIPPED", "UNWRITTEN", "filtered", "kept", "skipped", "skipping", "unmapped_loop"]

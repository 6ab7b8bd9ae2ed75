"""Under which condition a ``switch`` arm runs: a case read as the ``if``/``else if`` it stands for.

A statement in one arm of a ``switch`` (Go, Java), a ``when`` entry (Kotlin) or a C# section runs
only when that arm is the one chosen, so what it sets holds after the ``switch`` only then: a
*choice* between it and the value from before, never the value itself (``price = "price_pro"``
under ``case "pro":`` is not the price of every plan). The followers (``migrate/scan/flow.py``)
ask here for the chain of conditions an arm stands for, outermost first, as they read an
``if``/``else if`` chain: every arm tested before it that is not taken, then its own test.

- an arm's test is any of its labels: ``plan == "pro" || plan == "team"`` (Go ``case "pro",
  "team":``, labels stacked on one arm, a ``case`` that falls into the next one);
- the ``default`` (``else``) arm runs when no other arm's test holds, wherever it is written;
- an arm that always returns or throws is left out of the others' chains: code after the
  ``switch`` is not reached through it, so its test does not hold there;
- when every other arm (a ``default`` too) returns, the one left holds without a condition;
  when the ``default`` returns, the last arm that does not holds when none before it did
  (``default: return err`` after the arms that set the price: no price from before the
  ``switch`` reaches the call).

A language says how it writes one arm's test (``Arm``; ``read_*`` below); where it cannot be
written as an expression valid after the ``switch`` (a Go ``select``, a name the ``switch`` binds
that has no plain value), the condition is ``TODO_case_line<N>``, a name defined nowhere, so the
Dodo call cannot compile with one arm's value picked silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import find_kind, is_comment
from migrate.scan.reach import Paths, arm_leaves, falls

_PRIMARY: Final = re.compile(r"^[\w$.]+(\(\))?$")
"""A subject that needs no parentheses: a name, a field, a getter."""


@dataclass(frozen=True, slots=True)
class Arm:
    """One arm's tests (any one chooses it; none: the ``default``). ``keyed``: they compare one
    subject to constants, so no two arms' tests hold at once."""

    tests: tuple[str, ...]
    keyed: bool = True


Text = Callable[[SgNode], str]
Reader = Callable[[SgNode, Text], "Arm | None"]
Link = tuple[SgNode, str, bool]
"""The ``switch``, an arm's test, and whether it holds (the arm's own) or not (one before)."""
_BODIES: Final = frozenset({"switch_block", "switch_body"})
"""Nodes holding the arms inside the ``switch`` itself (Java, C#)."""


def chain(paths: Paths, container: SgNode, arm: SgNode, read: Reader, text: Text) -> list[Link]:
    """The conditions (outermost first) the statements of ``arm``, an arm of the ``switch``
    body ``container``, run under, seen from after the ``switch``."""
    arms = [c for c in container.named_children() if c.kind() in paths.cases]
    if arm not in arms:
        return []
    index = arms.index(arm)
    runs: list[list[int]] = []  # arms that run on into each other, in order
    for i in range(len(arms)):
        if i and falls(paths, arms[i - 1]):
            runs[-1].append(i)
        else:
            runs.append([i])
    mine = [i for i in next(r for r in runs if index in r) if i <= index]  # choosing one runs it
    read_arms = [read(a, text) for a in arms]
    if (
        any(r is None for r in read_arms)
        or any(_jumps(arms[i]) for i in mine)
        or any(_goes_to(a) for a in arms)  # `goto case "team"` runs another arm's statements
    ):
        return [(arm, f"TODO_case_line{arm.range().start.line + 1}", True)]
    info = [r for r in read_arms if r is not None]
    whole = container.parent() if container.kind() in _BODIES else container
    switch = whole if whole is not None else container  # its text names the subject
    others = [  # the other arms, a run as one, but those after which the switch is left
        [i for i in run if i not in mine] for run in runs if not arm_leaves(paths, arms[run[-1]])
    ]
    others = [o for o in others if o]

    def taken(ids: list[int]) -> Link | None:
        tests = [t for i in ids for t in info[i].tests]
        return (switch, _any(tests), False) if tests else None

    if any(not info[i].tests for i in mine):  # the default runs this arm
        if len(mine) > 1 and not all(a.keyed for a in info):
            return [(arm, f"TODO_case_line{arm.range().start.line + 1}", True)]
        return [link for o in others if (link := taken(o)) is not None]
    if not others and any(not a.tests for a in info):
        return []  # every other arm, the default too, leaves: this one ran
    before = [link for o in others if o[-1] < mine[0] and (link := taken(o)) is not None]
    if len(before) == len(others) and any(
        not info[i].tests and arm_leaves(paths, arms[i]) for i in range(len(arms))
    ):  # the default leaves and no arm after this one is left: when none before ran, it did
        return before
    return [*before, (switch, _any([t for i in mine for t in info[i].tests]), True)]


_JUMPS: Final = ("break_statement", "jump_expression")
"""Statements that leave an arm before its end (Kotlin's ``jump_expression``: a ``break``)."""
_BREAKABLE: Final = re.compile(r"for|while|loop|do_statement|switch|select|when")
"""Kinds of node a ``break`` inside them leaves instead of the arm around them."""


def _jumps(arm: SgNode) -> bool:
    """Whether the statements of ``arm`` may leave it before its last one (a ``break`` under a
    condition): then what it sets after that holds only on some
    of its runs, a condition the chain cannot write (review: ``if seats > 100 { break }`` before
    ``price = "price_pro"`` charged every pro buyer the pro price)."""
    statements = [c for c in arm.named_children() if not is_comment(c)]
    last = statements[-1] if statements else None
    for kind in _JUMPS:
        for jump in find_kind(arm, kind):  # [] for a kind of another grammar
            if kind == "jump_expression" and not jump.text().startswith("break"):
                continue
            if jump == last or (last is not None and _only(last) == jump):
                continue  # `break;` ending the arm (alone, or as its block's last statement)
            if not _in_breakable(jump, arm):
                return True
    return False


def _goes_to(arm: SgNode) -> bool:
    """Whether an arm holds a ``goto`` (C#'s ``goto case``/``goto default``, Go's ``goto``)."""
    return bool(find_kind(arm, "goto_statement"))  # [] where the grammar has no goto


def _only(node: SgNode) -> SgNode | None:
    """The last statement of a block (``{ ...; break; }`` ending a Java or C# arm)."""
    inner = [c for c in node.named_children() if not is_comment(c)]
    return inner[-1] if node.kind() in ("block", "statement_block") and inner else None


def _in_breakable(jump: SgNode, arm: SgNode) -> bool:
    """Whether a ``break`` leaves a loop or a ``switch`` inside ``arm``, not the arm."""
    for ancestor in jump.ancestors():
        if ancestor == arm:
            return False
        if _BREAKABLE.search(ancestor.kind()):
            return True
    return False


def _any(tests: tuple[str, ...] | list[str]) -> str:
    """Tests joined by ``||`` (each a comparison, a type or range test, or a condition of a
    ``switch`` without a subject: all bind tighter than ``||``)."""
    return " || ".join(tests)


def _operand(text: str) -> str:
    return text if _PRIMARY.match(text) else f"({text})"


# -- the languages ------------------------------------------------------------------------------


def read_go(arm: SgNode, text: Text) -> Arm | None:
    """``case "a", "b":`` of ``switch plan`` (``plan == "a" || plan == "b"``), of a ``switch``
    without a subject (each label is a condition), of a type switch (``x.(T)`` succeeds)."""
    switch = arm.parent()
    if switch is None or switch.kind() == "select_statement":
        return None  # the runtime picks a ready channel
    if arm.kind() == "default_case":
        return Arm(())
    subject_node = switch.field("value")
    subject = _go_subject(switch, subject_node, text) if subject_node is not None else None
    if subject_node is not None and subject is None:
        return None
    if arm.kind() == "type_case":
        if not go_subject_once(switch):
            return None  # written again at the call it is another value: no test
        types = [t for t in arm.field_children("type") if t.is_named()]
        return Arm(
            tuple(
                f"{subject} == nil"
                if t.text() == "nil"
                else f"func() bool {{ _, ok := {subject}.({t.text()}); return ok }}()"
                for t in types
            )
        )
    labels = arm.field("value")
    values = [v for v in labels.named_children() if not is_comment(v)] if labels else []
    if subject is None:
        return Arm(tuple(text(v) for v in values), keyed=False)
    return Arm(tuple(f"{_operand(subject)} == {text(v)}" for v in values))


def _go_subject(switch: SgNode, subject: SgNode, text: Text) -> str | None:
    """The subject as written after the ``switch``: a name its initializer binds is what it
    is bound to (``switch p := plan.Tier(); p {``), None when that is not one plain value."""
    init = switch.field("initializer")
    if init is None or init.kind() != "short_var_declaration":
        return text(subject)
    left, right = init.field("left"), init.field("right")
    names = [n.text() for n in left.named_children()] if left is not None else []
    if subject.text() not in names:
        bound = set(names)
        ids = {n.text() for n in subject.find_all(kind="identifier")} | {subject.text()}
        return None if ids & bound else text(subject)
    values = [v for v in right.named_children() if not is_comment(v)] if right else []
    if len(values) != len(names):
        return None
    return _operand(text(values[names.index(subject.text())]))


def go_subject_once(switch: SgNode) -> bool:
    """Whether a type switch's subject, written again after the ``switch`` (where the Dodo call
    is), is the value the switch tested: no call in it (``loadPlan(id)`` would run again, and
    may return another plan) and no name of it given a value again from the ``switch`` on
    (``p = nil`` after ``switch v := p.(type)``: ``p.(GoldPlan)`` would panic there)."""
    subject = switch.field("value")
    if subject is None:
        return False
    parts = [subject]
    init = switch.field("initializer")
    if init is not None:
        parts.append(init)
    if any(p.kind() == "call_expression" or p.find(kind="call_expression") for p in parts):
        return False
    names = {n.text() for p in parts for n in [p, *p.find_all(kind="identifier")]}
    function = next((a for a in switch.ancestors() if a.kind() in _GO_FUNCTIONS), None)
    if function is None:
        return True
    after = switch.range().start.index
    for kind in ("assignment_statement", "inc_statement", "dec_statement"):
        for node in function.find_all(kind=kind):
            if node.range().start.index < after or (init is not None and node == init):
                continue
            left = node.field("left") if kind == "assignment_statement" else node
            if left is None:
                continue
            targets = left.named_children() if left.kind() == "expression_list" else [left]
            if any(_go_root(t) in names for t in targets):
                return False
    return True


_GO_FUNCTIONS: Final = frozenset({"function_declaration", "method_declaration", "func_literal"})


def _go_root(target: SgNode) -> str:
    """The name an assignment's target writes into (``order.Plan``, ``plans[0]``: ``order``,
    ``plans``; ``*p``: ``p``)."""
    node: SgNode | None = target
    while node is not None and node.kind() != "identifier":
        inner = [c for c in node.named_children() if not is_comment(c)]
        node = inner[0] if inner else None
    return node.text() if node is not None else ""


def go_in_arm(node: SgNode, use: int) -> bool:
    """Whether ``node`` (a binding) is in an arm of a type switch that does not hold ``use``
    and whose subject cannot be written again there (:func:`go_subject_once`): the value it
    binds is then only the name's own at run time."""
    for arm in node.ancestors():
        if arm.kind() in _GO_FUNCTIONS:
            return False
        switch = arm.parent()
        if (
            arm.kind() in ("type_case", "default_case")
            and switch is not None
            and switch.kind() == "type_switch_statement"
            and not arm.range().start.index <= use < arm.range().end.index
            and not go_subject_once(switch)
        ):
            return True
    return False


def go_type_bound(
    node: SgNode,
    written: str,
    text: Text = SgNode.text,
    site: int = 0,
    hidden: list[tuple[str, str]] | None = None,
) -> str:
    """``written`` (``node``'s text as the follower writes it) with each name a type switch
    around ``node`` binds (``switch v := p.(type)``) written as what it holds in its arm:
    ``p.(T)`` in a case of one type, ``p`` in a case of several, of ``nil`` or the default. The
    name is out of scope after the ``switch``, where the Dodo call is (review: ``price = v``
    under ``case string:`` was ``ProductID(v)`` after it). ``text`` writes the switch's subject
    (a nested switch's, ``switch v := v.Inner.(type)``, names the outer one's ``v``). A name
    whose arm holds ``site`` (the call) is itself there; one whose switch's subject written
    again is another value (:func:`go_subject_once`) is ``TODO_<name>``, noted in ``hidden``."""
    names = [node] if node.kind() == "identifier" else []
    names += node.find_all(kind="identifier")
    held: dict[SgNode, str] = {}
    for ident in names:
        value = _type_bound(ident, text, site)
        if value is not None:
            held[ident] = value
            if hidden is not None and value == f"TODO_{ident.text()}":
                line = ident.range().start.line + 1
                hidden.append((ident.text(), f"the type switch around line {line}"))
    if not held:
        return written
    if written != node.text():  # already written otherwise (a helper's arguments): by name
        for ident, value in held.items():
            written = re.sub(rf"(?<![\w.]){re.escape(ident.text())}(?!\w)", value, written)
        return written
    base = node.range().start.index
    for ident, value in sorted(held.items(), key=lambda e: -e[0].range().start.index):
        begin, end = ident.range().start.index - base, ident.range().end.index - base
        written = written[:begin] + value + written[end:]
    return written


def _type_bound(ident: SgNode, text: Text, site: int = 0) -> str | None:
    """What the name ``ident`` holds when a type switch's arm around it binds it, else None
    (None too when that arm holds ``site``: the name is in scope there)."""
    name = ident.text()
    for arm in ident.ancestors():
        if arm.kind() in ("function_declaration", "method_declaration"):
            return None
        switch = arm.parent()
        if arm.kind() not in ("type_case", "default_case") or switch is None:
            continue
        alias = switch.field("alias")
        if switch.kind() != "type_switch_statement" or alias is None:
            continue
        if name not in [a.text() for a in alias.named_children()]:
            continue
        if _declared_again(arm, name, ident.range().start.index):
            return None
        if site and arm.range().start.index <= site < arm.range().end.index:
            return None  # the call is in the arm: the name is the switch's there
        if not go_subject_once(switch):
            return f"TODO_{name}"  # written again at the call it is another value
        subject_node = switch.field("value")
        subject = _go_subject(switch, subject_node, text) if subject_node else None
        if subject is None:
            return f"TODO_{name}"  # bound from what the switch's initializer binds: no value
        types = [t for t in arm.field_children("type") if t.is_named()]
        if arm.kind() == "type_case" and len(types) == 1 and types[0].text() != "nil":
            return f"{_operand(subject)}.({types[0].text()})"
        return subject
    return None


def _declared_again(arm: SgNode, name: str, before: int) -> bool:
    """Whether a declaration in ``arm`` before ``before`` binds ``name`` anew (or a function
    literal's parameter does)."""
    for kind in ("short_var_declaration", "var_spec", "parameter_declaration"):
        for decl in arm.find_all(kind=kind):
            if decl.range().end.index > before:
                continue  # `v := v.Inner.(string)`: its value's `v` is the switch's
            left = decl.field("left") if kind == "short_var_declaration" else decl
            if left is not None and any(
                n.text() == name for n in left.field_children("name") or left.named_children()
            ):
                return True
    return False


def read_java(arm: SgNode, text: Text) -> Arm | None:
    """``case "a", "b":`` / ``case "a" ->`` of ``switch (plan)``: ``"a".equals(plan)`` for a
    string, ``plan == 1`` otherwise; ``case Foo f when g`` is ``plan instanceof Foo f && (g)``."""
    block = arm.parent()
    switch = block.parent() if block is not None else None
    cond = switch.field("condition") if switch is not None else None
    inner = [c for c in cond.named_children() if not is_comment(c)] if cond else []
    if len(inner) != 1:
        return None
    subject = _operand(text(inner[0]))
    tests: list[str] = []
    for label in (c for c in arm.named_children() if c.kind() == "switch_label"):
        if label.text().startswith("default") or any(
            c.text() == "default" for c in label.children()
        ):
            return Arm(())  # `default`, `case null, default`
        guard = next((c for c in label.named_children() if c.kind() == "guard"), None)
        for part in label.named_children():
            if part.kind() == "guard" or is_comment(part):
                continue
            if part.kind() in ("pattern", "type_pattern", "record_pattern"):
                test = f"{subject} instanceof {part.text()}"
            elif part.kind() == "string_literal":
                test = f"{text(part)}.equals({subject})"
            elif part.kind() == "identifier":
                test = _java_constant(part, inner[0], subject)
            else:
                test = f"{subject} == {text(part)}"
            if guard is not None:
                when = [c for c in guard.named_children() if not is_comment(c)]
                test = f"{test} && ({text(when[-1])})" if when else test
            tests.append(test)
    return Arm(tuple(tests)) if tests else None


_JAVA_NUMBERS: Final = frozenset(
    {"int", "long", "short", "byte", "char", "Integer", "Long", "Short", "Byte", "Character"}
)
_JAVA_SCOPES: Final = frozenset(
    {"method_declaration", "constructor_declaration", "lambda_expression"}
)


def _java_constant(label: SgNode, subject_node: SgNode, subject: str) -> str:
    """The test of an unqualified label ``case PRO:``, written after the ``switch``: an enum's
    constant is named through its enum there (``plan == Plan.PRO``, the subject's declared type;
    ``plan.name().equals("PRO")`` when that is unknown and the file declares no constant
    ``PRO``), a constant of the file is itself (``.equals`` for text, the subject declared
    ``String``). ``plan == PRO`` does not compile outside the ``switch`` (review: an enum
    switch's price choice). When the subject's type is unknown and the file declares a
    constant ``PRO`` of a type other than a number, the label is an enum's constant or that
    one: ``PRO.equals(plan)`` would compile and never hold on an enum (its arm's price never
    chosen), so the test is ``TODO_case_line<N>``, a name defined nowhere (review)."""
    name = label.text()
    declared = _java_type(subject_node, subject_node.text())
    if declared is None or declared == "var":
        own = _java_type(subject_node, name, fields_only=True)
        if own is None:
            return f'{subject}.name().equals("{name}")'
        if own not in _JAVA_NUMBERS:  # `enum == int` does not compile: a number is no risk
            return f"TODO_case_line{label.range().start.line + 1}"
        declared = own  # a numeric constant of the file: compared as one
    elif declared not in _JAVA_NUMBERS and declared not in ("String", "java.lang.String"):
        return f"{subject} == {declared.split('<', 1)[0]}.{name}"
    if declared in ("String", "java.lang.String"):
        return f"{name}.equals({subject})"
    return f"{subject} == {name}"


def _java_type(at: SgNode, name: str, *, fields_only: bool = False) -> str | None:
    """The written type of the variable ``name`` seen from ``at``: a parameter, a loop's or a
    local declared before ``at`` in a method around it (unless ``fields_only``), else a field of
    a class around it (``this.name`` too); None when none declares it."""
    if name.startswith("this."):
        name, fields_only = name.removeprefix("this."), True
    if not name.isidentifier():
        return None
    where = at.range().start.index
    for scope in at.ancestors():
        kind = scope.kind()
        if kind in _JAVA_SCOPES and not fields_only:
            params = scope.field("parameters")
            for param in params.named_children() if params is not None else []:
                if _named(param, name):
                    return _written(param)
            for kind_ in ("local_variable_declaration", "enhanced_for_statement"):
                for decl in scope.find_all(kind=kind_):
                    if decl.range().start.index < where and _declares(decl, name):
                        return _written(decl)
        elif kind in ("class_body", "enum_body_declarations", "interface_body"):
            for decl in scope.named_children():
                fields = ("field_declaration", "constant_declaration")
                if decl.kind() in fields and _declares(decl, name):
                    return _written(decl)
    return None


def _named(node: SgNode, name: str) -> bool:
    found = node.field("name")
    return found is not None and found.text() == name


def _declares(decl: SgNode, name: str) -> bool:
    return _named(decl, name) or any(_named(d, name) for d in decl.field_children("declarator"))


def _written(decl: SgNode) -> str | None:
    written = decl.field("type")
    return "".join(written.text().split()) or None if written is not None else None


def read_csharp(section: SgNode, text: Text) -> Arm | None:
    """``case "a":`` of ``switch (plan)`` (``plan == "a"``), ``case Foo f when g:`` (``plan is
    Foo f && (g)``); ``default:`` the default."""
    body = section.parent()
    switch = body.parent() if body is not None else None
    subject_node = switch.field("value") if switch is not None else None
    if subject_node is None:
        return None
    subject = _operand(text(subject_node))
    tests: list[str] = []
    children = section.children()
    for i, child in enumerate(children):
        if child.kind() == "default":
            return Arm(())
        if child.kind() != "case" or i + 1 >= len(children):
            continue
        pattern = children[i + 1]
        if pattern.kind() == "constant_pattern":
            test = f"{subject} == {text(pattern)}"
        else:
            test = f"{subject} is {text(pattern)}"
        when = children[i + 2] if i + 2 < len(children) else None
        if when is not None and when.kind() == "when_clause":
            inner = [c for c in when.named_children() if not is_comment(c)]
            test = f"{test} && ({text(inner[-1])})" if inner else test
        tests.append(test)
    return Arm(tuple(tests)) if tests else None


def read_kotlin(entry: SgNode, text: Text) -> Arm | None:
    """``"a", "b" ->`` of ``when (plan)`` (``plan == "a" || plan == "b"``), ``in range ->``,
    ``is Type ->``; in a ``when`` without a subject each condition as written."""
    when = entry.parent()
    conditions = [c for c in entry.named_children() if c.kind() == "when_condition"]
    if not conditions:
        return Arm(())  # else ->
    heads = [c for c in when.named_children() if c.kind() == "when_subject"] if when else []
    subject: str | None = None
    if heads:
        parts = [
            c
            for c in heads[0].named_children()
            if c.kind() != "variable_declaration" and not is_comment(c)
        ]
        if len(parts) != 1:
            return None
        subject = _operand(text(parts[-1]))  # when (val p = expr): expr
    tests: list[str] = []
    for condition in conditions:
        inner = [c for c in condition.named_children() if not is_comment(c)]
        if len(inner) != 1:
            return None
        if subject is None:
            tests.append(text(inner[0]))
        elif inner[0].kind() in ("range_test", "type_test"):
            tests.append(f"{subject} {text(inner[0])}")
        else:
            tests.append(f"{subject} == {text(inner[0])}")
    return Arm(tuple(tests), keyed=subject is not None)


READERS: Final[dict[str, Reader]] = {
    "go": read_go,
    "java": read_java,
    "csharp": read_csharp,
    "kotlin": read_kotlin,
}
"""How each language that reads through ``flow.py`` writes an arm's test, by family."""

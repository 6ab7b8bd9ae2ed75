"""A wrapper whose Stripe call runs only for some values of one of its parameters.

Read in a WordPress forms plugin: ``create_request( $path, $args )`` switches on ``$path``, one
case per Stripe call (``'products'`` lists products, ``'get_session'`` retrieves a session,
``'create_session'`` creates one). As a wrapper of its Checkout creation, every call of it was
a creation site with a blocker: 24 false creations for 2 real ones (``'get_session'``,
``'price'``...). The creation runs under the case labels (or the ``if`` equality) that test that
parameter against literals: the wrapper records them (``Wrapper.selector``), and a call passing
a literal none of them matches is no call of the wrapper's creation. A call passing a run-time
value still is. Read for a ``switch`` (PHP, JavaScript/TypeScript, Java, C#, Go) and an
``if``/``elif`` equality (those and Python, Ruby), outermost test first.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment
from migrate.scan.params import Param
from migrate.scan.wrapper_binding import call_arguments

_SWITCHES: Final = frozenset(
    {"switch_statement", "switch_expression", "expression_switch_statement"}
)
_CASES: Final = frozenset(
    {"case_statement", "switch_case", "switch_block_statement_group", "switch_section"}
)
_GO_CASES: Final = frozenset({"expression_case"})
_IFS: Final = frozenset({"if_statement", "if", "elif_clause", "elsif"})
_STRING: Final = re.compile(r"""^\s*(?:'([^'\\]*)'|"([^"\\$]*)")\s*$""")
_EQUALS: Final = re.compile(
    r"""^\(?\s*(?P<a>[$@]?[A-Za-z_]\w*|'[^'\\]*'|"[^"\\$]*")\s*===?\s*"""
    r"""(?P<b>[$@]?[A-Za-z_]\w*|'[^'\\]*'|"[^"\\$]*")\s*\)?$"""
)

Selector = tuple[str, tuple[str, ...]]
"""A parameter's name as written and the literal values under which the creation runs."""


def selector_of(call: SgNode, function: SgNode, params: set[str]) -> Selector | None:
    """The parameter (of ``params``) and literal values the Stripe ``call`` runs under, when a
    ``switch`` on the parameter or an ``if`` comparing it to a literal holds the call; None
    when nothing of the kind does."""
    found: Selector | None = None
    below = call
    for ancestor in call.ancestors():
        if ancestor == function:
            break
        kind = ancestor.kind()
        if kind in _CASES or kind in _GO_CASES:
            switch = next((a for a in ancestor.ancestors() if a.kind() in _SWITCHES), None)
            got = _case(switch, ancestor, params) if switch is not None else None
            found = got or found
        elif kind in _IFS:
            test = ancestor.field("condition")
            if test is not None and not _within(test, below):
                got = _equality(test.text(), params)
                found = got or found
        below = ancestor
    return found


def _within(node: SgNode, inner: SgNode) -> bool:
    rng, at = node.range(), inner.range()
    return rng.start.index <= at.start.index and at.end.index <= rng.end.index


def _case(switch: SgNode, case: SgNode, params: set[str]) -> Selector | None:
    """A ``switch`` on a parameter and the labels of ``case`` (and of the empty cases falling
    into it)."""
    subject = switch.field("condition") or switch.field("value") or switch.field("expression")
    name = subject.text().strip("() \t") if subject is not None else ""
    if name not in params:
        return None
    labels: list[str] = []
    for label in _labels(case):
        literal = _STRING.match(label)
        if literal is None:
            return None  # a label that is no literal: which values run it cannot be told
        labels.append(literal.group(1) if literal.group(1) is not None else literal.group(2))
    before = case.prev()
    while before is not None and before.kind() in _CASES and _empty(before):
        for label in _labels(before):
            literal = _STRING.match(label)
            if literal is None:
                return None
            labels.append(literal.group(1) if literal.group(1) is not None else literal.group(2))
        before = before.prev()
    return (name, tuple(labels)) if labels else None


def _labels(case: SgNode) -> list[str]:
    """A case's label texts (none for a ``default``)."""
    value = case.field("value")
    if value is not None:
        if case.kind() in _GO_CASES:
            return [c.text() for c in value.named_children() if not is_comment(c)]
        return [value.text()]
    return [
        c.text()
        for c in case.named_children()
        if c.kind() in ("switch_label", "case_switch_label")
        for c in c.named_children()
    ]


def _empty(case: SgNode) -> bool:
    """Whether a case holds no statement (it falls into the next one)."""
    body = [c for c in case.named_children() if not is_comment(c)]
    return len(body) <= 1


def _equality(test: str, params: set[str]) -> Selector | None:
    """``$path === 'create_session'`` (either way round)."""
    found = _EQUALS.match(test.strip())
    if found is None:
        return None
    a, b = found["a"], found["b"]
    for name, value in ((a, b), (b, a)):
        literal = _STRING.match(value)
        if name in params and literal is not None:
            got = literal.group(1) if literal.group(1) is not None else literal.group(2)
            return name, (got,)
    return None


def deselected(
    selector: Selector | None, params: tuple[Param, ...], call: SgNode, family: str
) -> bool:
    """Whether ``call`` passes the selector's parameter (of the wrapper's ``params``) a
    literal the creation does not run under (``create_request('get_session', $id)``)."""
    if selector is None:
        return False
    param = next((p for p in params if p.name == selector[0]), None)
    listed = call_arguments(call, family).positional
    at = param.position if param is not None else None
    if at is None or at >= len(listed):
        return False
    literal = _STRING.match(listed[at].text())
    if literal is None:
        return False
    value = literal.group(1) if literal.group(1) is not None else literal.group(2)
    return value not in selector[1]

"""What a Go helper returns, and a Go call whose results several names take.

A helper's value is its returns' first value when every return that succeeds says the same: a
return whose ``error`` result is not ``nil`` is an error path (its other values are zero values,
``return "", fmt.Errorf(...)``), and returns that differ (``if plan == "pro" { return
"price_pro" }; return "price_basic"``) are a choice only run time makes; then the helper has no
one value (review: the last return was read, so a lookup's price was ``""`` and a plan's price
was the basic one for every plan). ``price, err := lookup(plan)``: ``price`` is the call's
first result, written as ``price`` itself when it is not known (the call's text would be two
values in one place, and would run the lookup again).
"""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment


def _values(node: SgNode) -> list[SgNode]:
    if node.kind() == "expression_list":
        return [c for c in node.named_children() if not is_comment(c)]
    return [node]


def go_returned(decl: SgNode, returns: list[SgNode]) -> SgNode | None:
    """The first value the returns of ``decl`` (its own ``return_statement`` nodes) give when
    all those that succeed give the same one (as written); None otherwise."""
    result = decl.field("result")
    errors = (
        result is not None
        and result.kind() == "parameter_list"
        and ((result.named_children() or [result])[-1].text().split()[-1:] == ["error"])
    )
    firsts: list[SgNode] = []
    for stmt in returns:
        inner = [c for c in stmt.named_children() if not is_comment(c)]
        values = _values(inner[0]) if inner else []
        if not values:
            return None  # a bare return of named results: not read
        if errors and len(values) > 1 and values[-1].text() != "nil" and _zero(values[0]):
            continue  # an error path: return "", fmt.Errorf(...) (not return v, err)
        firsts.append(values[0])
    if not firsts or len({"".join(f.text().split()) for f in firsts}) != 1:
        return None
    return firsts[-1]


def _zero(value: SgNode) -> bool:
    """Whether a value is written as a zero value (``""``, ``0``, ``nil``, ``false``, ``T{}``)."""
    text = "".join(value.text().split())
    return text in ('""', "``", "0", "nil", "false") or text.endswith("{}")


def first_of_several(call: SgNode) -> str | None:
    """The name taking a call's first result when the call is the one value of an assignment
    to several names (``price, err := lookup(plan)``: ``price``); None otherwise."""
    right = call.parent()
    if right is not None and right.kind() == "expression_list":
        if len(_values(right)) != 1:
            return None
        statement = right.parent()
    else:
        statement, right = right, call
    if statement is None or statement.kind() not in (
        "short_var_declaration",
        "assignment_statement",
    ):
        return None
    left = statement.field("left")
    if left is None or statement.field("right") != right:
        return None
    names = _values(left)
    if len(names) < 2 or names[0].kind() != "identifier" or names[0].text() == "_":
        return None
    return names[0].text()

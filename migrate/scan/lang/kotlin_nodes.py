"""Kotlin's syntax tree as ast-grep gives it has no named fields: the parts of calls, arguments,
lambdas and declarations read from their children (``migrate/scan/lang/kotlin.py``)."""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.scan.nodes import is_comment

_COMMENTS = ("line_comment", "multiline_comment", "comment")


def end(node: SgNode) -> int:
    return node.range().end.index


def callee(call: SgNode) -> tuple[SgNode | None, str]:
    """``(receiver, method)`` of a call: ``(a.b, "c")`` for ``a.b.c(...)``, ``(None, "f")``
    for ``f(...)``; ``(None, "")`` when neither."""
    children = call.named_children()
    function = children[0] if children else None
    if function is None:
        return None, ""
    if function.kind() == "simple_identifier":
        return None, function.text()
    if function.kind() == "navigation_expression":
        # a comment between the calls of a chain (``// why`` above ``.setX(..)``) is a child too
        parts = [c for c in function.named_children() if c.kind() not in _COMMENTS]
        suffix = parts[-1] if parts else None
        if len(parts) == 2 and suffix is not None and suffix.kind() == "navigation_suffix":
            name = next(
                (c for c in suffix.named_children() if c.kind() == "simple_identifier"), None
            )
            return parts[0], name.text() if name is not None else ""
    return None, ""


def is_safe_call(call: SgNode) -> bool:
    """Whether a call is made with ``?.`` (``x?.let { }``)."""
    children = call.named_children()
    function = children[0] if children else None
    if function is None or function.kind() != "navigation_expression":
        return False
    suffix = function.named_children()[-1]
    return suffix.text().lstrip().startswith("?.")


def call_suffix(call: SgNode) -> SgNode | None:
    return next((c for c in call.children() if c.kind() == "call_suffix"), None)


def arguments(call: SgNode) -> list[tuple[str | None, SgNode]]:
    """``(name or None, expression)`` of each value argument of a call (not a trailing lambda)."""
    suffix = call_suffix(call)
    values = (
        next((c for c in suffix.children() if c.kind() == "value_arguments"), None)
        if suffix is not None
        else None
    )
    out: list[tuple[str | None, SgNode]] = []
    for arg in values.named_children() if values is not None else []:
        if arg.kind() != "value_argument":
            continue
        children = arg.children()
        named = [c for c in arg.named_children() if not is_comment(c)]
        if not named:
            continue
        if any(c.kind() == "=" for c in children) and len(named) >= 2:
            out.append((named[0].text(), named[-1]))
        else:
            out.append((None, named[-1]))
    return out


def trailing_lambda(call: SgNode) -> SgNode | None:
    """The trailing lambda of a call (``apply { ... }``), or a lambda passed in parentheses."""
    suffix = call_suffix(call)
    if suffix is None:
        return None
    annotated = next((c for c in suffix.children() if c.kind() == "annotated_lambda"), None)
    if annotated is not None:
        return next((c for c in annotated.children() if c.kind() == "lambda_literal"), None)
    args = arguments(call)
    if len(args) == 1 and args[0][1].kind() == "lambda_literal":
        return args[0][1]
    return None


def lambda_parameter(lam: SgNode) -> str | None:
    params = next((c for c in lam.children() if c.kind() == "lambda_parameters"), None)
    if params is None:
        return None
    names = [
        c.named_children()[0].text()
        for c in params.named_children()
        if c.kind() == "variable_declaration" and c.named_children()
    ]
    return names[0] if len(names) == 1 else None


def entries_put(call: SgNode, method: str, args: list[SgNode]) -> tuple[SgNode, SgNode] | None:
    """The map a ``forEach { (k, v) -> b.putMetadata(k, v) }`` puts entry by entry as it is
    (``call`` the lambda's one statement): what ``b.putAllMetadata(map)`` puts, and the
    ``forEach`` call; else None."""
    if not method.startswith("put") or method.startswith("putAll") or len(args) != 2:
        return None
    statements = call.parent()
    lam = statements.parent() if statements is not None else None
    if lam is None or statements is None or lam.kind() != "lambda_literal":
        return None
    if statements.kind() != "statements" or len(statements.named_children()) != 1:
        return None
    params = next((c for c in lam.children() if c.kind() == "lambda_parameters"), None)
    pair = params.named_children() if params is not None else []
    if len(pair) != 1 or pair[0].kind() != "multi_variable_declaration":
        return None
    names = [c.text() for c in pair[0].named_children() if c.kind() == "variable_declaration"]
    holder = next((a for a in lam.ancestors() if a.kind() == "call_expression"), None)
    if holder is None or trailing_lambda(holder) != lam or [a.text() for a in args] != names:
        return None
    receiver, loop = callee(holder)
    return (receiver, holder) if receiver is not None and loop == "forEach" else None


def last_expression(lam: SgNode) -> SgNode | None:
    statements = next((c for c in lam.children() if c.kind() == "statements"), None)
    inner = statements.named_children() if statements is not None else []
    return inner[-1] if inner else None


def scope_receiver(name: SgNode) -> SgNode | None:
    """For ``it`` (or the named parameter) of ``x.let { }`` / ``x?.also { }``: ``x``."""
    wanted = name.text()
    for ancestor in name.ancestors():
        if ancestor.kind() in ("function_declaration", "class_body"):
            return None
        if ancestor.kind() != "lambda_literal":
            continue
        param = lambda_parameter(ancestor)
        declares = param == wanted if param is not None else wanted == "it"
        if not declares:
            continue
        annotated = ancestor.parent()
        suffix = annotated.parent() if annotated is not None else None
        call = suffix.parent() if suffix is not None else None
        if call is None or call.kind() != "call_expression":
            return None
        receiver, method = callee(call)
        return receiver if method in ("let", "also") else None
    return None


def chain_of(node: SgNode) -> tuple[list[SgNode], SgNode | None]:
    """The calls of a chain, innermost first, and what the innermost is called on (None when
    it is ``X.builder()`` or a plain function call)."""
    chain: list[SgNode] = []
    current: SgNode | None = node
    while current is not None and current.kind() == "call_expression":
        chain.append(current)
        receiver, name = callee(current)
        if receiver is None or (name in ("builder", "Builder") and not arguments(current)):
            return chain[::-1], None
        current = receiver
        while current is not None and current.kind() == "parenthesized_expression":
            inner = current.named_children()
            current = inner[0] if inner else None
    return chain[::-1], current


def declaration(node: SgNode) -> tuple[str | None, SgNode | None]:
    """``val name = value`` / ``var name: T = value``: the name and the value node."""
    children = node.children()
    decl = next((c for c in children if c.kind() == "variable_declaration"), None)
    target = decl.named_children()[0].text() if decl is not None and decl.named_children() else None
    for i, child in enumerate(children):
        if child.kind() == "=" and i + 1 < len(children):
            return target, children[i + 1]
    return target, None


def parameter_name(param: SgNode) -> str:
    name = next((c for c in param.children() if c.kind() == "simple_identifier"), None)
    return name.text() if name is not None else ""


def parameter_names(scope: SgNode) -> list[str]:
    params = next((c for c in scope.children() if c.kind() == "function_value_parameters"), None)
    if params is None:
        return []
    return [parameter_name(p) for p in params.named_children() if p.kind() == "parameter"]

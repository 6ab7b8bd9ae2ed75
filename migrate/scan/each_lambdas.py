"""Java's ``items.forEach(item -> { ... })`` and C#'s ``items.ForEach(item => { ... })``: a
loop written as a call. Its lambda is no function of its own for the reader: what its body does
to a builder or a list of the enclosing method (``builder.addLineItem(line)``, ``lines.Add(line)``)
happens once per element, as in a ``for`` loop's body, and the lambda's parameter is the loop's
element. Kotlin's reader reads ``forEach { }`` so already (its lambdas are no scopes at all).
``rows.forEach(builder::addLineItem)`` adds each element, as ``builder.addAllLineItem(rows)``
does, and ``extra.forEach(builder::putMetadata)`` puts each entry of a map, as
``builder.putAllMetadata(extra)`` does (:func:`each_added`). Any other lambda, or method reference
to a builder's mutator, that changes them (``coupon.ifPresent(c ->
builder.addDiscount(...))``) runs when the call it is given to decides: what it changes is
known only at run time (:func:`lambda_changes`), never dropped."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import arguments, file_cache, start, text
from migrate.scan.nodes import is_comment, of_kind

_NAMES: Final = frozenset({"forEach", "ForEach"})


def each_call(lam: SgNode) -> SgNode | None:
    """The ``forEach`` call on a collection (``receiver``) whose one argument is the lambda
    ``lam`` of one parameter (a map's ``(k, v) -> ...`` is no loop read here); None otherwise."""
    if lam.kind() != "lambda_expression" or _element(lam) is None:
        return None
    parent = lam.parent()
    if parent is not None and parent.kind() == "argument":  # C#
        parent = parent.parent()
    call = parent.parent() if parent is not None else None
    if parent is None or call is None or parent.kind() != "argument_list":
        return None
    if len([c for c in parent.named_children() if not is_comment(c)]) != 1:
        return None
    name = call.field("name")  # Java
    function = call.field("function")  # C#
    if function is not None and function.kind() == "member_access_expression":
        name = function.field("name")
    if name is None or name.text() not in _NAMES or _receiver(call) is None:
        return None
    return call


def _element(lam: SgNode) -> str | None:
    params = lam.field("parameters")
    if params is None:
        return None
    if params.kind() in ("identifier", "implicit_parameter"):
        return params.text()
    names = params.find_all(kind="identifier")
    return names[-1].text() if len(names) == 1 else None


def _receiver(call: SgNode) -> SgNode | None:
    function = call.field("function")
    return call.field("object") or (function.field("expression") if function else None)


def as_statement(parent: SgNode | None) -> bool:
    """Whether a call under ``parent`` stands as a statement: an expression statement's, or
    the body of a ``forEach`` lambda (``items.forEach(i -> builder.addLineItem(line(i)))``)."""
    return parent is not None and (
        parent.kind() == "expression_statement" or each_call(parent) is not None
    )


def enclosing_scope(node: SgNode, functions: frozenset[str]) -> SgNode:
    """The nearest enclosing function of ``node`` that is no ``forEach`` call's lambda, else
    the file."""
    last = node
    for ancestor in node.ancestors():
        if ancestor.kind() in functions and each_call(ancestor) is None:
            return ancestor
        last = ancestor
    return last


def each_loop(call: SgNode, child: SgNode) -> tuple[str, str] | None:
    """For a ``forEach`` call seen from its arguments (``child``): the collection's text and
    the element's name; None when ``call`` is no such loop."""
    args = [c for c in child.named_children() if not is_comment(c)]
    lam = args[0] if len(args) == 1 else None
    if lam is not None and lam.kind() == "argument":  # C#
        lam = next(iter(lam.named_children()), None)
    if lam is None or each_call(lam) != call:
        return None
    receiver, element = _receiver(call), _element(lam)
    return (receiver.text(), element) if receiver is not None and element is not None else None


def each_added(call: SgNode, name: str | None) -> tuple[str, list[SgNode]] | None:
    """``("addAllLineItem", [rows])`` for the statement ``rows.forEach(b::addLineItem)`` (``b``
    being ``name`` when given): each element added to the builder, as ``b.addAllLineItem(rows)``
    adds them; ``("putAllMetadata", [extra])`` for ``extra.forEach(b::putMetadata)``."""
    args, receiver = arguments(call), call.field("object")
    if text(call.field("name")) != "forEach" or len(args) != 1 or receiver is None:
        return None
    parts = [c for c in args[0].named_children() if not is_comment(c)]
    if args[0].kind() == "lambda_expression":
        parts = _entry_put(args[0])  # extra.forEach((k, v) -> b.putMetadata(k, v)): the same
    if len(parts) != 2 or not as_statement(call.parent()):
        return None
    if args[0].kind() not in ("method_reference", "lambda_expression"):
        return None
    method = parts[1].text()
    if parts[0].kind() != "identifier" or name not in (None, parts[0].text()):
        return None
    for verb in ("add", "put"):  # b::addLineItem per element, b::putMetadata per map entry
        if method.startswith(verb) and method[3:4].isupper() and not method.startswith("All", 3):
            return verb + "All" + method[3:], [receiver]
    return None


def _entry_put(lam: SgNode) -> list[SgNode]:
    """``[b, putMetadata]`` for a lambda ``(k, v) -> b.putMetadata(k, v)`` (its body that one
    call, alone in a block or not) putting each entry it is given as it is; [] otherwise."""
    params, body = lam.field("parameters"), lam.field("body")
    if params is None or body is None or params.kind() != "inferred_parameters":
        return []
    names = [c.text() for c in params.named_children() if c.kind() == "identifier"]
    if body.kind() == "block":
        inner = [c for c in body.named_children() if not is_comment(c)]
        if len(inner) != 1 or inner[0].kind() != "expression_statement":
            return []
        body = next((c for c in inner[0].named_children() if not is_comment(c)), body)
    target, method = body.field("object"), body.field("name")
    if body.kind() != "method_invocation" or target is None or method is None:
        return []
    given = [a.text() for a in arguments(body)]
    return [target, method] if len(names) == 2 and given == names else []


def each_references(
    scope: SgNode,
    direct: Callable[[SgNode, str], list[SgNode]],
    name: str,
    span: tuple[int, int],
) -> list[tuple[SgNode, list[SgNode]]]:
    """The statements ``rows.forEach(name::addX)`` made directly in ``scope`` (``direct``: the
    extractor's) between two offsets, each with its call; the calls are found once per scope,
    as names are looked up there many times."""
    key = ("each-references", scope)
    cache = file_cache(scope)
    if key not in cache:
        calls = direct(scope, "method_invocation")
        cache[key] = [n for n in calls if each_added(n, None) is not None]
    found: list[SgNode] = cache[key]
    return [
        (n.parent() or n, [n])
        for n in found
        if span[0] <= start(n) < span[1] and each_added(n, name) is not None
    ]


_MUTATORS: Final = re.compile(r"^(?:add|set|put|clear|remove|Add|Insert|Remove|Clear)")
"""The names of the calls that change a builder or a list (``addDiscount``, ``setCustomer``,
``putMetadata``; C#'s ``Add``, ``AddRange``)."""


def lambda_changes(scope: SgNode, name: str, span: tuple[int, int], calls: str) -> list[SgNode]:
    """The calls (of kind ``calls``) in ``scope`` between two offsets given a lambda that
    changes ``name`` (not a ``forEach`` loop's: ``coupon.ifPresent(c -> builder.addDiscount(
    ...))``): the reader does not follow such a lambda, so what it changes is known only at run
    time (it runs when, and as often as, the call it is given to decides)."""
    found: list[SgNode] = []
    for lam in of_kind(scope, "lambda_expression"):
        if not span[0] <= start(lam) < span[1] or each_call(lam) is not None:
            continue
        given = lam.parent()
        each = given.parent() if given is not None else None
        if each is not None and each.kind() == calls and each_added(each, name) is not None:
            continue  # extra.forEach((k, v) -> b.putMetadata(k, v)): read as putAllMetadata
        changed = any(_changes(n, name) for n in of_kind(lam, calls)) or any(
            _assigns(n, name) for n in of_kind(lam, "assignment_expression")
        )
        call = next((a for a in lam.ancestors() if a.kind() == calls), None)
        if changed and call is not None and call not in found:
            found.append(call)
    references = of_kind(scope, "method_reference") if calls == "method_invocation" else []
    for ref in references:  # Java's xs.forEach(b::setLocale): a change made per element
        parts = [c for c in ref.named_children() if not is_comment(c)]
        call = next((a for a in ref.ancestors() if a.kind() == calls), None)
        if (
            span[0] <= start(ref) < span[1]
            and len(parts) == 2
            and parts[0].text() == name
            and _MUTATORS.match(parts[1].text())
            and call is not None
            and each_added(call, name) is None  # read as addAll/putAll
            and call not in found
        ):
            found.append(call)
    return found


def _changes(call: SgNode, name: str) -> bool:
    """Whether ``call`` is ``name.addX(...)`` (Java) or ``name.X.Add(...)`` (C#)."""
    function = call.field("function")  # C#
    member = function if function is not None else call
    method = member.field("name")
    receiver = call.field("object") or (function.field("expression") if function else None)
    if method is None or receiver is None or not _MUTATORS.match(method.text()):
        return False
    return _rooted(receiver.text(), name)


def _assigns(node: SgNode, name: str) -> bool:
    left = node.field("left")
    return left is not None and left.text() != name and _rooted(left.text(), name)


def _rooted(written: str, name: str) -> bool:
    return written == name or written.startswith((f"{name}.", f"{name}["))

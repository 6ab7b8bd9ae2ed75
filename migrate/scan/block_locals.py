"""Names declared in a block the call is after (C#, Java, Kotlin, TypeScript/JavaScript ``let`` and
``const``): ``if (code != null) { var coupon = ...; options.Discounts = ...coupon... }`` reads
``coupon`` at the Dodo call, where it is out of scope. Each such name is written as the value it
was declared with when that value is a plain name or member path (``found.StripeId``) or a read
of one (``url.searchParams.get("price")``, ``body.plan.trim()``), itself in the call's terms,
and never given another value in its block; otherwise (a call, which would run again:
``Customer.create(...)``; a flag set again by later checks) as ``TODO_<name>``, a name
defined nowhere, noted as one the call cannot see (``X021``), never a name out of scope. Names
declared in a loop's body are the loop's (each markers write them), and Go has its own rule
(``migrate/scan/go_scope.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import Binding, start, with_names
from migrate.scan.helper_returns import names_in
from migrate.scan.reach import holds
from migrate.scan.wrapper_locals import todo_name

DECLARATIONS: Final = frozenset({"variable_declarator", "property_declaration"})
"""The nodes that declare a local with its value (the parent of a binding's value)."""
_BLOCKS: Final = frozenset(
    {
        "block",
        "statement_block",
        "statements",
        "control_structure_body",
        "switch_section",
        "switch_block_statement_group",
        "switch_case",
        "switch_default",
        "when_entry",
        "catch_clause",
    }
)
_LOOPS: Final = frozenset(
    {
        "for_statement",
        "for_in_statement",
        "foreach_statement",
        "enhanced_for_statement",
        "while_statement",
        "do_statement",
        "do_while_statement",
        "lambda_expression",
        "lambda_literal",
        "arrow_function",
        "anonymous_function",
        "function_expression",
        "annotated_lambda",
    }
)
_PLAIN: Final = re.compile(r"^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*$")
_PATH: Final = r"[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*"
_ARG: Final = rf"""(?:{_PATH}|-?\d+|"[^"\\]*"|'[^'\\]*')"""
_READ: Final = re.compile(
    rf"^(?:(?:String|Number)\({_PATH}\)"
    rf"|{_PATH}!?(?:\??\.(?:get|getAll|at|trim|toString|toLowerCase|toUpperCase)\((?:{_ARG})?\)!?)+"
    rf"|(?:String|Number)\({_PATH}(?:\??\.(?:get|getAll|at|trim|toString)\((?:{_ARG})?\))+\))"
    rf"(?:\s+as\s+[A-Za-z_$][\w$]*)?$"
)
"""A read of a value the call sees, which gives the same value read again at the call
(``url.searchParams.get("price")``, ``body.plan.trim()``, ``Number(form.get("seats"))``,
``x as string``): written as its value, as a plain path is."""


_INDEXED: Final = re.compile(rf"^{_PATH}(?:!?\[{_ARG}\](?:\??\.[A-Za-z_$][\w$]*)*)+$")
"""A member read by a key the call sees (``PRODUCT_TRIAL_DAYS[product.id]``, ``plans["pro"]
.price``): no call, the same value read again."""
_FALLBACK: Final = re.compile(
    r"\s*(?:\?\?|\|\|)\s*(?:undefined|null|true|false|-?\d+(?:\.\d+)?|\"[^\"\\]*\"|'[^'\\]*')$"
)
"""A literal a read falls back to (``?? undefined``, ``|| 0``)."""


def written_as_value(text: str) -> bool:
    """Whether a block local declared with the value ``text`` is written as that value at the
    call: a plain name or member path, a read of one (:data:`_READ`) or by a key
    (:data:`_INDEXED`), with a literal to fall back to or not; a call that may do more (await,
    look up, write) would run again."""
    text = _FALLBACK.sub("", text.strip())
    return any(p.match(text) is not None for p in (_PLAIN, _READ, _INDEXED))


def assigned_again(region: SgNode, decl: SgNode, use: SgNode) -> bool:
    """Whether the block ``region`` gives the local that ``decl`` declares another value
    between its declaration and ``use`` (``eligible = false`` under an ``if`` before ``if
    (eligible)``, ``n += 1``, ``n++``, C#'s ``ref n`` / ``out n``): its declared value may then
    not be what it holds there, and is not written for it (review: ``bool eligible = true``
    set false by four checks became ``true``, a coupon applied to every buyer)."""
    name = use.text()
    base = start(region)
    rest = region.text()[decl.range().end.index - base : start(use) - base]
    word = re.escape(name)
    return (
        re.search(
            rf"(?<![\w$.]){word}\s*(?:[-+*/%&|^]|\?\?|<<|>>|\|\||&&)?=(?![=>])"
            rf"|(?<![\w$.]){word}\s*(?:\+\+|--)|(?:\+\+|--)\s*{word}\b|\b(?:ref|out)\s+{word}\b",
            rest,
        )
        is not None
    )


def block_local(
    ident: SgNode,
    call: SgNode,
    bindings: Callable[[SgNode, str], list[Binding]],
    scope: Callable[[SgNode], SgNode],
) -> tuple[SgNode, SgNode] | None:
    """The declaration ``ident`` refers to and its block, when that block is one the call is
    after (it does not hold the call, nor is it a loop's); None for a parameter, a field, a
    local still in scope at the call, or a name of another function."""
    function = scope(ident)
    if function != scope(call):
        return None
    use = start(ident)
    found: tuple[SgNode, SgNode] | None = None
    for _, value, _ in bindings(function, ident.text()):
        decl = value.parent()
        if decl is None or decl.kind() not in DECLARATIONS or start(decl) > use:
            continue
        statement = decl.parent()
        first = statement.children()[0] if statement is not None else None
        if first is not None and first.kind() == "var":
            return None  # JavaScript's var: the function's (C#'s `var` is a type)
        region = _region(decl, function)
        if region is None or holds(region, start(call)):
            return None  # a declaration the call sees: the name is in scope there
        if holds(region, use) and (found is None or start(decl) > start(found[0])):
            found = (decl, region)
    return found


def _region(decl: SgNode, function: SgNode) -> SgNode | None:
    """The block a declaration's name is visible in; None when a loop or a lambda is between
    it and the function (the loop's own)."""
    region: SgNode | None = None
    for ancestor in decl.ancestors():
        if ancestor == function:
            return region or function
        if ancestor.kind() in _LOOPS:
            return None
        if region is None and ancestor.kind() in _BLOCKS:
            region = ancestor
    return region


def in_call_scope(
    node: SgNode,
    written: str,
    call: SgNode | None,
    *,
    text_of: Callable[[SgNode], str],
    local: Callable[[SgNode], tuple[SgNode, SgNode] | None],
    hidden: list[tuple[str, str]],
    member: Callable[[SgNode], bool],
    kinds: frozenset[str],
) -> str:
    """``written`` (``node``'s text as the follower writes it) with each name ``local`` finds
    declared in a block the call is after written as its plain value, or ``TODO_<name>``
    (noted in ``hidden``)."""
    if call is None:
        return written
    edits: dict[SgNode, str] = {}
    for ident in names_in(node, kinds):
        if member(ident):
            continue
        found = local(ident)
        if found is None:
            continue
        decl, region = found
        if holds(node, start(decl)):
            continue  # declared in what is written: in scope there
        value = decl.field("value") or _kotlin_value(decl)
        inner = text_of(value) if value is not None else ""
        if value is None or not written_as_value(inner) or assigned_again(region, decl, ident):
            line = region.range().start.line + 1
            hidden.append((ident.text(), f"the block at line {line}"))
            inner = todo_name(ident.text())
        edits[ident] = inner
    return with_names(node, written, edits)


def _kotlin_value(decl: SgNode) -> SgNode | None:
    """``val name = value``: the value node (Kotlin's tree has no field for it)."""
    children = decl.children()
    for i, child in enumerate(children):
        if child.kind() == "=" and i + 1 < len(children):
            return children[i + 1]
    return None


def scoped_text(extractor: Any, node: SgNode, written: str) -> str:
    """``written`` in the terms of the call ``extractor`` reads (``call_node``, set when it
    starts reading one): see :func:`in_call_scope`."""
    call: SgNode | None = getattr(extractor, "call_node", None)
    if call is None:
        return written
    return in_call_scope(
        node,
        written,
        call,
        text_of=extractor.text_of,
        local=lambda ident: block_local(ident, call, extractor.bindings, extractor.scope),
        hidden=extractor.hidden,
        member=extractor.is_member_name,
        kinds=extractor.name_kinds,
    )

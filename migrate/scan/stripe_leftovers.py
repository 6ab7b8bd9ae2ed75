"""What ``scan --fix`` leaves of Stripe in a file once its calls are Dodo calls, taken out.

A rewritten route kept ``const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY)`` or
``import Stripe from "stripe"`` with ``const stripe = new Stripe(...)``, and a Python view its
``import stripe`` and ``stripe.api_key = ...``, though nothing in the file called Stripe any
more (read on a Next.js shop's checkout route): a maintainer deleted them by hand, and once the
team removed the ``stripe`` package the import broke the build. After the rewrite, each of
these the file no longer reads is taken out, only at the module's top level (or, for Python's
``stripe.<setting> = ...``, wherever it is) and only when no other reference to it is left: a
client a webhook handler still uses, a ``Stripe.Event`` type, an exported client or a name
another statement reads keeps it all. The result must still parse, or the file is left as the
rewrite made it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.follow_base import inside
from migrate.scan.rewrite_header import tree

_JS_NAMES: Final = frozenset(
    {
        "identifier",
        "type_identifier",
        "shorthand_property_identifier",
        "shorthand_property_identifier_pattern",
    }
)
"""The kinds of a JS/TS node that reads a name (not ``obj.stripe``'s property)."""
_MODULES: Final = frozenset({'"stripe"', "'stripe'"})


def without_leftovers(text: str, language: str, parses: Callable[[str], bool]) -> str:
    """``text`` without the Stripe client and import it no longer reads (``language``: the
    file's); ``text`` itself when there is none, or when taking them out would not parse."""
    if "stripe" not in text.lower():
        return text
    root = tree(text, language)
    spans = _python_spans(root) if language == "python" else _js_spans(root)
    if not spans:
        return text
    out = text
    for start, end in sorted(_whole_lines(text, spans), reverse=True):
        out = out[:start] + out[end:]
    return out if parses(out) else text


def _whole_lines(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each span widened to its whole lines when nothing else is on them (with the line break
    after it); as it is otherwise."""
    wide = []
    for start, end in spans:
        top = text.rfind("\n", 0, start) + 1
        stop = text.find("\n", end)
        stop = len(text) if stop == -1 else stop + 1
        if text[top:start].strip() == "" and text[end:stop].strip() in ("", ";"):
            after = text.find("\n", stop)
            before_blank = top == 0 or text[text.rfind("\n", 0, top - 1) + 1 : top].strip() == ""
            if before_blank and after != -1 and text[stop:after].strip() == "":
                stop = after + 1  # no second blank line where the statement was
            wide.append((top, stop))
        else:
            wide.append((start, end))
    return wide


# -- JavaScript and TypeScript ----------------------------------------------------------------


def _js_spans(root: SgNode) -> list[tuple[int, int]]:
    reads = _js_reads(root)
    imports: dict[str, SgNode] = {}  # a name bound to the stripe module -> its statement
    clients: list[tuple[str, SgNode]] = []
    for stmt in root.children():
        if stmt.kind() == "import_statement":
            source = stmt.field("source")
            if source is not None and source.text() in _MODULES:
                for name in _import_names(stmt):
                    imports[name] = stmt
        elif stmt.kind() in ("lexical_declaration", "variable_declaration"):
            declarators = [c for c in stmt.children() if c.kind() == "variable_declarator"]
            if len(declarators) != 1:
                continue
            bound, value = declarators[0].field("name"), declarators[0].field("value")
            if bound is None or value is None or bound.kind() != "identifier":
                continue
            if _requires_stripe(value):
                imports[bound.text()] = stmt
            else:
                clients.append((bound.text(), stmt))
    spans: list[tuple[int, int]] = []
    for name, stmt in clients:
        value = stmt.find(kind="variable_declarator")
        made = value.field("value") if value is not None else None
        if made is not None and _makes_client(made, set(imports)) and reads.get(name, 0) == 1:
            spans.append(_span(stmt))
            for used, count in _js_reads(made).items():  # what it read is read less now
                reads[used] = reads.get(used, 0) - count
    by_statement: dict[int, tuple[SgNode, list[str]]] = {}
    for name, stmt in imports.items():
        by_statement.setdefault(stmt.range().start.index, (stmt, []))[1].append(name)
    for stmt, names in by_statement.values():
        if all(reads.get(n, 0) <= 1 for n in names):  # only their own binding
            spans.append(_span(stmt))
    return spans


def _js_reads(root: SgNode) -> dict[str, int]:
    """How many times each name is read in ``root`` (its bindings counted too)."""
    counts: dict[str, int] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.kind() in _JS_NAMES:
            counts[node.text()] = counts.get(node.text(), 0) + 1
        stack.extend(node.children())
    return counts


def _import_names(stmt: SgNode) -> list[str]:
    clause = stmt.find(kind="import_clause")
    if clause is None:
        return ["<side effect>"]  # `import "stripe"`: read by nothing, kept by nothing
    names = []
    for node in [clause, *clause.find_all(kind="import_specifier")]:
        if node.kind() == "import_specifier":
            alias = node.field("alias") or node.field("name")
            if alias is not None:
                names.append(alias.text())
        else:
            names += [c.text() for c in node.children() if c.kind() == "identifier"]
    for space in clause.find_all(kind="namespace_import"):
        names += [c.text() for c in space.children() if c.kind() == "identifier"]
    return names


def _requires_stripe(value: SgNode) -> bool:
    """``require("stripe")``."""
    if value.kind() != "call_expression":
        return False
    callee, args = value.field("function"), value.field("arguments")
    return (
        callee is not None
        and callee.text() == "require"
        and args is not None
        and args.text().strip("() ") in _MODULES
    )


def _makes_client(value: SgNode, stripe: set[str]) -> bool:
    """``new Stripe(key)``, ``Stripe(key)`` (``Stripe`` bound to the module) or
    ``require("stripe")(key)``."""
    if value.kind() == "new_expression":
        made = value.field("constructor")
        return made is not None and made.text() in stripe
    if value.kind() == "call_expression":
        callee = value.field("function")
        return callee is not None and (callee.text() in stripe or _requires_stripe(callee))
    return False


# -- Python -----------------------------------------------------------------------------------


def _python_spans(root: SgNode) -> list[tuple[int, int]]:
    module_import: SgNode | None = None
    for stmt in root.children():
        if stmt.kind() == "import_statement" and stmt.text().strip() == "import stripe":
            module_import = stmt
    if module_import is None:
        return []
    settings: list[SgNode] = []
    others = 0
    for name in root.find_all(kind="identifier"):
        if name.text() != "stripe" or inside(module_import, name):
            continue
        setting = _setting_of(name)
        if setting is None:
            others += 1
        else:
            settings.append(setting)
    if others:
        return []
    return [_span(module_import), *(_span(s) for s in settings)]


def _setting_of(name: SgNode) -> SgNode | None:
    """The statement ``stripe.<setting> = value`` whose target ``name`` reads, if it is one."""
    attribute = name.parent()
    if attribute is None or attribute.kind() != "attribute":
        return None
    assignment = attribute.parent()
    if assignment is None or assignment.kind() != "assignment":
        return None
    left = assignment.field("left")
    if left is None or left.range().start.index != attribute.range().start.index:
        return None
    statement = assignment.parent()
    return (
        statement if statement is not None and statement.kind() == "expression_statement" else None
    )


def _span(node: SgNode) -> tuple[int, int]:
    r = node.range()
    return r.start.index, r.end.index

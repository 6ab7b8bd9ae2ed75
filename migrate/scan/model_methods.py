"""A method of the application's model called on an instance: ``order.to_line_items()``.

Real Django, Flask and FastAPI shops keep the cart on the model: ``Order.to_stripe_line_items``
returns the line items, each an inline ``price_data`` built from ``self`` (the order's total, its
title), and the view passes ``line_items=order.to_stripe_line_items()``. The follower read only
functions of the call's file and ``self`` methods of the call's own class, so such a list stayed
run-time line items built with inline prices, blocked (RT015), although the method says every
amount in terms of the order the view holds.

:func:`model_method` finds the method such a call runs when the object's class is known where the
view binds it: a parameter annotated with the class, ``get_object_or_404(Order, ...)``, a query
that gives one row (``Order.objects.get(...)``, ``....first()``, Flask-SQLAlchemy's
``Order.query.get_or_404(...)``, SQLAlchemy's ``session.get(Order, id)``) or a new instance
(``Order(...)``). The class is the file's own or one it imports from a file of the tree. The
follower then reads the method's body with ``self`` bound to the caller's object (``self.title``
is written ``order.title``). A method of another file is read for the cart only, and not when it
reads a name its module defines or imports (that name means nothing where the Dodo call is
written), as an imported helper is (``migrate/scan/imported_helpers.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, text
from migrate.scan.helper_reads import imported_text, module_files, parsed
from migrate.scan.imported_helpers import reads_its_module
from migrate.scan.symbols import context
from migrate.scan.tree_constants import record

_ONE_ROW: Final = re.compile(
    r"^(?:await\s+)?(?P<cls>[A-Z]\w*)\s*\.\s*(?:objects|query)\b[\s\S]*\.\s*"
    r"(?:a?get|a?first|a?last|a?create|a?latest|a?earliest|get_or_404|first_or_404"
    r"|one|one_or_none|one_or_404)\s*\([^()]*\)\s*$"
)
"""A query that gives one row of the model ``cls`` (Django's manager, Flask-SQLAlchemy's
``query``); ``filter(...)`` or ``all()`` at the end is a set of rows, and
``get_or_create`` a pair."""
_ONE_BY_CLASS: Final = re.compile(
    r"^(?:await\s+)?(?:[\w.]*\bsession\.get|a?get_object_or_404|get_object_or_none"
    r"|a?get_object_or_None)\s*\(\s*(?P<cls>[A-Z]\w*)\s*,"
)
"""``get_object_or_404(Order, pk=pk)``, SQLAlchemy's ``db.session.get(Order, id)``."""
_NEW: Final = re.compile(r"^(?P<cls>[A-Z]\w*)\s*\(")


def model_method(flow: Extractor, call: SgNode, obj: SgNode, method: str) -> SgNode | None:
    """The method ``method`` of the model class of ``obj`` (a name), which ``call`` runs; None
    when the class is not known or not one of the tree's."""
    name = _class_name(flow, obj)
    if not name:
        return None
    root = call.get_root().root()
    own = _method(_top_class(root, name), method)
    if own is not None:
        return own
    written = context(root, "python", flow.file).imports.get(name, "") if flow.file else ""
    module, _, symbol = written.partition("#")
    if not module or not symbol:
        return None
    folder = str(Path(flow.file).absolute().parent)
    for file in module_files(module, "python", folder):
        other = parsed(file, "python")
        found = _method(_top_class(other, symbol), method) if other is not None else None
        if found is None or other is None or reads_its_module(found, other, method, "python"):
            continue
        answer = imported_text(module, f"{symbol}.{method}", "python", folder)
        record(("helper", module, f"{symbol}.{method}", "python", folder, answer))  # the cache
        return found
    return None


def _class_name(flow: Extractor, obj: SgNode) -> str:
    """The class of the instance the name ``obj`` holds where it is used ("" when unknown)."""
    annotated = _annotation(flow, obj)
    if annotated:
        return annotated
    found = flow.binding(obj)
    if found is None:
        return ""
    value = " ".join(found[0].text().split())
    for pattern in (_ONE_ROW, _ONE_BY_CLASS, _NEW):
        match = pattern.match(value)
        if match is not None:
            return match.group("cls")
    return ""


def _annotation(flow: Extractor, obj: SgNode) -> str:
    """The class a parameter ``obj`` of the function around it is annotated with."""
    scope = flow.scope(obj)
    if scope.kind() != "function_definition" or not flow.is_parameter(scope, obj.text()):
        return ""
    params = scope.field("parameters")
    for param in params.named_children() if params is not None else []:
        if param.kind() not in ("typed_parameter", "typed_default_parameter"):
            continue
        names = [c for c in param.named_children() if c.kind() == "identifier"]
        typ = param.field("type")
        if names and names[0].text() == obj.text() and typ is not None:
            written = typ.text().strip()
            return written if re.fullmatch(r"[A-Z]\w*", written) else ""
    return ""


def _top_class(root: SgNode, name: str) -> SgNode | None:
    for stmt in root.named_children():
        inner = stmt.field("definition") if stmt.kind() == "decorated_definition" else stmt
        if (
            inner is not None
            and inner.kind() == "class_definition"
            and text(inner.field("name")) == name
        ):
            return inner
    return None


def _method(cls: SgNode | None, name: str) -> SgNode | None:
    """The plain method ``name`` of ``cls`` (not a static, class method or property)."""
    body = cls.field("body") if cls is not None else None
    for stmt in body.named_children() if body is not None else []:
        decorators = []
        fn = stmt
        if stmt.kind() == "decorated_definition":
            decorators = [d.text() for d in stmt.named_children() if d.kind() == "decorator"]
            fn = stmt.field("definition") or stmt
        if fn.kind() != "function_definition" or text(fn.field("name")) != name:
            continue
        if decorators or _acts(fn):
            return None
        params = fn.field("parameters")
        first = next(iter(params.named_children()), None) if params is not None else None
        return fn if first is not None and first.kind() == "identifier" else None
    return None


_BUILDS: Final = re.compile(
    r"^(?!self\b)[A-Za-z_]\w*\.(?:append|extend|insert|update|setdefault)\s*\(|^(?:print|log\w*"
    r"|logger\.\w+)\s*\("
)
"""A statement that only builds the method's own list or dict (or logs)."""


def _acts(method: SgNode) -> bool:
    """Whether ``method`` does something besides computing what it returns: a call statement
    other than building a local list or dict (``self.save()``, ``send_mail(...)``), or a change
    to ``self`` (``self.status = "pending"``). Such a method stays a call: the Dodo call put in
    its place would not do it."""
    for stmt in method.find_all(kind="expression_statement"):
        for node in stmt.named_children():
            if node.kind() == "call" and not _BUILDS.match(node.text()):
                return True
            if node.kind() in ("assignment", "augmented_assignment"):
                left = node.field("left")
                if left is not None and re.match(r"self\b", left.text()):
                    return True
    return False


__all__ = ["model_method"]

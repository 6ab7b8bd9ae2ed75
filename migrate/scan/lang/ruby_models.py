"""A method of a Rails model called on a record: ``line_items: @order.stripe_line_items``.

Rails shops keep the cart on the model: ``Order#stripe_line_items`` maps the order's rows to
line items, each an inline ``price_data`` built from the row (``li.unit_price_cents``), reading
the order's own attributes and associations by their bare names (``line_items``, ``currency``).
Only methods of the controller's own class were followed, so such a list stayed run-time line
items built with inline prices, blocked (RT015), although the model says every amount in terms
of the record the controller holds.

:func:`model_method` finds the method when the record's class is known where it is bound: a
local or an instance variable set to one row of the model (``Order.find(params[:id])``,
``Order.find_by!(...)``, ``Order.where(...).first``, ``Order.create!(...)``, ``Order.new``;
an instance variable by every assignment of its controller, as a ``before_action`` makes it).
The class is the file Rails loads it from (``app/models/order.rb``; ``Shop::Order`` in
``app/models/shop/order.rb``). The follower reads the method with each bare attribute or
association name written on the caller's record (``line_items`` is ``@order.line_items``).

A method is not read when it cannot be written at the call: it uses ``self``, an instance
variable (the controller's, at the call), ``super``, a method of its class that is private or
protected, a call without a receiver other than Kernel's conversions (a helper of a module the
model includes), or does more than compute its value (``save``, ``update``, a write).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode, SgRoot

from migrate.scan.extract import Extractor, text
from migrate.scan.helper_reads import parsed
from migrate.scan.lang.ruby_source import DECLARING
from migrate.scan.tree_constants import record

_ONE_ROW: Final = re.compile(
    r"^(?P<cls>(?:[A-Z]\w*::)*[A-Z]\w*)\s*\.\s*(?:.*\.\s*)?(?:find|find_by!?|create!?|new|first!?"
    r"|last!?|take!?|sole|find_sole_by|find_or_create_by!?|find_or_initialize_by)"
    r"(?:\s*\(.*\)|\s+[^.]*)?$"
)
"""One row of the model ``cls`` (``where(...)``, ``all`` or ``order(...)`` at the end: rows)."""
_EFFECTS: Final = re.compile(
    r"\b(?:save|update|update_columns?|update_attribute|create|destroy|delete|touch|increment"
    r"|decrement|toggle|lock|reload|with_lock|transaction|deliver_\w+|perform_\w+)\b"
    r"|\bself\b|@\w|\bsuper\b|\.\s*\w+\s*(?:[-+*/|&]|\|\||&&)?=(?![=~>])"
)
"""What the caller's record must not be made to do again, or what names what the call cannot
see; a write to an attribute (``li.price = 5``: a local is read as its value)."""
_KERNEL: Final = frozenset(
    {"Integer", "Float", "String", "Array", "Hash", "Rational", "BigDecimal", "format", "sprintf"}
)
_DECLARING: Final = DECLARING | {"destructured_parameter"}


def model_method(
    flow: Extractor, call: SgNode, receiver: SgNode, name: str
) -> tuple[SgNode, dict[str, SgNode | None]] | None:
    """The method ``name`` of the model of the record ``receiver`` holds, which ``call``
    runs, and the record's reads its body makes by bare name, each as the node of
    ``receiver.name``; None when the method cannot be read at the call."""
    cls = _class_name(flow, receiver)
    if not cls or not flow.file:
        return None
    for file in _model_files(Path(flow.file).absolute().parent, cls):
        owner = _class(file, cls)
        record(("rb-model", str(file), cls, owner.text() if owner is not None else ""))
        method = _readable(owner, name) if owner is not None else None
        if method is None:
            continue
        reads = _reads(method, owner) if owner is not None else None
        if reads is None:
            return None
        spelled = SgRoot("\n".join(f"{receiver.text()}.{n}" for n in reads), "ruby").root()
        nodes = [c for c in spelled.named_children()]
        return method, {n: node for n, node in zip(reads, nodes, strict=True)}
    return None


def class_text(file: str, cls: str) -> str:
    """The text of the class ``cls`` in ``file`` ("" when none): what the scan's cache asks."""
    owner = _class(Path(file), cls)
    return owner.text() if owner is not None else ""


def _class_name(flow: Extractor, receiver: SgNode) -> str:
    if receiver.kind() == "identifier":
        found = flow.binding(receiver)
        values = [found[0]] if found is not None else []
    elif receiver.kind() == "instance_variable":
        values = _ivar_values(receiver)
    else:
        return ""
    names = set()
    for value in values:
        match = _ONE_ROW.match(" ".join(value.text().split()))
        names.add(match.group("cls") if match is not None else "")
    return names.pop() if len(names) == 1 else ""


def _ivar_values(ivar: SgNode) -> list[SgNode]:
    """What every assignment of the instance variable ``ivar`` in its class sets it to."""
    cls = next((a for a in ivar.ancestors() if a.kind() == "class"), None)
    if cls is None:
        return []
    out = []
    for assign in cls.find_all(kind="assignment"):
        left, right = assign.field("left"), assign.field("right")
        if left is not None and right is not None and left.text() == ivar.text():
            out.append(right)
    return out


def _model_files(folder: Path, cls: str) -> list[Path]:
    """Where Rails loads ``cls`` from: ``app/models/<snake_case path>.rb`` of the app around
    ``folder``."""
    relative = "/".join(_snake(part) for part in cls.split("::")) + ".rb"
    for up in [folder, *list(folder.parents)[:6]]:
        for models in (up / "models", up / "app" / "models"):
            if (models / relative).is_file():
                return [models / relative]
    return []


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _class(file: Path, cls: str) -> SgNode | None:
    root = parsed(file, "ruby")
    if root is None:
        return None
    last = cls.rsplit("::", 1)[-1]
    for node in root.find_all(kind="class"):
        written = text(node.field("name"))
        if written == cls or written.rsplit("::", 1)[-1] == last:
            return node
    return None


def _readable(owner: SgNode, name: str) -> SgNode | None:
    """The public instance method ``name`` of ``owner`` when it only computes its value."""
    body = owner.field("body")
    found = None
    for member in body.named_children() if body is not None else []:
        if member.kind() == "method" and text(member.field("name")) == name:
            found = member
    if found is None or name in _hidden(owner):
        return None
    inner = found.field("body")
    if inner is None or _EFFECTS.search(_without_strings(inner)):
        return None
    return found


def _reads(method: SgNode, owner: SgNode) -> list[str] | None:
    """The record's attributes and associations ``method`` reads by bare name (each once);
    None when it calls a method without a receiver that the caller would not reach."""
    hidden = _hidden(owner)
    params = {p.text() for p in method.find_all(kind="identifier") if _declared(p)}
    for kind in ("assignment", "operator_assignment"):  # the method's locals (lines = [])
        params |= {text(a.field("left")) for a in method.find_all(kind=kind)}
    out: list[str] = []
    for node in method.find_all(kind="identifier"):
        parent = node.parent()
        word = node.text()
        if parent is None or _declared(node) or word in params:
            continue
        if parent.kind() == "call" and parent.field("method") == node:
            if parent.field("receiver") is None and word not in _KERNEL:
                return None  # a helper the model includes, or its own private method
            continue
        if parent.kind() in ("method", "pair") and parent.field("name") == node:
            continue
        if word in hidden:
            return None
        if word not in out:
            out.append(word)
    return out


def _declared(node: SgNode) -> bool:
    parent = node.parent()
    return parent is not None and (
        parent.kind() in _DECLARING or (parent.kind() == "method" and parent.field("name") == node)
    )


def _hidden(owner: SgNode) -> set[str]:
    """The class's private and protected methods (after a bare ``private``/``protected``, or
    named by ``private :name``)."""
    out: set[str] = set()
    body = owner.field("body")
    hiding = False
    for member in body.named_children() if body is not None else []:
        if member.kind() == "identifier" and member.text() in ("private", "protected"):
            hiding = True
        elif member.kind() == "identifier" and member.text() == "public":
            hiding = False
        elif member.kind() == "method" and hiding:
            out.add(text(member.field("name")))
        elif member.kind() == "call" and text(member.field("method")) in ("private", "protected"):
            out.update(s.lstrip(":") for s in re.findall(r":\w+", member.text()))
    return out


def _without_strings(node: SgNode) -> str:
    """``node``'s text with its string literals blanked (a product name saying "update")."""
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', node.text())


__all__ = ["class_text", "model_method"]

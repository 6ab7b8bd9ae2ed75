"""The lines a JS/TS class's methods push to a field of ``this`` (``migrate/scan/built_lines.py``).

A cart kept in a field and filled by another method of the class::

    class Basket {
      private items: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
      add(name: string, cents: number) {
        this.items.push({ price_data: { currency: "usd", unit_amount: cents, ... }, quantity: 1 });
      }
      async pay() { return stripe.checkout.sessions.create({ line_items: this.items, ... }); }
    }

is a run-time value at the call. When the field is bound only to ``[]`` and every use of it in
the class pushes an object literal, reads its ``length`` or passes it at the call, the list
holds those literals only: their shapes (:func:`js_field_shapes`) say how to read each element.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import dynamic_marker
from migrate.scan.nodes import of_kind

_THIS: Final = re.compile(r"this\.([A-Za-z_$][\w$]*)")
_CLASSES: Final = frozenset({"class_declaration", "class", "abstract_class_declaration"})
_FIELDS: Final = frozenset({"public_field_definition", "field_definition"})
_STRING: Final = re.compile(r"""^(["'])([^"'\\]*)\1$""")


def js_field_shapes(call: SgNode, source: str) -> list[dict[str, Any]]:
    """The shape of each object literal the class around ``call`` pushes to the field
    ``source`` names (``this.items``): its literals as values, anything else a run-time value;
    [] when the field is bound to anything but ``[]`` or used otherwise (another list pushed,
    spread, passed to a function, changed by index)."""
    match = _THIS.fullmatch(source.replace(" ", ""))
    scope = next((a for a in call.ancestors() if a.kind() in _CLASSES), None)
    if match is None or scope is None:
        return []
    name = match.group(1)
    literals: list[SgNode] = []
    body = scope.field("body")
    members = body.named_children() if body is not None else []
    private = name.startswith("#")
    for field in (f for f in members if f.kind() in _FIELDS and _named(f, name)):
        value = field.field("value")
        if value is not None and value.text().replace(" ", "") != "[]":
            return []
        private = private or field.text().startswith("private ")
    if not private and outside(call, "this", name):
        return []  # another object's code may add lines of other shapes
    for use in of_kind(scope, "member_expression"):
        obj, prop = use.field("object"), use.field("property")
        if obj is None or prop is None or obj.kind() != "this" or prop.text() != name:
            continue
        if any(a == call for a in use.ancestors()):
            continue  # the list the call passes
        pushed = _pushed(use)
        if pushed is None:
            return []
        literals.extend(pushed)
    if not literals:
        return []
    shapes = [_shape(node) for node in literals]
    return [s for s in shapes if type(s) is dict] if all(type(s) is dict for s in shapes) else []


def outside(call: SgNode, own: str, name: str) -> bool:
    """Whether the file of ``call`` names the field ``name`` on an object other than ``own``
    (``self``, ``this``): ``basket.items.push(...)`` elsewhere may add lines of other shapes."""
    text = call.get_root().root().text()
    pattern = rf"(?<![\w$.])(?!{own}\b)[A-Za-z_$][\w$]*\s*\??\.\s*{re.escape(name)}(?![\w$])"
    return re.search(pattern, text) is not None


def _named(field: SgNode, name: str) -> bool:
    key = field.field("name") or field.field("property")
    return key is not None and key.text() == name


def _pushed(use: SgNode) -> list[SgNode] | None:
    """The object literals ``use`` (``this.items``) is given by ``.push(...)``; [] for a read
    of its ``length`` or a binding to ``[]``; None for any other use."""
    parent = use.parent()
    if parent is None:
        return None
    if parent.kind() == "assignment_expression" and parent.field("left") == use:
        right = parent.field("right")
        return [] if right is not None and right.text().replace(" ", "") == "[]" else None
    if parent.kind() != "member_expression" or parent.field("object") != use:
        return None
    prop = parent.field("property")
    if prop is not None and prop.text() == "length":
        return []
    outer = parent.parent()
    if prop is None or prop.text() != "push" or outer is None or outer.kind() != "call_expression":
        return None
    args = outer.field("arguments")
    given = [c for c in args.named_children() if c.kind() != "comment"] if args else []
    if not given or any(c.kind() != "object" for c in given):
        return None
    return given


def _shape(node: SgNode) -> Any:
    """A JS literal's value, an object literal's keys and shapes; a run-time marker for the
    rest (a shorthand property, a computed value)."""
    kind = node.kind()
    if kind == "object":
        out: dict[str, Any] = {}
        for pair in node.named_children():
            if pair.kind() == "comment":
                continue
            if pair.kind() == "shorthand_property_identifier":
                out[pair.text()] = dynamic_marker(pair.text())
                continue
            key, value = pair.field("key"), pair.field("value")
            if pair.kind() != "pair" or key is None or value is None:
                return dynamic_marker(node.text())  # a spread, a method: not a shape
            if key.kind() not in ("property_identifier", "string"):
                return dynamic_marker(node.text())
            out[key.text().strip("\"'")] = _shape(value)
        return out
    text = node.text()
    if kind == "number" and re.fullmatch(r"\d+", text):
        return int(text)
    if kind in ("true", "false"):
        return kind == "true"
    string = _STRING.match(text) if kind == "string" else None
    if string is not None:
        return string.group(2)
    return dynamic_marker(text)


__all__ = ["js_field_shapes"]

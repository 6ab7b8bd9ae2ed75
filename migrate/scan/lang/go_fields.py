"""Go: the params a field assignment changes (``params.LineItems[0].Price = ...``), as keys;
stripe-go enum constants and Go number literals as their values."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan import change_paths, flow
from migrate.scan.extract import Dynamic, dynamic_marker, is_dynamic, join, start, text
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import snake

Keys = list[str | int]


def fields_of(
    node: SgNode, name: str, key: Callable[[SgNode], str | None] | None = None
) -> Keys | None:
    """``name.A[0].B`` -> ``["a", 0, "b"]`` (snake_case; an index only run time knows is -1);
    ``name`` -> ``[]``; None otherwise. A map's index ``key`` reads as a text
    (``metadata["order_id"]``, a constant) is that key: an entry set, not a run-time change."""
    fields: Keys = []
    while node.kind() in ("selector_expression", "index_expression"):
        operand = node.field("operand")
        field = node.field("field") or node.field("index")
        if operand is None or field is None:
            return None
        if node.kind() == "selector_expression":
            fields.append(snake(field.text()))
        elif field.text().isdigit():
            fields.append(int(field.text()))
        else:
            known = key(field) if key is not None else None
            fields.append(known if known is not None else -1)
        node = operand
    if node.kind() != "identifier" or node.text() != name:
        return None
    return fields[::-1]


def descend(value: dict[str, Any], keys: Keys, path: str) -> tuple[dict[str, Any] | None, str]:
    """The dict at ``keys`` inside ``value`` (made when missing; a list's element when it is
    there) and its params path."""
    into, where = change_paths.descend(value, list(keys), path)
    if type(into) is not dict or is_dynamic(into):
        return None, where
    return into, where


def unplaced(
    value: dict[str, Any],
    fields: Keys,
    path: str,
    target: SgNode,
    loops: list[flow.LoopScope] | None = None,
) -> Iterator[Dynamic]:
    """A change to an element of a list the scan does not place (an index only run time
    knows, a whole element replaced): the list is known at run time, never as written. An
    entry of the map followed itself at a key only run time knows (``metadata[k] = v``) is a
    change the scan cannot place (RT012 says so), but in a ``range`` over another map with the
    loop's own key and value (``for k, v := range extra { metadata[k] = v }``, the innermost
    of ``loops``): that puts all of ``extra``, a whole object (as ``AddMetadata(k, v)`` so)."""
    at = next(i for i, f in enumerate(fields) if isinstance(f, int))
    if at == 0:
        assignment = target.parent()
        if assignment is not None and assignment.kind() == "expression_list":
            assignment = assignment.parent()
        whole = _copied_entry(loops or [], target, assignment)
        before = tuple(value) if whole is not None else ()  # its keys win over those set
        yield Dynamic(path, whole if whole is not None else (assignment or target).text(), before)
        return
    into, where = descend(value, fields[: at - 1], path) if at else (None, path)
    key = fields[at - 1] if at else None
    if into is not None and isinstance(key, str):
        source = target.text().split("[", 1)[0]
        into[key] = dynamic_marker(source)
        yield Dynamic(join(where, key), source)


_CHOOSING: Final = frozenset(
    {"if_statement", "expression_switch_statement", "type_switch_statement", "select_statement"}
)


def copied_map(
    loops: list[flow.LoopScope], key: SgNode, value: SgNode, *, keyed: bool = False
) -> str | None:
    """The map a ``range`` loop (the innermost of ``loops``) puts into the params entry by entry
    with its own key and value (``for k, v := range extra { params.AddMetadata(k, v) }``): all
    of it, as a whole object; None for anything else (an entry put under an ``if``). ``keyed``:
    the key indexes a map (``metadata[k] = v``), which the loop's names do not count as a read
    of ``k``: the range clause's own names are compared."""
    loop = loops[-1].loop if loops else None
    if loop is None or loop.over is None or loop.node.kind() != "for_statement":
        return None
    names = [n.strip() for n in loop.var.split(",")]
    if keyed:
        clauses = [c for c in loop.node.named_children() if c.kind() == "range_clause"]
        left = clauses[0].field("left") if clauses else None
        names = [n.text() for n in items(left)] if left is not None else []
    for ancestor in key.ancestors():
        if ancestor == loop.node:
            return loop.over if names == [key.text(), value.text()] else None
        if ancestor.kind() in _CHOOSING:
            return None
    return None


def _copied_entry(
    loops: list[flow.LoopScope], target: SgNode, assignment: SgNode | None
) -> str | None:
    """The map ``target[k] = v`` copies whole (:func:`copied_map`); None for another change."""
    key = target.field("index") if target.kind() == "index_expression" else None
    if key is None or assignment is None or text(assignment.field("operator")) != "=":
        return None
    right = assignment.field("right")
    values = items(right) if right is not None else []
    if len(values) != 1:
        return None
    return copied_map(loops, key, values[0], keyed=True)


def _last_key(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    return last.split("[", 1)[0]


def enum_value(constant: str, path: str) -> str | None:
    """The API value of a stripe-go enum constant used as the param at ``path``:
    ``CheckoutSessionModePayment`` at ``mode`` -> ``payment``,
    ``CheckoutSessionPaymentMethodTypeCard`` at ``payment_method_types[0]`` -> ``card``;
    None when the constant does not contain the field's name."""
    key = _last_key(path).replace("_", "")
    if not key:
        return None
    candidates = [key]
    if key.endswith("ies"):
        candidates.append(key[:-3] + "y")
    if key.endswith("s"):
        candidates.append(key[:-1])
    low = constant.lower()
    for candidate in candidates:
        at = low.find(candidate)
        while at >= 0:
            rest = constant[at + len(candidate) :]
            if constant[at].isupper() and rest[:1].isupper():
                return snake(rest)
            at = low.find(candidate, at + 1)
    return None


def go_number(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "")
    try:
        if flat[:2].lower() in ("0x", "0o", "0b") and "." not in flat and "p" not in flat.lower():
            return (int(flat, 0),)
        if flat.isdigit():
            return (int(flat, 8) if len(flat) > 1 and flat[0] == "0" else int(flat),)
        return (float(flat),)
    except ValueError:
        return None


def items(node: SgNode) -> list[SgNode]:
    """The expressions of an expression_list (or the one expression)."""
    if node.kind() == "expression_list":
        return [c for c in node.named_children() if not is_comment(c)]
    return [node]


def indexed(targets: list[SgNode]) -> bool:
    """``items[i] = ...`` with ``i`` the index of the ``for i, x := range`` loop around it."""
    if len(targets) != 1 or targets[0].kind() != "index_expression":
        return False
    operand, index = targets[0].field("operand"), targets[0].field("index")
    loop = next((a for a in targets[0].ancestors() if a.kind() == "for_statement"), None)
    clauses = [c for c in loop.named_children() if c.kind() == "range_clause"] if loop else []
    left = clauses[0].field("left") if clauses else None
    names = items(left) if left is not None else []
    ok = operand is not None and operand.kind() == "identifier" and index is not None
    return ok and len(names) == 2 and index is not None and names[0].text() == index.text()


def set_element_fields(
    ex: flow.FlowExtractor, element: dict[str, Any], assignment: SgNode, path: str
) -> None:
    """``element`` (made by ``assignment``, ``items[i] = &T{...}`` in a range loop's body,
    read at ``path``) with the fields the body sets on it after (``items[i].Quantity = ...``):
    a choice where one is set under an ``if``."""
    body = assignment.parent()
    if body is None:
        return
    for keys, node in _element_sets(assignment):
        right = items(node.field("right") or node)[0]
        head: Keys = [*keys[:-1]]

        def apply(head: Keys = head, key: str = keys[-1], right: SgNode = right) -> None:
            into, where = descend(element, head, path)
            if into is not None:
                ex.put(into, key, right, where)

        ex.under(element, node, body.range().end.index, body, apply=apply, path=path)


def _element_sets(assignment: SgNode) -> Iterator[tuple[list[str], SgNode]]:
    """The fields set, after ``assignment`` (``items[i] = &T{...}`` in a range loop's body),
    on the element it made (``items[i].Quantity = stripe.Int64(q)``: ``["quantity"]``, under
    an ``if`` too), each with its assignment, in order."""
    left = assignment.field("left")
    target = items(left)[0] if left is not None else None
    operand = target.field("operand") if target is not None else None
    block = assignment.parent()
    if target is None or operand is None or block is None:
        return
    element = "".join(target.text().split())
    after = assignment.range().end.index
    for node in of_kind(block, "assignment_statement"):
        if start(node) < after:
            continue
        if text(node.field("operator")) != "=":
            continue
        lhs, rhs = node.field("left"), node.field("right")
        targets, values = items(lhs) if lhs else [], items(rhs) if rhs else []
        if len(targets) != 1 or len(values) != 1:
            continue
        keys: list[str] = []
        at = targets[0]
        while at.kind() == "selector_expression" and (inner := at.field("operand")) is not None:
            keys.insert(0, snake(text(at.field("field"))))
            at = inner
        if keys and "".join(at.text().split()) == element:
            yield keys, node


def reads_index(body: SgNode | None, name: str) -> bool:
    """Whether ``body`` (a loop's) reads ``name`` (the loop's index, bound only when read;
    ``lines[i] = ...`` sets the line of that index: ``go_fields.indexed``, no read)."""
    for ident in of_kind(body, "identifier") if body is not None else []:
        if ident.text() != name:
            continue
        target = ident.parent()
        left = target.parent() if target is not None else None
        setter = left.parent() if left is not None else None
        if not (
            target is not None
            and target.kind() == "index_expression"
            and setter is not None
            and setter.kind() == "assignment_statement"
            and setter.field("left") == left
        ):
            return True
    return False


def made(value: SgNode) -> bool:
    """Whether a binding's value makes an empty slice (``make([]T, n)``, ``var xs []T``)."""
    if value.kind() in ("slice_type", "array_type"):
        return True
    function = value.field("function") if value.kind() == "call_expression" else None
    args = value.field("arguments")
    first = args.named_children()[0] if args is not None and args.named_children() else None
    return text(function) == "make" and first is not None and first.kind() == "slice_type"


_POINTER_HELPERS: Final = {
    "github.com/samber/lo": frozenset({"ToPtr"}),
    "k8s.io/utils/ptr": frozenset({"To"}),
    "k8s.io/utils/pointer": frozenset({"String", "Int64", "Int", "Bool", "Int32", "Float64"}),
    "github.com/aws/aws-sdk-go/aws": frozenset({"String", "Int64", "Int", "Bool", "Float64"}),
    "github.com/aws/aws-sdk-go-v2/aws": frozenset({"String", "Int64", "Int", "Bool", "Float64"}),
    "github.com/AlekSi/pointer": frozenset({"To", "ToString", "ToInt64", "ToBool", "ToInt"}),
    "github.com/gotidy/ptr": frozenset({"Of", "String", "Int64", "Int", "Bool"}),
    "github.com/go-openapi/swag": frozenset({"String", "Int64", "Bool", "Float64"}),
}
"""Other modules' helpers that only take the address of their argument, as stripe-go's
``stripe.String(x)`` does: ``lo.ToPtr(string(stripe.CheckoutSessionModeSetup))`` is the mode."""


def pointer_helper(module: str, name: str) -> bool:
    """Whether ``name`` of the package imported from ``module`` is such a helper."""
    return name in _POINTER_HELPERS.get(module, frozenset())


def go_choice(cond: str, then: Any, else_: Any) -> str:
    """A choice a statement under an ``if`` makes, as a finding quotes it in Go's terms: ``if
    promo { ref } else { nil }`` (not the whole ``if`` statement, its other statements)."""
    return f"if {' '.join(cond.split())} {{ {_go_source(then)} }} else {{ {_go_source(else_)} }}"


def _go_source(value: Any) -> str:
    if is_dynamic(value):
        return " ".join(str(value["$dynamic"]).split())
    if value is None or value is flow.ABSENT:
        return "nil"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return json.dumps(value, ensure_ascii=False)
    if type(value) in (int, float):
        return repr(value)
    if type(value) is dict:  # the params' keys, as the finding's paths name them
        return "{" + ", ".join(f"{k}: {_go_source(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_go_source(v) for v in value) + "]" if type(value) is list else "nil"

"""Go locals a call fills through their address: ``var row models.Product`` (or ``row :=
models.Product{}``) then ``db.First(&row, "id = ?", item.ID)`` in a loop's body. What ``row``
holds there is what the call wrote, not its declared (zero) value: written where the Dodo call
builds its cart (a loop of its own, which cannot see the body's locals) it is a function literal
run in place that declares the local, makes the filling calls and returns it (``func()
models.Product { var row models.Product; db.First(&row, "id = ?", item.ID); return row
}()``); None (the loop is then not written) when the local's type cannot be named."""

from __future__ import annotations

from collections.abc import Callable

from ast_grep_py import SgNode

from migrate.scan.extract import start, text
from migrate.scan.go_returns import first_of_several


def go_local_text(value: SgNode, ident: SgNode, write: Callable[[SgNode], str]) -> str | None:
    """``ident`` (a local bound to ``value``) written as what it holds at its use."""
    if _address_argument(ident):
        return _own(ident.text())  # the local a filling call sets: the function literal's
    several = _several(value)
    if several is not None:  # row, err := load(id): the call's first result, once per element
        return (
            f"dodoids.First({write(several)})"
            if first_of_several(several) == ident.text()
            else None
        )
    name = _own(ident.text())
    declared = _declaration(value)
    pointer = (_made_type(value) or "").startswith("*")
    found = _fills(declared, ident.text(), start(ident), pointer) if declared else []
    zero = _is_type(value)
    if not found:
        return None if zero else write(value)  # var row T, read as its zero value
    typ = value.text() if zero else _made_type(value)
    decl = f"var {name} {value.text()}" if zero else f"{name} := {write(value)}"
    if typ is None:
        return None
    calls = "; ".join(write(call) for call in found)
    return f"func() {typ} {{ {decl}; {calls}; return {name} }}()"


def _own(name: str) -> str:
    """The function literal's name for the local (``row``: ``dodoRow``), which no rewriting of
    the body's names (``go_scope``) mistakes for the local itself."""
    return "dodo" + name[:1].upper() + name[1:]


def _address_argument(ident: SgNode) -> bool:
    """Whether ``ident`` is ``&ident`` passed to a call (or a pointer ``ident`` passed to one
    of the calls that fill it: the function literal declares it too)."""
    parent = ident.parent()
    if parent is not None and parent.kind() == "argument_list":
        return _filler(parent) and _pointer_local(ident)
    if parent is None or parent.kind() != "unary_expression":
        return False
    if text(parent.field("operator")) != "&":
        return False
    args = parent.parent()
    return args is not None and args.kind() == "argument_list" and _filler(args)


def _filler(args: SgNode) -> bool:
    """Whether the call of an argument list may fill what it is given (``append`` only adds)."""
    call = args.parent()
    function = call.field("function") if call is not None else None
    return function is not None and function.text() != "append"


def _declaration(value: SgNode) -> SgNode | None:
    """The ``var`` spec or ``:=`` declaration ``value`` is the value (or type) of."""
    for ancestor in value.ancestors():
        if ancestor.kind() in ("var_spec", "short_var_declaration"):
            return ancestor
        if ancestor.kind() not in ("expression_list", "unary_expression"):
            return None
    return None


def _fills(declared: SgNode, name: str, use: int, pointer: bool) -> list[SgNode]:
    """The calls passing ``&name`` (a pointer's ``name``) between its declaration and its use,
    in the block the declaration is in."""
    block = declared.parent()
    while block is not None and block.kind() not in ("block", "source_file"):
        block = block.parent()
    if block is None:
        return []
    after = declared.range().end.index
    found: list[SgNode] = []
    for operand in block.find_all(kind="identifier"):
        if operand.text() != name or not after <= start(operand) < use:
            continue
        parent = operand.parent()
        if pointer and parent is not None and parent.kind() == "argument_list" and _filler(parent):
            args: SgNode | None = parent
        elif _address_argument(operand) and parent is not None:
            args = parent.parent()
        else:
            continue
        call = args.parent() if args is not None else None
        if call is not None and call.kind() == "call_expression" and call not in found:
            found.append(call)
    return found


def _is_type(value: SgNode) -> bool:
    """Whether ``value`` is a declared type (``var row T``: no value of its own)."""
    parent = value.parent()
    return parent is not None and parent.kind() == "var_spec" and parent.field("value") is None


def _made_type(value: SgNode) -> str | None:
    """The type of a composite literal (``T{}``, ``&T{}``: ``*T``); None for other values."""
    if value.kind() == "unary_expression" and text(value.field("operator")) == "&":
        inner = value.field("operand")
        made = _made_type(inner) if inner is not None else None
        return f"*{made}" if made is not None else None
    if value.kind() != "composite_literal":
        return None
    typ = value.field("type")
    return typ.text() if typ is not None else None


def _pointer_local(ident: SgNode) -> bool:
    """Whether ``ident`` names a local declared as ``ident := &T{}`` before it."""
    for ancestor in ident.ancestors():
        if ancestor.kind() != "block":
            continue
        for decl in ancestor.find_all(kind="short_var_declaration"):
            left, right = decl.field("left"), decl.field("right")
            if left is None or right is None or left.text() != ident.text():
                continue
            if (
                start(decl) < start(ident)
                and (_made_type(right.child(0) or right) or "")[:1] == "*"
            ):
                return True
    return False


def _several(value: SgNode) -> SgNode | None:
    """The call ``value`` is (or holds alone) when several names take its results."""
    items = value.named_children() if value.kind() == "expression_list" else [value]
    call = items[0] if len(items) == 1 else None
    if call is None or call.kind() != "call_expression":
        return None
    return call if first_of_several(call) is not None else None


def filled_by_call(declared_type: SgNode) -> bool:
    """Whether the local ``var name T`` (``declared_type``: its ``T``) is given by address to a
    call of its block (``row.Scan(&email, &customerID)``): what it holds is the call's, not
    the zero value (a ``*string`` is not nil after a scan of a column that holds a value)."""
    spec = declared_type.parent()
    if spec is None or spec.kind() != "var_spec":
        return False
    names = [c.text() for c in spec.children() if c.kind() == "identifier"]
    declared = _declaration(declared_type) or spec
    return any(
        _fills(declared, name, declared.get_root().root().range().end.index, False)
        for name in names
    )

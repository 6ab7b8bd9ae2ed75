"""Line items a loop builds from a value it awaits per element, mapped from the built list.

The most common cart of a real shop route reads each product before it adds its line::

    const lineItems = [];
    for (const item of cart) {
      const product = await Product.findById(item.id);
      lineItems.push({ price_data: { currency: "usd", unit_amount: product.price * 100, ... },
                       quantity: item.qty });
    }
    await stripe.checkout.sessions.create({ line_items: lineItems, ... });

The list reads as the cart mapped (``$each`` over ``cart``), but its values come from a local
that awaits a call: written into the Dodo call, the lookup would run again, so each was a
``$local`` value and the cart was blocked (RT002, RT007). The list itself is built by then, and
its elements have the shape the loop writes: the Dodo cart is that list mapped, each value read
from the element the loop built (``line.price_data.unit_amount``, ``line.quantity``), the
literals of the shape (its currency, its recurrence) as written. Nothing runs twice, and each
line charges what the Stripe line would. Only a list the call names (``line_items: lineItems``)
built by that loop is read so, with the lines pushed after it (a delivery line) when they have
the same keys; a shape with a per-element choice of structure, a nested list or a spread stays
as it was.

Python's reader gives such a list as one value known at run time, which, built with inline prices,
blocked the call (RT015) with a cart reading each element's ``price``, a key it lacks: there the
code is read as written. A list bound empty (``[]``, ``list()``) and filled by ``append``s of
dict literals (or of a name bound once to one, or of a call of the file's one function or
method returning one: ``append(to_line(x))``), in a loop, under ``if``s, after it, and named
nowhere else; a field of ``self`` the class's methods fill so; or the list a function or method
of the file returns (filled so, or a comprehension of one dict literal): when every element has
the same keys, with inline prices (``price_data``, or a pre-Prices line's own ``amount`` and
``currency``), each value the appends differ in is read from the element (``line["price_data"]
["unit_amount"]``), each literal they agree on kept (the currency, the recurrence), so RT011,
L114 and RT002 still say what a run-time currency, amount or interval means. JS/TS: a field of
``this`` the class pushes object literals to, so (``migrate/scan/js_fields.py``). Keys that
differ (a line with ``price`` beside one with ``price_data``), another change, a use elsewhere:
the list stays blocked (RT015), and its cart names no key the elements lack
(``migrate/scan/inline_carts.py``). A wrapper's call reads the list its caller built so when the
wrapper names its parameter nowhere but at its own call (:func:`passes_lines`).
"""

from __future__ import annotations

import ast
import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    CHOICE,
    DYNAMIC,
    EACH,
    LOCAL,
    Dynamic,
    dynamic_marker,
    each_marker,
)
from migrate.scan.js_fields import js_field_shapes, outside
from migrate.scan.nodes import of_kind

_NAME: Final = re.compile(r"[A-Za-z_$][\w$]*")
_FAMILIES: Final = frozenset({"node"})


def from_built_list(params: dict[str, Any], family: str, call: SgNode) -> dict[str, Any]:
    """``params`` with its ``line_items`` read from the list the code built, when that list's
    elements hold values awaited per element (JS/TS: a loop's, maybe with lines of the same
    keys pushed after it), or when the list is opaque and every element the code can put in
    it has the same keys with inline prices (Python: appends, a helper's returned list;
    JS/TS: a field of ``this`` the class pushes to; see the module); ``params`` otherwise."""
    lines = params.get("line_items")
    if family == "python" and type(lines) is dict and set(lines) == {DYNAMIC}:
        shape = _appended(call, str(lines[DYNAMIC]))
        if shape is None or not _inline(shape):
            return params  # no inline price it can read (RT003, RT015 say what is known)
        var = "line" if lines[DYNAMIC] != "line" else "built"
        item = _read_from(shape, var, (), family)
        if item is None:
            return params
        return {**params, "line_items": each_marker(lines[DYNAMIC], lines[DYNAMIC], var, item)}
    parts = _parts(lines) if family in _FAMILIES else None
    if parts is not None:  # [loop's lines, delivery line], or so when a condition holds
        return _from_parts(params, parts, call)
    if family in _FAMILIES and type(lines) is dict and set(lines) == {DYNAMIC}:
        return _from_field(params, str(lines[DYNAMIC]), call)
    if family not in _FAMILIES or type(lines) is not dict or EACH not in lines:
        return params
    name = str(lines.get(DYNAMIC, ""))
    each = lines[EACH]
    if not _NAME.fullmatch(name) or type(each) is not dict or not _awaited(each.get("item")):
        return params
    if not _only_pushed(call, name):
        return params  # passed to a function, or changed otherwise: maybe other shapes
    var = "line" if name != "line" else "built"
    item = _read_from(each.get("item"), var, (), family)
    if item is None:
        return params
    return {**params, "line_items": each_marker(name, name, var, item)}


def passes_lines(call: SgNode, params: dict[str, Any], function: SgNode) -> bool:
    """Whether ``params``' ``line_items`` are the list a parameter of ``function`` (around
    ``call``) holds, which it names only where it declares it and in ``call``: what its caller
    built reaches Stripe unchanged, no line added nor changed."""
    lines = params.get("line_items")
    if type(lines) is not dict or set(lines) != {DYNAMIC} or not _NAME.fullmatch(lines[DYNAMIC]):
        return False
    declared = function.field("parameters") or function.field("parameter")
    for use in function.find_all(regex=f"^{re.escape(lines[DYNAMIC])}$"):
        if use.kind() not in ("identifier", "variable_name", "name"):
            continue
        if not any(a in (call, declared) for a in use.ancestors()):
            return False
    return declared is not None


def _inline(shape: dict[str, Any]) -> bool:
    """Whether an element shape has an inline price: its ``price_data``, or a pre-Prices
    line's own ``amount`` and ``currency``."""
    data = shape.get("price_data")
    if "price" in shape:
        return False
    return _literal_dict(data) or (
        "price_data" not in shape and {"amount", "currency"} <= set(shape)
    )


def built_dynamic(before: dict[str, Any], after: dict[str, Any], dynamic: Any) -> Any:
    """``dynamic`` (a call's run-time values) once :func:`from_built_list` read its line items
    from the built list: the values of the parts it replaced (``line_items[0]``) are the
    list's, at ``line_items``."""
    lines = after.get("line_items")
    if lines is before.get("line_items") or type(lines) is not dict:
        return dynamic
    kept = tuple(d for d in dynamic if not re.match(r"line_items(?:\[|\.|$)", d.path))
    return (*kept, Dynamic("line_items", str(lines[DYNAMIC])))


def _from_field(params: dict[str, Any], source: str, call: SgNode) -> dict[str, Any]:
    """``params`` with the JS/TS list ``this.FIELD`` read from the built list, when the
    class's methods fill it with object literals of one shape with inline prices
    (``migrate/scan/js_fields.py``); ``params`` otherwise."""
    merged = _merged_all(js_field_shapes(call, source))
    if merged is None or not _inline(merged):
        return params
    item = _read_from(merged, "line", (), "node")
    if item is None:
        return params
    return {**params, "line_items": each_marker(source, source, "line", item)}


def _from_parts(params: dict[str, Any], parts: list[Any], call: SgNode) -> dict[str, Any]:
    """``params`` with a JS/TS list read as its parts (a loop's lines whose values are awaited
    per element, then a delivery line pushed after it) read from the built list instead, when
    every part has the same keys (:func:`_merged`): the literals they agree on kept, the rest
    read from each element; ``params`` otherwise."""
    if not any(type(p) is dict and EACH in p and _awaited(p[EACH].get("item")) for p in parts):
        return params  # the reader's parts, each written as the code writes it
    shapes = [p[EACH].get("item") if type(p) is dict and EACH in p else p for p in parts]
    if any(type(p) is dict and DYNAMIC in p and EACH not in p for p in parts):
        return params  # a spread list, a run-time element: not of a shape it can read
    merged = _merged_all(shapes)
    name = _passed_list(call)
    if merged is None or name is None:
        return params
    if not _only_pushed(call, name):
        return params
    var = "line" if name != "line" else "built"
    item = _read_from(merged, var, (), "node")
    if item is None:
        return params
    return {**params, "line_items": each_marker(name, name, var, item)}


def _parts(value: Any) -> list[Any] | None:
    """The parts of a list the reader gives as its elements (a mapped list, the lines pushed
    after it), or as a choice between such lists (``if (fee) lineItems.push(...)``): every
    part either branch holds; None for anything else."""
    if type(value) is list:
        return value
    choice = value.get(CHOICE) if type(value) is dict and EACH not in value else None
    if type(choice) is not dict:
        return None
    out: list[Any] = []
    for branch in (choice.get("then"), choice.get("else")):
        got = _parts(branch)
        if got is None:
            return None
        out += got
    return out


def _passed_list(call: SgNode) -> str | None:
    """The name ``call`` passes as its ``line_items`` (``line_items: lineItems``, or the
    shorthand ``{ line_items }``)."""
    for pair in of_kind(call, "pair"):
        key, value = pair.field("key"), pair.field("value")
        if key is not None and key.text().strip("\"'") == "line_items":
            return value.text() if value is not None and value.kind() == "identifier" else None
    shorthand = of_kind(call, "shorthand_property_identifier")
    return "line_items" if any(n.text() == "line_items" for n in shorthand) else None


def _awaited(value: Any) -> bool:
    if type(value) is dict:
        return bool(value.get(LOCAL)) or any(_awaited(v) for v in value.values())
    if type(value) is list:
        return any(_awaited(v) for v in value)
    return False


def _read_from(value: Any, var: str, keys: tuple[str, ...], family: str) -> Any:
    """The element shape ``value`` (at ``keys`` in the element) with each run-time value read
    from the built element ``var``; None when a part cannot be read so."""
    if type(value) is dict and DYNAMIC in value:
        if EACH in value or (type(value.get(CHOICE)) is dict and _structured(value[CHOICE])):
            return None  # a nested list, a choice between shapes: not one path per value
        return dynamic_marker(_access(var, keys, family))
    if type(value) is dict:
        out: dict[str, Any] = {}
        for key, inner in value.items():
            if key.startswith("$"):
                return None
            read = _read_from(inner, var, (*keys, str(key)), family)
            if read is None:
                return None
            out[key] = read
        return out
    if type(value) is list:
        return value if not any(type(v) in (dict, list) for v in value) else None
    return value


def _structured(choice: dict[str, Any]) -> bool:
    return any(type(v) in (dict, list) and DYNAMIC not in v for v in choice.values())


def _access(var: str, keys: tuple[str, ...], family: str) -> str:
    if family == "python":
        return var + "".join(f'["{key}"]' for key in keys)
    return var + "".join(f".{k}" if _NAME.fullmatch(k) else f"[{k!r}]" for k in keys)


_JS_FUNCTIONS: Final = frozenset(
    {"function_declaration", "function_expression", "arrow_function", "method_definition"}
)
_JS_READS: Final = frozenset({"push", "length"})


def _only_pushed(call: SgNode, name: str) -> bool:
    """Whether the JS/TS function around ``call`` names the list ``name`` only where it binds
    it, pushes to it, reads its ``length`` and passes it to ``call``."""
    function = next((a for a in call.ancestors() if a.kind() in _JS_FUNCTIONS), None)
    if function is None:
        return False
    for use in of_kind(function, "identifier"):
        if use.text() != name or any(a == call for a in use.ancestors()):
            continue
        parent = use.parent()
        if parent is None:
            return False
        if parent.kind() == "variable_declarator" and parent.field("name") == use:
            continue
        member = parent.field("property") if parent.kind() == "member_expression" else None
        if member is not None and parent.field("object") == use and member.text() in _JS_READS:
            continue
        return False
    return True


_LITERALS: Final = {"string", "integer", "float", "true", "false", "none"}
_EMPTY: Final = frozenset({"[]", "list()"})
_PASSED: Final = frozenset({"keyword_argument", "argument_list"})
"""Where the list is named at the call: ``line_items=items``, or an argument of a wrapper."""
_SELF: Final = re.compile(r"self\.([A-Za-z_]\w*)")


def _appended(call: SgNode, name: str) -> dict[str, Any] | None:
    """The shape of every element the Python code can put in the list ``name`` holds at
    ``call``, when each is a dict literal it appends (:func:`_shapes`): a list bound empty
    (``[]``, ``list()``) in the function around ``call`` and appended to there, or a field of
    ``self`` bound empty and appended to by the methods of the class around ``call``, named
    nowhere else; or the list a function of the file ``name`` calls returns
    (:func:`_returned`). Their keys the same, their literals kept where they agree, any other
    value a run-time value (read from each element); None otherwise."""
    field = _SELF.fullmatch(name)
    if field is not None:
        scope = next((a for a in call.ancestors() if a.kind() == "class_definition"), None)
        uses = [] if scope is None else _self_uses(scope, field.group(1))
        if outside(call, "self", field.group(1)):
            return None  # another object's code may add lines of other shapes
    elif _NAME.fullmatch(name):
        scope = next((a for a in call.ancestors() if a.kind() == "function_definition"), None)
        uses = (
            [] if scope is None else [n for n in of_kind(scope, "identifier") if n.text() == name]
        )
    else:
        return _returned(call, name)
    if scope is None:
        return None

    def passed(use: SgNode, parent: SgNode) -> bool:
        return parent.kind() in _PASSED and any(a == call for a in use.ancestors())

    return _filled(scope, uses, passed, many=field is not None)


def _filled(
    scope: SgNode, uses: list[SgNode], passed: Any, *, many: bool = False
) -> dict[str, Any] | None:
    """The merged shape (:func:`_shapes`) of the dict literals appended to a list whose every
    use in ``scope`` is ``uses``: bound empty (once, or ``many`` times), appended to, or handed
    on where ``passed(use, parent)`` says; None when one is anything else."""
    appends, binds = [], 0
    for use in uses:
        parent = use.parent()
        if parent is None:
            return None
        if parent.kind() == "attribute" and parent.field("object") == use:
            outer = parent.parent()
            attr = parent.field("attribute")
            if attr is None or attr.text() != "append" or outer is None or outer.kind() != "call":
                return None
            appends.append(outer)
        elif parent.kind() == "assignment" and parent.field("left") == use:
            right = parent.field("right")
            if right is None or right.text().replace(" ", "") not in _EMPTY:
                return None
            binds += 1
        elif _read_only(use, parent):
            continue  # if not out: ..., len(out): no element added
        elif not passed(use, parent):
            return None  # read or changed anywhere else: the list may hold other elements
    if not appends or not binds or (binds != 1 and not many):
        return None
    return _shapes(appends, scope)


def _read_only(use: SgNode, parent: SgNode) -> bool:
    """Whether ``use`` of a list only tests it or counts it (``not out``, ``if out:``,
    ``len(out)``)."""
    if parent.kind() == "not_operator" or (
        parent.kind() in ("if_statement", "while_statement") and parent.field("condition") == use
    ):
        return True
    outer = parent.parent()
    return (
        parent.kind() == "argument_list"
        and len(parent.named_children()) == 1
        and outer is not None
        and outer.kind() == "call"
        and (outer.field("function") or outer).text() == "len"
    )


_HELPER_CALL: Final = re.compile(
    r"(?:await\s+)?(?:[A-Za-z_][\w.]*\.)?([A-Za-z_]\w*)\s*\(.*\)", re.S
)
"""A call of a helper or a method for the list (``build_lines(cart)``, ``await build(cart)``,
``order.to_stripe_line_items()``): the function's name."""


def _one_call(arguments: str) -> bool:
    """Whether ``arguments`` (``(cart)``, after a function's name) is one parenthesized list,
    not the first of several calls (``(a) + more(b)``), by depth (strings not told apart)."""
    depth = 0
    for at, char in enumerate(arguments.strip()):
        depth += (char == "(") - (char == ")")
        if depth == 0 and char == ")":
            return at == len(arguments.strip()) - 1
    return False


def _returned(call: SgNode, source: str) -> dict[str, Any] | None:
    """The element shape of the list the one function of the file named as ``source`` calls
    it returns: a list of dict literals, a comprehension of one, or a list it fills
    (:func:`_filled`) and returns; each of its ``return``s that (or an empty list)."""
    match = _HELPER_CALL.fullmatch(source.strip())
    if match is None or not _one_call(source.strip()[match.end(1) :]):
        return None
    named = [
        f
        for f in of_kind(call.get_root().root(), "function_definition")
        if (n := f.field("name")) is not None and n.text() == match.group(1)
    ]
    if len(named) != 1:
        return None
    function = named[0]
    values = []
    for ret in of_kind(function, "return_statement"):
        if next(a for a in ret.ancestors() if a.kind() == "function_definition") != function:
            continue  # a nested function's
        value = next((c for c in ret.named_children() if c.kind() != "comment"), None)
        if value is None:
            return None
        if value.text().replace(" ", "") not in _EMPTY:
            values.append(value)
    if len(values) != 1:
        return None
    value = values[0]
    if value.kind() == "identifier":
        uses = [n for n in of_kind(function, "identifier") if n.text() == value.text()]
        return _filled(function, uses, lambda _use, parent: parent.kind() == "return_statement")
    if value.kind() == "list_comprehension":
        body = value.field("body")
        literals = [body] if body is not None and body.kind() == "dictionary" else []
    elif value.kind() == "list":
        literals = [c for c in value.named_children() if c.kind() != "comment"]
    else:
        return None
    if not literals or any(n.kind() != "dictionary" for n in literals):
        return None
    return _merged_literals(literals)


def _self_uses(scope: SgNode, field: str) -> list[SgNode]:
    """``self.FIELD`` in the class ``scope``, each as the node a plain name would be: its
    ``attribute`` node (whose parent is what is done with it)."""
    return [n for n in of_kind(scope, "attribute") if n.text().replace(" ", "") == f"self.{field}"]


def _shapes(appends: list[SgNode], scope: SgNode) -> dict[str, Any] | None:
    """The one shape of the dict literals ``appends`` add (a literal, or a name bound once to
    one in ``scope`` and used nowhere else), merged (:func:`_merged`); None when one is no
    such dict or their keys differ."""
    literals = []
    for append in appends:
        args = [c for c in (append.field("arguments") or append).named_children()]
        if len(args) != 1:
            return None
        literal = args[0] if args[0].kind() == "dictionary" else _bound_dict(args[0], scope)
        if literal is None:
            literal = _helper_dict(args[0])
        if literal is None:
            return None
        literals.append(literal)
    return _merged_literals(literals)


def _merged_literals(literals: list[SgNode]) -> dict[str, Any] | None:
    """The shapes of the dict literals ``literals`` merged (:func:`_merged`); None when one
    has a key it cannot read or their keys differ."""
    return _merged_all([_shape(literal) for literal in literals])


def _merged_all(shapes: list[Any]) -> dict[str, Any] | None:
    """``shapes`` (each a literal dict's) as one (:func:`_merged`); None when there is none,
    one is no literal dict or their keys differ."""
    if not shapes or not all(_literal_dict(shape) for shape in shapes):
        return None
    merged: Any = shapes[0]
    for shape in shapes[1:]:
        merged = _merged(merged, shape)
        if merged is _DIFFER:
            return None
    return merged if _literal_dict(merged) else None


def _bound_dict(arg: SgNode, scope: SgNode) -> SgNode | None:
    """The dict literal the name ``arg`` is bound to, once, in ``scope``, where it is named
    nowhere else but at ``arg`` (``line = {...}; items.append(line)``); None otherwise."""
    if arg.kind() != "identifier":
        return None
    uses = [n for n in of_kind(scope, "identifier") if n.text() == arg.text() and n != arg]
    if len(uses) != 1:
        return None
    parent = uses[0].parent()
    if parent is None or parent.kind() != "assignment" or parent.field("left") != uses[0]:
        return None
    right = parent.field("right")
    return right if right is not None and right.kind() == "dictionary" else None


def _helper_dict(arg: SgNode) -> SgNode | None:
    """The dict literal the one function (or method: ``self.line(x)``) of the file that
    ``arg`` calls returns (``lines.append(to_line(x))``): its one return (an early ``return
    None`` aside: never), a literal or a name bound once to one; None otherwise."""
    callee = arg.field("function") if arg.kind() == "call" else None
    if callee is None:
        return None
    name = callee.text().removeprefix("self.")
    if not _NAME.fullmatch(name):
        return None
    named = [
        f
        for f in of_kind(arg.get_root().root(), "function_definition")
        if (n := f.field("name")) is not None and n.text() == name
    ]
    if len(named) != 1:
        return None
    function = named[0]
    returns = [
        r
        for r in of_kind(function, "return_statement")
        if next(a for a in r.ancestors() if a.kind() == "function_definition") == function
    ]
    values = [next((c for c in r.named_children() if c.kind() != "comment"), None) for r in returns]
    if len(values) != 1 or values[0] is None:
        return None
    value = values[0]
    return value if value.kind() == "dictionary" else _bound_dict(value, function)


_DIFFER: Final = object()


def _merged(a: Any, b: Any) -> Any:
    """Two element shapes as one: dicts of the same keys merged key by key, a literal both
    write kept, any other pair a run-time value; ``_DIFFER`` when the keys differ (one line
    with ``price``, one with ``price_data``)."""
    if _literal_dict(a) and _literal_dict(b):
        if set(a) != set(b):
            return _DIFFER
        out = {}
        for key in a:
            out[key] = _merged(a[key], b[key])
            if out[key] is _DIFFER:
                return _DIFFER
        return out
    if _literal_dict(a) or _literal_dict(b):
        return _DIFFER  # a dict literal beside another value: not one shape
    if type(a) is type(b) and a == b:
        return a
    return dynamic_marker(f"{_text(a)} | {_text(b)}")


def _literal_dict(value: Any) -> bool:
    return type(value) is dict and DYNAMIC not in value


def _text(value: Any) -> str:
    return str(value[DYNAMIC]) if type(value) is dict else repr(value)


def _shape(node: SgNode) -> Any:
    """A Python literal's value, a dict literal's keys and shapes; a run-time marker for the
    rest (a literal key only)."""
    kind = node.kind()
    if kind == "dictionary":
        out: dict[str, Any] = {}
        for pair in node.named_children():
            key, value = pair.field("key"), pair.field("value")
            if pair.kind() != "pair" or key is None or value is None or key.kind() != "string":
                return dynamic_marker(node.text())
            out[key.text().strip("\"'")] = _shape(value)
        return out
    if (kind in _LITERALS and kind != "string") or (kind == "string" and "{" not in node.text()):
        try:
            return ast.literal_eval(node.text())
        except (ValueError, SyntaxError):
            return dynamic_marker(node.text())
    return dynamic_marker(node.text())


__all__ = ["from_built_list"]

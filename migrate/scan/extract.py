"""Turn a matched creation call into Stripe params, using only ast-grep's node API.

Literals become values (dicts, lists, strings, numbers, booleans, None/null). Anything computed
at run time becomes the marker ``{"$dynamic": "<source text>"}`` and is listed in ``dynamic``.
A name is followed to the last literal assigned to it above the use, in the same function (or at
module level for module constants), together with later ``name["key"] = value`` /
``name.key = value`` assignments; spreads (``{...base}``, ``{**base}``, ``create(**params)``)
of such a literal are merged in.
"""

from __future__ import annotations

import ast
import codecs
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ast_grep_py import SgNode

from migrate.scan.patterns import CallPattern

Family = Literal["python", "node"]

DYNAMIC: Final = "$dynamic"
MAX_DEPTH: Final = 16
"""How many names deep a value is followed (guards against ``a = b; b = a``)."""

_FUNCTIONS: Final = frozenset(
    {
        # Python
        "function_definition",
        "lambda",
        # JavaScript / TypeScript
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)
_WRAPPERS: Final = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
        "await",  # Python ``await x`` is never a literal, but keeps the text
    }
)
_PY_LITERALS: Final = frozenset({"string", "concatenated_string", "integer", "float"})
_BINDINGS: Final[dict[str, tuple[tuple[str, str, str], ...]]] = {
    # (node kind, target field, value field); the last one is also a plain assignment
    "python": (("assignment", "left", "right"),),
    "node": (("variable_declarator", "name", "value"), ("assignment_expression", "left", "right")),
}
_OMIT: Final = object()
"""A JavaScript ``undefined`` value: the key is left out, as Stripe's SDK does."""


@dataclass(frozen=True, slots=True)
class Dynamic:
    """A value known only at run time: where it goes in the params and its source text.

    ``path`` is a Stripe params path (``line_items[0].price``); for a spread or keyword
    unpacking that cannot be followed it is the object spread into (``""`` for the top level).
    """

    path: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "source": self.source}


@dataclass(frozen=True, slots=True)
class Extracted:
    """The params of one call, with ``$dynamic`` markers, and every dynamic value found."""

    params: dict[str, Any]
    dynamic: tuple[Dynamic, ...] = ()


def is_dynamic(value: Any) -> bool:
    return type(value) is dict and len(value) == 1 and DYNAMIC in value


def without_dynamic(value: Any) -> Any:
    """``value`` with every ``$dynamic`` marker removed (dict entries and list elements)."""
    if type(value) is dict:
        return {k: without_dynamic(v) for k, v in value.items() if not is_dynamic(v)}
    if type(value) is list:
        return [without_dynamic(v) for v in value if not is_dynamic(v)]
    return value


def extract_call(call: SgNode, pattern: CallPattern, family: Family) -> Extracted:
    """The Stripe params passed to ``call`` (a ``call`` / ``call_expression`` node)."""
    return _Extractor(family).call(call, pattern)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@dataclass
class _Extractor:
    family: Family
    dynamic: list[Dynamic] = field(default_factory=list)
    depth: int = 0

    # -- the call ---------------------------------------------------------------------------

    def call(self, call: SgNode, pattern: CallPattern) -> Extracted:
        args = call.field("arguments")
        params: dict[str, Any] = {}
        if args is None:
            return Extracted(params)
        positional = 0
        for arg in args.named_children():
            kind = arg.kind()
            if kind == "comment":
                continue
            if kind == "keyword_argument":
                name = _text(arg.field("name"))
                value = arg.field("value")
                if name in pattern.ignored_keywords or value is None:
                    continue
                if pattern.args == "python_kwargs":
                    self._put(params, name, value, "")
                elif name == pattern.params_keyword:
                    self._merge(params, value, "", arg.text())
                continue
            if kind == "dictionary_splat":
                inner = arg.named_children()
                if inner:
                    self._merge(params, inner[0], "", arg.text())
                continue
            if pattern.args == "params_arg" and positional == 0:
                self._merge(params, arg, "", arg.text())
            elif pattern.args == "python_kwargs":
                self.dynamic.append(Dynamic("", arg.text()))
            positional += 1
        return Extracted(params, tuple(self.dynamic))

    def _merge(self, into: dict[str, Any], node: SgNode, path: str, source: str) -> None:
        """Merge the dict ``node`` evaluates to (a literal, or a name bound to one) into
        ``into``; otherwise record the whole thing as dynamic."""
        value = self.value(node, path, record=False)
        if type(value) is dict and not is_dynamic(value):
            into.update(value)
        else:
            self.dynamic.append(Dynamic(path, source))

    def _put(self, into: dict[str, Any], key: str, node: SgNode, path: str) -> None:
        value = self.value(node, _join(path, key))
        if value is not _OMIT:
            into[key] = value

    # -- values -----------------------------------------------------------------------------

    def value(self, node: SgNode, path: str, *, record: bool = True) -> Any:
        """The literal ``node`` denotes, or a ``$dynamic`` marker (recorded unless told)."""
        got = self._literal(_unwrap(node), path)
        if got is None:
            if record:
                self.dynamic.append(Dynamic(path, node.text()))
            return {DYNAMIC: node.text()}
        return got[0]

    def _literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``(value,)`` when ``node`` is a literal (or a name bound to one), else None."""
        kind = node.kind()
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind in ("none", "null"):
            return (None,)
        if (
            self.family == "node"
            and kind in ("undefined", "identifier")
            and node.text() == "undefined"
        ):
            return (_OMIT,)
        if kind == "identifier":
            return self._resolve(node, path)
        if kind in ("dictionary", "object"):
            return (self._object(node, path),)
        if kind in ("list", "tuple", "array"):
            return (self._array(node, path),)
        if self.family == "python":
            if kind in _PY_LITERALS or (kind == "unary_operator" and _is_number(node)):
                return _python_literal(node.text())
            if kind == "call" and _text(node.field("function")) == "dict":
                return self._dict_call(node, path)
            return None
        if kind == "string":
            return (_js_string(node),)
        if kind == "template_string":
            if any(c.kind() == "template_substitution" for c in node.children()):
                return None
            return (_js_string(node),)
        if kind == "number":
            return _js_number(node.text())
        if kind == "unary_expression" and _is_number(node):
            got = _js_number(node.text().lstrip("-+ \t"))
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        return None

    def _object(self, node: SgNode, path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "pair":
                key_node, value = child.field("key"), child.field("value")
                key = _key(key_node, self.family) if key_node is not None else None
                if key is None or value is None:
                    self.dynamic.append(Dynamic(path, child.text()))
                    continue
                self._put(out, key, value, path)
            elif kind == "shorthand_property_identifier":
                got = self._resolve(child, _join(path, child.text()))
                if got is None:
                    self.dynamic.append(Dynamic(_join(path, child.text()), child.text()))
                    out[child.text()] = {DYNAMIC: child.text()}
                elif got[0] is not _OMIT:
                    out[child.text()] = got[0]
            elif kind in ("spread_element", "dictionary_splat"):
                inner = child.named_children()
                if inner:
                    self._merge(out, inner[0], path, child.text())
            else:
                self.dynamic.append(Dynamic(path, child.text()))
        return out

    def _array(self, node: SgNode, path: str) -> list[Any]:
        out: list[Any] = []
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind in ("spread_element", "list_splat"):
                inner = child.named_children()
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    self.dynamic.append(Dynamic(f"{path}[{len(out)}]", child.text()))
                    out.append({DYNAMIC: child.text()})
                continue
            value = self.value(child, f"{path}[{len(out)}]")
            out.append(None if value is _OMIT else value)
        return out

    def _dict_call(self, node: SgNode, path: str) -> tuple[Any] | None:
        args = node.field("arguments")
        out: dict[str, Any] = {}
        for arg in args.named_children() if args is not None else ():
            if arg.kind() == "keyword_argument":
                name, value = _text(arg.field("name")), arg.field("value")
                if value is not None:
                    self._put(out, name, value, path)
            elif arg.kind() == "dictionary_splat" and arg.named_children():
                self._merge(out, arg.named_children()[0], path, arg.text())
            elif arg.kind() != "comment":
                return None
        return (out,)

    # -- names ------------------------------------------------------------------------------

    def _resolve(self, name: SgNode, path: str) -> tuple[Any] | None:
        """The literal last bound to ``name`` above it in its function (or module), with later
        key assignments applied; None when there is none."""
        if self.depth >= MAX_DEPTH:
            return None
        found = _binding(name, self.family)
        if found is None:
            return None
        value_node, scope, after = found
        self.depth += 1
        try:
            got = self._literal(_unwrap(value_node), path)
            if got is None:
                return None
            value = got[0]
            if type(value) is dict:
                for key, assigned in _key_assignments(
                    scope, name.text(), after, _start(name), self.family
                ):
                    self._put(value, key, assigned, path)
            return (value,)
        finally:
            self.depth -= 1


# -- helpers over nodes -----------------------------------------------------------------------


def _text(node: SgNode | None) -> str:
    return node.text() if node is not None else ""


def _start(node: SgNode) -> int:
    return node.range().start.index


def _unwrap(node: SgNode) -> SgNode:
    while node.kind() in _WRAPPERS:
        inner = [c for c in node.named_children() if c.kind() != "comment"]
        if not inner:
            break
        node = inner[0]
    return node


def _is_number(node: SgNode) -> bool:
    """A unary minus/plus applied directly to a number literal."""
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() in ("integer", "float", "number")


def _python_literal(text: str) -> tuple[Any] | None:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None  # f-strings and anything else computed
    if type(value) in (str, int, float):
        return (value,)
    return None  # bytes, complex


def _js_number(text: str) -> tuple[Any] | None:
    flat = text.replace("_", "").rstrip("n")
    try:
        if flat[:2].lower() in ("0x", "0o", "0b"):
            return (int(flat, 0),)
        number = float(flat)
    except ValueError:
        return None
    if number.is_integer() and not any(c in flat for c in ".eE"):
        return (int(number),)
    return (number,)


def _js_string(node: SgNode) -> str:
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_fragment":
            parts.append(child.text())
        elif kind == "escape_sequence":
            parts.append(_js_escape(child.text()))
    return "".join(parts)


def _js_escape(text: str) -> str:
    if text.startswith("\\u{") and text.endswith("}"):
        try:
            return chr(int(text[3:-1], 16))
        except ValueError:
            return text
    if text[1:2] in ("\n", "\r"):  # line continuation
        return ""
    try:
        return codecs.decode(text, "unicode_escape")
    except UnicodeDecodeError:
        return text[1:]


def _key(node: SgNode, family: Family) -> str | None:
    kind = node.kind()
    if kind in ("property_identifier", "identifier"):
        return node.text()
    if kind == "string":
        got = _python_literal(node.text()) if family == "python" else (_js_string(node),)
        return got[0] if got is not None and type(got[0]) is str else None
    if kind in ("number", "integer"):
        return node.text()
    return None  # computed keys: [k], f"{x}"


def _scope(node: SgNode) -> SgNode:
    """The nearest enclosing function, else the module."""
    last = node
    for ancestor in node.ancestors():
        if ancestor.kind() in _FUNCTIONS:
            return ancestor
        last = ancestor
    return last


def _is_parameter(scope: SgNode, name: str) -> bool:
    params = scope.field("parameters") or scope.field("parameter")
    if params is None:
        return False
    return any(n.text() == name for n in params.find_all(kind="identifier"))


def _bindings(scope: SgNode, name: str, family: Family) -> list[tuple[int, SgNode, int]]:
    """``(start, value node, end)`` of each literal-able binding of ``name`` made directly in
    ``scope`` (not in a nested function)."""
    out: list[tuple[int, SgNode, int]] = []
    for kind, target_field, value_field in _BINDINGS[family]:
        for node in scope.find_all(kind=kind):
            target, value = node.field(target_field), node.field(value_field)
            if target is None or value is None or target.kind() != "identifier":
                continue
            if target.text() != name or _scope(node) != scope:
                continue
            out.append((_start(node), value, node.range().end.index))
    return out


def _binding(name: SgNode, family: Family) -> tuple[SgNode, SgNode, int] | None:
    """The value node of the last binding of ``name`` before it, its scope, and where the
    binding ends; the enclosing function is searched first, then the module."""
    scope = _scope(name)
    use = _start(name)
    text = name.text()
    while True:
        before = [b for b in _bindings(scope, text, family) if b[2] <= use]
        if before:
            _, value, end = max(before, key=lambda b: b[0])
            return value, scope, end
        if scope.kind() not in _FUNCTIONS or _is_parameter(scope, text):
            return None
        scope = _scope(scope)


def _key_assignments(
    scope: SgNode, name: str, after: int, before: int, family: Family
) -> list[tuple[str, SgNode]]:
    """``name["key"] = value`` / ``name.key = value`` made directly in ``scope`` between two
    offsets, in source order."""
    found: list[tuple[int, str, SgNode]] = []
    for kind, _, _ in _BINDINGS[family][-1:]:
        for node in scope.find_all(kind=kind):
            start = _start(node)
            if not after <= start < before:
                continue
            target, value = node.field("left"), node.field("right")
            if target is None or value is None or _scope(node) != scope:
                continue
            key = _member_key(target, name)
            if key is not None:
                found.append((start, key, value))
    found.sort(key=lambda f: f[0])
    return [(key, value) for _, key, value in found]


def _member_key(target: SgNode, name: str) -> str | None:
    kind = target.kind()
    if kind == "subscript":  # Python params["key"]
        obj, index = target.field("value"), target.field("subscript")
    elif kind == "subscript_expression":  # JS params["key"]
        obj, index = target.field("object"), target.field("index")
    elif kind == "member_expression":  # JS params.key
        obj, prop = target.field("object"), target.field("property")
        if obj is not None and obj.text() == name and prop is not None:
            return prop.text()
        return None
    else:
        return None
    if obj is None or index is None or obj.kind() != "identifier" or obj.text() != name:
        return None
    if index.kind() != "string":
        return None
    return _key(index, "python" if kind == "subscript" else "node")

"""The parameters of a function definition as each language writes them (its names, positions,
defaults, rest parameters, JavaScript object patterns): read for ``migrate/scan/symbols.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import text
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import snake


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a function: its name as written (PHP's ``$price``), its position
    (None: keyword only), whether a caller may pass it by name, the source of its default,
    the names a JavaScript object pattern binds (``{priceId, userId: id}``: ``(("priceId",
    "priceId"), ("userId", "id"))``), and ``*``/``**``/``...`` for a rest parameter."""

    name: str
    position: int | None
    keyword: bool = False
    default: str | None = None
    keys: tuple[tuple[str, str], ...] = ()
    rest: str = ""
    key_defaults: tuple[tuple[str, str], ...] = ()
    """The defaults of an object pattern's names (``{quantity = 1}``: ``(("quantity", "1"),)``)."""
    type: str = ""
    """Its declared type as written (Java, C#: what tells overloads apart); "" when not read."""
    zeros: tuple[tuple[str, str], ...] = ()
    """Go: the zero value, as code, of each field of a number, string or bool type of the struct
    the parameter is declared as (``req CheckoutRequest``, ``req *CheckoutRequest``, the struct
    declared in the function's file), by its snake_case name: what a caller's struct literal
    that leaves the field out gives (``Quantity int64``: ``(("quantity", "0"),)``)."""

    @property
    def locals(self) -> tuple[str, ...]:
        """The names the parameter binds in the function: its own, or its pattern's."""
        return tuple(local for _, local in self.keys) if self.keys else (self.name,)

    @property
    def bare(self) -> str:
        """The name a caller passes it by (PHP's ``price`` for ``$price``)."""
        return self.name.lstrip("$@&*.")


def _python_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    keyword_only = False
    for child in params.named_children():
        kind = child.kind()
        if kind == "keyword_separator":
            keyword_only = True
            continue
        if kind in {"positional_separator", "comment"}:
            continue
        position = None if keyword_only else 0
        if kind == "identifier":
            out.append(Param(child.text(), position, True))
        elif kind in ("typed_parameter",):
            inner = child.named_children()
            if inner and inner[0].kind() == "identifier":
                out.append(Param(inner[0].text(), position, True))
            elif inner and inner[0].kind() in ("list_splat_pattern", "dictionary_splat_pattern"):
                rest = "*" if inner[0].kind() == "list_splat_pattern" else "**"
                out.append(Param(inner[0].text().lstrip("*"), None, False, rest=rest))
        elif kind in ("default_parameter", "typed_default_parameter"):
            name, value = child.field("name"), child.field("value")
            if name is not None:
                out.append(Param(name.text(), position, True, text(value) or None))
        elif kind == "list_splat_pattern":
            keyword_only = True
            out.append(Param(child.text().lstrip("*"), None, False, rest="*"))
        elif kind == "dictionary_splat_pattern":
            out.append(Param(child.text().lstrip("*"), None, False, rest="**"))
    return out


def _node_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        kind = child.kind()
        pattern, default = child, None
        if kind in ("required_parameter", "optional_parameter"):
            pattern = child.field("pattern") or child
            default = text(child.field("value")) or None
            if kind == "optional_parameter" and default is None:
                default = "undefined"
        elif kind == "assignment_pattern":
            pattern, default = child.field("left") or child, text(child.field("right")) or None
        if pattern.kind() == "identifier":
            if pattern.text() != "this":
                out.append(Param(pattern.text(), 0, False, default))
        elif pattern.kind() == "object_pattern":
            keys = object_keys(pattern)
            defaults = _object_defaults(pattern)
            out.append(Param(pattern.text(), 0, False, default, keys, key_defaults=defaults))
        elif pattern.kind() == "rest_pattern":
            out.append(Param(pattern.text().lstrip("."), None, False, rest="..."))
    return out


def _object_defaults(pattern: SgNode) -> tuple[tuple[str, str], ...]:
    """The defaults in an object pattern: ``{quantity = 1, mode: m = "payment"}``."""
    out: list[tuple[str, str]] = []
    for child in pattern.named_children():
        if child.kind() == "object_assignment_pattern":
            left, right = child.field("left"), child.field("right")
            if left is not None and right is not None:
                out.append((left.text(), right.text()))
        elif child.kind() == "pair_pattern":
            value = child.field("value")
            if value is not None and value.kind() == "assignment_pattern":
                left, right = value.field("left"), value.field("right")
                if left is not None and right is not None:
                    out.append((left.text(), right.text()))
    return tuple(out)


def object_keys(pattern: SgNode) -> tuple[tuple[str, str], ...]:
    keys: list[tuple[str, str]] = []
    for child in pattern.named_children():
        kind = child.kind()
        if kind == "shorthand_property_identifier_pattern":
            keys.append((child.text(), child.text()))
        elif kind == "object_assignment_pattern":
            left = child.field("left")
            if left is not None:
                keys.append((left.text(), left.text()))
        elif kind == "pair_pattern":
            key, value = child.field("key"), child.field("value")
            if key is None or value is None:
                continue
            local = value.field("left") if value.kind() == "assignment_pattern" else value
            if local is not None and local.kind() == "identifier":
                keys.append((key.text().strip("'\""), local.text()))
    return tuple(keys)


def _ruby_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        kind = child.kind()
        name = child.field("name")
        if kind == "identifier":
            out.append(Param(child.text(), 0))
        elif kind == "optional_parameter" and name is not None:
            out.append(Param(name.text(), 0, False, text(child.field("value")) or None))
        elif kind == "keyword_parameter" and name is not None:
            out.append(Param(name.text(), None, True, text(child.field("value")) or None))
        elif kind == "splat_parameter":
            out.append(Param(text(name) or "args", None, False, rest="*"))
        elif kind == "hash_splat_parameter":
            out.append(Param(text(name) or "opts", None, False, rest="**"))
    return out


def _php_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        kind = child.kind()
        name = child.field("name")
        if name is None:
            continue
        if kind in ("simple_parameter", "property_promotion_parameter"):
            out.append(Param(name.text(), 0, True, text(child.field("default_value")) or None))
        elif kind == "variadic_parameter":
            out.append(Param(name.text(), None, False, rest="..."))
    return out


def _go_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        names = [c for c in child.named_children() if c.kind() == "identifier"]
        rest = "..." if child.kind() == "variadic_parameter_declaration" else ""
        zeros = _go_zeros(child.field("type")) if not rest else ()
        out.extend(Param(n.text(), None if rest else 0, rest=rest, zeros=zeros) for n in names)
    return out


_GO_ZEROS: Final = {
    **{f"{sign}int{bits}": "0" for sign in ("", "u") for bits in ("", "8", "16", "32", "64")},
    **dict.fromkeys(("uintptr", "float32", "float64", "byte", "rune"), "0"),
    "string": '""',
    "bool": "false",
}


def _go_zeros(typ: SgNode | None) -> tuple[tuple[str, str], ...]:
    """The zero values of the fields of the struct ``typ`` names (``T``, ``*T``) when the file
    declares it (see ``Param.zeros``); a field of another type (a pointer, a slice, a map, a
    struct: nil or a struct) is left out: the caller's literal leaves it unset."""
    if typ is not None and typ.kind() == "pointer_type":
        typ = next(iter(typ.named_children()), None)
    if typ is None or typ.kind() != "type_identifier":
        return ()
    name = typ.text()
    for spec in of_kind(typ.get_root().root(), "type_spec"):
        body = spec.field("type")
        if text(spec.field("name")) != name or body is None or body.kind() != "struct_type":
            continue
        out: list[tuple[str, str]] = []
        for field in of_kind(body, "field_declaration"):
            zero = _GO_ZEROS.get(text(field.field("type")))
            if zero is not None:
                names = [n for n in field.children() if n.kind() == "field_identifier"]
                out += [(snake(n.text()), zero) for n in names]
        return tuple(out)
    return ()


def _java_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        if child.kind() == "formal_parameter" and child.field("name") is not None:
            out.append(Param(text(child.field("name")), 0, type=text(child.field("type"))))
        elif child.kind() == "spread_parameter":
            declarator = child.find(kind="variable_declarator")
            kind = next((c for c in child.named_children() if c != declarator), None)
            name = text(declarator.field("name") if declarator else None)
            out.append(Param(name, None, rest="...", type=text(kind) + "[]" if kind else ""))
    return out


def _csharp_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    children = [c for c in params.named_children() if not is_comment(c)]
    for at, child in enumerate(children):
        if child.kind() == "identifier" and at and children[at - 1].kind() == "array_type":
            # ``params T[] xs``: read as the array type and the name, no parameter node
            out.append(Param(child.text(), None, True, rest="...", type=children[at - 1].text()))
            continue
        if child.kind() != "parameter" or child.field("name") is None:
            continue
        parts = child.text().split("=", 1)
        default = parts[1].strip() if len(parts) == 2 else None
        rest = "..." if child.text().lstrip().startswith("params ") else ""
        name, kind = text(child.field("name")), text(child.field("type"))
        out.append(Param(name, None if rest else 0, True, default, rest=rest, type=kind))
    return out


READERS: Final = {
    "python": _python_params,
    "node": _node_params,
    "ruby": _ruby_params,
    "php": _php_params,
    "go": _go_params,
    "java": _java_params,
    "csharp": _csharp_params,
}
"""The reader of a parameter list (the node of its ``parameters`` field), by language family."""


def default_texts(params: Iterable[Param]) -> list[str]:
    """The defaults of a function's parameters as written, an object pattern's too (a caller
    leaving one out gets it, with the module constants it reads: ``successUrl = `${BASE}/ok```)."""
    out: list[str] = []
    for param in params:
        out += [param.default] if param.default else []
        out += [text for _, text in param.key_defaults]
    return out

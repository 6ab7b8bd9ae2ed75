"""A service object's fields, as the call that makes it sets them.

A service object takes what its checkout needs when it is made and keeps it in fields
(``CreateCheckout.new(user, plan: plan).call``, ``CheckoutService(request.user).create(price)``,
``(new CheckoutAction($order))->handle()``, ``new Billing(config).open(email)``); its method reads
them (``@user.email``, ``self.user.email``, ``$this->order->total``). Made and called in one
expression, the object is one the call cannot name again, so each field read was a
``TODO_<field>`` (X021). A field its constructor sets straight from one of its parameters
(``@user = user``, ``self.user = user``, ``$this->order = $order``, ``this.config = config``, a
PHP promoted or TypeScript parameter property) is that parameter's argument at the call.

:func:`ctor_fields` reads the constructor where the wrapper is found (no syntax tree kept);
:func:`made_values` the arguments where it is called.
"""

from __future__ import annotations

import re
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.classes import enclosing_class
from migrate.scan.extract import file_cache
from migrate.scan.nodes import is_comment
from migrate.scan.scoped_names import BRANCHES, holds

Field = tuple[str, int, str]
"""A field (as the wrapper's reads name it: ``user``, Ruby's ``@user``), the position of the
constructor parameter it is set from and that parameter's name (for a keyword argument)."""

_CTOR: Final = {
    "python": ("function_definition", "__init__"),
    "ruby": ("method", "initialize"),
    "php": ("method_declaration", "__construct"),
    "node": ("method_definition", "constructor"),
}
_ASSIGN: Final = {
    "python": re.compile(r"self\.(?P<field>\w+)\s*(?::[^=]+)?=\s*(?P<param>\w+)\s*$"),
    "ruby": re.compile(r"(?P<field>@\w+)\s*=\s*(?P<param>\w+)\s*$"),
    "php": re.compile(r"\$this->(?P<field>\w+)\s*=\s*\$(?P<param>\w+)\s*;?\s*$"),
    "node": re.compile(r"this\.(?P<field>\w+)\s*=\s*(?P<param>\w+)\s*;?\s*$"),
}
_PROMOTED: Final = re.compile(r"\b(?:public|private|protected|readonly)\b")


def ctor_set(function: Any, family: str) -> bool:
    """Whether a (non-static) method's class has fields its constructor sets from its
    parameters (``symbols.Function``)."""
    if not function.owner or function.static or family not in _CTOR:
        return False
    cls = enclosing_class(function.node, family)
    return cls is not None and bool(ctor_fields(cls, family))


def ctor_fields(cls: SgNode, family: str) -> tuple[Field, ...]:
    """The fields the class's constructor sets from its parameters, each with the parameter
    (its position, its name); none when it has no constructor of its own (read once a class)."""
    cache = file_cache(cls)
    key = ("ctor-fields", cls, family)
    found: tuple[Field, ...] | None = cache.get(key)
    if found is None:
        found = cache[key] = _ctor_fields(cls, family)
    return found


def _ctor_fields(cls: SgNode, family: str) -> tuple[Field, ...]:
    kind, name = _CTOR.get(family, ("", ""))
    ctor = next((m for m in cls.find_all(kind=kind) if _named(m, family) == name), None)
    if ctor is None:
        return ()
    params = _params(ctor, family)
    position = {p: n for n, (p, _) in enumerate(params)}
    out: dict[str, Field] = {}
    for param, promoted in params:
        if promoted:  # PHP's `private Order $order`, TypeScript's `private config: Config`
            out[param] = (param, position[param], param)
    body = ctor.field("body") or next(
        (c for c in ctor.children() if c.kind() in ("body_statement", "compound_statement")),
        None,
    )
    for statement in body.named_children() if body is not None else []:
        found = _ASSIGN[family].match(statement.text())
        if found is not None and found["param"] in position:
            field = found["field"]
            out[field] = (field, position[found["param"]], found["param"])
    return tuple(out.values())


def _named(method: SgNode, family: str) -> str:
    name = method.field("name")
    if name is None and family == "ruby":
        name = next((c for c in method.children() if c.kind() == "identifier"), None)
    return name.text() if name is not None else ""


def _params(ctor: SgNode, family: str) -> list[tuple[str, bool]]:
    """The constructor's parameters in order (``self`` left out), each with whether it is a
    property itself (promoted)."""
    listed = ctor.field("parameters") or next(
        (c for c in ctor.children() if c.kind() in ("method_parameters", "formal_parameters")),
        None,
    )
    out: list[tuple[str, bool]] = []
    for param in listed.named_children() if listed is not None else []:
        if is_comment(param):
            continue
        names = (
            [param]
            if param.kind() == "identifier"
            else [
                c
                for c in param.named_children()
                if c.kind() in ("identifier", "variable_name", "name")
            ]
        )
        if any(w in param.kind() for w in ("splat", "rest", "variadic", "dictionary")):
            break  # the places of what follows a rest parameter are run time's
        word = names[0].text().lstrip("$") if names else ""  # a pattern: its place counts
        if word in ("self", "cls"):
            continue
        promoted = family in ("php", "node") and _PROMOTED.search(param.text()) is not None
        out.append((word, promoted))
    return out


def made_values(
    call: SgNode, family: str, fields: tuple[Field, ...]
) -> tuple[tuple[str, str], ...]:
    """Each of ``fields`` that the instance a wrapper call is made on, made in the same
    expression (``CheckoutService(user).create(...)``), is given at its making: the field and
    the argument's text."""
    made = _made(call, family) if fields else None
    if made is None:
        return ()
    positional, named = _arguments(made, family)
    out: list[tuple[str, str]] = []
    for field, position, param in fields:
        value = named.get(param)
        if value is None and position < len(positional):
            value = positional[position]
        if value is not None:
            out.append((field, value))
    return tuple(out)


def _made(call: SgNode, family: str) -> SgNode | None:
    """The expression making the instance a call is made on, when it is one."""
    if family == "php":
        target = call.field("object")
    elif family == "ruby":
        target = call.field("receiver")
    else:
        fn = call.field("function")
        target = fn.field("object") if fn is not None else None
    while target is not None and target.kind() == "parenthesized_expression":
        target = next((c for c in target.named_children() if not is_comment(c)), None)
    if target is not None and target.kind() in ("identifier", "variable_name"):
        target = bound_value(target.text(), call, family)  # service = X.new(user); service.call
    if target is None:
        return None
    return _making(target, family)


_ASSIGNMENTS: Final = {
    "python": ("assignment",),
    "ruby": ("assignment",),
    "php": ("assignment_expression",),
    "node": ("variable_declarator", "assignment_expression"),
}


def bound_value(name: str, call: SgNode, family: str) -> SgNode | None:
    """What the local ``name`` is last bound to before ``call``, in the function around it."""
    scope = next((a for a in call.ancestors() if a.field("body") is not None), None)
    if scope is None:
        return None
    at = call.range().start.index
    bound: list[tuple[SgNode, SgNode]] = []
    for kind in _ASSIGNMENTS.get(family, ()):
        for bind in scope.find_all(kind=kind):
            left = bind.field("left") or bind.field("name")
            right = bind.field("right") or bind.field("value")
            if left is not None and right is not None and left.text() == name:
                bound.append((bind, right))
    if len(bound) != 1 or bound[0][0].range().end.index > at:
        return (
            None  # bound again (under a branch, in a loop): which value the call sees is run time's
        )
    bind, right = bound[0]
    for above in bind.ancestors():
        if above == scope:
            return right
        if above.kind() in BRANCHES and not holds(above, at):
            return None  # bound in a branch the call is not in
    return right


def _making(target: SgNode, family: str) -> SgNode | None:
    """``target`` when it is an expression making an instance."""
    kind = target.kind()
    if family == "php" and kind == "object_creation_expression":
        return target
    if family == "node" and kind == "new_expression":
        return target
    if family == "ruby" and kind == "call":
        method = target.field("method")
        return target if method is not None and method.text() == "new" else None
    if family == "python" and kind == "call":  # a class (capitalised), not a factory's call
        fn = target.field("function")
        name = fn.text().rsplit(".", 1)[-1] if fn is not None else ""
        return target if name[:1].isupper() else None
    return None


def _arguments(made: SgNode, family: str) -> tuple[list[str], dict[str, str]]:
    listed = made.field("arguments") or next(
        (c for c in made.children() if c.kind() in ("arguments", "argument_list")), None
    )
    positional: list[str] = []
    named: dict[str, str] = {}
    for arg in listed.named_children() if listed is not None else []:
        if is_comment(arg):
            continue
        kind = arg.kind()
        if kind == "keyword_argument":  # Python
            key, value = arg.field("name"), arg.field("value")
            if key is not None and value is not None:
                named[key.text()] = value.text()
        elif kind == "pair":  # Ruby's keyword argument
            key, value = arg.field("key"), arg.field("value")
            if key is not None and value is not None:
                named[key.text().strip(":\"'")] = value.text()
        elif kind == "argument" and arg.field("name") is not None:  # PHP 8: order: $order
            inner = [c for c in arg.named_children() if not is_comment(c)]
            named[arg.field("name").text()] = inner[-1].text()  # type: ignore[union-attr]
        elif kind == "argument":
            positional.append(arg.text())
        elif kind in ("splat_argument", "list_splat", "dictionary_splat", "spread_element"):
            break  # the rest are placed only at run time
        else:
            positional.append(arg.text())
    return positional, named


_READ: Final = {
    "python": r"(?<![\w.])self\.{}\b",
    "ruby": r"(?<![\w@]){}\b",
    "php": r"\$this->{}\b",
    "node": r"(?<![\w.$])this\.{}\b",
}


def made_uses(function: Any, family: str, dynamic: Any) -> tuple[dict[str, None], list[str]]:
    """A method with no parameters of its callers' (a service object's ``call``): the fields
    its constructor sets from its parameters that the creation's run-time values (``dynamic``:
    each with its path and source) read, and those paths; none outside such a class."""
    cls = enclosing_class(function.node, family) if ctor_set(function, family) else None
    fields = ctor_fields(cls, family) if cls is not None and family in _READ else ()
    used: dict[str, None] = {}
    paths: list[str] = []
    for field, _, _ in fields:
        read = re.compile(_READ[family].format(re.escape(field)))
        hits = [entry.path for entry in dynamic if read.search(entry.source)]
        if hits:
            used[field] = None
            paths += [p for p in hits if p not in paths]
    return used, paths

"""What a file defines and what a call refers to, per language family: the named function or
method around a node (its name, the class or module it belongs to, its parameters), a file's
namespace and imports, and whether a call by name reaches a given function
(``migrate/scan/wrappers.py`` uses this to find project wrappers of a Checkout Session creation
and the calls to them).

Resolution is as far as it is cheap to tell from one file's text: a bare call reaches a function
defined in the same file or imported from the wrapper's module (Python ``from M import f``,
JavaScript ``import { f } from "./m"`` or an alias path such as ``@/lib/m``, PHP ``use`` and
namespaces, Go import paths, Java imports, C# ``using``); a method call reaches a method of the
same class (``self``/``this``/``$this``), of the class named as the receiver
(``Billing.create``, ``CheckoutSession::create``, ``Billing::Checkout.start``) or of a receiver
bound to or typed as that class (``svc = Billing()``, ``private final Billing billing``: looked
up in the caller's class first), or (Java, C#) typed as an interface that class alone implements
in the scanned tree (``IStripeAdapter stripeAdapter`` for ``StripeAdapter : IStripeAdapter``). A
call on ``self``/``this`` (or with no receiver) also reaches a method of a base class, mixin,
included Ruby module or PHP trait of the caller's class, when that base is the method's class as
the file names it (imports, namespaces) and the caller's class does not define the method
itself. A call of a same-named function defined or imported from elsewhere does not.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.classes import (
    CLASSES,
    bases,
    class_name,
    defines,
    enclosing_class,
    receiver_scope,
    typed_as,
)
from migrate.scan.extract import arguments, file_cache, text
from migrate.scan.nodes import first_of_kind, of_kind


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

    @property
    def locals(self) -> tuple[str, ...]:
        """The names the parameter binds in the function: its own, or its pattern's."""
        return tuple(local for _, local in self.keys) if self.keys else (self.name,)

    @property
    def bare(self) -> str:
        """The name a caller passes it by (PHP's ``price`` for ``$price``)."""
        return self.name.lstrip("$@&*.")


@dataclass(frozen=True, slots=True)
class Function:
    """A named function or method around a node."""

    node: SgNode
    name: str
    owner: str
    """The class, module or object it belongs to ("" for a free function)."""
    static: bool
    """Called on its owner (a static or class method, a module function), not an instance."""
    params: tuple[Param, ...]


@dataclass(frozen=True, slots=True)
class Context:
    """What a file says about the names it uses: its namespace (PHP, Java, C#; Go's package
    folder) and its imports (local name -> what it names)."""

    path: str
    namespace: str = ""
    imports: dict[str, str] = field(default_factory=dict)
    uses: tuple[str, ...] = ()
    """C# ``using`` namespaces, PHP ``use function`` names."""


_FUNCTIONS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"function_definition"}),
    "node": frozenset(
        {
            "function_declaration",
            "generator_function_declaration",
            "method_definition",
            "arrow_function",
            "function_expression",
            "function",
        }
    ),
    "ruby": frozenset({"method", "singleton_method"}),
    "php": frozenset({"function_definition", "method_declaration"}),
    "go": frozenset({"function_declaration", "method_declaration"}),
    "java": frozenset({"method_declaration"}),
    "csharp": frozenset({"method_declaration"}),
}
_NESTING: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"function_definition", "lambda"}),
    "node": _FUNCTIONS["node"],
    "ruby": frozenset({"method", "singleton_method", "lambda", "block", "do_block"}),
    "php": frozenset(
        {"function_definition", "method_declaration", "anonymous_function", "arrow_function"}
    ),
    "go": frozenset({"function_declaration", "method_declaration", "func_literal"}),
    "java": frozenset({"method_declaration", "lambda_expression", "constructor_declaration"}),
    "csharp": frozenset({"method_declaration", "lambda_expression", "local_function_statement"}),
}
_SELF: Final = frozenset({"self", "this", "cls", "static", "parent"})


def function_at(node: SgNode, family: str) -> Function | None:
    """The named function or method ``node`` is directly in (not in a callback inside it),
    when it is one a caller can reach by name: not anonymous, not nested in another function."""
    kinds = _FUNCTIONS.get(family, frozenset())
    nesting = _NESTING.get(family, frozenset())
    definition = None
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if definition is None:
            if kind in kinds:
                definition = ancestor
            elif kind in nesting:
                return None  # in a callback or a lambda
        elif kind in nesting and kind not in CLASSES.get(family, frozenset()):
            return None  # a function nested in another one
    if definition is None:
        return None
    named = _name(definition, family)
    if named is None:
        return None
    name, owner, static = named
    return Function(definition, name, owner, static, tuple(_params(definition, family, owner)))


def _owner(node: SgNode, family: str) -> SgNode | None:
    classes = CLASSES.get(family, frozenset())
    for ancestor in node.ancestors():
        if ancestor.kind() in classes:
            return ancestor
        if ancestor.kind() in _NESTING.get(family, frozenset()):
            return None
    return None


def _name(node: SgNode, family: str) -> tuple[str, str, bool] | None:
    """``(name, owner, static)`` of a function definition; None when it has no name."""
    kind = node.kind()
    if family == "node" and kind in ("arrow_function", "function_expression", "function"):
        return _js_bound_name(node)
    name = node.field("name")
    if name is None:
        return None
    cls = _owner(node, family)
    owner = class_name(cls)
    if family == "go" and kind == "method_declaration":
        receiver = node.field("receiver")
        types = re.findall(r"\*?\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\)?$", text(receiver))
        owner = types[-1] if types else ""
    static = _static(node, family, cls)
    return name.text(), owner, static


def _static(node: SgNode, family: str, cls: SgNode | None) -> bool:
    if family == "python":
        parent = node.parent()
        decorators = (
            parent.text() if parent is not None and parent.kind() == "decorated_definition" else ""
        )
        return bool(re.search(r"@(?:staticmethod|classmethod)\b", decorators))
    if family == "ruby":
        if node.kind() == "singleton_method":
            return True
        body = cls.text() if cls is not None else ""
        return (
            cls is not None
            and cls.kind() == "module"
            and bool(re.search(r"^\s*(?:module_function|extend\s+self)\b", body, re.MULTILINE))
        )
    if family == "node":
        return node.text().lstrip().startswith("static")
    if family in ("php", "java", "csharp"):
        head = node.text().split("(", 1)[0]
        return bool(re.search(r"\bstatic\b", head))
    return family == "go" and node.kind() == "function_declaration"


def _js_bound_name(node: SgNode) -> tuple[str, str, bool] | None:
    """The name an anonymous JavaScript function is bound to: ``const f = () => {}``,
    ``export const f = async () => {}``, ``{ f: () => {} }`` / ``{ async f() {} }`` in an
    object bound to a name, ``exports.f = function () {}``, a class field ``f = () => {}``."""
    parent = node.parent()
    if parent is None:
        return None
    kind = parent.kind()
    if kind == "variable_declarator":
        name = parent.field("name")
        return (name.text(), "", True) if name is not None and name.kind() == "identifier" else None
    if kind == "pair":
        key = parent.field("key")
        holder = parent.parent()
        declarator = holder.parent() if holder is not None else None
        if key is None or declarator is None or declarator.kind() != "variable_declarator":
            return None
        return key.text().strip("'\""), text(declarator.field("name")), True
    if kind == "assignment_expression":
        left = text(parent.field("left"))
        match = re.fullmatch(r"(?:module\.)?exports\.([A-Za-z_$][\w$]*)", left)
        return (match.group(1), "", True) if match is not None else None
    if kind == "public_field_definition":
        name = parent.field("name")
        cls = _owner(parent, "node")
        return (name.text(), class_name(cls), False) if name is not None else None
    return None


# -- parameters -------------------------------------------------------------------------------


def _params(node: SgNode, family: str, owner: str) -> list[Param]:
    found = node.field("parameters")
    if found is None:
        return []
    read = _READERS.get(family)
    out = read(found) if read is not None else []
    if family == "python" and owner and out and not _static(node, "python", None):
        out = out[1:]  # self
    elif family == "python" and owner and out and out[0].name == "cls":
        out = out[1:]
    return [
        Param(
            p.name,
            i if p.position is not None else None,
            p.keyword,
            p.default,
            p.keys,
            p.rest,
            p.key_defaults,
        )
        for i, p in enumerate(out)
    ]


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
            keys = _object_keys(pattern)
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


def _object_keys(pattern: SgNode) -> tuple[tuple[str, str], ...]:
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
        out.extend(Param(n.text(), None if rest else 0, rest=rest) for n in names)
    return out


def _java_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        if child.kind() == "formal_parameter" and child.field("name") is not None:
            out.append(Param(text(child.field("name")), 0))
        elif child.kind() == "spread_parameter":
            declarator = child.find(kind="variable_declarator")
            out.append(
                Param(text(declarator.field("name") if declarator else None), None, rest="...")
            )
    return out


def _csharp_params(params: SgNode) -> list[Param]:
    out: list[Param] = []
    for child in params.named_children():
        if child.kind() != "parameter" or child.field("name") is None:
            continue
        parts = child.text().split("=", 1)
        default = parts[1].strip() if len(parts) == 2 else None
        rest = "..." if child.text().lstrip().startswith("params ") else ""
        out.append(Param(text(child.field("name")), None if rest else 0, True, default, rest=rest))
    return out


_READERS: Final = {
    "python": _python_params,
    "node": _node_params,
    "ruby": _ruby_params,
    "php": _php_params,
    "go": _go_params,
    "java": _java_params,
    "csharp": _csharp_params,
}


# -- a file's names ---------------------------------------------------------------------------


def aliases(ctx: Context) -> dict[str, str]:
    """The names a file imports under another name (``g`` for ``import { f as g }``): alias
    -> the name it imports."""
    out = {}
    for local, written in ctx.imports.items():
        symbol = written.partition("#")[2]
        if symbol and symbol not in (local, "default"):
            out[local] = symbol
    return out


def module_key(path: str) -> str:
    """A file's path without its suffix, ``/``-separated (``/repo/app/billing``)."""
    return PurePath(path).with_suffix("").as_posix()


def context(root: SgNode, family: str, path: str) -> Context:
    """The names a file defines and imports (read once per file)."""
    cache = file_cache(root)
    key = ("symbols-context", family, path)
    found: Context | None = cache.get(key)
    if found is None:
        found = cache[key] = _context(root, family, path)
    return found


def _context(root: SgNode, family: str, path: str) -> Context:
    imports: dict[str, str] = {}
    uses: list[str] = []
    namespace = ""
    if family == "python":
        _python_imports(root, path, imports)
    elif family == "node":
        _node_imports(root, path, imports)
    elif family == "php":
        first = first_of_kind(root, "namespace_definition")
        namespace = "".join(text(first.field("name") if first else None).split())
        for clause in of_kind(root, "namespace_use_clause"):
            names = [c for c in clause.named_children() if c.kind() in ("name", "qualified_name")]
            if names:
                full = "".join(names[0].text().split()).lstrip("\\")
                alias = names[1].text() if len(names) > 1 else full.rsplit("\\", 1)[-1]
                imports[alias.lower()] = full
    elif family == "go":
        package = first_of_kind(root, "package_clause")
        namespace = posixpath.dirname(PurePath(path).as_posix()) if package is not None else ""
        for spec in of_kind(root, "import_spec"):
            target = text(spec.field("path")).strip('"`')
            alias = text(spec.field("name")) or target.rsplit("/", 1)[-1]
            imports[alias] = target
    elif family == "java":
        package = first_of_kind(root, "package_declaration")
        namespace = text(package).removeprefix("package").strip(" ;") if package else ""
        for decl in of_kind(root, "import_declaration"):
            full = decl.text().removeprefix("import").strip(" ;").removeprefix("static ")
            imports[full.rsplit(".", 1)[-1]] = full
    elif family == "csharp":
        spaces = first_of_kind(root, "file_scoped_namespace_declaration") or first_of_kind(
            root, "namespace_declaration"
        )
        namespace = text(spaces.field("name")) if spaces is not None else ""
        uses = [
            d.text().removeprefix("using").strip(" ;") for d in of_kind(root, "using_directive")
        ]
    return Context(path, namespace, imports, tuple(uses))


def _python_imports(root: SgNode, path: str, imports: dict[str, str]) -> None:
    """``name -> module#symbol`` (``from m import f``) or ``name -> module`` (``import m``,
    ``from p import m``), modules as ``/``-paths, relative ones resolved from ``path``."""
    here = posixpath.dirname(PurePath(path).as_posix())
    for node in of_kind(root, "import_from_statement"):
        module = node.field("module_name")
        if module is None:
            continue
        base = _python_module(module.text(), here)
        for child in node.named_children():
            if child == module or child.kind() not in ("dotted_name", "aliased_import"):
                continue
            name = child.field("name") if child.kind() == "aliased_import" else child
            alias = child.field("alias") if child.kind() == "aliased_import" else None
            symbol = text(name)
            imports[text(alias) or symbol] = f"{base}#{symbol}"
    for node in of_kind(root, "import_statement"):
        for child in node.named_children():
            name = child.field("name") if child.kind() == "aliased_import" else child
            alias = child.field("alias") if child.kind() == "aliased_import" else None
            dotted = text(name)
            imports[text(alias) or dotted] = dotted.replace(".", "/")


def _python_module(written: str, here: str) -> str:
    dots = len(written) - len(written.lstrip("."))
    rest = written[dots:].replace(".", "/")
    if not dots:
        return rest
    base = here
    for _ in range(dots - 1):
        base = posixpath.dirname(base)
    return posixpath.join(base, rest) if rest else base


def _node_imports(root: SgNode, path: str, imports: dict[str, str]) -> None:
    """``name -> specifier#symbol`` (``import { f as g }``: ``g -> ./m#f``; a default import
    ``#default``; a namespace import or ``require`` of the whole module: ``specifier``)."""
    here = posixpath.dirname(PurePath(path).as_posix())
    for node in of_kind(root, "import_statement"):
        source = node.field("source")
        if source is None:
            continue
        spec = _node_module(source.text().strip("'\"`"), here)
        clause = next((c for c in node.named_children() if c.kind() == "import_clause"), None)
        for child in clause.named_children() if clause is not None else ():
            if child.kind() == "identifier":
                imports[child.text()] = f"{spec}#default"
            elif child.kind() == "namespace_import":
                inner = child.named_children()
                if inner:
                    imports[inner[-1].text()] = spec
            elif child.kind() == "named_imports":
                for item in child.find_all(kind="import_specifier"):
                    name, alias = item.field("name"), item.field("alias")
                    imports[text(alias) or text(name)] = f"{spec}#{text(name)}"
    for call in of_kind(root, "call_expression", r"^require\s*\("):
        args = arguments(call)
        declarator = call.parent()
        if not args or declarator is None or declarator.kind() != "variable_declarator":
            continue
        spec = _node_module(args[0].text().strip("'\"`"), here)
        target = declarator.field("name")
        if target is not None and target.kind() == "identifier":
            imports[target.text()] = spec
        elif target is not None:
            for key, local in _object_keys(target):
                imports[local] = f"{spec}#{key}"


def _node_module(spec: str, here: str) -> str:
    """A module specifier as a ``/``-path: relative ones resolved from the importing file's
    folder; alias paths (``@/lib/m``, ``~/lib/m``) kept as ``*/lib/m`` (matched as a suffix)."""
    if spec.startswith("."):
        return posixpath.normpath(posixpath.join(here, spec))
    alias = re.match(r"^(?:@|~|#|@@|\$lib|src)/", spec)
    return "*/" + spec[alias.end() :] if alias is not None else "*/" + spec


def same_module(written: str, module: str) -> bool:
    """Whether an import's module (a ``/``-path, ``*/`` for a suffix) names the file
    ``module`` (its path without suffix; a package's ``index``/``__init__`` too)."""
    for candidate in (module, module.removesuffix("/index"), module.removesuffix("/__init__")):
        if written.startswith("*/"):
            if candidate.endswith("/" + written[2:]) or candidate == written[2:]:
                return True
        elif candidate == written or candidate.endswith("/" + written):
            return True
    return False


# -- whether a call reaches a function --------------------------------------------------------


def reaches(
    callee: str,
    call: SgNode,
    *,
    family: str,
    ctx: Context,
    target: Target,
    source: str,
) -> bool:
    """Whether a call (its normalised callee) reaches the function ``target`` (see the module
    docstring for how far this goes); ``source`` is the calling file's text."""
    parts = callee.split(".")
    receiver = ".".join(parts[:-1])
    if parts[-1] != target.name:  # an alias: import { f as g }, from m import f as g
        written = ctx.imports.get(parts[-1]) if not receiver and not target.owner else None
        spec, _, symbol = (written or "").partition("#")
        return written is not None and symbol == target.name and same_module(spec, target.module)
    same_file = module_key(ctx.path) == target.module
    if not target.owner:
        return _free_call(receiver, family=family, ctx=ctx, target=target, same_file=same_file)
    implicit = receiver in ("", "super") and family in ("ruby", "java", "csharp")
    if receiver in _SELF or implicit:
        cls = _owner(call, family)
        if same_file and (cls is None or class_name(cls) == target.owner):
            return True
        return _inherited(call, family=family, ctx=ctx, target=target, same_file=same_file)
    last = receiver.split(".")[-1]
    if last == target.owner:
        return _class_visible(
            receiver, ctx=ctx, family=family, target=target, same_file=same_file, call=call
        )
    if target.static:
        return False
    scope = receiver_scope(call, last, family, source)
    for owner in (target.owner, *target.interfaces):
        written = typed_as(last, owner, scope)
        if written is not None and owner != target.owner and family in ("python", "node"):
            return same_file or _imported_as(written, owner, ctx)
        if written is not None:
            seen = replace(target, owner=owner)  # an interface: where it is visible
            return _class_visible(
                written, ctx=ctx, family=family, target=seen, same_file=same_file, call=call
            )
    return False


def _imported_as(written: str, name: str, ctx: Context) -> bool:
    """Whether a Python or JavaScript file imports the class or interface ``written`` stands
    for under the name ``name`` (from any module: an interface is often declared in one
    module and implemented in another; the one-implementer rule picks the class)."""
    imported = ctx.imports.get(written.split(".", maxsplit=1)[0])
    if imported is None:
        return False
    symbol = imported.partition("#")[2]
    return symbol == name or (symbol == "" and written.endswith(f".{name}"))


def _inherited(call: SgNode, *, family: str, ctx: Context, target: Target, same_file: bool) -> bool:
    """Whether a call on ``self``/``this`` (or with no receiver) reaches the target through the
    class around it: a base class, a mixin, an included Ruby module or a PHP trait that is the
    target's class (resolved as a class named in the file is), when the class does not define
    a method of that name itself."""
    cls = enclosing_class(call, family)
    if cls is None or defines(cls, target.name, family):
        return False
    return any(
        written.rsplit(".", 1)[-1] == target.owner
        and _class_visible(
            written, ctx=ctx, family=family, target=target, same_file=same_file, call=call
        )
        for written in bases(cls, family)
    )


@dataclass(frozen=True, slots=True)
class Target:
    """What a call must reach: a function's name, its owner and whether it is static, the
    file it is defined in (its ``module_key``) and that file's namespace."""

    name: str
    owner: str
    static: bool
    module: str
    namespace: str
    interfaces: tuple[str, ...] = ()
    """The interfaces the owner implements that no other class of the tree does: a receiver
    declared as one of them is an instance of the owner."""


def _free_call(
    receiver: str, *, family: str, ctx: Context, target: Target, same_file: bool
) -> bool:
    name, module = target.name, target.module
    if family in ("python", "node"):
        if receiver:  # a module imported whole: billing.create_checkout(...)
            written = ctx.imports.get(receiver) or ctx.imports.get(
                receiver.split(".", maxsplit=1)[0]
            )
            if written is None:
                return False
            spec, _, symbol = written.partition("#")
            whole = spec if symbol in ("", "default") else f"{spec}/{symbol}"
            return same_module(whole, module)
        written = ctx.imports.get(name)
        if written is not None:
            spec, _, symbol = written.partition("#")
            return symbol in (name, "default") and same_module(spec, module)
        return same_file
    if family == "php":
        return not receiver and (same_file or target.namespace == ctx.namespace or name in ctx.uses)
    if family == "go":
        if not receiver:
            return ctx.namespace == target.namespace
        written = ctx.imports.get(receiver)
        return written is not None and _go_path(written, target.namespace)
    return same_file and not receiver


def _go_path(target: str, folder: str) -> bool:
    """Whether an import path names a folder: their last two segments (or one, for a
    one-segment folder) agree."""
    wanted = target.strip("/").split("/")
    have = folder.strip("/").split("/")
    size = min(2, len(wanted), len(have))
    return size > 0 and wanted[-size:] == have[-size:]


def _class_visible(
    written: str, *, ctx: Context, family: str, target: Target, same_file: bool, call: SgNode
) -> bool:
    """Whether the class named ``written`` in a file is the wrapper's class."""
    if family == "ruby":  # Billing::Checkout, or Checkout inside `module Billing`
        qualified = f"{target.namespace}.{target.owner}" if target.namespace else target.owner
        if "." in written:
            return qualified == written or qualified.endswith("." + written)
        return not target.namespace or ruby_modules(call).startswith(target.namespace)
    if same_file:
        return True
    owner, module, namespace = target.owner, target.module, target.namespace
    first = written.split(".", maxsplit=1)[0]
    if family in ("python", "node"):
        imported = ctx.imports.get(first)
        if imported is None:
            return False
        spec, _, symbol = imported.partition("#")
        return symbol in ("", owner, "default") and same_module(spec, module)
    if family == "php":
        if "." in written:  # \App\Billing\CheckoutSession::create
            return written.rsplit(".", 1)[0].replace(".", "\\") == namespace
        full = ctx.imports.get(first.lower())
        if full is not None:
            return full.rsplit("\\", 1)[0] == namespace and full.rsplit("\\", 1)[-1] == owner
        return ctx.namespace == namespace
    if family == "java":
        full = ctx.imports.get(first)
        return full == f"{namespace}.{owner}" if full is not None else ctx.namespace == namespace
    if family == "csharp":
        return ctx.namespace == namespace or namespace in ctx.uses or not namespace
    if family == "go":  # Service in its own package, billing.Service elsewhere
        if "." not in written:
            return ctx.namespace == namespace
        imported = ctx.imports.get(first)
        return imported is not None and _go_path(imported, namespace)
    return False


def ruby_modules(node: SgNode) -> str:
    """The Ruby modules and classes around a node, outermost first (``Billing.Checkout``)."""
    names = [class_name(a) for a in node.ancestors() if a.kind() in ("module", "class")]
    return ".".join(reversed(names))

"""What a file defines and what a call refers to, per language family: the named function or
method around a node (its name, the class or module it belongs to, its parameters), a file's
namespace and imports, and whether a call by name reaches a given function
(``migrate/scan/wrappers.py`` uses this to find project wrappers of a Checkout Session creation
and the calls to them).

Resolution is as far as it is cheap to tell from one file's text: a bare call reaches a function
defined in the same file or imported from the wrapper's module (Python ``from M import f`` or
``from M import *``, JavaScript ``import { f } from "./m"`` or an alias path such as ``@/lib/m``,
PHP ``use`` and
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

import functools
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.classes import (
    CLASSES,
    bases,
    class_name,
    defines,
    enclosing_class,
    made_instance,
    receiver_scope,
    ruby_full_name,
    typed_as,
)
from migrate.scan.extract import arguments, file_cache, text
from migrate.scan.go_func_types import closure_type
from migrate.scan.kotlin_extensions import extension_visible, typed_receiver
from migrate.scan.kotlin_symbols import (
    kotlin_context,
    kotlin_function,
    kotlin_params,
    lambda_names,
    lambda_passed,
    parameter_list,
)
from migrate.scan.module_paths import node_module, reexported, same_module
from migrate.scan.nodes import first_of_kind, of_kind
from migrate.scan.params import READERS, Param, object_keys
from migrate.scan.py_imports import python_imports
from migrate.scan.tree_constants import go_package_typed, record


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
    bound: tuple[str, ...] = ()
    """The names the callbacks between the node and the function bind (their parameters:
    ``settings`` in ``with_config(c) do |settings| ... end``), innermost first."""


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
    "kotlin": frozenset({"function_declaration"}),
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
    "kotlin": frozenset(
        {
            "function_declaration",
            "lambda_literal",
            "anonymous_function",
            "secondary_constructor",
            "getter",
            "setter",
        }
    ),
}
_SELF: Final = frozenset({"self", "this", "cls", "static", "parent"})
_JVM_HOLDERS: Final = frozenset({"INSTANCE", "Companion"})
"""How Java (and Kotlin) reach a Kotlin ``object``'s function, or a ``companion object``'s,
without ``@JvmStatic``: through the object's instance or the companion by name."""


_CALLBACKS: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"lambda"}),
    "node": frozenset({"arrow_function", "function_expression", "function"}),
    "ruby": frozenset({"block", "do_block", "lambda"}),
    "php": frozenset({"anonymous_function", "arrow_function"}),
    "go": frozenset({"func_literal"}),
    "java": frozenset({"lambda_expression"}),
    "csharp": frozenset({"lambda_expression", "anonymous_method_expression"}),
    "kotlin": frozenset({"lambda_literal"}),
}
"""The anonymous functions that, passed to a call (a Ruby block given to one), run as part of
the function around them (``with_retry(lambda: ...)``, ``withRetry(() => ...)``,
``retry(function () use ($p) {...})``, ``policy.ExecuteAsync(() => ...)``, Kotlin's
``runCatching { ... }``)."""
_ARGUMENT_LISTS: Final = frozenset({"argument_list", "arguments"})
_ARGUMENT: Final = frozenset({"argument", "keyword_argument"})


def function_at(node: SgNode, family: str, *, callbacks: bool = False) -> Function | None:
    """The named function or method ``node`` is directly in (not in a callback inside it),
    when it is one a caller can reach by name: not anonymous, not nested in another function.
    ``callbacks``: also through callbacks passed to a call inside it (see :data:`_CALLBACKS`;
    the names they bind are the function's ``bound``)."""
    kinds = _FUNCTIONS.get(family, frozenset())
    nesting = _NESTING.get(family, frozenset())
    passed = _CALLBACKS.get(family, frozenset()) if callbacks else frozenset()
    definition = None
    bound: list[str] = []
    for ancestor in node.ancestors():
        kind = ancestor.kind()
        if definition is None:
            if kind in passed and _passed(ancestor):
                bound.extend(_callback_names(ancestor, family))
            elif kind in kinds and callbacks and _handed_on(ancestor, family):
                bound.extend(_callback_names(ancestor, family))  # an inner function run
            elif kind in kinds:
                definition = ancestor
            elif kind in nesting:
                typed = closure_type(ancestor) if kind == "func_literal" else None
                if typed is None:  # in a callback or a lambda
                    return None
                found = tuple(_params(ancestor, family, ""))  # a Go factory's closure (its type's)
                return Function(ancestor, typed, "", False, found, tuple(dict.fromkeys(bound)))
        elif kind in nesting and kind not in CLASSES.get(family, frozenset()):
            return None  # a function nested in another one
    if definition is None:
        return None
    named = _name(definition, family)
    if named is None:
        return None
    name, owner, static = named
    params = tuple(_params(definition, family, owner))
    return Function(definition, name, owner, static, params, tuple(dict.fromkeys(bound)))


def _passed(callback: SgNode) -> bool:
    """Whether an anonymous function is an argument of a call (by name too), or the block a
    Ruby call is given (a trailing Kotlin lambda): it runs when that call runs, not stored to
    run later."""
    if callback.kind() == "lambda_literal":
        return lambda_passed(callback)
    parent = callback.parent()
    if parent is not None and parent.kind() in _ARGUMENT:
        parent = parent.parent()
    if parent is None:
        return False
    kind = parent.kind()
    if kind in _ARGUMENT_LISTS:
        return True
    if callback.kind() not in ("block", "do_block"):
        return False
    return kind == "call" or (kind == "lambda" and _passed(parent))  # Ruby: ``->(x) { ... }``


_INNER: Final = frozenset({"python", "node"})
_CALLED: Final = frozenset({"call", "call_expression"})


def _handed_on(inner: SgNode, family: str) -> bool:
    """Whether a named function defined inside another runs as part of it: the outer one
    calls it or passes it to a call by its name (``def send(): ...; return with_retry(send)``,
    ``const send = () => fetch(...); return retry(send)``)."""
    if family not in _INNER:
        return False
    named = inner.field("name")
    holder = inner.parent()
    if named is None and holder is not None and holder.kind() == "variable_declarator":
        named = holder.field("name")
    kinds = _FUNCTIONS[family]
    outer = next((a for a in inner.ancestors() if a.kind() in kinds), None)
    if named is None or outer is None:
        return False
    name = named.text()
    for use in outer.find_all(kind="identifier"):
        if use.text() != name or use == named:
            continue
        parent = use.parent()
        if parent is None:
            continue
        if parent.kind() in _ARGUMENT_LISTS:
            return True  # passed: with_retry(send)
        if parent.kind() in _CALLED and parent.field("function") == use:
            return True  # called: send()
    return False


def _callback_names(callback: SgNode, family: str) -> list[str]:
    """The names a callback's parameters bind."""
    if family == "kotlin":
        return lambda_names(callback)
    params = callback.field("parameters") or callback.field("parameter")
    if params is None:
        return []
    kind = params.kind()
    if kind in ("identifier", "implicit_parameter"):
        return [params.text()]
    if family == "ruby" or kind == "inferred_parameters":  # no types: every name is bound
        return [n.text() for n in params.find_all(kind="identifier")]
    read = READERS.get(family)
    return [local for p in (read(params) if read is not None else []) for local in p.locals]


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
    if family == "kotlin":
        return kotlin_function(node, _owner(node, family))
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


def parameters(node: SgNode, family: str, owner: str) -> tuple[Param, ...]:
    """The parameters of a function definition (of the class ``owner``, "" for none)."""
    return tuple(_params(node, family, owner))


def _params(node: SgNode, family: str, owner: str) -> list[Param]:
    if family == "kotlin":
        listed = parameter_list(node)
        return kotlin_params(listed) if listed is not None else []
    found = node.field("parameters")
    if found is None:
        return []
    read = READERS.get(family)
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
            p.type,
            p.zeros,
        )
        for i, p in enumerate(out)
    ]


# -- a file's names ---------------------------------------------------------------------------


def aliases(ctx: Context, family: str = "") -> dict[str, str]:
    """The names a file imports under another name (``g`` for ``import { f as g }``, Kotlin's
    ``import shop.billing.createSession as newSession``): alias -> the name it imports."""
    out = {}
    for local, written in ctx.imports.items():
        symbol = written.partition("#")[2]
        if family == "kotlin":
            symbol = written.rsplit(".", 1)[-1]
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


def imports_of(root: SgNode, family: str, path: str) -> dict[str, str]:
    """The names another file's tree imports, read without the file cache (which holds the last
    file asked about only: the scanned file's, which asking it of another would drop)."""
    return _context(root, family, path).imports


def _context(root: SgNode, family: str, path: str) -> Context:
    imports: dict[str, str] = {}
    uses: list[str] = []
    namespace = ""
    if family == "python":
        python_imports(root, path, imports)
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
            full = "".join(full.split())
            if full.endswith(".*"):  # `import shop.billing.*;`: the package's names, unimported
                uses.append(full.removesuffix(".*"))
                continue
            imports[full.rsplit(".", 1)[-1]] = full
    elif family == "kotlin":
        namespace, found, whole = kotlin_context(root)
        imports.update(found)
        uses.extend(whole)
    elif family == "csharp":
        spaces = first_of_kind(root, "file_scoped_namespace_declaration") or first_of_kind(
            root, "namespace_declaration"
        )
        namespace = text(spaces.field("name")) if spaces is not None else ""
        uses = [
            d.text().removeprefix("using").strip(" ;") for d in of_kind(root, "using_directive")
        ]
    return Context(path, namespace, imports, tuple(uses))


def _node_imports(root: SgNode, path: str, imports: dict[str, str]) -> None:
    """``name -> specifier#symbol`` (``import { f as g }``: ``g -> ./m#f``; a default import
    ``#default``; a namespace import or ``require`` of the whole module: ``specifier``)."""
    here = posixpath.dirname(PurePath(path).as_posix())
    for node in of_kind(root, "import_statement"):
        source = node.field("source")
        if source is None:
            continue
        spec = node_module(source.text().strip("'\"`"), here)
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
        spec = node_module(args[0].text().strip("'\"`"), here)
        target = declarator.field("name")
        if target is not None and target.kind() == "identifier":
            imports[target.text()] = spec
        elif target is not None:
            for key, local in object_keys(target):
                imports[local] = f"{spec}#{key}"


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
    if target.static and len(parts) > 2 and parts[-2] in _JVM_HOLDERS:
        parts = [*parts[:-2], parts[-1]]  # Payments.INSTANCE.open, Plans.Companion.start
    receiver = ".".join(parts[:-1])
    if parts[-1] != target.name:  # an alias: import { f as g }, from m import f as g
        written = ctx.imports.get(parts[-1]) if not receiver and not target.owner else None
        if family == "kotlin":  # import shop.billing.createSession as newSession
            return written == f"{target.namespace}.{target.name}"
        spec, _, symbol = (written or "").partition("#")
        return written is not None and symbol == target.name and same_module(spec, target.module)
    same_file = module_key(ctx.path) == target.module
    if target.extension:  # order.checkout(url): typed as the class, the function in sight
        return typed_receiver(receiver, call, target.owner, source) and extension_visible(
            target.name,
            imports=ctx.imports,
            namespace=target.namespace,
            package=ctx.namespace,
            uses=ctx.uses,
            same_file=same_file,
        )
    if not target.owner:
        if _free_call(receiver, family=family, ctx=ctx, target=target, same_file=same_file):
            return True
        return not receiver and family == "python" and _star_imported(ctx, target, source)
    implicit = receiver in ("", "super") and family in ("ruby", "java", "kotlin", "csharp")
    if receiver in _SELF or implicit:
        cls = _owner(call, family)
        if same_file and (cls is None or class_name(cls) == target.owner):
            return True
        return _inherited(call, family=family, ctx=ctx, target=target, same_file=same_file)
    made = None if target.static else made_instance(receiver, family)  # Checkout.new.run(x)
    if made is not None and (receiver := made).split(".")[-1] != target.owner:
        return False
    last = receiver.split(".")[-1]
    if last == target.owner:
        return _class_visible(
            receiver, ctx=ctx, family=family, target=target, same_file=same_file, call=call
        )
    if target.static:
        return False
    if receiver in ctx.imports and target.instances and family in ("python", "node"):
        spec, _, symbol = ctx.imports[receiver].partition("#")  # from .gateway import gateway
        return symbol in target.instances and same_module(spec, target.module)
    scope = receiver_scope(call, last, family, source)
    for owner in (target.owner, *target.interfaces):
        written = typed_as(last, owner, scope)
        if written is None and family == "go":  # a field of a struct another file declares
            written = go_package_typed(ctx.path, last, owner)
        if written is not None and owner != target.owner and family in ("python", "node"):
            return same_file or _imported_as(written, owner, ctx)
        if written is not None and owner != target.owner and family == "csharp":
            return _csharp_interface_visible(ctx, target)
        if written is not None:
            seen = replace(target, owner=owner)  # an interface: where it is visible
            imported = ctx.imports.get(owner) if owner != target.owner else None
            if imported is not None and family in ("java", "kotlin"):  # service.Billing for
                seen = replace(seen, namespace=imported.rpartition(".")[0])  # service.impl's
            return _class_visible(
                written, ctx=ctx, family=family, target=seen, same_file=same_file, call=call
            )
    return False


def _csharp_interface_visible(ctx: Context, target: Target) -> bool:
    """Whether a C# file sees the interface of the target's class: declared in a namespace of
    the project (not the framework's) that both files use or are in (Core's, used by the
    Infrastructure class implementing it and by the handler injected with it); an interface
    of the same name in another project (a web front's) is another one."""
    mine = {ctx.namespace, *ctx.uses}
    theirs = {target.namespace, *target.spaces}
    shared = {n for n in mine & theirs if n and not n.startswith(("System", "Microsoft"))}
    return bool(shared)


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
    extension: bool = False
    """A Kotlin extension function of the class ``owner`` (``fun Order.checkout()``)."""
    spaces: tuple[str, ...] = ()
    """C#: the namespaces the target's file uses (its class's interfaces are in one of them)."""
    instances: tuple[str, ...] = ()
    """Python, JavaScript: the top-level names of the target's file bound to a new object of
    the owner (``gateway = Gateway()``): imported elsewhere, a call on one reaches the target."""


def _star_imported(ctx: Context, target: Target, source: str) -> bool:
    """Whether a bare call of ``target``'s name reaches it through ``from m import *`` of its
    module (a Flask app's ``from stripe_functionality import *``), the calling file neither
    importing that name otherwise nor defining it."""
    name = target.name
    if name in ctx.imports or re.search(rf"^[ \t]*(?:async[ \t]+)?def[ \t]+{name}\b", source, re.M):
        return False
    return any(k.startswith("*") and same_module(v, target.module) for k, v in ctx.imports.items())


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
            if symbol == name and reexported(spec, module, name, family):
                return True  # imported from the package that re-exports it
            return symbol in (name, "default") and same_module(spec, module)
        return same_file
    if family == "php":
        return not receiver and (same_file or target.namespace == ctx.namespace or name in ctx.uses)
    if family == "go":
        if not receiver:
            return ctx.namespace == target.namespace
        written = ctx.imports.get(receiver)
        return written is not None and _go_path(written, target.namespace)
    if family == "kotlin":  # a top-level function: its package's, or imported by name
        written = ctx.imports.get(name)
        if receiver or (written is not None and written != f"{target.namespace}.{name}"):
            return False
        return same_file or written is not None or _kotlin_package(ctx, target.namespace)
    if family == "java" and not receiver and not same_file:  # a Kotlin file's, statically
        written = ctx.imports.get(name, "")  # imported: import static shop.BillingKt.create;
        return written.endswith(f".{name}") and written.rsplit(".", 2)[0] == target.namespace
    return same_file and not receiver


def _go_path(target: str, folder: str) -> bool:
    """Whether an import path names a folder: their last two segments (or one, for a
    one-segment folder) agree, or it is the folder's import path as the ``go.mod`` above it
    says (its module path, then the folder's place under it: a checkout need not be named as
    its module)."""
    wanted = target.strip("/").split("/")
    have = folder.strip("/").split("/")
    size = min(2, len(wanted), len(have))
    if size > 0 and wanted[-size:] == have[-size:]:
        return True
    return bool(folder) and go_import_path(folder) == target.strip("/")


_GO_MODULE: Final = re.compile(r"^\s*module\s+\"?([^\s\"]+)", re.MULTILINE)
_GO_MOD_LEVELS: Final = 32


def go_import_path(folder: str) -> str | None:
    """A Go package folder's import path: the module path of the nearest ``go.mod`` at or
    above it, joined to the folder's path under that file's folder; None without one. (A
    question the scan's cache keeps with its answer: ``go.mod`` is no file the scan lists.)"""
    answer = _go_import_path(folder)
    record(("gomod", folder, answer))
    return answer


@functools.lru_cache(maxsize=4096)
def _go_import_path(folder: str) -> str | None:
    here = Path(folder).absolute()
    found = go_mod_of(here)
    if found is None:
        return None
    base, text = found
    module = _GO_MODULE.search(text)
    if module is None:
        return None
    under = here.relative_to(base).as_posix()
    return module.group(1) if under == "." else f"{module.group(1)}/{under}"


def go_mod_of(folder: Path) -> tuple[Path, str] | None:
    """The nearest ``go.mod`` at or above ``folder`` (an absolute path): its folder and text."""
    for at, base in enumerate((folder, *folder.parents)):
        if at > _GO_MOD_LEVELS:
            return None
        try:
            return base, (base / "go.mod").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return None


def forget_go_modules() -> None:
    """Read each ``go.mod`` afresh (a new scan: one may have changed since the last)."""
    _go_import_path.cache_clear()


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
        if symbol == owner and reexported(spec, module, owner, family):
            return True  # from .stripe import Wrapper, stripe/__init__.py: from .client import
        return symbol in ("", owner, "default") and same_module(spec, module)
    if family == "php":
        if "." in written:  # \App\Billing\CheckoutSession::create
            return written.rsplit(".", 1)[0].replace(".", "\\") == namespace
        full = ctx.imports.get(first.lower())
        if full is not None:  # `use Give_Stripe_Checkout_Session;`: a global class, no namespace
            return full.lstrip("\\").rpartition("\\")[::2] == (namespace, owner)
        return ctx.namespace == namespace
    if family == "java":
        full = ctx.imports.get(first)
        return (
            full == f"{namespace}.{owner}" if full is not None else _kotlin_package(ctx, namespace)
        )
    if family == "kotlin":
        full = ctx.imports.get(first)
        return (
            full == f"{namespace}.{owner}" if full is not None else _kotlin_package(ctx, namespace)
        )
    if family == "csharp":
        return ctx.namespace == namespace or namespace in ctx.uses or not namespace
    if family == "go":  # Service in its own package, billing.Service elsewhere
        if "." not in written:
            return ctx.namespace == namespace
        imported = ctx.imports.get(first)
        return imported is not None and _go_path(imported, namespace)
    return False


def _kotlin_package(ctx: Context, namespace: str) -> bool:
    """Whether a Kotlin or Java file sees package ``namespace`` unimported (in it, or ``.*``)."""
    return ctx.namespace == namespace or namespace in ctx.uses


def ruby_modules(node: SgNode) -> str:
    """The Ruby modules and classes around a node, outermost first (``Billing.Checkout``)."""
    names = [ruby_full_name(a) for a in node.ancestors() if a.kind() in ("module", "class")]
    return ".".join(reversed(names))

"""Calls made on another SDK's client: a receiver bound to (or declared as) a class imported
from a package that is not Stripe's is not Stripe, whatever the file says elsewhere. A receiver
whose name says Stripe, one bound to a constructor from the stripe package (``StripeClient(...)``,
``new Stripe(...)``), a call through a member named for Stripe (Python, JavaScript/TypeScript:
``service.stripe.checkout.Session.create`` on a service of the project's own class), and one
whose origin cannot be read (an injected ``stripe`` parameter, a local class) stay Stripe's.

What each language says of a receiver's origin:

* Python, JavaScript/TypeScript: ``polar = PolarAsync(...)``, ``polar: PolarAsync``,
  ``const polar = new Polar(...)``, the class imported from a module (``from polar... import``,
  ``import { Polar } from '@polar-sh/sdk'``);
* Ruby: ``polar = Polar::Client.new(...)`` in a file that requires the gem (``require 'polar'``);
* PHP: ``new Polar(...)``, a parameter or a property typed ``Polar``, the class a ``use``
  imports (``use Polar\\Polar;``) or written in full;
* Go: ``polargo.New(...)``, ``&polargo.Client{}``, a parameter typed ``*polargo.Polar``: the
  package's import path;
* Java, Kotlin: ``new Polar(...)``, ``Polar.builder()...build()``, Kotlin's ``Polar(...)``, a
  parameter, local, field or constructor property declared ``Polar``: the class's ``import``;
* C#: ``new PolarClient(...)``, a parameter, local, field or property declared so: a class
  written with its namespace or a ``using`` alias; a class Stripe.net does not have, declared
  nowhere in the file, named like another SDK's namespace the file uses (``using PolarSdk;``).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import Extractor, file_cache
from migrate.scan.follow_base import FollowerBase
from migrate.scan.lang.csharp_services import SERVICES, member_types, using_names
from migrate.scan.lang.php_source import file_imports
from migrate.scan.nodes import is_comment

_CONSTRUCTOR: Final = re.compile(r"^(?:await\s+)?(?:new\s+)?([A-Za-z_$][\w$.]*)\s*(?:<[^()]*>)?\(")
_TYPE: Final = re.compile(r"^[:\s]*([A-Za-z_$][\w$.]*)")
_PY_FROM: Final = re.compile(
    r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]+)", re.MULTILINE
)
_PY_IMPORT: Final = re.compile(r"^[ \t]*import[ \t]+([^\n]+)", re.MULTILINE)
_JS_IMPORT: Final = re.compile(r"\bimport\s+(?:type\s+)?([^;'\"]*?)\s+from\s+['\"]([^'\"]+)['\"]")
_JS_REQUIRE: Final = re.compile(
    r"\b(?:const|let|var)\s+(\{[^}]*\}|[A-Za-z_$][\w$]*)\s*=\s*require\(\s*['\"]([^'\"]+)['\"]"
)
_NAME: Final = re.compile(r"[A-Za-z_$][\w$]*")
_STRIPE_MEMBER: Final = re.compile(r"\.\s*\w*stripe\w*\s*\.", re.IGNORECASE)
"""A member named for Stripe on the way from the receiver to the call (a FastAPI service
injected by its class, ``service.stripe.checkout.Session.create``; ``deps.stripeClient.``)."""

_MADE: Final = re.compile(
    r"^(?:await\s+)?(?:new\s+)?[&*]?\s*(\\?[A-Za-z_][\w]*(?:\s*(?:\.|::|\\)\s*[A-Za-z_]\w*)*)"
    r"\s*(?:<[^(){}]*>)?\s*[({]"
)
"""The class (or package function) a value is made with: ``new X(``, ``X.new(``, ``X(``,
``pkg.New(``, ``&pkg.T{``, ``X.builder()``, each with its qualifier."""
_RUBY_REQUIRE: Final = re.compile(r"^\s*require\s*\(?\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_GO_IMPORT: Final = re.compile(r"^\s*(?:import\s+)?(?:([\w.]+)\s+)?\"([^\"\s]+)\"", re.MULTILINE)
_JVM_IMPORT: Final = re.compile(r"^\s*import\s+([\w.]+?)(?:\s+as\s+(\w+))?\s*;?\s*$", re.MULTILINE)
_CS_SDKS: Final = re.compile(r"^(?!System\b|Microsoft\b|Stripe\b)[A-Z]\w*")
"""A ``using`` namespace of another SDK (not .NET's own, not Stripe.net's)."""
_CS_STRIPE: Final = frozenset(
    {"StripeClient", "IStripeClient", *(names[0] for names in SERVICES.values())}
)
_PARAMETERS: Final = (
    "parameters",
    "formal_parameters",
    "parameter_list",
    "function_value_parameters",
)
_SELF: Final = frozenset({"this", "$this", "self"})


def _imports(source: str) -> dict[str, str]:
    """Each name a file imports, with the module it comes from (Python and JavaScript)."""
    out: dict[str, str] = {}
    for m in _PY_FROM.finditer(source):
        for part in m.group(2).strip("()").split(","):
            words = part.split()
            if words:
                out[words[-1]] = m.group(1)  # `X as Y` binds Y
    for m in _PY_IMPORT.finditer(source):
        for part in m.group(1).split(","):
            words = part.split()
            if words:
                out[words[-1].split(".")[0]] = words[0]
    for m in (*_JS_IMPORT.finditer(source), *_JS_REQUIRE.finditer(source)):
        for name in _NAME.findall(m.group(1).replace(" as ", " ")):
            if name not in ("type", "as"):
                out.setdefault(name, m.group(2))
    return out


def _annotation(extractor: FollowerBase, root: SgNode) -> str | None:
    """The type a parameter named ``root`` is declared with in its function, if any."""
    scope = extractor.scope(root)
    params = scope.field("parameters")
    if params is None:
        return None
    for param in params.named_children():
        kind = param.kind()
        if kind not in (
            "typed_parameter",
            "typed_default_parameter",
            "required_parameter",
            "optional_parameter",
        ):
            continue
        name = (
            param.field("pattern")
            or param.field("name")
            or next((c for c in param.named_children() if c.kind() == "identifier"), None)
        )
        typed = param.field("type")
        if name is not None and typed is not None and name.text() == root.text():
            m = _TYPE.match(typed.text())
            return m.group(1) if m else None
    return None


def foreign_client(extractor: Extractor, call: SgNode) -> bool:
    """Whether ``call`` is made on a client of another SDK (see the module docstring)."""
    if not isinstance(extractor, FollowerBase):
        return _typed_foreign(extractor, call)
    callee = call.field("function")
    if callee is None:
        return False
    root = extractor.receiver(callee)
    if root is None or "stripe" in root.text().lower():
        return False
    if _STRIPE_MEMBER.search(callee.text()):  # service.stripe.checkout...: the Stripe module
        return False  # a service (of whatever class) holds
    found = extractor.binding(root)
    if found is not None:
        if "stripe" in found[0].text().lower():  # cast(Any, stripe.Subscription), a factory's
            return False
        m = _CONSTRUCTOR.match(found[0].text())
        cls = m.group(1) if m else None
    else:
        cls = _annotation(extractor, root)
    if not cls or "stripe" in cls.lower():  # make_stripe_client(): a project's factory
        return False
    cache = file_cache(call)
    imports: dict[str, str] | None = cache.get("receivers.imports")
    if imports is None:
        imports = cache["receivers.imports"] = _imports(extractor.source)
    module = imports.get(cls.split(".")[0])
    return module is not None and "stripe" not in module.lower()


# -- Ruby, PHP, Go, Java, Kotlin, C# --------------------------------------------------------------


def _typed_foreign(extractor: Extractor, call: SgNode) -> bool:
    """``foreign_client`` for the languages whose receiver is the start of the call's chain:
    its class (what it is made with, or declared as) and where that class comes from."""
    chain = _chain(call, extractor.name_kinds)
    if not chain:
        return False
    root, member = chain[0], chain[1] if len(chain) > 1 else None
    if root.text() in _SELF:  # $this->polar->..., this.polar...: the property's type
        if member is None or "stripe" in member.text().lower():
            return False
        cls = _field_type(extractor, call, member.text())
    else:
        if "stripe" in root.text().lower():
            return False
        cls = _class_of(extractor, root)
    if not cls or "stripe" in cls.lower():
        return False
    origin = _origin(extractor, call, cls)
    return origin is not None and "stripe" not in origin.lower()


def _chain(call: SgNode, names: frozenset[str]) -> list[SgNode]:
    """The names a call's receiver chain starts with (``polar``; ``$this``, ``polar``), read
    down its leftmost children."""
    out: list[SgNode] = []
    node = call
    for _ in range(32):
        inner = [c for c in node.named_children() if not is_comment(c)]
        if not inner:
            break
        node = inner[0]
        if node.kind() in names or node.kind() in ("this", "self"):
            out.append(node)
            sibling = node.next()
            while sibling is not None and not sibling.is_named():
                sibling = sibling.next()
            if sibling is not None and sibling.kind() in (
                "name",
                "identifier",
                "field_identifier",
                "simple_identifier",
                "variable_name",
            ):
                out.append(sibling)
            break
        if node.kind() in ("navigation_suffix", "call_suffix", "argument_list"):
            break
    return out


def _class_of(extractor: Extractor, root: SgNode) -> str | None:
    """The class ``root`` is made from or declared as: its binding's constructor or declared
    type, else its parameter's type, else its field's."""
    found = extractor.binding(root)
    if found is not None:
        declared = _declared(found[0])
        return declared or _made(found[0].text(), extractor.family)
    typ = _parameter_type(extractor, root)
    if typ is not None:
        return typ
    if extractor.family in ("java", "kotlin", "csharp"):
        return _field_type(extractor, root, root.text())
    return None


def _declared(value: SgNode) -> str | None:
    """The type written where a local is declared with ``value`` (Java's ``Polar p = ...``,
    C#'s ``PolarClient p = ...``, Kotlin's ``val p: Polar = ...``; not ``var``)."""
    node: SgNode | None = value.parent()
    for _ in range(2):
        if node is None:
            return None
        typ = node.field("type") or next(
            (c for c in node.named_children() if c.kind() in ("user_type", "nullable_type")), None
        )
        if node.kind() == "property_declaration":
            declaration = next(
                (c for c in node.named_children() if c.kind() == "variable_declaration"), None
            )
            typ = next(
                (
                    c
                    for c in (declaration.named_children() if declaration else [])
                    if c.kind() in ("user_type", "nullable_type")
                ),
                None,
            )
        if typ is not None and typ.kind() != "implicit_type" and typ.text() != "var":
            return _type_name(typ.text())
        node = node.parent()
    return None


def _made(text: str, family: str) -> str | None:
    """The class (Go: the package) a value is made with, as written (``Polar::Client``,
    ``\\Polar\\Polar``, ``polargo``, ``Polar``, ``PolarSdk.PolarClient``)."""
    m = _MADE.match(text.strip())
    if m is None:
        return None
    parts = re.split(r"\s*(?:\.|::|\\)\s*", m.group(1).lstrip("\\"))
    if family == "go":  # the package and its function or type: polargo.New
        return ".".join(parts) if len(parts) > 1 else None
    if family == "ruby":
        return "::".join(parts[:-1]) if len(parts) > 1 and parts[-1] == "new" else None
    while len(parts) > 1 and parts[-1][:1].islower() and parts[-2][:1].isupper():
        parts.pop()  # Polar.builder(): the class, not its factory method
    if not parts[-1][:1].isupper():
        return None
    separator = "\\" if family == "php" else "."
    return ("\\" if m.group(1).startswith("\\") else "") + separator.join(parts)


def _type_name(typ: str) -> str:
    """A declared type as a class name: without ``*``, ``?``, generics or ``[]``."""
    flat = "".join(typ.split()).lstrip("*&?").removeprefix("global::")
    return re.split(r"[<\[?]", flat, maxsplit=1)[0]


def _parameter_type(extractor: Extractor, root: SgNode) -> str | None:
    """The type a parameter named ``root`` is declared with in its function."""
    scope = extractor.scope(root)
    if scope.kind() not in extractor.functions:
        return None
    params = next((p for f in _PARAMETERS if (p := scope.field(f)) is not None), None)
    if params is None:
        params = next((c for c in scope.named_children() if c.kind() in _PARAMETERS), None)
    for param in params.named_children() if params is not None else []:
        named = [c.text() for c in param.named_children() if c.kind() in extractor.name_kinds]
        name = param.field("name")
        if root.text() not in ({name.text()} if name is not None else set()) | set(named):
            continue
        typ = param.field("type") or next(
            (c for c in param.named_children() if c.kind() in ("user_type", "nullable_type")), None
        )
        return _type_name(typ.text()) if typ is not None else None
    return None


def _field_type(extractor: Extractor, node: SgNode, name: str) -> str | None:
    """The declared type of the field or property ``name`` (``$polar``, ``polar``, ``_polar``)
    of the file's classes: PHP typed properties and promoted constructor parameters, Java
    fields, Kotlin properties and constructor properties, C# fields and properties."""
    cache = file_cache(node)
    key = ("receivers.fields", extractor.family)
    fields: dict[str, str] | None = cache.get(key)
    if fields is None:
        fields = cache[key] = _fields(node.get_root().root(), extractor.family)
    typ = fields.get(name.lstrip("$"))
    return _type_name(typ) if typ else None


def _fields(root: SgNode, family: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if family == "csharp":
        return member_types(root)
    if family == "php":
        for decl in root.find_all(kind="property_declaration"):
            typ = decl.field("type")
            for element in decl.find_all(kind="variable_name"):
                if typ is not None:
                    out.setdefault(element.text().lstrip("$"), typ.text())
        for param in root.find_all(kind="property_promotion_parameter"):
            typ, name = param.field("type"), param.field("name")
            if typ is not None and name is not None:
                out.setdefault(name.text().lstrip("$"), typ.text())
    elif family == "java":
        for decl in root.find_all(kind="field_declaration"):
            typ = decl.field("type")
            for declarator in decl.find_all(kind="variable_declarator"):
                name = declarator.field("name")
                if typ is not None and name is not None:
                    out.setdefault(name.text(), typ.text())
    elif family == "kotlin":
        for kind in ("class_parameter", "variable_declaration"):
            for decl in root.find_all(kind=kind):
                name = next(
                    (c for c in decl.named_children() if c.kind() == "simple_identifier"), None
                )
                typ = next(
                    (
                        c
                        for c in decl.named_children()
                        if c.kind() in ("user_type", "nullable_type")
                    ),
                    None,
                )
                if name is not None and typ is not None:
                    out.setdefault(name.text(), typ.text())
    return out


def _origin(extractor: Extractor, call: SgNode, cls: str) -> str | None:
    """Where the class (Go: the package) ``cls`` comes from, as the file says: a module, a
    namespace, an import path, a gem; None when the file does not say."""
    family = extractor.family
    source = extractor.source or call.get_root().root().text()
    if family == "ruby":
        top = cls.lstrip(":").split("::")[0].lower()
        for found in _RUBY_REQUIRE.finditer(source):
            path = str(found.group(1))
            gem = re.sub(r"[-_]", "", path.split("/", maxsplit=1)[0].lower())
            if gem and (gem == top or top.startswith(gem) or gem.startswith(top)):
                return path
        return None
    if family == "php":
        if "\\" in cls.strip("\\"):
            return cls
        return file_imports(call).get(cls.lstrip("\\").lower())
    if family == "go":
        for found in _GO_IMPORT.finditer(source):
            alias, path = found.group(1), str(found.group(2))
            name = alias or re.sub(r"/v\d+$", "", path).rsplit("/", 1)[-1]
            if name == cls.split(".", maxsplit=1)[0]:  # polargo, polargo.Polar
                return path
        return None
    if family in ("java", "kotlin"):
        if "." in cls and cls[:1].islower():
            return cls
        for found in _JVM_IMPORT.finditer(source):
            full, alias = str(found.group(1)), found.group(2)
            if (alias or full.rsplit(".", 1)[-1]) == cls.split(".", maxsplit=1)[0]:
                return full
        return None
    if family == "csharp":
        usings = using_names(call.get_root().root())
        if "." in cls:
            return usings.get(cls.split(".", maxsplit=1)[0], cls)
        if cls in usings:
            return usings[cls]
        if cls in _CS_STRIPE or re.search(rf"\b(?:class|interface|record)\s+{cls}\b", source):
            return None
        others = [u for u, target in usings.items() if u == target and _CS_SDKS.match(u)]
        return next((u for u in others if _shares_name(u, cls)), None)
    return None


def _shares_name(namespace: str, cls: str) -> bool:
    """Whether a namespace names the class's SDK: its first part and the class start with the
    same word of four letters or more (``PolarSdk`` and ``PolarClient``)."""
    first = namespace.split(".", maxsplit=1)[0]
    size = 0
    while size < min(len(first), len(cls)) and first[size] == cls[size]:
        size += 1
    return size >= 4 and (size == len(first) or first[size].isupper() or not first[size].isalpha())

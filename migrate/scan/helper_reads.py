"""A checkout value a project helper reads from the Stripe API (X023 through a helper).

Real applications put the Stripe read in a helper and call it before the checkout: rallly's
``const proPricingData = await getProPricing({ stripe })`` (a billing module doing
``stripe.prices.list({ lookup_keys: [...] })``) then ``price: proPricingData.yearly.id``;
langfuse's ``const product = await this.retrieveProductWithDefaultPrice(client, id)`` (a method
of the same class doing ``client.products.retrieve``). The read is not in the checkout's
function, so ``migrate/scan/stripe_reads.py`` saw none. :func:`helper_text` gives the text of
the helper a call in a value names, when the scan can find it cheaply: a function or method of
the same file, or (Python, JavaScript/TypeScript) one imported from a file of the tree by a
relative module (``./lib/stripe``, ``..billing``) or an alias path (``@/lib/stripe``, looked for
under the importing file's folders up to its package's root). Its text is searched for a read as
the checkout's function is.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode, SgRoot

from migrate.scan.extract import file_cache, text
from migrate.scan.nodes import find_kind
from migrate.scan.symbols import context
from migrate.scan.tree_constants import record

CALLED: Final = re.compile(
    r"(?<![\w$.])(?:(?:this|self)\s*\.\s*)?(?P<name>[A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*\("
)
"""A call of a function by name, or of a method on ``this``/``self``."""


def calls_helper(text: str) -> bool:
    """Whether ``text`` calls a function by name, a method on ``this``/``self``, or a method of
    an object the class holds (a quick test before :func:`helper_texts`)."""
    return CALLED.search(text) is not None or _MEMBER_CALL.search(text) is not None


_KEYWORDS: Final = frozenset(
    {"if", "for", "while", "switch", "return", "await", "new", "typeof", "function", "catch"}
    | {"String", "Number", "Boolean", "Object", "Array", "JSON", "Math", "str", "int", "float"}
)
_DEFINITIONS: Final[dict[str, tuple[str, ...]]] = {
    "python": ("function_definition",),
    "node": ("function_declaration", "method_definition", "variable_declarator"),
    "java": ("method_declaration",),
    "kotlin": ("function_declaration",),
    "csharp": ("method_declaration", "local_function_statement"),
    "go": ("function_declaration", "method_declaration"),
}
_METHODS: Final[dict[str, tuple[str, ...]]] = {
    "ruby": ("method", "singleton_method"),
    "php": ("method_declaration", "function_definition"),
}
"""Ruby's and PHP's functions and methods: looked for in a file next to the call (or a model
folder), not imported (see :func:`sibling_match`)."""
DEFINITION_KINDS: Final[dict[str, tuple[str, ...]]] = {**_DEFINITIONS, **_METHODS}
"""The node kinds of a function or method definition, in each language."""
_SUFFIXES: Final = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", "/index.ts", "/index.js")
ROOTS: Final = ("package.json", "tsconfig.json", "jsconfig.json", "pyproject.toml", ".git")
_UP: Final = 6


def helper_texts(source: str, call: SgNode, family: str, path: str) -> Iterator[tuple[str, str]]:
    """Each helper ``source`` calls by name whose definition the scan finds, as (its name, its
    text)."""
    if family not in DEFINITION_KINDS:
        return
    if family in _METHODS:  # Ruby's, PHP's: a method or function of the same file
        for name in dict.fromkeys(m.group("name") for m in CALLED.finditer(source)):
            found = _defined(call.get_root().root(), name, family)
            if found:
                yield name, found
        return
    for name in dict.fromkeys(m.group("name") for m in CALLED.finditer(source)):
        if name in _KEYWORDS:
            continue
        found = _defined(call.get_root().root(), name, family) or _imported(
            call, name, family, path
        )
        if found:
            yield name, found
    for m in _MEMBER_CALL.finditer(source):
        member, method = m.group("member"), m.group("method")
        owner = member_class(call, member, family)
        if owner is None:
            continue
        found = class_method(call.get_root().root(), owner, method, family) or _imported(
            call, owner, family, path, method
        )
        if found:
            yield f"{member}.{method}", found
    for m in _MODULE_CALL.finditer(source) if family == "python" else ():
        module, function = m.group("module"), m.group("function")
        found = _module_function(call, module, function, family, path)
        if found:  # a function of a module of the tree (stripe_service.find_or_create_customer)
            yield f"{module}.{function}", found


def called_by_helper(
    name: str, body: str, call: SgNode, family: str, path: str
) -> Iterator[tuple[str, str]]:
    """Each function the helper ``name`` (its text ``body``, called from the file of ``call``)
    calls by name, defined beside it: in the file of ``call``, or in the file the helper is
    imported from, or in a file that file imports it from (a ``lib/stripe`` folder of one
    function per file); as (its name, its text). One level more than :func:`helper_texts`."""
    if family not in _DEFINITIONS:
        return
    root = call.get_root().root()
    written = context(root, family, path).imports.get(name, "") if path else ""
    module, _, symbol = written.partition("#")
    files: tuple[Path, ...] = ()
    if module and symbol and symbol != "default":
        files = _files(module, family, str(Path(path).absolute().parent))
    for inner in dict.fromkeys(m.group("name") for m in CALLED.finditer(body)):
        if inner in _KEYWORDS or inner == name:
            continue
        found = _defined(root, inner, family)
        for file in files if not found else ():
            found = defined_in(str(file), inner, family)
            record(("helper_in", str(file), inner, family, found))  # for the scan's cache
            if not found:
                found = imported_by(str(file), inner, family)
                record(("helper_via", str(file), inner, family, found))
            if found:
                break
        if found:
            yield inner, found


def imported_by(file: str, symbol: str, family: str) -> str:
    """The text of the function ``file`` imports as ``symbol`` from another file of the tree
    ("" when it imports none, or its definition cannot be found)."""
    root = _parsed(Path(file), family)
    if root is None:
        return ""
    written = context(root, family, file).imports.get(symbol, "")
    module, _, name = written.partition("#")
    if not module or not name or name == "default":
        return ""
    return imported_text(module, name, family, str(Path(file).parent))


def defined_in(file: str, symbol: str, family: str) -> str:
    """The text of the function ``symbol`` defined in ``file`` ("" when there is none)."""
    root = _parsed(Path(file), family)
    return _defined(root, symbol, family) if root is not None else ""


_MODULE_CALL: Final = re.compile(
    r"(?<![\w$.])(?P<module>[A-Za-z_]\w*)\s*\.\s*(?P<function>[A-Za-z_]\w*)\s*\("
)
"""A Python call of a function of a module by its imported name (``billing.start(``)."""
_MEMBER_CALL: Final = re.compile(
    r"(?<![\w$.])(?:this|self)\s*\.\s*(?P<member>[A-Za-z_$][\w$]*)\s*\.\s*"
    r"(?P<method>[A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*\("
)
"""A method called on an object the class holds (``this.priceRepo.findByProductId(``, a
service's injected repository; ``self.customers.get_or_create(``)."""
_CLASS_KINDS: Final = ("class_declaration", "class_definition", "class")
_METHOD_KINDS: Final = ("method_definition", "function_definition")


def member_class(call: SgNode, member: str, family: str) -> str | None:
    """The class of the object the class ``call`` is in holds as ``member``, as its
    declaration says (``private readonly repo: PriceRepository``, ``repo =
    PriceRepository.getInstance()``, ``self.repo = PriceRepository(...)``); None when it
    does not say."""
    owner = next((a for a in call.ancestors() if a.kind() in _CLASS_KINDS), None)
    if owner is None:
        return None
    body, word = owner.text(), re.escape(member)
    made = rf"(?<![\w$]){word}\s*(?::[^=;\n]+)?=\s*(?:new\s+)?([A-Z][\w$]*)\s*(?:\.\s*[\w$]+\s*)?\("
    typed = rf"(?<![\w$]){word}\s*[?!]?\s*:\s*([A-Z][\w$]*)\b(?!\s*[.<\[])"
    for pattern in (typed, made):
        found = re.search(pattern, body)
        if found is not None:
            return found.group(1)
    return None


def class_method(root: SgNode, owner: str, method: str, family: str) -> str:
    """The text of the method ``method`` of the class ``owner`` defined in ``root`` ("")."""
    for kind in _CLASS_KINDS:
        for cls in find_kind(root, kind):  # [] for a kind of another grammar
            if text(cls.field("name")) != owner:
                continue
            for fn_kind in _METHOD_KINDS:
                for fn in find_kind(cls, fn_kind):
                    if text(fn.field("name")) == method:
                        return fn.text()
    return ""


def _defined(root: SgNode, name: str, family: str) -> str:
    """The text of the function, method or function-valued ``const`` of ``root`` named
    ``name`` ("" when there is none)."""
    cache = file_cache(root)
    key = ("helper-reads-defined", family)
    table: dict[str, str] | None = cache.get(key)
    if table is None:
        table = cache[key] = _definitions(root, family)
    return table.get(name, "")


def _definitions(root: SgNode, family: str) -> dict[str, str]:
    return {name: texts[0] for name, texts in _bodies(root, family).items()}


def _imported(call: SgNode, name: str, family: str, path: str, method: str = "") -> str:
    """The text of the function ``name`` is imported as, from a file of the tree ("" when it
    cannot be found); with ``method``, of that method of the class ``name`` is imported as."""
    if not path:
        return ""
    written = context(call.get_root().root(), family, path).imports.get(name, "")
    module, _, symbol = written.partition("#")
    if not module or not symbol or symbol == "default":
        return ""
    if method:
        symbol = f"{symbol}.{method}"
    folder = str(Path(path).absolute().parent)
    found = imported_text(module, symbol, family, folder)
    record(("helper", module, symbol, family, folder, found))  # for the scan's cache
    return found


def _module_function(call: SgNode, name: str, function: str, family: str, path: str) -> str:
    """The text of ``function`` of the module of the tree imported as ``name`` (Python's
    ``from integrations import stripe_service`` or ``import integrations.stripe_service as
    stripe_service``); "" when ``name`` is no module of the tree or it has no such function."""
    if not path:
        return ""
    written = context(call.get_root().root(), family, path).imports.get(name, "")
    module, _, symbol = written.partition("#")
    if not module or symbol in ("*", "default"):
        return ""
    module = f"{module}/{symbol}" if symbol else module
    folder = str(Path(path).absolute().parent)
    found = imported_text(module, function, family, folder)
    record(("helper", module, function, family, folder, found))  # for the scan's cache
    return found


def imported_text(module: str, symbol: str, family: str, folder: str) -> str:
    """The text of the function ``symbol`` of the module ``module`` (a ``/``-path, see
    ``migrate/scan/module_paths.py``) imported from a file of ``folder``, as the tree holds it
    now ("" when there is none)."""
    files = module_files(module, family, folder)
    return next((found for file in files if (found := _in_file(file, symbol, family))), "")


def declarations(root: SgNode, family: str) -> dict[str, SgNode]:
    """The module's top-level declarations by name: functions, and the value of each
    ``const``/``let``/``var`` (exported or not; Python: each ``NAME = value``)."""
    out: dict[str, SgNode] = {}
    if family == "python":
        for stmt in root.named_children():
            inner = stmt.field("definition") if stmt.kind() == "decorated_definition" else stmt
            if inner is not None and inner.kind() in ("function_definition", "class_definition"):
                out.setdefault(text(inner.field("name")), inner)
            elif stmt.kind() == "expression_statement":
                for assign in stmt.named_children():
                    left, right = assign.field("left"), assign.field("right")
                    if assign.kind() == "assignment" and left is not None and right is not None:
                        out.setdefault(left.text(), right)
        return out
    for stmt in root.named_children():
        inner = stmt.field("declaration") if stmt.kind() == "export_statement" else stmt
        if inner is None:
            continue
        if inner.kind() in ("function_declaration", "generator_function_declaration"):
            out.setdefault(text(inner.field("name")), inner)
        elif inner.kind() in ("lexical_declaration", "variable_declaration"):
            for decl in inner.named_children():
                value = decl.field("value")
                if decl.kind() == "variable_declarator" and value is not None:
                    out.setdefault(text(decl.field("name")), value)
    return out


def module_files(module: str, family: str, folder: str) -> tuple[Path, ...]:
    """The files a module's ``/``-path may be, imported from a file of ``folder`` (a file of
    the tree, or a monorepo's workspace package)."""
    return _files(module, family, folder) or _workspace_files(module, family, folder)


def parsed(file: Path, family: str) -> SgNode | None:
    """The root of ``file`` parsed (cached by path and modification time; None: unreadable)."""
    return _parsed(file, family)


def _in_file(file: Path, symbol: str, family: str, depth: int = 0) -> str:
    """The text of ``symbol`` defined in ``file``, or in a module it re-exports it from
    (``export * from "./lib/stripe"``, ``export { f } from "./f"``: a package's index)."""
    root = _parsed(file, family)
    if root is None:
        return ""
    if "." in symbol:  # Class.method
        owner, _, method = symbol.partition(".")
        return class_method(root, owner, method, family)
    found = _defined(root, symbol, family)
    if found or family != "node" or depth >= 3:
        return found
    word = re.escape(symbol)
    for m in re.finditer(
        rf"export\s*(?:\*|\{{[^}}]*\b{word}\b[^}}]*\}})\s*from\s*[\"'](\.[^\"']*)[\"']", root.text()
    ):
        base = Path(posixpath.normpath(posixpath.join(str(file.parent), m.group(1))))
        for candidate in _with_suffixes(base, family):
            found = _in_file(candidate, symbol, family, depth + 1)
            if found:
                return found
    return ""


def _with_suffixes(base: Path, family: str) -> list[Path]:
    suffixes = (".py", "/__init__.py") if family == "python" else _SUFFIXES
    return [Path(str(base) + s) for s in ("", *suffixes) if Path(str(base) + s).is_file()]


WORKSPACE: Final = ("pnpm-workspace.yaml", "lerna.json", "turbo.json", "nx.json", "rush.json")
_SCOPED: Final = re.compile(r"^\*/(?P<package>@[\w.-]+/[\w.-]+)(?:/(?P<sub>.+))?$")


@functools.lru_cache(maxsize=256)
def _workspace_files(module: str, family: str, folder: str) -> tuple[Path, ...]:
    """The files a monorepo's workspace package (``@acme/billing``, ``@acme/billing/stripe``)
    is, imported from a file of ``folder``: the package folder whose package.json names it
    (under the workspace root's ``packages``, ``apps``, ``libs``), at its subpath or its entry
    (``exports["."]``, ``main``, ``src/index``)."""
    scoped = _SCOPED.match(module)
    if family != "node" or scoped is None:
        return ()
    package, sub = scoped.group("package"), scoped.group("sub") or ""
    top = Path(folder)
    for _ in range(10):
        if any((top / marker).exists() for marker in WORKSPACE) or top.parent == top:
            break
        top = top.parent
    else:
        return ()
    name = package.split("/", 1)[1]
    for group in ("packages", "apps", "libs", "modules"):
        home = top / group / name
        if _package_name(home / "package.json") != package:
            continue
        if sub:
            return tuple(
                f for b in (home / sub, home / "src" / sub) for f in _with_suffixes(b, family)
            )
        entries = [_entry(home / "package.json"), "src/index", "index"]
        return tuple(f for e in entries if e for f in _with_suffixes(home / e, family))
    return ()


def _package_name(file: Path) -> str:
    try:
        found = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(found.get("name", "")) if isinstance(found, dict) else ""


def _entry(file: Path) -> str:
    """A package's entry file as its package.json says (``exports["."]``, ``main``)."""
    try:
        found = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(found, dict):
        return ""
    exports = found.get("exports")
    entry = exports.get(".") if isinstance(exports, dict) else exports
    if isinstance(entry, dict):
        entry = entry.get("import") or entry.get("default") or entry.get("types")
    entry = entry if isinstance(entry, str) else found.get("main")
    return posixpath.normpath(entry) if isinstance(entry, str) else ""


@functools.lru_cache(maxsize=1024)
def _files(module: str, family: str, folder: str) -> tuple[Path, ...]:
    """The files a module's ``/``-path may be, imported from a file of ``folder`` (``*/lib/m``:
    under that folder and the ones above it, up to its package's root)."""
    suffixes = (".py", "/__init__.py") if family == "python" else _SUFFIXES
    if not module.startswith("*/"):
        bases = [Path(module)]
        if family == "python" and not module.startswith("/"):  # absolute: from a root above
            bases = [p / module for p in _folders(folder)]
    else:
        tail = module[2:]
        if tail.startswith("@"):  # a scoped package: not a file of the tree
            return ()
        bases = [d / sub / tail for d in _folders(folder) for sub in ("", "src")]
    if family == "node":  # ESM names the file as built: ``./coupon.js`` (``./coupon.ts`` in TS)
        suffixes = ("", *suffixes)
        bases += [b.with_suffix("") for b in bases if b.suffix in _BUILT]
    return tuple(
        Path(str(base) + suffix)
        for base in bases
        for suffix in suffixes
        if Path(str(base) + suffix).is_file()
    )


_BUILT: Final = frozenset({".js", ".mjs", ".cjs", ".jsx"})


def _folders(start: str) -> Iterator[Path]:
    folder = Path(start)
    for _ in range(_UP):
        yield folder
        if any((folder / marker).exists() for marker in ROOTS) or folder.parent == folder:
            return
        folder = folder.parent


_PARSED: dict[str, SgRoot | None] = {}
"""The helper files parsed, by path and modification time (the latest :data:`_KEPT`)."""
_KEPT: Final = 48
"""How many parsed helper files are kept: a parsed tree is about 200 KB of native memory, and
scans of dense trees asked of hundreds (256 were kept: 50 MB more for each process)."""
_LANGUAGE: Final = {
    ".ts": "typescript",
    ".tsx": "tsx",
    ".py": "python",
    ".rb": "ruby",
    ".php": "php",
}


def _parsed(file: Path, family: str) -> SgNode | None:
    try:
        key = f"{file}:{file.stat().st_mtime_ns}"  # a file changed since: read again
    except OSError:
        return None
    if key not in _PARSED:
        while len(_PARSED) >= _KEPT:  # the oldest first: each tree holds its native nodes
            del _PARSED[next(iter(_PARSED))]
        try:
            source = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            _PARSED[key] = None
        else:
            language = _LANGUAGE.get(file.suffix, "javascript")
            _PARSED[key] = SgRoot(source, language) if len(source) < 400_000 else None
    found = _PARSED[key]
    return found.root() if found is not None else None


def parsed_path(node: SgNode) -> str:
    """The file the tree of ``node`` was parsed from by :func:`parsed` ("" when it is none of
    them: the scanned file's own tree)."""
    tree = node.get_root()
    for key, root in _PARSED.items():
        if root is tree:
            return key.rsplit(":", 1)[0]
    return ""


_SIBLINGS: Final = 60
"""The most files of its language a folder may hold for :func:`sibling_text` to read them."""


def sibling_match(folder: str, name: str, family: str, own: str, pattern: str) -> str:
    """The name of the first other file of the scanned file's language in ``folder`` (not
    ``own``) where a function or method named ``name``, or a function of that file it calls
    (and so on), matches the regular expression ``pattern`` ("" when none does): what
    ``order.to_line_items()`` may run when the class of ``order`` lives in a file next to the
    call's (a Django app's models.py), which the call's file neither defines nor imports. The
    first folder (the call's, then the apps or model folders) where a file defines ``name``
    decides: another app's method of that name is another class's."""
    suffixes = _SOURCES.get(family)
    if suffixes is None:
        return ""
    wanted = re.compile(pattern)
    for place in [Path(folder), *_model_folders(Path(folder), family)]:
        try:
            files = sorted(
                f
                for f in place.iterdir()
                if f.suffix in suffixes and f.is_file() and f != Path(own).absolute()
            )
        except OSError:
            continue
        if len(files) > _SIBLINGS:
            continue
        defined = False  # the nearest folder that defines the method decides: no app beyond
        for file in files:
            root = _parsed(file, family)
            if root is None or name not in root.text():
                continue
            bodies = _bodies(root, family)
            defined = defined or name in bodies
            todo, seen = [name], set()
            while todo:
                current = todo.pop()
                if current in seen or current not in bodies:
                    continue
                seen.add(current)
                if any(wanted.search(b) for b in bodies[current]):
                    if place == Path(folder):
                        return file.name
                    return f"{place.parent.name}/{place.name}/{file.name}"
                todo.extend(_calls(bodies[current], bodies, family))
        if defined:
            return ""
    return ""


_SOURCES: Final = {
    "python": (".py",),
    "node": (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"),
    "ruby": (".rb",),
    "php": (".php",),
}
_MODELS: Final = ("models", "Models", "services", "Services", "Service", "Entity")
"""Where a Rails, Laravel or Symfony app keeps the classes its controllers call (``app/models``,
``app/Models``, service objects in ``app/services``, Symfony's ``src/Service`` and
``src/Entity``): ``order.stripe_line_items`` in a controller runs a method of one, loaded by its
class name or injected by type (no import of the file says where)."""


_APPS: Final = 30
"""The most folders a Python project may hold beside the call's for their apps to be read."""


def _model_folders(folder: Path, family: str) -> list[Path]:
    """The model folders of the Rails, Laravel or Symfony app ``folder`` (a controllers
    folder) is in; in Python, the app folders beside ``folder`` (a Django or FastAPI project's
    ``goods/`` beside ``orders/``: each a package holding a ``models.py``)."""
    if family == "python":
        try:
            beside = sorted(d for d in folder.parent.iterdir() if d.is_dir() and d != folder)
        except OSError:
            return []
        if len(beside) > _APPS:
            return []
        return [d for d in beside if (d / "models.py").is_file()]
    if family not in ("ruby", "php"):
        return []
    for up in [folder, *list(folder.parents)[:4]]:
        if up.name == "app" or (family == "php" and up.name == "src"):
            return [up / m for m in _MODELS if (up / m).is_dir() and up / m != folder]
    return []


def _calls(bodies: list[str], known: dict[str, list[str]], family: str) -> list[str]:
    """The functions of a file that ``bodies`` call (Ruby calls a method without parentheses:
    any of the file's method names written as a word)."""
    if family == "ruby":
        return [n for n in known if any(re.search(rf"(?<![\w.:]){n}\b", b) for b in bodies)]
    return [m.group("name") for b in bodies for m in CALLED.finditer(b)]


def _bodies(root: SgNode, family: str) -> dict[str, list[str]]:
    """The texts of the functions and methods of ``root`` by name (a name two classes define
    holds both)."""
    out: dict[str, list[str]] = {}
    for kind in _DEFINITIONS.get(family, _METHODS.get(family, ())):
        for node in root.find_all(kind=kind):
            value = node.field("value") if kind == "variable_declarator" else node
            if value is None or (
                kind == "variable_declarator"
                and value.kind() not in ("arrow_function", "function_expression", "function")
            ):
                continue
            name = text(node.field("name")) or next(  # Kotlin's is a child of no field
                (c.text() for c in node.children() if c.kind() == "simple_identifier"), ""
            )
            if name:
                out.setdefault(name, []).append(value.text())
    return out


__all__ = ["declarations", "helper_texts", "imported_text", "parsed_path", "sibling_match"]

"""The imports a Dodo call needs for the constants a params builder of another file reads
through its own module's imports (JavaScript/TypeScript, Python).

A real app keeps its plans in one module and builds the Checkout params in another:
``stripe.checkout.sessions.create(buildParams(plan, user))`` with ``buildParams`` in
``lib/checkout.ts``, which reads ``PLANS[plan].priceId`` with ``import { PLANS } from
"./plans"``. The follower reads the builder where the Stripe call is, and the table through the
builder's imports (``migrate/scan/imported_constants.py``): a literal plan is its price, a plan
known at run time stays the lookup ``PLANS[body.plan].priceId``. Written in the caller's file,
that names ``PLANS``, which the caller need not import: the Dodo call would not compile. Each
such name the Dodo call reads and the caller's file neither imports nor declares is imported
from the file that declares it, by a path from the caller's file: a line of the suggestion
(``// import { PLANS } from "../lib/plans";``, ``from shop.plans import PLANS``) and an import
``scan --fix`` adds (``CallSite.imports``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.deno import is_deno
from migrate.scan.helper_reads import declarations, module_files, parsed
from migrate.scan.imported_constants import exported
from migrate.scan.site import CallSite, related_finding
from migrate.scan.symbols import context, imports_of

_HEAD: Final = {"node": "// client:", "python": "# client:"}
_NOT_EXPORTED: Final = "X034"
"""A name the Dodo call imports from a module that does not export it (``mappings/code.yaml``)."""
_STRINGS: Final = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`[^`]*`')
"""A string literal: a name in its text is no use of the name."""
_HOLES: Final = re.compile(r"\{([^{}]*)\}")
"""What a template or f-string computes (``${path}``, ``{path}``): uses of names."""
_NODE_SUFFIXES: Final = (".ts", ".tsx", ".mts", ".cts")
"""TypeScript sources, imported without their suffix (``"../lib/plans"``)."""


def with_borrowed(
    site: CallSite,
    borrowed: Sequence[tuple[str, str, str, str]],
    root: SgNode,
    family: str,
    path: str,
) -> CallSite:
    """``site`` (in the file ``path``, whose tree is ``root``) with an import of each constant
    of ``borrowed`` (name, declaring file, its name there, module as the helper imports it)
    that its Dodo call names and the file lacks, in its suggestion and its ``imports``."""
    if not borrowed or not site.suggestion or family not in _HEAD:
        return site
    comment = _HEAD[family].split(" ")[0]
    code = "\n".join(x for x in site.suggestion.splitlines() if not x.startswith(comment))
    code = _STRINGS.sub(lambda m: f" {' '.join(_HOLES.findall(m.group(0)))} ", code)
    own = set(context(root, family, path).imports)
    if family == "python":  # imported in another function only: not bound where the call is
        own -= _local_imports(root, site.line)
    declared = declarations(root, family)
    statements: list[str] = []
    hidden: list[Finding] = []  # names imported from a module that does not export them
    for entry in dict.fromkeys(borrowed):
        name = entry[0]
        if name in own or name in declared:
            continue
        if not re.search(rf"(?<![\w$.]){re.escape(name)}(?![\w$])", code):
            continue
        statement = _statement(family, entry, path)
        if statement and statement not in statements:
            statements.append(statement)
            if family == "node" and entry[1] and not _exported_by(entry[1], entry[2]):
                where = posixpath.relpath(Path(entry[1]).absolute().as_posix(), _folder(path))
                hidden.append(related_finding(_NOT_EXPORTED, name=entry[2], file=where))
    if not statements:
        return site
    if hidden:
        site = replace(site, findings=(*site.findings, *hidden))
    lines = site.suggestion.split("\n")
    shown = [f"// {s}" if family == "node" else s for s in statements]
    kept = [(s, x) for s, x in zip(statements, shown, strict=True) if x not in lines]
    if not kept:  # each already a line of it (Python's import os, for an env read)
        return site
    statements, shown = [s for s, _ in kept], [x for _, x in kept]
    at = 1 if lines and lines[0].startswith(_HEAD[family]) else 0
    suggestion = "\n".join([*lines[:at], *shown, *lines[at:]])
    return replace(site, suggestion=suggestion, imports=(*site.imports, *statements))


_PY_FUNCTIONS: Final = frozenset({"function_definition", "lambda"})
_IMPORTED: Final = re.compile(r"(?:^|,)\s*([\w.]+)(?:\s+as\s+(\w+))?\s*(?=,|$)")


def _local_imports(root: SgNode, line: int) -> set[str]:
    """The names a Python file imports only inside functions that do not hold ``line`` (1-based):
    ``from config import FRONTEND_URL`` in one view binds nothing in another."""
    inside: set[str] = set()
    bound_here: set[str] = set()
    for kind in ("import_from_statement", "import_statement"):
        for node in root.find_all(kind=kind):
            text = " ".join(node.text().replace("\\\n", " ").split())
            listed = text.split(" import ", 1)[1] if kind == "import_from_statement" else text[7:]
            listed = listed.strip("() ")
            names = {
                m[2] or (m[1] if kind == "import_from_statement" else m[1].split(".")[0])
                for m in _IMPORTED.finditer(listed)
            }
            function = next((a for a in node.ancestors() if a.kind() in _PY_FUNCTIONS), None)
            if function is None:
                bound_here |= names
                continue
            rng = function.range()
            holds = rng.start.line + 1 <= line <= rng.end.line + 1
            (bound_here if holds else inside).update(names)
    return inside - bound_here


def wrapper_names(site: CallSite, wrapper_file: str, call: SgNode) -> CallSite:
    """``site`` (at a call of a JavaScript/TypeScript or Python wrapper defined in
    ``wrapper_file``) with an import of each name the wrapper's module imports or declares that
    its Dodo call names and the call's file lacks (a wrapper's ``return_url:
    buildReturnUrl(path)``, ``buildReturnUrl`` imported from ``./return-url``; a helper of the
    wrapper's own module, ``success_url=_billing_site_url(customer)``, imported from it)."""
    family = "python" if site.language == "python" else "node"
    if site.language not in _LANGUAGES or not wrapper_file or wrapper_file == site.file:
        return site
    wrapper_file = str(Path(wrapper_file).absolute())  # its modules as files, not packages
    root = parsed(Path(wrapper_file), family)
    if root is None:
        return site
    folder = str(Path(wrapper_file).parent)
    borrowed = []
    for name, written in imports_of(root, family, wrapper_file).items():
        module, _, symbol = written.partition("#")
        if module.startswith("*/"):  # a package or an alias path: as the wrapper writes it
            spec = _specifier(root.text(), name)
            if spec:
                borrowed.append((name, "", symbol, f"*/{spec}"))
            continue
        files = module_files(module, family, folder) if module.startswith("/") else ()
        if module.startswith("/") and not files:
            continue  # a file of the tree that cannot be found: no path to write
        borrowed.append((name, str(files[0]) if files else "", symbol, module))
    # the functions, classes and constants the wrapper's module declares itself (a private
    # ``_billing_site_url(customer)`` the params call), but a name the caller's code already
    # uses there (its own local or parameter of that name)
    used = set(_WORD.findall(_top_statement(call).text()))
    mine = "/" if family == "python" else ""
    for name in declarations(root, family):
        if _WORD.fullmatch(name) and name not in used:
            borrowed.append((name, wrapper_file, name, mine))
    return with_borrowed(site, borrowed, call.get_root().root(), family, site.file)


_WORD: Final = re.compile(r"[A-Za-z_$][\w$]*")


def _top_statement(node: SgNode) -> SgNode:
    """The statement of the module ``node`` is in (the function or class around it)."""
    top = node
    for ancestor in node.ancestors():
        if ancestor.parent() is None:
            break
        top = ancestor
    return top


def _specifier(source: str, name: str) -> str:
    """The specifier of the ES import or ``require`` that binds ``name`` in ``source`` ("" when
    none does, or a relative one)."""
    word = re.escape(name)
    found = re.search(
        rf"""import\s[^;'"]*?(?<![\w$]){word}(?![\w$])[^;'"]*?from\s*["']([^"']+)["']"""
        rf"""|(?<![\w$]){word}(?![\w$])[^;=\n]*=\s*require\(\s*["']([^"']+)["']""",
        source,
    )
    spec = (found.group(1) or found.group(2)) if found is not None else ""
    return "" if spec.startswith(".") else spec


_LANGUAGES: Final = frozenset({"python", "javascript", "typescript", "tsx"})


def _statement(family: str, entry: tuple[str, str, str, str], path: str) -> str:
    """The import in the file ``path`` of a name ``entry`` gives (its name, the file declaring
    it, "" for a package's, its name there, the module as the helper imports it)."""
    name, file, symbol, module = entry
    if symbol in ("", "*"):  # Python's import uuid; a namespace import
        return f"import {module.replace('/', '.')}" if family == "python" and name == module else ""
    named = symbol if symbol == name else f"{symbol} as {name}"
    here = Path(path).absolute().parent
    if family == "node":
        if not file:  # a package: "*/nanoid"
            spec = module.removeprefix("*/")
        else:
            target = Path(file).absolute()
            spec = posixpath.relpath(target.as_posix(), here.as_posix())
            if target.suffix in _NODE_SUFFIXES and not _deno(path):
                spec = spec[: -len(target.suffix)]
                spec = spec.removesuffix("/index")
            spec = spec if spec.startswith(".") else f"./{spec}"
        if symbol == "default":
            return f'import {name} from "{spec}";'
        return f'import {{ {named} }} from "{spec}";'
    if not file:
        return f"from {module.replace('/', '.')} import {named}" if module else ""
    target = Path(file).absolute()
    # an absolute import as the helper wrote it; a relative one by the file's package path
    dotted = module.replace("/", ".") if not module.startswith("/") else _package_path(target)
    if not dotted:
        dotted = _relative(target, here)
    return f"from {dotted} import {named}" if dotted else ""


def _folder(path: str) -> str:
    return Path(path).absolute().parent.as_posix()


def _exported_by(file: str, name: str) -> bool:
    """Whether the JavaScript/TypeScript file ``file`` exports its top-level ``name`` (one it
    cannot read is taken to)."""
    root = parsed(Path(file), "node")
    return root is None or exported(root, name)


def _deno(path: str) -> bool:
    """Whether the file ``path`` runs on Deno (its imports name a file with its suffix)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return is_deno(path, text)


def _package_path(target: Path) -> str:
    """``shop.plans`` for ``shop/plans.py`` in the package ``shop`` (each folder up holding an
    ``__init__.py``); "" when the file's folder is no package."""
    parts = [] if target.name == "__init__.py" else [target.stem]
    folder = target.parent
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        parts.insert(0, folder.name)
        folder = folder.parent
    return ".".join(parts) if len(parts) > (0 if target.name == "__init__.py" else 1) else ""


def _relative(target: Path, here: Path) -> str:
    """A relative import of ``target`` from a module of the folder ``here`` ("" when it is not
    below a folder above ``here``)."""
    rel = posixpath.relpath(target.parent.as_posix(), here.as_posix())
    ups = 0 if rel == "." else len([p for p in rel.split("/") if p == ".."])
    down = [p for p in rel.split("/") if p not in ("..", ".")]
    if rel.split("/")[ups:] != down:
        return ""
    stem = [] if target.name == "__init__.py" else [target.stem]
    return "." * (ups + 1) + ".".join([*down, *stem])


__all__ = ["with_borrowed", "wrapper_names"]

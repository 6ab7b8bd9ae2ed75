"""The packages (Go) and classes (Java, Kotlin) a call of a wrapper's Dodo code names through
the wrapper's own imports.

A wrapper's values are written at its call in the caller's terms, and the wrapper's expressions
name the packages its file imports (``strconv.Itoa(user.ID)``, ``decimal.NewFromInt(100)``):
the caller's file need not import them, and Go does not compile a name of a package a file does
not import. Those the caller's file does not import are added to the suggestion's ``//
imports:`` line, as the wrapper's file imports them (read in a public Go repository: a
wrapper's line items computed with ``shopspring/decimal`` at a handler that does not import
it).

Java and Kotlin alike: a wrapper's value or statement written at a caller of another package
names a class the wrapper's file imports (``long amount = Pricing.toCents(price);`` with ``import
shop.money.Pricing;``), which the caller's file may not import; javac refuses the name. Each class
so named that the caller's file neither imports, defines, nor has in its package or a package it
imports whole is added to the suggestion's ``// imports:`` lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.borrowed_imports import wrapper_names
from migrate.scan.nodes import of_kind
from migrate.scan.site import CallSite
from migrate.scan.symbols import context

_BLOCK: Final = re.compile(r"^import\s*\((?P<body>.*?)^\)", re.MULTILINE | re.DOTALL)
_ONE: Final = re.compile(r'^import\s+(?P<spec>(?:[\w.]+\s+)?"[^"\n]+")', re.MULTILINE)
_SPEC: Final = re.compile(r'^\s*(?:(?P<alias>[\w.]+)\s+)?"(?P<path>[^"\n]+)"', re.MULTILINE)
_USED: Final = re.compile(r"(?<![\w.\"])([A-Za-z_]\w*)\.[A-Za-z_]")


def _name(path: str) -> str:
    """The name a package is used by when imported without an alias."""
    if re.fullmatch(r"github\.com/stripe/stripe-go(?:/v\d+)?", path):
        return "stripe"
    return re.sub(r"/v\d+$", "", path).rsplit("/", 1)[-1]


def _imports(text: str) -> dict[str, str]:
    """A Go file's imports: the name each package is used by -> its path."""
    specs = [b.group("body") for b in _BLOCK.finditer(text)]
    specs += [m.group("spec") for m in _ONE.finditer(text)]
    out: dict[str, str] = {}
    for chunk in specs:
        for spec in _SPEC.finditer(chunk):
            path = spec.group("path")
            out[spec.group("alias") or _name(path)] = path
    return out


def with_wrapper_imports(site: CallSite, wrapper_file: str, call: SgNode) -> CallSite:
    """``site`` (at a call of a wrapper) with the packages its Go suggestion's code names
    through the wrapper's file's imports that the call's file does not import added to the
    suggestion's ``// imports:`` line (Java, Kotlin: :func:`_with_classes`)."""
    text = site.suggestion
    if site.language in ("python", "javascript", "typescript", "tsx"):  # its module's names
        return wrapper_names(site, wrapper_file, call)
    if not text or not text.startswith("// imports: "):
        return site
    if site.language in ("java", "kotlin"):
        return _with_classes(site, text, wrapper_file, call)
    if site.language != "go":
        return site
    try:
        theirs = _imports(Path(wrapper_file).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return site
    mine = set()
    for spec in of_kind(call.get_root().root(), "import_spec"):
        path, alias = spec.field("path"), spec.field("name")
        written = path.text().strip('"`') if path is not None else ""
        mine.add(alias.text() if alias is not None else _name(written))
    head, _, body = text.partition("\n")
    listed = set(re.findall(r'"([^"]+)"', head))
    more = []
    for used in sorted(set(_USED.findall(body)) - mine):
        found = theirs.get(used)
        if found is None or found in listed:
            continue
        more.append(f'"{found}"' if _name(found) == used else f'{used} "{found}"')
    if not more:
        return site
    return replace(site, suggestion=head + "".join(f", {m}" for m in more) + "\n" + body)


_JVM_IMPORT: Final = re.compile(
    r"^[ \t]*import[ \t]+([A-Za-z_][\w.]*[\w])(?:[ \t]+as[ \t]+([A-Za-z_]\w*))?[ \t]*;?[ \t]*$",
    re.MULTILINE,
)
"""A Java or Kotlin import of one class (not ``static``, not ``.*``), with a Kotlin alias."""
_STRINGS: Final = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|//[^\n]*')
_CLASS: Final = re.compile(r"(?<![\w.$])([A-Z]\w*)")


def _with_classes(site: CallSite, text: str, wrapper_file: str, call: SgNode) -> CallSite:
    """A Java or Kotlin ``site`` with the classes its suggestion names through the wrapper's
    file's imports, that the call's file does not see, added to its ``// imports:`` lines."""
    lines = text.split("\n")
    last = 0
    while lines[last].endswith(",") and last + 1 < len(lines):  # Kotlin's go on
        last += 1
    used = set(_CLASS.findall(_STRINGS.sub(" ", "\n".join(lines[last + 1 :]))))
    if not used:
        return site
    try:
        theirs = Path(wrapper_file).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return site
    root = call.get_root().root()
    ctx = context(root, site.language, site.file)
    mine = root.text()
    more = []
    for found in _JVM_IMPORT.finditer(theirs):
        full, alias = found.group(1), found.group(2)
        name = alias or full.rsplit(".", 1)[-1]
        if name not in used or name in ctx.imports or full.startswith("static"):
            continue
        package = full.rpartition(".")[0]
        if package == ctx.namespace or package in ctx.uses:
            continue
        if re.search(rf"\b(?:class|interface|object|enum|record)\s+{re.escape(name)}\b", mine):
            continue  # the caller's own class of that name
        more.append(f"{full} as {alias}" if alias else full)
    if not more:
        return site
    lines[last] += "".join(f", {m}" for m in more)
    return replace(site, suggestion="\n".join(lines))

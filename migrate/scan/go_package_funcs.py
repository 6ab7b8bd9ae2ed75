"""A Go function of another package of the module (or another file of the same package) that a
value's code calls, read as text.

A Go shop often builds its line items in a package of its own
(``lineItems := product.ConvertToStripeLineItems(cart.Items)`` with the ``product`` package
imported from the module, or ``buildLines(cart)`` in another file of the handler's package),
which the scanner, reading one file, does not see. :func:`go_function_match` finds the function
an expression names there: ``pkg.Func(`` through the file's imports (only the module's own
packages: the import path under the ``go.mod`` module path), or a bare ``Func(`` the file does
not define, in the other files of its folder; and says whether its body, or a function of the
same package it calls, matches a pattern (the inline prices of RT015,
``migrate/scan/inline_lines.py``).

Text only: a function is ``func Name(`` (or a method ``func (r *T) Name(``) and its body up to
the matching brace.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from migrate.scan.symbols import go_mod_of
from migrate.scan.tree_constants import record

_IMPORTS: Final = re.compile(r"^import\s*(?:\((?P<block>.*?)^\)|(?P<one>[^\n]+))", re.M | re.S)
_ENTRY: Final = re.compile(r'(?:(?P<alias>[A-Za-z_]\w*|\.)\s+)?"(?P<path>[^"]+)"')
_MODULE: Final = re.compile(r"^\s*module\s+\"?([^\s\"]+)", re.MULTILINE)
_QUALIFIED: Final = re.compile(r"\b([a-z_]\w*)\s*\.\s*([A-Z]\w*)\s*\(")
_BARE: Final = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\s*\(")
_CALLED: Final = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
"""A function or method a body calls (``line(it)``, ``(*products)[i].ToStripeLine()``): followed
when the package defines one of that name."""
_KEYWORDS: Final = frozenset(
    {"func", "if", "for", "switch", "return", "append", "make", "len", "new", "string", "int"}
    | {"int64", "float64", "map", "range", "go", "defer", "select", "cap", "copy", "panic"}
)
_DEPTH: Final = 6
_MAX_FILES: Final = 80


def go_function_match(file: str, texts: list[str], own_text: str, pattern: str) -> tuple[str, str]:
    """For the Go file ``file`` (its text ``own_text``), the first function ``texts`` call that
    another file of the module defines, in a package the file imports from its module
    (``pkg.Func``) or in its own package (``Func``), whose body (or a function of the same
    package it calls, and so on) matches ``pattern``: its name as written and the name of the
    file defining it; ``("", "")`` when none does."""
    folder = Path(file).absolute().parent
    imports = _module_imports(own_text, folder)
    own_defs = set(re.findall(r"^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(", own_text, re.M))
    for text in texts:
        for alias, name in _QUALIFIED.findall(text):
            place = imports.get(alias)
            if place is not None:
                found = package_match(str(place), name, pattern, "")
                if found:
                    return f"{alias}.{name}", found
        for name in dict.fromkeys(_BARE.findall(text)):
            if name in _KEYWORDS or name in own_defs:
                continue
            found = package_match(str(folder), name, pattern, str(Path(file).absolute()))
            if found:
                return name, found
    return "", ""


def package_match(folder: str, name: str, pattern: str, own: str) -> str:
    """The name of the first Go file of ``folder`` (not ``own``) defining the function ``name``
    whose body, or a function of the package it calls (and so on), matches ``pattern``; ""
    when none does. Asked once per scan and question (the scan's cache keeps the answer)."""
    answer = _package_match(folder, name, pattern, own)
    record(("gofunc", folder, name, pattern, own, answer))
    return answer


def _package_match(folder: str, name: str, pattern: str, own: str) -> str:
    try:
        files = sorted(
            f
            for f in Path(folder).iterdir()
            if f.suffix == ".go" and not f.name.endswith("_test.go") and str(f) != own
        )
    except OSError:
        return ""
    if len(files) > _MAX_FILES:
        return ""
    texts: dict[Path, str] = {}
    for f in files:
        try:
            texts[f] = f.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    wanted = re.compile(pattern)
    for f, text in texts.items():
        if _body(text, name) is None:
            continue
        todo: list[str] = [name]
        seen: set[str] = set()
        while todo and len(seen) < _DEPTH * 4:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            body = next((b for t in texts.values() if (b := _body(t, current)) is not None), "")
            if wanted.search(body):
                return f.name
            todo.extend(n for n in _CALLED.findall(body) if n not in _KEYWORDS)
    return ""


def _body(text: str, name: str) -> str | None:
    """The body of the function (or method) ``name`` that ``text`` defines, None when none."""
    head = re.search(rf"^func\s+(?:\([^)]*\)\s*)?{re.escape(name)}\s*\(", text, re.M)
    if head is None:
        return None
    start = text.find("{\n", head.end())
    if start < 0:
        return None
    depth, at = 1, start + 1
    while at < len(text) and depth:
        depth += 1 if text[at] == "{" else -1 if text[at] == "}" else 0
        at += 1
    return text[start:at]


def _module_imports(text: str, folder: Path) -> dict[str, Path]:
    """The packages of the file's own module it imports, by the name the file calls them
    (their alias, else the import path's last element), as folders."""
    found = go_mod_of(folder)
    if found is None:
        return {}
    base, mod_text = found
    module = _MODULE.search(mod_text)
    if module is None:
        return {}
    prefix = module.group(1).rstrip("/") + "/"
    out: dict[str, Path] = {}
    for block in _IMPORTS.finditer(text):
        for entry in _ENTRY.finditer(block.group("block") or block.group("one") or ""):
            path = entry.group("path")
            if not path.startswith(prefix):
                continue
            alias = entry.group("alias") or path.rsplit("/", 1)[-1]
            if alias not in ("_", "."):
                out[alias] = base / path.removeprefix(prefix)
    return out


__all__ = ["go_function_match", "package_match"]

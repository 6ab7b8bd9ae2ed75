"""String constants the other files of a scanned tree declare, for a qualified name the file
being read does not declare (bitwarden's ``StripeConstants.MetadataKeys.UserId`` lives in
``StripeConstants.cs``, its checkout command in another file).

Read once per scan and language, and only when a file names a constant it does not declare:
the tree's files of that language are searched as text for ``const``/``readonly`` (C#),
``final`` (Java) and ``const val`` (Kotlin) string fields written as a plain literal, with the
classes each file declares. A name ``A.B.C`` is the value of the fields ``C`` of files that
declare a class (or object) ``B``, when they all say the same; anything else stays a run-time
value. Go's are read by :func:`go_constant`: a top-level ``const`` string (one, or in a ``const
( ... )`` block) of a file of the same folder (package), or an exported one of the package an
import names. :func:`use_tree` is set by the scan of a tree (``migrate/scan/scan.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from migrate.scan.classes import typed_as

_SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "csharp": (".cs",),
    "java": (".java",),
    "kotlin": (".kt", ".kts"),
}
_STRING: Final = r'"((?:[^"\\\n]|\\["\\])*)"'
_FIELDS: Final[dict[str, re.Pattern[str]]] = {
    "csharp": re.compile(r"\b(?:const|readonly)\b[^;=(){}\n]*?\bstring\s+(\w+)\s*=\s*" + _STRING),
    "java": re.compile(r"\bfinal\b[^;=(){}\n]*?\bString\s+(\w+)\s*=\s*" + _STRING),
    "kotlin": re.compile(r"\bconst\s+val\s+(\w+)\s*(?::\s*String\s*)?=\s*" + _STRING),
}
_CLASSES: Final = re.compile(r"\b(?:class|interface|struct|record|object|enum)\s+(\w+)")
MAX_BYTES: Final = 1 << 20
"""Larger files are not searched (generated code, bundles)."""

_TREE: list[tuple[str, ...]] = []
_FOUND: dict[str, dict[str, list[tuple[frozenset[str], str]]]] = {}
"""Per language: by field name, the classes of each declaring file and the value."""


def use_tree(paths: Iterable[str]) -> None:
    """The files of the tree being scanned (none: only a file's own constants count)."""
    _TREE[:] = [tuple(paths)]
    _FOUND.clear()
    _GO_FOUND.clear()
    _GO_VARS.clear()
    _GO_PACKAGES.clear()


def tree() -> tuple[str, ...]:
    """The files of the tree being scanned (the same tuple until the next scan)."""
    return _TREE[0] if _TREE else ()


def texts(wanted: Callable[[str], bool]) -> Iterator[tuple[Path, str]]:
    """The text of each file of the tree whose path is ``wanted`` (see :func:`_texts`)."""
    return _texts(wanted)


_WATCH: list[list[tuple[object, ...]]] = []
"""Where the questions asked of the tree go while a file is scanned for the scan's cache
(``migrate/scan/scan_cache.py``), with their answers."""


def watch(asked: list[tuple[object, ...]] | None) -> None:
    """Keep each question asked of the tree's constants, and its answer, in ``asked`` (None:
    stop)."""
    _WATCH[:] = [] if asked is None else [asked]


def record(question: tuple[object, ...]) -> None:
    """Keep a question another module asked of the files around the scanned ones, with its
    answer (last), while :func:`watch` is on."""
    if _WATCH:
        _WATCH[0].append(question)


def ask(kind: str, args: tuple[Any, ...]) -> str | None:
    """The answer the tree gives now to a question :func:`watch` kept."""
    if kind == "gotyped":
        path, receiver, owner = args
        return go_package_typed(path, receiver, owner)
    if kind == "constant":
        parts, family = args
        return tree_constant(list(parts), family)
    if kind == "goinit":
        name, folder = args
        return go_initial(name, folder)
    name, folder, import_path = args
    return go_constant(name, folder=folder, import_path=import_path)


def tree_constant(parts: list[str], family: str) -> str | None:
    """The value of ``A.B.C`` (``parts``) declared by a file of the tree, if one is certain."""
    if len(parts) < 2 or not parts[0][:1].isupper() or family not in _FIELDS:
        return None
    found = _FOUND.get(family)
    if found is None:
        found = _FOUND[family] = _read(family)
    values = {value for owners, value in found.get(parts[-1], []) if parts[-2] in owners}
    answer = values.pop() if len(values) == 1 else None
    if _WATCH:
        _WATCH[0].append(("constant", tuple(parts), family, answer))
    return answer


def _texts(wanted: Callable[[str], bool]) -> Iterator[tuple[Path, str]]:
    """The text of each file of the tree whose path is ``wanted`` (not too big, readable: the
    scan reports the others)."""
    for path in _TREE[0] if _TREE else ():
        if not wanted(path):
            continue
        try:
            file = Path(path)
            if file.stat().st_size > MAX_BYTES:
                continue
            yield file, file.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue


def _read(family: str) -> dict[str, list[tuple[frozenset[str], str]]]:
    out: dict[str, list[tuple[frozenset[str], str]]] = {}
    suffixes = _SUFFIXES[family]
    pattern = _FIELDS[family]
    for _, text in _texts(lambda path: path.lower().endswith(suffixes)):
        fields = pattern.findall(text)
        if not fields:
            continue
        owners = frozenset(_CLASSES.findall(text))
        for name, raw in fields:
            out.setdefault(name, []).append((owners, raw.replace('\\"', '"').replace("\\\\", "\\")))
    return out


# -- Go ---------------------------------------------------------------------------------------

_GO_STRING: Final = r'(?:"(?P<quoted>(?:[^"\\\n]|\\.)*)"|`(?P<raw>[^`]*)`)'
_GO_SPEC: Final = rf"(?P<name>[A-Za-z_]\w*)(?:\s+[\w.]+)?\s*=\s*{_GO_STRING}\s*(?://[^\n]*)?$"
_GO_ONE: Final = re.compile(rf"^const\s+{_GO_SPEC}", re.MULTILINE)
_GO_BLOCK: Final = re.compile(r"^const\s*\((?P<body>.*?)^\)", re.MULTILINE | re.DOTALL)
_GO_VAR_ONE: Final = re.compile(rf"^var\s+{_GO_SPEC}", re.MULTILINE)
_GO_VAR_BLOCK: Final = re.compile(r"^var\s*\((?P<body>.*?)^\)", re.MULTILINE | re.DOTALL)
_GO_ENTRY: Final = re.compile(rf"^\s*{_GO_SPEC}", re.MULTILINE)
_GO_ESCAPES: Final = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}
_GO_FOUND: list[dict[str, list[tuple[str, str]]]] = []
"""By constant name, each declaring file's folder and the value (read once per scan)."""
_GO_VARS: list[dict[str, list[tuple[str, str]]]] = []
"""The same for the package variables a string literal starts (``var ( successPath = "..." )``)."""


def go_constant(name: str, *, folder: str = "", import_path: str = "") -> str | None:
    """The value of a Go string constant of the tree declared at the top level of a file of
    ``folder`` (the package of the file that reads it), or, for an exported one, of the
    package an import path names (its folder's last segments are the path's), when the files
    that can declare it all say the same; None otherwise."""
    if not _GO_FOUND:
        _GO_FOUND.append(_read_go())
    if import_path:
        if not name[:1].isupper():
            return None
        wanted = re.sub(r"/v\d+$", "", import_path.strip("/")).split("/")
        folders = {f for f, _ in _GO_FOUND[0].get(name, []) if _go_folder(wanted, f)}
    elif folder:
        folders = {folder}
    else:
        return None
    values = {v for f, v in _GO_FOUND[0].get(name, []) if f in folders}
    answer = values.pop() if len(values) == 1 else None
    if _WATCH:
        _WATCH[0].append(("go", name, folder, import_path, answer))
    return answer


def _go_folder(wanted: list[str], folder: str) -> bool:
    """Whether an import path's segments name a folder: their last two (or one, for a
    one-segment path or folder) agree."""
    have = folder.strip("/").split("/")
    size = min(2, len(wanted), len(have))
    return size > 0 and wanted[-size:] == have[-size:]


def go_initial(name: str, folder: str) -> str | None:
    """The string a Go package (the files of ``folder``) starts ``name`` with: a constant's
    value, or a package variable's first (a URL path kept in a ``var ( ... )`` block) when
    no constant has the name; None unless every declaring file says the same."""
    found = go_constant(name, folder=folder)
    if found is not None:
        return found
    if not _GO_VARS:
        _GO_VARS.append(_read_go(_GO_VAR_ONE, _GO_VAR_BLOCK, "var"))
    values = {v for f, v in _GO_VARS[0].get(name, []) if f == folder}
    answer = values.pop() if len(values) == 1 else None
    if _WATCH:
        _WATCH[0].append(("goinit", name, folder, answer))
    return answer


def _read_go(
    one: re.Pattern[str] = _GO_ONE, blocks: re.Pattern[str] = _GO_BLOCK, word: str = "const"
) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for file, text in _texts(lambda path: path.endswith(".go") and not path.endswith("_test.go")):
        if word not in text:
            continue
        folder = file.parent.as_posix()
        found = list(one.finditer(text))
        for block in blocks.finditer(text):
            found += _GO_ENTRY.finditer(block.group("body"))
        for match in found:
            raw = match.group("raw")
            value = raw if raw is not None else _go_unquote(match.group("quoted"))
            if value is not None:
                out.setdefault(match.group("name"), []).append((folder, value))
    return out


def _go_unquote(body: str) -> str | None:
    """A Go interpreted string's value (simple escapes only; None for others)."""
    out: list[str] = []
    at = 0
    while at < len(body):
        char = body[at]
        if char == "\\":
            escaped = _GO_ESCAPES.get(body[at + 1 : at + 2])
            if escaped is None:
                return None
            out.append(escaped)
            at += 2
            continue
        out.append(char)
        at += 1
    return "".join(out)


_GO_PACKAGES: dict[str, list[tuple[str, str]]] = {}
"""By folder, each Go file of the tree in it (not a test's) and its text (read once per scan)."""


def go_package_typed(path: str, receiver: str, owner: str) -> str | None:
    """The type (as written: ``domain.Provider``) another Go file of the package of ``path``
    declares the name ``receiver`` with (a struct's field, a package variable), when it is
    ``owner`` (:func:`~migrate.scan.classes.typed_as`): the struct a method's receiver is is
    often declared in another file than the method (``app.go`` and ``handlers.go``)."""
    folder = Path(path).parent.as_posix()
    if folder not in _GO_PACKAGES:
        _GO_PACKAGES[folder] = [
            (file.as_posix(), text)
            for file, text in _texts(
                lambda p: (
                    p.endswith(".go")
                    and not p.endswith("_test.go")
                    and Path(p).parent.as_posix() == folder
                )
            )
        ]
    answer = None
    for file, text in _GO_PACKAGES[folder]:
        if file != Path(path).as_posix() and receiver in text:
            answer = typed_as(receiver, owner, text)
            if answer is not None:
                break
    if _WATCH:
        _WATCH[0].append(("gotyped", path, receiver, owner, answer))
    return answer

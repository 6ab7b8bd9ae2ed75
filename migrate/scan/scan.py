"""Walk files and folders, find Checkout Session creation calls, and translate each one.

A file is parsed only when its bytes contain every ``PREFILTER`` word; folders are walked in
sorted order, skipping hidden folders, ``node_modules``, ``vendor`` and virtualenvs. Problems
(an unreadable file, a missing path) are recorded in ``ScanStats`` as one-line messages; the
scan goes on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode, SgRoot

from migrate.findings import Level
from migrate.scan.extract import Dynamic, extract_call, without_dynamic
from migrate.scan.patterns import PREFILTER, Language, callee_matches, language_for
from migrate.sources.base import Format, SourceRef
from migrate.translate import Options, Translation, translate_params

SKIPPED_DIRS: Final = frozenset(
    {
        "node_modules",
        "bower_components",
        "vendor",
        "venv",
        "virtualenv",
        "site-packages",
        "__pycache__",
    }
)
"""Folders never searched (hidden folders and virtualenvs, found by ``pyvenv.cfg``, neither)."""

CODE_FORMAT: Final[Format] = "code"
"""The ``SourceRef.format`` of a call site (not yet one of ``sources.base.Format``'s values)."""


@dataclass(frozen=True, slots=True)
class CallSite:
    """One Checkout Session creation call: where, what it passes, and the Dodo equivalent.

    ``line`` and ``column`` are 1-based; ``params`` holds ``{"$dynamic": source}`` markers for
    run-time values, which are left out of the ``translation``; ``suggestion`` is the Dodo SDK
    call in the same language."""

    file: str
    line: int
    column: int
    language: str
    callee: str
    params: dict[str, Any]
    dynamic: tuple[Dynamic, ...]
    translation: Translation
    suggestion: str
    source_line: str

    def label(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, Any]:
        result = self.translation.as_dict()
        result.pop("source", None)
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "language": self.language,
            "callee": self.callee,
            "params": self.params,
            "dynamic": [d.as_dict() for d in self.dynamic],
            **result,
            "suggestion": self.suggestion,
        }


@dataclass
class ScanStats:
    """What a scan looked at: files considered, parsed (passed the prefilter), and problems."""

    files: int = 0
    parsed: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "parsed": self.parsed, "problems": list(self.problems)}


def scan_paths(
    paths: Iterable[str], *, stats: ScanStats | None = None, options: Options | None = None
) -> Iterator[CallSite]:
    """Every creation call in ``paths`` (files or folders), file by file, in source order."""
    stats = stats if stats is not None else ScanStats()
    for path, language in _files(paths, stats):
        stats.files += 1
        yield from scan_file(path, language, stats=stats, options=options)


def scan_file(
    path: str,
    language: Language,
    *,
    stats: ScanStats | None = None,
    options: Options | None = None,
) -> Iterator[CallSite]:
    """The creation calls in one file (nothing when it fails the byte prefilter)."""
    stats = stats if stats is not None else ScanStats()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        stats.problems.append(f"{path}: cannot read: {exc.strerror or exc}")
        return
    if not all(word in data for word in PREFILTER):
        return
    stats.parsed += 1
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    yield from scan_source(text, path, language, options=options)


def scan_source(
    text: str, path: str, language: Language, *, options: Options | None = None
) -> Iterator[CallSite]:
    """The creation calls in ``text`` (already read), in source order."""
    root = SgRoot(text, language.name).root()
    lines = text.splitlines()
    found: list[tuple[int, SgNode, Any]] = []
    for call in language.calls:
        for node in root.find_all(pattern=call.pattern):
            callee = node.field("function")
            if callee is None or not callee_matches(call, callee.text()):
                continue
            found.append((node.range().start.index, node, call))
    found.sort(key=lambda f: f[0])
    for _, node, call in found:
        start = node.range().start
        extracted = extract_call(node, call, language.family)
        line = start.line + 1
        source = SourceRef(path, CODE_FORMAT, line=line)
        translation = _static_view(
            translate_params(without_dynamic(extracted.params), source, options), extracted.dynamic
        )
        yield CallSite(
            file=path,
            line=line,
            column=start.column + 1,
            language=language.name,
            callee=_flat(_text(node.field("function"))),
            params=extracted.params,
            dynamic=extracted.dynamic,
            translation=translation,
            suggestion=suggestion(language.family, translation.dodo, extracted.dynamic),
            source_line=lines[start.line].strip() if start.line < len(lines) else "",
        )


def _text(node: SgNode | None) -> str:
    return node.text() if node is not None else ""


def _static_view(translation: Translation, dynamic: tuple[Dynamic, ...]) -> Translation:
    """Drop the findings about values only known at run time (they are listed as dynamic):
    a finding at, above or below a dynamic path cannot be judged from the code."""
    paths = [d.path for d in dynamic]

    def related(path: str) -> bool:
        return any(
            path == d
            or path.startswith((f"{d}.", f"{d}["))
            or d.startswith((f"{path}.", f"{path}["))
            or not d
            for d in paths
        )

    if not paths:
        return translation
    kept = tuple(f for f in translation.findings if f.level is Level.INFO or not related(f.path))
    return translation._replace(findings=kept)


def _flat(text: str) -> str:
    return "".join(text.split())


# -- walking ----------------------------------------------------------------------------------


def _files(paths: Iterable[str], stats: ScanStats) -> Iterator[tuple[str, Language]]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            language = language_for(path)
            if language is None:
                stats.problems.append(f"{raw}: not a file the scanner reads: {path.suffix!r}")
            else:
                yield raw, language
        else:
            stats.problems.append(f"{raw}: no such file or folder")


def _walk(top: Path) -> Iterator[tuple[str, Language]]:
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIPPED_DIRS
            and not (Path(folder, d, "pyvenv.cfg")).exists()
        )
        for name in sorted(files):
            language = language_for(name)
            if language is not None and not name.startswith("."):
                yield str(Path(folder, name)), language


# -- suggested replacement --------------------------------------------------------------------

_JS_NAME: Final = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_PY_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def suggestion(family: str, body: dict[str, Any] | None, dynamic: tuple[Dynamic, ...]) -> str:
    """The Dodo SDK call (``dodopayments`` for Python and Node) that replaces the Stripe one.

    Run-time values left out of the body are listed first as comments, to wire in by hand."""
    comment = "#" if family == "python" else "//"
    lines = [
        f"{comment} TODO: set from {d.source!s}"
        + (f" (Stripe {d.path})" if d.path else " (Stripe params)")
        for d in dynamic
    ]
    if body is None:
        lines.append(f"{comment} no Dodo equivalent: see the findings")
        return "\n".join(lines)
    if family == "python":
        lines.append("client.checkout_sessions.create(" + _py_kwargs(body) + ")")
    else:
        lines.append("client.checkoutSessions.create(" + _js(body, 0) + ")")
    return "\n".join(lines)


def _py_kwargs(body: dict[str, Any]) -> str:
    if not body:
        return ""
    if not all(type(k) is str and _PY_NAME.match(k) for k in body):
        return "**" + _py(body, 0)
    items = [f"    {key}={_py(value, 1)}," for key, value in body.items()]
    return "\n" + "\n".join(items) + "\n"


def _py(value: Any, depth: int) -> str:
    pad, inner = "    " * depth, "    " * (depth + 1)
    if type(value) is dict:
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k))}: {_py(v, depth + 1)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if type(value) is list:
        if not value:
            return "[]"
        items = [f"{inner}{_py(v, depth + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if value is None or type(value) is bool:
        return repr(value)
    if type(value) in (int, float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def _js(value: Any, depth: int) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if type(value) is dict:
        if not value:
            return "{}"
        items = [
            f"{inner}{k if _JS_NAME.match(str(k)) else json.dumps(str(k))}: {_js(v, depth + 1)},"
            for k, v in value.items()
        ]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if type(value) is list:
        if not value:
            return "[]"
        items = [f"{inner}{_js(v, depth + 1)}," for v in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    if type(value) in (str, int, float, bool) or value is None:
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)

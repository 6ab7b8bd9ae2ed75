"""``scan --fix``: rewrite Python and JavaScript/TypeScript creation calls in place.

A call is rewritten only when its translation has no blocker (money is never changed by a fix).
By default only *safe* fixes are applied: no warning and every parameter a literal, so the Dodo
call charges and behaves as the Stripe one did. With ``unsafe`` the calls with warnings or
run-time values are rewritten too: a run-time value whose Stripe field maps unchanged onto a
Dodo field is carried over by its source text; the others are listed as ``TODO`` comments above
the call. The rewritten call builds its own client in Dodo's test mode
(``DodoPayments(environment="test_mode")``); the import is added once per file.

A file is rewritten as it is: its line breaks (CRLF stays CRLF), its UTF-8 byte-order mark and
its permissions are kept, and it is replaced atomically (the new text goes to a temporary file in
the same folder, which is then renamed over it: a run killed half-way leaves the old file). A
symbolic link is never written through, nor a file whose real path is outside the scanned paths;
a file that cannot be read, is not UTF-8, or changed since the scan is left alone, and the other
files are still fixed.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from ast_grep_py import SgRoot

from migrate.display import shown_path
from migrate.findings import Level, Outcome
from migrate.mapping.cart import kind_text
from migrate.mapping.expr import Expr, exprs_in
from migrate.mapping.table import load_table, pattern_of
from migrate.scan.extract import Dynamic
from migrate.scan.site import CallSite
from migrate.scan.source import Skipped, read_source
from migrate.scan.suggest import expression, sdk_call

FIXABLE: Final = frozenset({"python", "javascript", "typescript", "tsx"})
_PLACEHOLDER: Final = "__stripe2dodo_dynamic_{}__"
_ESM_SUFFIXES: Final = (".mjs", ".mts", ".ts", ".tsx")
_BOM: Final = b"\xef\xbb\xbf"

_RENAMES: Final = frozenset({"C002", "C012"})
"""Transformed rules that only move the value (success_url -> return_url, client_reference_id
-> metadata.client_reference_id)."""

Safety = Literal["safe", "unsafe", "never"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One replacement in a file: ``[start, end)`` becomes ``text``; ``prefix`` lines (TODO
    comments) go above the line the call starts on."""

    start: int
    end: int
    text: str
    prefix: tuple[str, ...]
    site: CallSite


@dataclass(frozen=True, slots=True)
class FileFix:
    """A file's old and new text, and the sites fixed and left alone (with why).

    ``raw`` is the file's bytes when it was read (written back only if they are still the
    same); ``bom`` says whether they started with a UTF-8 byte-order mark (not part of the
    text, as for the scan); ``problem`` is why the file could not be read, or written."""

    path: str
    before: str
    after: str
    fixed: tuple[CallSite, ...]
    skipped: tuple[tuple[CallSite, str], ...]
    raw: bytes = b""
    bom: bool = False
    problem: str | None = None

    def diff(self) -> str:
        name = shown_path(self.path)
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )

    def data(self) -> bytes:
        """The bytes to write: the new text, with the byte-order mark the file had."""
        return (_BOM if self.bom else b"") + self.after.encode("utf-8")


def safety(site: CallSite) -> tuple[Safety, str]:
    """Whether a site can be fixed safely, only unsafely, or never, and why."""
    if site.kind != "create" or site.translation is None:
        return "never", "not a creation call"
    if site.language not in FIXABLE or site.span is None:
        return "never", f"{site.language} call sites are not rewritten (see the suggestion)"
    if site.translation.dodo is None:
        return "never", "no Dodo body"
    if site.translation.request is not None:
        return "never", (
            f"a {kind_text(site.translation.kind)} is rewritten by hand: it needs run-time "
            "ids (see the suggestion)"
        )
    if site.translation.requires:
        return "never", (
            "its products must be created in Dodo first: run plan and apply, then scan again "
            "with --id-map"
        )
    levels = {f.level for f in site.findings}
    if Level.BLOCKER in levels:
        return "never", "the translation has blockers"
    forms = {e.form for e in exprs_in([site.translation.dodo, site.translation.fallback])}
    if forms - {"code"}:
        # choices, lists mapped over a collection, fields of run-time elements: the suggestion
        # writes them; a rewrite in place waits until the writer renders every form
        return "never", "run-time choices and lists are rewritten by hand (see the suggestion)"
    if site.dynamic:
        return "unsafe", f"{len(site.dynamic)} value(s) computed at run time"
    if Level.WARNING in levels:
        return "unsafe", "the translation changes meaning (warnings)"
    return "safe", ""


def plan_fixes(
    sites: Iterable[CallSite], *, unsafe: bool = False, roots: Sequence[str] | None = None
) -> list[FileFix]:
    """The rewrite of every file with at least one fixable site, in file order.

    With ``roots`` (the scanned paths), a file whose real path is outside all of them (through
    a symlinked folder) is not rewritten. A file that cannot be read, or changed since it was
    scanned, gets a ``problem``; the others are planned all the same."""
    by_file: dict[str, list[CallSite]] = {}
    for site in sites:
        if site.kind == "create":
            by_file.setdefault(site.file, []).append(site)
    out: list[FileFix] = []
    for path, group in by_file.items():
        edits: list[Edit] = []
        skipped: list[tuple[CallSite, str]] = []
        for site in group:
            level, why = safety(site)
            if level == "never" or (level == "unsafe" and not unsafe):
                if level == "unsafe":
                    why += ": pass --unsafe-fixes to rewrite it anyway"
                skipped.append((site, why))
                continue
            edits.append(_edit(site))
        if not edits:
            if skipped:
                out.append(FileFix(path, "", "", (), tuple(skipped)))
            continue
        out.append(_plan_file(path, edits, skipped, roots))
    return out


def _plan_file(
    path: str, edits: list[Edit], skipped: list[tuple[CallSite, str]], roots: Sequence[str] | None
) -> FileFix:
    """One file's rewrite, or why it is left alone (every edit then joins ``skipped``)."""

    def left(why: str, *, problem: bool = False) -> FileFix:
        alone = tuple(skipped) + tuple((e.site, why) for e in edits)
        return FileFix(path, "", "", (), alone, problem=why if problem else None)

    why_not = refused(path, roots)
    if why_not is not None:
        return left(why_not)
    try:
        raw = read_source(path)
    except (OSError, Skipped) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return left(f"cannot read for --fix: {reason}", problem=True)
    bom = raw.startswith(_BOM)
    try:
        before = raw[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        return left("not UTF-8: rewriting it could change bytes the scan could not read")
    lines = before.splitlines()
    for edit in edits:
        site = edit.site
        line = lines[site.line - 1].strip() if site.line <= len(lines) else None
        if line != site.source_line or before.count("\n", 0, edit.start) != site.line - 1:
            return left("changed since it was scanned: scan again", problem=True)
    after = _apply(before, edits, path, edits[0].site.language)
    return FileFix(path, before, after, tuple(e.site for e in edits), tuple(skipped), raw, bom)


def refused(path: str, roots: Sequence[str] | None) -> str | None:
    """Why ``path`` must not be rewritten in place (a symlink, or outside the scanned paths)."""
    if Path(path).is_symlink():
        return "a symbolic link: not written through (fix the file it points to)"
    if roots is None:
        return None
    real = Path(path).resolve()
    for root in roots:
        top = Path(root).resolve()
        if real == top or top in real.parents:
            return None
    return f"its real path {shown_path(str(real))} is outside the scanned paths: not written"


def write_fixes(fixes: Sequence[FileFix]) -> list[FileFix]:
    """Write each changed file atomically. The files that could not be written come back, with
    their ``problem`` and the sites they would have fixed as skipped (the others are written
    all the same)."""
    failed: list[FileFix] = []
    for fix in fixes:
        if not fix.fixed or fix.after == fix.before or fix.problem is not None:
            continue
        try:
            _write(fix)
        except OSError as exc:
            why = f"cannot write: {exc.strerror or exc}; the file is unchanged"
        except (_Changed, Skipped) as exc:
            why = str(exc)
        else:
            continue
        alone = tuple((site, why) for site in fix.fixed)
        failed.append(FileFix(fix.path, fix.before, fix.before, (), alone, problem=why))
    return failed


class _Changed(Exception):
    """The file is no longer what was read: it is not written."""


def _write(fix: FileFix) -> None:
    """Replace ``fix.path`` by the new bytes: a temporary file in the same folder, with the
    old file's permissions, renamed over it (never a write into the file itself)."""
    path = Path(fix.path)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise _Changed("no longer a regular file: not written")
    if read_source(fix.path) != fix.raw:
        raise _Changed("changed since it was read: not written; scan again")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".stripe2dodo", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(fix.data())
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # keeping the owner needs privileges
                os.chown(temp, info.st_uid, info.st_gid)
        temp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def dirty_files(paths: Iterable[str]) -> list[str]:
    """The files among ``paths`` that git reports as modified or untracked (or all of them
    when they are not in a git work tree: nothing could undo the rewrite)."""
    out: list[str] = []
    for path in paths:
        folder = str(Path(path).resolve().parent)
        try:
            done = subprocess.run(
                ["git", "-C", folder, "status", "--porcelain", "--", str(Path(path).resolve())],
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            out.append(f"{shown_path(path)} (git is not installed)")
            continue
        if done.returncode != 0:
            out.append(f"{shown_path(path)} (not in a git work tree)")
        elif done.stdout.strip():
            out.append(shown_path(path))
    return out


# -- rewriting --------------------------------------------------------------------------------


def _edit(site: CallSite) -> Edit:
    assert site.translation is not None and site.translation.dodo is not None
    assert site.span is not None
    body = _copy(site.translation.dodo)
    spliced: dict[str, str] = {}
    todo: list[Dynamic] = []
    for key, value in list(body.items()):
        # a URL whose source holds a Stripe template: wired by hand, never written with it
        if type(value) is Expr and value.op == "return_url" and "{" in value.source:
            del body[key]
    carried = {e.path for e in exprs_in(body) if not e.missing}  # already in the body
    for n, dyn in enumerate(site.dynamic):
        if dyn.path in carried:
            continue
        target = _dodo_path(dyn.path, site)
        if (
            target is None
            or "{CHECKOUT_SESSION_ID}" in dyn.source
            or not _set(body, target, _PLACEHOLDER.format(n))
        ):
            todo.append(dyn)
            continue
        spliced[_PLACEHOLDER.format(n)] = dyn.source
    python = site.language == "python"
    site_family = "python" if python else "node"
    if python:
        call = sdk_call("python", body, 'DodoPayments(environment="test_mode")')
    else:
        call = sdk_call(
            "node",
            body,
            "new DodoPayments({ environment: 'test_mode' })",
            typescript=site.language in ("typescript", "tsx"),
        )
    for placeholder, source in spliced.items():
        call = call.replace(f'"{placeholder}"', source)
    comment = "#" if python else "//"
    prefix = (
        f"{comment} stripe2dodo: Dodo answers with checkout_url and session_id (Stripe: url, id)",
        *(
            f"{comment} TODO(stripe2dodo): set {dyn.path or 'the params'} from {dyn.source}"
            for dyn in todo
        ),
        *(
            f"{comment} TODO(stripe2dodo): {expression(site_family, e)} is yours to "
            + ("set" if e.missing else "write (the id map's Dodo product id for a Stripe price)")
            for e in exprs_in(body)
            if e.missing or e.op == "product_id"
        ),
    )
    return Edit(site.span[0], site.span[1], call, prefix, site)


def _copy(value: Any) -> Any:
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    if type(value) is list:
        return [_copy(v) for v in value]
    return value


def _dodo_path(stripe_path: str, site: CallSite) -> str | None:
    """Where a run-time value lands in the Dodo body, when its rule copies it unchanged (or
    only renames it); None otherwise."""
    if not stripe_path:
        return None
    table = load_table()
    parts = stripe_path.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        rule = table.by_stripe.get(("checkout", pattern_of(head)))
        if rule is None:
            continue
        if rule.dodo is None or rule.outcome not in (Outcome.MAPPED, Outcome.TRANSFORMED):
            return None
        if rule.outcome is Outcome.TRANSFORMED and rule.code not in _RENAMES:
            return None
        indexes = re.findall(r"\[(\d+)\]", head)
        target = rule.dodo
        for index in indexes:
            target = target.replace("[]", f"[{index}]", 1)
        if "[]" in target:
            return None
        rest = parts[cut:]
        return ".".join([target, *rest])
    return None


def _set(body: dict[str, Any], path: str, value: str) -> bool:
    """Set ``path`` (``a.b[0].c``) in ``body``; False when a list index is missing."""
    steps: list[str | int] = []
    for part in path.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        if name:
            steps.append(name)
        steps.extend(int(i) for i in indexes if i)
    node: Any = body
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        last = following is None
        if isinstance(step, int):
            if type(node) is not list or step >= len(node):
                return False
            if last:
                node[step] = value
            node = node[step]
            continue
        if type(node) is not dict:
            return False
        if last:
            node[step] = value
            return True
        node = node.setdefault(step, [] if isinstance(following, int) else {})
    return True


def newline_of(text: str) -> str:
    """The line break a file mostly uses: ``\\r\\n`` or ``\\n``."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def _apply(text: str, edits: list[Edit], path: str, language: str) -> str:
    """``text`` with the edits made (from the last one up, so offsets hold) and the import
    added, in the file's own line breaks."""
    nl = newline_of(text)
    out = text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        line_start = out.rfind("\n", 0, edit.start) + 1
        indent = re.match(r"[ \t]*", out[line_start:]).group(0)  # type: ignore[union-attr]
        replacement = edit.text.replace("\n", nl + indent)
        out = out[: edit.start] + replacement + out[edit.end :]
        if edit.prefix:
            lines = "".join(f"{indent}{line}{nl}" for line in edit.prefix)
            out = out[:line_start] + lines + out[line_start:]
    return _with_import(out, path, language, nl)


def _with_import(text: str, path: str, language: str, nl: str = "\n") -> str:
    root = SgRoot(text, language).root()
    if language == "python":
        if root.find(pattern="from dodopayments import DodoPayments") is not None:
            return text
        line = f"from dodopayments import DodoPayments{nl}"
        kinds: tuple[str, ...] = (
            "import_statement",
            "import_from_statement",
            "future_import_statement",
        )
    else:
        if "dodopayments" in "".join(
            n.text() for n in root.find_all(kind="string", regex="dodopayments")
        ):
            return text
        esm = path.endswith(_ESM_SUFFIXES) or root.find(kind="import_statement") is not None
        line = (
            f"import DodoPayments from 'dodopayments';{nl}"
            if esm
            else f"const DodoPayments = require('dodopayments');{nl}"
        )
        kinds = ("import_statement",)
    last_end = -1
    for child in root.children():
        is_import = child.kind() in kinds or (
            language != "python" and not esm and _is_require(child.text())
        )
        if is_import:
            last_end = child.range().end.index
    if last_end < 0:
        first = _after_preamble(root, language)
        return text[:first] + line + text[first:]
    cut = text.find("\n", last_end)
    cut = len(text) if cut < 0 else cut + 1
    if cut == len(text) and not text.endswith("\n"):
        return text + nl + line
    return text[:cut] + line + text[cut:]


def _is_require(source: str) -> bool:
    return bool(re.match(r"^(const|let|var)\s[^=]+=\s*require\(", source))


def _after_preamble(root: Any, language: str) -> int:
    """Where to put an import in a file that has none: after a module docstring, leading
    comments and ``'use strict'``."""
    end = 0
    for child in root.children():
        kind = child.kind()
        text = child.text()
        if kind == "comment" or (
            kind == "expression_statement" and text.lstrip()[:1] in ("'", '"')
        ):
            end = child.range().end.index
            continue
        break
    source = root.text()
    if end == 0:
        return 0
    nl = source.find("\n", end)
    return len(source) if nl < 0 else nl + 1

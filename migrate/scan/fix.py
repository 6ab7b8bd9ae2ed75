"""``scan --fix``: rewrite Python and JavaScript/TypeScript creation calls in place.

A Checkout creation call becomes the Dodo call with every value carried (rewrite.py writes it):
the run-time values by their source text through what the Dodo field does to them (a Stripe price
id through the id map's look-up, an amount into a pay-what-you-want cart), on the module's one
client made from the environment, the answer's ``url`` and ``id`` read as ``checkout_url`` and
``session_id``. By default only calls that need no decision are rewritten; with ``unsafe``
(``--unsafe-fixes``) the calls with a blocker or a warning (or a use of the answer no rewrite can
carry) are rewritten too, and each decision is written as a comment above the call, with its
finding's code. A call the rewrite cannot write whole (a value the Dodo call needs and the Stripe
call does not give, products to create first, a subscription call) is never rewritten.

A file is rewritten as it is: its line breaks (CRLF stays CRLF), its UTF-8 byte-order mark and
its permissions are kept, and it is replaced atomically (the new text goes to a temporary file in
the same folder, which is then renamed over it: a run killed half-way leaves the old file). A
rewrite that would not parse is never written (the calls are left alone, with the line that does
not parse). A symbolic link is never written through, nor a file whose real path is outside the
scanned paths; a file that cannot be read, is not UTF-8, or changed since the scan is left alone,
and the other files are still fixed.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import subprocess
import tempfile
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from migrate.display import shown_path
from migrate.errors import tracebacks_wanted
from migrate.findings import Finding, Level
from migrate.mapping.cart import kind_text
from migrate.mapping.expr import exprs_in, is_expr, leaves
from migrate.mapping.table import load_table
from migrate.readers.curl import redact
from migrate.scan.better_auth_fix import is_plugin_site, plan_plugin_fixes
from migrate.scan.options import CALLBACK_CODE
from migrate.scan.rewrite import (
    CallEdit,
    IdsModule,
    Refused,
    apply_edits,
    broken,
    call_edit,
    newline_of,
)
from migrate.scan.rewrite_header import tree
from migrate.scan.site import CallSite, error_detail
from migrate.scan.source import Skipped, read_source
from migrate.scan.stripe_leftovers import without_leftovers
from migrate.scan.wrapper_forward import FORWARD

__all__ = [
    "FIXABLE",
    "FileFix",
    "IdsModule",
    "dirty_files",
    "newline_of",
    "plan_fixes",
    "refused",
    "safety",
    "write_fixes",
]

FIXABLE: Final = frozenset({"python", "javascript", "typescript", "tsx"})
_BOM: Final = b"\xef\xbb\xbf"

Safety = Literal["safe", "unsafe", "never"]

NO_DECISION: Final = frozenset({"L112", "L113", "PI110"})
"""Warnings about a value whose meaning changes the way the rewrite writes it, so no decision
is left: a price id looked up in the id map (L113), an amount into a pay-what-you-want cart
(L112, PI110). ``--fix`` rewrites them; any other warning needs ``--unsafe-fixes``."""


BROWSER: Final = frozenset({"X010", "X032"})
"""A checkout started through Stripe.js's client-only Checkout or the Firebase extension's
document: the Dodo call that replaces it runs on a server, never in a page, and the code
waiting for the session's url changes with it."""


@dataclass(frozen=True, slots=True)
class FileFix:
    """A file's old and new text, and the sites fixed and left alone (with why).

    ``raw`` is the file's bytes when it was read (written back only if they are still the
    same); ``bom`` says whether they started with a UTF-8 byte-order mark (not part of the
    text, as for the scan); ``problem`` is why the file could not be read, or written;
    ``notes`` are the findings of the rewrite (a use of the answer it could not carry), each
    with the site it is about."""

    path: str
    before: str
    after: str
    fixed: tuple[CallSite, ...]
    skipped: tuple[tuple[CallSite, str], ...]
    raw: bytes = b""
    bom: bool = False
    problem: str | None = None
    notes: tuple[tuple[CallSite, Finding], ...] = ()

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
    """Whether a site can be fixed safely, only unsafely (a decision: a blocker, a warning, a
    run-time value no Dodo field carries), or never, and why."""
    if site.kind != "create" or site.translation is None:
        return "never", "not a creation call"
    if site.language not in FIXABLE:
        return "never", f"{site.language} call sites are not rewritten (see the suggestion)"
    if site.via is not None:  # before the span: a wrapper's call has none, wherever it is
        return "never", (
            f"a call to the wrapper {site.via} is not rewritten: migrate the wrapper (its own site)"
        )
    if any(f.code == FORWARD for f in site.findings):
        return "never", (
            "a wrapper that passes its callers' params on whole (X039) is rewritten with them, "
            "by hand: its callers build Stripe params until each passes the Dodo ones"
        )
    if site.span is None:
        if " /v1/" in site.callee:
            return "never", (
                "a raw HTTP request to the Stripe API is not rewritten: its body and answer are "
                "handled by hand; the suggestion is the SDK call to write in its place"
            )
        return "never", "code embedded in another file is not rewritten (see the suggestion)"
    if site.translation.dodo is None:
        return "never", "no Dodo body"
    if any(f.code == CALLBACK_CODE for f in site.findings):
        return "never", (
            f"the Stripe call passes a callback ({CALLBACK_CODE}), which the Dodo SDK does not "
            "call: move the callback's code onto the Dodo call's promise by hand"
        )
    browser = next((f.code for f in site.findings if f.code in BROWSER), None)
    if browser is not None:
        return "never", (
            f"a checkout started through Stripe.js or the Firebase extension ({browser}) is "
            "replaced by hand: the Dodo call needs the secret API key on a server, and the code "
            "waiting for the session's url goes with it"
        )
    if site.translation.request is not None:
        return "never", (
            f"a {kind_text(site.translation.kind)} is rewritten by hand: it needs run-time "
            "ids (see the suggestion)"
        )
    levels = {f.level for f in site.findings if f.code not in NO_DECISION}
    if Level.BLOCKER in levels:
        return "unsafe", "the translation has blockers (a decision: written above the call)"
    if Level.WARNING in levels:
        return "unsafe", "the translation changes meaning (warnings, written above the call)"
    if _uncarried(site):
        return "unsafe", "a run-time value has no Dodo field (written above the call)"
    return "safe", ""


def _uncarried(site: CallSite) -> list[str]:
    """The run-time values neither carried into the Dodo call nor reported by a finding."""
    t = site.translation
    assert t is not None
    carried = [e.path for e in exprs_in([t.dodo, t.fallback]) if not e.missing]
    rules = load_table().by_code
    reported = [
        f.path for f in site.findings if f.code in rules and rules[f.code].runtime == "report"
    ]
    out = []
    for d in site.dynamic:
        covered = [p for p in (*carried, *reported) if p is not None]
        if not any(
            d.path == p
            or (p and d.path.startswith((f"{p}.", f"{p}[")))
            or (d.path and p.startswith((f"{d.path}.", f"{d.path}[")))
            for p in covered
        ):
            out.append(f"stripe2dodo: not carried: {d.path or 'the params'} = {d.source}")
    return out


def _decisions(site: CallSite) -> list[str]:
    """The comments an unsafe rewrite writes above the call: each decision, with its code."""
    out = [
        f"stripe2dodo {f.code} ({f.level.value}): {f.message}"
        + (f" {f.suggestion}" if f.suggestion else "")
        for f in site.findings
        if f.level in (Level.BLOCKER, Level.WARNING) and f.code not in NO_DECISION
    ]
    return out + _uncarried(site)


def plan_fixes(
    sites: Iterable[CallSite],
    *,
    unsafe: bool = False,
    roots: Sequence[str] | None = None,
    ids: IdsModule | None = None,
) -> list[FileFix]:
    """The rewrite of every file with at least one fixable site, in file order.

    With ``roots`` (the scanned paths), a file whose real path is outside all of them (through
    a symlinked folder) is not rewritten. A file that cannot be read, or changed since it was
    scanned, gets a ``problem``; the others are planned all the same. ``ids`` says where the
    id-map module is (default: in the first scanned folder)."""
    modules = ids or IdsModule.default(list(roots or ["."]))
    by_file: dict[str, list[CallSite]] = {}
    plugin: list[CallSite] = []
    for site in sites:
        if is_plugin_site(site):  # Better Auth's Stripe plugin: rewritten whole or not at all
            plugin.append(site)
        elif site.kind == "create":
            by_file.setdefault(site.file, []).append(site)
    out: list[FileFix] = _plugin_fixes(plugin, unsafe, roots, modules, set(by_file))
    inline = _inline_callers([s for group in by_file.values() for s in group])
    for path, group in by_file.items():
        todo: list[CallSite] = []
        skipped: list[tuple[CallSite, str]] = []
        for site in group:
            level, why = safety(site)
            caller = inline.get((site.file, site.line)) if _whole_lines(site) else None
            if caller is not None:
                level = "never"
                why = (
                    f"its line items are a list its callers give, and {caller} gives inline "
                    "prices (price_data): the Dodo call reads a price id from each line, which "
                    "such a line has not; write the cart by hand (each caller's site has its own)"
                )
            if level == "never":
                skipped.append((site, why))
            else:
                todo.append(site)
        if not todo:
            out.append(FileFix(path, "", "", (), tuple(skipped)))
            continue
        out.append(_plan_file(path, todo, skipped, roots, unsafe, modules))
    return out


def _whole_lines(site: CallSite) -> bool:
    """Whether a site's line items are one list known only at run time (RT003)."""
    return any(f.code == "RT003" and f.path == "line_items" for f in site.findings)


def _inline_callers(sites: list[CallSite]) -> dict[tuple[str, int], str]:
    """For each wrapper (its Stripe call's file and line) a call of which in ``sites`` gives
    line items with inline prices (``price_data``), that call's place."""
    out: dict[tuple[str, int], str] = {}
    for site in sites:
        if site.via is None or " at " not in site.via:
            continue
        where = site.via.rsplit(" at ", 1)[1]
        file, _, line = where.rpartition(":")
        if file and line.isdigit() and _priced_inline(site.params.get("line_items")):
            out.setdefault((file, int(line)), f"{shown_path(site.file)}:{site.line}")
    return out


def _priced_inline(value: Any) -> bool:
    """Whether params hold a line with ``price_data`` (in a list, a run-time list's element
    or a choice's branch)."""
    if type(value) is dict:
        return "price_data" in value or any(_priced_inline(v) for v in value.values())
    if type(value) is list:
        return any(_priced_inline(v) for v in value)
    if is_expr(value):
        return any(_priced_inline(leaf) for leaf in leaves(value))
    return False


def _plugin_fixes(
    plugin: list[CallSite],
    unsafe: bool,
    roots: Sequence[str] | None,
    ids: IdsModule,
    others: set[str],
) -> list[FileFix]:
    """The rewrite of Better Auth's Stripe plugin (``better_auth_fix.py``), or each of its
    sites left alone with why."""
    if not plugin:
        return []
    planned, why = plan_plugin_fixes(
        plugin,
        unsafe=unsafe,
        refused=lambda path: refused(path, roots),
        ids=ids,
        others=others,
        roots=roots,
    )
    if why is not None:
        why = f"Better Auth's Stripe plugin is rewritten whole or not at all: {why}"
        files = dict.fromkeys(s.file for s in plugin)
        return [
            FileFix(path, "", "", (), tuple((s, why) for s in plugin if s.file == path))
            for path in files
        ]
    return [
        FileFix(path, before, after, served, (), raw, raw.startswith(_BOM))
        for path, before, served, after, raw in planned
    ]


INTERNAL_FIX: Final = "internal error while rewriting this file"
"""What a file's fix problem says when planning its rewrite raised (a bug: exit 3)."""


def _plan_file(  # noqa: PLR0917
    path: str,
    todo: list[CallSite],
    skipped: list[tuple[CallSite, str]],
    roots: Sequence[str] | None,
    unsafe: bool,
    ids: IdsModule,
) -> FileFix:
    """One file's rewrite, or why it is left alone (every site then joins ``skipped``)."""

    def left(why: str, *, problem: bool = False) -> FileFix:
        alone = tuple(skipped) + tuple((site, why) for site in todo)
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
    for site in todo:
        assert site.span is not None
        line = redact(lines[site.line - 1].strip()) if site.line <= len(lines) else None
        if line != site.source_line or before.count("\n", 0, site.span[0]) != site.line - 1:
            return left("changed since it was scanned: scan again", problem=True)
    language = todo[0].language
    if broken(before, language) is not None:
        return left("the file does not parse as it is: not rewritten")
    try:
        return _plan_edits(path, before, raw, bom, todo, list(skipped), unsafe, ids)
    except Exception as exc:  # a bug: this file is left as it is, the others are fixed
        if tracebacks_wanted():
            traceback.print_exc()
        return left(
            f"{INTERNAL_FIX} ({error_detail(exc)}): left as it is; rerun with "
            "--traceback and report it",
            problem=True,
        )


def _plan_edits(  # noqa: PLR0917
    path: str,
    before: str,
    raw: bytes,
    bom: bool,
    todo: list[CallSite],
    skipped: list[tuple[CallSite, str]],
    unsafe: bool,
    ids: IdsModule,
) -> FileFix:
    """The edits of a file that reads and parses as it was scanned."""
    language = todo[0].language
    root = tree(before, language)
    edits: list[CallEdit] = []
    notes: list[tuple[CallSite, Finding]] = []
    for site in todo:
        level, why = safety(site)
        try:
            edit = call_edit(site, root, _decisions(site), unsafe=unsafe)
        except Refused as exc:
            skipped.append((site, str(exc)))
            continue
        if edit.blocked and level == "safe":
            level, why = "unsafe", "a branch of the call has no Dodo cart (written above the call)"
        if edit.notes and level == "safe":
            level, why = "unsafe", "the answer is used in a way the rewrite cannot carry"
        if level == "unsafe" and not unsafe:
            skipped.append((site, f"{why}: pass --unsafe-fixes to rewrite it anyway"))
            continue
        comments = edit.comments + tuple(
            f"stripe2dodo {n.code} ({n.level.value}): {n.message}" for n in edit.notes
        )
        edits.append(_with_comments(edit, comments))
        notes += [(site, n) for n in edit.notes]
    if not edits:
        return FileFix(path, "", "", (), tuple(skipped))
    after = apply_edits(before, edits, path, ids)
    after = without_leftovers(after, language, lambda text: broken(text, language) is None)
    line_no = broken(after, language)
    if line_no is not None:
        why = f"the rewrite would not parse (line {line_no}): not written; see the suggestion"
        return FileFix(path, "", "", (), tuple(skipped) + tuple((e.site, why) for e in edits))
    fixed = tuple(e.site for e in edits)
    return FileFix(path, before, after, fixed, tuple(skipped), raw, bom, notes=tuple(notes))


def _with_comments(edit: CallEdit, comments: tuple[str, ...]) -> CallEdit:
    import dataclasses

    return dataclasses.replace(edit, comments=comments)


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

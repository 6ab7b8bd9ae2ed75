"""``scan --fix``: rewrite Python and JavaScript/TypeScript creation calls in place.

A call is rewritten only when its translation has no blocker (money is never changed by a fix).
By default only *safe* fixes are applied: no warning and every parameter a literal, so the Dodo
call charges and behaves as the Stripe one did. With ``unsafe`` the calls with warnings or
run-time values are rewritten too: a run-time value whose Stripe field maps unchanged onto a
Dodo field is carried over by its source text; the others are listed as ``TODO`` comments above
the call. The rewritten call builds its own client in Dodo's test mode
(``DodoPayments(environment="test_mode")``); the import is added once per file.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from ast_grep_py import SgRoot

from migrate.errors import InputError
from migrate.expr import exprs_in
from migrate.findings import Level, Outcome
from migrate.lifecycle import kind_text
from migrate.rules import load_table, pattern_of
from migrate.scan.extract import Dynamic
from migrate.scan.scan import CallSite
from migrate.scan.suggest import expression, sdk_call

FIXABLE: Final = frozenset({"python", "javascript", "typescript", "tsx"})
_PLACEHOLDER: Final = "__stripe2dodo_dynamic_{}__"
_ESM_SUFFIXES: Final = (".mjs", ".mts", ".ts", ".tsx")

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
    """A file's old and new text, and the sites fixed and left alone (with why)."""

    path: str
    before: str
    after: str
    fixed: tuple[CallSite, ...]
    skipped: tuple[tuple[CallSite, str], ...]

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{self.path}",
                f"b/{self.path}",
            )
        )


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
    if site.dynamic:
        return "unsafe", f"{len(site.dynamic)} value(s) computed at run time"
    if Level.WARNING in levels:
        return "unsafe", "the translation changes meaning (warnings)"
    return "safe", ""


def plan_fixes(sites: Iterable[CallSite], *, unsafe: bool = False) -> list[FileFix]:
    """The rewrite of every file with at least one fixable site, in file order."""
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
        try:
            before = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read for --fix: {exc}") from exc
        after = _apply(before, edits, path, group[0].language)
        out.append(FileFix(path, before, after, tuple(e.site for e in edits), tuple(skipped)))
    return out


def write_fixes(fixes: Sequence[FileFix]) -> None:
    for fix in fixes:
        if fix.fixed and fix.after != fix.before:
            Path(fix.path).write_text(fix.after, encoding="utf-8")


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
            out.append(f"{path} (git is not installed)")
            continue
        if done.returncode != 0:
            out.append(f"{path} (not in a git work tree)")
        elif done.stdout.strip():
            out.append(path)
    return out


# -- rewriting --------------------------------------------------------------------------------


def _edit(site: CallSite) -> Edit:
    assert site.translation is not None and site.translation.dodo is not None
    assert site.span is not None
    body = _copy(site.translation.dodo)
    spliced: dict[str, str] = {}
    todo: list[Dynamic] = []
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
        call = sdk_call("node", body, "new DodoPayments({ environment: 'test_mode' })")
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
            if e.missing or e.op == "dodo_id"
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


def _apply(text: str, edits: list[Edit], path: str, language: str) -> str:
    out = text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        line_start = out.rfind("\n", 0, edit.start) + 1
        indent = re.match(r"[ \t]*", out[line_start:]).group(0)  # type: ignore[union-attr]
        replacement = edit.text.replace("\n", "\n" + indent)
        out = out[: edit.start] + replacement + out[edit.end :]
        if edit.prefix:
            lines = "".join(f"{indent}{line}\n" for line in edit.prefix)
            out = out[:line_start] + lines + out[line_start:]
    return _with_import(out, path, language)


def _with_import(text: str, path: str, language: str) -> str:
    root = SgRoot(text, language).root()
    if language == "python":
        if root.find(pattern="from dodopayments import DodoPayments") is not None:
            return text
        line = "from dodopayments import DodoPayments\n"
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
            "import DodoPayments from 'dodopayments';\n"
            if esm
            else "const DodoPayments = require('dodopayments');\n"
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
        return text + "\n" + line
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

"""``scan``: find Stripe Checkout code and its Dodo equivalent; ``--fix`` rewrites it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from migrate.commands import baseline as baselines
from migrate.errors import ConfigError, ExitCode
from migrate.findings import Level
from migrate.formats.base import Writer
from migrate.mapping.translate import Options
from migrate.scan.config_fix import plan_config_fixes
from migrate.scan.deno import is_deno
from migrate.scan.fix import (
    INTERNAL_FIX,
    FileFix,
    IdsModule,
    dirty_files,
    plan_fixes,
    write_fixes,
)
from migrate.scan.result import ScanResult
from migrate.scan.scan import CallSite, ScanStats, collect, scan_paths


@dataclass(frozen=True)
class FixRequest:
    """``--fix`` (``write``) or ``--diff``: rewrite the fixable call sites, or only show how;
    ``unsafe`` also rewrites calls with warnings or run-time values; ``force`` allows files
    with uncommitted changes."""

    write: bool
    unsafe: bool = False
    force: bool = False
    ids_modules: tuple[str, ...] = ()
    """``--ids-module``: where the id-map module is (a ``.py`` file for Python, another for
    JS/TS); by default ``dodo_ids.py`` / ``dodo-ids.ts`` in the first scanned folder."""


@dataclass(frozen=True)
class FixResult:
    """The rewrite of each file with something to fix; the files that could not be written
    (their sites are left as they were); whether the files were written or only compared."""

    fixes: tuple[FileFix, ...]
    failed: tuple[FileFix, ...]
    written: bool
    ids: IdsModule | None = None

    def hints(self) -> list[str]:
        """How to write the id-map module the rewritten calls import (one line per language
        that imports it)."""
        if self.ids is None:
            return []
        out = []
        for family, marks in (
            ("python", ("dodo_product_id", "dodo_customer_id", "dodo_discount_code")),
            ("node", ("dodoProductId", "dodoCustomerId", "dodoDiscountCode")),
        ):
            users: dict[str, int] = {}
            for f in self.changed:
                if any(m in f.after and m not in f.before for m in marks):
                    deno = family == "node" and is_deno(f.path, f.after)
                    path = (
                        self.ids.python if family == "python" else self.ids.node_path(f.path, deno)
                    )
                    users[path] = users.get(path, 0) + 1
            for path, count in users.items():
                out.append(
                    f"{count} rewritten file(s) import the id map from {path}: "
                    f"`{self.ids.write_hint(family, path)}` writes it"
                )
        return out

    @property
    def changed(self) -> list[FileFix]:
        """The files rewritten (or that would be)."""
        lost = {f.path for f in self.failed}
        return [f for f in self.fixes if f.fixed and f.path not in lost]

    @property
    def problems(self) -> list[FileFix]:
        """The files that could not be read or written."""
        return [f for f in (*self.fixes, *self.failed) if f.problem is not None]

    @property
    def left(self) -> int:
        """Sites left as they are."""
        return sum(len(f.skipped) for f in (*self.fixes, *self.failed))


@dataclass(frozen=True)
class ScanRun:
    """What ``scan`` did: the scan (the model the formats render), with a baseline which
    findings are new, and with a fix request the fixes."""

    result: ScanResult
    fail_on: Level = Level.BLOCKER
    baseline: baselines.Compared | None = None
    fixes: FixResult | None = None

    @property
    def sites(self) -> tuple[CallSite, ...]:
        return self.result.sites

    @property
    def stats(self) -> ScanStats:
        return self.result.stats

    @property
    def exit_code(self) -> int:
        """3 a file's scan or rewrite stopped on an internal error (the others were done); 2 a path
        could not be read, or a file to fix could not be read or written; 1 a finding at
        ``fail_on`` or worse (with a baseline: a new one); 0 clean."""
        if self.stats.internal or (
            self.fixes is not None
            and any(INTERNAL_FIX in (f.problem or "") for f in self.fixes.problems)
        ):
            return int(ExitCode.INTERNAL)
        if self.stats.problems or (self.fixes is not None and self.fixes.problems):
            return int(ExitCode.INPUT)
        if self.baseline is not None:
            failing = self.baseline.new_at_least(self.fail_on)
        else:
            failing = any(f.level.rank >= self.fail_on.rank for s in self.sites for f in s.findings)
        return int(ExitCode.FINDINGS if failing else ExitCode.CLEAN)


def scan(
    paths: Sequence[str],
    *,
    options: Options | None = None,
    jobs: int = 1,
    fail_on: Level = Level.BLOCKER,
    baseline: str | None = None,
    fix: FixRequest | None = None,
    on_problem: Callable[[str], None] | None = None,
    cache: bool = False,
) -> ScanRun:
    """Scan ``paths``; ``on_problem`` hears each unreadable path's one-line message. With
    ``baseline`` (a previous ``scan --format json``), read before the scan so a bad one fails
    fast, only new findings count for the exit code. With ``fix``, the fixable call sites are
    rewritten (or the rewrite is only planned, to show it)."""
    previous = baselines.load(baseline, "scan") if baseline else None
    result = collect(paths, options=options, jobs=jobs, on_problem=on_problem, cache=cache)
    compared = None
    if previous is not None:
        doc = {"sites": [site.as_dict() for site in result.sites]}
        compared = baselines.compare(baselines.scan_findings(doc), previous)
    fixes = _fix(result.sites, paths, fix) if fix is not None else None
    return ScanRun(result, fail_on, compared, fixes)


def scan_json(
    paths: Sequence[str],
    out: Writer,
    *,
    options: Options | None = None,
    jobs: int = 1,
    fail_on: Level = Level.BLOCKER,
    on_problem: Callable[[str], None] | None = None,
    cache: bool = False,
) -> int:
    """Scan ``paths`` and write the JSON document to ``out`` as the sites come (none is held:
    memory stays flat however large the tree); the exit code, as :attr:`ScanRun.exit_code`.
    ``on_problem`` hears each unreadable path's one-line message once the scan is done."""
    from migrate.formats.json import write_scan

    stats = ScanStats()
    sites = scan_paths(paths, stats=stats, options=options, jobs=jobs, cache=cache)
    tally = write_scan(sites, stats, out)
    if on_problem is not None:
        for problem in stats.problems:
            on_problem(problem)
    if stats.internal:
        return int(ExitCode.INTERNAL)
    if stats.problems:
        return int(ExitCode.INPUT)
    return int(ExitCode.FINDINGS if tally.at_least(fail_on) else ExitCode.CLEAN)


_NODE = frozenset({"javascript", "typescript", "tsx"})


def _fix(sites: Sequence[CallSite], roots: Sequence[str], request: FixRequest) -> FixResult:
    """Plan the fixes of ``sites`` (only inside ``roots``, the paths scanned): the call sites,
    and the Dodo variables added to environment examples; and, to write, make them. Files
    with uncommitted changes are refused (nothing is written) unless ``force``: nothing could
    undo the rewrite."""
    node_files = sorted({s.file for s in sites if s.kind == "create" and s.language in _NODE})
    ids = IdsModule.default(roots, node_files).with_paths(request.ids_modules)
    fixes = plan_fixes(sites, unsafe=request.unsafe, roots=roots, ids=ids)
    fixes += plan_config_fixes(sites, roots=roots)
    changed = [f for f in fixes if f.fixed]
    if request.write and changed and not request.force:
        dirty = dirty_files(f.path for f in changed)
        if dirty:
            raise ConfigError(
                f"--fix refuses to rewrite files with uncommitted changes: {', '.join(dirty)}; "
                "commit or stash them first (or pass --force)"
            )
    failed = write_fixes(changed) if request.write else []
    return FixResult(tuple(fixes), tuple(failed), request.write, ids)

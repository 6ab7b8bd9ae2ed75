"""``stripe2dodo scan``."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from migrate.cli.base import Redacted, error, say
from migrate.cli.options import (
    baseline_option,
    fail_level,
    fail_options,
    format_option,
    id_map_option,
    jobs_option,
    no_cache_option,
    output_option,
    verbose_option,
)

if TYPE_CHECKING:
    from migrate.commands.scan import FixResult, ScanRun


ID_MODULE_SUFFIXES = (".py", ".ts", ".js", ".mts", ".mjs", ".cts", ".cjs")
"""What `--ids-module` may name: a Python module, or a JS/TS one the rewrite can import."""


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(
    ["text", "json", "sarif", "github"],
    help="json: stripe2dodo.scan/v1; sarif: SARIF 2.1.0 for code scanning; "
    "github: GitHub Actions annotations.",
)
@output_option("Write the output here instead of stdout.")
@id_map_option
@fail_options
@baseline_option("scan")
@verbose_option("Show info findings too.")
@jobs_option
@click.option("--fix", is_flag=True, help="Rewrite fixable Python/JS/TS call sites in place.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix/--diff: also rewrite calls with blockers, warnings or run-time values "
    "(each decision written above the call).",
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option(
    "--ids-module",
    "ids_modules",
    multiple=True,
    metavar="PATH",
    help="With --fix/--diff: where the id-map module the rewritten calls import is (a .py file "
    "for Python, a .ts/.js one for JS/TS; twice for both). Default: dodo_ids.py and "
    "dodo-ids.ts (dodo-ids.cjs for JavaScript without TypeScript) in the first scanned folder; "
    "`stripe2dodo ledger ids LEDGER -o PATH` writes it.",
)
@click.option("--force", is_flag=True, help="With --fix: allow files with uncommitted changes.")
@no_cache_option
@click.option(
    "--max-annotations",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    metavar="N",
    help="--format github: at most N annotations per level (GitHub shows 10 errors and 10 "
    "warnings per step); the rest are counted in one notice. 0: no cap.",
)
def scan(
    *,
    paths: tuple[str, ...],
    fmt: str,
    output: Any,
    id_map: str | None,
    strict: bool,
    fail_on: str,
    baseline: str | None,
    verbose: bool,
    jobs: int,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    ids_modules: tuple[str, ...],
    force: bool,
    no_cache: bool,
    max_annotations: int,
) -> None:
    """Find Stripe Checkout code (Python, JavaScript/TypeScript, Ruby, PHP, Go, Java, C#, curl
    in shell and Markdown, Stripe.js and checkout.js in HTML) and the code around it, and show
    the Dodo equivalent at each place.

    \b
    Exit codes: 0 clean, 1 blockers found (with --strict or --fail-on warning: warnings too;
    with --baseline: new ones only), 2 unreadable paths or baseline, a refused --fix, or a file
    --fix could not read or write.
    """
    from migrate.commands.scan import FixRequest, scan, scan_json

    output = Redacted(output)  # code it quotes may hold a Stripe secret key
    from migrate.mapping.translate import Options
    from migrate.readers.idmap import IdMap

    if fix and diff:
        raise click.UsageError("--fix writes the files, --diff only shows the changes: pick one")
    for module in ids_modules:
        if not module.endswith(ID_MODULE_SUFFIXES):
            raise click.BadParameter(
                f"{module}: the id-map module is a .py file (Python) or a .ts, .js, .mts, .mjs, "
                ".cts or .cjs one (JS/TS)",
                param_hint="--ids-module",
            )
    opts = Options(ids=IdMap.load(id_map) if id_map else IdMap.empty())
    if fmt == "json" and baseline is None and not (fix or diff):  # streamed: no site held
        code = scan_json(
            list(paths),
            output,
            options=opts,
            jobs=jobs,
            fail_on=fail_level(strict, fail_on),
            on_problem=error,
            cache=not no_cache,
        )
        output.commit()
        sys.exit(code)
    result = scan(
        list(paths),
        options=opts,
        jobs=jobs,
        fail_on=fail_level(strict, fail_on),
        baseline=baseline,
        fix=FixRequest(fix, unsafe_fixes, force, ids_modules) if fix or diff else None,
        on_problem=error,
        cache=not no_cache,
    )
    if result.fixes is not None:
        _show_fixes(result.fixes, output)
        sys.exit(result.exit_code)
    output.write(_render(result, fmt, verbose=verbose, cap=max_annotations or None))
    output.commit()
    if result.baseline is not None and fmt != "text":
        say(result.baseline.line())
    sys.exit(result.exit_code)


def _render(result: ScanRun, fmt: str, *, verbose: bool, cap: int | None) -> str:
    """The scan in ``fmt``; with a baseline, json marks each finding new or known, text ends
    with a line that counts them, and github annotates only the new ones."""
    from migrate.formats import FormatOptions, format_for
    from migrate.formats.translation import dumps

    marks = result.baseline.marks if result.baseline is not None else None
    options = FormatOptions(verbose=verbose, annotations=cap, new=marks)
    text = format_for(fmt, options).render(result.result)
    if result.baseline is None:
        return text
    if fmt == "json":
        from migrate.commands.baseline import mark_scan

        return dumps(mark_scan(json.loads(text), result.baseline), indent=2) + "\n"
    if fmt == "text":
        return text + result.baseline.line() + "\n"
    return text


def _show_fixes(fixed: FixResult, output: Any) -> None:
    """The diffs (``--diff``, on the output) and, on stderr, what was left alone and why, what
    could not be read or written, and the counts."""
    from migrate.display import shown_path

    changed = fixed.changed
    if not fixed.written:
        for f in changed:
            output.write(f.diff())
        output.commit()
    for f in [*fixed.fixes, *fixed.failed]:
        for site, why in f.skipped:
            say(f"not fixed: {site.label()}: {why}")
    for f in changed:
        for site, note in f.notes:
            say(f"{site.label()}: {note.code} ({note.level.value}): {note.message}")
    for f in fixed.problems:
        error(f"{shown_path(f.path)}: {f.problem}")
    verb = "fixed" if fixed.written else "would fix"
    # a site counted once (the auth client's module is rewritten for the calls it serves)
    count = len({(s.file, s.line, s.column) for f in changed for s in f.fixed})
    say(f"{verb} {count} call site(s) in {len(changed)} file(s); {fixed.left} left as is")
    for line in fixed.hints():
        say(line)

"""The ``stripe2dodo`` command line: parse options, call one library function, render, exit."""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from migrate import __version__
from migrate.commands import RenderJob, default_jobs, exit_code, run_translate
from migrate.errors import ConfigError, ExitCode, Stripe2DodoError
from migrate.formats.reference import render_reference, render_rule
from migrate.formats.translation import Format, Summary
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options
from migrate.readers.idmap import IdMap
from migrate.support.atomic import AtomicFile, OutputFile, existing_file
from migrate.support.progress import Progress

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int) -> None:
    click.echo(f"stripe2dodo: error: {message}", err=True)
    sys.exit(code)


def guarded(fn: F) -> F:
    """Turn any error into one line on stderr and a documented exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        show = click.get_current_context().find_root().params.get("traceback", False)
        try:
            return fn(*args, **kwargs)
        except click.ClickException:
            raise
        except Stripe2DodoError as exc:
            if show:
                traceback.print_exc()
            _fail(exc.one_line(), exc.exit_code)
        except BrokenPipeError:
            sys.exit(ExitCode.CLEAN)
        except Exception as exc:
            if show:
                traceback.print_exc()
            _fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(rerun with --traceback and report it)",
                ExitCode.INTERNAL,
            )
        return None

    return wrapper  # type: ignore[return-value]


def _parse_jobs(value: str) -> int:
    if value == "auto":
        return default_jobs()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter("use a positive number or auto", param_hint="--jobs")


def _parse_now(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            "use unix seconds or an ISO date such as 2026-11-22T10:00:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stripe2dodo")
@click.option(
    "--traceback", is_flag=True, help="Show Python tracebacks for errors (for bug reports)."
)
def main(traceback: bool) -> None:
    """Move a Stripe Checkout integration to Dodo Payments."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--id-map",
    "id_map",
    type=click.Path(dir_okay=False),
    help="JSON object of Stripe id -> Dodo id (prices, plans, products, customers, coupons).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on blockers.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default=Format.TEXT.value,
    show_default=True,
    help="Output format.",
)
@click.option(
    "--now", "now", metavar="TIME", help="Reference time for trial_end (unix seconds or ISO date)."
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    default="-",
    help="Write the output here instead of stdout.",
)
@click.option("-v", "--verbose", is_flag=True, help="Text format: show info findings too.")
@click.option(
    "--full",
    is_flag=True,
    help="JSON formats: add the normalised Stripe params and the outcome of every Stripe field.",
)
@click.option(
    "-j",
    "--jobs",
    default="auto",
    show_default=True,
    metavar="N|auto",
    help="Worker processes for large inputs (auto: one per CPU). Output order is kept.",
)
@guarded
def translate(
    *,
    paths: tuple[str, ...],
    id_map: str | None,
    strict: bool,
    fmt: str,
    now: str | None,
    output: Any,
    verbose: bool,
    full: bool,
    jobs: str,
) -> None:
    """Translate Stripe Checkout payloads into Dodo checkout-session bodies.

    PATHS are files or folders of JSON, JSON Lines, form-encoded bodies or curl commands
    (auto-detected); `-` or nothing reads stdin.

    \b
    Exit codes: 0 clean, 1 blockers found (with --strict: warnings too),
                2 input that could not be read, 3 internal error.
    """
    if not paths and sys.stdin.isatty():
        raise click.UsageError("give PATHS to translate, or pipe payloads into stdin (`-`)")
    workers = _parse_jobs(jobs)
    opts = Options(ids=IdMap.load(id_map) if id_map else IdMap.empty(), now=_parse_now(now))
    show_traceback = bool(click.get_current_context().find_root().params.get("traceback"))
    job = RenderJob(opts, Format(fmt), verbose=verbose, full=full, traceback=show_traceback)
    renderer = job.renderer()
    summary = Summary()
    internal = False
    output.write(renderer.start())
    for text, outline in run_translate(paths or ("-",), job, jobs=workers, stdin=sys.stdin):
        if summary.items:
            output.write(renderer.separator)
        summary.add(outline)
        if outline.error:
            internal = internal or outline.error.startswith("internal error")
            click.echo(f"stripe2dodo: error: {outline.label}: {outline.error}", err=True)
        output.write(text)
    output.write(renderer.end(summary))
    output.commit()
    if fmt != Format.TEXT.value:
        lv = summary.levels
        click.echo(
            f"stripe2dodo: {summary.items} item(s), {summary.errors} unreadable; "
            f"{lv['blocker']} blocker, {lv['warning']} warning, {lv['info']} info",
            err=True,
        )
    sys.exit(exit_code(summary, strict=strict, internal=internal))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="sarif: SARIF 2.1.0 for code scanning; github: GitHub Actions annotations.",
)
@click.option("--id-map", "id_map", type=click.Path(dir_okay=False), help="Stripe id -> Dodo id.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on blockers.")
@click.option("-v", "--verbose", is_flag=True, help="Show info findings too.")
@click.option(
    "--jobs",
    default="auto",
    show_default=True,
    metavar="N|auto",
    help="Worker processes for parsing (auto: one per CPU).",
)
@click.option("--fix", is_flag=True, help="Rewrite fixable Python/JS/TS call sites in place.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix/--diff: also rewrite calls with warnings or run-time values.",
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.option("--force", is_flag=True, help="With --fix: allow files with uncommitted changes.")
@guarded
def scan(
    *,
    paths: tuple[str, ...],
    fmt: str,
    id_map: str | None,
    strict: bool,
    verbose: bool,
    jobs: str,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    force: bool,
) -> None:
    """Find Stripe Checkout code (Python, JavaScript/TypeScript, Ruby, PHP, Go, Java, C#, curl
    in shell and Markdown, Stripe.js and checkout.js in HTML) and the code around it, and show
    the Dodo equivalent at each place.

    \b
    Exit codes: 0 clean, 1 blockers found (with --strict: warnings too), 2 unreadable paths,
    a refused --fix, or a file --fix could not read or write.
    """
    from migrate.scan.render import collect, exit_code, render

    if fix and diff:
        raise click.UsageError("--fix writes the files, --diff only shows the changes: pick one")
    opts = Options(ids=IdMap.load(id_map) if id_map else IdMap.empty())

    def problem(message: str) -> None:
        click.echo(f"stripe2dodo: error: {message}", err=True)

    sites, stats = collect(list(paths), options=opts, jobs=_parse_jobs(jobs), on_problem=problem)
    code = exit_code(sites, stats, strict=strict)
    if fix or diff:
        if not _scan_fixes(sites, paths, write=fix, unsafe=unsafe_fixes, force=force):
            code = ExitCode.INPUT
        sys.exit(code)
    click.echo(render(sites, stats, fmt, verbose=verbose), nl=False)  # type: ignore[arg-type]
    sys.exit(code)


def _scan_fixes(
    sites: Sequence[Any], roots: Sequence[str], *, write: bool, unsafe: bool, force: bool
) -> bool:
    """Show or make the fixes; False when a file could not be read or written (the others
    are fixed all the same)."""
    from migrate.readers.base import shown_path
    from migrate.scan.fix import dirty_files, plan_fixes, write_fixes

    fixes = plan_fixes(sites, unsafe=unsafe, roots=roots)
    changed = [f for f in fixes if f.fixed]
    if write and changed and not force:
        dirty = dirty_files(f.path for f in changed)
        if dirty:
            _fail(
                f"--fix refuses to rewrite files with uncommitted changes: {', '.join(dirty)}; "
                "commit or stash them first (or pass --force)",
                ExitCode.INPUT,
            )
    failed = write_fixes(changed) if write else []
    if not write:
        for f in changed:
            click.echo(f.diff(), nl=False)
    lost = {f.path for f in failed}
    changed = [f for f in changed if f.path not in lost]
    for f in [*fixes, *failed]:
        for site, why in f.skipped:
            click.echo(f"stripe2dodo: not fixed: {site.label()}: {why}", err=True)
    problems = [f for f in [*fixes, *failed] if f.problem is not None]
    for f in problems:
        click.echo(f"stripe2dodo: error: {shown_path(f.path)}: {f.problem}", err=True)
    verb = "fixed" if write else "would fix"
    count = sum(len(f.fixed) for f in changed)
    left = sum(len(f.skipped) for f in [*fixes, *failed])
    click.echo(
        f"stripe2dodo: {verb} {count} call site(s) in {len(changed)} file(s); {left} left as is",
        err=True,
    )
    return not problems


def _stripe_options(fn: F) -> F:
    fn = click.option(
        "--stripe-api-base",
        envvar="STRIPE_API_BASE",
        metavar="URL",
        help="Stripe API base URL, for a proxy or a local mock server [env: STRIPE_API_BASE].",
    )(fn)
    fn = click.option(
        "--stripe-key",
        envvar="STRIPE_API_KEY",
        metavar="KEY",
        show_envvar=True,
        help="Stripe secret or restricted (read-only) key. Prefer the environment variable.",
    )(fn)
    return fn


def _export_to(
    path: str, *, key: str | None, api_base: str | None, customers: bool, sessions: bool
) -> dict[str, int]:
    """Export into a temporary file next to ``path`` and rename it only when complete."""
    from migrate.readers.stripe_api import export_snapshot, make_client

    with AtomicFile(path) as out, Progress("reading the Stripe account", unit="objects") as bar:
        client = make_client(key or "", api_base=api_base)
        return export_snapshot(
            client,
            out,
            include_customers=customers,
            include_sessions=sessions,
            on_object=bar.advance,
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "markdown", "json", "html", "sarif"]),
    default="terminal",
    show_default=True,
)
@click.option("-o", "--output", type=OutputFile(), help="Write here, not stdout.")
@click.option("--id-map", "id_map", type=click.Path(dir_okay=False), help="Stripe id -> Dodo id.")
@click.option(
    "--ledger", type=click.Path(dir_okay=False), help="An apply ledger: what already exists."
)
@click.option(
    "--tax-category",
    multiple=True,
    metavar="CATEGORY|TXCD=CATEGORY",
    help="Default Dodo tax category for planned products, or one per Stripe tax code.",
)
@click.option("--details", is_flag=True, help="Terminal/Markdown: every item, not only totals.")
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="0 nothing to migrate, 2 changes and no blockers, 1 blockers or errors.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["blocker", "warning"]),
    default="blocker",
    show_default=True,
    help="Exit 1 when an item has a finding at this level or worse.",
)
@click.option("--now", default=None, help="Reference time for trial_end (unix or ISO 8601).")
@click.option("--jobs", default="auto", show_default=True, metavar="N|auto")
@click.option(
    "--stripe",
    "from_stripe",
    is_flag=True,
    help="Also read the Stripe account itself (read-only; the key from STRIPE_API_KEY).",
)
@_stripe_options
@guarded
def report(
    *,
    paths: tuple[str, ...],
    fmt: str,
    output: Any,
    id_map: str | None,
    ledger: str | None,
    tax_category: tuple[str, ...],
    details: bool,
    detailed_exitcode: bool,
    fail_on: str,
    now: str | None,
    jobs: str,
    from_stripe: bool,
    stripe_key: str | None,
    stripe_api_base: str | None,
) -> None:
    """The dry-run migration report: catalog, sessions, code and webhooks, what moves cleanly,
    what changes meaning, what needs a decision and what is blocked. Creates nothing.

    PATHS may hold any mix of Stripe snapshots (`stripe2dodo export`), payload files, code,
    and an id-map.json (default: the current folder).

    \b
    Exit codes: 0 no blocker (with --fail-on warning: no warning either), 1 blockers,
    2 an input could not be read. With --detailed-exitcode: 0 nothing to migrate,
    2 changes and no blockers, 1 blockers or errors.
    """
    from migrate.formats.report import render
    from migrate.report.build import ReportOptions, build_report
    from migrate.scan.scan import CallSite

    default, mapping = _parse_tax(tax_category)
    opts = ReportOptions(
        id_map=id_map,
        ledger=ledger,
        tax_default=default,
        tax_map=mapping,
        now=_parse_now(now),
        jobs=_parse_jobs(jobs),
    )
    sites: list[CallSite] = []
    inputs = list(paths) or ["."]
    with tempfile.TemporaryDirectory(prefix="stripe2dodo-report-") as tmp:
        if from_stripe:
            snapshot = str(Path(tmp) / "stripe-account.jsonl")
            _export_to(
                snapshot, key=stripe_key, api_base=stripe_api_base, customers=True, sessions=True
            )
            inputs.append(snapshot)
        with Progress("reading the inputs") as progress:
            built = build_report(inputs, opts, progress, sites_out=sites)
    for problem in built.problems:
        click.echo(f"stripe2dodo: error: {problem}", err=True)
    text = render(built, fmt, sites=sites, details=details)  # type: ignore[arg-type]
    if output:
        output.write(text)
        output.commit()
        click.echo(f"stripe2dodo: wrote {output.path}", err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(report_exit_code(built, detailed=detailed_exitcode, fail_on=fail_on))


def report_exit_code(built: Any, *, detailed: bool, fail_on: str) -> int:
    """The exit code of ``report`` (see its help)."""
    blocked = built.summary.totals["blocked"] > 0
    if detailed:
        if blocked or built.problems:
            return int(ExitCode.FINDINGS)
        work = (
            any(c.action in ("create", "manual") for c in built.catalog)
            or built.sessions
            or built.code
        )
        return 2 if work else 0
    if built.problems:
        return int(ExitCode.INPUT)
    warned = built.summary.findings["warning"] > 0
    if blocked or (fail_on == "warning" and warned):
        return int(ExitCode.FINDINGS)
    return int(ExitCode.CLEAN)


@main.group()
def retries() -> None:
    """Plan safe retries of failed on-demand charges (Dodo's retry policy)."""


@retries.command("plan")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option("--now", default=None, help="Plan as of this time (ISO 8601 or unix; default: now).")
@click.option("--tz", "display_tz", default=None, help="Show local times in this IANA time zone.")
@click.option(
    "--max-per-minute",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="At most this many attempts in any one minute (no bursts).",
)
@guarded
def retries_plan(
    *,
    paths: tuple[str, ...],
    fmt: str,
    now: str | None,
    display_tz: str | None,
    max_per_minute: int,
) -> None:
    """For each failed charge in PATHS (CSV or JSON: subscription_id, customer_id,
    authorised_at, amount, currency, attempted_at, decline_code), the next attempt: at most four
    attempts at T, T+3, T+10 and T+17 days at the authorisation's time of day (UTC), never after
    a hard decline or a repeated one, spread so no minute gets a burst.

    \b
    Exit codes: 0 planned, 2 some rows or files could not be read (the rest is planned).
    """
    from datetime import UTC, datetime

    from migrate.retries import run_retries_plan

    stamp = _parse_now(now)
    when = datetime.fromtimestamp(stamp, UTC) if stamp is not None else datetime.now(UTC)

    def problem(message: str) -> None:
        click.echo(f"stripe2dodo: error: {message}", err=True)

    text, code = run_retries_plan(
        list(paths),
        fmt,  # type: ignore[arg-type]
        now=when,
        display_tz=display_tz,
        max_per_minute=max_per_minute,
        on_problem=problem,
    )
    click.echo(text, nl=False)
    sys.exit(code)


@main.command()
@click.argument("code", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True
)
@guarded
def rules(code: str | None, fmt: str) -> None:
    """List the mapping rules, or explain one rule by CODE (e.g. C003)."""
    table = load_table()
    if code:
        rule = table.by_code.get(code.upper())
        if rule is None:
            _fail(f"no rule {code!r}: run `stripe2dodo rules` for the list", ExitCode.INPUT)
            return
        click.echo(render_rule(rule))
        return
    if fmt == "markdown":
        click.echo(render_reference(table), nl=False)
        return
    row = "{:6} {:8} {:8} {:45} {}"
    click.echo(row.format("CODE", "KIND", "LEVEL", "STRIPE FIELD", "NAME").rstrip())
    for rule in table:
        level = rule.finding_level.value if rule.finding_level else "-"
        click.echo(row.format(rule.code, rule.kind, level, rule.stripe or "", rule.name))


# ---------------------------------------------------------------------------------------------
# Reading Stripe: export, and the catalog plan


@main.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    help="Snapshot file to write (JSON Lines).",
)
@click.option(
    "--customers/--no-customers", default=True, show_default=True, help="Read customers too."
)
@click.option(
    "--sessions/--no-sessions",
    default=True,
    show_default=True,
    help="Read checkout sessions with all their line items.",
)
@_stripe_options
@guarded
def export(
    *,
    out: str,
    customers: bool,
    sessions: bool,
    stripe_key: str | None,
    stripe_api_base: str | None,
) -> None:
    """Read the Stripe account into a snapshot file for offline use.

    Reads products, prices (with tiers and currency options), legacy plans, coupons, promotion
    codes, and optionally customers and checkout sessions, streaming. A restricted key with read
    access to those resources is enough. The file is written only when the export completes.
    """
    counts = _export_to(
        out, key=stripe_key, api_base=stripe_api_base, customers=customers, sessions=sessions
    )
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items()) or "nothing"
    click.echo(f"stripe2dodo: wrote {out}: {summary}", err=True)


def _parse_tax(values: tuple[str, ...]) -> tuple[str | None, dict[str, str]]:
    from migrate.mapping.catalog import TAX_CATEGORIES

    default: str | None = None
    mapping: dict[str, str] = {}
    for value in values:
        code, sep, category = value.partition("=")
        category = category if sep else code
        if category not in TAX_CATEGORIES:
            raise click.BadParameter(
                f"{category!r} is not a Dodo tax category ({', '.join(TAX_CATEGORIES)})",
                param_hint="--tax-category",
            )
        if sep:
            mapping[code] = category
        else:
            default = category
    return default, mapping


@main.group(invoke_without_command=True)
@click.option(
    "--snapshot",
    type=click.Path(dir_okay=False),
    help="Plan from a snapshot instead of the Stripe API.",
)
@click.option(
    "--payloads",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Checkout payloads whose inline price_data the catalog must hold (repeatable).",
)
@click.option(
    "--id-map",
    "id_map",
    type=click.Path(dir_okay=False),
    help="Stripe ids already in Dodo: adopted instead of created.",
)
@click.option(
    "--tax-category",
    multiple=True,
    metavar="CATEGORY|TXCD=CATEGORY",
    help="Default Dodo tax category, or one for a Stripe tax code (repeatable).",
)
@click.option(
    "--include-inactive", is_flag=True, help="Plan inactive prices and archived products too."
)
@click.option(
    "--currency-options",
    type=click.Choice(["localized", "separate"]),
    default="localized",
    show_default=True,
    help="Extra currencies of a price: localized prices of one product, or one product each.",
)
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Plan file to write (JSON).")
@click.option(
    "--id-map-out",
    type=OutputFile(),
    help="Also write the id map the plan yields, for `translate --id-map`.",
)
@click.option(
    "--save-snapshot",
    type=click.Path(dir_okay=False),
    help="When reading the API, keep the snapshot here.",
)
@_stripe_options
@click.pass_context
@guarded
def plan(
    ctx: click.Context,
    *,
    snapshot: str | None,
    payloads: tuple[str, ...],
    id_map: str | None,
    tax_category: tuple[str, ...],
    include_inactive: bool,
    currency_options: str,
    out: str | None,
    id_map_out: Any,
    save_snapshot: str | None,
    stripe_key: str | None,
    stripe_api_base: str | None,
) -> None:
    """Plan the Dodo catalog (products, discounts, customers) without calling Dodo.

    \b
    stripe2dodo plan --snapshot snap.jsonl --tax-category saas --out plan.json
    stripe2dodo plan show plan.json

    Exit codes: 0 no blocker, 1 some operations need manual work (blockers),
    2 unreadable input or bad usage, 3 internal error.
    """
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise click.UsageError("give --out FILE for the plan (or `plan show FILE` to read one)")
    default, mapping = _parse_tax(tax_category)
    from migrate.commands import make_plan
    from migrate.mapping.catalog import PlanOptions
    from migrate.plan.planfile import id_map_entries, read_plan

    opts = PlanOptions(
        ids=IdMap.load(id_map) if id_map else IdMap.empty(),
        tax_default=default,
        tax_map=mapping,
        include_inactive=include_inactive,
        currency_options="separate" if currency_options == "separate" else "localized",
    )
    target = Path(out)
    if not target.parent.is_dir():  # before the Stripe account is read into it
        raise ConfigError(f"{out}: cannot write the plan there: no such folder", hint="check --out")
    source = snapshot
    if source is None:  # kept beside the plan: apply checks the plan against it
        source = save_snapshot or str(Path(out).with_name(f"{Path(out).stem}.snapshot.jsonl"))
        _export_to(source, key=stripe_key, api_base=stripe_api_base, customers=True, sessions=True)
        click.echo(f"stripe2dodo: kept the account's snapshot in {source}", err=True)
    unreadable: list[str] = []
    with AtomicFile(out) as handle:  # written whole or not at all
        summary = make_plan(
            snapshot=source,
            payloads=payloads,
            id_map_path=id_map,
            opts=opts,
            out=handle,
            problems=unreadable,
        )
    if id_map_out:
        planned = IdMap.from_json(dict(id_map_entries(read_plan(out).operations)), origin=out)
        id_map_out.write(planned.dumps())
        id_map_out.commit()
    by_action = ", ".join(f"{n} {a}" for a, n in sorted(summary.by_action.items()))
    click.echo(
        f"stripe2dodo: wrote {out}: {summary.operations} operation(s): {by_action}", err=True
    )
    for problem in unreadable:  # left out of the plan: the other payloads are planned
        click.echo(f"stripe2dodo: error: {problem}", err=True)
    if unreadable:
        sys.exit(ExitCode.INPUT)
    sys.exit(ExitCode.FINDINGS if summary.by_action.get("manual") else ExitCode.CLEAN)


@plan.command("show")
@click.argument("plan_file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@guarded
def plan_show(plan_file: str, fmt: str) -> None:
    """Print a plan: counts per operation and level, then each object Stripe -> Dodo."""
    from migrate.plan.planfile import read_plan, render_show

    loaded = read_plan(plan_file)
    if fmt == "json":
        click.echo(json.dumps(loaded.summary, indent=2))
    else:
        click.echo(render_show(loaded), nl=False)


# ---------------------------------------------------------------------------------------------
# Writing to Dodo: apply, ledger, sessions, sandbox


def _dodo_options(fn: F) -> F:
    for option in reversed(
        [
            click.option(
                "--mode",
                type=click.Choice(["test", "live"]),
                default="test",
                show_default=True,
                help="Dodo mode (live also needs confirming, or --yes).",
            ),
            click.option("--live", is_flag=True, help="Same as --mode live."),
            click.option("--yes", is_flag=True, help="Do not ask for confirmation in live mode."),
            click.option(
                "--dodo-key",
                envvar="DODO_PAYMENTS_API_KEY",
                show_envvar=True,
                metavar="KEY",
                help="Dodo API key. Prefer the environment variable.",
            ),
            click.option(
                "--dodo-base-url",
                envvar="DODO_PAYMENTS_BASE_URL",
                show_envvar=True,
                metavar="URL",
                help="Dodo API base URL (e.g. a local `stripe2dodo sandbox`).",
            ),
            click.option(
                "--rate",
                type=float,
                default=10.0,
                show_default=True,
                envvar="STRIPE2DODO_RATE",
                show_envvar=True,
                help="Client-side limit, requests per second (Dodo: 10/s burst; 0: none).",
            ),
            click.option(
                "--per-minute",
                type=int,
                default=100,
                show_default=True,
                envvar="STRIPE2DODO_PER_MINUTE",
                show_envvar=True,
                help="Client-side limit, requests per minute (Dodo: 100/min; 0: none).",
            ),
        ]
    ):
        fn = option(fn)
    return fn


def _dodo_client(
    *,
    key: str | None,
    base_url: str | None,
    live: bool,
    yes: bool,
    rate: float,
    per_minute: int,
    what: str,
) -> Any:
    from migrate.dodo.client import DodoClient, RateLimiter, is_live_url, resolve_base_url

    url = resolve_base_url("live" if live else "test", base_url)
    if (live or is_live_url(url)) and not yes:  # a base URL on the live host is live mode too
        if not sys.stdin.isatty():
            raise ConfigError(
                "live mode without a terminal needs --yes"
                + ("" if live else f" (the Dodo base URL {url} is the live host)"),
                hint="pass --yes to confirm, or point DODO_PAYMENTS_BASE_URL elsewhere",
            )
        click.confirm(f"{what} in Dodo LIVE mode ({url})?", abort=True, err=True)
    return DodoClient(
        key or "", base_url=url, limiter=RateLimiter(per_second=rate, per_minute=per_minute)
    )


def _ledger_path(plan_file: str, given: str | None) -> str:
    return given or str(Path(plan_file).with_suffix(".ledger.sqlite"))


@main.command("apply")
@click.argument("plan_file", type=click.Path(dir_okay=False))
@click.option(
    "--apply",
    "do_apply",
    is_flag=True,
    help="Send the requests. Without it nothing is written: the requests are printed.",
)
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False),
    help="SQLite ledger (default: PLAN.ledger.sqlite beside the plan).",
)
@click.option(
    "--force", is_flag=True, help="Apply even if the plan's inputs changed since it was made."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Requests in flight at once.",
)
@_dodo_options
@guarded
def apply_command(
    *,
    plan_file: str,
    do_apply: bool,
    ledger_path: str | None,
    force: bool,
    workers: int,
    mode: str,
    live: bool,
    yes: bool,
    dodo_key: str | None,
    dodo_base_url: str | None,
    rate: float,
    per_minute: int,
) -> None:
    """Create the plan's Dodo objects: dry run unless --apply; resumable; nothing created twice.

    \b
    Exit codes: 0 everything done, 1 some operations failed or are ambiguous (run again),
    2 unusable plan, ledger, key or options, 3 internal error, 4 all done but what needs
    manual work (running again changes nothing).
    """
    from migrate.apply.engine import apply_plan
    from migrate.apply.ledger import Ledger
    from migrate.plan.planfile import read_plan, verify_inputs

    plan = read_plan(plan_file)  # checks the operations before anything is opened or sent
    problem = verify_inputs(plan)
    if problem and not force:
        raise ConfigError(
            f"{plan_file}: {problem}",
            hint="make the plan again, or pass --force to apply it as it is",
        )
    # one writing run per ledger: a second refuses (exit 2) before asking or sending anything;
    # a dry run writes no ledger file
    where = _ledger_path(plan_file, ledger_path)
    ledger = Ledger(
        where if do_apply or Path(where).exists() else ":memory:",
        exclusive=do_apply,
        holder="apply --apply",
    )
    plan_hash = str(plan.header.get("inputs", {}).get("hash", ""))
    client = None
    if do_apply:
        creates = sum(1 for op in plan.operations if op.action == "create")
        try:
            client = _dodo_client(
                key=dodo_key,
                base_url=dodo_base_url,
                live=live or mode == "live",
                yes=yes,
                rate=rate,
                per_minute=per_minute,
                what=f"Create up to {creates} object(s)",
            )
        except BaseException:
            ledger.close()  # and its lock
            raise
        ledger.set_meta("plan", plan_hash)
    progress = _progress(len(plan.operations)) if do_apply else None
    try:  # without a client, a dry run: the ledger is read, not changed
        run = apply_plan(
            plan.operations,
            ledger=ledger,
            client=client,
            workers=workers,
            on_done=(lambda op, state: progress.advance()) if progress else None,
        )
    finally:
        if progress is not None:
            progress.stop()
        ledger.close()
    report, requests = run.report, run.requests or []
    for request in requests:
        click.echo(json.dumps(request, ensure_ascii=False))
    if not do_apply and "done" in report.states:
        report.states["to create"] = report.states.pop("done")
    states = ", ".join(f"{n} {s}" for s, n in sorted(report.states.items()) if n)
    verb = "applied" if do_apply else "dry run (nothing sent; --apply sends)"
    click.echo(f"stripe2dodo: {verb}: {states or 'nothing to do'}", err=True)
    code = _tell_outcome(report, _ledger_path(plan_file, ledger_path) if do_apply else None)
    if not do_apply:  # what --apply would do, for a person (stdout holds the requests)
        from migrate.apply.dry_run import render_dry_run, target_url

        is_live = live or mode == "live"
        text = render_dry_run(
            plan_file,
            plan.operations,
            report.states,
            requests,
            ledger=ledger_path,
            live=is_live,
            base_url=target_url(is_live, dodo_base_url),
        )
        click.echo(text, err=True)
    sys.exit(code)


def _tell_outcome(report: Any, ledger_file: str | None) -> int:
    """After apply's summary: each failure (running again finishes it) and each operation that
    needs a person (running again changes nothing); the exit code that tells them apart."""
    shown = 20
    for label, items in (("failed", report.failures), ("needs manual work", report.manual)):
        for key, reason in items[:shown]:
            click.echo(f"stripe2dodo: {label}: {key}: {reason}", err=True)
        if len(items) > shown:
            more = f" (stripe2dodo ledger show {ledger_file})" if ledger_file else ""
            click.echo(f"stripe2dodo: ... and {len(items) - shown} more{more}", err=True)
    if report.manual:
        click.echo(
            f"stripe2dodo: {len(report.manual)} operation(s) need manual work, which no rerun "
            "does: fix them in Stripe and make the plan again, or create them in Dodo yourself "
            "and plan again with --id-map",
            err=True,
        )
    if report.failures:
        click.echo(
            f"stripe2dodo: {len(report.failures)} operation(s) failed or may exist in Dodo: "
            "run again (the same command resumes; fix what Dodo refused first)",
            err=True,
        )
        return int(ExitCode.FINDINGS)
    return int(ExitCode.MANUAL if report.manual else ExitCode.CLEAN)


def _progress(total: int) -> Progress:
    return Progress("applying", total, unit="operations")


@main.group()
def ledger() -> None:
    """Read a ledger: what apply created, adopted, failed."""


@ledger.command("show")
@click.argument(
    "ledger_file",
    type=click.Path(),
    callback=existing_file("ledger", "apply a plan first, or check the path"),
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@guarded
def ledger_show(ledger_file: str, fmt: str) -> None:
    """Counts per kind and state, then every operation that is not done."""
    from migrate.apply.ledger import Ledger

    with Ledger(ledger_file) as book:
        entries = list(book.entries())
        counts, sessions = book.counts(), book.session_counts()
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "counts": counts,
                    "sessions": sessions,
                    "operations": [e.as_dict() for e in entries],
                },
                indent=2,
            )
        )
        return
    for kind, states in sorted(counts.items()):
        click.echo(f"{kind:16} " + ", ".join(f"{n} {s}" for s, n in sorted(states.items())))
    if sessions:
        click.echo(f"{'checkout':16} " + ", ".join(f"{n} {s}" for s, n in sorted(sessions.items())))
    for entry in entries:
        if entry.state == "manual":  # no attempt is made: say what a person must do
            click.echo(f"  {entry.state:9} {entry.key}: {entry.reason or 'left to a person'}")
        elif entry.state not in ("done", "adopted", "skipped"):
            why = f": {entry.error}" if entry.error else ""
            click.echo(f"  {entry.state:9} {entry.key} ({entry.attempts} attempt(s)){why}")


@ledger.command("ids")
@click.argument(
    "ledger_file",
    type=click.Path(),
    callback=existing_file("ledger", "apply a plan first, or check the path"),
)
@click.option(
    "--merge",
    "merge",
    type=click.Path(dir_okay=False),
    metavar="MAP",
    help="An id map (plan --id-map-out) to put the ledger's ids into, keeping its prices.",
)
@click.option(
    "-o",
    "--out",
    type=OutputFile(),
    default="-",
    help="Write here (default stdout). An existing file is only replaced with --merge.",
)
@guarded
def ledger_ids(ledger_file: str, merge: str | None, out: Any) -> None:
    """The id map (Stripe id -> Dodo id) of what was created or adopted, for translate.

    \b
    stripe2dodo ledger ids plan.ledger.sqlite --merge ids.json -o ids.json
    puts the real ids into the priced map `plan --id-map-out` wrote (same format).
    """
    from migrate.apply.ledger import Ledger

    if merge is None and out.path != "-" and Path(out.path).exists():
        raise ConfigError(
            f"{out.path}: already exists; the ledger's bare ids would replace it",
            hint=f"pass --merge {out.path} to put the ledger's ids into it (its prices are kept)",
        )
    base = IdMap.load(merge) if merge else IdMap.empty()
    with Ledger(ledger_file) as book:
        merged, conflicts = base.with_ledger(book.id_map(), ledger_wins=True, resolve=book.resolve)
    for key, old, new in conflicts:
        click.echo(
            f"stripe2dodo: note: {key}: {merge} had {old}, the ledger has {new} (written)",
            err=True,
        )
    out.write(merged.dumps())
    out.commit()


@main.group()
def sessions() -> None:
    """Batch-create Dodo checkout sessions from Stripe sessions and payloads."""


@sessions.command("create")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--stripe-sessions",
    is_flag=True,
    help="Also the checkout sessions of the Stripe account (read live, with all line items).",
)
@click.option(
    "--snapshot",
    type=click.Path(dir_okay=False),
    help="Also the recorded checkout sessions of a snapshot.",
)
@click.option("--id-map", "id_map", type=click.Path(dir_okay=False), help="Stripe id -> Dodo id.")
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(dir_okay=False),
    help="Ledger of an applied plan: resolves product ids, records sessions.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Check Dodo's totals with POST /checkouts/preview before creating.",
)
@click.option(
    "--apply",
    "do_apply",
    is_flag=True,
    help="Create the sessions. Without it the requests are written only.",
)
@click.option(
    "-o",
    "--out",
    type=OutputFile(),
    default="-",
    help="Mapping file (JSON Lines): source -> session.",
)
@_dodo_options
@_stripe_options
@guarded
def sessions_create(
    *,
    paths: tuple[str, ...],
    snapshot: str | None,
    stripe_sessions: bool,
    id_map: str | None,
    ledger_path: str | None,
    preview: bool,
    do_apply: bool,
    out: Any,
    mode: str,
    live: bool,
    yes: bool,
    dodo_key: str | None,
    dodo_base_url: str | None,
    rate: float,
    per_minute: int,
    stripe_key: str | None,
    stripe_api_base: str | None,
) -> None:
    """Translate each Stripe session or payload and create its Dodo checkout session.

    \b
    Exit codes: 0 all created (or planned), 1 some blocked or failed, 2 bad input or options.
    """
    from migrate.apply.ledger import Ledger
    from migrate.apply.sessions import create_sessions
    from migrate.commands import translate_paths

    inputs = [*paths, *([snapshot] if snapshot else [])]
    if not inputs and not stripe_sessions:
        raise click.UsageError(
            "give payload files or folders, --snapshot FILE or --stripe-sessions"
        )
    if do_apply and ledger_path is None:
        raise click.UsageError(
            "--apply needs --ledger FILE (it records the sessions, so a rerun resumes)"
        )
    ids = IdMap.empty()
    if ledger_path and not do_apply and not Path(ledger_path).exists():
        raise ConfigError(
            f"{ledger_path}: no such ledger",
            hint="apply the plan first, or check the --ledger path",
        )
    if id_map:
        ids = IdMap.load(id_map)
    if ledger_path:  # what the applied plan created or adopted: real ids and discount codes
        with Ledger(ledger_path) as applied:  # an explicit map's real ids win over the ledger
            ids, _ = ids.with_ledger(applied.id_map(), ledger_wins=False)
    opts = Options(ids=ids)
    client = None
    if do_apply or preview:
        client = _dodo_client(
            key=dodo_key,
            base_url=dodo_base_url,
            live=live or mode == "live",
            yes=yes,
            rate=rate,
            per_minute=per_minute,
            what="Create checkout sessions",
        )
    book = (
        Ledger(ledger_path, exclusive=do_apply, holder="sessions create --apply")
        if ledger_path
        else None
    )
    progress = Progress("creating checkout sessions", unit="sessions")
    try:
        results: Any = translate_paths(inputs, opts) if inputs else iter(())
        if stripe_sessions:
            results = itertools.chain(results, _live_sessions(stripe_key, stripe_api_base, opts))
        report = create_sessions(
            results,
            client=client,
            ledger=book,
            out=out,
            apply=do_apply,
            preview=preview,
            on_item=progress.advance,
        )
    finally:
        progress.stop()
        out.commit()  # each line is a true record of what happened, even after an interruption
        if book is not None:
            book.close()
    states = ", ".join(f"{n} {s}" for s, n in sorted(report.states.items()))
    for source, reason in report.unreadable:
        click.echo(f"stripe2dodo: error: {source}: {reason}", err=True)
    click.echo(f"stripe2dodo: checkout sessions: {states or 'none'}", err=True)
    for source, reason in report.examples:
        click.echo(f"stripe2dodo: not created: {source}: {reason}", err=True)
    if report.failed > len(report.examples):
        click.echo(
            f"stripe2dodo: ... and {report.failed - len(report.examples)} more (see the output)",
            err=True,
        )
    if report.states.get("unreadable"):
        sys.exit(ExitCode.INPUT)
    sys.exit(ExitCode.FINDINGS if report.failed else ExitCode.CLEAN)


def _live_sessions(key: str | None, api_base: str | None, opts: Options) -> Any:
    """The account's checkout sessions (with all their line items), translated one by one."""
    from migrate.commands import translate_guarded
    from migrate.readers.base import RawPayload, SourceRef
    from migrate.readers.stripe_api import iter_account, make_client

    client = make_client(key or "", api_base=api_base)
    for session in iter_account(client, include_sessions=True, catalog=False):
        source = SourceRef(f"stripe:{session.get('id')}", "json")
        yield translate_guarded(RawPayload(source, session), opts)  # one bad session is its own


@main.command()
@click.option(
    "--port",
    type=int,
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--latency", type=float, default=0.0, show_default=True, help="Seconds added to every request."
)
@click.option(
    "--rate-limit",
    type=float,
    default=0.0,
    show_default=True,
    help="Requests per second before 429 (0: none).",
)
@click.option(
    "--error-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of requests answered with a 5xx.",
)
@click.option(
    "--lost-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of creates committed but never answered.",
)
@click.option(
    "--throttle-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of requests answered 429.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fault generator.")
@guarded
def sandbox(
    *,
    port: int,
    latency: float,
    rate_limit: float,
    error_rate: float,
    lost_rate: float,
    throttle_rate: float,
    seed: int,
) -> None:
    """Run a local Dodo-compatible API on 127.0.0.1, to rehearse a migration without an account."""
    from migrate.sandbox.server import ready_message, serve

    serve(
        port,
        on_ready=lambda box: click.echo(ready_message(box.url), err=True),
        latency=latency,
        rate_limit=rate_limit,
        error_rate=error_rate,
        lost_rate=lost_rate,
        throttle_rate=throttle_rate,
        seed=seed,
    )

"""The ``stripe2dodo`` command line: parse options, call one library function, render, exit."""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from migrate import __version__
from migrate.commands import RenderJob, default_jobs, exit_code, run_translate
from migrate.errors import ExitCode, Stripe2DodoError
from migrate.idmap import IdMap
from migrate.render.reference import render_reference, render_rule
from migrate.render.translation import Format, Summary
from migrate.rules import load_table
from migrate.translate import Options

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
    type=click.File("w", encoding="utf-8"),
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
    output.flush()
    if fmt != Format.TEXT.value:
        lv = summary.levels
        click.echo(
            f"stripe2dodo: {summary.items} item(s), {summary.errors} unreadable; "
            f"{lv['blocker']} blocker, {lv['warning']} warning, {lv['info']} info",
            err=True,
        )
    sys.exit(exit_code(summary, strict=strict, internal=internal))


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
    for rule in table:
        level = rule.finding_level.value if rule.finding_level else "-"
        click.echo(f"{rule.code:6} {rule.kind:8} {level:8} {rule.stripe or '':45} {rule.name}")


# ---------------------------------------------------------------------------------------------
# Reading Stripe: export, and the catalog plan


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
    from migrate.stripe_source import export_snapshot, make_client

    client = make_client(key or "", api_base=api_base)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            counts = export_snapshot(
                client, out, include_customers=customers, include_sessions=sessions
            )
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return counts


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
    from migrate.catalog import TAX_CATEGORIES

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
    type=click.Path(dir_okay=False),
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
    id_map_out: str | None,
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
    from migrate.catalog import PlanOptions
    from migrate.commands import make_plan
    from migrate.plan import id_map_entries, read_plan

    opts = PlanOptions(
        ids=IdMap.load(id_map) if id_map else IdMap.empty(),
        tax_default=default,
        tax_map=mapping,
        include_inactive=include_inactive,
        currency_options="separate" if currency_options == "separate" else "localized",
    )
    with tempfile.TemporaryDirectory() as tmp:
        source = snapshot
        if source is None:
            source = save_snapshot or str(Path(tmp) / "snapshot.jsonl")
            _export_to(
                source, key=stripe_key, api_base=stripe_api_base, customers=True, sessions=True
            )
        with Path(out).open("w", encoding="utf-8") as handle:
            summary = make_plan(
                snapshot=source, payloads=payloads, id_map_path=id_map, opts=opts, out=handle
            )
    if id_map_out:
        entries = dict(id_map_entries(read_plan(out).operations))
        Path(id_map_out).write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    by_action = ", ".join(f"{n} {a}" for a, n in sorted(summary.by_action.items()))
    click.echo(
        f"stripe2dodo: wrote {out}: {summary.operations} operation(s): {by_action}", err=True
    )
    sys.exit(ExitCode.FINDINGS if summary.by_action.get("manual") else ExitCode.CLEAN)


@plan.command("show")
@click.argument("plan_file", type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@guarded
def plan_show(plan_file: str, fmt: str) -> None:
    """Print a plan: counts per operation and level, then each object Stripe -> Dodo."""
    from migrate.plan import read_plan, render_show

    loaded = read_plan(plan_file)
    if fmt == "json":
        click.echo(json.dumps(loaded.summary, indent=2))
    else:
        click.echo(render_show(loaded), nl=False)

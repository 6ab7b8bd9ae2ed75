"""The ``stripe2dodo`` command line: parse options, call one library function, render, exit."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
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

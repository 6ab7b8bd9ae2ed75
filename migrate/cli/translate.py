"""``stripe2dodo translate``."""

from __future__ import annotations

import sys
from typing import Any

import click

from migrate.cli.base import error, say
from migrate.cli.options import (
    auto_jobs_option,
    fail_level,
    fail_options,
    format_option,
    id_map_option,
    now_option,
    output_option,
    traceback_wanted,
    verbose_option,
)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@id_map_option
@fail_options
@format_option(
    ["text", "json", "jsonl"],
    help="text for people; json one document (stripe2dodo.translate/v1); jsonl one result "
    "per line, streamed.",
)
@now_option("Reference time for trial_end (unix seconds or ISO date).")
@output_option("Write the output here instead of stdout.")
@verbose_option("Text format: show info findings too.")
@click.option(
    "--full",
    is_flag=True,
    help="JSON formats: add the normalised Stripe params and the outcome of every Stripe field.",
)
@click.option(
    "--indent",
    type=click.IntRange(0, 8),
    metavar="N",
    help="json format: indent the JSON by N spaces (default: compact, one result a line).",
)
@click.option(
    "--refs",
    is_flag=True,
    help="json and jsonl: each distinct finding text written once; findings name it by ref "
    "(stripe2dodo.translate/v2).",
)
@auto_jobs_option
def translate(
    *,
    paths: tuple[str, ...],
    id_map: str | None,
    strict: bool,
    fail_on: str,
    fmt: str,
    now: int | None,
    output: Any,
    verbose: bool,
    full: bool,
    indent: int | None,
    refs: bool,
    jobs: int | None,
) -> None:
    """Translate Stripe Checkout payloads into Dodo checkout-session bodies.

    PATHS are files or folders of JSON, JSON Lines, form-encoded bodies or curl commands
    (auto-detected); `-` or nothing reads stdin.

    \b
    Exit codes: 0 clean, 1 blockers found (with --strict: warnings too),
                2 input that could not be read, 3 internal error.
    """
    from migrate.commands.translate import RenderJob, default_jobs, translate
    from migrate.formats import Format
    from migrate.mapping.translate import Options
    from migrate.readers.idmap import IdMap

    if not paths and sys.stdin.isatty():
        raise click.UsageError("give PATHS to translate, or pipe payloads into stdin (`-`)")
    opts = Options(ids=IdMap.load(id_map) if id_map else IdMap.empty(), now=now)
    job = RenderJob(
        opts,
        Format(fmt),
        verbose=verbose,
        full=full,
        traceback=traceback_wanted(),
        indent=indent,
        refs=refs,
    )
    result = translate(
        paths or ("-",),
        job,
        output,
        jobs=default_jobs() if jobs is None else jobs,
        auto=jobs is None,
        stdin=sys.stdin,
        fail_on=fail_level(strict, fail_on),
        on_error=lambda label, message: error(f"{label}: {message}"),
    )
    output.commit()
    if not job.renderer().for_people:  # data on stdout: the counts go to stderr
        summary = result.summary
        lv = summary.levels
        say(
            f"{summary.items} item(s), {summary.errors} unreadable; "
            f"{lv['blocker']} blocker, {lv['warning']} warning, {lv['info']} info"
        )
    sys.exit(result.exit_code)

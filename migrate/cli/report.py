"""``stripe2dodo report``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from migrate.cli.base import Redacted, error, say
from migrate.cli.options import (
    TaxCategories,
    baseline_option,
    fail_level,
    fail_options,
    format_option,
    id_map_option,
    jobs_option,
    ledger_option,
    no_cache_option,
    now_option,
    output_option,
    stripe_options,
    tax_category_option,
)
from migrate.commands.plan import StripeAccess

if TYPE_CHECKING:
    from migrate.commands.report import ReportRun


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@format_option(
    ["text", "markdown", "json", "html", "sarif"],
    aliases={"terminal": "text"},
    help="text: tables for a terminal; markdown: for a pull-request comment; json: "
    "stripe2dodo.report/v2; html: one page; sarif: the code part.",
)
@output_option("Write the report here instead of stdout.")
@id_map_option
@ledger_option("An apply ledger: what already exists in Dodo.")
@tax_category_option
@click.option("--details", is_flag=True, help="Text/Markdown: every item, not only totals.")
@click.option("--full", is_flag=True, help="JSON: each item's per-field outcomes (fields) too.")
@click.option("--pretty", is_flag=True, help="JSON: indented, not one compact line.")
@click.option(
    "--refs",
    is_flag=True,
    help="JSON: each distinct finding text once (in texts); findings name it by ref.",
)
@fail_options
@baseline_option("report")
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="0 nothing to migrate, 2 changes and no blockers, 1 blockers or errors.",
)
@now_option("Reference time for trial_end (unix seconds or ISO date).")
@jobs_option
@no_cache_option
@click.option(
    "--stripe",
    "from_stripe",
    is_flag=True,
    help="Also read the Stripe account itself (read-only; the key from STRIPE_API_KEY).",
)
@stripe_options
def report(
    *,
    paths: tuple[str, ...],
    fmt: str,
    output: Any,
    id_map: str | None,
    ledger: str | None,
    tax: TaxCategories,
    details: bool,
    full: bool,
    pretty: bool,
    refs: bool,
    strict: bool,
    fail_on: str,
    baseline: str | None,
    detailed_exitcode: bool,
    now: int | None,
    jobs: int,
    no_cache: bool,
    from_stripe: bool,
    stripe: StripeAccess,
) -> None:
    """The dry-run migration report: catalog, sessions, code and webhooks, what moves cleanly,
    what changes meaning, what needs a decision and what is blocked. Creates nothing.

    PATHS may hold any mix of Stripe snapshots (`stripe2dodo export`), payload files, code,
    and an id-map.json (default: the current folder).

    \b
    Exit codes: 0 no blocker (with --fail-on warning or --strict: no warning either),
    1 blockers, 2 an input or the baseline could not be read. With --detailed-exitcode:
    0 nothing to migrate, 2 changes and no blockers, 1 blockers or errors. With --baseline
    only findings new since the baseline count.
    """
    from migrate.commands.report import report

    output = Redacted(output)  # code it quotes may hold a Stripe secret key
    from migrate.report.build import ReportOptions

    opts = ReportOptions(
        id_map=id_map,
        ledger=ledger,
        tax_default=tax.default,
        tax_map=dict(tax.by_code or {}),
        now=now,
        jobs=jobs,
        cache=not no_cache,
    )
    result = report(
        paths,
        opts,
        stripe=stripe if from_stripe else None,
        fail_on=fail_level(strict, fail_on),
        baseline=baseline,
    )
    for problem in result.report.problems:
        error(problem)
    _write(result, fmt, output, details=details, full=full, pretty=pretty, refs=refs)
    output.commit()
    if output.path != "-":
        say(f"wrote {output.path}")
    if result.baseline is not None and fmt != "text":
        say(result.baseline.line())
    sys.exit(result.exit_code(detailed=detailed_exitcode))


def _write(
    result: ReportRun,
    fmt: str,
    output: Any,
    *,
    details: bool,
    full: bool,
    pretty: bool,
    refs: bool,
) -> None:
    """The report in ``fmt``, written a piece at a time; with a baseline, text ends with a
    line counting the new and known findings (json marks each finding and holds the counts)."""
    from migrate.formats import FormatOptions, format_for

    options = FormatOptions(details=details, full=full, indent=2 if pretty else None, refs=refs)
    format_for(fmt, options).write(result.result, output)
    if result.baseline is not None and fmt == "text":
        output.write(result.baseline.line() + "\n")

"""``stripe2dodo retries plan``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

import click

from migrate.cli.base import Group, error
from migrate.cli.options import format_option, now_option, output_option


@click.group(cls=Group, no_args_is_help=True)
def retries() -> None:
    """Plan safe retries of failed on-demand charges (Dodo's retry policy)."""


@retries.command("plan")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option(["text", "json", "csv"], help="csv: one row per subscription.")
@output_option("Write the schedule here instead of stdout.")
@now_option("Plan as of this time (unix seconds or ISO date; default: now).")
@click.option(
    "--tz",
    "display_tz",
    default=None,
    metavar="ZONE",
    help="Show local times in this IANA time zone.",
)
@click.option(
    "--max-per-minute",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="At most this many attempts in any one minute (no bursts).",
)
def retries_plan(
    *,
    paths: tuple[str, ...],
    fmt: str,
    output: Any,
    now: int | None,
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
    from migrate.commands.retries import retries_plan

    when = datetime.fromtimestamp(now, UTC) if now is not None else datetime.now(UTC)
    result = retries_plan(
        paths,
        fmt,  # type: ignore[arg-type]
        now=when,
        display_tz=display_tz,
        max_per_minute=max_per_minute,
        on_problem=error,
    )
    output.write(result.text)
    output.commit()
    sys.exit(result.exit_code)

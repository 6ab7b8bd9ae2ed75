"""``stripe2dodo sessions create``."""

from __future__ import annotations

import sys
from typing import Any

import click

from migrate.cli.base import Group, dodo_connector, error, say
from migrate.cli.options import (
    DodoSettings,
    apply_option,
    dodo_options,
    id_map_option,
    ledger_option,
    output_option,
    snapshot_option,
    stripe_options,
)
from migrate.commands.plan import StripeAccess


@click.group(cls=Group, no_args_is_help=True)
def sessions() -> None:
    """Batch-create Dodo checkout sessions from Stripe sessions and payloads."""


@sessions.command("create")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--stripe-sessions",
    is_flag=True,
    help="Also the checkout sessions of the Stripe account (read live, with all line items).",
)
@snapshot_option("Also the recorded checkout sessions of a snapshot.")
@id_map_option
@ledger_option("Ledger of an applied plan: resolves product ids, records sessions.")
@click.option(
    "--preview",
    is_flag=True,
    help="Check Dodo's totals with POST /checkouts/preview before creating.",
)
@apply_option("Create the sessions. Without it the requests are written only.")
@output_option("Mapping file (JSON Lines): source -> session.")
@dodo_options
@stripe_options
def sessions_create(
    *,
    paths: tuple[str, ...],
    snapshot: str | None,
    stripe_sessions: bool,
    id_map: str | None,
    ledger: str | None,
    preview: bool,
    send: bool,
    output: Any,
    dodo: DodoSettings,
    stripe: StripeAccess,
) -> None:
    """Translate each Stripe session or payload and create its Dodo checkout session.

    \b
    Exit codes: 0 all created (or planned), 1 some blocked or failed, 2 bad input or options.
    """
    from migrate.commands.sessions import SessionsRequest, sessions_create

    inputs = (*paths, *([snapshot] if snapshot else []))
    if not inputs and not stripe_sessions:
        raise click.UsageError(
            "give payload files or folders, --snapshot FILE or --stripe-sessions"
        )
    if send and ledger is None:
        raise click.UsageError(
            "--apply needs --ledger FILE (it records the sessions, so a rerun resumes)"
        )
    request = SessionsRequest(
        inputs,
        stripe_sessions=stripe_sessions,
        id_map=id_map,
        ledger=ledger,
        preview=preview,
        send=send,
    )
    result = sessions_create(
        request,
        output,
        connect=dodo_connector(dodo, "Create checkout sessions"),
        stripe=stripe,
    )
    report = result.report
    states = ", ".join(f"{n} {s}" for s, n in sorted(report.states.items()))
    for source, reason in report.unreadable:
        error(f"{source}: {reason}")
    say(f"checkout sessions: {states or 'none'}")
    for source, reason in report.examples:
        say(f"not created: {source}: {reason}")
    if report.failed > len(report.examples):
        say(f"... and {report.failed - len(report.examples)} more (see the output)")
    sys.exit(result.exit_code)

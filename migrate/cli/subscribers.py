"""``stripe2dodo subscribers``: plan, create, status, cutover."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from migrate.cli.base import Group, dodo_connector, say
from migrate.cli.options import (
    DodoSettings,
    TaxCategories,
    apply_option,
    dodo_options,
    format_option,
    id_map_option,
    ledger_option,
    now_option,
    output_option,
    parse_now,
    snapshot_option,
    stripe_options,
    tax_category_option,
    value_of,
    verbose_option,
)
from migrate.commands.plan import StripeAccess

_PLAN_FILE = click.argument("plan_file", type=click.Path(dir_okay=False))
_SHOWN = 20


@click.group(cls=Group, no_args_is_help=True)
def subscribers() -> None:
    """Move existing subscribers: one checkout link each, no gap, no double charge."""


@subscribers.command("plan")
@snapshot_option("The snapshot with the subscriptions (`stripe2dodo export`).")
@ledger_option("The ledger the catalog was applied with: its Dodo products and customers.")
@id_map_option
@click.option(
    "--cutover",
    "reference",
    metavar="TIME",
    callback=value_of(parse_now),
    help="Count trial days from this instant (unix seconds or ISO 8601; default now).",
)
@click.option(
    "--past-due",
    type=click.Choice(["decide", "charge-now"]),
    default="decide",
    show_default=True,
    help="past_due subscribers: leave them to a person, or charge at checkout (no trial).",
)
@tax_category_option
@click.option(
    "--currency-options",
    type=click.Choice(["localized", "separate"]),
    default="localized",
    show_default=True,
    help="How the catalog was planned (for products planned here).",
)
@click.option("--return-url", metavar="URL", help="Where Dodo sends a subscriber after paying.")
@output_option("Plan file to write (JSON).", required=True, stream=False)
def plan(
    *,
    snapshot: str | None,
    ledger: str | None,
    id_map: str | None,
    reference: int | None,
    past_due: str,
    tax: TaxCategories,
    currency_options: str,
    return_url: str | None,
    output: str,
) -> None:
    """Plan one Dodo checkout session per Stripe subscription, against the applied catalog.

    \b
    stripe2dodo subscribers plan --snapshot snap.jsonl --ledger plan.ledger.sqlite -o subs.json

    Exit codes: 0 every billing subscriber can continue, 1 some need a person (blockers or a
    decision), 2 unreadable input or bad usage.
    """
    import time

    from migrate.commands.subscribers import SubscribersPlanRequest, subscribers_plan
    from migrate.display import format_amount
    from migrate.plan.subscribers import SubscriberOptions

    if snapshot is None:
        raise click.UsageError("give --snapshot FILE (an export with subscriptions)")
    if ledger is None and id_map is None:
        raise click.UsageError("give --ledger FILE or --id-map FILE: the applied catalog")
    opts = SubscriberOptions(
        reference=reference if reference is not None else int(time.time()),
        past_due="charge-now" if past_due == "charge-now" else "decide",
        tax_default=tax.default,
        tax_map=dict(tax.by_code or {}),
        currency_options="separate" if currency_options == "separate" else "localized",
        return_url=return_url,
    )
    request = SubscribersPlanRequest(output, snapshot, opts, ledger=ledger, id_map=id_map)
    result = subscribers_plan(request)
    counts = ", ".join(f"{n} {a}" for a, n in sorted(result.actions.items())) or "none"
    say(f"wrote {result.path}: subscribers: {counts}")
    for currency, groups in sorted(result.revenue.items()):
        parts = ", ".join(
            f"{format_amount(amount.quantize(1), currency)} {action}"
            for action, amount in sorted(groups.items())
        )
        say(f"monthly revenue in {currency}: {parts}")
    sys.exit(result.exit_code)


@subscribers.command("create")
@_PLAN_FILE
@ledger_option("The ledger the catalog was applied with (records every link).")
@apply_option("Create the links. Without it nothing is sent: the requests are printed.")
@click.option(
    "--limit",
    type=click.IntRange(1),
    metavar="N",
    help="At most N new links this run (oldest Stripe period end first).",
)
@output_option("Campaign file (JSON Lines; the CSV is written beside it).", stream=False)
@now_option("Time of the run (unix seconds or ISO 8601), for rehearsals; default now.")
@click.option("--force", is_flag=True, help="Carry out the plan even if its inputs changed since.")
@dodo_options
def create(
    *,
    plan_file: str,
    ledger: str | None,
    send: bool,
    limit: int | None,
    output: str | None,
    now: int | None,
    force: bool,
    dodo: DodoSettings,
) -> None:
    """Issue each subscriber's checkout link, in waves: dry run unless --apply; resumable;
    an expired link of a subscriber who has not converted is issued again.

    \b
    Exit codes: 0 done for now, 1 some links failed, may exist, are blocked or stale (run
    or plan again), 2 unusable plan, ledger, key or options, 4 only subscribers left to a
    person remain.
    """
    from migrate.commands.subscribers import CreateRequest, subscribers_create

    if ledger is None:
        raise click.UsageError("give --ledger FILE: the ledger the catalog was applied with")
    if send and output is None:
        raise click.UsageError("--apply needs -o FILE: the campaign file for the mailer")
    request = CreateRequest(
        plan_file, ledger, send=send, limit=limit, campaign=output, now=now, force=force
    )
    result = subscribers_create(
        request, connect=dodo_connector(dodo, "Create subscribers' checkout links")
    )
    run = result.run
    for req in run.requests or ():
        click.echo(json.dumps(req, ensure_ascii=False))
    states = dict(run.states)
    if not send and "sent" in states:
        states["to send"] = states.pop("sent")
    counts = ", ".join(f"{n} {s}" for s, n in sorted(states.items()) if n) or "nothing to do"
    say(f"{'links' if send else 'dry run (nothing sent; --apply sends)'}: {counts}")
    if not run.conversions_checked:
        say("conversions were not checked (dry run): --apply asks Dodo first")
    for state, key, reason in run.notes[:_SHOWN]:
        say(f"{state}: {key}: {reason}")
    for key, reason in run.failures[:_SHOWN]:
        say(f"failed: {key}: {reason}")
    for path in result.files:
        say(f"wrote {path}: {len(run.rows)} live link(s)")
    if states.get("stale"):
        say("stale links: plan the subscribers again, then run this again")
    sys.exit(result.exit_code)


@subscribers.command("status")
@_PLAN_FILE
@ledger_option(
    "The ledger the links were recorded in (says which are live); records which Dodo "
    "subscription continues each subscriber, for `ledger ids`."
)
@snapshot_option("Read Stripe from this fresh export (`--subscription-status all`), not live.")
@format_option(["text", "json"], help="text: counts and what needs doing; json: everything.")
@output_option("Write here instead of stdout.")
@verbose_option("Text: every subscriber, not only those that need something.")
@now_option("Time to judge at (unix seconds or ISO 8601); default now.")
@dodo_options
@stripe_options
def status(
    *,
    plan_file: str,
    ledger: str | None,
    snapshot: str | None,
    fmt: str,
    output: Any,
    verbose: bool,
    now: int | None,
    dodo: DodoSettings,
    stripe: StripeAccess,
) -> None:
    """Where each subscriber stands: not converted, converted (Dodo's next billing date beside
    Stripe's period end), charged by both (a blocker, with the fix), left Stripe.

    \b
    Exit codes: 0 no subscriber is charged twice, 1 some are (or would be), 2 bad input.
    """
    from migrate.commands.subscribers import subscribers_status

    result = subscribers_status(
        plan_file,
        connect=dodo_connector(dodo, "Read Dodo subscriptions"),
        stripe=stripe,
        ledger=ledger,
        snapshot=snapshot,
        now=now,
    )
    judged = result.judged
    if fmt == "json":
        doc = {
            "schema": "stripe2dodo.subscribers-status/v1",
            "counts": judged.counts,
            "blockers": judged.blockers,
            "subscribers": [row.as_dict() for row in judged.rows],
        }
        output.write(json.dumps(doc, indent=2) + "\n")
    else:
        lines = [", ".join(f"{n} {o}" for o, n in judged.counts.items()) or "no subscribers"]
        for row in judged.rows:
            if verbose or row.level != "info":
                mark = {"blocker": "BLOCK", "warning": "WARN"}.get(row.level, "     ")
                lines.append(f"{mark} {row.stripe_id} {row.outcome}: {row.message}")
                if row.fix:
                    lines.append(f"      fix: {row.fix}")
        output.write("\n".join(lines) + "\n")
    output.commit()
    sys.exit(result.exit_code)


@subscribers.command("cutover")
@_PLAN_FILE
@apply_option("Write to Stripe. Without it nothing is written: what would be set is said.")
@dodo_options
@stripe_options
def cutover(*, plan_file: str, send: bool, dodo: DodoSettings, stripe: StripeAccess) -> None:
    """Set cancel_at_period_end on the Stripe subscriptions whose Dodo subscription is active:
    the only write to Stripe (a restricted key with Subscriptions: Write is enough). Never one
    that has not converted; running it again changes nothing.

    \b
    Exit codes: 0 done, 1 some writes failed or were refused (past_due, converted twice),
    2 bad input, key or options.
    """
    from migrate.commands.subscribers import subscribers_cutover

    result = subscribers_cutover(
        plan_file,
        send=send,
        connect=dodo_connector(dodo, "Read Dodo subscriptions"),
        stripe=stripe,
    )
    counts = ", ".join(f"{n} {s}" for s, n in result.counts.items()) or "no subscribers"
    say(f"{'cutover' if send else 'dry run (nothing written; --apply writes)'}: {counts}")
    shown = [r for r in result.rows if r.state not in ("not converted",)]
    for row in shown[:_SHOWN]:
        say(f"{row.state}: {row.stripe_id}: {row.detail}")
    if len(shown) > _SHOWN:
        say(f"... and {len(shown) - _SHOWN} more")
    sys.exit(result.exit_code)

"""Moving the catalog: ``export`` (Stripe -> snapshot), ``plan`` (snapshot -> plan file),
``apply`` (plan -> Dodo, recorded in a ledger) and ``ledger`` (read what apply did)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from migrate.cli.base import Group, dodo_connector, error, say
from migrate.cli.options import (
    DodoSettings,
    F,
    TaxCategories,
    apply_option,
    dodo_options,
    format_option,
    id_map_option,
    ledger_option,
    output_option,
    snapshot_option,
    stripe_options,
    subscription_status_option,
    tax_category_option,
)
from migrate.commands.plan import StripeAccess
from migrate.support.atomic import OutputFile, existing_file

if TYPE_CHECKING:
    from migrate.apply.engine import ApplyReport


def _id_map_format(flag: str) -> Callable[[F], F]:
    from migrate.codegen import Target

    return click.option(
        flag,
        "id_format",
        type=click.Choice([t.value for t in Target]),
        default=None,
        help="The id map as JSON (what --id-map reads), dotenv, or a module the application "
        "imports (default: by the file's suffix: .json .env .py .ts .mjs .cjs .js .rb .php .go "
        ".java .kt .cs .sh; stdout: json).",
    )


_ALLOW_PLACEHOLDERS: Callable[[F], F] = click.option(
    "--allow-placeholders",
    is_flag=True,
    help="Write the placeholder ids (s2d_...) of objects not created yet into a module or "
    "dotenv file anyway (never for production).",
)


# ---------------------------------------------------------------------------------------------
# export


@click.command()
@output_option("Snapshot file to write (JSON Lines).", required=True, stream=False)
@click.option(
    "--customers/--no-customers", default=True, show_default=True, help="Read customers too."
)
@click.option(
    "--sessions/--no-sessions",
    default=True,
    show_default=True,
    help="Read checkout sessions with all their line items.",
)
@click.option(
    "--subscriptions/--no-subscriptions",
    default=True,
    show_default=True,
    help="Read subscriptions (items, discounts, customer, payment method type).",
)
@subscription_status_option
@stripe_options
def export(
    *,
    output: str,
    customers: bool,
    sessions: bool,
    subscriptions: bool,
    statuses: tuple[str, ...],
    stripe: StripeAccess,
) -> None:
    """Read the Stripe account into a snapshot file for offline use.

    Reads products, prices (with tiers and currency options), legacy plans, coupons, promotion
    codes, and optionally customers, checkout sessions and subscriptions (active, trialing and
    past_due by default), streaming. A restricted key with read access to those resources is
    enough. The file is written only when the export completes.
    """
    from migrate.commands.plan import export

    result = export(
        output,
        stripe,
        customers=customers,
        sessions=sessions,
        subscriptions=statuses if subscriptions else (),
    )
    summary = ", ".join(f"{n} {kind}" for kind, n in result.counts.items()) or "nothing"
    say(f"wrote {result.path}: {summary}")


# ---------------------------------------------------------------------------------------------
# plan


def _currencies(
    _ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """``--currency`` values, upper-case, each one Dodo charges in (else a usage error)."""
    from migrate.mapping.table import load_enums

    known = load_enums().currencies
    out: list[str] = []
    for value in values:
        code = value.strip().upper()
        if code not in known:
            raise click.BadParameter(
                f"{value!r} is not a currency Dodo Payments charges in (an ISO 4217 code: EUR)",
                param_hint="--currency",
            )
        out.append(code)
    return tuple(dict.fromkeys(out))


def code_currency_option(fn: Any) -> Any:
    """``--currency`` (repeatable, as ``currencies``): the currencies checkout code charges in
    where it passes an inline price's currency at run time (RT011): its product is planned in
    each one."""
    return click.option(
        "--currency",
        "currencies",
        multiple=True,
        metavar="CODE",
        callback=_currencies,
        help="A currency the checkout code charges in where it passes an inline price's "
        "currency at run time: its product is planned in each one listed (repeatable; RT011).",
    )(fn)


@click.group(cls=Group, invoke_without_command=True, no_args_is_help=True)
@snapshot_option("Plan from a snapshot instead of the Stripe API.")
@click.option(
    "--payloads",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Checkout payloads whose inline price_data the catalog must hold (repeatable).",
)
@click.option(
    "--code",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Source code (files or folders, as `scan` reads them) whose Checkout creations' "
    "inline price_data the catalog must hold (repeatable).",
)
@code_currency_option
@id_map_option
@tax_category_option
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
@output_option("Plan file to write (JSON).", stream=False)
@click.option(
    "--id-map-out",
    type=OutputFile(),
    metavar="FILE",
    help="Also write the id map the plan yields, for `translate --id-map` (JSON), or as a "
    "module the application imports (by the file's suffix or --id-map-format).",
)
@_id_map_format("--id-map-format")
@_ALLOW_PLACEHOLDERS
@click.option(
    "--save-snapshot",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="When reading the API, keep the snapshot here.",
)
@stripe_options
@click.pass_context
def plan(
    ctx: click.Context,
    *,
    snapshot: str | None,
    payloads: tuple[str, ...],
    code: tuple[str, ...],
    currencies: tuple[str, ...],
    id_map: str | None,
    tax: TaxCategories,
    include_inactive: bool,
    currency_options: str,
    output: str | None,
    id_map_out: Any,
    id_format: str | None,
    allow_placeholders: bool,
    save_snapshot: str | None,
    stripe: StripeAccess,
) -> None:
    """Plan the Dodo catalog (products, discounts, customers) without calling Dodo.

    \b
    stripe2dodo plan --snapshot snap.jsonl --tax-category saas -o plan.json
    stripe2dodo plan --snapshot snap.jsonl --code src/ --tax-category saas -o plan.json
    stripe2dodo plan show plan.json

    Exit codes: 0 no blocker, 1 some operations need manual work (blockers),
    2 unreadable input or bad usage, 3 internal error.
    """
    if ctx.invoked_subcommand is not None:
        return
    if output is None:
        raise click.UsageError("give -o FILE for the plan (or `plan show FILE` to read one)")
    from migrate.commands.plan import PlanRequest, plan
    from migrate.mapping.catalog import PlanOptions
    from migrate.readers.idmap import IdMap

    ids_how = None
    if id_map_out is not None:  # the format is known (or refused) before any work
        from migrate.commands.ids import IdMapOut

        argv = ["plan", *(["--snapshot", snapshot] if snapshot else [])]
        argv += [a for p in payloads for a in ("--payloads", p)]
        argv += [a for p in code for a in ("--code", p)]
        argv += [a for c in currencies for a in ("--currency", c)]
        argv += [*(["--id-map", id_map] if id_map else []), "-o", output]
        argv += ["--id-map-out", id_map_out.path]
        argv += [*(["--id-map-format", id_format] if id_format else [])]
        argv += [*(["--allow-placeholders"] if allow_placeholders else [])]
        ids_how = IdMapOut.of(
            id_map_out.path, id_format, argv, allow_placeholders=allow_placeholders
        )
        ids_how.check_replace(id_map_out.path)

    opts = PlanOptions(
        ids=IdMap.load(id_map) if id_map else IdMap.empty(),
        tax_default=tax.default,
        tax_map=dict(tax.by_code or {}),
        include_inactive=include_inactive,
        currency_options="separate" if currency_options == "separate" else "localized",
        code_currencies=currencies,
    )
    request = PlanRequest(
        output,
        opts,
        snapshot=snapshot,
        payloads=payloads,
        code=code,
        id_map=id_map,
        save_snapshot=save_snapshot,
        want_ids=id_map_out is not None,
    )
    result = plan(
        request, stripe, on_exported=lambda path: say(f"kept the account's snapshot in {path}")
    )
    if ids_how is not None and result.ids is not None:
        id_map_out.write(ids_how.text(result.ids, id_map_out.path))
        id_map_out.commit()
    by_action = ", ".join(f"{n} {a}" for a, n in sorted(result.summary.by_action.items()))
    say(f"wrote {result.path}: {result.summary.operations} operation(s): {by_action}")
    for problem in result.unreadable:  # left out of the plan: the other payloads are planned
        error(problem)
    sys.exit(result.exit_code)


@plan.command("show")
@click.argument("plan_file", type=click.Path(dir_okay=False))
@format_option(["text", "json"], help="text: per object; json: the plan's summary.")
def plan_show(plan_file: str, fmt: str) -> None:
    """Print a plan: counts per operation and level, then each object Stripe -> Dodo."""
    from migrate.commands.plan import plan_show
    from migrate.plan.planfile import render_show

    loaded = plan_show(plan_file)
    if fmt == "json":
        click.echo(json.dumps(loaded.summary, indent=2))
    else:
        click.echo(render_show(loaded), nl=False)


# ---------------------------------------------------------------------------------------------
# apply


@click.command("apply")
@click.argument("plan_file", type=click.Path(dir_okay=False))
@apply_option("Send the requests. Without it nothing is written: the requests are printed.")
@ledger_option("SQLite ledger (default: PLAN.ledger.sqlite beside the plan).")
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
@dodo_options
def apply(
    *,
    plan_file: str,
    send: bool,
    ledger: str | None,
    force: bool,
    workers: int,
    dodo: DodoSettings,
) -> None:
    """Create the plan's Dodo objects: dry run unless --apply; resumable; nothing created twice.

    \b
    Exit codes: 0 everything done, 1 some operations failed or are ambiguous (run again),
    2 unusable plan, ledger, key or options, 3 internal error, 4 all done but what needs
    manual work (running again changes nothing).
    """
    from migrate.commands.apply import apply

    def connect(creates: int) -> Any:
        return dodo_connector(dodo, f"Create up to {creates} object(s)")()

    result = apply(
        plan_file, send=send, connect=connect, ledger=ledger, force=force, workers=workers
    )
    for request in result.requests:  # a dry run: what --apply would send, on stdout
        click.echo(json.dumps(request, ensure_ascii=False))
    report = result.report
    states = ", ".join(f"{n} {s}" for s, n in sorted(report.states.items()) if n)
    verb = "applied" if send else "dry run (nothing sent; --apply sends)"
    say(f"{verb}: {states or 'nothing to do'}")
    _tell_outcome(report, result.ledger if send else None)
    if not send:  # what --apply would do, for a person (stdout holds the requests)
        from migrate.apply.dry_run import render_dry_run, target_url

        text = render_dry_run(
            plan_file,
            result.plan.operations,
            report.states,
            result.requests,
            ledger=ledger,
            live=dodo.is_live,
            base_url=target_url(dodo.is_live, dodo.base_url),
        )
        click.echo(text, err=True)
    sys.exit(result.exit_code)


def _tell_outcome(report: ApplyReport, ledger_file: str | None) -> None:
    """After apply's summary: each failure (running again finishes it) and each operation that
    needs a person (running again changes nothing)."""
    shown = 20
    for label, items in (("failed", report.failures), ("needs manual work", report.manual)):
        for key, reason in items[:shown]:
            say(f"{label}: {key}: {reason}")
        if len(items) > shown:
            more = f" (stripe2dodo ledger show {ledger_file})" if ledger_file else ""
            say(f"... and {len(items) - shown} more{more}")
    if report.manual:
        say(
            f"{len(report.manual)} operation(s) need manual work, which no rerun does: fix "
            "them in Stripe and make the plan again, or create them in Dodo yourself and plan "
            "again with --id-map"
        )
    if report.failures:
        say(
            f"{len(report.failures)} operation(s) failed or may exist in Dodo: run again (the "
            "same command resumes; fix what Dodo refused first)"
        )


# ---------------------------------------------------------------------------------------------
# ledger

_LEDGER_FILE = click.argument(
    "ledger_file",
    type=click.Path(),
    callback=existing_file("ledger", "apply a plan first, or check the path"),
)


@click.group(cls=Group, no_args_is_help=True)
def ledger() -> None:
    """Read a ledger: what apply created, adopted, failed."""


@ledger.command("show")
@_LEDGER_FILE
@format_option(["text", "json"], help="text: counts, then what is not done; json: everything.")
def ledger_show(ledger_file: str, fmt: str) -> None:
    """Counts per kind and state, then every operation that is not done."""
    from migrate.commands.apply import ledger_show

    view = ledger_show(ledger_file)
    if fmt == "json":
        click.echo(json.dumps(view.as_dict(), indent=2))
        return
    for kind, states in sorted(view.counts.items()):
        click.echo(f"{kind:16} " + ", ".join(f"{n} {s}" for s, n in sorted(states.items())))
    if view.sessions:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(view.sessions.items()))
        click.echo(f"{'checkout':16} {counts}")
    for entry in view.entries:
        if entry.state == "manual":  # no attempt is made: say what a person must do
            click.echo(f"  {entry.state:9} {entry.key}: {entry.reason or 'left to a person'}")
        elif entry.state not in ("done", "adopted", "skipped"):
            why = f": {entry.error}" if entry.error else ""
            click.echo(f"  {entry.state:9} {entry.key} ({entry.attempts} attempt(s)){why}")


@ledger.command("ids")
@_LEDGER_FILE
@click.option(
    "--merge",
    "merge",
    type=click.Path(dir_okay=False),
    metavar="MAP",
    help="An id map (plan --id-map-out) to put the ledger's ids into, keeping its prices.",
)
@output_option(
    "Write here (default stdout). An existing JSON map is only replaced with --merge; an "
    "existing module only when stripe2dodo generated it."
)
@_id_map_format("--format")
@_ALLOW_PLACEHOLDERS
def ledger_ids(
    ledger_file: str,
    merge: str | None,
    output: Any,
    id_format: str | None,
    allow_placeholders: bool,
) -> None:
    """The id map (Stripe id -> Dodo id) of what was created or adopted: for translate, or as
    a module the application imports (lookups that fail loudly on an unknown id).

    \b
    stripe2dodo ledger ids plan.ledger.sqlite --merge ids.json -o ids.json
    puts the real ids into the priced map `plan --id-map-out` wrote (same format);
    stripe2dodo ledger ids plan.ledger.sqlite --merge ids.json -o app/dodo_ids.py
    writes them as a Python module (dodo_product_id, dodo_customer_id, dodo_discount_code,
    dodo_subscription_id).
    """
    from migrate.commands.apply import ledger_ids
    from migrate.commands.ids import IdMapOut

    argv = ["ledger", "ids", ledger_file, *(["--merge", merge] if merge else [])]
    argv += [*(["--format", id_format] if id_format else [])]
    argv += [*(["--allow-placeholders"] if allow_placeholders else []), "-o", output.path]
    how = IdMapOut.of(output.path, id_format, argv, allow_placeholders=allow_placeholders)
    how.check_replace(output.path)
    module = how.target.value != "json"
    result = ledger_ids(ledger_file, merge=merge, out=output.path, module=module)
    text = how.text(result.ids, output.path)
    for key, old, new in result.conflicts:
        say(f"note: {key}: {merge} had {old}, the ledger has {new} (written)")
    output.write(text)
    output.commit()

"""``stripe2dodo rules``."""

from __future__ import annotations

import click

from migrate.cli.options import format_option


@click.command()
@click.argument("code", required=False)
@format_option(
    ["text", "markdown"],
    help="markdown: the whole reference, as in the README.",
)
def rules(code: str | None, fmt: str) -> None:
    """List the mapping rules, or explain one rule by CODE (e.g. C003)."""
    from migrate.commands.rules import rule, rules
    from migrate.formats.reference import render_reference, render_rule

    if code:
        click.echo(render_rule(rule(code)))
        return
    table = rules()
    if fmt == "markdown":
        click.echo(render_reference(table), nl=False)
        return
    row = "{:6} {:8} {:8} {:45} {}"
    click.echo(row.format("CODE", "KIND", "LEVEL", "STRIPE FIELD", "NAME").rstrip())
    for each in table:
        level = each.finding_level.value if each.finding_level else "-"
        click.echo(row.format(each.code, each.kind, level, each.stripe or "", each.name))

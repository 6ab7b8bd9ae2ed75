"""The ``stripe2dodo`` command line: one module per command group, each parsing its options,
calling one function of :mod:`migrate.commands`, rendering the result and exiting with its
code. This module holds the group and the error guard every command runs under."""

from __future__ import annotations

import sys
import traceback
from typing import Any

import click

from migrate import __version__
from migrate.cli import (
    catalog,
    report,
    retries,
    rules,
    sandbox,
    scan,
    sessions,
    subscribers,
    translate,
)
from migrate.cli.base import Group, fail
from migrate.cli.options import traceback_option, traceback_wanted
from migrate.errors import ExitCode, Stripe2DodoError


class Main(Group):
    """The top group: any error a command raises becomes one line on stderr and a documented
    exit code (a traceback only with ``--traceback``)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, --help, a declined confirmation
        except Stripe2DodoError as exc:
            _show_traceback()
            fail(exc.one_line(), exc.exit_code)
        except BrokenPipeError:
            sys.exit(ExitCode.CLEAN)  # the reader went away (| head): nothing more to say
        except Exception as exc:
            _show_traceback()
            fail(
                f"internal error: {type(exc).__name__}: {exc} "
                "(rerun with --traceback and report it)",
                ExitCode.INTERNAL,
            )


def _show_traceback() -> None:
    if traceback_wanted():
        traceback.print_exc()


@click.group("stripe2dodo", cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stripe2dodo")
def main() -> None:
    """Move a Stripe Checkout integration to Dodo Payments."""


def _register(group: click.Group, *commands: click.Command) -> None:
    for command in commands:
        group.add_command(command)


def _accept_traceback(command: click.Command) -> None:
    """``--traceback`` on ``command`` and every command under it."""
    command.params.append(traceback_option())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_traceback(sub)


_register(
    main,
    translate.translate,
    scan.scan,
    report.report,
    catalog.export,
    catalog.plan,
    catalog.apply,
    catalog.ledger,
    sessions.sessions,
    subscribers.subscribers,
    retries.retries,
    rules.rules,
    sandbox.sandbox,
)
_accept_traceback(main)


__all__ = ["main"]

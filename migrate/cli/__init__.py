"""The ``stripe2dodo`` command line: one module per command group, each parsing its options,
calling one function of :mod:`migrate.commands`, rendering the result and exiting with its
code. This module holds the group and the error guard every command runs under.

Start-up is lazy: a command's module is imported only when that command runs (or its own help
is asked for); ``stripe2dodo --help`` lists the commands from :data:`COMMANDS`, which holds
each one's short help (a test checks it against the command's own).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any, Final

import click

from migrate import __version__
from migrate.cli.base import Group, fail
from migrate.cli.options import traceback_option, traceback_wanted
from migrate.errors import ExitCode, Stripe2DodoError, want_tracebacks


class Main(Group):
    """The top group: any error a command raises becomes one line on stderr and a documented
    exit code (a traceback only with ``--traceback``)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`COMMANDS`: no command module is imported for it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [
            (name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit))
            if name in COMMANDS
            else (name, self.commands[name].get_short_help_str(limit))
            for name in names
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        finally:
            want_tracebacks(False)  # one command's --traceback never reaches the next

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
        import traceback

        traceback.print_exc()


@click.group("stripe2dodo", cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stripe2dodo")
def main() -> None:
    """Move a Stripe Checkout integration to Dodo Payments."""


COMMANDS: Final[dict[str, tuple[str, str]]] = {
    "translate": (
        "migrate.cli.translate:translate",
        "Translate Stripe Checkout payloads into Dodo checkout-session bodies.",
    ),
    "scan": (
        "migrate.cli.scan:scan",
        "Find Stripe Checkout code (Python, JavaScript/TypeScript, Ruby, PHP, Go, Java, "
        "C#, curl in shell and Markdown, Stripe.js and checkout.js in HTML) and the code "
        "around it, and show the Dodo equivalent at each place.",
    ),
    "report": (
        "migrate.cli.report:report",
        "The dry-run migration report: catalog, sessions, code and webhooks, what moves "
        "cleanly, what changes meaning, what needs a decision and what is blocked. "
        "Creates nothing.",
    ),
    "export": (
        "migrate.cli.catalog:export",
        "Read the Stripe account into a snapshot file for offline use.",
    ),
    "plan": (
        "migrate.cli.catalog:plan",
        "Plan the Dodo catalog (products, discounts, customers) without calling Dodo.",
    ),
    "apply": (
        "migrate.cli.catalog:apply",
        "Create the plan's Dodo objects: dry run unless --apply; resumable; nothing created twice.",
    ),
    "ledger": ("migrate.cli.catalog:ledger", "Read a ledger: what apply created, adopted, failed."),
    "sessions": (
        "migrate.cli.sessions:sessions",
        "Batch-create Dodo checkout sessions from Stripe sessions and payloads.",
    ),
    "subscribers": (
        "migrate.cli.subscribers:subscribers",
        "Move existing subscribers: one checkout link each, no gap, no double charge.",
    ),
    "retries": (
        "migrate.cli.retries:retries",
        "Plan safe retries of failed on-demand charges (Dodo's retry policy).",
    ),
    "rules": (
        "migrate.cli.rules:rules",
        "List the mapping rules, or explain one rule by CODE (e.g. C003).",
    ),
    "sandbox": (
        "migrate.cli.sandbox:sandbox",
        "Run a local Dodo-compatible API on 127.0.0.1, to rehearse a migration without an account.",
    ),
}
"""Every command: where it is defined (``module:attribute``) and its short help (the first
paragraph of its help), for ``stripe2dodo --help``."""


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands, each imported the first time it is looked up (``--traceback`` is
    added to it and every command under it then)."""

    def __init__(self, specs: dict[str, tuple[str, str]]) -> None:
        self.specs = specs
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            if name not in self.specs:
                raise KeyError(name)
            module, _, attr = self.specs[name][0].partition(":")
            command = getattr(importlib.import_module(module), attr)
            _accept_traceback(command)
            self.loaded[name] = command
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.specs.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.specs
        yield from (name for name in self.loaded if name not in self.specs)

    def __len__(self) -> int:
        return len(self.specs) + sum(1 for name in self.loaded if name not in self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs or name in self.loaded


def _accept_traceback(command: click.Command) -> None:
    """``--traceback`` on ``command`` and every command under it."""
    command.params.append(traceback_option())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_traceback(sub)


main.commands = LazyCommands(dict(COMMANDS))
main.params.append(traceback_option())


__all__ = ["COMMANDS", "main"]

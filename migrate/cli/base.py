"""What every command module shares besides options: the group class, the lines a command
prints on stderr, and the confirmed connection to Dodo."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from migrate.cli.options import DodoSettings
from migrate.errors import ConfigError


class Group(click.Group):
    """A command group that, given no arguments, prints its help on stdout and exits 0 (asking
    for help is not a mistake)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        return super().parse_args(ctx, args)


def error(message: str) -> None:
    """``stripe2dodo: error: MESSAGE`` on stderr (the run goes on)."""
    click.echo(f"stripe2dodo: error: {message}", err=True)


def say(message: str) -> None:
    """``stripe2dodo: MESSAGE`` on stderr: what a run did, beside its output."""
    click.echo(f"stripe2dodo: {message}", err=True)


def fail(message: str, code: int) -> NoReturn:
    """One error line, then exit with ``code``."""
    error(message)
    sys.exit(code)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def dodo_connector(settings: DodoSettings, what: str) -> Callable[[], Any]:
    """A function that makes the Dodo client, first asking a person to confirm ``what`` when
    it would act in live mode (refused without a terminal, unless ``--yes``)."""

    def connect() -> Any:
        from migrate.dodo.client import DodoClient, RateLimiter, is_live_url, resolve_base_url

        url = resolve_base_url("live" if settings.is_live else "test", settings.base_url)
        # a base URL on the live host is live mode too
        if (settings.is_live or is_live_url(url)) and not settings.yes:
            if not stdin_is_terminal():
                raise ConfigError(
                    "live mode without a terminal needs --yes"
                    + ("" if settings.is_live else f" (the Dodo base URL {url} is the live host)"),
                    hint="pass --yes to confirm, or point DODO_PAYMENTS_BASE_URL elsewhere",
                )
            click.confirm(f"{what} in Dodo LIVE mode ({url})?", abort=True, err=True)
        limiter = RateLimiter(per_second=settings.rate, per_minute=settings.per_minute)
        return DodoClient(settings.key or "", base_url=url, limiter=limiter)

    return connect


class Redacted:
    """An output that hides anything shaped like a Stripe secret key (``sk_``/``rk_``,
    ``whsec_``) in what it writes: code a scan or a report quotes (a literal ``api_key=``, a
    key in metadata, a source line) never carries one to stdout or a file. ``commit``,
    ``discard`` and ``path`` are the wrapped output's."""

    def __init__(self, output: Any) -> None:
        from migrate.readers.curl import redact

        self._output = output
        self._redact = redact
        self.path = getattr(output, "path", "-")

    def write(self, text: str) -> int:
        return int(self._output.write(self._redact(text)))

    def commit(self) -> None:
        self._output.commit()

    def discard(self) -> None:
        self._output.discard()

"""``stripe2dodo sandbox``."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--port",
    type=int,
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--latency", type=float, default=0.0, show_default=True, help="Seconds added to every request."
)
@click.option(
    "--rate-limit",
    type=float,
    default=0.0,
    show_default=True,
    help="Requests per second before 429 (0: none).",
)
@click.option(
    "--error-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of requests answered with a 5xx.",
)
@click.option(
    "--lost-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of creates committed but never answered.",
)
@click.option(
    "--throttle-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Share of requests answered 429.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fault generator.")
def sandbox(
    *,
    port: int,
    latency: float,
    rate_limit: float,
    error_rate: float,
    lost_rate: float,
    throttle_rate: float,
    seed: int,
) -> None:
    """Run a local Dodo-compatible API on 127.0.0.1, to rehearse a migration without an account."""
    from migrate.commands.sandbox import SandboxOptions, sandbox
    from migrate.sandbox.server import ready_message

    options = SandboxOptions(port, latency, rate_limit, error_rate, lost_rate, throttle_rate, seed)
    sandbox(options, on_ready=lambda url: click.echo(ready_message(url), err=True))

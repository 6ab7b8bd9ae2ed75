"""``sandbox``: a local Dodo-compatible API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxOptions:
    """Where the sandbox listens and the faults it injects (see :mod:`migrate.sandbox.app`)."""

    port: int = 8765
    latency: float = 0.0
    rate_limit: float = 0.0
    error_rate: float = 0.0
    lost_rate: float = 0.0
    throttle_rate: float = 0.0
    seed: int = 0


def sandbox(options: SandboxOptions, *, on_ready: Callable[[str], None]) -> None:
    """Serve in the foreground until interrupted; ``on_ready(url)`` once it listens."""
    from migrate.sandbox.server import serve

    serve(
        options.port,
        on_ready=lambda box: on_ready(box.url),
        latency=options.latency,
        rate_limit=options.rate_limit,
        error_rate=options.error_rate,
        lost_rate=options.lost_rate,
        throttle_rate=options.throttle_rate,
        seed=options.seed,
    )

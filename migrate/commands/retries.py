"""``retries plan``: when to retry each failed on-demand charge (Dodo's retry policy)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from migrate.retries import RetryFormat, run_retries_plan


@dataclass(frozen=True)
class RetriesResult:
    """The schedule, rendered, and the exit code: 0 planned, 2 some rows or files could not
    be read (the rest is planned)."""

    text: str
    exit_code: int


def retries_plan(
    paths: Sequence[str],
    fmt: RetryFormat,
    *,
    now: datetime,
    display_tz: str | None = None,
    max_per_minute: int = 1,
    on_problem: Callable[[str], None],
) -> RetriesResult:
    """Read the failed charges in ``paths`` and plan the next attempt of each; ``on_problem``
    hears each row or file that could not be read."""
    text, code = run_retries_plan(
        list(paths),
        fmt,
        now=now,
        display_tz=display_tz,
        max_per_minute=max_per_minute,
        on_problem=on_problem,
    )
    return RetriesResult(text, code)

"""A safe retry plan for failed on-demand subscription charges (Dodo's "safe retry policy").

``read`` reads the failed charges (CSV or JSON), ``plan`` decides what to do for each (the ladder,
decline codes, spreading: its docstring states the policy), ``render`` writes the decisions (text,
JSON, CSV). ``run_retries_plan`` is the three in a row, for ``stripe2dodo retries plan``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from migrate.errors import ConfigError
from migrate.retries.plan import (
    DECLINE_ALIASES,
    DECLINE_TABLE,
    LADDER_DAYS,
    MAX_ATTEMPTS,
    SPREAD_WINDOW_MINUTES,
    Attempt,
    ChargeBody,
    ChargeCall,
    DeclineClass,
    FailedCharge,
    RetryDecision,
    Status,
    canonical_decline,
    classify_decline,
    is_aware,
    ladder,
    plan_retries,
    time_zone,
)
from migrate.retries.read import read_failed_charges
from migrate.retries.render import SCHEMA, RetryFormat, render_retries


def run_retries_plan(
    paths: Sequence[str],
    fmt: RetryFormat,
    *,
    now: datetime,
    display_tz: str | None,
    max_per_minute: int,
    on_problem: Callable[[str], None],
) -> tuple[str, int]:
    """Read every file, plan, render. Exit code 0, or 2 when any file or row was unreadable
    (those are reported through ``on_problem``; everything else is still planned).

    Raises ConfigError for a naive ``now``, an unknown ``display_tz`` or ``max_per_minute < 1``.
    """
    if not is_aware(now):
        raise ConfigError("--now needs a UTC offset", hint="write e.g. 2025-03-25T09:00:00Z")
    if max_per_minute < 1:
        raise ConfigError("--max-per-minute must be at least 1", hint="the default is 1")
    try:
        time_zone(display_tz)
    except ValueError as exc:
        raise ConfigError(f"--display-tz: {exc}") from None
    failed = False
    loaded: list[tuple[str, FailedCharge]] = []
    for path in paths:
        charges, problems = read_failed_charges(path)
        for problem in problems:
            on_problem(problem)
            failed = True
        loaded.extend((path, c) for c in charges)
    files: dict[str, list[str]] = {}
    for path, charge in loaded:
        files.setdefault(charge.subscription_id, []).append(path)
    for sub, where in files.items():
        if len(where) > 1:
            on_problem(
                f"{where[-1]}: subscription {sub} is also in {', '.join(where[:-1])}; "
                "keep each subscription in one file (it is not planned)"
            )
            failed = True
    charges = [c for _, c in loaded if len(files[c.subscription_id]) == 1]
    decisions = plan_retries(charges, now=now, max_per_minute=max_per_minute, display_tz=display_tz)
    return render_retries(decisions, fmt), 2 if failed else 0


__all__ = [
    "DECLINE_ALIASES",
    "DECLINE_TABLE",
    "LADDER_DAYS",
    "MAX_ATTEMPTS",
    "SCHEMA",
    "SPREAD_WINDOW_MINUTES",
    "Attempt",
    "ChargeBody",
    "ChargeCall",
    "DeclineClass",
    "FailedCharge",
    "RetryDecision",
    "RetryFormat",
    "Status",
    "canonical_decline",
    "classify_decline",
    "ladder",
    "plan_retries",
    "read_failed_charges",
    "render_retries",
    "run_retries_plan",
]

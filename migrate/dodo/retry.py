"""The one retry policy for Dodo requests (tenacity), and the waits it uses.

``migrate.dodo.client`` decides, per attempt, whether a failure is safe to retry (the table in its
docstring) and says so by raising ``Retry``; this module decides how often and how long to wait:

- at most ``max_attempts`` attempts in all;
- before the next one, the server's wait when it gave one (``Retry-After``, ``retry-after-ms``,
  capped at ``MAX_RETRY_AFTER``), else exponential backoff with jitter (``backoff``);
- a 429 (``Retry.throttled``) also pauses the shared rate limiter (``on_throttle``), so every
  thread holds back, not only the one that was told;
- when the attempts run out, the last attempt's error is raised (never a tenacity exception).
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from migrate.errors import DodoError

__all__ = [
    "BACKOFF_INITIAL",
    "BACKOFF_MAX",
    "MAX_RETRY_AFTER",
    "Retry",
    "backoff",
    "parse_retry_after",
    "with_retries",
]

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 60.0
"""A server-given wait (Retry-After, retry-after-ms) is honoured up to this many seconds."""
BACKOFF_INITIAL = 0.5
BACKOFF_MAX = 30.0

T = TypeVar("T")


class Retry(Exception):
    """This attempt failed in a way that is safe to retry. ``error`` is what the caller gets if
    no attempt is left; ``delay`` a server-given wait; ``throttled`` a 429."""

    def __init__(
        self, error: DodoError, *, delay: float | None = None, throttled: bool = False
    ) -> None:
        super().__init__(error.message)
        self.error = error
        self.delay = delay
        self.throttled = throttled


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` or ``Retry-After`` (seconds or an HTTP date),
    capped at ``MAX_RETRY_AFTER``; None when absent or unusable. ``now`` is wall-clock time."""
    lower = {k.lower(): v for k, v in headers.items()}
    raw_ms = lower.get("retry-after-ms")
    if raw_ms is not None:
        try:
            value = float(raw_ms) / 1000.0
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value >= 0:
            return min(value, MAX_RETRY_AFTER)
    raw = lower.get("retry-after")
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        value = when.timestamp() - (time.time() if now is None else now)
        value = max(value, 0.0)
    if not math.isfinite(value) or value < 0:
        return None
    return min(value, MAX_RETRY_AFTER)


def backoff(attempt: int) -> float:
    """Exponential backoff with jitter for retry number ``attempt`` (1 = first retry):
    0.5 s, 1 s, 2 s, ... capped at ``BACKOFF_MAX``, times a random factor of 0.75-1.0."""
    base = min(BACKOFF_MAX, BACKOFF_INITIAL * 2.0 ** max(attempt - 1, 0))
    return base * random.uniform(0.75, 1.0)


def with_retries(
    attempt: Callable[[], T],
    *,
    max_attempts: int,
    sleep: Callable[[float], None],
    on_throttle: Callable[[float], None],
) -> T:
    """Call ``attempt`` until it returns, raises something other than ``Retry``, or
    ``max_attempts`` attempts are spent (then the last ``Retry.error`` is raised)."""

    def before_sleep(state: RetryCallState) -> None:
        outcome = state.outcome
        failure = outcome.exception() if outcome is not None else None
        delay = state.upcoming_sleep
        if isinstance(failure, Retry):
            if failure.throttled:
                on_throttle(delay)  # every thread sharing the limiter holds back
            log.info(
                "retrying in %.1f s (attempt %d of %d): %s",
                delay,
                state.attempt_number + 1,
                max_attempts,
                failure.error.message,
            )

    retrying = Retrying(
        stop=stop_after_attempt(max_attempts),
        retry=retry_if_exception_type(Retry),
        wait=_wait,
        sleep=sleep,
        before_sleep=before_sleep,
        reraise=True,
    )
    try:
        return retrying(attempt)
    except Retry as last:
        error = last.error
    raise error


def _wait(state: RetryCallState) -> float:
    """The wait before the next attempt: the server's (429/503 Retry-After) or backoff."""
    outcome = state.outcome
    failure = outcome.exception() if outcome is not None else None
    if isinstance(failure, Retry) and failure.delay is not None:
        return failure.delay
    return backoff(state.attempt_number)

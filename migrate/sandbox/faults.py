"""Fault injection: how the sandbox misbehaves on purpose, so that retries, reconciliation and
the ledger are rehearsed against what a real network and a real API do.

Faults (``Faults``; constructor keywords and ``configure``), decided per request in this order:

1. ``latency`` seconds are slept in the request's own thread (requests are served concurrently;
   no lock is held while sleeping), before anything else.
2. ``rate_limit`` requests per second across all clients (a token bucket holding one second's
   worth): beyond it, 429 ``TOO_MANY_REQUESTS`` with ``Retry-After`` in whole seconds (>= 1).
   Every answer then carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
   ``X-RateLimit-Reset`` (seconds until a request is allowed again).
3. ``error_rate``: the probability of a 500, 502 or 503 answer. For a request that changes
   state (POST creating something, PATCH) a coin flip decides whether the change was committed
   before the failure: half of the time nothing happened, the other half the object exists
   although the client saw a 5xx (a crash after the commit). Counted as ``error`` and
   ``error_after_commit``; a 429 as ``rate_limited``, a delayed request as ``latency``.
4. ``lost_rate``: the probability that a successful create is committed and the connection is
   then closed without any answer (the client sees a disconnect / ``RemoteProtocolError``).
   Counted as ``lost``.
5. ``throttle_rate``: the probability of a 429 ``TOO_MANY_REQUESTS`` whatever the rate (with
   ``Retry-After: 1`` and ``retry-after-ms: 50``); nothing is carried out. Counted as
   ``rate_limited``.

Every draw comes from one random generator seeded with the sandbox's ``seed`` (``FaultDice``), in
the order above, so a run with the same requests in the same order draws the same faults.
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from migrate.errors import ConfigError
from migrate.sandbox.validate import finite

FAULT_STATUSES = (500, 502, 503)


@dataclass(frozen=True)
class Faults:
    """The fault knobs (see the module docstring). ``ConfigError`` for values out of range."""

    latency: float = 0.0
    """Seconds added to every request (a sleep in the request's thread)."""
    rate_limit: float | None = None
    """Requests per second across all clients; None or 0 for no limit."""
    error_rate: float = 0.0
    """Probability of a 500/502/503 answer (committed or not, for a change: half each)."""
    lost_rate: float = 0.0
    """Probability that a successful create is committed but answered by a closed connection."""
    throttle_rate: float = 0.0
    """Probability of a 429 answer (with ``Retry-After`` and ``retry-after-ms``), whatever the
    rate: bursts of throttling without waiting for a real limit to be reached."""

    def __post_init__(self) -> None:
        if not finite(self.latency) or self.latency < 0:
            raise ConfigError(f"sandbox latency must be >= 0 seconds, got {self.latency!r}")
        if self.rate_limit is not None and (not finite(self.rate_limit) or self.rate_limit < 0):
            raise ConfigError(
                f"sandbox rate limit must be >= 0 requests per second (0: none), "
                f"got {self.rate_limit!r}"
            )
        for name in ("error_rate", "lost_rate", "throttle_rate"):
            value = getattr(self, name)
            if not finite(value) or not 0.0 <= value <= 1.0:
                raise ConfigError(
                    f"sandbox {name.replace('_', ' ')} must be between 0 and 1, got {value!r}"
                )


class TokenBucket:
    """``rate`` tokens per second, holding at most max(1, rate): thread-safe."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._tokens = self.capacity
        self._clock = clock
        self._last = clock()
        self._lock = threading.Lock()

    def take(self) -> tuple[bool, int, float]:
        """(allowed, whole tokens left, seconds until the next token is available)."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            allowed = self._tokens >= 1.0
            if allowed:
                self._tokens -= 1.0
            wait = max(0.0, (1.0 - self._tokens) / self.rate)
            return allowed, int(self._tokens), wait

    def headers(self, remaining: int, wait: float) -> tuple[tuple[str, str], ...]:
        """``X-RateLimit-*``: the limit, whole requests left, seconds until the next one."""
        limit = str(int(self.rate)) if float(self.rate).is_integer() else f"{self.rate:g}"
        return (
            ("X-RateLimit-Limit", limit),
            ("X-RateLimit-Remaining", str(remaining)),
            ("X-RateLimit-Reset", f"{wait:.3f}"),
        )

    @staticmethod
    def retry_after(wait: float) -> str:
        """``Retry-After`` in whole seconds, at least 1."""
        return str(max(1, math.ceil(wait)))


class FaultDice:
    """The fault draws of one sandbox, from its seed, one at a time (thread-safe)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def throttled(self, faults: Faults) -> bool:
        """Whether this request is answered 429 whatever the rate (``throttle_rate``)."""
        if faults.throttle_rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < faults.throttle_rate

    def failure(self, faults: Faults, *, changes: bool) -> tuple[int | None, bool]:
        """``(5xx status or None, whether the change is committed first)`` (``error_rate``);
        only a request that changes something can be committed and still fail."""
        if faults.error_rate <= 0:
            return None, True
        with self._lock:
            if self._rng.random() >= faults.error_rate:
                return None, True
            status = self._rng.choice(FAULT_STATUSES)
            return status, changes and self._rng.random() < 0.5

    def lost(self, faults: Faults) -> bool:
        """Whether a successful create is answered by a closed connection (``lost_rate``)."""
        if faults.lost_rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < faults.lost_rate

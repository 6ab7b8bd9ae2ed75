"""Progress of a long run (apply, sessions create, export, report), always on stderr.

When stderr is a terminal: a live rich bar (count, rate, time left) that disappears when done.
Otherwise (CI logs, a file): one plain line every few seconds, so a long job visibly moves and
a stuck one is visible too; a run shorter than that prints nothing extra.

``STRIPE2DODO_PROGRESS`` sets the seconds between plain lines (default 5; ``0``: a line at
every step) or turns progress ``off``. stdout is never written to, so ``--format json`` output
stays clean.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

ENV = "STRIPE2DODO_PROGRESS"
EVERY = 5.0


def _every_from_env() -> float | None:
    """Seconds between plain lines from ``$STRIPE2DODO_PROGRESS``; None when turned off."""
    raw = os.environ.get(ENV, "").strip().lower()
    if not raw:
        return EVERY
    if raw in ("off", "no", "false", "none"):
        return None
    try:
        value = float(raw)
    except ValueError:
        return EVERY
    return value if value >= 0 else EVERY


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


class Progress:
    """``phase(what, total)`` starts a stage, ``advance()`` counts a step, ``stop()`` ends.

    ``terminal`` (default: whether ``stream`` is a terminal) chooses the live bar; ``every``
    (default: from the environment) the seconds between plain lines; ``clock`` is injectable.
    Safe to call from worker threads.
    """

    def __init__(
        self,
        what: str,
        total: int | None = None,
        *,
        unit: str = "items",
        stream: IO[str] | None = None,
        terminal: bool | None = None,
        every: float | str | None = "env",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()
        self._every: float | None = _every_from_env() if isinstance(every, str) else every
        out = stream if stream is not None else sys.stderr
        self._terminal = out.isatty() if terminal is None else terminal
        self._bar: Any = None
        self._task: Any = None
        self.what, self.total, self.unit = what, total, unit
        self.done = 0
        self._started = self._last = clock()
        if self._every is not None and self._terminal:
            self._start_bar()

    # -- the live bar

    def _start_bar(self) -> None:
        from rich import progress as rich_progress
        from rich.console import Console
        from rich.text import Text

        class Rate(rich_progress.ProgressColumn):
            def render(self, task: rich_progress.Task) -> Text:
                return Text(f"{task.speed or 0:.1f}/s")

        console = Console(file=self._stream, stderr=self._stream is None, force_terminal=True)
        self._bar = rich_progress.Progress(
            rich_progress.TextColumn("[progress.description]{task.description}"),
            rich_progress.BarColumn(),
            rich_progress.MofNCompleteColumn(),
            Rate(),
            rich_progress.TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._bar.add_task(self.what, total=self.total)
        self._bar.start()

    # -- counting

    def phase(self, what: str, total: int | None = None, unit: str | None = None) -> None:
        """A new stage (its own count, rate and total)."""
        with self._lock:
            self.what, self.total, self.done = what, total, 0
            self.unit = unit or self.unit
            self._started = self._clock()
            if self._bar is not None:
                self._bar.reset(self._task, total=total, description=what)

    def __call__(self, message: str) -> None:
        """A stage named by a message (the shape ``build_report`` calls)."""
        self.phase(message)

    def advance(self, steps: int = 1) -> None:
        with self._lock:
            self.done += steps
            if self._bar is not None:
                self._bar.advance(self._task, steps)
                return
            if self._every is None:
                return
            now = self._clock()
            if now - self._last >= self._every:
                self._last = now
                self._line(now)

    def _line(self, now: float) -> None:
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        text = f"stripe2dodo: {self.what}: {self.done}"
        if self.total:
            text += f"/{self.total} {self.unit} ({100 * self.done // self.total}%)"
        else:
            text += f" {self.unit}"
        if rate:
            text += f", {rate:.1f}/s"
            if self.total and self.done < self.total:
                text += f", about {_duration((self.total - self.done) / rate)} left"
        out = self._stream if self._stream is not None else sys.stderr
        out.write(text + "\n")
        out.flush()

    def stop(self) -> None:
        with self._lock:
            if self._bar is not None:
                self._bar.stop()
                self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

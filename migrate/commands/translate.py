"""``translate``: every payload in some paths, translated and rendered, in input order.

:func:`translate` is the command; the pipeline it reads payloads with (:func:`translate_paths`,
:func:`translate_guarded`) is ``migrate/mapping/stream.py``, shared with the report and sessions.
"""

from __future__ import annotations

import itertools
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO, Union

from migrate.errors import ExitCode
from migrate.findings import Level
from migrate.formats import Format, FormatOptions, OutputFormat, format_for
from migrate.formats.translation import Outline, Summary, TextRefs
from migrate.mapping.stream import Item, error_message, translate_guarded
from migrate.mapping.translate import Options, Translation
from migrate.readers.payloads import iter_inputs

if TYPE_CHECKING:
    from migrate.commands.memo import Memo
    from migrate.readers.base import RawPayload
    from migrate.readers.ranges import LineRange

BATCH = 256
RANGE_BYTES = 64 * 1024
"""A JSON Lines file is cut into byte ranges of about this size (a few hundred payloads, about
a batch: a file of more than one batch's worth is more than one range)."""


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker needs to translate and render a batch on its own."""

    opts: Options
    fmt: Format
    verbose: bool = False
    full: bool = False
    traceback: bool = False
    indent: int | None = None
    refs: bool = False

    def renderer(self) -> OutputFormat:
        options = FormatOptions(
            verbose=self.verbose, full=self.full, indent=self.indent, refs=self.refs
        )
        return format_for(self.fmt, options)


def render_batch(items: list[Item], job: RenderJob) -> list[tuple[str, Outline]]:
    """Translate and render a batch: the rendered text and the outline of each result. A
    result that cannot be rendered is rendered as its item's error instead.

    A payload whose shape this process has translated before is filled into that shape's
    template instead (``migrate/commands/memo.py``: the same text, byte for byte)."""
    renderer = job.renderer()
    refs = TextRefs() if job.refs else None
    memo = _memo(job)
    out = []
    for item in items:
        hit, found = memo.lookup(item, refs) if memo is not None else (None, None)
        if hit is not None:
            out.append(hit)
            continue
        result = translate_guarded(item, job.opts, show_traceback=job.traceback)
        try:
            text = renderer.item(result)
        except Exception as exc:
            if job.traceback:
                traceback.print_exc()
            result = Translation(item.source, "error", error=error_message(exc))
            text = renderer.item(result)
        else:
            if memo is not None and found is not None:
                memo.learn(item, found, result, text)
        out.append((text, Outline.of(result, refs.fresh(result) if refs else ())))
    return out


_MEMO: tuple[RenderJob, Memo | None] | None = None


def _memo(job: RenderJob) -> Memo | None:
    """This process's memo of payload shapes for ``job`` (``None`` with ``--traceback``: every
    payload is then translated, so an error shows its traceback)."""
    global _MEMO  # noqa: PLW0603 - one memo per process and job
    if _MEMO is not None and _MEMO[0] is job:
        return _MEMO[1]
    from migrate.commands.memo import Memo, copied_fields

    memo = None
    if not job.traceback:
        renderer = job.renderer()

        def render(item: RawPayload) -> tuple[Translation, str]:
            result = translate_guarded(item, job.opts)
            return result, renderer.item(result)

        memo = Memo(copied_fields(), render)
    _MEMO = (job, memo)
    return memo


_WORKER_JOB: RenderJob | None = None


def _init_worker(job: RenderJob) -> None:
    global _WORKER_JOB  # noqa: PLW0603 - one job per worker process, set once at start
    _WORKER_JOB = job


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


# A task is what one worker call translates: a batch of items read here, or a byte range of a
# JSON Lines file the worker reads itself (so this process neither parses nor ships payloads).
Task = Union[Item, "LineRange"]


def _tasks(paths: Sequence[str], stdin: TextIO | None) -> Iterator[list[Task]]:
    """The work in ``paths``, in input order: each JSON Lines file cut into byte ranges of
    ``RANGE_BYTES`` (one range a batch), everything else in batches of ``BATCH`` items."""
    from migrate.readers.ranges import jsonl_layout, line_ranges

    for given in paths:
        path = Path(given)
        layout = None if given == "-" else jsonl_layout(path)
        if layout is None:
            yield from (list[Task](batch) for batch in _batches(iter_inputs([given], stdin=stdin)))
            continue
        try:
            for part in line_ranges(path, RANGE_BYTES, label=given, layout=layout):
                yield [part]
        except OSError:  # gone or unreadable since it was looked at: the reader says why
            yield from (list[Task](batch) for batch in _batches(iter_inputs([given], stdin=stdin)))


def _items(task: Task) -> Iterable[Item]:
    """The items of a task (a range is read here)."""
    from migrate.readers.ranges import LineRange, read_range

    return read_range(task) if isinstance(task, LineRange) else (task,)


def render_tasks(tasks: list[Task], job: RenderJob) -> Rendered:
    """:func:`render_batch` over the items of ``tasks``, ranges read where this runs."""
    return render_batch([item for task in tasks for item in _items(task)], job)


def _worker_tasks(tasks: list[Task]) -> Rendered:
    assert _WORKER_JOB is not None
    return render_tasks(tasks, _WORKER_JOB)


WORKER_START = 0.05
"""Seconds to start a pool of worker processes (a fork, the first batch sent), as the decision
to start one counts it; measured on the CI machine: 20-40 ms."""
PARENT_COST = 1e-5
"""Seconds this process spends per item a worker translates (receiving and writing its text)."""
SHIP_COST = 3e-5
"""Seconds more per item when this process reads the items and ships them (not a byte range)."""
WARM = 1024
"""Items translated in this process before ``--jobs auto`` decides: the memo of payload shapes
(``migrate/commands/memo.py``) makes the first payloads of a file the dearest (each shape is
translated two or three times), so the cost is taken from the latest batch once it has warmed
up, not from the first (workers would each warm their own memo again, for nothing)."""
PAYS = 0.8
"""Workers start only when they are projected to take at most this share of the time one process
would: the estimate is rough and the machine may be shared, so a near tie stays in-process."""


def workers_for(
    per_item: float, remaining: int, cpus: int, *, ranges: bool = True, load: float = 0.0
) -> int:
    """How many worker processes to start for ``remaining`` items that take ``per_item``
    seconds each in this process, on ``cpus`` CPUs of which other processes keep ``load - 1``
    busy (``load``: the 1-minute load average, this process counting for 1); 1 means none
    (stay in this process).

    ``w`` workers are projected to take ``WORKER_START + remaining * (per_item / w +
    overhead)``, where ``overhead`` is what this process still does per item (``PARENT_COST``,
    plus ``SHIP_COST`` when it reads the items itself). The best ``w`` up to the idle CPUs is
    chosen; it must beat one process by the margin ``PAYS``. On a machine whose CPUs are all
    busy, workers would only take turns with this process: none start."""
    idle = min(cpus, int(cpus - max(0.0, load - 1.0) + 0.5))
    alone = per_item * remaining
    overhead = PARENT_COST + (0 if ranges else SHIP_COST)
    best, best_time = 1, alone * PAYS
    for w in range(2, idle + 1):
        projected = WORKER_START + remaining * (per_item / w + overhead)
        if projected < best_time:
            best, best_time = w, projected
    return best


def load_average() -> float:
    """The 1-minute load average (0 where the system does not tell)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not Unix
        return 0.0


def run_translate(
    paths: Sequence[str],
    job: RenderJob,
    *,
    jobs: int = 1,
    stdin: TextIO | None = None,
    auto: bool = False,
    plan: Callable[..., int] = workers_for,
) -> Iterator[tuple[str, Outline]]:
    """Translate and render everything in ``paths``, in input order.

    A JSON Lines file is cut into byte ranges that each worker reads itself; other input is
    read here and sent in batches. With ``jobs > 1`` and more than one batch of input, batches
    are translated in worker processes; at most ``2 * jobs`` batches are in flight, so memory
    stays flat however large the input is. Small inputs never start a worker.

    ``auto`` (``--jobs auto``, ``jobs`` then the CPUs): the work starts in this process, timed;
    after each batch past the first ``WARM`` items, ``plan(per_item, remaining, jobs,
    ranges=..., load=...)`` (``per_item`` from that batch)
    (:func:`workers_for`) says whether workers would finish the rest sooner on the CPUs other
    processes leave idle, and they start only then. The remaining
    items are projected from the bytes left in a file, or else taken to be as many as already
    done. A worker that dies (killed, out of memory, a crash in native code) costs only the
    item it was translating (see :class:`~migrate.support.workers.OrderedPool`).
    """
    from migrate.readers.ranges import LineRange

    tasks = _tasks(paths, stdin)
    if jobs <= 1:
        for task in tasks:
            yield from render_tasks(task, job)
        return
    if not auto:
        first = next(tasks, None)
        if first is None:
            return
        second = next(tasks, None)
        if second is None:
            yield from render_tasks(first, job)
            return
        yield from _in_workers(jobs, itertools.chain([first, second], tasks), job)
        return
    done = done_bytes = 0
    for task in tasks:
        began = time.perf_counter()
        rendered = render_tasks(task, job)
        spent = time.perf_counter() - began
        yield from rendered
        done += len(rendered)
        part = task[0] if len(task) == 1 and isinstance(task[0], LineRange) else None
        if part is not None:
            done_bytes += part.end - part.start
            remaining = round(part.rest * done / done_bytes) if done_bytes else 0
        else:
            remaining = done
        if done >= WARM and remaining and rendered:
            cost = spent / len(rendered)  # the latest batch: the memo makes the first dearer
            workers = plan(cost, remaining, jobs, ranges=part is not None, load=load_average())
            if workers > 1:
                yield from _in_workers(workers, tasks, job)
                return


def _in_workers(
    jobs: int, tasks: Iterable[list[Task]], job: RenderJob
) -> Iterator[tuple[str, Outline]]:
    from migrate.support.workers import OrderedPool  # multiprocessing: only when workers start

    def dead(item: Task) -> Rendered:
        result = Translation(item.source, "error", error=WORKER_DIED)  # type: ignore[union-attr]
        return [(job.renderer().item(result), Outline.of(result))]

    def split(task: Task) -> list[Task]:
        return list(_items(task))

    workers: OrderedPool[Task, tuple[str, Outline]] = OrderedPool(
        jobs, _worker_tasks, dead, initializer=_init_worker, initargs=(job,), split=split
    )
    try:
        for batch in tasks:
            workers.submit(batch)
            if len(workers.pending) >= 2 * jobs:
                yield from workers.next_results()
        while workers.pending:
            yield from workers.next_results()
    finally:
        workers.shutdown()


Rendered = list[tuple[str, Outline]]
WORKER_DIED = (
    "internal error: the worker process stopped while translating this item (killed, or out "
    "of memory): rerun with --jobs 1 --traceback and report it"
)


def default_jobs() -> int:
    """Worker processes for ``--jobs auto``: the CPUs this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def exit_code(
    summary: Summary,
    *,
    fail_on: Level = Level.BLOCKER,
    internal: bool = False,
    strict: bool = False,
) -> int:
    """3 an internal error; 2 some input could not be read; 1 a finding at ``fail_on`` or worse
    (``strict``: the same as ``fail_on`` warning); 0 clean."""
    if internal:
        return ExitCode.INTERNAL
    if summary.errors:
        return ExitCode.INPUT
    threshold = Level.WARNING if strict else fail_on
    if any(summary.levels[lv.value] for lv in Level if lv.rank >= threshold.rank):
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


# ---------------------------------------------------------------------------------------------
# The command


class Writable(Protocol):
    """Where ``translate`` writes (an :class:`~migrate.support.atomic.OutputFile` value)."""

    def write(self, text: str, /) -> int: ...


@dataclass(frozen=True)
class TranslateResult:
    """What a ``translate`` run did: the counts, and whether an item hit an internal error."""

    summary: Summary
    internal: bool
    fail_on: Level = Level.BLOCKER

    @property
    def exit_code(self) -> int:
        return exit_code(self.summary, fail_on=self.fail_on, internal=self.internal)


def translate(
    paths: Sequence[str],
    job: RenderJob,
    out: Writable,
    *,
    jobs: int = 1,
    auto: bool = False,
    stdin: TextIO | None = None,
    fail_on: Level = Level.BLOCKER,
    on_error: Callable[[str, str], None] | None = None,
) -> TranslateResult:
    """Translate everything in ``paths`` and write it to ``out`` in ``job``'s format, one item
    after the other (:func:`run_translate`). ``on_error(label, error)`` hears of each item that
    could not be translated, as it happens."""
    renderer = job.renderer()
    summary = Summary()
    internal = False
    out.write(renderer.start())
    named: set[str] = set()
    for text, outline in run_translate(paths, job, jobs=jobs, stdin=stdin, auto=auto):
        if outline.texts:  # --refs: each text once, however many processes named it
            fresh = tuple(t for t in outline.texts if t[0] not in named)
            named.update(t[0] for t in fresh)
            out.write(renderer.texts(fresh))
        if summary.items:
            out.write(renderer.separator)
        summary.add(outline)
        if outline.error:
            internal = internal or outline.error.startswith("internal error")
            if on_error is not None:
                on_error(outline.label, outline.error)
        out.write(text)
    out.write(renderer.end(summary))
    return TranslateResult(summary, internal, fail_on)

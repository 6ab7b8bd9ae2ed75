"""Library functions behind the CLI commands: plain functions over values, no printing."""

from __future__ import annotations

import itertools
import os
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from migrate.errors import ExitCode, InputError
from migrate.findings import Level
from migrate.formats.translation import Format, Outline, Renderer, Summary, renderer_for
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.translate import Options, Translation, translate_item, translate_params
from migrate.plan.planfile import PlanInputs, PlanSummary, file_sha256, write_plan
from migrate.plan.planner import CatalogPlanner, SnapshotSource
from migrate.readers.base import InputProblem, RawPayload, SourceRef
from migrate.readers.limits import HINT as LIMIT_HINT
from migrate.readers.limits import too_large
from migrate.readers.payloads import iter_inputs, payload_files
from migrate.readers.snapshot import iter_objects, read_info
from migrate.support.workers import OrderedPool

BATCH = 256
Item = RawPayload | InputProblem


def translate_paths(
    paths: Sequence[str], opts: Options, *, stdin: TextIO | None = None
) -> Iterator[Translation]:
    """Translate every payload found in ``paths`` (files, folders, ``-``), one result each.

    Streams: each payload is read, translated and yielded before the next is read. An item
    that cannot be translated is an ``error`` result (:func:`translate_guarded`).
    """
    for item in iter_inputs(paths, stdin=stdin):
        yield translate_guarded(item, opts)


def translate_guarded(item: Item, opts: Options, *, show_traceback: bool = False) -> Translation:
    """Translate one item; whatever it raises becomes an ``error`` result for that item only,
    so the other items still translate.

    The readers keep items within :mod:`migrate.readers.limits`; should an item still exhaust
    the recursion limit, memory or number sizes (``RecursionError``, ``MemoryError``, a decimal
    or integer-size error), it is unreadable like any item past a limit. Any other exception
    is a bug: an ``internal error`` result (exit 3).
    """
    try:
        return translate_item(item, opts)
    except Exception as exc:
        if show_traceback:
            traceback.print_exc()
        return Translation(item.source, "error", error=error_message(exc))


def error_message(exc: BaseException) -> str:
    """The one-line error of an item whose translation or rendering raised ``exc``."""
    if too_large(exc):
        return f"too large or too deeply nested to translate ({type(exc).__name__}): {LIMIT_HINT}"
    detail = " ".join(str(exc).split())
    if len(detail) > 200:
        detail = detail[:197] + "..."
    return f"internal error: {type(exc).__name__}: {detail} (rerun with --traceback and report it)"


@dataclass(frozen=True)
class RenderJob:
    """Everything a worker needs to translate and render a batch on its own."""

    opts: Options
    fmt: Format
    verbose: bool = False
    full: bool = False
    traceback: bool = False

    def renderer(self) -> Renderer:
        return renderer_for(self.fmt, verbose=self.verbose, full=self.full)


def render_batch(items: list[Item], job: RenderJob) -> list[tuple[str, Outline]]:
    """Translate and render a batch: the rendered text and the outline of each result. A
    result that cannot be rendered is rendered as its item's error instead."""
    renderer = job.renderer()
    out = []
    for item in items:
        result = translate_guarded(item, job.opts, show_traceback=job.traceback)
        try:
            text = renderer.item(result)
        except Exception as exc:
            if job.traceback:
                traceback.print_exc()
            result = Translation(item.source, "error", error=error_message(exc))
            text = renderer.item(result)
        out.append((text, Outline.of(result)))
    return out


_WORKER_JOB: RenderJob | None = None


def _init_worker(job: RenderJob) -> None:
    global _WORKER_JOB  # noqa: PLW0603 - one job per worker process, set once at start
    _WORKER_JOB = job


def _worker_batch(items: list[Item]) -> list[tuple[str, Outline]]:
    assert _WORKER_JOB is not None
    return render_batch(items, _WORKER_JOB)


def _batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


def run_translate(
    paths: Sequence[str], job: RenderJob, *, jobs: int = 1, stdin: TextIO | None = None
) -> Iterator[tuple[str, Outline]]:
    """Translate and render everything in ``paths``, in input order.

    With ``jobs > 1`` and more than one batch of input, batches are translated in worker
    processes; at most ``2 * jobs`` batches are in flight, so memory stays flat however large
    the input is. Small inputs never start a worker. A worker that dies (killed, out of memory,
    a crash in native code) costs only the item it was translating (see
    :class:`~migrate.support.workers.OrderedPool`).
    """
    batches = _batches(iter_inputs(paths, stdin=stdin))
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if jobs > 1 else None
    if second is None:
        yield from render_batch(first, job)
        for batch in batches:
            yield from render_batch(batch, job)
        return

    def dead(item: Item) -> Rendered:
        result = Translation(item.source, "error", error=WORKER_DIED)
        return [(job.renderer().item(result), Outline.of(result))]

    workers: OrderedPool[Item, tuple[str, Outline]] = OrderedPool(
        jobs, _worker_batch, dead, initializer=_init_worker, initargs=(job,)
    )
    try:
        for batch in itertools.chain([first, second], batches):
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


def exit_code(summary: Summary, *, strict: bool, internal: bool = False) -> int:
    """3 an internal error; 2 some input could not be read; 1 blockers (or, with ``strict``,
    warnings); 0 clean."""
    if internal:
        return ExitCode.INTERNAL
    if summary.errors:
        return ExitCode.INPUT
    if summary.levels[Level.BLOCKER.value]:
        return ExitCode.FINDINGS
    if strict and summary.levels[Level.WARNING.value]:
        return ExitCode.FINDINGS
    return ExitCode.CLEAN


# ---------------------------------------------------------------------------------------------
# Catalog planning


def _noted(results: Iterable[Translation], problems: list[str] | None) -> Iterator[Translation]:
    """``results``, with the error of each unreadable one added to ``problems``."""
    for result in results:
        if result.error is not None and problems is not None:
            problems.append(f"{result.source.label()}: {result.error}")
        yield result


def make_plan(
    *,
    snapshot: str,
    payloads: Sequence[str],
    id_map_path: str | None,
    opts: PlanOptions,
    out: TextIO,
    now: datetime | None = None,
    problems: list[str] | None = None,
) -> PlanSummary:
    """Plan the Dodo catalog from a snapshot (and inline prices found in payloads and recorded
    sessions) and write the plan document to ``out``. A payload that cannot be read is left
    out of the plan and named in ``problems`` (one line each)."""
    info = read_info(snapshot)
    if not info.complete:
        raise InputError(
            "the snapshot has no end line: the export was interrupted",
            file=snapshot,
            hint="export it again with `stripe2dodo export`",
        )
    files = payload_files(payloads)
    inputs = PlanInputs(
        options=opts.as_dict(),
        snapshot={
            "path": snapshot,
            "sha256": info.sha256,
            "exported_at": info.header.get("exported_at"),
            "stripe_api_version": info.header.get("stripe_api_version"),
        },
        payloads=[{"path": f, "sha256": file_sha256(f)} for f in files],
        id_map={"path": id_map_path, "sha256": file_sha256(id_map_path)} if id_map_path else None,
    )
    translate_opts = Options(ids=opts.ids)
    recorded = (
        translate_params(obj, SourceRef(snapshot, "jsonl", line=line), translate_opts)
        for line, obj in iter_objects(snapshot, ("checkout.session",))
    )
    payloads_read = _noted(translate_paths(files, translate_opts), problems)
    inline = itertools.chain(recorded, payloads_read if files else ())
    planner = CatalogPlanner(SnapshotSource(snapshot), opts, inline=inline)
    return write_plan(out, inputs, planner.plan(), now=now)

"""Library functions behind the CLI commands: plain functions over values, no printing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TextIO

from migrate.errors import ExitCode
from migrate.findings import Level
from migrate.render.translation import Summary
from migrate.sources.read import iter_inputs
from migrate.translate import Options, Translation, translate_item


def translate_paths(
    paths: Sequence[str], opts: Options, *, stdin: TextIO | None = None
) -> Iterator[Translation]:
    """Translate every payload found in ``paths`` (files, folders, ``-``), one result each.

    Streams: each payload is read, translated and yielded before the next is read.
    """
    for item in iter_inputs(paths, stdin=stdin):
        yield translate_item(item, opts)


def exit_code(summary: Summary, *, strict: bool) -> int:
    """0 clean; 1 blockers (or, with ``strict``, warnings); 2 some input could not be read."""
    if summary.errors:
        return ExitCode.INPUT
    if summary.levels[Level.BLOCKER.value]:
        return ExitCode.FINDINGS
    if strict and summary.levels[Level.WARNING.value]:
        return ExitCode.FINDINGS
    return ExitCode.CLEAN

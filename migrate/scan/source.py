"""Reading a file the scanner was pointed at (or walked to), without trusting what it is.

Only regular files are read, and at most ``MAX_FILE_BYTES`` of them: a FIFO named ``app.py``
would block the scan forever, a symlink to ``/dev/zero`` would fill memory, and a generated
bundle of many megabytes is not code anyone migrates by hand. Anything else is skipped with a
one-line reason (the scan reports it as a problem and goes on).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

MAX_FILE_BYTES: Final = 4 * 1024 * 1024
"""The largest file the scanner reads (4 MiB); larger files are skipped with a problem line."""

_READ_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open
    | getattr(os, "O_NOCTTY", 0)  # a terminal device must not become ours
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Skipped(Exception):
    """A path that is not read, and why (one line, without the path)."""


def special_kind(mode: int) -> str | None:
    """What a non-regular file is (``a FIFO``...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def read_source(path: str, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them
    (default ``MAX_FILE_BYTES``).

    Raises ``Skipped`` for anything that is not a regular file or is larger than ``limit``
    (checked before reading and again while reading, for files that grow or report no size),
    and ``OSError`` when it cannot be opened or read."""
    limit = MAX_FILE_BYTES if limit is None else limit
    kind = special_kind(Path(path).stat().st_mode)
    if kind is not None:
        raise Skipped(f"not a regular file ({kind}): skipped")
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed to a moment ago
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise Skipped(f"not a regular file ({kind}): skipped")
        if info.st_size > limit:
            raise Skipped(_too_big(limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise Skipped(_too_big(limit))
    return b"".join(chunks)


def _too_big(limit: int) -> str:
    return f"larger than {limit} bytes (the scanner's MAX_FILE_BYTES): skipped"

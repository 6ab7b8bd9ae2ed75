"""Reading a file the scanner was pointed at (or walked to), without trusting what it is.

Only regular files are read, and at most ``MAX_FILE_BYTES`` of them: a FIFO named ``app.py``
would block the scan forever, a symlink to ``/dev/zero`` would fill memory, and a generated
bundle of many megabytes is not code anyone migrates by hand. Anything else is skipped with a
one-line reason (the scan reports it as a problem and goes on). The reading itself is
:func:`migrate.readers.files.read_regular`.
"""

from __future__ import annotations

from typing import Final

from migrate.readers.files import Skipped, TooLarge, read_regular, special_kind

__all__ = ["MAX_FILE_BYTES", "Skipped", "read_source", "special_kind"]

MAX_FILE_BYTES: Final = 4 * 1024 * 1024
"""The largest file the scanner reads (4 MiB); larger files are skipped with a problem line."""


def read_source(path: str, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them
    (default ``MAX_FILE_BYTES``).

    Raises ``Skipped`` for anything that is not a regular file or is larger than ``limit``
    (checked before reading and again while reading, for files that grow or report no size),
    and ``OSError`` when it cannot be opened or read."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        return read_regular(path, limit)
    except TooLarge:
        raise Skipped(
            f"larger than {limit} bytes (the scanner's MAX_FILE_BYTES): skipped"
        ) from None

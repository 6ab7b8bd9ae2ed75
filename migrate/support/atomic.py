"""Files the commands write: always atomically (a temporary file beside the target, renamed over
it only when complete), so an interrupted run never leaves a truncated file or destroys the
previous one. A path that cannot be written is one ``ConfigError`` line (exit 2), raised before
any work is done.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

import click

from migrate.errors import ConfigError, ExitCode


def _cannot_write(path: str, exc: OSError) -> ConfigError:
    reason = exc.strerror or str(exc)
    hint = "check that the folder exists and is writable"
    if isinstance(exc, IsADirectoryError) or Path(path).is_dir():
        reason, hint = "it is a folder", "give a file name"
    return ConfigError(f"{path}: cannot write ({reason})", hint=hint)


def _new_file_mode(target: Path) -> int:
    """The mode the file would have had if opened directly: the old file's, or 0666 - umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class AtomicFile:
    """A text file written through a temporary file; :meth:`commit` renames it into place,
    :meth:`discard` (or never committing) leaves the target as it was."""

    def __init__(self, path: str) -> None:
        self.path = path
        target = Path(path)
        if target.is_dir():
            raise _cannot_write(path, IsADirectoryError(21, "Is a directory"))
        try:
            import tempfile  # not at start-up: only a command that writes a file needs it

            fd, self._tmp = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
            )
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        self._mode = _new_file_mode(target)
        self._handle: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> int:
        assert self._handle is not None, f"{self.path}: written after commit"
        return self._handle.write(text)

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.flush()

    def commit(self) -> None:
        """Make the written text the file's content (once; later calls do nothing)."""
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            Path(self._tmp).chmod(self._mode)
            Path(self._tmp).replace(self.path)
        except OSError as exc:
            Path(self._tmp).unlink(missing_ok=True)
            raise _cannot_write(self.path, exc) from None

    def discard(self) -> None:
        """Drop what was written, unless committed."""
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        handle.close()
        Path(self._tmp).unlink(missing_ok=True)

    def __enter__(self) -> TextIO:
        """The temporary file's stream; committed when the block ends normally."""
        assert self._handle is not None
        return cast(TextIO, self._handle)

    def __exit__(self, exc_type: Any, *rest: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with AtomicFile(path) as out:
        out.write(text)


class StandardOutput:
    """``-``: stdout, with the same ``commit``/``discard`` as :class:`AtomicFile`."""

    path = "-"

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def commit(self) -> None:
        self.flush()

    def discard(self) -> None:
        """Nothing to undo on stdout."""


Output = AtomicFile | StandardOutput

if TYPE_CHECKING:  # click >= 8.2 types ParamType by the value it converts to; 8.1 does not
    _ParamType = click.ParamType[Output]
else:
    _ParamType = click.ParamType


class PathError(click.ClickException):
    """A path given on the command line that cannot be used: one ``stripe2dodo: error:`` line
    and exit 2, like every other unusable input (click's own errors print a usage block)."""

    exit_code = int(ExitCode.INPUT)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"stripe2dodo: error: {self.message}", err=True)


class OutputFile(_ParamType):
    """An output option (``-o FILE``, ``-`` for stdout) written atomically. The temporary file
    is made when the option is parsed, so an unwritable path fails before any work; it is
    renamed into place only by ``commit()`` and removed when the command ends without one."""

    name = "file"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Output:
        if isinstance(value, AtomicFile | StandardOutput):
            return value
        if value == "-":
            return StandardOutput()
        try:
            out = AtomicFile(str(value))
        except ConfigError as exc:
            raise PathError(exc.one_line()) from None
        if ctx is not None:
            ctx.call_on_close(out.discard)
        return out


def existing_file(what: str, hint: str) -> Any:
    """A click callback: the argument must name an existing file (one line, exit 2 if not)."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and not Path(value).is_file():
            reason = "is a folder" if Path(value).is_dir() else f"no such {what}"
            raise PathError(f"{value}: {reason}: {hint}")
        return value

    return check

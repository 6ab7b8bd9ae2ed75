"""The project's errors. Findings and skipped items are values, never exceptions.

Hierarchy::

    Stripe2DodoError            root: every error a user can see, one line each
    ├── InputError              a file, line or JSON path could not be read (exit 2)
    ├── ConfigError             a bad option value or option file, e.g. --id-map (exit 2)
    └── RuleTableError          the shipped mapping tables are inconsistent (a bug, exit 3)
"""

from __future__ import annotations

from enum import IntEnum


class Stripe2DodoError(Exception):
    """Root of all stripe2dodo errors. `str(err)` is the one line a user sees."""

    exit_code: int = 3

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message


class InputError(Stripe2DodoError):
    """Input that could not be read at all: names the file, line or JSON path."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = ":".join(str(p) for p in (file, line) if p is not None)
        if path:
            where = f"{where} at {path}" if where else path
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.file = file
        self.line = line
        self.path = path


class ConfigError(Stripe2DodoError):
    """An option or an option file (id map, settings) is unusable."""

    exit_code = 2


class RuleTableError(Stripe2DodoError):
    """The mapping tables shipped in `mappings/` are inconsistent: a bug in stripe2dodo."""

    exit_code = 3


class ExitCode(IntEnum):
    """Documented exit codes (see README)."""

    CLEAN = 0
    FINDINGS = 1
    INPUT = 2
    INTERNAL = 3

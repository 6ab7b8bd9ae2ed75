"""The project's errors. Findings and skipped items are values, never exceptions.

Hierarchy::

    Stripe2DodoError            root: every error a user can see, one line each
    ├── InputError              a file, line or JSON path could not be read (exit 2)
    ├── ConfigError             a bad option value or option file, e.g. --id-map (exit 2)
    ├── RuleTableError          the shipped mapping tables are inconsistent (a bug, exit 3)
    └── DodoError               talking to the Dodo API failed (exit 2)
        ├── DodoAPIError        Dodo answered with an error: HTTP status, Dodo `code`, `message`
        └── DodoAmbiguousError  the request may or may not have been carried out (timeout or
                                reset after sending, 5xx to a create): look before retrying
"""

from __future__ import annotations

from enum import IntEnum

_TRACEBACKS: list[bool] = [False]
"""Whether ``--traceback`` was given to this command (the CLI sets it; worker processes fork
with it): code that reports an internal error and goes on prints the traceback then."""


def want_tracebacks(on: bool) -> None:
    """Set by the CLI: ``--traceback`` given (``True``) or the command over (``False``)."""
    _TRACEBACKS[0] = on


def tracebacks_wanted() -> bool:
    return _TRACEBACKS[0]


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


class DodoError(Stripe2DodoError):
    """Talking to the Dodo API failed."""

    exit_code = 2


class DodoAPIError(DodoError):
    """Dodo answered with an error body ``{"code": ..., "message": ...}``."""

    def __init__(
        self, status: int, code: str | None, message: str, *, method: str = "", path: str = ""
    ) -> None:
        where = f"{method} {path}: " if method else ""
        label = f"{status} {code}" if code else str(status)
        super().__init__(f"{where}Dodo answered {label}: {message}", hint=_dodo_hint(status))
        self.status = status
        self.code = code
        self.dodo_message = message

    @property
    def retryable(self) -> bool:
        """429 (Dodo refused it) and 502/503/504 (worth another try). Safe to repeat as it is only
        for reads: a create answered with a 5xx may have been carried out (see the client)."""
        return self.status in (429, 502, 503, 504)


class DodoAmbiguousError(DodoError):
    """The request may have been carried out: a create must look before it retries."""

    def __init__(self, message: str, *, method: str = "", path: str = "") -> None:
        where = f"{method} {path}: " if method else ""
        super().__init__(
            f"{where}{message}", hint="run again: the ledger reconciles before retrying"
        )
        self.method = method
        self.path = path


def _dodo_hint(status: int) -> str:
    return {
        401: "check DODO_PAYMENTS_API_KEY (test and live mode keys differ)",
        403: "the key may be read-only: create one with write access",
        404: "check the id, and test vs live mode",
        409: "the object already exists or is being changed",
        422: "fix the request body (the plan's finding codes may say why)",
        429: "slow down (--rate) and run again",
    }.get(status, "run again later; the ledger keeps what was done")


class ExitCode(IntEnum):
    """Documented exit codes (see README)."""

    CLEAN = 0
    FINDINGS = 1
    INPUT = 2
    INTERNAL = 3
    MANUAL = 4
    """``apply``: everything a run can do is done; what is left needs a person (running again
    changes nothing), unlike 1, where running again finishes the work."""

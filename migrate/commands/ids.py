"""Writing an id map (``ledger ids``, ``plan --id-map-out``): as the JSON map the commands read,
or as a module the application imports (``migrate/codegen``), chosen by ``--format`` or by the
output file's name."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from migrate.codegen import Target, generated, render, target_for
from migrate.errors import ConfigError
from migrate.readers.idmap import IdMap


@dataclass(frozen=True)
class IdMapOut:
    """How to write an id map: the format, the command line that writes it again (shown in
    the module's header and in its errors), and whether placeholders may go into code."""

    target: Target
    command: str
    allow_placeholders: bool = False

    @classmethod
    def of(
        cls, path: str | None, fmt: str | None, argv: Sequence[str], *, allow_placeholders: bool
    ) -> IdMapOut:
        """The format ``fmt``, else the one ``path``'s name says; ``argv`` is the command line
        without ``stripe2dodo`` (quoted for a shell in the header)."""
        target = target_for(path, fmt)
        return cls(target, shlex.join(["stripe2dodo", *argv]), allow_placeholders)

    def text(self, ids: IdMap, path: str | None = None) -> str:
        """The id map in this format (refused with a ``ConfigError`` when it holds placeholders
        and they are not allowed, or an entry that cannot be written)."""
        return render(
            ids,
            self.target,
            command=self.command,
            allow_placeholders=self.allow_placeholders,
            path=path,
        )

    def check_replace(self, path: str) -> None:
        """Refuse to replace an existing file that stripe2dodo did not generate (a module is
        written again and again; anything else at that path is the application's own)."""
        if self.target is Target.JSON or path == "-" or not Path(path).is_file():
            return
        try:
            head = Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            return  # writing it will say what is wrong
        if not generated(head):
            raise ConfigError(
                f"{path}: already exists and stripe2dodo did not generate it: not replaced",
                hint="choose another -o, or remove the file first",
            )


__all__ = ["IdMapOut"]

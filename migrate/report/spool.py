"""Items written to disk as they are built, read back one at a time: the report's memory
stays flat however many sessions, catalog objects or subscribers it holds.

A ``Spool`` is a read-only ``Sequence`` of pydantic items kept as JSON Lines in an anonymous
temporary file (removed when the spool is dropped): ``append`` writes one item, iterating
reads them back in order (each iterator has its own position, so two can run at once).
Indexing is by reading, for the rare caller that wants one item.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, TypeVar, overload

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class Spool(Sequence[T], Generic[T]):
    """Items of one pydantic ``model``, on disk, in the order appended."""

    def __init__(self, model: type[T], items: Iterable[T] = ()) -> None:
        self.model = model
        self._file = tempfile.TemporaryFile(prefix="stripe2dodo-report-")  # noqa: SIM115
        self._count = 0
        self._written = 0
        for item in items:
            self.append(item)

    def append(self, item: T) -> None:
        data = item.model_dump_json().encode("utf-8") + b"\n"
        os.pwrite(self._file.fileno(), data, self._written)
        self._written += len(data)
        self._count += 1

    def map(self, change: Callable[[T], T]) -> Spool[T]:
        """A new spool of ``change(item)`` for each item."""
        return Spool(self.model, (change(item) for item in self))

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[T]:
        fd, end, pos = self._file.fileno(), self._written, 0
        rest = b""
        validate = self.model.model_validate_json
        while pos < end:
            chunk = os.pread(fd, min(1 << 16, end - pos), pos)
            pos += len(chunk)
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            for line in lines:
                yield validate(line)
        if rest:
            yield validate(rest)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return list(self)[index]
        n = index + self._count if index < 0 else index
        if not 0 <= n < self._count:
            raise IndexError(index)
        for i, item in enumerate(self):
            if i == n:
                return item
        raise IndexError(index)  # pragma: no cover: the count says it is there

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self._count and all(
                a == b for a, b in zip(self, other, strict=False)
            )
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Spool({self.model.__name__}, {self._count} item(s))"

    def __del__(self) -> None:
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()


class TextSpool:
    """Text put aside in a temporary file and written out later, a chunk at a time (the HTML
    page's compact members of a group wait here until the group is written)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def add(self, text: str) -> None:
        self._file.write(text)

    def chunks(self) -> Iterator[str]:
        """The text put aside, in order; the spool is closed once it has been read."""
        self._file.seek(0)
        while chunk := self._file.read(1 << 16):
            yield chunk
        self._file.close()

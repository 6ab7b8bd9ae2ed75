"""How the first pass of a scan keeps a file's sites until the second hands them on (a spill
file per process, ``migrate/scan/scan.py``) and the scan's cache keeps them
(``migrate/scan/scan_cache.py``): pickled, the frozen dataclasses by their fields' values."""

from __future__ import annotations

import copyreg
import dataclasses
import io
import pickle
from pathlib import Path
from typing import IO, Any, Final

from migrate.mapping.expr import Expr
from migrate.readers.base import SourceRef
from migrate.scan.extract import Dynamic
from migrate.scan.site import CallSite

Ref = tuple[str, int]
"""Where a file's sites are: the spill file and the offset in it."""


_FROZEN: Final = (CallSite, Dynamic, Expr, SourceRef)
"""The frozen dataclasses with slots a site is made of, pickled by their fields' values: the
dataclass's own pickling builds a tuple of its fields for each object, as a generator fills
it, and such tuples are kept on the free list of their size (up to 2000 of each size): memory
that grew with the tree until the free list was full, besides the time."""
_FIELDS: Final = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _FROZEN}


def _frozen(value: Any) -> tuple[Any, ...]:
    cls = type(value)
    # from a list, not a generator: a tuple resized as a generator fills it is left on the
    # free list of its final size (up to 2000 of them)
    return _rebuilt, (cls, tuple([getattr(value, name) for name in _FIELDS[cls]]))


def pickled(sites: list[CallSite]) -> bytes:
    """``sites`` as the spill keeps them."""
    out = io.BytesIO()
    spill = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    spill.dispatch_table = SPILL_TABLE
    spill.dump(sites)
    return out.getvalue()


def _rebuilt(cls: type[Any], values: tuple[Any, ...]) -> Any:
    """A frozen dataclass with slots from its fields' values (as its unpickling sets them)."""
    value = object.__new__(cls)
    for name, item in zip(_FIELDS[cls], values, strict=True):
        object.__setattr__(value, name, item)
    return value


SPILL_TABLE: Final = {**copyreg.dispatch_table, **dict.fromkeys(_FROZEN, _frozen)}


class Spilled:
    """The spill files of the first pass, read back by offset."""

    def __init__(self) -> None:
        self.handles: dict[str, IO[bytes]] = {}

    def load(self, ref: Ref) -> list[CallSite]:
        name, offset = ref
        handle = self.handles.get(name)
        if handle is None:
            handle = self.handles[name] = Path(name).open("rb")  # noqa: SIM115
        handle.seek(offset)
        sites: list[CallSite] = pickle.load(handle)
        return sites

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

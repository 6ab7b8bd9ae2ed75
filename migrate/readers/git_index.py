"""The files Git tracks in the work tree a folder belongs to, read from Git's index file.

``.gitignore`` applies to untracked files only: a file committed before a rule named it (a
``stripe.php`` listed in ``.gitignore`` after it was added, a config module forced in with
``git add -f``) is part of the checkout, and of the application. The folder walk
(``migrate/readers/files.py``) skips what the rules exclude, except such a file, which it asks
here. The index is read directly (``.git/index``, versions 2 to 4, SHA-1 or SHA-256 object
names), not through ``git``: no program is run in a repository being scanned (its config may name
hooks), and Git need not be installed. A work tree whose index cannot be read is taken as
tracking nothing: its rules apply as they are written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

_SIGNATURE: Final = b"DIRC"
_FIXED: Final = 40
"""ctime, mtime, dev, ino, mode, uid, gid and size: ten 32-bit fields before the object name."""
_EXTENDED: Final = 0x4000
_NAME_MASK: Final = 0x0FFF
_SHA256: Final = re.compile(rb"^\s*objectformat\s*=\s*sha256\s*$", re.I | re.M)
MAX_INDEX_BYTES: Final = 256 * 1024 * 1024
"""The largest index read (a larger one: nothing is taken as tracked)."""


class Tracked:
    """The tracked files of one work tree: their paths and the folders that hold them."""

    __slots__ = ("files", "folders", "top")

    def __init__(self, top: Path, names: list[str]) -> None:
        self.top = top
        self.files = frozenset(names)
        folders: set[str] = set()
        for name in names:
            cut = name.rfind("/")
            while cut > 0 and (folder := name[:cut]) not in folders:
                folders.add(folder)
                cut = folder.rfind("/")
        self.folders = frozenset(folders)

    def has_file(self, path: Path) -> bool:
        return self._relative(path) in self.files

    def has_folder(self, path: Path) -> bool:
        """Whether a tracked file is in the folder ``path`` or below it."""
        return self._relative(path) in self.folders

    def _relative(self, path: Path) -> str:
        try:
            return path.absolute().relative_to(self.top).as_posix()
        except ValueError:
            return ""


def tracked_for(folder: Path) -> Tracked | None:
    """The tracked files of the work tree ``folder`` is in; None outside one, or when its index
    cannot be read."""
    here = folder.absolute()
    for top in (here, *here.parents):
        dot = top / ".git"
        if dot.is_dir():
            return _read(top, dot)
        if dot.is_file():
            found = _linked(dot)
            return _read(top, found) if found is not None else None
    return None


def _linked(dot: Path) -> Path | None:
    """The Git folder a ``.git`` file names (a linked work tree, a submodule)."""
    try:
        text = dot.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = re.match(r"gitdir:\s*(.+?)\s*$", text)
    if found is None:
        return None
    target = Path(found.group(1))
    return target if target.is_absolute() else dot.parent / target


def _read(top: Path, git: Path) -> Tracked | None:
    try:
        if (git / "index").stat().st_size > MAX_INDEX_BYTES:
            return None
        data = (git / "index").read_bytes()
    except OSError:
        return None
    names = parse_index(data, hash_size=32 if _sha256(git) else 20)
    return None if names is None else Tracked(top, names)


def _sha256(git: Path) -> bool:
    common = git
    try:
        line = (git / "commondir").read_text(encoding="utf-8").strip()
        common = git / line if not Path(line).is_absolute() else Path(line)
    except OSError:
        pass
    try:
        return _SHA256.search((common / "config").read_bytes()) is not None
    except OSError:
        return False


def parse_index(data: bytes, *, hash_size: int = 20) -> list[str] | None:
    """The paths (``/``-separated, relative to the work tree) of an index file's entries;
    None when ``data`` is not an index of a version this reads."""
    if len(data) < 12 or data[:4] != _SIGNATURE:
        return None
    version = int.from_bytes(data[4:8], "big")
    count = int.from_bytes(data[8:12], "big")
    if version not in (2, 3, 4):
        return None
    names: list[str] = []
    at = 12
    previous = b""
    try:
        for _ in range(count):
            start = at
            at += _FIXED + hash_size
            flags = int.from_bytes(data[at : at + 2], "big")
            at += 2
            if version >= 3 and flags & _EXTENDED:
                at += 2
            if version == 4:
                strip, at = _varint(data, at)
                end = data.index(b"\0", at)
                name = previous[: len(previous) - strip] + data[at:end]
                at = end + 1
            else:
                end = data.index(b"\0", at)
                name = data[at:end]
                length = at - start + len(name)
                at = start + (length + 8) // 8 * 8  # one to eight NULs pad the entry
            if flags & _NAME_MASK != min(len(name), _NAME_MASK):
                return None  # not an entry where one was due: not an index this reads
            previous = name
            names.append(os.fsdecode(name))
    except (ValueError, IndexError):
        return None
    return names


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """Git's offset encoding (each byte's high bit: more follow; each continuation adds one)."""
    byte = data[at]
    at += 1
    value = byte & 0x7F
    while byte & 0x80:
        byte = data[at]
        at += 1
        value = ((value + 1) << 7) | (byte & 0x7F)
    return value, at

"""Finding the files under a folder, and reading one file without trusting what it is.

One walk for every command that takes a folder: ``translate`` and ``report`` looking for
payloads, ``scan`` and ``report`` looking for code. All of them skip the same folders and honour
the same ``.gitignore`` rules, so two commands given one folder read the same files; each keeps
only the suffixes it reads.

A folder's entries are taken in name order, a subfolder's files where its name sorts (like
``sorted(folder.rglob("*"))``). Files are kept by suffix, or by name (``named``: the scanner's
configuration files, ``.env.example`` among them). Skipped: hidden entries (``.git``, ``.venv``;
a hidden file only a ``named`` test wants is kept; the source folders of :data:`SOURCE_DOT_DIRS`
are entered), the folders in
:data:`SKIPPED_DIRS`, virtualenvs (a folder holding ``pyvenv.cfg``), symbolic links to folders,
and what the ``.gitignore`` files of the walked folders exclude (each applies below its folder,
as in Git; pathspec's Git-style matching), but for the files Git tracks (read from its index:
``migrate/readers/git_index.py``), which, as in Git, no rule excludes. Files are yielded
whatever they are (a FIFO, a link to ``/dev/zero``): reading them safely is the reader's job,
and :func:`read_regular` does it.
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeAlias

from migrate.readers.git_index import Tracked, tracked_for

if TYPE_CHECKING:  # pathspec is imported when a folder has an ignore file (not to read one file)
    from pathspec import GitIgnoreSpec

__all__ = [
    "SKIPPED_DIRS",
    "Named",
    "Skipped",
    "TooLarge",
    "Unlisted",
    "read_head",
    "read_regular",
    "special_kind",
    "walk_files",
]

SKIPPED_DIRS: Final = frozenset(
    {
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        "venv",
        "virtualenv",
        "site-packages",
        "__pycache__",
    }
)
"""Folders never searched (hidden folders and virtualenvs, found by ``pyvenv.cfg``, neither)."""

SOURCE_DOT_DIRS: Final = frozenset({".server", ".client"})
"""Hidden-named folders that hold an application's own source, searched like any other: Remix's
and React Router's server-only and client-only modules (``app/.server/stripe.ts``, where such an
app keeps its Stripe calls), which the framework's Vite plugin keeps out of the other bundle."""

HEAD_BYTES: Final = 128
"""How many bytes of a file without a suffix a walk reads to tell what it is (a shebang)."""

MAX_IGNORE_BYTES: Final = 4 * 1024 * 1024
"""The largest ``.gitignore`` file read; a larger one (or one that is not a regular file) is
not read, and its folder has no rules of its own."""


@dataclass(frozen=True, slots=True)
class Unlisted:
    """A folder whose entries could not be listed, and why (the walk goes on without it)."""

    path: Path
    error: OSError


_Rules: TypeAlias = "tuple[tuple[Path, GitIgnoreSpec], ...]"
"""The ``.gitignore`` rules in force in a folder: each with the folder it was read in."""


Named = Callable[[Path], bool]
"""Files wanted by their name or place (``.env.example``, ``config/stripe.yml``), whatever their
suffix: a hidden file is yielded only when this says so (hidden folders are never entered)."""
Head = Callable[[bytes], bool]
"""A test of the first ``HEAD_BYTES`` bytes of a file without a suffix (a shell shebang)."""


def walk_files(
    top: Path,
    suffixes: Collection[str],
    named: Named | None = None,
    *,
    unsuffixed: Head | None = None,
) -> Iterator[Path | Unlisted]:
    """Every file under the folder ``top`` whose suffix, in lower case, is one of ``suffixes``,
    or that ``named`` wants, in name order; a folder that cannot be listed is an
    :class:`Unlisted` entry. With ``unsuffixed``, a file without a suffix is yielded too when
    its first bytes pass that test (only those bytes are read: a regular file's first
    ``HEAD_BYTES``)."""
    yield from _walk(top, suffixes, (), named, unsuffixed, git=_Git(top))


class _Git:
    """The tracked files of the work tree a walk is in, read when a rule first excludes one."""

    __slots__ = ("read", "top", "tracked")

    def __init__(self, top: Path) -> None:
        self.top = top
        self.read = False
        self.tracked: Tracked | None = None

    def _files(self) -> Tracked | None:
        if not self.read:
            self.read = True
            self.tracked = tracked_for(self.top)
        return self.tracked

    def holds(self, path: Path, *, directory: bool) -> bool:
        """Whether Git tracks the file ``path`` (a folder: a file in it): ``.gitignore``
        applies to untracked files only."""
        tracked = self._files()
        if tracked is None:
            return False
        return tracked.has_folder(path) if directory else tracked.has_file(path)


def _walk(
    folder: Path,
    suffixes: Collection[str],
    rules: _Rules,
    named: Named | None,
    unsuffixed: Head | None,
    *,
    git: _Git,
    excluded: bool = False,
) -> Iterator[Path | Unlisted]:
    """``excluded``: a folder the rules exclude, entered for the tracked files in it (only
    they are yielded)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as err:
        yield Unlisted(folder, err)
        return
    spec = _ignore_file(folder)
    if spec is not None:
        rules = (*rules, (folder, spec))
    for entry in entries:
        name = entry.name
        path = folder / name
        if _is_folder(entry):
            if (
                (not name.startswith(".") or name in SOURCE_DOT_DIRS)
                and name not in SKIPPED_DIRS
                and not (path / "pyvenv.cfg").exists()
            ):
                out = excluded or _ignored(path, rules, directory=True)
                if not out or git.holds(path, directory=True):
                    yield from _walk(
                        path, suffixes, rules, named, unsuffixed, git=git, excluded=out
                    )
        elif _links_to_folder(entry) or _dangling(entry):
            continue
        elif _wanted(path, suffixes, named, unsuffixed) and (
            not (excluded or _ignored(path, rules, directory=False))
            or git.holds(path, directory=False)
        ):
            yield path


def _wanted(
    path: Path, suffixes: Collection[str], named: Named | None, unsuffixed: Head | None
) -> bool:
    if named is not None and named(path):
        return True
    if path.name.startswith("."):
        return False
    suffix = path.suffix.lower()
    if suffix in suffixes:
        return True
    return not suffix and unsuffixed is not None and unsuffixed(read_head(str(path)))


def _dangling(entry: os.DirEntry[str]) -> bool:
    """A symbolic link to nothing (a target missing from this checkout): nothing to read in a
    tree walk; a path given by name is still read, and fails with its reason."""
    try:
        return entry.is_symlink() and not os.path.exists(entry.path)  # noqa: PTH110
    except OSError:
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _ignore_file(folder: Path) -> GitIgnoreSpec | None:
    """The rules of ``folder/.gitignore``; None when there is none (or a FIFO or device by
    that name, or one past ``MAX_IGNORE_BYTES``)."""
    try:
        data = read_regular(str(folder / ".gitignore"), MAX_IGNORE_BYTES)
    except (OSError, Skipped):
        return None
    from pathspec import GitIgnoreSpec

    lines = data.decode("utf-8", errors="replace").splitlines()
    with warnings.catch_warnings():  # `[[...slug]]` (a Next.js route) makes `re` warn of a
        warnings.simplefilter("ignore", FutureWarning)  # nested set: the user's file, not ours
        try:
            return GitIgnoreSpec.from_lines(lines)
        except ValueError:  # a line Git reads no pattern from (``.idea\\``): Git passes over it
            return GitIgnoreSpec.from_lines(line for line in lines if _readable_rule(line))


def _readable_rule(line: str) -> bool:
    from pathspec import GitIgnoreSpec

    try:
        GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _ignored(path: Path, rules: _Rules, *, directory: bool) -> bool:
    for base, spec in rules:
        relative = path.relative_to(base).as_posix() + ("/" if directory else "")
        if spec.match_file(relative):
            return True
    return False


# -- reading one file -------------------------------------------------------------------------

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


class TooLarge(Skipped):
    """A file larger than the limit it was read with."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit} bytes: skipped")
        self.limit = limit


def special_kind(mode: int) -> str | None:
    """What a non-regular file is (``a FIFO``...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def read_head(path: str, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of the regular file at ``path``; ``b""`` for anything else (a
    FIFO, a device, a folder) or a file that cannot be opened: never blocks, never reads on."""
    try:
        if special_kind(Path(path).stat().st_mode) is not None:
            return b""
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return b""
    try:
        if special_kind(os.fstat(fd).st_mode) is not None:
            return b""
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


def read_regular(path: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit``.

    Raises ``Skipped`` for anything that is not a regular file, ``TooLarge`` for a file larger
    than ``limit`` (checked before reading and again while reading, for files that grow or
    report no size), and ``OSError`` when it cannot be opened or read."""
    # os.stat, not Path(path).stat(): the same call without a Path parsed for every file
    kind = special_kind(os.stat(path).st_mode)  # noqa: PTH116
    if kind is not None:
        raise Skipped(f"not a regular file ({kind}): skipped")
    fd = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(fd)  # what was opened, not what the name pointed to a moment ago
        kind = special_kind(info.st_mode)
        if kind is not None:
            raise Skipped(f"not a regular file ({kind}): skipped")
        if info.st_size > limit:
            raise TooLarge(limit)
        chunks: list[bytes] = []
        size = 0
        want = info.st_size + 1  # the whole file in one read, not a buffer of 1 MiB a file
        while size <= limit:
            chunk = os.read(fd, max(1, min(want, limit + 1 - size)))
            want = 1 << 16  # the end, or more: a file that grew or reports no size
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise TooLarge(limit)
    return b"".join(chunks)

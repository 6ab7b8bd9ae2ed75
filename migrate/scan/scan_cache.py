"""A cache of each file's first-pass scan, for the scans of a tree that come after it.

A team runs ``stripe2dodo scan`` in CI on every change, and most files have not changed since
the last run. The first pass of a tree's scan (``migrate/scan/scan.py``) reads each file into
what it defines for the other files (its wrappers) and its sites as if the tree had no other
wrappers; that is what the cache keeps, one entry per file, under a key of everything the
result is made from:

* the file's path as the scan was given it and its bytes;
* the code that reads it: every module of ``migrate/`` and every mapping file (their bytes),
  the parser's version, Python's version and this cache's format;
* the scan's options (the id map);
* the project files at or above the scanned folders (manifests, lock files, configurations:
  ``migrate/scan/project_files.py``): one changed makes the next scan a first one.

Three things a file's result reads from the rest of the tree are not in the key: whether a word
is found in another file too (a wrapper is indexed only when another file can name it:
``migrate/scan/words.py``), the string constants other files declare
(``migrate/scan/tree_constants.py``) and the text of a helper another file defines
(``migrate/scan/helper_reads.py``). Each question the scan of a file asks of them is kept in
its entry with the answer it got; an entry is used only when every one of them gets the same
answer from the tree scanned now. The second pass (a file that names one of the tree's
wrappers, scanned again with all of them) is not cached: it is made again every time.

An entry that cannot be read (cut short, another format, a disk error) is a miss, and a cache
that cannot be written only makes the scan slower: the result is always the one a scan without
the cache gives. Entries are written atomically (a temporary file renamed), readable by their
owner only. An entry a scan used is touched; entries untouched for ``MAX_AGE_DAYS`` are removed
at most once a day. ``stripe2dodo scan --no-cache`` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from migrate.scan import tree_constants
from migrate.scan.configured_urls import configured_url
from migrate.scan.go_package_funcs import package_match
from migrate.scan.helper_reads import defined_in, imported_by, imported_text, sibling_match
from migrate.scan.imported_constants import constant_signature
from migrate.scan.jvm_records import components
from migrate.scan.lang.php_models import class_text
from migrate.scan.lang.ruby_models import class_text as ruby_class_text
from migrate.scan.project_files import project_digest
from migrate.scan.source import Skipped, read_source
from migrate.scan.symbols import go_import_path, go_mod_of
from migrate.scan.typed_methods import class_method_match
from migrate.scan.words import BYTES, SharedWords

FORMAT: Final = 1
MAX_AGE_DAYS: Final = 30
_DAY: Final = 86_400
_PRUNED: Final = "pruned"
"""A file of the cache folder whose time is that of the last removal of old entries."""

Question = tuple[Any, ...]
"""One question a file's scan asked of the rest of the tree, with its answer (last)."""


class ScanCache:
    """The cache folder and the key of everything but the file (see the module)."""

    def __init__(self, folder: Path, salt: bytes) -> None:
        self.folder = folder
        self.salt = salt
        self.tree = b""
        """The hash of the tree scanned now (:meth:`tree_key`): an entry written in a scan of
        the same tree needs no question asked again."""

    @classmethod
    def at(cls, folder: Path, options: Any = None) -> ScanCache:
        """The cache under ``folder`` for the code installed and ``options``."""
        digest = hashlib.blake2b(code_key(), digest_size=32)
        digest.update(pickle.dumps(options, protocol=4))
        return cls(folder / f"scan-{FORMAT}", digest.digest())

    def projects(self, listing: list[str]) -> None:
        """Key every entry on the project files around ``listing`` too (manifests, lock
        files, configurations: ``migrate/scan/project_files.py``)."""
        self.salt = hashlib.blake2b(self.salt + project_digest(listing), digest_size=32).digest()

    def key(self, path: str, data: bytes) -> str:
        digest = hashlib.blake2b(self.salt, digest_size=24)
        digest.update(path.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def get(self, key: str, shared: SharedWords | None = None) -> tuple[Any, bytes] | None:
        """The result kept under ``key`` and its sites (pickled), when every question it asked
        of the tree gets the same answer now; else None."""
        file = self._file(key)
        try:
            raw = file.read_bytes()
            size = int.from_bytes(raw[:8], "little")
            questions, result, check, tree = pickle.loads(raw[8 : 8 + size])
            blob = raw[8 + size :]
            if _check(blob) != check:
                return None
            if questions and not (tree and tree == self.tree) and not _all_same(questions, shared):
                return None
            os.utime(file)
        except Exception:  # a partial, foreign or unreadable entry: a miss
            return None
        return result, blob

    def put(self, key: str, questions: list[Question], result: Any, blob: bytes) -> None:
        """Keep ``result`` (and its sites, pickled) under ``key`` (best effort)."""
        file = self._file(key)
        try:
            head = pickle.dumps(
                (questions, result, _check(blob), self.tree), protocol=pickle.HIGHEST_PROTOCOL
            )
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            file.parent.mkdir(exist_ok=True, mode=0o700)
            fd, temp = tempfile.mkstemp(dir=file.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(len(head).to_bytes(8, "little"))
                    out.write(head)
                    out.write(blob)
                Path(temp).replace(file)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except Exception:  # a full disk, a read-only folder: only slower
            return

    def tree_key(self, listing: list[str]) -> bytes:
        """The hash of every file of a tree (its path and bytes, in the scan's order): what
        the words shared by its files and the scan of a file with the whole tree's wrappers
        are made from."""
        digest = hashlib.blake2b(self.salt, digest_size=32)
        for path in listing:
            try:
                data = read_source(path)
            except (Skipped, OSError):
                digest.update(f"\0unread\0{path}\0".encode("utf-8", "surrogateescape"))
                continue
            digest.update(bytes.fromhex(self.key(path, data)))
        for mod in sorted(_go_mods(listing)):  # read by the scan, listed by none
            try:
                digest.update(f"\0{mod}\0".encode("utf-8", "surrogateescape"))
                digest.update(Path(mod).read_bytes())
            except OSError:
                continue
        return digest.digest()

    def shared_words(self, tree: bytes) -> SharedWords | None:
        """The words shared by the files of the tree ``tree`` hashes, from an earlier scan."""
        hit = self.get(self.key("\0words", tree))
        return SharedWords(hit[1]) if hit is not None and len(hit[1]) == BYTES else None

    def keep_shared_words(self, tree: bytes, shared: SharedWords) -> None:
        self.put(self.key("\0words", tree), [], None, shared.bits)

    def prune(self, now: float | None = None) -> None:
        """Remove the entries untouched for ``MAX_AGE_DAYS``, at most once a day."""
        now = time.time() if now is None else now
        stamp = self.folder / _PRUNED
        try:
            if now - stamp.stat().st_mtime < _DAY:
                return
        except OSError:
            pass
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            stamp.touch()
            os.utime(stamp, (now, now))
            oldest = now - MAX_AGE_DAYS * _DAY
            for sub in self.folder.iterdir():
                if not sub.is_dir():
                    continue
                for entry in sub.iterdir():
                    if entry.stat().st_mtime < oldest:
                        entry.unlink(missing_ok=True)
        except OSError:
            return


def _check(blob: bytes) -> bytes:
    """What tells an entry's sites from a cut or changed copy of them."""
    return hashlib.blake2b(blob, digest_size=16).digest()


# -- the questions a file's scan asks of the rest of the tree ---------------------------------


class WatchedWords(SharedWords):
    """The tree's shared words, keeping each word asked about and the answer."""

    __slots__ = ("asked",)

    def __init__(self, shared: SharedWords) -> None:
        super().__init__(shared.bits)
        self.asked: list[Question] = []

    def __contains__(self, word: bytes) -> bool:
        answer = super().__contains__(word)
        self.asked.append(("word", word, answer))
        return answer


@contextmanager
def watching(shared: SharedWords) -> Iterator[tuple[WatchedWords, list[Question]]]:
    """While a file is scanned: the shared words to give it, and the list of every question
    it asked (words, and the tree's constants) once the block ends."""
    words = WatchedWords(shared)
    constants: list[Question] = []
    tree_constants.watch(constants)
    asked: list[Question] = []
    try:
        yield words, asked
    finally:
        tree_constants.watch(None)
        asked.extend(dict.fromkeys([*words.asked, *constants]))  # each question once


def _all_same(questions: list[Question], shared: SharedWords | None) -> bool:
    return shared is not None and all(_same_answer(q, shared) for q in questions)


def _same_answer(question: Question, shared: SharedWords) -> bool:
    kind, *args, answer = question
    if kind == "word":
        return (args[0] in shared) is answer
    if kind == "gomod":  # a Go package's import path, from the go.mod above it
        return bool(go_import_path(args[0]) == answer)
    if kind == "record":  # a Java record's or Kotlin data class's components
        return bool(components(args[0]) == answer)
    if kind == "helper":  # an imported helper's text, searched for a Stripe read (X023)
        return bool(imported_text(*args) == answer)
    if kind == "helper_in":  # a function beside an imported helper, that the helper calls
        return bool(defined_in(*args) == answer)
    if kind == "helper_via":  # a function the file of an imported helper imports
        return bool(imported_by(*args) == answer)
    if kind == "php-model":  # a PHP model's class, whose method a call on its object runs
        return bool(class_text(*args) == answer)
    if kind == "rb-model":  # the same, of a Rails model
        return bool(ruby_class_text(*args) == answer)
    if kind == "sibling":  # the methods of that name next to the file (RT015)
        return bool(sibling_match(*args) == answer)
    if kind == "typed":  # a method of a class another file of the tree declares (RT015)
        return bool(class_method_match(*args) == answer)
    if kind == "gofunc":  # a function of another Go package of the module (RT015)
        return bool(package_match(*args) == answer)
    if kind == "configured-url":  # a setting a return URL reads, set with a template (C003)
        return bool(configured_url(*args) == answer)
    if kind == "imported-constant":  # the module a constant the file imports comes from
        return bool(constant_signature(*args) == answer)
    return bool(tree_constants.ask(kind, tuple(args)) == answer)


def _go_mods(listing: list[str]) -> set[str]:
    """The ``go.mod`` files the Go files of ``listing`` belong to (the import paths of their
    packages are read from them)."""
    folders = {str(Path(p).parent.absolute()) for p in listing if p.endswith(".go")}
    out = set()
    for folder in folders:
        found = go_mod_of(Path(folder))
        if found is not None:
            out.add(str(found[0] / "go.mod"))
    return out


# -- the code that reads a file ----------------------------------------------------------------

_CODE_KEY: list[bytes] = []


def code_key() -> bytes:
    """The hash of the code a scan runs: every module of the package, every mapping file,
    the parser's and Python's versions (once per process)."""
    if _CODE_KEY:
        return _CODE_KEY[0]
    import ast_grep_py

    import mappings
    import migrate

    digest = hashlib.blake2b(f"{FORMAT}\0{sys.version}\0".encode(), digest_size=32)
    for package, suffix in ((migrate, ".py"), (mappings, ".yaml")):
        top = Path(package.__file__ or "").parent
        for file in sorted(top.rglob(f"*{suffix}")):
            digest.update(file.relative_to(top).as_posix().encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
    parser = Path(ast_grep_py.__file__ or "").parent
    for file in sorted(parser.iterdir()):
        if file.is_file():
            info = file.stat()
            digest.update(f"{file.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    _CODE_KEY.append(digest.digest())
    return _CODE_KEY[0]

"""The words shared by two files of a tree or more, counted in fixed memory.

The first pass of a scan indexes a wrapper of a creation only when another file can name it:
when its name or its owner's is a word (a ``\\w+`` run) found in two files of the tree or
more. The words are not kept: each sets a bit (its CRC-32 modulo the size of a map of bits)
in a map of the words found once, and, when that bit was already set, in a map of the words
found twice. The maps have the same size whatever the tree (2 MiB each), so memory stays flat
however many words it holds. Two words may share a bit: a word can be taken as shared when it
is not (the first pass then indexes a wrapper no other file names, and only its own file is
scanned again: more work, the same sites), never the reverse.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final
from zlib import crc32

from migrate.scan.source import Skipped, read_source

__all__ = ["Part", "SharedWords", "Words", "shared_words", "word_counts"]

_BITS: Final = 1 << 24
"""The bits of a map (2 MiB): about 1 word in 16 is taken as shared in a tree of a million
distinct words that are not."""
_MASK: Final = _BITS - 1
BYTES: Final = _BITS // 8
"""The size of a map of bits."""

_WORD_BYTES_ONLY: Final = bytes(
    c if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else ord(" ") for c in range(256)
)
"""Every byte that is not in ``\\w`` (ASCII letters, digits, ``_``: a bytes pattern's
``\\w``) made a space: the words of a file are then its ``split()``, as ``\\w+`` finds them."""


Part = tuple[set[int], set[int]]
"""The bits of the words of a few files (a batch of a worker): those set by one file of them or
more, and by two or more (as many as the batch's words: a worker sends them, not two maps)."""


class Words:
    """The words of the files of the tree: those found in one file or more, and in two or
    more, as maps of bits (see the module)."""

    __slots__ = ("once", "twice")

    def __init__(self) -> None:
        self.once = bytearray(_BITS // 8)
        self.twice = bytearray(_BITS // 8)

    def add_file(self, words: set[bytes]) -> None:
        """Count the words of one more file (each once)."""
        once, twice = self.once, self.twice
        for word in words:
            bit = crc32(word) & _MASK
            at, mask = bit >> 3, 1 << (bit & 7)
            if once[at] & mask:
                twice[at] |= mask
            else:
                once[at] |= mask

    def add(self, part: Part) -> None:
        """Count the words of a few more files (:func:`word_counts`): a bit of theirs set
        before, or by two of them, is now set by two files."""
        once, twice = self.once, self.twice
        for bit in part[1]:
            twice[bit >> 3] |= 1 << (bit & 7)
        for bit in part[0]:
            at, mask = bit >> 3, 1 << (bit & 7)
            if once[at] & mask:
                twice[at] |= mask
            else:
                once[at] |= mask

    def shared(self) -> SharedWords:
        return SharedWords(bytes(self.twice))


class SharedWords:
    """The words found in two files or more (``word in shared``), as a map of bits."""

    __slots__ = ("_bits",)

    def __init__(self, bits: bytes) -> None:
        self._bits = bits

    @property
    def bits(self) -> bytes:
        return self._bits

    def __contains__(self, word: bytes) -> bool:
        bit = crc32(word) & _MASK
        return bool(self._bits[bit >> 3] & (1 << (bit & 7)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SharedWords) and other._bits == self._bits

    def __hash__(self) -> int:
        return hash(self._bits)


def shared_words(listing: Sequence[str]) -> SharedWords:
    """The words (``\\w+`` runs) found in two files of ``listing`` or more: a wrapper whose
    name and owner are not among them is named by no file but its own (unreadable files are
    skipped: the scan reports them)."""
    counted = Words()
    for words in _file_words(listing):
        counted.add_file(words)
    return counted.shared()


def word_counts(listing: Sequence[str]) -> Part:
    """The bits of the words of the files of ``listing``, a few files of the tree
    (:meth:`Words.add` counts them)."""
    once: set[int] = set()
    twice: set[int] = set()
    for words in _file_words(listing):
        bits = {crc32(word) & _MASK for word in words}
        twice |= bits & once
        once |= bits
    return once, twice


def _file_words(listing: Sequence[str]) -> Iterator[set[bytes]]:
    """The words of each readable file of ``listing``."""
    for path in listing:
        try:
            yield set(read_source(path).translate(_WORD_BYTES_ONLY).split())
        except (Skipped, OSError):
            continue

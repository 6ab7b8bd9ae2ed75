"""The oldest PHP a project runs on, and the PHP the suggestions write for it.

A WordPress plugin that says ``Requires PHP: 7.2`` (its ``readme.txt``) or a Composer package
that requires ``"php": "^7.4 || ^8.0"`` still runs on a PHP older than the one the suggestions
were written for: an arrow function (``fn($x) => ...``, PHP 7.4), ``?? throw`` (PHP 8.0) or
a heredoc closed on the line of its call's next argument (``JSON, false, ...)``, PHP 7.3) is a
parse error there, and a parse error in a plugin takes the whole site down. The scan of a PHP
file reads the oldest version its project supports (:func:`floor_at`: the nearest
``composer.json`` above it, its ``require.php`` or ``config.platform.php``, and the nearest
``readme.txt`` with a ``Requires PHP:`` line; the lower of the two) and holds it while it
writes that file's suggestions (:func:`php_floor`); the writers below write what that version
parses, and the newer form when nothing is said.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Final

from migrate.scan.floors import holding

Version = tuple[int, int]

NEWEST: Final[Version] = (99, 0)
"""No floor said: the suggestions are written for a current PHP."""

_FLOOR: ContextVar[Version] = ContextVar("php_floor", default=NEWEST)

_LEVELS: Final = 32
_HEAD: Final = 1 << 16
_VERSION: Final = re.compile(r"(\d+)(?:\.(\d+|\*|x))?")
_BOUND: Final = re.compile(r"^(?:>=|>|\^|~|=|==|v)?\s*(\d+(?:\.(?:\d+|\*|x))*)$")
_HYPHEN: Final = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+-\s+\d+(?:\.\d+)*\s*$")
"""One constraint of Composer's that is a lower bound: ``>=7.4``, ``^7.2.5``, ``~7.3``,
``7.4.*``, ``7.4``; ``>7.3`` counts as 7.3 (a patch of it admitted); a hyphen range ``7.2 -
8.2`` as its lower end."""
_REQUIRES: Final = re.compile(rb"(?im)^[ \t*#/]*Requires PHP:[ \t]*(\d+(?:\.\d+)?)")
_GLOBALS: Final = frozenset(
    {"this", "GLOBALS", "_GET", "_POST", "_REQUEST", "_SERVER", "_SESSION", "_COOKIE", "_FILES"}
    | {"_ENV"}
)
"""Names a closure sees without ``use`` (and may not list there)."""
_VARIABLE: Final = re.compile(r"(?<!::)(?<!->)(?<![\w$])\$([A-Za-z_]\w*)")
_QUOTED: Final = re.compile(r"'(?:[^'\\]|\\.)*'")
"""A single-quoted string: no variable is read in it."""
_PARAMS: Final = re.compile(r"\b(?:fn|function)\s*\(([^()]*)\)")


def floor() -> Version:
    """The oldest PHP the file whose suggestions are being written runs on."""
    return _FLOOR.get()


def php_floor(path: str) -> contextlib.AbstractContextManager[Version]:
    """Write the suggestions of the PHP file at ``path`` for the oldest PHP its project runs
    on, until the block ends."""
    return holding(_FLOOR, floor_at(str(Path(path).resolve().parent)))


@functools.lru_cache(maxsize=4096)
def floor_at(folder: str) -> Version:
    """The oldest PHP a file in ``folder`` runs on, as its project says (:data:`NEWEST` when it
    says nothing a version can be read from)."""
    said = [v for v in (_composer_floor(folder), _readme_floor(folder)) if v is not None]
    return min(said, default=NEWEST)


def constraint_floor(constraint: str) -> Version | None:
    """The lowest version a Composer constraint admits (``^7.4 || ^8.0``: 7.4; ``>=7.2.5 <8.3``:
    7.2), or None when it sets no lower bound (``*``, ``<8``)."""
    lowest: Version | None = None
    for written in re.split(r"\s*\|\|?\s*", constraint.strip()):
        alternative = _HYPHEN.sub(r">=\1", written)  # 7.2 - 8.2: from 7.2
        bounds = [
            _version(found[1])
            for part in re.split(r"[\s,]+", alternative.strip())
            if part and (found := _BOUND.match(part)) is not None
        ]
        if not bounds:
            return None  # an alternative with no lower bound admits anything
        low = max(bounds)
        lowest = low if lowest is None else min(lowest, low)
    return lowest


def _version(text: str) -> Version:
    found = _VERSION.match(text)
    if found is None:
        return NEWEST
    minor = found[2]
    return (int(found[1]), int(minor) if minor and minor.isdigit() else 0)


def _heads(folder: str, name: str) -> Iterator[bytes]:
    """The head of each file ``name`` at or above ``folder``, nearest first."""
    here = Path(folder)
    for at, base in enumerate((here, *here.parents)):
        if at > _LEVELS:
            break
        file = base / name
        if file.is_file():
            try:
                with file.open("rb") as opened:
                    yield opened.read(_HEAD)
            except OSError:
                continue


def _composer_floor(folder: str) -> Version | None:
    """The floor the nearest ``composer.json`` that says one gives (a module's manifest that
    requires no PHP defers to the application's above it)."""
    for head in _heads(folder, "composer.json"):
        found = _composer_says(head)
        if found is not None:
            return found
    return None


def _composer_says(head: bytes) -> Version | None:
    try:
        manifest = json.loads(head)
    except ValueError:
        return None
    if not isinstance(manifest, dict):
        return None
    said: list[Version] = []
    require = manifest.get("require")
    if isinstance(require, dict) and isinstance(require.get("php"), str):
        found = constraint_floor(require["php"])
        said += [found] if found is not None else []
    config = manifest.get("config")
    platform = config.get("platform") if isinstance(config, dict) else None
    if isinstance(platform, dict) and isinstance(platform.get("php"), str):
        said.append(_version(platform["php"]))
    return min(said, default=None)


def _readme_floor(folder: str) -> Version | None:
    for head in _heads(folder, "readme.txt"):
        found = _REQUIRES.search(head)
        if found is not None:
            return _version(found[1].decode())
    return None


# -- what the suggestions write -------------------------------------------------------------


def closure(var: str, body: str) -> str:
    """A function of ``var`` returning ``body``: ``fn($x) => body`` from PHP 7.4, a
    ``function ($x) use (...) { return body; }`` taking the variables it reads before."""
    if floor() >= (7, 4):
        return f"fn({var}) => {body}"
    own = {var.lstrip("$")} | {
        p.strip().lstrip("&$") for params in _PARAMS.findall(body) for p in params.split(",")
    }
    free = dict.fromkeys(
        name
        for name in _VARIABLE.findall(_QUOTED.sub("''", body))
        if name not in own and name not in _GLOBALS
    )
    use = f" use ({', '.join('$' + name for name in free)})" if free else ""
    return f"function ({var}){use} {{ return {body}; }}"


def or_throw(value: str, exception: str) -> str:
    """``value``, or ``exception`` thrown when it is null (``?? throw``, an expression from
    PHP 8.0; a closure called at once before)."""
    if floor() >= (8, 0):
        return f"({value} ?? throw {exception})"
    return f"({value} ?? (function () {{ throw {exception}; }})())"


def listed(entries: list[tuple[bool, str]]) -> list[str] | None:
    """The entries of a list literal, each one value or (``True``) a list spread into it:
    as written from PHP 7.4 (``[$a, ...$rest]``); None before, when :func:`merged_list`
    writes it."""
    if floor() >= (7, 4) or not any(spread for spread, _ in entries):
        return [f"...{code}" if spread else code for spread, code in entries]
    return None


def merged_list(entries: list[tuple[bool, str]]) -> str:
    """``array_merge`` of the entries (a value in a list of its own): a list spread into a
    list before PHP 7.4."""
    parts = [code if spread else f"[{code}]" for spread, code in entries]
    return f"array_merge({', '.join(parts)})"


def as_list(source: str) -> str:
    """The values of an array or a ``Traversable`` (a Doctrine collection) as a list: ``[...$x]``
    from PHP 8.1 (string keys too), a call of a closure before."""
    if floor() >= (8, 1):
        return f"[...{source}]"
    return (
        "(function ($values) { return is_array($values) ? array_values($values)"
        f" : iterator_to_array($values, false); }})({source})"
    )


def decoded(literal: str, *, name: str = "$dodoBody") -> str:
    """``name = json_decode(<<<'JSON' ... JSON)`` of a JSON literal, as objects (``{}`` stays an
    object when encoded again): the nowdoc closed on the line of the next argument from PHP 7.3
    (with ``JSON_THROW_ON_ERROR``), on a line of its own before (the literal is ours: it
    decodes)."""
    if floor() >= (7, 3):
        return (
            f"{name} = json_decode(<<<'JSON'\n{literal}\nJSON, false, 512, JSON_THROW_ON_ERROR);\n"
        )
    return f"{name} = json_decode(<<<'JSON'\n{literal}\nJSON\n);\n"

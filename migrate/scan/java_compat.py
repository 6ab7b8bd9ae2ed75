"""The oldest Java a project builds for, and the Java the suggestions write for it.

A Spring Boot 2 service built with ``<java.version>11</java.version>`` (or Gradle's
``sourceCompatibility = JavaVersion.VERSION_11``) does not compile a text block (Java 15), a
pattern ``instanceof Map<?, ?> map`` or a static method of a local class (Java 16) or
``Stream.toList()`` (Java 16), all of which the Java suggestions wrote. The scan of a Java file
reads the Java its build says (:func:`floor_at`: the nearest ``pom.xml``, ``build.gradle`` or
``build.gradle.kts`` above it; the lowest release, source or target it names) and holds it
while it writes that file's suggestions (:func:`java_floor`); the writers below write what that
Java compiles, and the newer forms when nothing is said. Before Java 11 there is no
``java.net.http``: the suggestion says so in a comment (the rest is written for Java 11).
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from contextvars import ContextVar
from pathlib import Path
from typing import Final

from migrate.scan.floors import holding

NEWEST: Final = 99
_FLOOR: ContextVar[int] = ContextVar("java_floor", default=NEWEST)
_BUILDS: Final = ("pom.xml", "build.gradle", "build.gradle.kts")
_LEVELS: Final = 32
_HEAD: Final = 1 << 17
_SAID: Final = re.compile(
    r"<(?:maven\.compiler\.(?:release|source|target)|java\.version|release|source|target)>"
    r"\s*(?:1\.)?(?P<pom>\d+)\s*<"
    r"|(?:sourceCompatibility|targetCompatibility)\s*=\s*['\"]?(?:JavaVersion\.VERSION_)?"
    r"(?:1[._])?(?P<compat>\d+)"
    r"|JavaLanguageVersion\.of\(\s*(?P<toolchain>\d+)\s*\)"
    r"|(?:options\.release|release)(?:\.set\(|\s*=\s*)\s*(?P<release>\d+)"
)
"""A Java level a build names: Maven's properties and compiler configuration (``1.8`` is 8),
Gradle's compatibility settings (``JavaVersion.VERSION_1_8``), toolchain and ``release``."""


def floor() -> int:
    """The oldest Java the file whose suggestions are being written builds for."""
    return _FLOOR.get()


def java_floor(path: str) -> contextlib.AbstractContextManager[int]:
    """Write the suggestions of the Java file at ``path`` for the Java its build names."""
    return holding(_FLOOR, floor_at(str(Path(path).resolve().parent)))


@functools.lru_cache(maxsize=4096)
def floor_at(folder: str) -> int:
    """The lowest Java level the nearest build file above ``folder`` names (:data:`NEWEST`
    when none does)."""
    here = Path(folder)
    for at, base in enumerate((here, *here.parents)):
        if at > _LEVELS:
            break
        for name in _BUILDS:
            build = base / name
            if not build.is_file():
                continue
            try:
                with build.open("rb") as opened:
                    text = opened.read(_HEAD).decode("utf-8", "replace")
            except OSError:
                return NEWEST
            levels = [int(v) for m in _SAID.finditer(text) for v in m.groupdict().values() if v]
            return min((v for v in levels if v >= 5), default=NEWEST)
    return NEWEST


# -- what the suggestions write ---------------------------------------------------------------


def concatenated(text: str) -> str | None:
    """``text`` as string literals joined with ``+``, one a line, in parentheses (a
    ``.replace(...)`` after it is the whole text's), where a text block does not compile (before
    Java 15); None from Java 15 (the text block)."""
    if floor() >= 15:
        return None
    lines = text.split("\n")
    ends = ["\n"] * (len(lines) - 1) + [""]
    parts = [
        json.dumps(line + end, ensure_ascii=False) for line, end in zip(lines, ends, strict=True)
    ]
    return "(" + "\n    + ".join(parts) + ")"


def json_of() -> str:
    """How a run-time value is written as JSON: the local helper's static ``DodoJson.of`` from
    Java 16, an instance of it before (a local class has no static method there)."""
    return "DodoJson.of" if floor() >= 16 else "dodoJson.of"


def to_list() -> str:
    """A stream collected to a list: ``toList()`` from Java 16."""
    return ".toList()" if floor() >= 16 else ".collect(java.util.stream.Collectors.toList())"


def before_11() -> str:
    """The comment a suggestion for a build before Java 11 starts with (no ``java.net.http``)."""
    level = floor()
    if level >= 11:
        return ""
    return (
        f"// this project builds for Java {level}: java.net.http (below) needs Java 11; send the"
        " same request with your HTTP client\n"
    )

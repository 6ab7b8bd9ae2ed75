"""The id map written for the application: a small module in its language that maps Stripe
ids to Dodo ids (``stripe2dodo ledger ids -o dodo_ids.py``, ``plan --id-map-out``), or the
id map's own JSON, or a dotenv file.

Every module has one lookup function per kind, named as the scanner's suggestions call them
(docs/scan.md): the Dodo product id of a Stripe price, plan, SKU or product id; the Dodo customer id
of a Stripe customer id; the Dodo discount code of a Stripe coupon or promotion-code id; the Dodo
subscription id of a Stripe subscription id (a subscriber moved by ``subscribers create``, recorded
in the ledger). Each fails loudly (an exception, a panic, a non-zero status) on an id the map does
not hold, naming it and the command that writes the module again: no lookup ever returns an empty or
a wrong id. Beside them, one conversion: a decimal amount in minor units as the whole number a cart
line takes, failing on a fraction (``amounts.py``). The output is deterministic (sorted by Stripe
id, no date), so a regenerated module diffs cleanly; its header says how it was made. A plan's
placeholder ids (``s2d_...``, objects not created yet) are refused in everything but the JSON map
unless asked for: a placeholder in production code is a bug.

One module per language renders a checked :class:`~migrate.codegen.table.IdTable`; this module
picks the language from ``--format`` or the output file's name.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Final

from migrate.codegen.table import MARKER, IdTable, id_table, printable
from migrate.errors import ConfigError
from migrate.readers.idmap import IdMap


class Target(StrEnum):
    """What ``--format`` takes for an id map."""

    JSON = "json"
    DOTENV = "dotenv"
    PYTHON = "python"
    TYPESCRIPT = "typescript"
    ESM = "esm"
    COMMONJS = "commonjs"
    RUBY = "ruby"
    PHP = "php"
    GO = "go"
    JAVA = "java"
    KOTLIN = "kotlin"
    CSHARP = "csharp"
    SHELL = "shell"


BY_SUFFIX: Final[dict[str, Target]] = {
    ".json": Target.JSON,
    ".env": Target.DOTENV,
    ".py": Target.PYTHON,
    ".ts": Target.TYPESCRIPT,
    ".mts": Target.TYPESCRIPT,
    ".mjs": Target.ESM,
    ".cjs": Target.COMMONJS,
    ".rb": Target.RUBY,
    ".php": Target.PHP,
    ".go": Target.GO,
    ".java": Target.JAVA,
    ".kt": Target.KOTLIN,
    ".cs": Target.CSHARP,
    ".sh": Target.SHELL,
}
"""The language of an output file by its suffix (``.js``: see :func:`target_for`)."""

JAVA_CLASS: Final = "DodoIds"


def target_for(path: str | None, fmt: str | None) -> Target:
    """The format asked for, else the one the output file's name says, else JSON (stdout).

    A ``.js`` file is what Node would load it as: an ES module when the nearest
    ``package.json`` says ``"type": "module"``, CommonJS otherwise."""
    if fmt:
        return Target(fmt)
    if path is None or path == "-":
        return Target.JSON
    name = Path(path).name
    if name == ".env" or name.endswith(".env"):
        return Target.DOTENV
    suffix = Path(path).suffix.lower()
    if suffix == ".js":
        return Target.ESM if _module_package(Path(path)) else Target.COMMONJS
    target = BY_SUFFIX.get(suffix)
    if target is None:
        known = ", ".join(sorted({*BY_SUFFIX, ".js"}))
        raise ConfigError(
            f"{path}: which language is that? the id map can be written as {known}",
            hint="name the file with one of those suffixes, or pass --format",
        )
    return target


def _module_package(path: Path) -> bool:
    """Whether the ``package.json`` nearest to ``path`` says ``"type": "module"``."""
    for folder in path.resolve().parents:
        manifest = folder / "package.json"
        if manifest.is_file():
            try:
                doc = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return False
            return isinstance(doc, dict) and doc.get("type") == "module"
    return False


def render(
    ids: IdMap,
    target: Target,
    *,
    command: str,
    allow_placeholders: bool = False,
    path: str | None = None,
) -> str:
    """The id map as ``target``; ``command`` is the command line that writes it again (the
    header shows it, and each lookup's error names it); ``path`` is where it goes (a Java
    file must be named after its class)."""
    if target is Target.JSON:
        return ids.dumps()
    if target is Target.JAVA and path not in (None, "-") and Path(str(path)).stem != JAVA_CLASS:
        raise ConfigError(
            f"{path}: a Java file holds the public class it is named after: name it "
            f"{JAVA_CLASS}.java (package dodo)",
            hint=f"e.g. -o src/main/java/dodo/{JAVA_CLASS}.java",
        )
    table = id_table(ids, allow_placeholders=allow_placeholders)
    return _render(table, target, printable(command))


def _render(table: IdTable, target: Target, command: str) -> str:
    from migrate.codegen import csharp, data, go, jvm, node, php, python, ruby, shell

    match target:
        case Target.PYTHON:
            return python.render(table, command)
        case Target.TYPESCRIPT | Target.ESM | Target.COMMONJS:
            return node.render(table, command, target.value)  # type: ignore[arg-type]
        case Target.RUBY:
            return ruby.render(table, command)
        case Target.PHP:
            return php.render(table, command)
        case Target.GO:
            return go.render(table, command)
        case Target.JAVA:
            return jvm.render_java(table, command)
        case Target.KOTLIN:
            return jvm.render_kotlin(table, command)
        case Target.CSHARP:
            return csharp.render(table, command)
        case Target.SHELL:
            return shell.render(table, command)
        case Target.DOTENV:
            return data.render_dotenv(table, command)
        case Target.JSON:  # pragma: no cover - rendered from the map itself, above
            raise AssertionError("JSON is the id map's own format")


def generated(text: str) -> bool:
    """Whether a file's first lines say stripe2dodo generated it (it may then be replaced)."""
    return MARKER.lower() in "\n".join(text.splitlines()[:3]).lower()


__all__ = ["BY_SUFFIX", "Target", "generated", "id_table", "render", "target_for"]

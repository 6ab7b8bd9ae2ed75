"""What the README and docs/ show: their code blocks, the stripe2dodo command lines in them, and a
check of each command line against the real command tree (commands, options, choices), without
running anything."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from migrate.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
_OPERATORS = {"|", "||", "&&", ";", "&"}
_REDIRECTS = {">", ">>", "<", "2>", "&>"}


@dataclass(frozen=True)
class Block:
    file: Path
    line: int
    """1-based line of the block's first line of content."""
    lang: str
    text: str
    marker: str
    """The HTML comment just above the fence (``<!-- name ...``), or ''."""


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    out = []
    for found in _FENCE.finditer(text):
        before = text[: found.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = before if before.startswith("<!--") else ""
        line = text.count("\n", 0, found.start(2)) + 1
        out.append(Block(path, line, found.group(1), found.group(2), marker))
    return out


def marked_block(path: Path, marker: str) -> Block:
    """The one block under ``<!-- marker`` in ``path``."""
    found = [b for b in blocks(path) if b.marker.startswith(f"<!-- {marker}")]
    assert len(found) == 1, f"{path.name}: {len(found)} blocks marked <!-- {marker}"
    return found[0]


def shell_lines(script: str) -> Iterator[tuple[int, str]]:
    """(0-based index of the first line, logical line): backslash continuations are joined, and
    so are the lines of a quoted string (an awk program, say)."""
    pending, start = "", 0
    for index, line in enumerate(script.splitlines()):
        if not pending:
            start = index
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        if _unclosed(pending + line):
            pending += line + "\n"
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending


def _tokens(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def _unclosed(line: str) -> bool:
    try:
        _tokens(line)
    except ValueError:
        return True
    return False


def invocations(line: str) -> list[list[str]]:
    """The argument lists of every ``stripe2dodo`` (or ``python -m migrate``) command in one
    shell line, without redirections, pipes or the comment."""
    found, segment = [], []
    for token in [*_tokens(line), ";"]:
        if token in _OPERATORS:
            args = _command_args(segment)
            if args is not None:
                found.append(args)
            segment = []
        else:
            segment.append(token)
    return found


def _command_args(segment: list[str]) -> list[str] | None:
    words: list[str] = []
    skip = False
    for token in segment:
        if skip:
            skip = False
        elif token in _REDIRECTS:
            skip = True
        else:
            words.append(token)
    for index, word in enumerate(words):
        if word == "stripe2dodo":
            return words[index + 1 :]
        if word == "migrate" and words[index - 1 : index] == ["-m"]:
            return words[index + 1 :]
    return None


def _option(command: click.Command, name: str) -> click.Option | None:
    for param in command.params:
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def check_command_line(args: list[str]) -> list[str]:
    """Problems with one ``stripe2dodo ARGS`` command line: a command, option or choice the
    command line does not have. Values are not converted (no file is opened or created)."""
    command: click.Command = main
    path = ["stripe2dodo"]
    problems = []
    index = 0
    while index < len(args):
        token = args[index]
        index += 1
        if token.startswith("-") and token != "-":
            name, has_value, value = token.partition("=")
            option = _option(command, name) or _option(main, name)
            if option is None:
                problems.append(f"{' '.join(path)}: no option {name}")
                continue
            if option.is_flag or option.count:
                continue
            if not has_value:
                if index >= len(args):
                    problems.append(f"{' '.join(path)}: {name} needs a value")
                    break
                value = args[index]
                index += 1
            if isinstance(option.type, click.Choice) and value not in option.type.choices:
                problems.append(f"{' '.join(path)}: {name} has no choice {value!r}")
        elif isinstance(command, click.Group):
            sub = command.commands.get(token)
            if sub is None:
                problems.append(f"{' '.join(path)}: no command {token!r}")
                break
            command = sub
            path.append(token)
    return problems


# -- the agreed conventions (issue 13) the docs are written to, and whether the CLI has them yet

CONVENTIONS = (
    ("report", "--baseline"),
    ("scan", "--baseline"),
    ("scan", "-o"),
    ("export", "-o"),
)
"""Options of the agreed conventions that the docs' command lines use and that a command lacked
when the docs were written (the cli branch of issue 13 adds them)."""


def _command(path: str) -> click.Command:
    command: click.Command = main
    for name in path.split():
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def cli_lacks(*options: tuple[str, str]) -> bool:
    """True while a command lacks one of ``options`` ((command path, option) pairs)."""
    return any(_option(_command(path), name) is None for path, name in options)


def only_pending(problems: list[str]) -> bool:
    """Every problem is a missing option of the conventions that the CLI still lacks (not a
    typo, nor a stale option)."""
    if not problems:
        return False
    for problem in problems:
        path, _, rest = problem.partition(": no option ")
        command = path.removeprefix("stripe2dodo").strip()
        if (command, rest) not in CONVENTIONS or not cli_lacks((command, rest)):
            return False
    return True

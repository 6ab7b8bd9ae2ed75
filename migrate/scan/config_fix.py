"""``scan --fix`` for environment examples: the Dodo variable is added on the line after each
Stripe one (``STRIPE_PRICE_PRO=price_1`` gains ``DODO_PRODUCT_PRO=pdt_1`` below it).

Only the environment *examples* the scanner reads are written (``.env.example`` and its kin:
``migrate/scan/config.py``), never a real ``.env``. The Stripe line stays (the Stripe
integration runs until the switch); the new line takes its ``export`` and its quotes, and the
file keeps its line breaks, comments and order, and is replaced atomically only if it did not
change since the scan (``migrate/scan/fix.py`` writes it). A value is added only when every id
in it has a Dodo id and the value is nothing but ids; a variable the file already sets is left
alone. Compose and configuration files are reported, not rewritten: they are what the
application runs with, and their change is a decision of its own. ``--diff`` never shows a
secret-looking value of the file (its context lines are redacted).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from migrate.display import shown_path
from migrate.scan.config import config_format, redact
from migrate.scan.fix import FileFix, newline_of, refused
from migrate.scan.site import CallSite
from migrate.scan.source import Skipped, read_source

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class ConfigFileFix(FileFix):
    """The rewrite of an environment example; its diff hides secret-looking values."""

    def diff(self) -> str:
        name = shown_path(self.path)
        return "".join(
            difflib.unified_diff(
                [redact(line) for line in self.before.splitlines(keepends=True)],
                [redact(line) for line in self.after.splitlines(keepends=True)],
                f"a/{name}",
                f"b/{name}",
            )
        )


def _why_not(site: CallSite) -> str | None:
    """Why a configuration site is not written by ``--fix`` (None: it is)."""
    config = site.config
    if config is None:
        return "a secret-looking value: remove it by hand (it is never shown)"
    if config.format != "dotenv":
        return f"{config.format} files are reported, not rewritten: set {config.suggestion()}"
    unknown = [i.stripe_id for i in config.ids if i.dodo_id is None]
    if unknown:
        return f"{', '.join(unknown)} has no Dodo id yet: apply the plan, then scan with --id-map"
    if config.dodo_value is None:
        return "its value holds more than ids: change it by hand"
    return None


def plan_config_fixes(
    sites: Iterable[CallSite], *, roots: Sequence[str] | None = None
) -> list[FileFix]:
    """The rewrite of every environment example with a site to fix, in file order."""
    by_file: dict[str, list[CallSite]] = {}
    for site in sites:
        if site.rule in ("CF001", "CF002", "CF003"):
            by_file.setdefault(site.file, []).append(site)
    out: list[FileFix] = []
    for path, group in by_file.items():
        todo = [s for s in group if _why_not(s) is None]
        skipped = [(s, str(_why_not(s))) for s in group if _why_not(s) is not None]
        if not todo:
            out.append(FileFix(path, "", "", (), tuple(skipped)))
            continue
        out.append(_plan_file(path, todo, skipped, roots))
    return out


def _plan_file(
    path: str,
    todo: list[CallSite],
    skipped: list[tuple[CallSite, str]],
    roots: Sequence[str] | None,
) -> FileFix:
    def left(why: str, *, problem: bool = False) -> FileFix:
        alone = (*skipped, *((s, why) for s in todo))
        return FileFix(path, "", "", (), tuple(alone), problem=why if problem else None)

    if config_format(Path(path)) != "dotenv":  # never a real .env, whatever the sites say
        return left("not an environment example: not written")
    why = refused(path, roots)
    if why is not None:
        return left(why)
    try:
        raw = read_source(path)
    except (OSError, Skipped) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return left(f"cannot read for --fix: {reason}", problem=True)
    bom = raw.startswith(_BOM)
    try:
        before = raw[len(_BOM) if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        return left("not UTF-8: not rewritten")
    lines = before.splitlines(keepends=True)
    nl = newline_of(before)
    inserts: list[tuple[int, str]] = []
    fixed: list[CallSite] = []
    for site in todo:
        config = site.config
        assert config is not None and config.env is not None and config.dodo_value is not None
        line = lines[site.line - 1] if site.line <= len(lines) else ""
        head = re.match(rf"^(\s*(?:export\s+)?){re.escape(config.env)}\s*=\s*(['\"]?)", line)
        if head is None:
            return left("changed since it was scanned: scan again", problem=True)
        if _sets(lines, config.dodo_key):
            skipped.append((site, f"already sets {config.dodo_key}: left as it is"))
            continue
        quote = head.group(2)
        text = f"{head.group(1)}{config.dodo_key}={quote}{config.dodo_value}{quote}"
        inserts.append((site.line, text))
        fixed.append(site)
    if not fixed:
        return FileFix(path, "", "", (), tuple(skipped))
    after_lines = list(lines)
    for number, text in sorted(inserts, reverse=True):
        if not after_lines[number - 1].endswith(("\n", "\r")):
            after_lines[number - 1] += nl
        after_lines.insert(number, text + nl)
    after = "".join(after_lines)
    return ConfigFileFix(path, before, after, tuple(fixed), tuple(skipped), raw, bom)


def _sets(lines: list[str], name: str) -> bool:
    pattern = re.compile(rf"^\s*(?:export\s+)?{re.escape(name)}\s*=")
    return any(pattern.match(line) for line in lines)


__all__ = ["ConfigFileFix", "plan_config_fixes"]

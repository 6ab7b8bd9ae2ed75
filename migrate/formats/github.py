"""``scan --format github``: GitHub Actions workflow commands (``::error file=...::message``),
one line per finding, then a plain summary line; GitHub shows them on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from migrate.display import shown_path
from migrate.findings import Level
from migrate.formats.base import Format, Model, OutputFormat
from migrate.formats.sarif import TOOL_NAME, message, relative_path, root_of
from migrate.mapping.table import load_table
from migrate.scan.result import ScanResult, summary
from migrate.scan.site import CallSite, ScanStats

GITHUB_COMMAND: Final = {Level.INFO: "notice", Level.WARNING: "warning", Level.BLOCKER: "error"}


class GithubFormat(OutputFormat):
    """A scan as workflow commands (``FormatOptions.verbose``: info findings too, as
    ``::notice``; ``FormatOptions.base``: the folder file paths are relative to)."""

    format = Format.GITHUB

    def render(self, model: Model) -> str:
        match model:
            case ScanResult():
                return render_github(
                    model.sites,
                    model.stats,
                    verbose=self.options.verbose,
                    base=self.options.base,
                    cap=self.options.annotations,
                    new=self.options.new,
                )
            case _:
                return super().render(model)


def escape_data(text: str) -> str:
    """Escape a workflow command's message (as ``@actions/core`` does)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: also ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(
    sites: Sequence[CallSite],
    stats: ScanStats,
    *,
    verbose: bool = False,
    base: Path | None = None,
    cap: int | None = None,
    new: Sequence[bool] | None = None,
) -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` line per blocker or
    warning finding (``::notice`` for info findings too with ``verbose``), one ``::error``
    per unreadable path, then a plain summary line. File paths are relative to ``base``
    (default: the working directory, which is the workspace in a GitHub Actions step).

    ``cap``: at most that many annotations per command (error, warning, notice); what is left
    out is counted in one closing ``::notice``, so nothing disappears without a word. ``new``
    (a baseline's marks, one per finding in scan order): only the new findings are annotated."""
    root = root_of(base)
    table = load_table()
    out: list[str] = []
    counts = {level: 0 for level in Level}
    shown = {level: 0 for level in Level}
    left = {level: 0 for level in Level}
    known = 0
    index = -1
    for site in sites:
        file = shown_path(relative_path(site.file, root) or site.file)
        for finding in site.findings:
            index += 1
            counts[finding.level] += 1
            if finding.level is Level.INFO and not verbose:
                continue
            if new is not None and index < len(new) and not new[index]:
                known += 1
                continue
            if cap is not None and shown[finding.level] >= cap:
                left[finding.level] += 1
                continue
            shown[finding.level] += 1
            rule = table.by_code.get(finding.code)
            title = f"{finding.code} {rule.name}" if rule is not None else finding.code
            props = [
                ("file", file),
                ("line", str(site.line)),
                ("col", str(site.column)),
                ("endLine", str(site.end_line)),
                ("endColumn", str(site.end_column)),
                ("title", title),
            ]
            text = message(site, finding)
            if finding.suggestion:
                text += f"\nSuggestion: {finding.suggestion}"
            out.append(_command(GITHUB_COMMAND[finding.level], props, text))
    for problem in stats.problems:
        out.append(_command("error", [("title", f"{TOOL_NAME} scan")], problem))
    if any(left.values()) or known:
        parts = [f"{n} more {GITHUB_COMMAND[lv]}(s)" for lv, n in left.items() if n]
        if any(left.values()):
            parts = [", ".join(parts) + f" not annotated (GitHub shows {cap} of each per step)"]
        if known:
            parts.append(f"{known} finding(s) known from the baseline not annotated")
        text = "; ".join(parts) + ": the JSON or SARIF output lists them all"
        out.append(_command("notice", [("title", f"{TOOL_NAME} scan")], text))
    kinds = summary(sites, stats)
    out.append(
        f"{TOOL_NAME} scan: {kinds['creates']} checkout creation(s), {kinds['calls']} call(s) "
        f"around checkout and {kinds['related']} related site(s) in {stats.parsed} of "
        f"{stats.files} file(s); findings: "
        f"{counts[Level.BLOCKER]} blocker, {counts[Level.WARNING]} warning, "
        f"{counts[Level.INFO]} info; {len(stats.problems)} problem(s)"
    )
    return "\n".join(out) + "\n"


def _command(name: str, props: Sequence[tuple[str, str]], text: str) -> str:
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{name} {joined}::{escape_data(text)}" if joined else f"::{name}::{escape_data(text)}"

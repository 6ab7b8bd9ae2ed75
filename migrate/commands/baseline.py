"""``--baseline FILE`` of ``report`` and ``scan``: which findings are new since a previous run.

FILE is a previous JSON output of the same command (``stripe2dodo.report/v2`` or ``v1``, or
``stripe2dodo.scan/v1``). Each finding has an identity that survives moving code around: its
rule code and JSON path, and the identity of the item it is on:

* a place in the code: the file (relative to the current folder), the callee, and for related
  code the rule and the webhook event; not the line or column (code moves), nor the source
  line (a reformat would make every finding on it new; the scan's JSON does not hold it);
* a Stripe catalog object: its Dodo kind and Stripe id;
* a session or payload: its source label (file, and line in a JSON Lines file).

Identities are counted, not just collected: a file with three calls to the same callee with
the same finding has that identity three times, and a fourth call is one new finding. A
catalog object that is blocked without a blocker finding (work left to a person) counts as
one blocker finding of its own (``blocked``). Only new findings count for the exit code.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Final, Literal

from migrate.errors import ConfigError
from migrate.findings import Level
from migrate.readers import limits
from migrate.report.model import BaselineSummary, Report
from migrate.report.spool import Spool

Command = Literal["report", "scan"]
Key = tuple[str, ...]
SCHEMAS: Final[dict[Command, tuple[str, ...]]] = {
    "report": ("stripe2dodo.report/v2", "stripe2dodo.report/v1"),
    "scan": ("stripe2dodo.scan/v1",),
}
"""The documents each command's baseline may be (the first is what the command writes)."""
BLOCKED: Final = "blocked"
"""The rule code of a blocked item's own finding (an item blocked without a blocker finding)."""


@dataclass(frozen=True)
class Baseline:
    """A baseline file read: its path and each finding identity with how often it occurs."""

    path: str
    keys: Counter[Key]


@dataclass(frozen=True)
class Compared:
    """This run's findings beside the baseline's: per level, how many are new and how many
    known; how many of the baseline's are gone; and whether each finding is new, in the
    order of :func:`scan_findings` / :func:`report_findings`."""

    file: str
    new: dict[str, int]
    known: dict[str, int]
    gone: int
    marks: tuple[bool, ...]

    def new_at_least(self, level: Level) -> bool:
        """Whether a new finding is at ``level`` or worse."""
        return any(self.new[lv.value] for lv in Level if lv.rank >= level.rank)

    def line(self) -> str:
        """One line for people: ``baseline FILE: N new (...), M known, K gone``."""
        n, m = sum(self.new.values()), sum(self.known.values())
        levels = ", ".join(f"{self.new[lv.value]} {lv.value}" for lv in reversed(Level))
        return f"baseline {self.file}: {n} new finding(s) ({levels}), {m} known, {self.gone} gone"

    def summary(self) -> BaselineSummary:
        return BaselineSummary(
            file=self.file, new=dict(self.new), known=dict(self.known), gone=self.gone
        )


# -- identities -------------------------------------------------------------------------------


def _file(path: str) -> str:
    """A file as the identity holds it: relative to the current folder when inside it, in
    POSIX form, without ``./`` or ``..`` detours."""
    candidate = Path(path)
    if candidate.is_absolute():
        with contextlib.suppress(ValueError):
            candidate = candidate.relative_to(Path.cwd())
    return PurePosixPath(os.path.normpath(candidate).replace(os.sep, "/")).as_posix()


def _findings(item: Mapping[str, Any], where: Key) -> Iterator[tuple[Key, str]]:
    for finding in item.get("findings") or ():
        yield (*where, str(finding["code"]), str(finding.get("path") or "")), str(finding["level"])


def scan_findings(doc: Mapping[str, Any]) -> list[tuple[Key, str]]:
    """``(identity, level)`` of every finding of a scan's JSON document, in document order."""
    out: list[tuple[Key, str]] = []
    for site in doc["sites"]:
        where = (
            "code",
            _file(str(site["file"])),
            str(site["callee"]),
            str(site.get("rule") or ""),
            str(site.get("event") or ""),
        )
        out.extend(_findings(site, where))
    return out


def report_findings(doc: Mapping[str, Any]) -> list[tuple[Key, str]]:
    """``(identity, level)`` of every finding of a report's JSON document, in document order
    (catalog, sessions, code, configuration, subscribers: a v1 report has none), each blocked
    item without a blocker finding once more."""
    out: list[tuple[Key, str]] = []
    sections: list[tuple[str, Sequence[Any]]] = [
        ("catalog", doc["catalog"]),
        ("session", doc["sessions"]),
        ("code", doc["code"]),
        ("config", doc.get("config") or []),
        ("subscriber", (doc.get("subscribers") or {}).get("items") or []),
    ]
    for section, items in sections:
        for item in items:
            if section == "catalog":
                where: Key = (section, str(item["kind"]), str(item["stripe_id"]))
            elif section == "session":
                where = (section, str(item["source"]))
            elif section == "config":
                where = (section, _file(str(item["file"])), str(item["key"]))
            elif section == "subscriber":
                where = (section, str(item["stripe_id"]))
            else:
                where = (section, _file(str(item["file"])), str(item["callee"]))
            found = list(_findings(item, where))
            out.extend(found)
            if item.get("outcome") == "blocked" and all(lv != "blocker" for _, lv in found):
                out.append(((*where, BLOCKED, ""), "blocker"))
    return out


# -- reading and comparing --------------------------------------------------------------------


def load(path: str, command: Command) -> Baseline:
    """Read a baseline: a previous ``--format json`` output of ``command``. A file that is
    missing, not JSON or another document is one ``ConfigError`` line (exit 2)."""
    make = f"make it with `stripe2dodo {command} ... --format json -o {path}`"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such baseline file", hint=make) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{path}: cannot read the baseline ({reason})", hint=make) from None
    try:
        doc = limits.decode(text)
    except (json.JSONDecodeError, limits.LimitError) as exc:
        where = f"line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise ConfigError(f"{path}: the baseline is not JSON ({where})", hint=make) from None
    schemas = SCHEMAS[command]
    if not isinstance(doc, dict) or doc.get("schema") not in schemas:
        raise ConfigError(
            f"{path}: not a `stripe2dodo {command} --format json` output (no schema "
            f"{' or '.join(schemas)})",
            hint=make,
        )
    try:
        found = scan_findings(doc) if command == "scan" else report_findings(doc)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"{path}: a damaged {command} output ({type(exc).__name__}: {exc})", hint=make
        ) from None
    return Baseline(path, Counter(key for key, _ in found))


def compare(found: Iterable[tuple[Key, str]], baseline: Baseline) -> Compared:
    """Each finding of this run is known while the baseline still has one of its identity
    left, else new; what the baseline has left is gone."""
    left = Counter(baseline.keys)
    new = {lv.value: 0 for lv in Level}
    known = {lv.value: 0 for lv in Level}
    marks: list[bool] = []
    for key, level in found:
        if left[key] > 0:
            left[key] -= 1
            known[level] += 1
            marks.append(False)
        else:
            new[level] += 1
            marks.append(True)
    return Compared(baseline.path, new, known, sum(left.values()), tuple(marks))


# -- marking the output -----------------------------------------------------------------------


def mark_scan(doc: dict[str, Any], compared: Compared) -> dict[str, Any]:
    """A scan's JSON document with ``new`` on each finding and the ``baseline`` summary."""
    marks = iter(compared.marks)
    for site in doc["sites"]:
        for finding in site.get("findings") or ():
            finding["new"] = next(marks)
    doc["baseline"] = compared.summary().model_dump(mode="json")
    return doc


def mark_report(report: Report, compared: Compared) -> Report:
    """The report with ``new`` on each finding and the ``baseline`` summary."""
    marks = iter(compared.marks)

    def marked(item: Any) -> Any:
        findings = [f.model_copy(update={"new": next(marks)}) for f in item.findings]
        if item.outcome == "blocked" and all(f.level != "blocker" for f in item.findings):
            next(marks)  # the item's own ``blocked`` finding: counted, not shown as one
        return item.model_copy(update={"findings": findings})

    def each(items: Sequence[Any]) -> Sequence[Any]:
        if isinstance(items, Spool):  # a big report stays on disk
            return items.map(marked)
        return [marked(item) for item in items]

    return report.model_copy(
        update={
            "catalog": each(report.catalog),
            "sessions": each(report.sessions),
            "code": each(report.code),
            "config": each(report.config),
            "subscribers": report.subscribers.model_copy(
                update={"items": each(report.subscribers.items)}
            ),
            "baseline": compared.summary(),
        }
    )

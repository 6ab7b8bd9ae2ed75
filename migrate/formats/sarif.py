"""``--format sarif`` of ``scan`` and ``report`` (its code part): SARIF 2.1.0 for CI.

SARIF (``render_sarif``) is what GitHub code scanning, GitLab, Azure DevOps and the editors'
SARIF viewers read. There is one result per finding per site; the rule descriptors come from
the mapping table (``mappings/*.yaml``), one for each rule code that has a result (GitHub shows
a rule's descriptions and help beside each alert, and the full table holds some 270 rules about
catalogs and customers that a scan never reports). Each result carries a partial fingerprint
built from the rule, the file, the normalised source line and an occurrence index, not the
line number, so moving code around does not open new alerts.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from migrate.findings import Finding, Level
from migrate.formats.base import Format, Model, OutputFormat
from migrate.mapping.expr import json_view
from migrate.mapping.table import Rule, load_table
from migrate.report.model import ReportResult
from migrate.scan.result import ScanResult, summary
from migrate.scan.site import CallSite, ScanStats

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION: Final = "2.1.0"
TOOL_NAME: Final = "stripe2dodo"
INFORMATION_URI: Final = "https://github.com/stripe2dodo/stripe2dodo"
SRCROOT: Final = "%SRCROOT%"
FINGERPRINT: Final = "stripe2dodo/v1"
"""The key of our partial fingerprint (GitHub computes its own ``primaryLocationLineHash``
beside it when the upload action can read the file)."""

SARIF_LEVEL: Final = {Level.INFO: "note", Level.WARNING: "warning", Level.BLOCKER: "error"}

_PLACEHOLDER: Final = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(\"'])")
_WORD: Final = re.compile(r"[^A-Za-z0-9]+")


def tool_version() -> str:
    """The installed distribution's version, else the package's own."""
    try:
        return importlib.metadata.version(TOOL_NAME)
    except importlib.metadata.PackageNotFoundError:
        from migrate import __version__

        return __version__


# -- SARIF ------------------------------------------------------------------------------------


class SarifFormat(OutputFormat):
    """A scan, or a report's code part, as a SARIF log (``FormatOptions.base``: the folder the
    file URIs are relative to)."""

    format = Format.SARIF

    def render(self, model: Model) -> str:
        match model:
            case ScanResult():
                return render_sarif(model.sites, model.stats, base=self.options.base)
            case ReportResult():
                scan = model.scan()
                return render_sarif(scan.sites, scan.stats, base=self.options.base)
            case _:
                return super().render(model)


def render_sarif(sites: Sequence[CallSite], stats: ScanStats, *, base: Path | None = None) -> str:
    """A SARIF 2.1.0 log of one run: a result per finding per site, file URIs relative to
    ``base`` (default: the working directory) under ``%SRCROOT%``."""
    root = root_of(base)
    table = load_table()
    codes = sorted({f.code for site in sites for f in site.findings})
    index = {code: i for i, code in enumerate(codes)}
    seen: dict[tuple[str, ...], int] = {}
    results = []
    for site in sites:
        uri, relative = artifact_uri(site.file, root)
        artifact = {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}
        for finding in site.findings:
            key = (finding.code, uri, _normalised(site.source_line), finding.path)
            seen[key] = seen.get(key, 0) + 1
            fingerprint = _fingerprint(key, seen[key])
            results.append(
                _result(
                    site, finding, index[finding.code], artifact=artifact, fingerprint=fingerprint
                )
            )
    notifications = [{"level": "error", "message": {"text": problem}} for problem in stats.problems]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "informationUri": INFORMATION_URI,
                "version": tool_version(),
                "rules": [rule_descriptor(code, table.by_code.get(code), sites) for code in codes],
            }
        },
        "invocations": [
            {
                "executionSuccessful": not stats.problems,
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"summary": summary(sites, stats)},
    }
    doc = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"


def rule_descriptor(code: str, rule: Rule | None, sites: Sequence[CallSite] = ()) -> dict[str, Any]:
    """A SARIF ``reportingDescriptor`` for a rule of the mapping table. A code missing from
    the table gets the level of its first finding and no descriptions."""
    if rule is None:
        level = next((f.level for s in sites for f in s.findings if f.code == code), Level.WARNING)
        return {"id": code, "defaultConfiguration": {"level": SARIF_LEVEL[level]}}
    why = neutral(rule.why)
    advice = neutral(rule.suggestion)
    if not _has_words(advice):  # e.g. "{advice}": worded per finding
        advice = why
    level = rule.finding_level or Level.WARNING
    tags = list(dict.fromkeys(t for t in ("stripe-migration", rule.kind, rule.area) if t))
    return {
        "id": rule.code,
        "name": camel_case(rule.name),
        "shortDescription": {"text": first_sentence(neutral(rule.summary))},
        "fullDescription": {"text": why},
        "help": {"text": advice},
        "defaultConfiguration": {"level": SARIF_LEVEL[level]},
        "properties": {"tags": tags},
    }


def _result(
    site: CallSite,
    finding: Finding,
    rule_index: int,
    *,
    artifact: dict[str, str],
    fingerprint: str,
) -> dict[str, Any]:
    region = {
        "startLine": site.line,
        "startColumn": site.column,
        "endLine": site.end_line,
        "endColumn": site.end_column,
    }
    properties: dict[str, Any] = {"site_kind": site.kind, "callee": site.callee}
    if finding.path:
        properties["stripe_path"] = finding.path
    if site.event is not None:
        properties["event"] = site.event
    if site.translation is not None:
        properties["status"] = site.status
        if site.translation.dodo is not None:
            properties["dodo_body"] = json_view(site.translation.dodo)
        if site.dynamic:
            properties["dynamic"] = [d.as_dict() for d in site.dynamic]
    if site.suggestion:
        properties["suggestion"] = site.suggestion
    if finding.suggestion and finding.suggestion != site.suggestion:
        properties["advice"] = finding.suggestion
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[finding.level],
        "message": {"text": message(site, finding)},
        "locations": [{"physicalLocation": {"artifactLocation": dict(artifact), "region": region}}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": properties,
    }


def message(site: CallSite, finding: Finding) -> str:
    """A finding's message; at a creation call, followed by the status of its translation."""
    text = finding.message or finding.code
    if site.kind == "create":
        text += f" (Checkout Session creation; Dodo translation: {site.status})"
    return text


def _fingerprint(key: tuple[str, ...], occurrence: int) -> str:
    data = "\0".join((*key, str(occurrence))).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:32]


def _normalised(line: str) -> str:
    return " ".join(line.split())


# -- wording from the mapping table -----------------------------------------------------------


def neutral(template: str) -> str:
    """A rule template with its ``{placeholders}`` shown as ``<placeholders>`` and doubled
    braces as single ones, as the text reads when nothing is filled in."""

    def repl(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return f"<{m.group(1)}>"
        return m.group(0)[0]

    return _PLACEHOLDER.sub(repl, template)


def _has_words(text: str) -> bool:
    return bool(re.sub(r"<[A-Za-z_][A-Za-z0-9_]*>", "", text).strip(" .,:;"))


def first_sentence(text: str) -> str:
    """Up to the first full stop (or ! or ?) followed by a space and a capital letter."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def camel_case(name: str) -> str:
    """``session-read`` -> ``SessionRead``."""
    return "".join(part[:1].upper() + part[1:] for part in _WORD.split(name) if part)


# -- paths ------------------------------------------------------------------------------------


def _absolute(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))


def root_of(base: Path | None) -> Path:
    """The folder paths are shown relative to: ``base``, else the working directory."""
    return _absolute(base if base is not None else Path.cwd())


def relative_path(file: str, base: Path) -> str | None:
    """``file`` relative to ``base`` in POSIX form, or None when it is outside ``base``."""
    path, root = _absolute(Path(file)), _absolute(base)
    for candidate, top in ((path, root), (path.resolve(), root.resolve())):
        try:
            return candidate.relative_to(top).as_posix()
        except ValueError:
            continue
    return None


def artifact_uri(file: str, base: Path) -> tuple[str, bool]:
    """``(uri, relative)``: a percent-encoded relative URI reference when ``file`` is under
    ``base``, else an absolute ``file:`` URI."""
    rel = relative_path(file, base)
    if rel is not None:  # the name's bytes, percent-encoded (a name need not be UTF-8)
        return quote(os.fsencode(rel), safe="/"), True
    return _absolute(Path(file)).as_uri(), False

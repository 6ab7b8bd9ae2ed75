"""``--format text``, for people: the report (``terminal.py``: rich tables), a scan grouped by
file, each translation with its body and findings, and the list of rules."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any, Final

from migrate.display import format_amount, per_interval, shown_line, shown_path
from migrate.findings import Level
from migrate.formats.base import Format, Model, OutputFormat, Writer
from migrate.formats.translation import Summary, dumps
from migrate.mapping.cart import kind_text
from migrate.mapping.expr import json_view
from migrate.mapping.table import RuleTable

if TYPE_CHECKING:
    from migrate.mapping.cart import Translation
    from migrate.scan.site import CallSite, ScanStats

_MARK: Final = {Level.INFO: "info", Level.WARNING: "WARN", Level.BLOCKER: "BLOCK"}


class TextFormat(OutputFormat):
    """``FormatOptions.verbose``: info findings too (scan, translate); ``details``: every item
    of the report, not only totals; ``width``: the report's table width."""

    format = Format.TEXT
    for_people = True

    def render(self, model: Model) -> str:
        from migrate.formats.terminal import render_terminal  # not loaded to stream translations
        from migrate.report.model import ReportResult
        from migrate.scan.result import ScanResult

        match model:
            case ReportResult():
                o = self.options
                return render_terminal(model.report, details=o.details, width=o.width)
            case ScanResult():
                return render_scan(model.sites, model.stats, verbose=self.options.verbose)
            case RuleTable():
                return render_rules(model)

    def write(self, model: Model, out: Writer) -> None:
        from migrate.formats.terminal import render_terminal
        from migrate.report.model import ReportResult

        if isinstance(model, ReportResult):
            o = self.options
            render_terminal(model.report, details=o.details, width=o.width, file=out)
        else:
            out.write(self.render(model))

    def start(self) -> str:
        return ""

    def item(self, result: Translation) -> str:
        return render_translation(result, verbose=self.options.verbose)

    def end(self, summary: Summary) -> str:
        lv = summary.levels
        return (
            f"{summary.items} item(s): {summary.translated} translated, {summary.skipped} skipped, "
            f"{summary.errors} unreadable; findings: {lv['blocker']} blocker, "
            f"{lv['warning']} warning, "
            f"{lv['info']} info\n"
        )


# -- scan -------------------------------------------------------------------------------------


def render_scan(sites: Sequence[CallSite], stats: ScanStats, *, verbose: bool = False) -> str:
    """Each file's sites, then the problems and a summary line."""
    from migrate.scan.result import summary

    out: list[str] = []
    for file, group in groupby(sites, key=lambda s: s.file):
        out.append(f"== {shown_path(file)}")
        for site in group:
            out.extend(_site_text(site, verbose=verbose))
        out.append("")
    for problem in stats.problems:
        out.append(f"problem: {problem}")
    s = summary(sites, stats)
    lv = s["findings"]
    config = f", {s['config']} configuration value(s)" if s["config"] else ""
    via = (
        f" ({s['via_wrappers']} of them calls of the project's wrappers)"
        if s["via_wrappers"]
        else ""
    )
    out.append(
        f"{s['creates']} checkout creation(s){via}, {s['calls']} call(s) around checkout and "
        f"{s['related']} related site(s){config} in "
        f"{stats.parsed} of {stats.files} file(s); "
        f"{s['dynamic']} dynamic value(s); findings: {lv['blocker']} blocker, "
        f"{lv['warning']} warning, {lv['info']} info"
    )
    return "\n".join(out) + "\n"


def _indent(text: str, pad: str) -> list[str]:
    return [pad + line for line in text.splitlines()]


def _site_text(site: CallSite, *, verbose: bool) -> list[str]:
    t = site.translation
    arrow = site.verdict if t is not None else f"{site.rule} (related)"
    if site.via is not None:
        arrow += f" (via wrapper {site.via})"
    if site.wrapper is not None:  # both: an overload calling another (a wrapper itself)
        arrow += f" (a wrapper: {site.wrapper})"
    source = shown_line(site.source_line, site.column)
    lines = [f"{site.line}:{site.column}  {source}", f"   {site.callee} -> {arrow}"]
    if t is not None and t.request is not None:
        lines.append(f"   dodo call: {t.request[0]} {t.request[1]} ({kind_text(t.kind)})")
    for d in site.dynamic:
        where = d.path or "(params)"
        lines.append(f"   [dyn] {where}: computed at run time: {d.source}")
    for f in site.findings:
        if f.level is Level.INFO and not verbose and site.kind == "create":
            continue
        where = f" at {f.path}" if f.path else ""
        lines.append(f"   [{_MARK[f.level]}] {f.code}{where}: {f.message}")
    for req in t.requires if t is not None else ():
        lines.append(f"   requires {req.get('kind')}: {req.get('id')}")
    if site.suggestion:
        lines.append("   suggested:")
        lines.extend(_indent(site.suggestion, "     "))
    return lines


# -- translate --------------------------------------------------------------------------------


def render_translation(result: Translation, *, verbose: bool = False) -> str:
    """One translation: its status, the Dodo call and body, what it requires, its findings."""
    label = result.source.label()
    if result.status == "skipped" and not verbose:
        reason = result.findings[0].message if result.findings else "not a checkout payload"
        return f"== {label}: skipped: {reason}\n"
    lines = [f"== {label}: {result.status}"]
    if result.error:
        lines.append(f"   error: {result.error}")
    if result.request is not None:
        method, path = result.request
        lines.append(f"   dodo call: {method} {path} ({kind_text(result.kind)})")
    if result.dodo is not None:
        body = dumps(json_view(result.dodo), indent=2).replace("\n", "\n   ")
        lines.append(f"   dodo body: {body}")
    if result.fallback is not None:
        body = dumps(json_view(result.fallback), indent=2).replace("\n", "\n   ")
        lines.append(f"   fallback (no saved method): {body}")
    for req in result.requires:
        lines.append(f"   requires {req.get('kind')}: {req['id']} ({_req_text(req)})")
    if result.money is not None and result.money.get("status") not in (None, "none"):
        lines.append(f"   money: {result.money['status']}")
    for f in result.findings:
        if f.level is Level.INFO and not verbose:
            continue
        where = f" at {f.path}" if f.path else ""
        lines.append(f"   [{_MARK[f.level]}] {f.code}{where}: {f.message}")
        if f.suggestion and f.level is not Level.INFO:
            lines.append(f"          -> {f.suggestion}")
    hidden = sum(1 for f in result.findings if f.level is Level.INFO)
    if hidden and not verbose:
        lines.append(f"   ({hidden} info finding(s); --verbose shows them)")
    return "\n".join(lines) + "\n\n"


def _req_text(req: dict[str, Any]) -> str:
    product = req.get("product")
    if isinstance(product, dict):
        price = product.get("price", {})
        amount, currency = price.get("price"), price.get("currency")
        if isinstance(amount, int) and isinstance(currency, str):
            money = format_amount(amount, currency)  # major units, as people read money
        else:
            money = f"{amount} {currency}"
        every = price.get("payment_frequency_interval")
        count = price.get("payment_frequency_count")
        when = per_interval(str(every), count if isinstance(count, int) else 1) if every else ""
        return f"{product.get('name')}, {money}{when or ' one-time'}"
    stripe = next(
        (req[k] for k in ("stripe", "stripe_id", "stripe_customer", "stripe_item") if req.get(k)),
        None,
    )
    return f"from {stripe}"


# -- rules ------------------------------------------------------------------------------------


def render_rules(table: RuleTable) -> str:
    """One line per rule: code, kind, finding level, Stripe field, name."""
    row = "{:6} {:8} {:8} {:45} {}"
    lines = [row.format("CODE", "KIND", "LEVEL", "STRIPE FIELD", "NAME").rstrip()]
    for rule in table:
        level = rule.finding_level.value if rule.finding_level else "-"
        lines.append(row.format(rule.code, rule.kind, level, rule.stripe or "", rule.name))
    return "\n".join(lines) + "\n"
